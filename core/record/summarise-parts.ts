/**
 * Makes one link's events of one poll fit the commit that records them. A link makes one event
 * per changed mirror topic, lag breach and task, and a commit carries at most
 * `MAX_EVENTS_PER_COMMIT`: the part events beyond that become summaries (PART_CHANGES_SUMMARISED)
 * with their counts by new condition and the first names. Pure.
 *
 * Summarised rather than split across commits: the snapshot moves in the one commit that records
 * the whole change, so a poll that stops half-way never leaves a link between two listings; the
 * change is told in one message with a bounded size; and a mass change (`mirror pause` on a
 * hundred topics) opens a bounded number of per-topic alerts instead of one for every topic.
 *
 * What keeps every alert closable: a part problem announced on its own (its PagerDuty alert is
 * keyed by the part) gets its end as an event of its own, since at most `MAX_ANNOUNCED_PARTS` are
 * announced so per link and all of their ends fit one commit. Part problems beyond that are told
 * in a summary, which announces them as one scope (`parts`, see `link-notices.ts`).
 */
import { countBy } from '../model/bounds.js';
import { type EventPart, type HistoryEvent, partProblemKey } from '../model/change-events.js';
import { mostSevere } from '../notify/plan-notifications.js';
import { isPartScope } from './link-notices.js';
import { MAX_EVENTS_PER_COMMIT } from './store-input.js';

/** Left free for the reminder or end-of-silence notice a poll may add after the changes. */
const NOTICE_ROOM = 1;
/** Events of the changes themselves, the link's own and the parts' together. */
export const MAX_CHANGE_EVENTS = MAX_EVENTS_PER_COMMIT - NOTICE_ROOM;

/**
 * Part problems announced one by one per link. Their ends must fit one commit next to the link's
 * own events (recreated, state, error, topics, counts: 5), a notice and the summaries (3), with
 * room for the few that reminders announce beyond it (a reminder names the worst part).
 */
export const MAX_ANNOUNCED_PARTS = 80;

/** Names a summary keeps: enough to start looking, few enough to read in a message. */
export const SUMMARY_NAMES = 20;
/** ...and at most this many characters of names in all. */
const SUMMARY_NAME_CHARS = 2_000;

/** What a link's events become in its commit. */
export interface FittedEvents {
  /**
   * The link's own events, then the part events kept one by one, in their order, then the
   * summaries; ids renumbered by position. The events given, unchanged, when they fit.
   */
  readonly events: readonly HistoryEvent[];
  /**
   * Announced part problems whose end went into a summary, so no longer announced. Only a snapshot
   * that announced more parts than `MAX_ANNOUNCED_PARTS` (written before the bound) leads here.
   */
  readonly endedInSummary: readonly string[];
}

type SummaryKind = 'news' | 'ends' | 'quiet';

/** A part event of the poll: its position among the link's events and the problem it is about. */
interface PartEvent {
  readonly event: HistoryEvent;
  readonly part: EventPart;
  readonly index: number;
  /** The problem's key, as the snapshot's `announced` holds it (`problemScope`). */
  readonly scope: string;
}

/**
 * The link's events of one poll as its commit carries them: as given when they fit and announce no
 * more than `MAX_ANNOUNCED_PARTS` parts; else the part events most worth their own event are kept
 * (ends and changes of announced problems, then notified problems worst first, then other notified
 * news, then what is only recorded) and the rest summarised: one summary each of what is notified
 * as news, what is notified as ends, and what is only recorded.
 *
 * @param events - the link's events, notification status and silences settled, in their order
 * @param heard - the snapshot's `announced` before this poll
 * @param eventIdAt - the id of the event at a position of the commit
 */
export function summariseParts(
  events: readonly HistoryEvent[],
  heard: readonly string[],
  eventIdAt: (index: number) => string,
): FittedEvents {
  const heardScopes = new Set(heard);
  const heardParts = heard.filter(isPartScope).length;
  const parts = events.flatMap((event, index): PartEvent[] => {
    const { part } = event;
    return part === undefined ? [] : [{ event, part, index, scope: partProblemKey(part, event.type) }];
  });
  const announcing = parts.filter((part) => announcesNew(part, heardScopes)).length;
  if (events.length <= MAX_CHANGE_EVENTS && heardParts + announcing <= MAX_ANNOUNCED_PARTS)
    return { events, endedInSummary: [] };

  const own = events.length - parts.length;
  // The sort is stable: parts of one rank keep the events' order.
  const ranked = [...parts].sort((a, b) => rank(a, heardScopes) - rank(b, heardScopes));
  // Each summary takes the room of one event: reserve as many as the events left out make. There
  // are at most three and the reserve only grows, so this settles within four rounds.
  let reserved = 0;
  for (;;) {
    const kept = choose(ranked, Math.max(0, MAX_CHANGE_EVENTS - own - reserved), heardParts, heardScopes);
    const left = parts.filter(({ index }) => !kept.has(index));
    const groups = summaryGroups(left);
    if (groups.length <= reserved) {
      const fitted = [
        ...events.filter((event, index) => event.part === undefined || kept.has(index)),
        ...groups.map(([kind, members]) => summaryOf(kind, members)),
      ].map((event, index) => ({ ...event, eventId: eventIdAt(index) }));
      const endedInSummary = left
        .filter(({ event, scope }) => event.severity === 'resolved' && heardScopes.has(scope))
        .map(({ scope }) => scope);
      return { events: fitted, endedInSummary };
    }
    reserved = groups.length;
  }
}

