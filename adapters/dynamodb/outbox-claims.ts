/**
 * The history table's outbox: events waiting to be published, claimed by one poll at a time and
 * marked once sent. The sparse `pending` index holds exactly the waiting events; each state change
 * is a conditional UpdateItem on the event itself, which is what decides between two polls.
 */
import {
  ConditionalCheckFailedException,
  UpdateItemCommand,
  type UpdateItemCommandOutput,
} from '@aws-sdk/client-dynamodb';
import pLimit from 'p-limit';
import type { HistoryEvent, Quarantine } from '../../core/model/change-events.js';
import { claimTimes } from '../../core/record/store-input.js';
import { type DynamoDbCalls, historyIndex, storeFailure } from './dynamodb-calls.js';
import {
  decodeHistoryEvent,
  type Item,
  PUBLISH_ATTEMPTS_ATTRIBUTE,
  QUARANTINE_REASON_ATTRIBUTE,
  QUARANTINED_AT_ATTRIBUTE,
  quarantineIndexKey,
} from './dynamodb-item-codec.js';
import { type MarkerReading, markedSum, type OutboxMarker } from './outbox-marker.js';
import { HISTORY_INDEX, HISTORY_TABLE } from './table-design.js';

/**
 * How long after a claim read the marker's `seq` the outbox index is taken to show every event
 * marked up to it. DynamoDB copies a write to a global secondary index within a fraction of a
 * second in normal operation; five seconds leave room for a slow copy and for the claim's own
 * latency (its time is taken before it reads `seq`), and are still shorter than the gap between
 * two polls' claims, so waiting for it costs one outbox read in the next poll, not more.
 */
export const INDEX_CATCH_UP_MS = 5_000;

type Keyed = Pick<HistoryEvent, 'clusterId' | 'eventId'>;

const SENT = { S: 'SENT' };
const PENDING = { S: 'PENDING' };
const NOT_NOTIFIED = { S: 'NOT_NOTIFIED' };
/** Claim attributes of an event being published (see `claimPendingEvents`); not part of HistoryEvent. */
const CLAIMED_BY = 'claimedBy';
const CLAIMED_UNTIL = 'claimedUntil';

interface ConditionalUpdate {
  readonly UpdateExpression: string;
  readonly ConditionExpression: string;
  readonly ExpressionAttributeNames: Record<string, string>;
  readonly values: (event: Keyed) => Item;
}

/** What a claimant's last claim of a cluster saw, for `outboxDrained`. */
interface ClaimSeen {
  readonly claimant: string;
  /** The marker as the claim read it; null: there was none. */
  readonly marker: MarkerReading | null;
  /** The claim's `now`, taken before it read the marker. */
  readonly at: string;
  /** Someone else holds (or just took) a pending event: not this claimant's to call the outbox empty. */
  readonly contended: boolean;
  /** The claim saw every event marked up to the marker's `seq` (see `sawEveryMarkedEvent`). */
  readonly complete: boolean;
}

export class OutboxClaims {
  /** What the last claim of each cluster saw, for `outboxDrained`; one entry per cluster. */
  private readonly claims = new Map<string, ClaimSeen>();

  constructor(
    private readonly calls: DynamoDbCalls,
    private readonly historyTable: string,
    /** Parallel UpdateItem calls of one batch. */
    private readonly updateConcurrency: number,
    private readonly marker: OutboxMarker,
  ) {}

  /** The sparse `pending` index holds exactly the events waiting to be published; oldest first. */
  async pendingEvents(clusterId: string): Promise<readonly HistoryEvent[]> {
    const items = await this.queryPending('pendingEvents', clusterId);
    // The index is eventually consistent: drop an event whose copy there is older than its marking.
    return items.map(decodeHistoryEvent).filter((event) => event.notification === 'PENDING');
  }

