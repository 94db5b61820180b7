/**
 * The severity of the problem an event is about. Routing uses it so that news of a problem
 * reaches exactly those who were told of it, and silences match on it. Pure.
 * - Most events: their own severity.
 * - A recovery (`resolved`) is about the condition that ended: it carries that condition's severity.
 * - A link or mirror topic going to a milder condition (FAILED -> PAUSED) is news about the worse
 *   one: it carries the severity it leaves, so a `minSeverity: critical` receiver, told of the
 *   FAILED link, hears that it is no longer failed (and PagerDuty resolves the incident) instead
 *   of nothing at all. Likewise a link removed while unhealthy carries its last condition's.
 */
import type { EventType } from '../model/change-events.js';
import { conditionSeverity, type Severity } from '../model/link-model.js';
import { topicSeverity } from '../model/link-parts.js';

/** What is needed of an event (history event or notification-document change). */
export interface SeverityFacts {
  readonly type: EventType | string;
  readonly severity: Severity;
  /** Before: the previous `link_state`, `link_error`, `mirror_status` or mirror topic error, by type. */
  readonly from: string | null;
  /** The link as last seen; what a removed link's problem was. */
  readonly link?: { readonly linkState: string | null; readonly linkError: string | null } | null;
}

/** The severity of the condition the event leaves behind; null when it leaves none. */
function severityLeft(event: SeverityFacts): Severity | null {
  switch (event.type) {
    case 'CLUSTER_RECOVERED':
      return 'critical';
    case 'LINK_STATE_CHANGED':
      // A state with an error at the same time is rated by its error change, in the same poll.
      return conditionSeverity({ linkState: event.from, linkError: null });
    case 'LINK_ERROR_CHANGED':
    case 'MIRROR_TOPIC_ERROR_CHANGED':
      return event.from === null ? null : 'critical';
    case 'MIRROR_TOPIC_STATE_CHANGED':
      return event.from === null ? null : topicSeverity({ status: event.from, error: null });
    case 'LINK_REMOVED':
      return event.link == null ? null : conditionSeverity(event.link);
    case 'MIRROR_TOPIC_STALLED':
    case 'MIRROR_TRANSITION_STUCK':
      // Opened as critical: their end must reach whoever was paged.
      return event.severity === 'resolved' ? 'critical' : null;
    case 'PART_CHANGES_SUMMARISED':
      // The ends of many part problems told as one: it does not say how bad the worst was, so it
      // goes to everyone who may have heard of any of them.
      return event.severity === 'resolved' ? 'critical' : null;
    default:
      return null;
  }
}

export function problemSeverity(event: SeverityFacts): Severity {
  const left = severityLeft(event);
  if (event.severity === 'resolved') return left === 'critical' ? 'critical' : 'warning';
  // Leaving a critical condition (or removing a link in one) is news to those told of it.
  if (left === 'critical') return 'critical';
  if (left === 'warning' && event.type === 'LINK_REMOVED') return 'warning';
  return event.severity;
}

/**
 * The severities of the problems an event ends or turns into another: the condition it leaves,
 * and for a recovery the one that ended. A link going from PAUSED (a warning) to FAILED ends the
 * warning that warning receivers heard of; routing on these as well as on `problemSeverity` lets
 * whoever heard a problem begin hear it end, whatever it became in between.
 */
export function endedSeverities(event: SeverityFacts): Severity[] {
  const ended = new Set<Severity>();
  const left = severityLeft(event);
  if (left !== null) ended.add(left);
  if (event.severity === 'resolved') ended.add(problemSeverity(event));
  return [...ended];
}
