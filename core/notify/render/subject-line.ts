/**
 * The SNS subject of a notification, fitted into 99 printable ASCII characters by giving up
 * what the message body repeats before what a reader needs from the subject alone. In order:
 * the cluster id when there is a label, a trailing duration (" for 4h 1m"), the findings after
 * the first, counted ("and 2 more"), then the first one's detail in brackets, the middle of a
 * long link name, the end of a long cluster label, then the cluster altogether; the severity,
 * the link name's ends and the change itself (states, and error codes when it is the only one)
 * stay. A cluster event keeps its cluster label whole and gives up its id, then the word
 * "cluster". Only a subject that still does not fit is cut at its end.
 */
import { SUBJECT_MAX_LENGTH, toAsciiLine } from './plain-text.js';

/** One thing a link's notification found, as its headline says it. */
export interface SubjectFinding {
  /** `task AclSync IN_ERROR (MISCONFIGURATION_ERROR)`. */
  readonly text: string;
  /** It stands for an unknown number of findings (a summary of parts): left out, it is `and more`. */
  readonly many?: boolean;
}

export interface SubjectParts {
  /** `[CRITICAL]`. */
  readonly tag: string;
  readonly clusterLabel: string;
  readonly clusterId: string;
  /** The link the notification is about, or null (a digest, a cluster event). */
  readonly linkName: string | null;
  /** What happened: `ACTIVE -> UNAVAILABLE (AUTHENTICATION_ERROR)`, `4 link changes`. */
  readonly summary: string;
  /**
   * The findings `summary` joins with `; ` when it is several, in order: a subject too long for
   * them all keeps the first ones whole and counts the others. Absent: the summary is one.
   */
  readonly findings?: readonly SubjectFinding[];
}

const ELLIPSIS = '...';
/** A link name is not cut shorter than this: both ends stay recognisable. */
const MIN_LINK_NAME = 17;
/** A cluster label is not cut shorter than this. */
const MIN_LABEL = 8;
/** A duration at the end of a summary, as `formatDuration` writes it: ` for 4h 1m`, ` after 25m unhealthy`. */
const TRAILING_DURATION = /( for| after)( \d+[dhms])+( unhealthy)?$/;

/** The subject, at most 99 printable ASCII characters. Pure. */
export function fitSubject(parts: SubjectParts, maxLength: number = SUBJECT_MAX_LENGTH): string {
  const ascii = (text: string) => toAsciiLine(text, Number.MAX_SAFE_INTEGER);
  const label = ascii(parts.clusterLabel);
  const id = ascii(parts.clusterId);
  const link = parts.linkName === null ? null : ascii(parts.linkName);
  const summary = ascii(parts.summary);
  const compose = (cluster: string | null, linkText: string | null, what: string): string =>
    [parts.tag, cluster === null ? null : `${cluster}:`, linkText === null ? null : `link ${linkText}`, what]
      .filter((part): part is string => part !== null && part !== '')
      .join(' ');
  const fits = (text: string) => text.length <= maxLength;

  const hasLabel = label !== '' && label !== id;
  const cluster = hasLabel ? label : id;
  const short = summary.replace(TRAILING_DURATION, '');
  const whole = [compose(hasLabel ? `${label} ${id}` : id, link, summary), compose(cluster, link, summary)];
  for (const candidate of whole) if (fits(candidate)) return candidate;

  // A cluster event is about the cluster: its label stays whole; the id (in the body) goes, then
  // the word "cluster" the label stands for, and only then is the text cut at its end.
  if (link === null) {
    const bare = compose(cluster, null, summary.replace(/^cluster /, ''));
    return toAsciiLine(fits(whole[1] as string) ? (whole[1] as string) : bare, maxLength);
  }

  if (fits(compose(cluster, link, short))) return compose(cluster, link, short);
  const what =
    fitFindings(parts.findings ?? [], ascii, (what) => fits(compose(cluster, link, what))) ?? short;

  // Still too long: cut the middle of the link name, then the end of the cluster label, then
  // leave the cluster to the body; each only as far as needed (a subject that fits keeps them).
  const cutLink = (cluster: string | null): string => {
    const excess = compose(cluster, link, what).length - maxLength;
    return middleCut(link, Math.max(MIN_LINK_NAME, link.length - excess));
  };
  let candidate = compose(cluster, cutLink(cluster), what);
  // A label of MIN_LABEL characters or fewer cannot get shorter: it is left out below instead.
  if (!fits(candidate)) {
    const keep = Math.max(MIN_LABEL, cluster.length - (candidate.length - maxLength));
    const cutCluster = `${cluster.slice(0, keep - ELLIPSIS.length)}${ELLIPSIS}`;
    candidate = compose(cutCluster, cutLink(cutCluster), what);
  }
  if (!fits(candidate)) candidate = compose(null, cutLink(null), what);
  return toAsciiLine(candidate, maxLength);
}

/** A detail in brackets at the end of a finding: ` (MISCONFIGURATION_ERROR)`. */
const TRAILING_DETAIL = / \([^()]*\)$/;

/**
 * The most findings, first ones first, that fit with the others counted (`..., X and 2 more`)
 * beside the cluster and the whole link name; failing that, the first alone without its detail
 * in brackets (an error code, said in the body), for the link name and the cluster to give way
 * to. Null for fewer than two findings: there is nothing to count, and a single finding keeps
 * its detail.
 */
function fitFindings(
  findings: readonly SubjectFinding[],
  ascii: (text: string) => string,
  fits: (what: string) => boolean,
): string | null {
  if (findings.length < 2) return null;
  const withMore = (kept: readonly string[]): string => {
    const left = findings.slice(kept.length);
    const more = left.some((f) => f.many === true) ? 'and more' : `and ${left.length} more`;
    return `${kept.join('; ')} ${more}`;
  };
  const texts = findings.map((f) => ascii(f.text));
  for (let kept = texts.length - 1; kept >= 1; kept -= 1) {
    const what = withMore(texts.slice(0, kept));
    if (fits(what)) return what;
  }
  return withMore([(texts[0] as string).replace(TRAILING_DETAIL, '')]);
}

/** `payments-fr...m-prod`: `length` characters, keeping both ends (the text itself when it fits). */
function middleCut(text: string, length: number): string {
  if (text.length <= length) return text;
  const room = length - ELLIPSIS.length;
  const head = Math.ceil(room / 2);
  return `${text.slice(0, head)}${ELLIPSIS}${text.slice(text.length - (room - head))}`;
}
