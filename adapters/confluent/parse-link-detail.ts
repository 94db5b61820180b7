/**
 * Validates the bodies of a link's detail calls (`spec/link-detail-and-mirrors.openapi.yaml`) and
 * turns them into the monitor's model. Pure. Like the listing's parser, only what the monitor
 * relies on is enforced, enums are kept as sent, and every list is bounded: a hostile or broken
 * server cannot make the poller hold more than a known amount.
 */
import type { LinkTask, LinkTaskError, MirrorTopicState } from '../../core/model/link-model.js';
import * as z from '../../core/zod-mini.js';
import { InvalidLinksResponseError } from './confluent-errors.js';
import type { PageContext } from './parse-links-page.js';

/** Most tasks read from one link (Confluent has four kinds today). */
export const MAX_TASKS = 50;
/** Most errors read per task or per mirror topic. */
export const MAX_ERRORS = 20;
/** Most partitions' lags read per mirror topic. */
export const MAX_LAGS = 10_000;
/** Longest error message kept, in characters. */
export const MAX_ERROR_MESSAGE_CHARS = 1_000;

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
  /** Per partition, bounded by `MAX_LAGS`. */
  readonly lags: readonly { readonly partition: number; readonly lag: number }[];
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

function errorsOf(raw: readonly z.infer<typeof taskError>[] | null | undefined): LinkTaskError[] {
  return (raw ?? []).slice(0, MAX_ERRORS).map((e) => ({
    errorCode: e.error_code,
    errorMessage: (e.error_message ?? '').slice(0, MAX_ERROR_MESSAGE_CHARS),
  }));
}

/** `NO_ERROR`, `NOT_SET`, empty and absent all mean the topic reports no error. */
function topicError(raw: string | null | undefined): string | null {
  return raw === undefined || raw === null || raw === '' || raw === 'NO_ERROR' || raw === 'NOT_SET'
    ? null
    : raw;
}

/**
 * The tasks of `GET .../links/{link_name}?include_tasks=true`, sorted by name.
 *
 * @throws InvalidLinksResponseError naming the first problem
 */
export function parseLinkDetail(body: unknown, context: PageContext): LinkTask[] {
  const parsed = detailSchema.safeParse(body);
  if (!parsed.success) fail(context, issueText(parsed.error.issues, '(body)'));
  const tasks = parsed.data.tasks ?? [];
  if (tasks.length > MAX_TASKS) fail(context, `more than ${MAX_TASKS} tasks`);
  return tasks
    .map((t) => ({ taskName: t.task_name, state: t.state, errors: errorsOf(t.errors) }))
    .sort((a, b) => (a.taskName < b.taskName ? -1 : a.taskName > b.taskName ? 1 : 0));
}

/** One mirror topic (`KafkaMirrorData`), from a list item or a describe call. */
export function parseMirrorTopic(item: unknown, context: PageContext, where = '(body)'): MirrorTopicReading {
  const parsed = mirrorSchema.safeParse(item);
  if (!parsed.success) fail(context, issueText(parsed.error.issues, where));
  const raw = parsed.data;
  const lags = raw.mirror_lags ?? [];
  if (lags.length > MAX_LAGS) fail(context, `${where}.mirror_lags: more than ${MAX_LAGS} partitions`);
  return {
    linkName: raw.link_name ?? null,
    topicName: raw.mirror_topic_name,
    status: raw.mirror_status,
    error: topicError(raw.mirror_topic_error),
    stateTimeMs: raw.state_time_ms ?? null,
    transitionErrors: errorsOf(raw.mirror_state_transition_errors),
    lags: lags.map((l) => ({ partition: l.partition, lag: l.lag })),
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
