/**
 * Scenario files (`scenarios/*.yaml`, format in `docs/scenarios.md`): the
 * clusters a simulator starts with and a timeline of steps, each step a set of
 * link changes and cluster faults. Parsed once into a frozen, typed object;
 * errors name the file and the bad field.
 */
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import parseDuration from 'parse-duration';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { CLUSTER_FAULT_KINDS, type ClusterFault } from './cluster-faults.js';
import type { LinkInit, LinkPatch } from './simulated-link.js';
import { SIMULATED_LINK_CONFIG_NAMES } from './simulated-link-configs.js';

/** The scenario the demo and `link-monitor simulate` play when given none. */
export const DEFAULT_SCENARIO_PATH = fileURLToPath(new URL('../../scenarios/default.yaml', import.meta.url));

export interface ScenarioCluster {
  readonly clusterId: string;
  /** Human name, used as the monitor's cluster label. */
  readonly label: string;
  readonly links: readonly LinkInit[];
  /** Generated links added after the explicit ones. */
  readonly generate: { readonly count: number; readonly prefix: string } | null;
}

/** What one step does to one cluster, applied in this order: remove, add, recreate, set, fault. */
export interface ClusterStepChange {
  readonly remove: readonly string[];
  readonly add: readonly LinkInit[];
  readonly recreate: readonly string[];
  /** Patches by link name; `*` patches every link of the cluster. */
  readonly set: Readonly<Record<string, LinkPatch>>;
  /** `null` clears a fault; undefined leaves it as it is. */
  readonly fault?: ClusterFault | null;
}

/**
 * A silence someone adds before the step's polls (the demo runs `link-monitor silence add` with
 * these flags against its store); the simulator itself ignores it.
 */
export interface ScenarioSilence {
  /** Cluster ids or labels; empty matches every cluster. */
  readonly clusters: readonly string[];
  /** A link-name glob, or null for every link. */
  readonly link: string | null;
  /** As written (`30m`), so that the command shown reads as typed. */
  readonly for: string;
  readonly reason: string;
  readonly by: string;
}

/**
 * A maintenance window of the demo's config that opens when the step begins (every day at that
 * time, UTC), so that it is open whatever the day and hour the demo runs; the simulator ignores it.
 */
export interface ScenarioWindow {
  readonly name: string;
  /** How long it stays open, in ms. */
  readonly durationMs: number;
  readonly clusters: readonly string[];
  readonly linkName: string | null;
  readonly reason: string;
}

export interface ScenarioStep {
  readonly title: string;
  /** What an operator should expect from this step; printed by the demo. */
  readonly expect: string | null;
  /** Simulated time between the previous step and this one, in ms. */
  readonly afterMs: number;
  /** Polls run while the scenario stays at this step. */
  readonly polls: number;
  readonly changes: Readonly<Record<string, ClusterStepChange>>;
  /** Added before the step's polls (demo only). */
  readonly silence: ScenarioSilence | null;
  /** Opens with the step (demo only). */
  readonly maintenanceWindow: ScenarioWindow | null;
}

export interface Scenario {
  readonly name: string;
  readonly description: string | null;
  /** Simulated time between polls within one step, in ms. */
  readonly pollIntervalMs: number;
  readonly clusters: readonly ScenarioCluster[];
  readonly steps: readonly ScenarioStep[];
}

/** A scenario file that cannot be read or is not valid; names the file and the field. */
export class ScenarioFileError extends Error {
  override readonly name = 'ScenarioFileError';
  readonly source: string;
  readonly field: string | null;

  constructor(source: string, problem: string, field: string | null = null) {
    super(`Scenario ${source}: ${field === null ? '' : `${field}: `}${problem}`);
    this.source = source;
    this.field = field;
  }
}

const duration = z.union([z.string(), z.number()]).transform((value, ctx) => {
  const ms = typeof value === 'number' ? value * 1000 : parseDuration(value);
  if (ms === null || ms === undefined || !Number.isFinite(ms) || ms < 0) {
    ctx.addIssue({
      code: 'custom',
      message: `not a duration: ${JSON.stringify(value)} (try 5m, 4h10m, 30s)`,
    });
    return z.NEVER;
  }
  return ms;
});

const nullableText = z.string().nullable().optional();