  /**
   * Claims each PENDING event with its own conditional write, so that of two polls claiming at
   * once each event goes to exactly one. The index copy pre-filters events visibly claimed by
   * someone else; the base-table condition is what decides.
   */
  async claimPendingEvents(q: {
    readonly clusterId: string;
    readonly claimant: string;
    readonly now: string;
    readonly claimUntil: string;
    readonly justCommitted?: readonly Keyed[];
  }): Promise<readonly HistoryEvent[]> {
    const { now, claimUntil } = claimTimes(q, { operation: 'claimPendingEvents', clusterId: q.clusterId });
    // Read before the index: a write that makes an event pending after this changes `seq`.
    const marker = await this.marker.read('claimPendingEvents', q.clusterId);
    const pending = (await this.queryPending('claimPendingEvents', q.clusterId)).filter(
      (item) => item.notification?.S === 'PENDING',
    );
    const candidates = pending
      .filter((item) => {
        const claimedUntil = item[CLAIMED_UNTIL]?.S;
        return claimedUntil === undefined || claimedUntil < now;
      })
      .map(decodeHistoryEvent);
    // The outbox index may not show this poll's own commits yet; the conditional update below
    // decides for those too (an id that is not PENDING simply fails the condition).
    const listed = new Set(candidates.map((e) => e.eventId));
    const own = (q.justCommitted ?? []).filter((e) => e.clusterId === q.clusterId);
    const ownIds = own.map((e) => e.eventId);
    const unlisted = own.filter((e) => !listed.has(e.eventId));
    const claimed = await this.updateEach('claimPendingEvents', [...candidates, ...unlisted], {
      UpdateExpression: 'SET #claimedBy = :claimant, #claimedUntil = :until',
      ConditionExpression:
        '#notification = :pending AND (attribute_not_exists(#claimedUntil) OR #claimedUntil < :now)',
      ExpressionAttributeNames: {
        '#notification': 'notification',
        '#claimedBy': CLAIMED_BY,
        '#claimedUntil': CLAIMED_UNTIL,
      },
      values: () => ({
        ':claimant': { S: q.claimant },
        ':until': { S: claimUntil },
        ':now': { S: now },
        ':pending': PENDING,
      }),
    });
    const taken = claimed.filter((item): item is Item => item !== undefined);
    const takenIds = new Set(taken.map((item) => item[HISTORY_TABLE.sortKey.name]?.S));
    this.claims.set(q.clusterId, {
      claimant: q.claimant,
      marker,
      at: now,
      // An own event not taken may be held by a poll that found it in the index after this one committed it.
      contended:
        pending.length > candidates.length ||
        [...candidates, ...unlisted].some((event) => !takenIds.has(event.eventId)),
      complete: marker !== null && sawEveryMarkedEvent(marker, ownIds, now),
    });
    return taken.map(decodeHistoryEvent).sort(compareOldestFirst);
  }

  /**
   * Removes the outbox marker if this claimant's last claim saw every event marked up to the
   * marker's `seq`, nothing became pending since and no other claimant held an event then. When
   * the claim may have missed an event the index did not show yet, the marker stays, noting that
   * the outbox looked drained; a claim once the index has caught up removes it.
   */
  async outboxDrained(q: { readonly clusterId: string; readonly claimant: string }): Promise<void> {
    const claim = this.claims.get(q.clusterId);
    if (claim === undefined || claim.claimant !== q.claimant) return;
    this.claims.delete(q.clusterId);
    if (claim.contended || claim.marker === null) return;
    const { seq, seen } = claim.marker;
    if (claim.complete) await this.marker.clear('outboxDrained', q.clusterId, seq);
    // Noted already, by a claim too recent to trust the index: the earlier time stands.
    else if (seen?.seq !== seq) await this.marker.recordSeen('outboxDrained', q.clusterId, seq, claim.at);
  }

  async releaseClaim(events: readonly Keyed[], claimant: string): Promise<void> {
    // The events stay pending: the next poll must read the outbox.
    await this.marker.markEach('releaseClaim', events);
    await this.updateEach('releaseClaim', events, {
      UpdateExpression: 'REMOVE #claimedBy, #claimedUntil',
      // Another poll's claim (taken after ours expired) is not ours to give up.
      ConditionExpression: '#claimedBy = :claimant',
      ExpressionAttributeNames: { '#claimedBy': CLAIMED_BY, '#claimedUntil': CLAIMED_UNTIL },
      values: () => ({ ':claimant': { S: claimant } }),
    });
  }

