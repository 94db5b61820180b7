import { afterEach, describe, expect, it } from 'vitest';
import { ConfluentApiError } from '../../../../adapters/confluent/confluent-errors.js';
import { ConfluentLinkDetailsClient } from '../../../../adapters/confluent/confluent-link-details.js';
import { ConfluentLinksClient } from '../../../../adapters/confluent/confluent-links-client.js';
import type { ConfluentCredentials } from '../../../../adapters/confluent/credentials.js';
import { parseLinksPage } from '../../../../adapters/confluent/parse-links-page.js';
import {
  type ConfluentSimulator,
  type ConfluentSimulatorOptions,
  startConfluentSimulator,
} from '../../../../tools/simulator/confluent-simulator.js';

const CREDENTIALS: ConfluentCredentials = { kind: 'basic', apiKey: 'SIMKEY', apiSecret: 'sim-secret' };
const BASIC = `Basic ${Buffer.from('SIMKEY:sim-secret').toString('base64')}`;

let simulator: ConfluentSimulator | undefined;

afterEach(async () => {
  await simulator?.close();
  simulator = undefined;
});

async function start(options: ConfluentSimulatorOptions): Promise<ConfluentSimulator> {
  simulator = await startConfluentSimulator({ auth: CREDENTIALS, ...options });
  return simulator;
}

function clientFor(
  sim: ConfluentSimulator,
  clusterIds: readonly string[],
  credentials: ConfluentCredentials = CREDENTIALS,
  options: { maxAttempts?: number; requestTimeoutMs?: number } = {},
): ConfluentLinksClient {
  return new ConfluentLinksClient({
    clusters: clusterIds.map((clusterId) => ({ clusterId, restEndpoint: sim.baseUrl, credentials })),
    options: { baseDelayMs: 1, maxDelayMs: 5, ...options },
  });
}

async function listingError(client: ConfluentLinksClient, clusterId: string): Promise<ConfluentApiError> {
  const error = await client.listLinks({ clusterId, deadline: Date.now() + 10_000 }).then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ConfluentApiError);
  return error as ConfluentApiError;
}