/** A million messages a second per partition is far beyond any link: a larger rate is a typo. */
const MAX_RATE = 1_000_000;
const rate = z
  .number({ error: 'must be a number of messages per second per partition' })
  .min(0, 'must be 0 or more messages per second per partition (a fetchRate of 0 is a stall)')
  .max(MAX_RATE, `must be at most ${MAX_RATE} messages per second per partition`);

/** `{ code, message }`, or null to clear it. */
function scriptedError<Code extends z.ZodType>(code: Code) {
  return z
    .object({ code, message: z.string({ error: 'must be the error message, a text' }).min(1) })
    .strict()
    .nullable()
    .optional();
}

/**
 * A text standing for `{ [key]: text }` (`FAILED` for `{ status: FAILED }`), unfolded before the
 * object is checked so that an error names the field inside it rather than the whole entry.
 */
function orShorthand<T extends z.ZodType>(key: string, schema: T) {
  return z.preprocess(
    (value) => (typeof value === 'string' && value !== '' ? { [key]: value } : value),
    schema,
  );
}

/** A mirror topic: its status alone (`FAILED`), or any of its fields. */
const mirrorTopic = orShorthand(
  'status',
  z
    .object({
      status: z.string().min(1).optional(),
      error: nullableText,
      message: nullableText,
      lag: z.int({ error: 'must be a whole number of messages' }).min(0).optional(),
      produceRate: rate.optional(),
      fetchRate: rate.optional(),
      transitionError: scriptedError(
        z.string({ error: 'must be the error code, a text such as UNKNOWN_TOPIC_OR_PARTITION' }).min(1),
      ),
      dryRunError: scriptedError(
        z
          .int({ error: 'must be the error_code a dry run answers, a whole number such as 400' })
          .min(1)
          .max(99_999),
      ),
    })
    .strict(),
);

const KNOWN_CONFIGS = new Set(SIMULATED_LINK_CONFIG_NAMES);
/** Link configs by name; YAML numbers and booleans are taken as Confluent's text (`false` is "false"). */
const configs = z
  .record(
    z.string(),
    z
      .union([z.string(), z.number(), z.boolean()], {
        error: 'must be a value (text, number or boolean) or null',
      })
      .transform(String)
      .nullable(),
  )
  .superRefine((record, ctx) => {
    for (const name of Object.keys(record)) {
      if (!KNOWN_CONFIGS.has(name))
        ctx.addIssue({
          code: 'custom',
          path: [name],
          message: `not a config of a simulated link (known: ${SIMULATED_LINK_CONFIG_NAMES.join(', ')})`,
        });
    }
  })
  .optional();

/** A task: its state alone (`IN_ERROR`), or state, error code and message. */
const task = orShorthand(
  'state',
  z.object({ state: z.string().min(1), error: nullableText, message: nullableText }).strict(),
);

const mirrors = z.record(z.string().min(1), mirrorTopic).optional();
const tasks = z.record(z.string().min(1), task).optional();

const linkInit = z
  .object({
    name: z.string().min(1),
    topics: z.array(z.string()).optional(),
    state: nullableText,
    error: nullableText,
    message: nullableText,
    source: z.string().min(1).optional(),
    mirrors,
    tasks,
    configs,
  })
  .strict();

/** A patch: the link's state alone (`PAUSED`), or any of its fields. */
const linkPatch = orShorthand(
  'state',
  z
    .object({
      state: nullableText,
      error: nullableText,
      message: nullableText,
      topics: z.array(z.string()).optional(),
      source: z.string().min(1).optional(),
      mirrors,
      tasks,
      configs,
    })
    .strict(),
);

const faultKind = z.enum(CLUSTER_FAULT_KINDS as [string, ...string[]]);
const fault = z.union([
  z.literal('none').transform(() => null),
  z.null(),
  faultKind.transform((kind) => ({ kind })),
  z
    .object({
      kind: faultKind,
      status: z.int().min(500).max(599).optional(),
      times: z.int().min(1).optional(),
      fromPage: z.int().min(0).optional(),
    })
    .strict(),
]);

const clusterChange = z
  .object({
    remove: z.array(z.string()).default([]),
    add: z.array(linkInit).default([]),
    recreate: z.array(z.string()).default([]),
    set: z.record(z.string(), linkPatch).default({}),
    fault: fault.optional(),
  })
  .strict();

const clusterList = z
  .union([z.string().min(1), z.array(z.string().min(1)).min(1)])
  .transform((value) => (typeof value === 'string' ? [value] : value));

