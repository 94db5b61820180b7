/**
 * A change of more of a link's mirror topics than one commit can carry events for, end to end:
 * the poll against the Confluent simulator over HTTP, on the SQLite store and on the DynamoDB
 * store (DynamoDB Local, whose transactions hold at most 100 items). The link's commit is never
 * refused for its size: the snapshot moves, the change goes out as one message for the link with
 * counts and the first names, the next poll writes nothing, and every alert opened for a topic is
 * closed again.
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { detailSourceForClusters } from '../../../../adapters/confluent/confluent-link-detail-source.js';
import { ConfluentLinksClient } from '../../../../adapters/confluent/confluent-links-client.js';
import type { ConfluentCredentials } from '../../../../adapters/confluent/credentials.js';
import { DynamoDbLinkStateStore } from '../../../../adapters/dynamodb/dynamodb-link-state-store.js';
import { buildNotificationDocument } from '../../../../core/notify/render/notification-document.js';
import { type MonitoredCluster, pollClusters } from '../../../../core/poll/poll-clusters.js';
import type { PollSummary } from '../../../../core/poll/poll-results.js';
import { DEFAULT_POLL_SETTINGS, type PollSettings } from '../../../../core/poll/poll-settings.js';
import type { LinkSnapshot, LinkStateStore } from '../../../../core/ports.js';
import { pagerDutyEvents } from '../../../../receivers/pagerduty/pagerduty-events.js';
import { createTables, localDynamoDbClient } from '../../../../tools/local-aws/dynamodb-local.js';
import {
  type ConfluentSimulator,
  startConfluentSimulator,
} from '../../../../tools/simulator/confluent-simulator.js';
import type { SimulatedMirrorTopic } from '../../../../tools/simulator/simulated-mirrors.js';
import { openSqliteLinkStateStore } from '../../../../tools/sqlite-store/sqlite-link-state-store.js';
import { dynamoDbEndpoint } from '../../../support/dynamodb-endpoint.js';
import { RecordingNotifier } from '../../../support/recording-notifier.js';

const CLUSTER: MonitoredCluster = { clusterId: 'lkc-bulk', label: 'bulk' };
const MINUTE = 60_000;
const CREDENTIALS: ConfluentCredentials = { kind: 'basic', apiKey: 'BULKKEY', apiSecret: 'bulk-secret' };
const SETTINGS: PollSettings = { ...DEFAULT_POLL_SETTINGS, pollIntervalMs: MINUTE, reminderIntervalMs: 0 };
const LINK = 'bulk-dr';
const TOPICS = Array.from({ length: 120 }, (_, n) => `bulk.topic-${String(n).padStart(3, '0')}`);

/** A store for one test, and how to let it go. */
interface OpenedStore {
  readonly store: LinkStateStore;
  close(): Promise<void>;
}

let client: DynamoDBClient | undefined;

beforeAll(() => {
  client = localDynamoDbClient(dynamoDbEndpoint());
});

afterAll(() => {
  client?.destroy();
});

const STORES: readonly [string, (clock: () => number) => Promise<OpenedStore>][] = [
  [
    'SQLite',
    async (clock) => {
      const sqlite = openSqliteLinkStateStore({ path: ':memory:', now: clock });
      return { store: sqlite, close: async () => sqlite.close() };
    },
  ],
  [
    'DynamoDB Local',
    async () => {
      const dynamodb = client as DynamoDBClient;
      // Tables of its own: each test starts from a cluster never seen.
      const tables = await createTables(dynamodb, 'poll-mass-part-change');
      return { store: new DynamoDbLinkStateStore({ client: dynamodb, ...tables }), close: tables.drop };
    },
  ],
];