describe('Confluent simulator: the links listing', () => {
  it('serves every link across pages that the real client follows to the end', async () => {
    // Prepare
    const sim = await start({ clusters: [{ clusterId: 'lkc-a', links: 5 }], pageSize: 2 });

    // Act
    const listing = await clientFor(sim, ['lkc-a']).listLinks({
      clusterId: 'lkc-a',
      deadline: Date.now() + 10_000,
    });

    // Assess
    expect(listing.links.map((l) => l.linkName)).toEqual([
      'link-0000',
      'link-0001',
      'link-0002',
      'link-0003',
      'link-0004',
    ]);
    expect(listing.pages).toBe(3);
    expect(sim.requestCountFor('lkc-a')).toBe(3);
    expect(listing.links[0]).toMatchObject({
      linkState: 'ACTIVE',
      linkError: null,
      destinationClusterId: 'lkc-a',
    });
  });

  it('shapes each page as the spec does: kind, absolute self and next, every link field', async () => {
    // Prepare
    const sim = await start({ clusters: [{ clusterId: 'lkc-a', links: 3 }], pageSize: 2 });

    // Act
    const first = (await (
      await fetch(sim.linksUrl('lkc-a'), { headers: { authorization: BASIC } })
    ).json()) as {
      kind: string;
      metadata: { self: string; next: string | null };
      data: Record<string, unknown>[];
    };
    const second = (await (
      await fetch(first.metadata.next ?? '', { headers: { authorization: BASIC } })
    ).json()) as {
      metadata: { self: string; next: string | null };
      data: unknown[];
    };

    // Assess
    expect(first.kind).toBe('KafkaLinkDataList');
    expect(first.metadata.self).toBe(sim.linksUrl('lkc-a'));
    expect(first.metadata.next).toMatch(new RegExp(`^${sim.linksUrl('lkc-a')}\\?page_token=`));
    expect(second.metadata).toEqual({ self: first.metadata.next, next: null });
    expect(second.data).toHaveLength(1);
    expect(Object.keys(first.data[0] ?? {}).sort()).toEqual(
      [
        'category_counts',
        'cluster_link_id',
        'destination_cluster_id',
        'kind',
        'link_error',
        'link_error_message',
        'link_id',
        'link_name',
        'link_state',
        'metadata',
        'remote_cluster_id',
        'source_cluster_id',
        'tasks',
        'topic_names',
      ].sort(),
    );
    expect(first.data[0]).toMatchObject({ kind: 'KafkaLinkData', link_error: 'NO_ERROR', tasks: [] });
    expect(() =>
      parseLinksPage(first, { clusterId: 'lkc-a', path: '/kafka/v3/clusters/lkc-a/links' }),
    ).not.toThrow();
  });

  it('shows programmatic changes in the next listing: state, error, removal, addition, recreation', async () => {
    // Prepare
    const sim = await start({ clusters: [{ clusterId: 'lkc-a', links: 3 }] });
    const client = clientFor(sim, ['lkc-a']);
    const before = await client.listLinks({ clusterId: 'lkc-a', deadline: Date.now() + 10_000 });

    // Act
    sim.setLinkState(
      'lkc-a',
      'link-0000',
      'UNAVAILABLE',
      'AUTHENTICATION_ERROR',
      'Please check your api key and secret',
    );
    sim.removeLink('lkc-a', 'link-0001');
    sim.addLink('lkc-a', { linkName: 'new-link', topicNames: ['t1'] });
    const recreated = sim.recreateLink('lkc-a', 'link-0002');
    const after = await client.listLinks({ clusterId: 'lkc-a', deadline: Date.now() + 10_000 });

    // Assess
    const byName = new Map(after.links.map((l) => [l.linkName, l]));
    expect([...byName.keys()].sort()).toEqual(['link-0000', 'link-0002', 'new-link']);
    expect(byName.get('link-0000')).toMatchObject({
      linkState: 'UNAVAILABLE',
      linkError: 'AUTHENTICATION_ERROR',
      linkErrorMessage: 'Please check your api key and secret',
    });
    expect(byName.get('new-link')?.topicNames).toEqual(['t1']);
    const oldId = before.links.find((l) => l.linkName === 'link-0002')?.clusterLinkId;
    expect(byName.get('link-0002')?.clusterLinkId).toBe(recreated.clusterLinkId);
    expect(recreated.clusterLinkId).not.toBe(oldId);
  });

  it('clears the error when a link goes back to ACTIVE', async () => {
    // Prepare
    const sim = await start({ clusters: [{ clusterId: 'lkc-a', links: 1 }] });
    sim.setLinkState('lkc-a', 'link-0000', 'FAILED', 'TIMEOUT_ERROR', 'timed out');

    // Act
    const link = sim.updateLink('lkc-a', 'link-0000', { linkState: 'ACTIVE' });

    // Assess
    expect(link).toMatchObject({ linkState: 'ACTIVE', linkError: null, linkErrorMessage: null });
  });

  it('accepts Bearer tokens when configured with one', async () => {
    // Prepare
    const bearer: ConfluentCredentials = { kind: 'bearer', token: 'oauth-token-1' };
    simulator = await startConfluentSimulator({ auth: bearer, clusters: [{ clusterId: 'lkc-a', links: 2 }] });

    // Act
    const listing = await clientFor(simulator, ['lkc-a'], bearer).listLinks({
      clusterId: 'lkc-a',
      deadline: Date.now() + 10_000,
    });

    // Assess
    expect(listing.links).toHaveLength(2);
  });
});