const stepSilence = z
  .object({
    cluster: clusterList.optional(),
    link: z.string().min(1).optional(),
    for: z.string().min(1),
    reason: z.string().min(1),
    by: z.string().min(1).default('ops@example.com'),
  })
  .strict()
  .refine((s) => s.cluster !== undefined || s.link !== undefined, 'needs cluster or link')
  .superRefine((s, ctx) => {
    if (duration.safeParse(s.for).success) return;
    ctx.addIssue({ code: 'custom', path: ['for'], message: `not a duration: ${JSON.stringify(s.for)}` });
  });

const stepWindow = z
  .object({
    name: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, 'letters, digits, dot, dash, underscore'),
    for: duration,
    cluster: clusterList.optional(),
    link: z.string().min(1).optional(),
    reason: z.string().min(1),
  })
  .strict();

const scenarioSchema = z
  .object({
    name: z.string().min(1),
    description: z.string().optional(),
    pollInterval: duration.default(60_000),
    clusters: z
      .array(
        z
          .object({
            id: z.string().regex(/^[A-Za-z0-9._-]+$/, 'letters, digits, dot, dash, underscore only'),
            label: z.string().min(1).optional(),
            links: z.array(linkInit).default([]),
            generate: z
              .object({ count: z.int().min(1).max(100_000), prefix: z.string().min(1).default('link') })
              .strict()
              .optional(),
          })
          .strict(),
      )
      .min(1),
    steps: z
      .array(
        z
          .object({
            title: z.string().min(1),
            expect: z.string().optional(),
            after: duration.default(0),
            polls: z.int().min(1).max(1000).default(1),
            changes: z.record(z.string(), clusterChange).default({}),
            silence: stepSilence.optional(),
            maintenanceWindow: stepWindow.optional(),
          })
          .strict(),
      )
      .min(1),
  })
  .strict();

function toLinkInit(raw: z.infer<typeof linkInit>): LinkInit {
  return {
    linkName: raw.name,
    ...(raw.topics === undefined ? {} : { topicNames: raw.topics }),
    ...(raw.state === undefined ? {} : { linkState: raw.state }),
    ...(raw.error === undefined ? {} : { linkError: normaliseError(raw.error) }),
    ...(raw.message === undefined ? {} : { linkErrorMessage: raw.message }),
    ...(raw.source === undefined ? {} : { sourceClusterId: raw.source }),
    ...(raw.mirrors === undefined ? {} : { mirrorTopics: raw.mirrors }),
    ...(raw.tasks === undefined ? {} : { tasks: raw.tasks }),
    ...(raw.configs === undefined ? {} : { configs: setConfigs(raw.configs) }),
  };
}

/** A link starts with every config at its default: null there means just that. */
function setConfigs(configs: Readonly<Record<string, string | null>>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(configs).filter((entry): entry is [string, string] => entry[1] !== null),
  );
}

function toLinkPatch(raw: Record<string, unknown>): LinkPatch {
  const patch: { -readonly [K in keyof LinkPatch]: LinkPatch[K] } = {};
  if (raw.state !== undefined) patch.linkState = raw.state as string | null;
  if (raw.error !== undefined) patch.linkError = normaliseError(raw.error as string | null);
  if (raw.message !== undefined) patch.linkErrorMessage = raw.message as string | null;
  if (raw.topics !== undefined) patch.topicNames = raw.topics as string[];
  if (raw.source !== undefined) patch.sourceClusterId = raw.source as string;
  if (raw.mirrors !== undefined) patch.mirrorTopics = raw.mirrors as LinkPatch['mirrorTopics'];
  if (raw.tasks !== undefined) patch.tasks = raw.tasks as LinkPatch['tasks'];
  if (raw.configs !== undefined) patch.configs = raw.configs as LinkPatch['configs'];
  return patch;
}

/** `NO_ERROR` in a file means what the simulator sends for no error. */
function normaliseError(error: string | null): string | null {
  return error === 'NO_ERROR' ? null : error;
}

function fieldOf(path: readonly PropertyKey[]): string {
  return path
    .map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? String(p) : `.${String(p)}`))
    .join('');
}

/**
 * Validates a scenario held as text (YAML or JSON).
 *
 * @param text - the file's content
 * @param source - where it came from, for error messages
 * @throws ScenarioFileError naming the first bad field, or a step naming an unknown cluster or link
 */
