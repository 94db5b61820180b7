/**
 * What only the DynamoDB store can show: its items, its calls and its indexes, against DynamoDB Local.
 * The behaviour every store shares is in `dynamodb-store-contract.test.ts`.
 */
import { randomBytes, randomInt } from 'node:crypto';
import {
  DescribeTimeToLiveCommand,
  type DynamoDBClient,
  GetItemCommand,
  QueryCommand,
} from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DynamoDbLinkStateStore } from '../../../../adapters/dynamodb/dynamodb-link-state-store.js';
import type { HistoryEvent } from '../../../../core/model/change-events.js';
import type { LinkSnapshot, Page, PageRequest } from '../../../../core/ports.js';
import { InvalidQueryError, StoreError } from '../../../../core/store-errors.js';
import {
  createTables,
  localDynamoDbClient,
  type TestTables,
} from '../../../../tools/local-aws/dynamodb-local.js';
import { type CallMeter, createCallMeter } from '../../../support/dynamodb-call-meter.js';
import { dynamoDbEndpoint } from '../../../support/dynamodb-endpoint.js';
import {
  aClusterId,
  aClusterRecord,
  aLink,
  anEvent,
  aSnapshot,
  aTimeWindow,
} from '../../../support/store-contract.js';

let client: DynamoDBClient;
let tables: TestTables;
let meter: CallMeter;
let store: DynamoDbLinkStateStore;

beforeAll(async () => {
  client = localDynamoDbClient(dynamoDbEndpoint());
  tables = await createTables(client, 'dynamodb-store');
  meter = createCallMeter();
  store = new DynamoDbLinkStateStore({ client, ...tables, onCall: meter.onCall });
});

afterAll(async () => {
  await tables?.drop();
  client?.destroy();
});

beforeEach(() => meter.reset());

/** The cluster's snapshot and record items, without its outbox marker. */
async function rawSnapshotItems(clusterId: string) {
  return (await rawPartition(clusterId)).filter((item) => item.itemKey?.S !== '#OUTBOX');
}

async function rawPartition(clusterId: string) {
  const out = await client.send(
    new QueryCommand({
      TableName: tables.snapshotTableName,
      KeyConditionExpression: 'clusterId = :c',
      ExpressionAttributeValues: { ':c': { S: clusterId } },
    }),
  );
  return out.Items ?? [];
}

async function rawHistoryItems(clusterId: string) {
  const out = await client.send(
    new QueryCommand({
      TableName: tables.historyTableName,
      KeyConditionExpression: 'clusterId = :c',
      ExpressionAttributeValues: { ':c': { S: clusterId } },
    }),
  );
  return out.Items ?? [];
}

async function rawEvent(clusterId: string, eventId: string) {
  const out = await client.send(
    new GetItemCommand({
      TableName: tables.historyTableName,
      Key: { clusterId: { S: clusterId }, eventId: { S: eventId } },
    }),
  );
  return out.Item;
}

async function commitNewLink(snapshot: LinkSnapshot, events: HistoryEvent[] = []): Promise<void> {
  const outcome = await store.commitLink({
    clusterId: snapshot.clusterId,
    linkName: snapshot.link.linkName,
    expectedVersion: null,
    next: snapshot,
    events,
  });
  expect(outcome).toBe('committed');
}

async function readAllPages(query: (page: PageRequest) => Promise<Page<HistoryEvent>>, limit: number) {
  const pages: Page<HistoryEvent>[] = [];
  let cursor: string | undefined;
  do {
    const page = await query(cursor === undefined ? { limit } : { limit, cursor });
    pages.push(page);
    cursor = page.cursor;
  } while (cursor !== undefined && pages.length < 50);
  return pages;
}

/** Topic names that gzip cannot shrink much, to build items of a chosen size. */
function randomTopics(count: number, length: number): string[] {
  return Array.from({ length: count }, () => randomBytes(length / 2).toString('hex')).sort();
}

