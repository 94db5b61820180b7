/**
 * Validates one page of `GET /kafka/v3/clusters/{cluster_id}/links` and turns
 * it into the monitor's `ClusterLink` model. Pure: no HTTP, no clock. Every
 * nullable or optional field of the REST shape is normalised here and nowhere
 * else.
 *
 * Only what the monitor relies on is enforced (`data`, `metadata.next`, the
 * three required link fields and the types of the optional ones); `kind`,
 * `metadata.self` and unknown properties are ignored, so a harmless addition
 * on Confluent's side never stops monitoring. Enum fields are extensible:
 * unknown values are kept verbatim.
 *
 * A page of the wrong shape is refused as a whole; one entry of the wrong shape
 * is refused alone (`refused`), so that one odd link never hides the others.
 */
import { BOUNDS, boundIdentifier, boundLink, boundReason, countBy } from '../../core/model/bounds.js';
import type {
  CategoryCount,
  ClusterLink,
  LinkTask,
  RefusedListingEntry,
} from '../../core/model/link-model.js';
import * as z from '../../core/zod-mini.js';
import { InvalidLinksResponseError } from './confluent-errors.js';

/** Where a page came from, for error messages. */
export interface PageContext {
  readonly clusterId: string;
  /** URL path of the page (no query). */
  readonly path: string;
}

export interface ParsedLinksPage {
  /** Normalised links of this page, in the order Confluent sent them, one per name. */
  readonly links: readonly ClusterLink[];
  /** Entries of this page the schema refused, and those whose name another entry gives too. */
  readonly refused: readonly RefusedListingEntry[];
  /** `metadata.next` verbatim (absolute or relative URL), or null on the last page. */
  readonly next: string | null;
}

const optionalString = z.nullish(z.string());

const taskSchema = z.object({
  task_name: z.string(),
  state: z.string(),
  // The spec requires `errors`; an absent list says no more than an empty one.
  errors: z.nullish(z.array(z.object({ error_code: z.string(), error_message: z.string() }))),
});

const linkSchema = z.object({
  // The key of a link in the store: an empty name could not be stored or told apart.
  link_name: z.string().check(z.minLength(1)),
  cluster_link_id: z.string(),
  topic_names: z.array(z.string()),
  link_state: optionalString,
  link_error: optionalString,
  link_error_message: optionalString,
  source_cluster_id: optionalString,
  destination_cluster_id: optionalString,
  remote_cluster_id: optionalString,
  tasks: z.nullish(z.array(taskSchema)),
  category_counts: z.nullish(z.array(z.object({ state_category: z.string(), count: z.int() }))),
});

const pageSchema = z.object({
  // Without metadata there is no telling whether more pages follow, so it is required.
  metadata: z.object({ next: optionalString }),
  data: z.array(z.unknown()),
});

type RawLink = z.infer<typeof linkSchema>;

/** Field-level problems read like `data[3].cluster_link_id: Required`. */
function describeIssue(issue: { code: string; input?: unknown; expected?: unknown }): string | undefined {
  if (issue.code !== 'invalid_type') return undefined;
  if (issue.input === undefined) return 'Required';
  return `expected ${String(issue.expected)}, got ${typeOf(issue.input)}`;
}

function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number' && !Number.isInteger(value)) return 'non-integer number';
  return typeof value;
}

function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out === '' ? String(key) : `.${String(key)}`;
  }
  return out === '' ? '(body)' : out;
}

function formatIssues(issues: readonly z.core.$ZodIssue[], prefix: readonly PropertyKey[]): string {
  const [first] = issues;
  if (first === undefined) return 'invalid';
  const text = `${formatPath([...prefix, ...first.path])}: ${first.message}`;
  return issues.length > 1 ? `${text} (and ${issues.length - 1} more problem(s))` : text;
}

function fail(context: PageContext, problem: string): never {
  throw new InvalidLinksResponseError({ clusterId: context.clusterId, path: context.path, problem });
}

/** Empty strings carry no information; treated like absent so that one test decides "no value". */
function nonEmpty(value: string | null | undefined): string | null {
  return value === undefined || value === null || value === '' ? null : value;
}