export function parseScenario(text: string, source: string): Scenario {
  let raw: unknown;
  try {
    raw = parseYaml(text);
  } catch (error) {
    throw new ScenarioFileError(source, `not valid YAML (${error instanceof Error ? error.message : error})`);
  }
  const parsed = scenarioSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ScenarioFileError(source, issue?.message ?? 'invalid', fieldOf(issue?.path ?? []));
  }
  const data = parsed.data;
  const clusters: ScenarioCluster[] = data.clusters.map((c) => ({
    clusterId: c.id,
    label: c.label ?? c.id,
    links: c.links.map(toLinkInit),
    generate: c.generate ?? null,
  }));
  const steps: ScenarioStep[] = data.steps.map((s) => ({
    title: s.title,
    expect: s.expect ?? null,
    afterMs: s.after,
    polls: s.polls,
    changes: Object.fromEntries(
      Object.entries(s.changes).map(([clusterId, c]) => [
        clusterId,
        {
          remove: c.remove,
          add: c.add.map(toLinkInit),
          recreate: c.recreate,
          set: Object.fromEntries(Object.entries(c.set).map(([name, p]) => [name, toLinkPatch(p)])),
          ...(c.fault === undefined ? {} : { fault: c.fault as ClusterFault | null }),
        },
      ]),
    ),
    silence:
      s.silence === undefined
        ? null
        : {
            clusters: s.silence.cluster ?? [],
            link: s.silence.link ?? null,
            for: s.silence.for,
            reason: s.silence.reason,
            by: s.silence.by,
          },
    maintenanceWindow:
      s.maintenanceWindow === undefined
        ? null
        : {
            name: s.maintenanceWindow.name,
            durationMs: s.maintenanceWindow.for,
            clusters: s.maintenanceWindow.cluster ?? [],
            linkName: s.maintenanceWindow.link ?? null,
            reason: s.maintenanceWindow.reason,
          },
  }));
  checkReferences(source, clusters, steps);
  return deepFreeze({
    name: data.name,
    description: data.description ?? null,
    pollIntervalMs: data.pollInterval,
    clusters,
    steps,
  });
}

/** A step that names a cluster or link that cannot exist at that point is a typo; say so before running. */
function checkReferences(
  source: string,
  clusters: readonly ScenarioCluster[],
  steps: readonly ScenarioStep[],
): void {
  const ids = new Set<string>();
  const names = new Map<string, Set<string>>();
  for (const c of clusters) {
    if (ids.has(c.clusterId))
      throw new ScenarioFileError(source, `duplicate cluster id ${c.clusterId}`, 'clusters');
    ids.add(c.clusterId);
    const set = new Set(c.links.map((l) => l.linkName));
    // Generated names are not tracked one by one: steps may address them only through '*'.
    names.set(c.clusterId, set);
  }
  steps.forEach((step, i) => {
    for (const [clusterId, change] of Object.entries(step.changes)) {
      const field = `steps[${i}].changes.${clusterId}`;
      const links = names.get(clusterId);
      if (links === undefined) throw new ScenarioFileError(source, 'no such cluster in `clusters`', field);
      const generated = clusters.find((c) => c.clusterId === clusterId)?.generate !== null;
      const known = (name: string) => generated || links.has(name);
      for (const name of change.remove) {
        if (!known(name)) throw new ScenarioFileError(source, `no link ${name} to remove`, `${field}.remove`);
        links.delete(name);
      }
      for (const link of change.add) links.add(link.linkName);
      for (const name of change.recreate) {
        if (!known(name))
          throw new ScenarioFileError(source, `no link ${name} to recreate`, `${field}.recreate`);
      }
      for (const name of Object.keys(change.set)) {
        if (name !== '*' && !known(name))
          throw new ScenarioFileError(source, `no link ${name}`, `${field}.set`);
      }
    }
  });
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

/**
 * Reads and validates a scenario file.
 *
 * @throws ScenarioFileError when the file is missing, unreadable or invalid
 */
export async function loadScenarioFile(path: string = DEFAULT_SCENARIO_PATH): Promise<Scenario> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new ScenarioFileError(
      path,
      code === 'ENOENT' ? 'file not found' : `cannot read (${code ?? error})`,
    );
  }
  return parseScenario(text, path);
}