  async markSent(events: readonly Keyed[]): Promise<void> {
    await this.updateEach('markSent', events, {
      // Removing the key takes the event out of the outbox index.
      UpdateExpression: 'SET #notification = :sent REMOVE #pending, #claimedBy, #claimedUntil',
      // Never create an item for an unknown (or expired) event; leave a SENT one untouched.
      ConditionExpression: 'attribute_exists(#sk) AND #notification <> :sent',
      ExpressionAttributeNames: {
        '#notification': 'notification',
        '#pending': historyIndex(HISTORY_INDEX.pending).partitionKey.name,
        '#sk': HISTORY_TABLE.sortKey.name,
        '#claimedBy': CLAIMED_BY,
        '#claimedUntil': CLAIMED_UNTIL,
      },
      values: () => ({ ':sent': SENT }),
    });
  }

  async markPending(events: readonly Keyed[]): Promise<void> {
    // Marker first: if the promotions below are lost, a needless outbox read is all it costs.
    await this.marker.markEach('markPending', events);
    await this.updateEach('markPending', events, {
      UpdateExpression: 'SET #notification = :pending, #pending = :clusterId',
      // Only held events move; a sent or given-up one must not be published again.
      ConditionExpression: '#notification = :held AND attribute_not_exists(#reason)',
      ExpressionAttributeNames: {
        '#notification': 'notification',
        '#pending': historyIndex(HISTORY_INDEX.pending).partitionKey.name,
        '#reason': QUARANTINE_REASON_ATTRIBUTE,
      },
      values: (event) => ({
        ':pending': PENDING,
        ':held': NOT_NOTIFIED,
        ':clusterId': { S: event.clusterId },
      }),
    });
  }

  /** Counts a failed attempt on this claimant's events and hands the claims back. */
  async recordPublishFailure(events: readonly Keyed[], claimant: string): Promise<void> {
    // The events stay pending: the next poll must read the outbox.
    await this.marker.markEach('recordPublishFailure', events);
    await this.updateEach('recordPublishFailure', events, {
      UpdateExpression:
        'SET #attempts = if_not_exists(#attempts, :zero) + :one REMOVE #claimedBy, #claimedUntil',
      // Another poll's claim (taken after ours expired) is not ours to give up.
      ConditionExpression: '#claimedBy = :claimant AND #notification = :pending',
      ExpressionAttributeNames: {
        '#attempts': PUBLISH_ATTEMPTS_ATTRIBUTE,
        '#claimedBy': CLAIMED_BY,
        '#claimedUntil': CLAIMED_UNTIL,
        '#notification': 'notification',
      },
      values: () => ({
        ':claimant': { S: claimant },
        ':zero': { N: '0' },
        ':one': { N: '1' },
        ':pending': PENDING,
      }),
    });
  }

  /**
   * Moves events out of the outbox for good: NOT_NOTIFIED, with the reason, and under the
   * `QUARANTINED#{clusterId}` partition of the same sparse index, so `quarantinedEvents` reads
   * only them.
   */
  async quarantine(events: readonly Keyed[], quarantine: Quarantine): Promise<void> {
    await this.updateEach('quarantine', events, {
      UpdateExpression:
        'SET #notification = :held, #pending = :quarantined, #reason = :reason, #at = :at REMOVE #claimedBy, #claimedUntil',
      ConditionExpression: '#notification = :pending',
      ExpressionAttributeNames: {
        '#notification': 'notification',
        '#pending': historyIndex(HISTORY_INDEX.pending).partitionKey.name,
        '#reason': QUARANTINE_REASON_ATTRIBUTE,
        '#at': QUARANTINED_AT_ATTRIBUTE,
        '#claimedBy': CLAIMED_BY,
        '#claimedUntil': CLAIMED_UNTIL,
      },
      values: (event) => ({
        ':held': NOT_NOTIFIED,
        ':pending': PENDING,
        ':quarantined': { S: quarantineIndexKey(event.clusterId) },
        ':reason': { S: quarantine.reason },
        ':at': { S: quarantine.at },
      }),
    });
  }

