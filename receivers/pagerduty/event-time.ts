/**
 * The time an event is ordered by against the other events of its alert: when what it reports was
 * observed, as epoch ms. Events are compared by it, not by when they arrive, because a retried
 * invocation can deliver an old event after a newer one. Pure.
 */
import type { AlertEvent } from './pagerduty-events.js';

/**
 * `event.observedAt` as epoch ms; `receivedAt` when it is not a time (the document schema only
 * says it is a string): such an event is ordered as if observed on arrival, so it is still sent.
 */
export function eventTime(event: Pick<AlertEvent, 'observedAt'>, receivedAt: number): number {
  const at = Date.parse(event.observedAt);
  return Number.isNaN(at) ? receivedAt : at;
}