describe('DynamoDbLinkStateStore items', () => {
  it('stores the baseline as the cluster record first, then one item per link', async () => {
    // Prepare
    const clusterId = aClusterId();
    const record = aClusterRecord(clusterId);

    // Act
    await store.commitCluster({ clusterId, expectedVersion: null, next: record, events: [] });
    for (const linkName of ['beta', 'alpha']) {
      await commitNewLink(aSnapshot(clusterId, { link: aLink({ linkName }) }));
    }

    // Assess
    const items = await rawSnapshotItems(clusterId);
    expect(items.map((item) => item.itemKey?.S)).toEqual(['#CLUSTER', 'LINK#alpha', 'LINK#beta']);
    expect(items[0]?.clusterListKey?.S).toBe('CLUSTER');
    expect(items[1]?.clusterListKey).toBeUndefined();
    expect(meter.totals().byCall['commitLink/PutItem']?.calls).toBe(2);
  });

  it('commits a change and its events with one TransactWriteItems', async () => {
    // Prepare
    const clusterId = aClusterId();
    const window = aTimeWindow();
    await commitNewLink(aSnapshot(clusterId));
    const events = [0, 1].map((index) =>
      anEvent({ clusterId, eventId: `${clusterId}#link-a#2#${index}`, observedAt: window.at(1) }),
    );
    meter.reset();

    // Act
    const outcome = await store.commitLink({
      clusterId,
      linkName: 'link-a',
      expectedVersion: 1,
      next: aSnapshot(clusterId, { link: aLink({ linkState: 'FAILED' }), version: 2 }),
      events,
    });

    // Assess
    expect(outcome).toBe('committed');
    expect(meter.totals().byCall).toEqual({
      'commitLink/TransactWriteItems': expect.objectContaining({ calls: 1, failedCalls: 0 }),
    });
    expect((await rawSnapshotItems(clusterId))[0]?.version?.N).toBe('2');
    expect((await rawHistoryItems(clusterId)).map((item) => item.eventId?.S)).toEqual(
      events.map((e) => e.eventId),
    );
  });

  it('writes nothing on a version conflict', async () => {
    // Prepare
    const clusterId = aClusterId();
    await commitNewLink(aSnapshot(clusterId, { version: 5 }));

    // Act
    const outcome = await store.commitLink({
      clusterId,
      linkName: 'link-a',
      expectedVersion: 4,
      next: aSnapshot(clusterId, { version: 5, link: aLink({ linkState: 'PAUSED' }) }),
      events: [anEvent({ clusterId })],
    });

    // Assess
    expect(outcome).toBe('conflict');
    expect(await rawHistoryItems(clusterId)).toEqual([]);
    expect((await rawSnapshotItems(clusterId))[0]?.version?.N).toBe('5');
  });

  it('commits exactly one of five concurrent commits of the same change', async () => {
    // Prepare
    const clusterId = aClusterId();
    await commitNewLink(aSnapshot(clusterId));
    const commit = {
      clusterId,
      linkName: 'link-a',
      expectedVersion: 1,
      next: aSnapshot(clusterId, { version: 2, link: aLink({ linkState: 'FAILED' }) }),
      events: [anEvent({ clusterId, eventId: `${clusterId}#link-a#2#0` })],
    };

    // Act
    const outcomes = await Promise.all([1, 2, 3, 4, 5].map(() => store.commitLink(commit)));

    // Assess
    expect(outcomes.filter((o) => o === 'committed')).toHaveLength(1);
    expect(outcomes.filter((o) => o === 'conflict')).toHaveLength(4);
    expect(await rawHistoryItems(clusterId)).toHaveLength(1);
  });

  it('refuses to record an event id twice, naming the reason, and keeps the first', async () => {
    // Prepare
    const clusterId = aClusterId();
    const original = anEvent({ clusterId, type: 'LINK_ADDED' });
    await commitNewLink(aSnapshot(clusterId), [original]);

    // Act
    const attempt = store.commitLink({
      clusterId,
      linkName: 'link-a',
      expectedVersion: 1,
      next: aSnapshot(clusterId, { version: 2 }),
      events: [{ ...original, type: 'LINK_STATE_CHANGED' }],
    });

    // Assess
    await expect(attempt).rejects.toMatchObject({
      name: 'DuplicateEventError',
      operation: 'commitLink',
      clusterId,
      linkName: 'link-a',
      eventId: original.eventId,
      // The last item of the transaction sets the outbox marker.
      reasons: ['None', 'ConditionalCheckFailed', 'None'],
    });
    expect((await rawEvent(clusterId, original.eventId))?.type?.S).toBe('LINK_ADDED');
    expect((await rawSnapshotItems(clusterId))[0]?.version?.N).toBe('1');
  });

  it('sets the TTL attribute expiresAt on history and never on snapshots', async () => {
    // Prepare
    const clusterId = aClusterId();
    const event = anEvent({ clusterId, expiresAt: 4_102_444_800 });

    // Act
    await commitNewLink(aSnapshot(clusterId), [event]);

    // Assess
    expect((await rawEvent(clusterId, event.eventId))?.expiresAt).toEqual({ N: '4102444800' });
    expect((await rawSnapshotItems(clusterId))[0]?.expiresAt).toBeUndefined();
  });

  it('creates the tables with TTL on expiresAt for history and none for snapshots', async () => {
    // Prepare: tables of their own, since the shared ones keep TTL off (see createTables)
    const withTtl = await createTables(client, 'dynamodb-ttl', { timeToLive: true });
    try {
      // Act
      const historyTtl = await client.send(
        new DescribeTimeToLiveCommand({ TableName: withTtl.historyTableName }),
      );
      const snapshotTtl = await client.send(
        new DescribeTimeToLiveCommand({ TableName: withTtl.snapshotTableName }),
      );

      // Assess
      expect(historyTtl.TimeToLiveDescription?.AttributeName).toBe('expiresAt');
      expect(historyTtl.TimeToLiveDescription?.TimeToLiveStatus).toMatch(/^ENABL/);
      expect(snapshotTtl.TimeToLiveDescription?.TimeToLiveStatus).toBe('DISABLED');
    } finally {
      await withTtl.drop();
    }
  });

  it('stores a link with thousands of mirror topics compressed and reads it back unchanged', async () => {
    // Prepare: ~200 KB of topic names as JSON, half the item size limit
    const clusterId = aClusterId();
    const link = aLink({ topicNames: Array.from({ length: 4000 }, (_, i) => `mirror.topic.orders-${i}.v1`) });
    const snapshot = aSnapshot(clusterId, { link });
    const event = anEvent({ clusterId, type: 'MIRROR_TOPICS_CHANGED', link });

    // Act
    await commitNewLink(snapshot, [event]);

    // Assess
    const [item] = await rawSnapshotItems(clusterId);
    expect(item?.linkGz?.B).toBeDefined();
    expect(item?.link).toBeUndefined();
    expect((await store.readClusterState(clusterId)).links).toEqual([snapshot]);
    expect(await store.pendingEvents(clusterId)).toEqual([event]);
  });
});

