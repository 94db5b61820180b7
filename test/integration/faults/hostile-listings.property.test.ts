/**
 * The real poll (the Confluent client on a socket, the parser, the diff, DynamoDB Local, the SNS
 * notifier against the local endpoint) over generated listings in which one link carries what a
 * hostile or merely unusual server may send, its entry valid or one the schema refuses. The
 * invariant: every other link's change in the same listing, and every later change, is recorded
 * and notified in that poll or the next; whatever fails for the odd link is reported against it,
 * and nothing is left pending. An entry the schema refuses is counted in every poll that sees it,
 * and the odd link is never reported removed for it: it keeps its last recorded state.
 */
import { SNSClient } from '@aws-sdk/client-sns';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfluentLinksClient } from '../../../adapters/confluent/confluent-links-client.js';
import { DynamoDbLinkStateStore } from '../../../adapters/dynamodb/dynamodb-link-state-store.js';
import { SnsNotifier } from '../../../adapters/sns/sns-notifier.js';
import type { HistoryEvent } from '../../../core/model/change-events.js';
import { pollClusters } from '../../../core/poll/poll-clusters.js';
import type { PollSummary } from '../../../core/poll/poll-results.js';
import { DEFAULT_POLL_SETTINGS, type PollSettings } from '../../../core/poll/poll-settings.js';
import {
  createTables,
  localDynamoDbClient,
  type TestTables,
} from '../../../tools/local-aws/dynamodb-local.js';
import { type LocalAwsEndpoint, startLocalAwsEndpoint } from '../../../tools/local-aws/local-aws-endpoint.js';
import { dynamoDbEndpoint } from '../../support/dynamodb-endpoint.js';
import {
  describeHostileLink,
  type EntryBreakage,
  type HostileLink,
  type HostileLinkState,
  hostileLink,
  refusedLink,
  restLink,
  restPage,
} from '../../support/fault-hostile-links.js';
import { FaultNotifier } from '../../support/fault-notifier.js';
import { startReport } from '../../support/fault-report.js';
import { type FaultServer, startFaultServer } from '../../support/fault-server.js';
import '../../support/fast-check-seed.js';

const record = startReport('hostile-listings');
const CREDENTIALS = { kind: 'basic', apiKey: 'HOSTILEKEY42', apiSecret: 'hostile-secret-0a1b2c' } as const;
const TOPIC_ARN = 'arn:aws:sns:us-east-1:123456789012:link-alerts';
const SETTINGS: PollSettings = {
  ...DEFAULT_POLL_SETTINGS,
  notifyTopicChanges: true,
  notifyMessageChanges: true,
};
const MINUTE = 60_000;
/** Generated cases per run: each is four polls with payloads of up to megabytes. */
const RUNS = 6;

const quiet = (
  state: string,
): Pick<HostileLinkState, 'state' | 'error' | 'message'> & { topics: string[] } => ({
  state,
  error: null,
  message: null,
  topics: ['orders'],
});

/** The cases the issue reproduced, always run, before the generated ones. */
const REPRODUCED: readonly [string, HostileLink][] = (() => {
  const plain: HostileLinkState = {
    state: 'ACTIVE',
    error: null,
    message: null,
    topics: { description: '1 topic', names: ['orders'] },
  };
  const topics = (count: number): HostileLinkState['topics'] => ({
    description: `${count} topics`,
    names: Array.from({ length: count }, (_, i) => `orders.mirror.topic-${String(i).padStart(6, '0')}`),
  });
  return [
    [
      'a link grows by 12,500 mirror topics in one poll',
      { name: 'grows', before: plain, after: { ...plain, topics: topics(12_500) } },
    ],
    [
      'a link reports a 1 MB link_error_message',
      {
        name: 'verbose',
        before: plain,
        after: { ...plain, state: 'FAILED', error: 'UNKNOWN', message: 'm'.repeat(1_000_000) },
      },
    ],
    [
      'a link name longer than the 1,024-byte sort-key limit',
      { name: `long-${'ü'.repeat(3_000)}`, before: plain, after: { ...plain, state: 'PAUSED' } },
    ],
    [
      'a link name with a lone UTF-16 surrogate',
      { name: 'odd-\uD800-name', before: plain, after: { ...plain, state: 'FAILED' } },
    ],
    [
      'link states named constructor and toString',
      { name: 'proto', before: { ...plain, state: 'constructor' }, after: { ...plain, state: 'toString' } },
    ],
  ];
})();

