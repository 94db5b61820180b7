/**
 * The severity of the problem an event is about. Routing uses it so that news of a problem
 * reaches exactly those who were told of it, and silences match on it. Pure.
 * - Most events: their own severity.
 * - A recovery (`resolved`) is about the condition that ended: it carries that condition's severity.
 * - A link going to a milder condition (FAILED -> PAUSED) is news about the worse one: it carries
 *   the severity it leaves, so a `minSeverity: critical` receiver, told of the FAILED link, hears
 *   that it is no longer failed (and PagerDuty resolves the incident) instead of nothing at all.
 */
import type { EventType } from '../change-events.js';
import { conditionSeverity, type Severity } from '../link-model.js';

/** What is needed of an event (history event or notification-document change). */
export interface SeverityFacts {
  readonly type: EventType | string;
  readonly severity: Severity;
  /** For a state change the previous `link_state`, for an error change the previous `link_error`. */
  readonly from: string | null;
}

export function problemSeverity(event: SeverityFacts): Severity {
  if (event.severity !== 'resolved') {
    const left =
      event.type === 'LINK_STATE_CHANGED'
        ? conditionSeverity({ linkState: event.from, linkError: null })
        : null;
    return left === 'critical' && event.severity !== 'critical' ? 'critical' : event.severity;
  }
  switch (event.type) {
    case 'CLUSTER_RECOVERED':
      return 'critical';
    case 'LINK_ERROR_CHANGED':
      return event.from === null ? 'warning' : 'critical';
    case 'LINK_STATE_CHANGED':
      // A state with an error at the same time is rated by its error change, in the same poll.
      return conditionSeverity({ linkState: event.from, linkError: null }) ?? 'warning';
    default:
      return 'warning';
  }
}
