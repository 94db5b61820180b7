/**
 * Validates the bodies of a link's detail calls (`spec/link-detail-and-mirrors.openapi.yaml`) and
 * turns them into the monitor's model. Pure. Like the listing's parser, only what the monitor
 * relies on is enforced, enums are kept as sent, and everything is bounded with the listing's own
 * functions (`core/model/bounds.ts`): a hostile or broken server cannot make the poller hold, store
 * or send more than a known amount, nor a name that compares unequal to the listing's.
 */
import { boundIdentifier, boundMirrorTopic, boundTasks } from '../../core/model/bounds.js';
import type { LinkTask, LinkTaskError, MirrorTopicState } from '../../core/model/link-model.js';
import * as z from '../../core/zod-mini.js';
import { InvalidLinksResponseError } from './confluent-errors.js';
import type { PageContext } from './parse-links-page.js';

/** Most partitions' lags read per mirror topic. */
export const MAX_LAGS = 10_000;

const taskError = z.object({ error_code: z.string(), error_message: z.nullish(z.string()) });

const detailSchema = z.object({
  link_name: z.string(),
  tasks: z.nullish(
    z.array(
      z.object({
        task_name: z.string(),
        state: z.string(),
        errors: z.nullish(z.array(taskError)),
      }),
    ),
  ),
});

const lagSchema = z.object({
  partition: z.int(),
  lag: z.number(),
  last_source_fetch_offset: z.nullish(z.number()),
});

const mirrorSchema = z.object({
  link_name: z.nullish(z.string()),
  mirror_topic_name: z.string().check(z.minLength(1)),
  mirror_status: z.string(),
  mirror_topic_error: z.nullish(z.string()),
  state_time_ms: z.nullish(z.number()),
  mirror_lags: z.nullish(z.array(lagSchema)),
  mirror_state_transition_errors: z.nullish(z.array(taskError)),
});

const mirrorsPageSchema = z.object({
  metadata: z.object({ next: z.nullish(z.string()) }),
  data: z.array(z.unknown()),
});

/** A mirror topic with the link it belongs to and its partition lags (for lag thresholds). */
export interface MirrorTopicReading extends MirrorTopicState {
  readonly linkName: string | null;
  /**
   * Per partition, bounded by `MAX_LAGS`; `fetchOffset` is `last_source_fetch_offset`, null when
   * not sent. Numbers are as sent: the core checks them where it uses them.
   */
  readonly lags: readonly {
    readonly partition: number;
    readonly lag: number;
    readonly fetchOffset: number | null;
  }[];
}

export interface MirrorTopicsPage {
  readonly topics: readonly MirrorTopicReading[];
  readonly next: string | null;
}

function fail(context: PageContext, problem: string): never {
  throw new InvalidLinksResponseError({ clusterId: context.clusterId, path: context.path, problem });
}

function issueText(issues: readonly z.core.$ZodIssue[], prefix: string): string {
  const first = issues[0];
  if (first === undefined) return `${prefix}: invalid`;
  const where = [prefix, ...first.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`))].join(
    '',
  );
  return `${where}: ${first.message}`;
}

/** Bounded with the rest of the task or topic (`boundTasks`, `boundMirrorTopic`). */
function errorsOf(raw: readonly z.infer<typeof taskError>[] | null | undefined): LinkTaskError[] {
  return (raw ?? []).map((e) => ({ errorCode: e.error_code, errorMessage: e.error_message ?? '' }));
}

/** `NO_ERROR`, `NOT_SET`, empty and absent all mean the topic reports no error. */
function topicError(raw: string | null | undefined): string | null {
  return raw === undefined || raw === null || raw === '' || raw === 'NO_ERROR' || raw === 'NOT_SET'
    ? null
    : raw;
}

/**
 * The tasks of `GET .../links/{link_name}?include_tasks=true`, sorted by name and bounded as the
 * listing's are (the first `BOUNDS.tasks` of them).
 *
 * @throws InvalidLinksResponseError naming the first problem
 */
export function parseLinkDetail(body: unknown, context: PageContext): LinkTask[] {
  const parsed = detailSchema.safeParse(body);
  if (!parsed.success) fail(context, issueText(parsed.error.issues, '(body)'));
  const tasks = (parsed.data.tasks ?? [])
    .map((t) => ({ taskName: t.task_name, state: t.state, errors: errorsOf(t.errors) }))
    .sort((a, b) => (a.taskName < b.taskName ? -1 : a.taskName > b.taskName ? 1 : 0));
  return boundTasks(tasks);
}

/** One mirror topic (`KafkaMirrorData`), from a list item or a describe call. */
export function parseMirrorTopic(item: unknown, context: PageContext, where = '(body)'): MirrorTopicReading {
  const parsed = mirrorSchema.safeParse(item);
  if (!parsed.success) fail(context, issueText(parsed.error.issues, where));
  const raw = parsed.data;
  const lags = raw.mirror_lags ?? [];
  if (lags.length > MAX_LAGS) fail(context, `${where}.mirror_lags: more than ${MAX_LAGS} partitions`);
  const topic: MirrorTopicState = {
    topicName: raw.mirror_topic_name,
    status: raw.mirror_status,
    error: topicError(raw.mirror_topic_error),
    stateTimeMs: raw.state_time_ms ?? null,
    transitionErrors: errorsOf(raw.mirror_state_transition_errors),
  };
  return {
    // Bounded as the listing bounds link names, so that lags are matched to their link.
    linkName: raw.link_name == null ? null : boundIdentifier(raw.link_name),
    ...boundMirrorTopic(topic),
    lags: lags.map((l) => ({
      partition: l.partition,
      lag: l.lag,
      fetchOffset: l.last_source_fetch_offset ?? null,
    })),
  };
}

/**
 * One page of `GET .../links/{link_name}/mirrors` or `GET .../links/-/mirrors`.
 *
 * @param maxTopics - most topics accepted on one page
 * @throws InvalidLinksResponseError naming the first problem
 */
export function parseMirrorTopicsPage(
  body: unknown,
  context: PageContext,
  maxTopics: number,
): MirrorTopicsPage {
  const page = mirrorsPageSchema.safeParse(body);
  if (!page.success) fail(context, issueText(page.error.issues, '(body)'));
  if (page.data.data.length > maxTopics) fail(context, `more than ${maxTopics} mirror topics on one page`);
  const topics = page.data.data.map((item, index) => parseMirrorTopic(item, context, `data[${index}]`));
  const next = page.data.metadata.next;
  return { topics, next: next === undefined || next === null || next === '' ? null : next };
}