/** Counts what the store is asked to write: the steady state asks for nothing. */
function countingWrites(store: LinkStateStore): { store: LinkStateStore; writes: () => number } {
  const WRITES = new Set(['commitLink', 'commitCluster', 'markSent', 'markPending', 'releaseClaim']);
  let writes = 0;
  const counted = new Proxy(store, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        if (WRITES.has(String(property))) writes++;
        if (property === 'claimPendingEvents')
          return (value as (...a: unknown[]) => Promise<readonly unknown[]>)
            .apply(target, args)
            .then((claimed) => {
              writes += claimed.length;
              return claimed;
            });
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
  return { store: counted, writes: () => writes };
}

/** The first `count` topics of the link in `status`. */
function topicsIn(status: string, count: number): Record<string, SimulatedMirrorTopic> {
  return Object.fromEntries(TOPICS.slice(0, count).map((name) => [name, { status }]));
}

describe.each(STORES)(
  'Poll of a link whose mirror topics change by more than one commit carries (%s)',
  (_, open) => {
    let sim: ConfluentSimulator;
    let opened: OpenedStore;
    let notifier: RecordingNotifier;
    let clock: number;

    beforeEach(async () => {
      sim = await startConfluentSimulator({
        auth: CREDENTIALS,
        clusters: [{ clusterId: CLUSTER.clusterId, links: 2 }],
      });
      clock = Date.parse('2026-11-26T08:00:00Z');
      opened = await open(() => clock);
      notifier = new RecordingNotifier();
    });

    afterEach(async () => {
      await opened.close();
      await sim.close();
    });

    async function poll(store: LinkStateStore = opened.store): Promise<PollSummary> {
      const configured = [
        { clusterId: CLUSTER.clusterId, restEndpoint: sim.baseUrl, credentials: CREDENTIALS },
      ];
      const links = new ConfluentLinksClient({
        clusters: configured,
        options: { maxAttempts: 1 },
        now: () => clock,
      });
      const summary = await pollClusters([CLUSTER], SETTINGS, {
        source: links,
        details: detailSourceForClusters(links, configured),
        store,
        notifier,
        now: () => new Date(clock),
        deadline: clock + MINUTE,
      });
      clock += MINUTE;
      return summary;
    }

    async function snapshotOf(linkName: string): Promise<LinkSnapshot | undefined> {
      const state = await opened.store.readClusterState(CLUSTER.clusterId);
      return state.links.find((s) => s.link.linkName === linkName);
    }

    /** The dedup keys PagerDuty holds open after every published notification, in order. */
    function openPages(): string[] {
      const open = new Set<string>();
      for (const notification of notifier.published) {
        for (const event of pagerDutyEvents(buildNotificationDocument(notification), 'warning')) {
          if (event.event_action === 'trigger') open.add(event.dedup_key);
          else open.delete(event.dedup_key);
        }
      }
      return [...open];
    }

    it('sends one message for 100 of 120 topics paused, moves the snapshot, then writes nothing', async () => {
      // Prepare
      sim.addLink(CLUSTER.clusterId, { linkName: LINK, topicNames: TOPICS });
      await poll();
      const before = await snapshotOf(LINK);
      sim.updateLink(CLUSTER.clusterId, LINK, { mirrorTopics: topicsIn('PAUSED', 100) });

      // Act
      const paused = await poll();

      // Assess: recorded...
      expect(paused.linkFailures).toBe(0);
      const after = await snapshotOf(LINK);
      expect(after?.version).toBe((before?.version ?? 0) + 1);
      expect(after?.link.mirrorTopics).toHaveLength(100);
      // ...and told in one message for the link, every paused topic named or counted
      expect(notifier.published).toHaveLength(1);
      const message = notifier.published[0];
      expect(message?.kind).toBe('change');
      expect(new Set(message?.events.map((e) => e.linkName))).toEqual(new Set([LINK]));
      const one = message?.events.filter((e) => e.type === 'MIRROR_TOPIC_STATE_CHANGED') ?? [];
      const summary = message?.events.find((e) => e.type === 'PART_CHANGES_SUMMARISED');
      expect(summary).toMatchObject({ severity: 'warning', to: `PAUSED ${100 - one.length}` });
      expect(summary?.detail).toContain(TOPICS[one.length]);
      const described = message && buildNotificationDocument(message).links[0]?.changes.at(-1)?.description;
      expect(described).toContain(`PAUSED ${100 - one.length} (${TOPICS[one.length]}, `);

      // Act: nothing changes
      const counted = countingWrites(opened.store);
      const quiet = await poll(counted.store);

      // Assess: the steady state
      expect(quiet.events).toBe(0);
      expect(counted.writes()).toBe(0);
      expect(notifier.published).toHaveLength(1);
    });

    it('closes every alert the mass pause opened once the topics resume, in one message', async () => {
      // Prepare
      sim.addLink(CLUSTER.clusterId, { linkName: LINK, topicNames: TOPICS });
      await poll();
      sim.updateLink(CLUSTER.clusterId, LINK, { mirrorTopics: topicsIn('PAUSED', 100) });
      await poll();
      expect(openPages().length).toBeGreaterThan(0);

      // Act
      sim.updateLink(CLUSTER.clusterId, LINK, { mirrorTopics: topicsIn('ACTIVE', 100) });
      const resumed = await poll();

      // Assess
      expect(resumed.linkFailures).toBe(0);
      expect(notifier.published).toHaveLength(2);
      expect(notifier.published[1]?.severity).toBe('resolved');
      expect(openPages()).toEqual([]);
      const after = await snapshotOf(LINK);
      expect(after?.link.mirrorTopics).toBeUndefined();
      expect(after?.announced).toBeUndefined();
    });

    it('records a new link with 120 failed topics, told in one message', async () => {
      // Prepare
      await poll();
      sim.addLink(CLUSTER.clusterId, {
        linkName: LINK,
        topicNames: TOPICS,
        mirrorTopics: topicsIn('FAILED', 120),
      });

      // Act
      const added = await poll();

      // Assess
      expect(added.linkFailures).toBe(0);
      expect((await snapshotOf(LINK))?.link.mirrorTopics).toHaveLength(100);
      expect(notifier.published).toHaveLength(1);
      expect(notifier.published[0]).toMatchObject({ kind: 'change', severity: 'critical' });
      expect(notifier.published[0]?.events[0]?.type).toBe('LINK_ADDED');
    });

    it("completes a cluster's baseline that finds 120 paused topics on one link", async () => {
      // Prepare
      sim.addLink(CLUSTER.clusterId, {
        linkName: LINK,
        topicNames: TOPICS,
        mirrorTopics: topicsIn('PAUSED', 120),
      });

      // Act
      const first = await poll();

      // Assess
      expect(first.linkFailures).toBe(0);
      const state = await opened.store.readClusterState(CLUSTER.clusterId);
      expect(state.cluster?.baselineAt).toBe('2026-11-26T08:00:00.000Z');
      expect(state.links.map((s) => s.link.linkName).sort()).toEqual(
        sim
          .links(CLUSTER.clusterId)
          .map((l) => l.linkName)
          .sort(),
      );
    });
  },
);
