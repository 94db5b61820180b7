/**
 * The outbox against an index that lags, on DynamoDB Local: the marker must not be removed over an
 * event the index did not show the claim yet, or that event waits for the cluster's next change.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoDbLinkStateStore } from '../../../../adapters/dynamodb/dynamodb-link-state-store.js';
import { INDEX_CATCH_UP_MS } from '../../../../adapters/dynamodb/outbox-claims.js';
import type { HistoryEvent } from '../../../../core/model/change-events.js';
import { type NotifyOutcome, notifyPending } from '../../../../core/notify/notify-pipeline.js';
import { PollBudget } from '../../../../core/poll/poll-budget.js';
import { DEFAULT_POLL_SETTINGS } from '../../../../core/poll/poll-settings.js';
import { createTables, type TestTables } from '../../../../tools/local-aws/dynamodb-local.js';
import { dynamoDbEndpoint } from '../../../support/dynamodb-endpoint.js';
import { type LaggingIndex, laggingIndexClient } from '../../../support/lagging-index.js';
import { RecordingNotifier } from '../../../support/recording-notifier.js';
import { aClusterId, aLink, anEvent, aSnapshot } from '../../../support/store-contract.js';

const MINUTE = 60_000;
const POLL_TIMEOUT_MS = 50_000;

let index: LaggingIndex;
let tables: TestTables;
let store: DynamoDbLinkStateStore;

beforeAll(async () => {
  index = laggingIndexClient(dynamoDbEndpoint());
  tables = await createTables(index.client, 'outbox-claims');
  store = new DynamoDbLinkStateStore({ client: index.client, ...tables });
});

afterAll(async () => {
  await tables?.drop();
  index?.client.destroy();
});

/** Records one pending event of `linkName` as a poll does: its snapshot and the event in one commit. */
async function commitPending(clusterId: string, linkName: string): Promise<HistoryEvent> {
  const event = anEvent({ clusterId, linkName });
  const outcome = await store.commitLink({
    clusterId,
    linkName,
    expectedVersion: null,
    next: aSnapshot(clusterId, { link: aLink({ linkName }), version: 1 }),
    events: [event],
  });
  expect(outcome).toBe('committed');
  return event;
}

/**
 * The outbox part of one poll at `at`: read the cluster's state, then claim, publish and settle
 * with the core's own pipeline, naming what the poll itself recorded.
 */
async function pollOutbox(
  clusterId: string,
  at: Date,
  justCommitted: readonly HistoryEvent[] = [],
): Promise<{ outboxEmpty: boolean; outcome: NotifyOutcome; publishedIds: string[] }> {
  const outboxEmpty = (await store.readClusterState(clusterId)).outboxEmpty === true;
  const notifier = new RecordingNotifier();
  const outcome = await notifyPending(
    { clusterId, claimant: `poll-at-${at.toISOString()}`, justCommitted, outboxEmpty },
    {
      store,
      notifier,
      now: () => at,
      budget: new PollBudget(at.getTime() + POLL_TIMEOUT_MS, DEFAULT_POLL_SETTINGS),
      digestThreshold: DEFAULT_POLL_SETTINGS.digestThreshold,
    },
  );
  return {
    outboxEmpty,
    outcome,
    publishedIds: notifier.published.flatMap((n) => n.events.map((e) => e.eventId)),
  };
}

describe('Class: OutboxClaims, with an outbox index that lags', () => {
  it('publishes at the next poll an event a crashed poll made pending, which the index hid from a poll publishing its own', async () => {
    // Prepare: poll A records an event and crashes before claiming it; poll B, running at the same
    // time, records and publishes its own while the index does not show A's event yet.
    const clusterId = aClusterId();
    const start = new Date(Date.UTC(2031, 0, 1, 8));
    const crashed = await commitPending(clusterId, 'link-a');
    index.lagOn([crashed.eventId]);
    const own = await commitPending(clusterId, 'link-b');
    const meanwhile = await pollOutbox(clusterId, start, [own]);
    index.catchUp();

    // Act: the next poll, a schedule interval later, records nothing.
    const next = await pollOutbox(clusterId, new Date(start.getTime() + MINUTE));

    // Assess
    expect(meanwhile.publishedIds).toEqual([own.eventId]);
    expect(index.queries.leftOut).toBeGreaterThan(0);
    expect(next.outboxEmpty).toBe(false);
    expect(next.outcome).toMatchObject({ published: 1, publishFailures: 0 });
    expect(next.publishedIds).toEqual([crashed.eventId]);
  });

  it('keeps the outbox marked through claims within the catch-up time, and lets it go after one past it', async () => {
    // Prepare: an event of a crashed poll, hidden by the index from two polls a second apart.
    const clusterId = aClusterId();
    const start = new Date(Date.UTC(2031, 0, 2, 8));
    const crashed = await commitPending(clusterId, 'link-a');
    index.lagOn([crashed.eventId]);
    const first = await pollOutbox(clusterId, start);
    const overlapping = await pollOutbox(clusterId, new Date(start.getTime() + 1_000));
    index.catchUp();

    // Act
    const caughtUp = await pollOutbox(clusterId, new Date(start.getTime() + INDEX_CATCH_UP_MS));
    const after = await pollOutbox(clusterId, new Date(start.getTime() + MINUTE));

    // Assess
    expect(first.publishedIds).toEqual([]);
    expect(overlapping).toMatchObject({ outboxEmpty: false, publishedIds: [] });
    expect(caughtUp).toMatchObject({ outboxEmpty: false, publishedIds: [crashed.eventId] });
    expect(after.outboxEmpty).toBe(true);
  });

  it("drains the outbox at once when every event marked was the poll's own, however far behind the index is", async () => {
    // Prepare
    const clusterId = aClusterId();
    const start = new Date(Date.UTC(2031, 0, 3, 8));
    const own = await commitPending(clusterId, 'link-a');
    index.lagOn([own.eventId]);

    // Act
    const poll = await pollOutbox(clusterId, start, [own]);
    const next = await store.readClusterState(clusterId);
    index.catchUp();

    // Assess
    expect(poll.publishedIds).toEqual([own.eventId]);
    expect(next.outboxEmpty).toBe(true);
  });
});