/** The schema-refused entries the issue reproduced: each silenced its whole cluster. */
const REFUSED: readonly [string, HostileLink][] = (() => {
  const plain: HostileLinkState = {
    state: 'ACTIVE',
    error: null,
    message: null,
    topics: { description: '1 topic', names: ['orders'] },
  };
  const breaking = (breakage: EntryBreakage): HostileLink => ({
    name: 'odd',
    before: plain,
    after: { ...plain, state: 'FAILED' },
    refused: breakage,
  });
  return [
    [
      'a link whose name becomes empty',
      breaking({
        description: 'an empty link_name',
        named: false,
        breakEntry: (item) => [{ ...item, link_name: '' }],
      }),
    ],
    [
      'a link whose cluster_link_id goes missing',
      breaking({
        description: 'no cluster_link_id',
        named: true,
        breakEntry: ({ cluster_link_id: _id, ...rest }) => [rest],
      }),
    ],
    [
      'a link listed twice',
      breaking({
        description: 'the link listed twice, one entry FAILED',
        named: true,
        breakEntry: (item) => [item, { ...item, link_state: 'FAILED' }],
      }),
    ],
  ];
})();

describe('Property: one odd link never silences its cluster (real poll, DynamoDB Local, SNS endpoint)', () => {
  let server: FaultServer;
  let aws: LocalAwsEndpoint;
  let tables: TestTables;
  let store: DynamoDbLinkStateStore;
  let sns: SNSClient;
  let caseNumber = 0;

  beforeAll(async () => {
    server = await startFaultServer();
    aws = await startLocalAwsEndpoint();
    const admin = localDynamoDbClient(dynamoDbEndpoint());
    tables = await createTables(admin, 'hostile');
    store = new DynamoDbLinkStateStore({ client: localDynamoDbClient(dynamoDbEndpoint()), ...tables });
    sns = new SNSClient({
      endpoint: aws.endpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
      maxAttempts: 1,
    });
  });
  afterAll(async () => {
    sns?.destroy();
    await tables?.drop();
    await aws?.stop();
    await server?.close();
  });

  /** Runs one case: baseline, the odd change with a witness change, a later change, a quiet poll. */
  async function runCase(odd: HostileLink): Promise<{ lines: string[] }> {
    caseNumber += 1;
    const clusterId = `lkc-hostile-${caseNumber}-${Date.now().toString(36)}`;
    const path = `/kafka/v3/clusters/${clusterId}/links`;
    let clock = Date.parse('2026-06-01T00:00:00Z');
    const client = new ConfluentLinksClient({
      options: { maxAttempts: 1, requestTimeoutMs: 20_000 },
      // The poll runs on the case's clock; so do the client's deadlines.
      now: () => clock,
    });
    const notifier = new FaultNotifier(new SnsNotifier({ client: sns, topicArn: TOPIC_ARN }));
    const source = {
      listLinks: (request: { clusterId: string; deadline: number }) =>
        client.listClusterLinks(
          { clusterId: request.clusterId, restEndpoint: server.url, credentials: CREDENTIALS },
          request,
        ),
    };
    const serve = (side: HostileLinkState, witness: string, later: string, refused?: EntryBreakage) => {
      const item = restLink(clusterId, odd.name, { ...side, topics: side.topics.names });
      server.script(path, [
        {
          kind: 'json',
          body: restPage([
            ...((refused?.breakEntry(item) ?? [item]) as Record<string, unknown>[]),
            restLink(clusterId, 'witness', quiet(witness)),
            restLink(clusterId, 'witness-later', quiet(later)),
          ]),
        },
      ]);
    };
    const polls: PollSummary[] = [];
    const poll = async () => {
      polls.push(
        await pollClusters([{ clusterId, label: 'hostile' }], SETTINGS, {
          source,
          store,
          notifier,
          now: () => new Date(clock),
          deadline: clock + MINUTE,
        }),
      );
      clock += MINUTE;
    };

    serve(odd.before, 'ACTIVE', 'ACTIVE');
    await poll();
    const recorded = await oddSnapshot(clusterId);
    serve(odd.after, 'FAILED', 'ACTIVE', odd.refused);
    await poll();
    serve(odd.after, 'FAILED', 'PAUSED', odd.refused);
    await poll();
    await poll();

    const history = (
      await store.clusterHistory({
        clusterId,
        from: '2000-01-01T00:00:00Z',
        to: '2100-01-01T00:00:00Z',
        limit: 1000,
      })
    ).items;
    const delivered = new Set(notifier.delivered.flatMap((attempt) => attempt.eventIds));
    const changeOf = (linkName: string, to: string) =>
      history.find((e) => e.linkName === linkName && e.type === 'LINK_STATE_CHANGED' && e.to === to);
    const at = (e: HistoryEvent | undefined) =>
      e === undefined ? -1 : (Date.parse(e.observedAt) - Date.parse('2026-06-01T00:00:00Z')) / MINUTE;

    // The witness changed in poll 2 (index 1), the later one in poll 3 (index 2): each recorded and
    // sent in that poll or the next.
    const outcomes = polls
      .map(
        (s, i) =>
          `poll ${i + 1}: ${s.results[0]?.outcome} ${s.results[0]?.failedStep ?? ''} ${s.results[0]?.error?.slice(0, 300) ?? ''} ${JSON.stringify(s.results[0], (key, value) => (key === 'error' ? undefined : value))}`,
      )
      .concat(
        history.map((e) => `${e.observedAt} ${e.linkName?.slice(0, 20)} ${e.type} ${e.from} -> ${e.to}`),
      )
      .join('\n');
    const witness = changeOf('witness', 'FAILED');
    const later = changeOf('witness-later', 'PAUSED');
    expect(witness, `the change of another link in the same listing is recorded\n${outcomes}`).toBeDefined();
    expect(at(witness)).toBeGreaterThanOrEqual(1);
    expect(at(witness)).toBeLessThanOrEqual(2);
    expect(delivered.has(witness?.eventId ?? ''), 'and notified').toBe(true);
    expect(later, 'a later change of the cluster is recorded').toBeDefined();
    expect(at(later)).toBeGreaterThanOrEqual(2);
    expect(at(later)).toBeLessThanOrEqual(3);
    expect(delivered.has(later?.eventId ?? ''), 'and notified').toBe(true);
    // Nothing is left waiting: every event was sent, or given up with its reason.
    expect(await store.pendingEvents(clusterId)).toEqual([]);
    for (const summary of polls) {
      const result = summary.results[0];
      expect(result?.failedStep, 'the listing itself is never refused').not.toBe('list');
      for (const failure of result?.failedLinks ?? [])
        expect(failure.linkName?.startsWith('witness') ?? false, 'failures are the odd link’s own').toBe(
          false,
        );
    }

    const oddEvents = history.filter((e) => e.linkName !== null && !e.linkName.startsWith('witness'));
    const quarantined = await store.quarantinedEvents(clusterId);
    const failures = polls.reduce((sum, s) => sum + (s.results[0]?.linkFailures ?? 0), 0);
    const refusedPerPoll = polls.map((s) => s.results[0]?.refusedEntries ?? 0);
    if (odd.refused !== undefined) {
      // From the change on, the entry is refused in every poll, counted, and the link left as recorded.
      expect(refusedPerPoll, `the refused entry is counted in every poll that sees it\n${outcomes}`).toEqual([
        0,
        ...polls.slice(1).map(() => refusedPerPoll[1]),
      ]);
      expect(refusedPerPoll[1]).toBeGreaterThanOrEqual(1);
      expect(oddEvents.map((e) => e.type)).not.toContain('LINK_REMOVED');
      expect(await oddSnapshot(clusterId), 'the odd link keeps its last recorded state').toEqual(recorded);
    } else {
      expect(refusedPerPoll).toEqual([0, 0, 0, 0]);
    }
    return {
      lines: [
        `odd link: ${describeHostileLink(odd)}`,
        `per poll: ${polls.map((s, i) => `${i + 1}: ${s.results[0]?.outcome} ${s.results[0]?.events ?? 0} events, ${s.results[0]?.published ?? 0} published${odd.refused === undefined ? '' : `, ${refusedPerPoll[i]} entry(ies) refused`}`).join('; ')}`,
        `odd link recorded ${oddEvents.length} event(s) (${oddEvents.map((e) => e.type).join(', ') || 'none'}), ${quarantined.length} quarantined, ${failures} link failure(s)${odd.refused === undefined ? '' : ', never reported removed, its snapshot as first recorded'}; the witness change was notified in poll ${at(witness) + 1}, the later change in poll ${at(later) + 1}`,
      ],
    };
  }

  /** The odd link's snapshot: every recorded link but the two witnesses. */
  async function oddSnapshot(clusterId: string) {
    const { links } = await store.readClusterState(clusterId);
    return links.filter((s) => !s.link.linkName.startsWith('witness'));
  }

  it.each(REPRODUCED)('keeps the rest of the cluster notified when %s', async (name, odd) => {
    const outcome = await runCase(odd);
    record({
      category: 'hostile',
      name,
      injected: `One link of a three-link cluster: ${describeHostileLink(odd)}. In the same poll another link goes ACTIVE -> FAILED; a poll later a third goes ACTIVE -> PAUSED.`,
      monitor: outcome.lines,
      passed: true,
    });
  });

  it.each(REFUSED)(
    'keeps the rest of the cluster notified, and the odd link as recorded, when the schema refuses %s',
    async (name, odd) => {
      const outcome = await runCase(odd);
      record({
        category: 'hostile',
        name,
        injected: `One link of a three-link cluster: ${describeHostileLink(odd)}. In the same poll another link goes ACTIVE -> FAILED; a poll later a third goes ACTIVE -> PAUSED.`,
        monitor: outcome.lines,
        passed: true,
      });
    },
  );

  it('keeps the rest of the cluster notified whatever one link carries (generated listings)', async () => {
    const lines: string[] = [];
    await fc.assert(
      fc.asyncProperty(hostileLink, async (odd) => {
        const outcome = await runCase(odd);
        lines.push(
          ...outcome.lines.map((line, i) =>
            i === 0 ? `case ${lines.length / 3 + 1}: ${line}` : `  ${line}`,
          ),
        );
      }),
      { numRuns: RUNS, endOnFailure: true },
    );
    record({
      category: 'hostile',
      name: 'generated hostile listings',
      injected: `${RUNS} generated cases, each a cluster of three links where one carries any code points (lone surrogates included), names and states that are Object.prototype keys, names up to 100,000 characters, messages up to 1 MB, or up to 30,000 mirror topics; another link changes in the same poll and a third a poll later.`,
      monitor: lines,
      passed: true,
    });
  });

  it('keeps the rest of the cluster notified, and the odd link as recorded, whatever entry the schema refuses (generated listings)', async () => {
    const lines: string[] = [];
    await fc.assert(
      fc.asyncProperty(refusedLink, async (odd) => {
        const outcome = await runCase(odd);
        lines.push(
          ...outcome.lines.map((line, i) =>
            i === 0 ? `case ${lines.length / 3 + 1}: ${line}` : `  ${line}`,
          ),
        );
      }),
      { numRuns: RUNS, endOnFailure: true },
    );
    record({
      category: 'hostile',
      name: 'generated schema-refused entries',
      injected: `${RUNS} generated cases, each a cluster of three links where one, after carrying hostile content, sends an entry the schema refuses (an empty or non-string link_name, no link_name, an entry that is not an object, a field of the wrong type, the link listed twice); another link changes in the same poll and a third a poll later.`,
      monitor: lines,
      passed: true,
    });
  });
});
