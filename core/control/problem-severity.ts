/**
 * The severity of the problem an event is about. For most events that is its own
 * severity; a recovery (`resolved`) is about the condition that ended, so it
 * carries that condition's severity. Routing uses it so that a recovery reaches
 * exactly those who were told of the problem, and silences match on it. Pure.
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
  if (event.severity !== 'resolved') return event.severity;
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
