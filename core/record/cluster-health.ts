import { silenceAfter, silenceFor, subjectOf } from '../control/silence.js';
import { boundReason } from '../model/bounds.js';
import type { HistoryEvent } from '../model/change-events.js';
import type { Severity } from '../model/link-model.js';
import type { ClusterCommit, ClusterRecord } from '../ports.js';
import { SILENCE_ENDED } from './link-notices.js';
import { eventId, historyEvent, type RecordContext } from './record-context.js';

/**
 * The cluster record after a listing failed: one more consecutive failure, and a single
 * CLUSTER_UNREACHABLE event once the failures reach the threshold (not one per poll).
 */
export function commitForFailedListing(
  record: ClusterRecord | null,
  reason: string,
  unreachableAfterPolls: number,
  context: RecordContext,
): ClusterCommit {
  const observedAt = context.now.toISOString();
  const version = (record?.version ?? 0) + 1;
  const consecutiveFailures = (record?.consecutiveFailures ?? 0) + 1;
  const failingSince = record?.failingSince ?? observedAt;
  const announce = consecutiveFailures >= unreachableAfterPolls && !(record?.unreachableNotified ?? false);
  let events: HistoryEvent[] = [];
  let silencedBy: string | null = null;
  if (announce) {
    const event = clusterEvent(context, version, 'CLUSTER_UNREACHABLE', 'critical', failingSince, reason);
    events = [event];
    silencedBy = event.silencedBy ?? null;
  } else if (record?.unreachableNotified === true && (record.silencedBy ?? null) !== null) {
    ({ events, silencedBy } = silenceCheck(record, reason, version, context));
  }
  return {
    clusterId: context.clusterId,
    expectedVersion: record?.version ?? null,
    next: {
      clusterId: context.clusterId,
      clusterLabel: context.clusterLabel,
      version,
      baselineAt: record?.baselineAt ?? null,
      consecutiveFailures,
      failingSince,
      lastError: reason,
      unreachableNotified: (record?.unreachableNotified ?? false) || announce,
      ...(silencedBy !== null && { silencedBy }),
    },
    events,
  };
}

/** Clusters a not-reached cluster's reason names; the rest are counted. */
const NAMED_AHEAD = 3;

/**
 * Why a poll did not reach a cluster. `ahead` are the clusters (labels, in the order they started)
 * that still held the poll's slots when no cluster could start any more: listings that hang hold
 * theirs until the listing deadline.
 */
export function notReachedReason(ahead: readonly string[]): string {
  if (ahead.length === 0)
    return "not reached within the poll's time: too little of it was left when the cluster's turn came";
  const named = ahead.slice(0, NAMED_AHEAD).join(', ');
  const more = ahead.length > NAMED_AHEAD ? ` and ${ahead.length - NAMED_AHEAD} more` : '';
  const clusters = ahead.length === 1 ? '1 cluster' : `${ahead.length} clusters`;
  return `not reached within the poll's time: ${clusters} ahead of it held the poll's slots until too little time was left to start it (${named}${more})`;
}

/**
 * The cluster record after a poll whose time ran out before the cluster's turn: counted as a
 * failed listing, so that a cluster left out poll after poll is announced unreachable like one
 * that cannot be listed, the clusters it waited behind named in the reason.
 */
export function commitForNotReached(
  record: ClusterRecord | null,
  ahead: readonly string[],
  unreachableAfterPolls: number,
  context: RecordContext,
): ClusterCommit {
  return commitForFailedListing(record, boundReason(notReachedReason(ahead)), unreachableAfterPolls, context);
}

/**
 * A cluster still unreachable whose CLUSTER_UNREACHABLE was silenced: nothing while a silence
 * covers it; once none does, one CLUSTER_UNREACHABLE that says it was silenced, as a link's
 * end-of-silence notice does.
 */
function silenceCheck(
  record: ClusterRecord,
  reason: string,
  version: number,
  context: RecordContext,
): { events: HistoryEvent[]; silencedBy: string | null } {
  const prior = record.silencedBy as string;
  const subject = {
    clusterId: context.clusterId,
    clusterLabel: context.clusterLabel,
    linkName: null,
    type: 'CLUSTER_UNREACHABLE' as const,
    severity: 'critical' as const,
  };
  const after = silenceAfter(prior, subject, context.silences ?? [], context.now, context.silencesKnown);
  if (after.kind === 'kept') return { events: [], silencedBy: after.id };
  const notice = historyEvent(context, {
    eventId: eventId(context.clusterId, null, context.now.toISOString(), version, 0),
    linkName: null,
    link: null,
    type: 'CLUSTER_UNREACHABLE',
    severity: 'critical',
    from: null,
    to: null,
    topicsAdded: [],
    topicsRemoved: [],
    previousSince: record.failingSince,
    detail: `${reason} (${SILENCE_ENDED} ${prior})`,
    notification: 'PENDING',
  });
  return { events: [notice], silencedBy: null };
}

/**
 * The cluster record after a complete listing: the baseline on the first one, a reset (and one
 * CLUSTER_RECOVERED if unreachability was announced) after failures, and null in the steady
 * state, where nothing needs writing.
 */
export function commitForSuccessfulListing(
  record: ClusterRecord | null,
  context: RecordContext,
): ClusterCommit | null {
  const healthyAndBaselined =
    record !== null && record.baselineAt !== null && record.consecutiveFailures === 0;
  if (healthyAndBaselined && record.clusterLabel === context.clusterLabel) return null;

  const observedAt = context.now.toISOString();
  const version = (record?.version ?? 0) + 1;
  const events =
    record?.unreachableNotified === true
      ? [
          clusterEvent(
            context,
            version,
            'CLUSTER_RECOVERED',
            'resolved',
            record.failingSince,
            record.lastError,
            // Whoever was spared the outage is spared its end, as for a link; whoever heard it
            // begin hears it end, even under a silence that began later.
            record.silencedBy ?? null,
            (record.silencedBy ?? null) === null,
          ),
        ]
      : [];
  return {
    clusterId: context.clusterId,
    expectedVersion: record?.version ?? null,
    next: {
      clusterId: context.clusterId,
      clusterLabel: context.clusterLabel,
      version,
      baselineAt: record?.baselineAt ?? observedAt,
      consecutiveFailures: 0,
      failingSince: null,
      lastError: null,
      unreachableNotified: false,
    },
    events,
  };
}

/**
 * A cluster-level event: no link, notified unless a silence names its type explicitly (a
 * silence on links never hides that the cluster cannot be listed).
 */
function clusterEvent(
  context: RecordContext,
  version: number,
  type: 'CLUSTER_UNREACHABLE' | 'CLUSTER_RECOVERED',
  severity: Severity,
  previousSince: string | null,
  detail: string | null,
  priorSilence: string | null = null,
  endsHeardOutage = false,
): HistoryEvent {
  const event = historyEvent(context, {
    eventId: eventId(context.clusterId, null, context.now.toISOString(), version, 0),
    linkName: null,
    link: null,
    type,
    severity,
    from: null,
    to: null,
    topicsAdded: [],
    topicsRemoved: [],
    previousSince,
    detail,
    notification: 'PENDING',
  });
  const silence = endsHeardOutage
    ? null
    : (priorSilence ?? silenceFor(subjectOf(event), context.silences ?? [], context.now)?.id ?? null);
  return silence === null ? event : { ...event, notification: 'NOT_NOTIFIED', silencedBy: silence };
}
