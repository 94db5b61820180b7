/**
 * The invariants the fault suite checks after every case (`test/support/invariants.ts`), by name,
 * with the sentence the reliability report (`reliability-report.ts`) prints for each: one list
 * that the suite and the report share.
 */

export type InvariantName =
  | 'history-exactly-once'
  | 'history-matches-timeline'
  | 'no-phantom-removal'
  | 'published-at-least-once'
  | 'published-exactly-once-unless-failed'
  | 'failures-contained'
  | 'nothing-pending-after-recovery';

export const INVARIANT_DESCRIPTIONS: Readonly<Record<InvariantName, string>> = {
  'history-exactly-once':
    'every recorded transition appears once: events of a link chain without duplicates or gaps',
  'history-matches-timeline':
    'history holds every transition a complete poll saw (all of them in strict cases) and none that did not happen',
  'no-phantom-removal': 'LINK_REMOVED only when the link was really absent from its cluster',
  'published-at-least-once': 'every event to notify was published at least once; nothing else was published',
  'published-exactly-once-unless-failed':
    'an event was published more than once only after a failed publish (or a publish whose success could not be recorded)',
  'failures-contained': 'every cluster without an injected fault completed its poll',
  'nothing-pending-after-recovery':
    'after clean polls: no pending event, clusters healthy, snapshots equal to the truth, unreachable/recovered balanced',
};