/** A notified problem of a part not announced yet: it would be announced on its own. */
function announcesNew({ event, scope }: PartEvent, heard: ReadonlySet<string>): boolean {
  return (
    event.notification === 'PENDING' &&
    (event.severity === 'critical' || event.severity === 'warning') &&
    !heard.has(scope)
  );
}

/** Lower goes first into the commit's room. */
function rank({ event, scope }: PartEvent, heard: ReadonlySet<string>): number {
  // Its alert was opened on its own: its end (or change) must reach it on its own too.
  if (heard.has(scope)) return 0;
  if (event.notification !== 'PENDING') return 4;
  if (event.severity === 'critical') return 1;
  if (event.severity === 'warning') return 2;
  return 3;
}

/** The indexes of the part events kept one by one, in rank order, within the room and the bound. */
function choose(
  ranked: readonly PartEvent[],
  room: number,
  heardParts: number,
  heard: ReadonlySet<string>,
): Set<number> {
  const kept = new Set<number>();
  let announced = heardParts;
  for (const part of ranked) {
    if (kept.size >= room) break;
    const announces = announcesNew(part, heard);
    if (announces && announced >= MAX_ANNOUNCED_PARTS) continue;
    kept.add(part.index);
    if (announces) announced += 1;
  }
  return kept;
}

/**
 * The events left out, by what their summary is: notified news, notified ends (apart, so that
 * the end of a problem is never told as part of a new one), and what is only recorded.
 */
function summaryGroups(left: readonly PartEvent[]): [SummaryKind, PartEvent[]][] {
  const kindOf = ({ event }: PartEvent): SummaryKind =>
    event.notification !== 'PENDING' ? 'quiet' : event.severity === 'resolved' ? 'ends' : 'news';
  const kinds: readonly SummaryKind[] = ['news', 'ends', 'quiet'];
  return kinds
    .map((kind): [SummaryKind, PartEvent[]] => [kind, left.filter((member) => kindOf(member) === kind)])
    .filter(([, members]) => members.length > 0);
}

function summaryOf(kind: SummaryKind, members: readonly PartEvent[]): HistoryEvent {
  const first = (members[0] as PartEvent).event;
  const silences = new Set(members.map(({ event }) => event.silencedBy ?? null));
  const [silencedBy] = silences;
  return {
    eventId: first.eventId,
    clusterId: first.clusterId,
    clusterLabel: first.clusterLabel,
    linkName: first.linkName,
    clusterLinkId: first.clusterLinkId,
    type: 'PART_CHANGES_SUMMARISED',
    // Ends are all resolved, which is then the most severe.
    severity: mostSevere(members.map(({ event }) => event.severity)),
    observedAt: first.observedAt,
    from: null,
    to: countsByCondition(members),
    topicsAdded: [],
    topicsRemoved: [],
    previousSince: null,
    link: first.link,
    detail: firstNames(members),
    notification: kind === 'quiet' ? 'NOT_NOTIFIED' : 'PENDING',
    // Only recorded for a reason: the silence, when one silence kept them all quiet.
    ...(silences.size === 1 && silencedBy != null && { silencedBy }),
    expiresAt: first.expiresAt,
  };
}

/** `PAUSED 97, task IN_ERROR 1`: how many parts are now in which condition, like `category_counts`. */
function countsByCondition(members: readonly PartEvent[]): string {
  const counts = countBy(members, conditionOf);
  // The default sort compares UTF-16 code units: the same order on every machine.
  return Object.keys(counts)
    .sort()
    .map((condition) => `${condition} ${counts[condition]}`)
    .join(', ');
}

/**
 * What a part event leaves the part in: its state and error, or where a condition of its own
 * stands (lag, progress, a transition, a sync).
 */
function conditionOf({ event, part }: PartEvent): string {
  const ended = event.severity === 'resolved';
  switch (event.type) {
    case 'MIRROR_LAG_HIGH':
      return ended ? 'lag under threshold' : 'lag over threshold';
    case 'MIRROR_TOPIC_STALLED':
      return ended ? 'fetching again' : 'stalled';
    case 'MIRROR_BEHIND_TARGET':
      return ended ? 'within target' : 'behind target';
    case 'MIRROR_TRANSITION_STUCK':
      return ended ? 'no longer stuck' : `stuck in ${part.state ?? 'a transition'}`;
    case 'LINK_CONFIG_CHANGED':
      return ended
        ? 'sync switched on'
        : event.severity === 'warning'
          ? 'sync switched off'
          : 'config changed';
    case 'LINK_SYNC_BROKEN':
      return ended ? 'sync no longer broken' : 'sync broken';
  }
  const state = part.state ?? (part.kind === 'mirror-topic' ? 'not listed' : 'not reported');
  const condition = part.errorCode === null ? state : `${state} ${part.errorCode}`;
  return part.kind === 'task' ? `task ${condition}` : condition;
}

/**
 * `orders, payments, task AclSync and 95 more`: the first names, in the events' order, each once;
 * mirror topics bare, as most parts are, other parts with their kind.
 */
function firstNames(members: readonly PartEvent[]): string {
  const nameOf = ({ part }: PartEvent): string =>
    part.kind === 'mirror-topic' ? part.name : `${part.kind} ${part.name}`;
  const names = [...new Set(members.map(nameOf))];
  const shown: string[] = [];
  let chars = 0;
  for (const name of names) {
    if (shown.length === SUMMARY_NAMES || chars + name.length > SUMMARY_NAME_CHARS) break;
    shown.push(name);
    chars += name.length;
  }
  const more = names.length - shown.length;
  return more > 0 ? `${shown.join(', ')} and ${more} more` : shown.join(', ');
}