describe('Confluent simulator: errors as the spec defines them', () => {
  it('answers wrong credentials with 401 and error_code 40101', async () => {
    // Prepare
    const sim = await start({ clusters: [{ clusterId: 'lkc-a', links: 1 }] });
    const wrong: ConfluentCredentials = { kind: 'basic', apiKey: 'SIMKEY', apiSecret: 'wrong' };

    // Act
    const error = await listingError(clientFor(sim, ['lkc-a'], wrong), 'lkc-a');
    const raw = await fetch(sim.linksUrl('lkc-a'));

    // Assess
    expect(error).toMatchObject({ kind: 'auth', status: 401, errorCode: 40101 });
    expect(raw.status).toBe(401);
    expect(await raw.json()).toEqual({ error_code: 40101, message: 'Authentication failed' });
  });

  it('accepts only the new key once its credentials are rotated', async () => {
    // Prepare
    const sim = await start({ clusters: [{ clusterId: 'lkc-a', links: 1 }] });
    const rotated: ConfluentCredentials = { kind: 'basic', apiKey: 'SIMKEY2', apiSecret: 'sim-secret-2' };

    // Act
    sim.setAuth(rotated);
    const old = await listingError(clientFor(sim, ['lkc-a']), 'lkc-a');
    const listing = await clientFor(sim, ['lkc-a'], rotated).listLinks({
      clusterId: 'lkc-a',
      deadline: Date.now() + 10_000,
    });

    // Assess
    expect(old).toMatchObject({ kind: 'auth', status: 401 });
    expect(listing.links).toHaveLength(1);
  });

  it('answers an unknown cluster with 404', async () => {
    // Prepare
    const sim = await start({ clusters: [{ clusterId: 'lkc-a', links: 1 }] });

    // Act
    const error = await listingError(clientFor(sim, ['lkc-missing']), 'lkc-missing');

    // Assess
    expect(error).toMatchObject({ kind: 'client', status: 404, clusterId: 'lkc-missing' });
  });

  it("answers 429 with Jetty's HTML page, and the client's retry then succeeds", async () => {
    // Prepare
    const sim = await start({ clusters: [{ clusterId: 'lkc-a', links: 2 }] });
    sim.failCluster('lkc-a', { kind: 'rate-limited', times: 2 });
    const raw = await fetch(sim.linksUrl('lkc-a'), { headers: { authorization: BASIC } });
    const html = await raw.text();

    // Act
    const listing = await clientFor(sim, ['lkc-a']).listLinks({
      clusterId: 'lkc-a',
      deadline: Date.now() + 10_000,
    });

    // Assess
    expect(raw.status).toBe(429);
    expect(raw.headers.get('content-type')).toMatch(/^text\/html/);
    expect(html).toContain('HTTP ERROR 429 Too Many Requests');
    expect(listing.links).toHaveLength(2);
    expect(sim.requestCountFor('lkc-a')).toBe(3);
    expect(sim.faultOf('lkc-a')).toBeNull();
  });

  it('keeps answering 429 until the fault is cleared, so the client gives up as rate-limited', async () => {
    // Prepare
    const sim = await start({ clusters: [{ clusterId: 'lkc-a', links: 2 }] });
    sim.failCluster('lkc-a', { kind: 'rate-limited' });

    // Act
    const error = await listingError(clientFor(sim, ['lkc-a'], CREDENTIALS, { maxAttempts: 3 }), 'lkc-a');

    // Assess
    expect(error).toMatchObject({ kind: 'rate-limited', status: 429, attempts: 3 });
  });

  it('answers server errors with the given 5xx status and error_code 50003', async () => {
    // Prepare
    const sim = await start({ clusters: [{ clusterId: 'lkc-a', links: 2 }] });
    sim.failCluster('lkc-a', { kind: 'server-error', status: 503 });

    // Act
    const error = await listingError(clientFor(sim, ['lkc-a'], CREDENTIALS, { maxAttempts: 2 }), 'lkc-a');

    // Assess
    expect(error).toMatchObject({ kind: 'server', status: 503, errorCode: 50003 });
  });

  it('can fail a listing part-way, and the client returns no partial list', async () => {
    // Prepare
    const sim = await start({ clusters: [{ clusterId: 'lkc-a', links: 5 }], pageSize: 2 });
    sim.failCluster('lkc-a', { kind: 'unauthorized', fromPage: 1 });

    // Act
    const error = await listingError(clientFor(sim, ['lkc-a']), 'lkc-a');

    // Assess
    expect(error).toMatchObject({ kind: 'auth', status: 401 });
    expect(error.path).toBe('/kafka/v3/clusters/lkc-a/links');
    expect(sim.requestCountFor('lkc-a')).toBe(2);
  });

  it('can hang a request so that the client times out', async () => {
    // Prepare
    const sim = await start({ clusters: [{ clusterId: 'lkc-a', links: 1 }] });
    sim.failCluster('lkc-a', { kind: 'hang' });

    // Act
    const error = await listingError(
      clientFor(sim, ['lkc-a'], CREDENTIALS, { maxAttempts: 1, requestTimeoutMs: 100 }),
      'lkc-a',
    );

    // Assess
    expect(error.kind).toBe('timeout');
  });

  it.each([
    ['truncated', 'invalid-response'],
    ['html', 'invalid-response'],
    ['malformed', 'invalid-response'],
    ['foreign-next', 'pagination'],
    ['next-loop', 'pagination'],
    ['reset', 'network'],
  ] as const)('%s fault makes the client fail with kind %s', async (kind, expected) => {
    // Prepare
    const sim = await start({ clusters: [{ clusterId: 'lkc-a', links: 3 }], pageSize: 2 });
    sim.failCluster('lkc-a', { kind });

    // Act
    const error = await listingError(clientFor(sim, ['lkc-a'], CREDENTIALS, { maxAttempts: 1 }), 'lkc-a');

    // Assess
    expect(error.kind).toBe(expected);
  });
});