/** Code-unit order, not locale order, so the result never depends on the machine's locale. */
function byCodeUnit(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function normaliseTasks(tasks: RawLink['tasks']): LinkTask[] {
  return (tasks ?? [])
    .map((t) => ({
      taskName: t.task_name,
      state: t.state,
      errors: (t.errors ?? []).map((e) => ({ errorCode: e.error_code, errorMessage: e.error_message })),
    }))
    .sort((a, b) => byCodeUnit(a.taskName, b.taskName));
}

function normaliseCounts(counts: RawLink['category_counts']): CategoryCount[] {
  return (counts ?? [])
    .map((c) => ({ stateCategory: c.state_category, count: c.count }))
    .sort((a, b) => byCodeUnit(a.stateCategory, b.stateCategory));
}

/**
 * The one place where REST nullability becomes the model's: `NO_ERROR`, null,
 * absent and '' error all mean "no error"; absent lists are empty; topic names
 * are sorted and de-duplicated so that two listings compare by value. The
 * deprecated `link_id` is dropped. Every text is then bounded (`core/model/bounds.ts`): well-formed
 * Unicode, names and messages cut to the monitor's limits.
 */
export function normaliseLink(raw: RawLink): ClusterLink {
  const linkError = nonEmpty(raw.link_error);
  const link: ClusterLink = {
    linkName: raw.link_name,
    clusterLinkId: raw.cluster_link_id,
    linkState: nonEmpty(raw.link_state),
    linkError: linkError === 'NO_ERROR' ? null : linkError,
    linkErrorMessage: nonEmpty(raw.link_error_message),
    sourceClusterId: nonEmpty(raw.source_cluster_id),
    destinationClusterId: nonEmpty(raw.destination_cluster_id),
    remoteClusterId: nonEmpty(raw.remote_cluster_id),
    topicNames: raw.topic_names,
    tasks: normaliseTasks(raw.tasks),
    categoryCounts: normaliseCounts(raw.category_counts),
  };
  const bounded = boundLink(link);
  // Sorted and de-duplicated after bounding, so that names bounded alike count once.
  return { ...bounded, topicNames: [...new Set(bounded.topicNames)].sort(byCodeUnit) };
}

/**
 * Validates one decoded JSON page and normalises its links. An entry the schema refuses is set
 * aside with the link it names (when its `link_name` is a usable name) and what is wrong with it;
 * so are all the entries of a name given more than once, since which of them is the link cannot be
 * told.
 *
 * @param body - the page as parsed from JSON (any value)
 * @param context - cluster and page path, for the error message
 * @returns the page's links, its refused entries and its `metadata.next` (null when this is the last page)
 * @throws InvalidLinksResponseError naming the page and the problem when the page itself is of the
 *   wrong shape (e.g. `data: Required`), or when more than `BOUNDS.refusedEntries` of its entries
 *   are refused. Throws nothing else.
 */
export function parseLinksPage(body: unknown, context: PageContext): ParsedLinksPage {
  const options = { error: describeIssue };
  const page = pageSchema.safeParse(body, options);
  if (!page.success) fail(context, formatIssues(page.error.issues, []));

  const accepted: AcceptedEntry[] = [];
  const refused: RefusedListingEntry[] = [];
  for (const [index, item] of page.data.data.entries()) {
    const parsed = linkSchema.safeParse(item, options);
    if (parsed.success) {
      accepted.push({ link: normaliseLink(parsed.data), where: `data[${index}].link_name` });
      continue;
    }
    refused.push({
      linkName: usableNameOf(item),
      problem: boundReason(formatIssues(parsed.error.issues, ['data', index])),
    });
    // Checked as they come: a page of nothing but odd entries is not worth reading to its end.
    if (refused.length > BOUNDS.refusedEntries) failTooManyRefused(context, refused);
  }
  const kept = withoutSharedNames(accepted, refused);
  if (kept.refused.length > BOUNDS.refusedEntries) failTooManyRefused(context, kept.refused);
  return { ...kept, next: nonEmpty(page.data.metadata.next) };
}

/** An entry the schema accepted, with where it was, for the problem if it must be set aside. */
export interface AcceptedEntry {
  readonly link: ClusterLink;
  /** E.g. `data[3].link_name`, or the page it was on. */
  readonly where: string;
}

/**
 * Splits the accepted entries: a link whose name no other entry gives is kept; one whose name
 * another entry (accepted or refused) gives too joins the refused entries, since which of them is
 * the link cannot be told, and the link keeps its recorded state rather than one entry at random.
 */
export function withoutSharedNames(
  accepted: readonly AcceptedEntry[],
  refused: readonly RefusedListingEntry[],
): { links: ClusterLink[]; refused: RefusedListingEntry[] } {
  const names = [
    ...accepted.map((entry) => entry.link.linkName),
    ...refused.flatMap((entry) => (entry.linkName === null ? [] : [entry.linkName])),
  ];
  const entries = countBy(names, (name) => name);
  const links: ClusterLink[] = [];
  const setAside = [...refused];
  for (const { link, where } of accepted) {
    if ((entries[link.linkName] ?? 0) === 1) links.push(link);
    else
      setAside.push({
        linkName: link.linkName,
        problem: boundReason(
          `${where}: link name ${JSON.stringify(link.linkName)} is given by more than one entry`,
        ),
      });
  }
  return { links, refused: setAside };
}

/**
 * The link a refused entry stands for: its `link_name` when that is a non-empty string, bounded
 * as every name is; null when the entry gives none.
 */
function usableNameOf(item: unknown): string | null {
  if (typeof item !== 'object' || item === null || Array.isArray(item)) return null;
  const name = (item as { link_name?: unknown }).link_name;
  return typeof name === 'string' && name !== '' ? boundIdentifier(name) : null;
}

/** @throws InvalidLinksResponseError: a listing this odd is a server that changed, not an odd link. */
export function failTooManyRefused(context: PageContext, refused: readonly RefusedListingEntry[]): never {
  const first = refused[0]?.problem ?? 'invalid';
  fail(context, `more than ${BOUNDS.refusedEntries} entries refused; the first: ${first}`);
}

/**
 * Decodes the raw text of a 2xx body as JSON, saying plainly what arrived
 * instead when it is not JSON (empty, HTML, truncated).
 *
 * @throws InvalidLinksResponseError
 */
export function decodeJsonBody(text: string, contentType: string | null, context: PageContext): unknown {
  const trimmed = text.trim();
  if (trimmed === '') fail(context, 'empty body where a JSON links page was expected');
  if (trimmed.startsWith('<')) {
    fail(context, `HTML where JSON was expected (content-type ${contentType ?? 'absent'})`);
  }
  try {
    return JSON.parse(trimmed);
  } catch (error) {
    // The parser's own message quotes the body, which is not ours to repeat; say only what kind of failure it was.
    const truncated = error instanceof Error && /end of JSON input|Unterminated/i.test(error.message);
    const reason = truncated ? 'the JSON ends early (truncated?)' : 'malformed JSON';
    fail(context, `body is not valid JSON (content-type ${contentType ?? 'absent'}): ${reason}`);
  }
}