  async quarantinedEvents(clusterId: string): Promise<readonly HistoryEvent[]> {
    const items = await this.queryPending('quarantinedEvents', quarantineIndexKey(clusterId));
    return items.map(decodeHistoryEvent).filter((event) => event.quarantine !== undefined);
  }

  private queryPending(method: string, clusterId: string): Promise<Item[]> {
    const index = historyIndex(HISTORY_INDEX.pending);
    return this.calls.queryAll(
      method,
      { clusterId },
      {
        TableName: this.historyTable,
        IndexName: index.indexName,
        KeyConditionExpression: '#pk = :pk',
        ExpressionAttributeNames: { '#pk': index.partitionKey.name },
        ExpressionAttributeValues: { ':pk': { S: clusterId } },
        ScanIndexForward: true,
      },
    );
  }

  /** One conditional UpdateItem per distinct event; the new item, or undefined where the condition failed. */
  private async updateEach(
    method: string,
    events: readonly Keyed[],
    update: ConditionalUpdate,
  ): Promise<(Item | undefined)[]> {
    const unique = new Map(events.map((e) => [`${e.clusterId}\u0000${e.eventId}`, e]));
    const limit = pLimit(this.updateConcurrency);
    return Promise.all(
      [...unique.values()].map((event) =>
        limit(async () => {
          try {
            const out = await this.calls.send<UpdateItemCommandOutput>(
              method,
              'UpdateItem',
              new UpdateItemCommand({
                TableName: this.historyTable,
                Key: {
                  [HISTORY_TABLE.partitionKey.name]: { S: event.clusterId },
                  [HISTORY_TABLE.sortKey.name]: { S: event.eventId },
                },
                UpdateExpression: update.UpdateExpression,
                ConditionExpression: update.ConditionExpression,
                ExpressionAttributeNames: update.ExpressionAttributeNames,
                ExpressionAttributeValues: update.values(event),
                ReturnValues: 'ALL_NEW',
              }),
            );
            return out.Attributes;
          } catch (error) {
            // Already in the target state, claimed by another poll, or gone: nothing to do.
            if (error instanceof ConditionalCheckFailedException) return undefined;
            throw storeFailure({ operation: method, clusterId: event.clusterId }, error);
          }
        }),
      ),
    );
  }
}

/**
 * Whether a claim at `now` that read `marker` and then the outbox index, and claimed `ownIds` on
 * the base table, saw every event marked pending up to the marker's `seq`. The index alone may not
 * say: it is eventually consistent, and a poll that made an event pending and then crashed (or
 * failed before claiming it) leaves it to the index, which may not show it yet. A claim that
 * trusted it would remove the marker over that event, and no poll would read the outbox again until
 * the cluster's next event. So the claim saw everything only when
 * - every mark since the marker was created was for this poll's own events (`markedSum` says so),
 *   which it claimed on the base table, strongly consistently, whatever the index showed: the usual
 *   poll, which publishes what it recorded and removes the marker with no extra request; or
 * - a claim noted the same `seq` drained at least `INDEX_CATCH_UP_MS` before `now`: every mark up
 *   to it is older than that, so the index read after `now` shows its event. After a poll that
 *   published events it did not mark itself, this costs the next poll one outbox read.
 * Re-reading the marker after the index would not do: the marks the index lags on came before the
 * first read. Nor would a strongly consistent read of the events: no key of the history table
 * finds a cluster's pending events short of reading all of its history.
 */
function sawEveryMarkedEvent(marker: MarkerReading, ownIds: readonly string[], now: string): boolean {
  if (marker.markedSum !== null && marker.markedSum === markedSum(ownIds)) return true;
  const seen = marker.seen;
  return (
    seen !== undefined &&
    seen.seq === marker.seq &&
    Date.parse(now) - Date.parse(seen.at) >= INDEX_CATCH_UP_MS
  );
}

/** Oldest first by observation time, then by id: the order the outbox publishes in. */
function compareOldestFirst(a: HistoryEvent, b: HistoryEvent): number {
  const at = Date.parse(a.observedAt) - Date.parse(b.observedAt);
  if (at !== 0) return at;
  return a.eventId < b.eventId ? -1 : a.eventId > b.eventId ? 1 : 0;
}