describe('DynamoDbLinkStateStore outbox items', () => {
  it('keeps the pending index key only while the event is PENDING', async () => {
    // Prepare
    const clusterId = aClusterId();
    const pending = anEvent({ clusterId });
    const held = anEvent({ clusterId, linkName: 'link-b', notification: 'NOT_NOTIFIED' });
    await commitNewLink(aSnapshot(clusterId), [pending]);
    await commitNewLink(aSnapshot(clusterId, { link: aLink({ linkName: 'link-b' }) }), [held]);
    expect((await rawEvent(clusterId, pending.eventId))?.pendingClusterId).toEqual({ S: clusterId });
    expect((await rawEvent(clusterId, held.eventId))?.pendingClusterId).toBeUndefined();

    // Act
    await store.markSent([pending]);
    await store.markSent([pending]);

    // Assess
    const sent = await rawEvent(clusterId, pending.eventId);
    expect(sent?.notification).toEqual({ S: 'SENT' });
    expect(sent?.pendingClusterId).toBeUndefined();
    expect(await store.pendingEvents(clusterId)).toEqual([]);
    expect(meter.totals().byCall['markSent/UpdateItem']?.calls).toBe(2);
  });

  it('does not create an item when marking an unknown event', async () => {
    const clusterId = aClusterId();

    await store.markSent([{ clusterId, eventId: 'never-recorded' }]);
    await store.markPending([{ clusterId, eventId: 'never-recorded' }]);

    expect(await rawHistoryItems(clusterId)).toEqual([]);
  });

  it('stores a claim on the event and clears it when the event is sent', async () => {
    // Prepare
    const clusterId = aClusterId();
    const window = aTimeWindow();
    const event = anEvent({ clusterId });
    await commitNewLink(aSnapshot(clusterId), [event]);

    // Act
    const claimed = await store.claimPendingEvents({
      clusterId,
      claimant: 'poll-1',
      now: window.at(0),
      claimUntil: window.at(1),
    });
    const whileClaimed = await rawEvent(clusterId, event.eventId);
    await store.markSent(claimed);

    // Assess
    expect(claimed).toEqual([event]);
    expect(whileClaimed?.claimedBy).toEqual({ S: 'poll-1' });
    expect(whileClaimed?.claimedUntil).toEqual({ S: window.at(1) });
    const sent = await rawEvent(clusterId, event.eventId);
    expect(sent?.claimedBy).toBeUndefined();
    expect(sent?.claimedUntil).toBeUndefined();
  });
});