describe('Confluent simulator: observation', () => {
  it('counts requests per cluster and in total, and forgets them on reset', async () => {
    // Prepare
    const sim = await start({
      clusters: [
        { clusterId: 'lkc-a', links: 1 },
        { clusterId: 'lkc-b', links: 250 },
      ],
    });
    const client = clientFor(sim, ['lkc-a', 'lkc-b']);

    // Act
    await client.listLinks({ clusterId: 'lkc-a', deadline: Date.now() + 10_000 });
    await client.listLinks({ clusterId: 'lkc-b', deadline: Date.now() + 10_000 });
    const counts = {
      a: sim.requestCountFor('lkc-a'),
      b: sim.requestCountFor('lkc-b'),
      total: sim.requestCount,
    };
    sim.resetRequestCounts();

    // Assess
    expect(counts).toEqual({ a: 1, b: 3, total: 4 });
    expect(sim.requestCount).toBe(0);
  });

  it('reports concurrent requests through maxInFlight while latency holds them open', async () => {
    // Prepare
    const sim = await start({
      clusters: [
        { clusterId: 'lkc-a', links: 1 },
        { clusterId: 'lkc-b', links: 1 },
      ],
    });
    sim.latencyMs = 50;
    const client = clientFor(sim, ['lkc-a', 'lkc-b']);

    // Act
    await Promise.all(
      ['lkc-a', 'lkc-b'].map((clusterId) => client.listLinks({ clusterId, deadline: Date.now() + 10_000 })),
    );

    // Assess
    expect(sim.maxInFlight).toBe(2);
  });

  it('refuses programmatic calls about clusters or links it does not have', async () => {
    // Prepare
    const sim = await start({ clusters: [{ clusterId: 'lkc-a', links: 1 }] });

    // Act / Assess
    expect(() => sim.updateLink('lkc-a', 'nope', { linkState: 'PAUSED' })).toThrow(
      /No link nope in simulated cluster lkc-a/,
    );
    expect(() => sim.failCluster('lkc-zz', { kind: 'hang' })).toThrow(/No simulated cluster lkc-zz/);
    expect(() => sim.addLink('lkc-a', { linkName: 'link-0000' })).toThrow(/exists/);
  });
});

