/**
 * What the detail endpoints send is bounded like the listing (`core/model/bounds.ts`) before it
 * reaches a snapshot or an event: a 450,000-character `mirror_status`, a task name and an error code
 * of 300,000 characters, and a failed topic's error of the same size, end to end through the real
 * Confluent client on a local HTTP server, the poll and DynamoDB Local, whose 400 KB item limit
 * refuses any of them unbounded.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { detailSourceForClusters } from '../../../../adapters/confluent/confluent-link-detail-source.js';
import { ConfluentLinksClient } from '../../../../adapters/confluent/confluent-links-client.js';
import type { ConfluentCredentials } from '../../../../adapters/confluent/credentials.js';
import { DynamoDbLinkStateStore } from '../../../../adapters/dynamodb/dynamodb-link-state-store.js';
import { BOUNDS } from '../../../../core/model/bounds.js';
import { type MonitoredCluster, pollClusters } from '../../../../core/poll/poll-clusters.js';
import type { PollSummary } from '../../../../core/poll/poll-results.js';
import { DEFAULT_POLL_SETTINGS } from '../../../../core/poll/poll-settings.js';
import {
  createTables,
  localDynamoDbClient,
  type TestTables,
} from '../../../../tools/local-aws/dynamodb-local.js';
import { dynamoDbEndpoint } from '../../../support/dynamodb-endpoint.js';
import { type FaultServer, startFaultServer } from '../../../support/fault-server.js';
import { RecordingNotifier } from '../../../support/recording-notifier.js';
import { linksPage, rawLink } from '../../../unit/adapters/confluent/rest-pages.js';

const CLUSTER: MonitoredCluster = { clusterId: 'lkc-details', label: 'prod-eu' };
const LINKS = `/kafka/v3/clusters/${CLUSTER.clusterId}/links`;
const CREDENTIALS: ConfluentCredentials = { kind: 'basic', apiKey: 'DETAILKEY', apiSecret: 'detail-secret' };
const MINUTE = 60_000;

const HUGE_STATUS = 'S'.repeat(450_000);
const HUGE_TASK = 'T'.repeat(300_000);
const HUGE_CODE = 'E'.repeat(300_000);

/** Code points of a text (what the bounds count). */
const codePoints = (text: string | null | undefined) => [...(text ?? '')].length;

let server: FaultServer;
let tables: TestTables;
let store: DynamoDbLinkStateStore;

beforeAll(async () => {
  server = await startFaultServer();
  tables = await createTables(localDynamoDbClient(dynamoDbEndpoint()), 'detail-bounds');
  store = new DynamoDbLinkStateStore({ client: localDynamoDbClient(dynamoDbEndpoint()), ...tables });
});

afterAll(async () => {
  await tables?.drop();
  await server?.close();
});

/** The link's listing entry, its tasks and its mirror topics (two: one odd, one FAILED). */
function serve(
  counts: readonly { state_category: string; count: number }[],
  tasks: unknown,
  mirrors: unknown,
) {
  server.script(LINKS, [
    { kind: 'json', body: linksPage([rawLink('orders-dr', { category_counts: counts })], null) },
  ]);
  server.script(`${LINKS}/orders-dr`, [{ kind: 'json', body: { link_name: 'orders-dr', tasks } }]);
  server.script(`${LINKS}/orders-dr/mirrors`, [
    { kind: 'json', body: { metadata: { next: null }, data: mirrors } },
  ]);
  server.script(`${LINKS}/orders-dr/mirrors/orders-failed`, [
    {
      kind: 'json',
      body: {
        link_name: 'orders-dr',
        mirror_topic_name: 'orders-failed',
        mirror_status: 'FAILED',
        mirror_topic_error: HUGE_CODE,
        mirror_state_transition_errors: [{ error_code: HUGE_CODE, error_message: 'm'.repeat(500_000) }],
      },
    },
  ]);
}

