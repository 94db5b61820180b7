import { afterEach, describe, expect, it } from 'vitest';
import { WATCHED_LINK_CONFIGS } from '../../../../core/model/link-syncs.js';
import {
  type ConfluentSimulator,
  type SimulatedClusterInit,
  startConfluentSimulator,
} from '../../../../tools/simulator/confluent-simulator.js';
import { SIMULATED_LINK_SECRET } from '../../../../tools/simulator/simulated-link-configs.js';
import { contractSchemas, schemaProblems } from '../../../support/openapi-schema-check.js';

const BASIC = `Basic ${Buffer.from('SIMKEY:sim-secret').toString('base64')}`;
const T0 = Date.parse('2026-03-02T10:00:00.000Z');
const MINUTE = 60_000;
const DETAIL_SCHEMAS = contractSchemas('link-detail-and-mirrors.openapi.yaml');
const READINESS_SCHEMAS = contractSchemas('link-configs-and-failover.openapi.yaml');

let simulator: ConfluentSimulator | undefined;
/** The simulated clock the simulator reads; each test moves it. */
let clockMs = T0;

afterEach(async () => {
  await simulator?.close();
  simulator = undefined;
  clockMs = T0;
});

async function start(links: SimulatedClusterInit['links']): Promise<ConfluentSimulator> {
  simulator = await startConfluentSimulator({
    auth: { kind: 'basic', apiKey: 'SIMKEY', apiSecret: 'sim-secret' },
    clusters: [{ clusterId: 'lkc-a', links }],
    now: () => clockMs,
  });
  return simulator;
}

interface MirrorJson {
  link_name: string;
  mirror_topic_name: string;
  mirror_status: string;
  mirror_topic_error: string;
  state_time_ms: number;
  mirror_lags: { partition: number; lag: number; last_source_fetch_offset: number }[];
  mirror_state_transition_errors?: { error_code: string; error_message: string }[];
}

interface DryRunJson {
  kind: string;
  data: { mirror_topic_name: string; error_code: number | null; error_message: string | null }[];
}

async function getJson<T>(sim: ConfluentSimulator, path: string): Promise<T> {
  const response = await fetch(`${sim.linksUrl('lkc-a')}${path}`, { headers: { authorization: BASIC } });
  expect(response.status).toBe(200);
  return (await response.json()) as T;
}

async function mirrorsOf(sim: ConfluentSimulator, path: string): Promise<Map<string, MirrorJson>> {
  const body = await getJson<{ data: MirrorJson[] }>(sim, path);
  expect(schemaProblems(DETAIL_SCHEMAS, 'ListMirrorTopicsResponseDataList', body)).toEqual([]);
  return new Map(body.data.map((t) => [`${t.link_name}/${t.mirror_topic_name}`, t]));
}