describe("Confluent simulator: a link's detail and its mirror topics", () => {
  const cluster = (sim: ConfluentSimulator) => ({
    clusterId: 'lkc-a',
    restEndpoint: sim.baseUrl,
    credentials: CREDENTIALS,
  });
  const details = () =>
    new ConfluentLinkDetailsClient(new ConfluentLinksClient({ options: { maxAttempts: 1 } }));
  const request = () => ({ deadline: Date.now() + 10_000 });

  it('serves mirror topics, tasks and category_counts that follow what a test sets', async () => {
    // Prepare
    const sim = await start({
      clusters: [{ clusterId: 'lkc-a', links: [{ linkName: 'orders', topicNames: ['a', 'b'] }] }],
    });
    sim.updateLink('lkc-a', 'orders', {
      mirrorTopics: { b: { status: 'FAILED', error: 'SOURCE_TOPIC_MAY_BE_DELETED', message: 'b is gone' } },
      tasks: { AclSync: { state: 'IN_ERROR', error: 'MISCONFIGURATION_ERROR', message: 'bad filter' } },
    });

    // Act
    const listing = await clientFor(sim, ['lkc-a']).listLinks({
      clusterId: 'lkc-a',
      deadline: Date.now() + 10_000,
    });
    const mirrors = await details().listLinkMirrorTopics(cluster(sim), 'orders', request());
    const failed = await details().listLinkMirrorTopics(cluster(sim), 'orders', {
      ...request(),
      mirrorStatus: 'FAILED',
    });
    const described = await details().describeMirrorTopic(cluster(sim), 'orders', 'b', request());
    const tasks = await details().describeLinkTasks(cluster(sim), 'orders', request());

    // Assess
    expect(listing.links[0]?.tasks).toEqual([]);
    expect(listing.links[0]?.categoryCounts).toEqual([
      { stateCategory: 'ACTIVE', count: 1 },
      { stateCategory: 'IN_ERROR', count: 1 },
    ]);
    expect(mirrors.topics.map((t) => [t.topicName, t.status, t.error])).toEqual([
      ['a', 'ACTIVE', null],
      ['b', 'FAILED', 'SOURCE_TOPIC_MAY_BE_DELETED'],
    ]);
    expect(failed.topics.map((t) => t.topicName)).toEqual(['b']);
    expect(described.transitionErrors).toEqual([
      { errorCode: 'SOURCE_TOPIC_MAY_BE_DELETED', errorMessage: 'b is gone' },
    ]);
    expect(tasks.find((t) => t.taskName === 'AclSync')).toEqual({
      taskName: 'AclSync',
      state: 'IN_ERROR',
      errors: [{ errorCode: 'MISCONFIGURATION_ERROR', errorMessage: 'bad filter' }],
    });
    expect(sim.detailRequestCountFor('lkc-a')).toBe(4);
  });

  it("shows a failed link's topics as LINK_FAILED and its tasks as LINK_FAILED", async () => {
    const sim = await start({
      clusters: [{ clusterId: 'lkc-a', links: [{ linkName: 'orders', topicNames: ['a'] }] }],
    });
    sim.setLinkState('lkc-a', 'orders', 'FAILED');
    const mirrors = await details().listLinkMirrorTopics(cluster(sim), 'orders', request());
    const tasks = await details().describeLinkTasks(cluster(sim), 'orders', request());
    expect(mirrors.topics.map((t) => t.status)).toEqual(['LINK_FAILED']);
    expect(new Set(tasks.map((t) => t.state))).toEqual(new Set(['LINK_FAILED']));
  });

  it('fails only the detail calls with failDetails: the listing keeps working', async () => {
    const sim = await start({ clusters: [{ clusterId: 'lkc-a', links: [{ linkName: 'orders' }] }] });
    sim.failDetails('lkc-a', { kind: 'rate-limited' });
    const error = await details()
      .describeLinkTasks(cluster(sim), 'orders', request())
      .catch((e: unknown) => e);
    const listing = await clientFor(sim, ['lkc-a']).listLinks({
      clusterId: 'lkc-a',
      deadline: Date.now() + 10_000,
    });
    expect(error).toMatchObject({ kind: 'rate-limited', status: 429 });
    expect(listing.links).toHaveLength(1);
  });
});