describe('Poll with detail responses of any size (DynamoDB Local)', () => {
  let polls: PollSummary[];
  const notifier = new RecordingNotifier();

  beforeAll(async () => {
    let clock = Date.parse('2026-11-26T08:00:00Z');
    const configured = [{ clusterId: CLUSTER.clusterId, restEndpoint: server.url, credentials: CREDENTIALS }];
    const client = new ConfluentLinksClient({
      clusters: configured,
      options: { maxAttempts: 1, requestTimeoutMs: 20_000 },
      now: () => clock,
    });
    const poll = async () => {
      const summary = await pollClusters([CLUSTER], DEFAULT_POLL_SETTINGS, {
        source: client,
        details: detailSourceForClusters(client, configured),
        store,
        notifier,
        now: () => new Date(clock),
        deadline: clock + MINUTE,
      });
      clock += MINUTE;
      return summary;
    };
    // A healthy baseline, then the odd readings: the counts change, so the mirrors are read.
    serve(
      [{ state_category: 'ACTIVE', count: 2 }],
      [{ task_name: 'AclSync', state: 'ACTIVE', errors: [] }],
      [],
    );
    const baseline = await poll();
    serve(
      [{ state_category: 'IN_ERROR', count: 2 }],
      [
        {
          task_name: HUGE_TASK,
          state: 'IN_ERROR',
          errors: [{ error_code: HUGE_CODE, error_message: 'denied' }],
        },
      ],
      [
        { link_name: 'orders-dr', mirror_topic_name: 'orders', mirror_status: HUGE_STATUS, mirror_lags: [] },
        {
          link_name: 'orders-dr',
          mirror_topic_name: 'orders-failed',
          mirror_status: 'FAILED',
          mirror_topic_error: HUGE_CODE,
        },
      ],
    );
    polls = [baseline, await poll(), await poll()];
  }, 120_000);

  it('commits the link with its odd parts on the poll that reads them, and on every poll after', async () => {
    // Assess
    for (const summary of polls) {
      expect(summary.results[0]).toMatchObject({ outcome: 'ok', linkFailures: 0, detailFailures: 0 });
    }
    expect(polls[1]?.results[0]?.events).toBeGreaterThan(0);
  });

  it('keeps every string within the bounds the listing uses', async () => {
    // Act
    const [snapshot] = (await store.readClusterState(CLUSTER.clusterId)).links;

    // Assess
    const topics = snapshot?.link.mirrorTopics ?? [];
    const odd = topics.find((t) => t.topicName === 'orders');
    const failed = topics.find((t) => t.topicName === 'orders-failed');
    expect(codePoints(odd?.status)).toBe(BOUNDS.identifierChars);
    expect(odd?.status.startsWith('SSS')).toBe(true);
    expect(codePoints(failed?.error)).toBe(BOUNDS.identifierChars);
    expect(failed?.transitionErrors).toHaveLength(1);
    expect(codePoints(failed?.transitionErrors[0]?.errorCode)).toBe(BOUNDS.identifierChars);
    expect(codePoints(failed?.transitionErrors[0]?.errorMessage)).toBeLessThan(BOUNDS.messageChars + 40);
    const [task] = snapshot?.link.tasks ?? [];
    expect(codePoints(task?.taskName)).toBe(BOUNDS.identifierChars);
    expect(codePoints(task?.errors[0]?.errorCode)).toBe(BOUNDS.identifierChars);
  });

  it('records and notifies the parts’ changes with the bounded values', async () => {
    // Act
    const events = notifier.published.flatMap((n) => n.events);

    // Assess
    const parts = events.filter((e) => e.part !== undefined);
    expect(parts.map((e) => e.type).sort()).toEqual([
      'MIRROR_TOPIC_STATE_CHANGED',
      'MIRROR_TOPIC_STATE_CHANGED',
      'TASK_STATE_CHANGED',
    ]);
    for (const event of parts) {
      expect(codePoints(event.part?.name)).toBeLessThanOrEqual(BOUNDS.identifierChars);
      expect(codePoints(event.part?.state)).toBeLessThanOrEqual(BOUNDS.identifierChars);
      expect(codePoints(event.part?.errorCode)).toBeLessThanOrEqual(BOUNDS.identifierChars);
    }
  });
});