function post(
  sim: ConfluentSimulator,
  path: string,
  body: unknown,
  authorization = BASIC,
): Promise<Response> {
  return fetch(`${sim.linksUrl('lkc-a')}${path}`, {
    method: 'POST',
    headers: { authorization, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}

const lagsOf = (topic: MirrorJson | undefined) => topic?.mirror_lags.map((p) => p.lag);
const offsetsOf = (topic: MirrorJson | undefined) =>
  topic?.mirror_lags.map((p) => p.last_source_fetch_offset) ?? [];

describe('Confluent simulator: mirror offsets that move with the simulated clock', () => {
  it('advances fetch offsets by fetch rate × elapsed and lag by what is produced beyond, in both listings', async () => {
    // Prepare
    const sim = await start([{ linkName: 'orders-dr', topicNames: ['orders', 'order-events'] }]);
    sim.updateLink('lkc-a', 'orders-dr', { mirrorTopics: { orders: { produceRate: 100, fetchRate: 25 } } });

    // Act
    clockMs = T0 + MINUTE;
    const first = await mirrorsOf(sim, '/-/mirrors');
    clockMs = T0 + 2 * MINUTE;
    const second = await mirrorsOf(sim, '/-/mirrors');
    const ofLink = await mirrorsOf(sim, '/orders-dr/mirrors');

    // Assess
    const before = first.get('orders-dr/orders');
    const after = second.get('orders-dr/orders');
    expect(lagsOf(before)).toEqual([4500, 4500, 4500]);
    expect(lagsOf(after)).toEqual([9000, 9000, 9000]);
    expect(offsetsOf(after).map((o, p) => o - (offsetsOf(before)[p] ?? 0))).toEqual([1500, 1500, 1500]);
    expect(ofLink.get('orders-dr/orders')).toEqual(after);
    expect(lagsOf(second.get('orders-dr/order-events'))).toEqual([0, 0, 0]);
  });

  it('shows a stall under an ACTIVE link with no error: the fetch offset stands still while the lag grows', async () => {
    // Prepare
    const sim = await start([{ linkName: 'payments-dr', topicNames: ['payments', 'refunds'] }]);
    clockMs = T0 + MINUTE;
    sim.updateLink('lkc-a', 'payments-dr', { mirrorTopics: { refunds: { fetchRate: 0 } } });
    const listing = () => getJson<{ data: Record<string, unknown>[] }>(sim, '');

    // Act
    clockMs = T0 + 2 * MINUTE;
    const first = (await mirrorsOf(sim, '/-/mirrors')).get('payments-dr/refunds');
    clockMs = T0 + 5 * MINUTE;
    const later = (await mirrorsOf(sim, '/-/mirrors')).get('payments-dr/refunds');
    const link = (await listing()).data[0];

    // Assess
    expect(offsetsOf(later)).toEqual(offsetsOf(first));
    expect(lagsOf(first)).toEqual([600, 600, 600]);
    expect(lagsOf(later)).toEqual([2400, 2400, 2400]);
    expect(later).toMatchObject({ mirror_status: 'ACTIVE', mirror_topic_error: 'NO_ERROR' });
    expect(link).toMatchObject({
      link_state: 'ACTIVE',
      link_error: 'NO_ERROR',
      category_counts: [{ state_category: 'ACTIVE', count: 2 }],
    });
  });

  it('dates a topic from when it entered its status, and describes its scripted transition error', async () => {
    // Prepare
    const sim = await start([{ linkName: 'orders-dr', topicNames: ['orders', 'order-events'] }]);
    clockMs = T0 + 5 * MINUTE;
    sim.updateLink('lkc-a', 'orders-dr', {
      mirrorTopics: {
        'order-events': {
          status: 'PENDING_STOPPED',
          transitionError: { code: 'REQUEST_TIMED_OUT', message: 'the source did not answer' },
        },
      },
    });

    // Act
    clockMs = T0 + 20 * MINUTE;
    const described = await getJson<MirrorJson>(
      sim,
      '/orders-dr/mirrors/order-events?include_state_transition_errors=true',
    );
    const listed = (await mirrorsOf(sim, '/orders-dr/mirrors')).get('orders-dr/order-events');
    const untouched = (await mirrorsOf(sim, '/orders-dr/mirrors')).get('orders-dr/orders');

    // Assess
    expect(described).toMatchObject({
      mirror_status: 'PENDING_STOPPED',
      mirror_topic_error: 'NO_ERROR',
      state_time_ms: T0 + 5 * MINUTE,
      mirror_state_transition_errors: [
        { error_code: 'REQUEST_TIMED_OUT', error_message: 'the source did not answer' },
      ],
    });
    expect(listed?.mirror_state_transition_errors).toBeUndefined();
    expect(untouched?.state_time_ms).toBe(T0);
  });
});

describe('Confluent simulator: link configs', () => {
  interface ConfigJson {
    name: string;
    value: string;
    is_default: boolean;
    is_read_only: boolean;
    is_sensitive: boolean;
    source: string;
  }
  const configsOf = async (sim: ConfluentSimulator, linkName: string) => {
    const body = await getJson<{ kind: string; metadata: { next: unknown }; data: ConfigJson[] }>(
      sim,
      `/${linkName}/configs`,
    );
    return { body, byName: new Map(body.data.map((c) => [c.name, c])) };
  };

  it('serves every config a failover depends on, with its default, shaped as the contract says', async () => {
    // Prepare
    const sim = await start([{ linkName: 'orders-dr' }]);

    // Act
    const { body, byName } = await configsOf(sim, 'orders-dr');

    // Assess
    expect(schemaProblems(READINESS_SCHEMAS, 'ListLinkConfigsResponseDataList', body)).toEqual([]);
    expect(body).toMatchObject({ kind: 'KafkaLinkConfigDataList', metadata: { next: null } });
    expect(WATCHED_LINK_CONFIGS.filter((name) => !byName.has(name))).toEqual([]);
    expect(
      Object.fromEntries(
        [
          'consumer.offset.sync.enable',
          'acl.sync.enable',
          'auto.create.mirror.topics.enable',
          'link.mode',
          'connection.mode',
        ].map((name) => [name, byName.get(name)?.value]),
      ),
    ).toEqual({
      'consumer.offset.sync.enable': 'true',
      'acl.sync.enable': 'false',
      'auto.create.mirror.topics.enable': 'false',
      'link.mode': 'DESTINATION',
      'connection.mode': 'OUTBOUND',
    });
    expect(byName.get('acl.sync.enable')).toMatchObject({ is_default: true, source: 'DEFAULT_CONFIG' });
    expect(byName.get('link.mode')).toMatchObject({ is_read_only: true });
    expect(body.data[0]).toMatchObject({
      kind: 'KafkaLinkConfigData',
      cluster_id: 'lkc-a',
      link_name: 'orders-dr',
    });
  });

  it('holds a sensitive sasl.jaas.config, marked so, whose value is the secret a reader must drop', async () => {
    // Prepare
    const sim = await start([{ linkName: 'orders-dr' }]);

    // Act
    const { byName } = await configsOf(sim, 'orders-dr');

    // Assess
    expect(byName.get('sasl.jaas.config')).toMatchObject({ is_sensitive: true, is_default: false });
    expect(byName.get('sasl.jaas.config')?.value).toContain(SIMULATED_LINK_SECRET);
    expect(
      [...byName.values()].filter((c) => c.value.includes(SIMULATED_LINK_SECRET)).map((c) => c.name),
    ).toEqual(['sasl.jaas.config']);
  });

  it('shows a config set on the link as set, puts it back with null, and follows it in the task of its sync', async () => {
    // Prepare
    const sim = await start([{ linkName: 'orders-dr' }]);
    const consumerOffsetSync = async () =>
      (
        await getJson<{ tasks: { task_name: string; state: string }[] }>(sim, '/orders-dr?include_tasks=true')
      ).tasks.find((t) => t.task_name === 'ConsumerOffsetSync')?.state;

    // Act
    sim.updateLink('lkc-a', 'orders-dr', {
      configs: { 'consumer.offset.sync.enable': 'false', 'acl.sync.enable': 'true' },
    });
    const off = await configsOf(sim, 'orders-dr');
    const taskWhenOff = await consumerOffsetSync();
    sim.updateLink('lkc-a', 'orders-dr', { configs: { 'consumer.offset.sync.enable': null } });
    const back = await configsOf(sim, 'orders-dr');
    const taskWhenBack = await consumerOffsetSync();

    // Assess
    expect(off.byName.get('consumer.offset.sync.enable')).toMatchObject({
      value: 'false',
      is_default: false,
      source: 'DYNAMIC_CLUSTER_LINK_CONFIG',
    });
    expect(off.byName.get('acl.sync.enable')?.value).toBe('true');
    expect(taskWhenOff).toBe('NOT_CONFIGURED');
    expect(back.byName.get('consumer.offset.sync.enable')?.value).toBe('true');
    expect(taskWhenBack).toBe('ACTIVE');
  });

  it('answers 404 for the configs of a link it does not have', async () => {
    // Prepare
    const sim = await start([{ linkName: 'orders-dr' }]);

    // Act
    const response = await fetch(`${sim.linksUrl('lkc-a')}/nope/configs`, {
      headers: { authorization: BASIC },
    });

    // Assess
    expect(response.status).toBe(404);
  });
});

describe('Confluent simulator: failover and promote dry runs', () => {
  const topics = ['healthy', 'failed', 'stopped', 'stalled', 'scripted'];
  const startWithTroubledTopics = async () => {
    const sim = await start([{ linkName: 'orders-dr', topicNames: topics }]);
    sim.updateLink('lkc-a', 'orders-dr', {
      mirrorTopics: {
        failed: { status: 'FAILED', error: 'SOURCE_TOPIC_MAY_BE_DELETED' },
        stopped: { status: 'STOPPED' },
        stalled: { fetchRate: 0 },
        scripted: { dryRunError: { code: 40002, message: 'Topic scripted has uncommitted transactions' } },
      },
    });
    clockMs = T0 + MINUTE;
    return sim;
  };

  it('answers a failover dry run per topic: null when it would succeed, a 400 with its reason when not', async () => {
    // Prepare
    const sim = await startWithTroubledTopics();

    // Act
    const response = await post(sim, '/orders-dr/mirrors:failover?validate_only=true', {
      mirror_topic_names: [...topics, 'unknown'],
    });
    const body = (await response.json()) as DryRunJson;

    // Assess
    expect(response.status).toBe(200);
    expect(schemaProblems(READINESS_SCHEMAS, 'AlterMirrorStatusResponseDataList', body)).toEqual([]);
    const verdicts = Object.fromEntries(body.data.map((t) => [t.mirror_topic_name, t.error_code]));
    expect(verdicts).toEqual({
      healthy: null,
      failed: 400,
      stopped: 400,
      stalled: 400,
      scripted: 40002,
      unknown: 404,
    });
    expect(body.data.find((t) => t.mirror_topic_name === 'stalled')?.error_message).toMatch(
      /fetches nothing from the source and is 600 messages behind/,
    );
    expect(body.data.find((t) => t.mirror_topic_name === 'scripted')?.error_message).toBe(
      'Topic scripted has uncommitted transactions',
    );
    expect(sim.actionRequests()).toEqual([
      expect.objectContaining({
        action: 'mirrors:failover',
        method: 'POST',
        query: 'validate_only=true',
        validateOnly: true,
        topicNames: [...topics, 'unknown'],
      }),
    ]);
    expect(sim.unsafeActionRequests()).toEqual([]);
  });

  it('lets failover pass under an unavailable link but not promote, which needs the source', async () => {
    // Prepare
    const sim = await start([{ linkName: 'orders-dr', topicNames: ['orders'] }]);
    sim.setLinkState('lkc-a', 'orders-dr', 'UNAVAILABLE', 'BOOTSTRAP_TCP_CONNECTION_FAILED_ERROR');
    const dryRun = async (action: string) =>
      (
        (await (
          await post(sim, `/orders-dr/mirrors:${action}?validate_only=true`, {
            mirror_topic_name_pattern: 'ord.*',
          })
        ).json()) as DryRunJson
      ).data;

    // Act
    const failover = await dryRun('failover');
    const promote = await dryRun('promote');

    // Assess
    expect(failover).toEqual([expect.objectContaining({ mirror_topic_name: 'orders', error_code: null })]);
    expect(promote).toEqual([expect.objectContaining({ mirror_topic_name: 'orders', error_code: 400 })]);
  });

  it.each([
    ['no validate_only', '/orders-dr/mirrors:failover'],
    ['validate_only=false', '/orders-dr/mirrors:promote?validate_only=false'],
    [
      'validate_only given twice, once false',
      '/orders-dr/mirrors:failover?validate_only=true&validate_only=false',
    ],
    ['another action', '/orders-dr/mirrors:pause'],
  ])('refuses an action with %s, changes nothing, and keeps it on record', async (_case, path) => {
    // Prepare
    const sim = await startWithTroubledTopics();

    // Act
    const response = await post(sim, path, { mirror_topic_names: ['healthy'] });
    const after = await mirrorsOf(sim, '/orders-dr/mirrors');

    // Assess
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error_code: number }).error_code).toBe(400);
    expect(after.get('orders-dr/healthy')?.mirror_status).toBe('ACTIVE');
    expect(sim.unsafeActionRequests()).toEqual([
      expect.objectContaining({ linkName: 'orders-dr', validateOnly: false, topicNames: ['healthy'] }),
    ]);
  });

  it('keeps on record an action refused for its credentials too', async () => {
    // Prepare
    const sim = await start([{ linkName: 'orders-dr' }]);

    // Act
    const response = await post(
      sim,
      '/orders-dr/mirrors:failover',
      { mirror_topic_names: ['x'] },
      'Basic bad',
    );

    // Assess
    expect(response.status).toBe(401);
    expect(sim.unsafeActionRequests()).toEqual([
      expect.objectContaining({ action: 'mirrors:failover', query: '', atMs: T0 }),
    ]);
  });

  it('answers 400 for a dry run whose body names no topic', async () => {
    // Prepare
    const sim = await start([{ linkName: 'orders-dr' }]);

    // Act
    const response = await post(sim, '/orders-dr/mirrors:failover?validate_only=true', {});

    // Assess
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      error_code: 400,
      message: 'One of mirror_topic_names or mirror_topic_name_pattern is required',
    });
  });

  it('applies a detail fault to dry runs and configs as to every call about a link', async () => {
    // Prepare
    const sim = await start([{ linkName: 'orders-dr' }]);
    sim.failDetails('lkc-a', { kind: 'server-error', status: 503, times: 2 });

    // Act
    const dryRun = await post(sim, '/orders-dr/mirrors:failover?validate_only=true', {
      mirror_topic_names: ['orders-dr.topic-0'],
    });
    const configs = await fetch(`${sim.linksUrl('lkc-a')}/orders-dr/configs`, {
      headers: { authorization: BASIC },
    });

    // Assess
    expect([dryRun.status, configs.status]).toEqual([503, 503]);
    expect(sim.detailRequestCountFor('lkc-a')).toBe(2);
  });
});