describe('DynamoDbLinkStateStore access patterns', () => {
  it('reads a cluster of 100 links with one Query', async () => {
    // Prepare
    const clusterId = aClusterId();
    await store.commitCluster({
      clusterId,
      expectedVersion: null,
      next: aClusterRecord(clusterId),
      events: [],
    });
    for (let i = 0; i < 100; i++) {
      await commitNewLink(
        aSnapshot(clusterId, { link: aLink({ linkName: `link-${String(i).padStart(3, '0')}` }) }),
      );
    }
    meter.reset();

    // Act
    const state = await store.readClusterState(clusterId);

    // Assess
    expect(state.links).toHaveLength(100);
    expect(state.cluster?.clusterId).toBe(clusterId);
    expect(meter.totals().byCall).toEqual({
      'readClusterState/Query': expect.objectContaining({ calls: 1, failedCalls: 0 }),
    });
    expect(meter.totals().consumedCapacity).toBeGreaterThan(0);
  });

  it('follows the 1 MB pages of a cluster larger than one Query returns', async () => {
    // Prepare: 40 links of ~30 KB each, about 1.2 MB
    const clusterId = aClusterId();
    const snapshots = Array.from({ length: 40 }, (_, i) =>
      aSnapshot(clusterId, {
        link: aLink({ linkName: `big-${String(i).padStart(2, '0')}`, topicNames: randomTopics(480, 60) }),
      }),
    );
    for (const snapshot of snapshots) await commitNewLink(snapshot);
    meter.reset();

    // Act
    const state = await store.readClusterState(clusterId);

    // Assess
    expect(state.links).toEqual(snapshots);
    expect(meter.totals().byCall['readClusterState/Query']?.calls).toBe(2);
  });

  it('lists clusters from the clusters index, without a Scan', async () => {
    // Prepare
    const ids = [aClusterId(), aClusterId()];
    for (const clusterId of ids) {
      await store.commitCluster({
        clusterId,
        expectedVersion: null,
        next: aClusterRecord(clusterId),
        events: [],
      });
    }
    meter.reset();

    // Act
    const clusters = await store.listClusters();

    // Assess
    expect(clusters.map((c) => c.clusterId)).toEqual(expect.arrayContaining(ids));
    expect(Object.keys(meter.totals().byCall)).toEqual(['listClusters/Query']);
  });

  it('pages severity history newest first across month partitions, with no cursor after the last page', async () => {
    // Prepare: a year of its own, events in three months with an empty month between
    const year = 2500 + randomInt(0, 400);
    const clusterId = aClusterId();
    const times = [
      `${year}-01-31T23:59:59.999Z`,
      `${year}-02-01T00:00:00.000Z`,
      `${year}-02-15T12:00:00.000Z`,
      `${year}-04-01T00:00:00.000Z`,
    ];
    const events = times.map((observedAt, i) =>
      anEvent({ clusterId, linkName: `link-${i}`, severity: 'warning', observedAt }),
    );
    for (const [i, event] of events.entries()) {
      await commitNewLink(aSnapshot(clusterId, { link: aLink({ linkName: `link-${i}` }) }), [event]);
    }

    // Act
    const pages = await readAllPages(
      (page) =>
        store.severityHistory({
          severity: 'warning',
          from: `${year}-01-01T00:00:00Z`,
          to: `${year}-12-31T23:59:59Z`,
          ...page,
        }),
      1,
    );

    // Assess
    expect(pages.map((page) => page.items.map((e) => e.observedAt))).toEqual([
      [times[3]],
      [times[2]],
      [times[1]],
      [times[0]],
    ]);
    expect(pages.at(-1)?.cursor).toBeUndefined();
  });

  it('compares times as instants whatever their ISO spelling', async () => {
    // Prepare
    const clusterId = aClusterId();
    const event = anEvent({ clusterId, observedAt: '2031-03-04T05:06:07.000Z' });
    await commitNewLink(aSnapshot(clusterId), [event]);

    // Act
    const page = await store.clusterHistory({
      clusterId,
      from: '2031-03-04T07:06:07+02:00',
      to: '2031-03-04T05:06:07Z',
    });

    // Assess
    expect(page.items).toEqual([event]);
  });

  it('refuses a cursor it did not issue and a time that is not ISO-8601', async () => {
    const clusterId = aClusterId();
    const range = { from: '2031-01-01T00:00:00Z', to: '2031-02-01T00:00:00Z' };

    await expect(
      store.clusterHistory({ clusterId, ...range, cursor: 'not-a-cursor' }),
    ).rejects.toBeInstanceOf(InvalidQueryError);
    await expect(
      store.linkHistory({
        clusterId,
        linkName: 'a',
        ...range,
        cursor: Buffer.from('{"k":{"x":"1"}}').toString('base64url'),
      }),
    ).rejects.toBeInstanceOf(InvalidQueryError);
    await expect(store.clusterHistory({ clusterId, from: 'yesterday', to: range.to })).rejects.toBeInstanceOf(
      StoreError,
    );
  });
});
