import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { inspect } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  ConfluentApiError,
  ConfluentConfigError,
  InvalidLinksResponseError,
} from '../../../../adapters/confluent/confluent-errors.js';
import {
  ConfluentLinkDetailSource,
  detailSourceForClusters,
} from '../../../../adapters/confluent/confluent-link-detail-source.js';
import { ConfluentLinkDetailsClient } from '../../../../adapters/confluent/confluent-link-details.js';
import {
  type ConfluentClusterConfig,
  ConfluentLinksClient,
  type MirrorAction,
} from '../../../../adapters/confluent/confluent-links-client.js';
import { MAX_DRY_RUN_TOPICS } from '../../../../adapters/confluent/parse-link-readiness.js';
import { linksPage, rawLink } from '../../../unit/adapters/confluent/rest-pages.js';

const CLUSTER = 'lkc-1';
const LINKS = `/kafka/v3/clusters/${CLUSTER}/links`;
const API_KEY = 'DRYRUNKEY4Q';
const API_SECRET = 'DryRunSecret/7zq+Lm';
const BASIC_HEADER = `Basic ${Buffer.from(`${API_KEY}:${API_SECRET}`).toString('base64')}`;

/** What the server saw of one request, its body included. */
interface Seen {
  readonly method: string;
  readonly pathname: string;
  readonly validateOnly: readonly string[];
  readonly contentType: string | undefined;
  readonly authorization: string | undefined;
  readonly body: string;
}

interface Reply {
  readonly status: number;
  readonly body: unknown;
}

/**
 * A Confluent stand-in on 127.0.0.1 that answers every call the client and the detail source make,
 * and records each request with its body. `override` answers a path (without query) differently,
 * one reply per request, the last repeating.
 */
interface RecordingServer {
  readonly url: string;
  readonly seen: Seen[];
  override(pathname: string, replies: readonly Reply[]): void;
  close(): Promise<void>;
}

function dryRunAnswer(topicNames: readonly string[]) {
  return {
    kind: 'KafkaPromoteMirror',
    metadata: { self: 'https://x/mirrors' },
    data: topicNames.map((name) => ({
      kind: 'AlterMirrorsData',
      metadata: { self: `https://x/mirrors/${name}` },
      mirror_topic_name: name,
      error_code: name === 'shipments' ? 400 : null,
      error_message: name === 'shipments' ? "Topic 'shipments' has already stopped its mirror" : null,
      mirror_lags: [],
      messages_truncated: null,
      partition_level_truncation_data: [],
    })),
  };
}

const MIRROR = { link_name: 'orders-dr', mirror_topic_name: 'orders', mirror_status: 'ACTIVE' };

/** The answer of the stand-in, by method and path. */
function answer(method: string, pathname: string, body: string): Reply {
  const below = pathname.startsWith(`${LINKS}/`) ? pathname.slice(LINKS.length + 1) : null;
  if (method === 'GET' && pathname === LINKS)
    return { status: 200, body: linksPage([rawLink('orders-dr')], null) };
  if (method === 'GET' && below === 'orders-dr')
    return { status: 200, body: { link_name: 'orders-dr', tasks: [] } };
  if (method === 'GET' && (below === 'orders-dr/mirrors' || below === '-/mirrors'))
    return { status: 200, body: { metadata: { next: null }, data: [MIRROR] } };
  if (method === 'GET' && below === 'orders-dr/mirrors/orders') return { status: 200, body: MIRROR };
  if (method === 'GET' && below === 'orders-dr/configs') {
    return {
      status: 200,
      body: {
        metadata: { self: 'x', next: null },
        data: [{ name: 'link.mode', value: 'DESTINATION', is_sensitive: false }],
      },
    };
  }
  if (method === 'POST' && below !== null && /^[^/]+\/mirrors:(failover|promote)$/.test(below)) {
    const names = (JSON.parse(body) as { mirror_topic_names: string[] }).mirror_topic_names;
    return { status: 200, body: dryRunAnswer(names) };
  }
  return { status: 404, body: { error_code: 404, message: `nothing at ${method} ${pathname}` } };
}

async function startRecordingServer(): Promise<RecordingServer> {
  const seen: Seen[] = [];
  const overrides = new Map<string, { replies: readonly Reply[]; next: number }>();
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const body = Buffer.concat(chunks).toString('utf8');
      const method = req.method ?? 'GET';
      seen.push({
        method,
        pathname: url.pathname,
        validateOnly: url.searchParams.getAll('validate_only'),
        contentType: req.headers['content-type'],
        authorization: req.headers.authorization,
        body,
      });
      const scripted = overrides.get(url.pathname);
      let reply: Reply;
      if (scripted !== undefined) {
        reply = scripted.replies[Math.min(scripted.next, scripted.replies.length - 1)] as Reply;
        scripted.next += 1;
      } else {
        reply = answer(method, url.pathname, body);
      }
      const text = JSON.stringify(reply.body);
      res.writeHead(reply.status, {
        'content-type': 'application/json',
        'content-length': Buffer.byteLength(text),
      });
      res.end(text);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    seen,
    override: (pathname, replies) => overrides.set(pathname, { replies, next: 0 }),
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

let server: RecordingServer;
let cluster: ConfluentClusterConfig;

beforeEach(async () => {
  server = await startRecordingServer();
  cluster = {
    clusterId: CLUSTER,
    restEndpoint: server.url,
    credentials: { kind: 'basic', apiKey: API_KEY, apiSecret: API_SECRET },
  };
});

afterEach(async () => {
  await server.close();
});

function newClient(): ConfluentLinksClient {
  return new ConfluentLinksClient({
    clusters: [cluster],
    options: { requestTimeoutMs: 5_000, baseDelayMs: 1, maxDelayMs: 5, minDelayMs: 1 },
    sleep: async () => {},
  });
}

const deadline = () => Date.now() + 20_000;

async function rejection(promise: Promise<unknown>): Promise<ConfluentApiError> {
  const error = await promise.then(
    () => {
      throw new Error('expected a refusal');
    },
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ConfluentApiError);
  for (const text of [(error as Error).message, JSON.stringify(error), inspect(error, { depth: 5 })]) {
    for (const secret of [API_KEY, API_SECRET, BASIC_HEADER.slice(6)]) expect(text).not.toContain(secret);
  }
  return error as ConfluentApiError;
}

/**
 * The rule under test, judged from what arrived: a request that is not a GET, or whose last path
 * segment names an action however often it was encoded, must carry exactly validate_only=true.
 */
function isAction(request: Seen): boolean {
  let last = request.pathname.slice(request.pathname.lastIndexOf('/') + 1);
  for (let i = 0; i < 4 && !last.includes(':'); i += 1) last = decodeURIComponent(last);
  return request.method !== 'GET' || last.includes(':');
}

describe('ConfluentLinksClient.validateMirrorAction: a failover or promote dry run', () => {
  it('POSTs the topics to mirrors:failover with validate_only=true, authenticated, and returns each topic’s answer', async () => {
    // Act
    const checks = await newClient().validateMirrorAction(cluster, {
      linkName: 'orders-dr',
      action: 'failover',
      topicNames: ['shipments', 'orders'],
      deadline: deadline(),
    });

    // Assess
    expect(server.seen).toEqual([
      {
        method: 'POST',
        pathname: `${LINKS}/orders-dr/mirrors:failover`,
        validateOnly: ['true'],
        contentType: 'application/json',
        authorization: BASIC_HEADER,
        body: '{"mirror_topic_names":["shipments","orders"]}',
      },
    ]);
    expect(checks).toEqual([
      { topicName: 'orders', errorCode: null, errorMessage: null },
      {
        topicName: 'shipments',
        errorCode: 400,
        errorMessage: "Topic 'shipments' has already stopped its mirror",
      },
    ]);
  });

  it('POSTs a promote dry run to mirrors:promote, also with validate_only=true', async () => {
    await newClient().validateMirrorAction(cluster, {
      linkName: 'orders-dr',
      action: 'promote',
      topicNames: ['orders'],
      deadline: deadline(),
    });

    expect(server.seen.map((r) => [r.method, r.pathname, r.validateOnly])).toEqual([
      ['POST', `${LINKS}/orders-dr/mirrors:promote`, ['true']],
    ]);
  });

  it('names a topic given twice once', async () => {
    await newClient().validateMirrorAction(cluster, {
      linkName: 'orders-dr',
      action: 'failover',
      topicNames: ['orders', 'orders', 'payments'],
      deadline: deadline(),
    });

    expect(JSON.parse(server.seen[0]?.body ?? '')).toEqual({ mirror_topic_names: ['orders', 'payments'] });
  });

  it('retries like a read, since a dry run changes nothing, and every attempt is a dry run', async () => {
    // Prepare
    const path = `${LINKS}/orders-dr/mirrors:failover`;
    server.override(path, [
      { status: 503, body: { error_code: 50003, message: 'retriable' } },
      { status: 200, body: dryRunAnswer(['orders']) },
    ]);

    // Act
    const checks = await newClient().validateMirrorAction(cluster, {
      linkName: 'orders-dr',
      action: 'failover',
      topicNames: ['orders'],
      deadline: deadline(),
    });

    // Assess
    expect(checks).toEqual([{ topicName: 'orders', errorCode: null, errorMessage: null }]);
    expect(server.seen.map((r) => [r.method, r.validateOnly])).toEqual([
      ['POST', ['true']],
      ['POST', ['true']],
    ]);
  });

  it('honours maxAttempts, as the detail source asks for one attempt', async () => {
    // Prepare
    server.override(`${LINKS}/orders-dr/mirrors:failover`, [
      { status: 503, body: { error_code: 50003, message: 'x' } },
    ]);

    // Act
    const error = await rejection(
      newClient().validateMirrorAction(cluster, {
        linkName: 'orders-dr',
        action: 'failover',
        topicNames: ['orders'],
        deadline: deadline(),
        maxAttempts: 1,
      }),
    );

    // Assess
    expect(error).toMatchObject({ kind: 'server', status: 503, attempts: 1 });
    expect(error.message).toContain(`POST ${LINKS}/orders-dr/mirrors:failover`);
    expect(server.seen).toHaveLength(1);
  });

  it('reports Confluent’s refusal with its error_code', async () => {
    // Prepare
    server.override(`${LINKS}/orders-dr/mirrors:failover`, [
      { status: 400, body: { error_code: 40035, message: 'The version of this API is not supported' } },
    ]);

    // Act
    const error = await rejection(
      newClient().validateMirrorAction(cluster, {
        linkName: 'orders-dr',
        action: 'failover',
        topicNames: ['orders'],
        deadline: deadline(),
      }),
    );

    // Assess
    expect(error).toMatchObject({ kind: 'client', status: 400, errorCode: 40035, clusterId: CLUSTER });
  });

  it('refuses a hostile answer, and scrubs a credential the server echoes into it', async () => {
    // Prepare
    server.override(`${LINKS}/orders-dr/mirrors:failover`, [
      { status: 200, body: dryRunAnswer([API_SECRET, API_SECRET]) },
    ]);

    // Act
    const error = await rejection(
      newClient().validateMirrorAction(cluster, {
        linkName: 'orders-dr',
        action: 'failover',
        topicNames: ['orders'],
        deadline: deadline(),
      }),
    );

    // Assess
    expect(error).toBeInstanceOf(InvalidLinksResponseError);
    expect((error as InvalidLinksResponseError).problem).toBe('data[1]: topic [redacted] is answered twice');
  });

  it.each<[string, { linkName: string; action: MirrorAction; topicNames: readonly string[] }, string]>([
    [
      'no topic',
      { linkName: 'orders-dr', action: 'failover', topicNames: [] },
      'names 1 to 1000 topics, not 0',
    ],
    [
      'too many topics',
      {
        linkName: 'orders-dr',
        action: 'failover',
        topicNames: Array.from({ length: MAX_DRY_RUN_TOPICS + 1 }, (_, i) => `t${i}`),
      },
      `names 1 to ${MAX_DRY_RUN_TOPICS} topics, not ${MAX_DRY_RUN_TOPICS + 1}`,
    ],
    [
      'an empty topic name',
      { linkName: 'orders-dr', action: 'failover', topicNames: ['a', ''] },
      'topicNames[1]',
    ],
    [
      'a topic name longer than Kafka allows',
      { linkName: 'orders-dr', action: 'failover', topicNames: ['t'.repeat(250)] },
      'topicNames[0]',
    ],
    [
      'an action other than failover or promote',
      { linkName: 'orders-dr', action: 'delete' as MirrorAction, topicNames: ['orders'] },
      'failover or promote only',
    ],
    [
      'no link name',
      { linkName: '', action: 'failover', topicNames: ['orders'] },
      'needs the name of a link',
    ],
    [
      'a link name that is a path step',
      { linkName: '..', action: 'failover', topicNames: ['orders'] },
      'needs the name',
    ],
  ])('refuses %s before sending anything', async (_label, request, message) => {
    // Act
    const error = await rejection(
      newClient().validateMirrorAction(cluster, { ...request, deadline: deadline() }),
    );

    // Assess
    expect(error).toBeInstanceOf(ConfluentConfigError);
    expect(error.message).toContain(message);
    expect(server.seen).toEqual([]);
  });
});

describe('Dry runs only: no request to an action leaves the Confluent adapter without validate_only=true', () => {
  it('has no public method beyond those exercised below', () => {
    // A method added to any of these fails here until the test below exercises it too.
    const publicMethods = (prototype: object) =>
      Object.getOwnPropertyNames(prototype).filter((n) => n !== 'constructor');

    expect(publicMethods(ConfluentLinksClient.prototype).sort()).toEqual([
      'listClusterLinks',
      'listLinks',
      'readBelowLinks',
      'validateMirrorAction',
    ]);
    expect(publicMethods(ConfluentLinkDetailsClient.prototype).sort()).toEqual([
      'describeLinkTasks',
      'describeMirrorTopic',
      'listClusterMirrorTopics',
      'listLinkConfigs',
      'listLinkMirrorTopics',
      'validateFailover',
    ]);
    expect(publicMethods(ConfluentLinkDetailSource.prototype).sort()).toEqual([
      'readClusterMirrorLags',
      'readLinkConfigs',
      'readLinkMirrorTopics',
      'readLinkTasks',
      'readMirrorTopic',
      'validateFailover',
    ]);
  });

  it('sends every action of every public method of the client, the details client and the detail source with validate_only=true', async () => {
    // Prepare
    const links = newClient();
    const details = new ConfluentLinkDetailsClient(links);
    const source = detailSourceForClusters(links, [cluster]);
    const target = { clusterId: CLUSTER, linkName: 'orders-dr', deadline: deadline() };
    const request = { deadline: deadline() };

    // Act
    await links.listLinks({ clusterId: CLUSTER, deadline: deadline() });
    await links.listClusterLinks(cluster, request);
    await links.readBelowLinks(cluster, { segments: ['orders-dr', 'configs'], deadline: deadline() });
    for (const action of ['failover', 'promote'] as const)
      await links.validateMirrorAction(cluster, {
        linkName: 'orders-dr',
        action,
        topicNames: ['orders'],
        ...request,
      });
    await details.describeLinkTasks(cluster, 'orders-dr', request);
    await details.listLinkMirrorTopics(cluster, 'orders-dr', request);
    await details.listClusterMirrorTopics(cluster, request);
    await details.describeMirrorTopic(cluster, 'orders-dr', 'orders', request);
    await details.listLinkConfigs(cluster, 'orders-dr', request);
    await details.validateFailover(cluster, 'orders-dr', { ...request, topicNames: ['orders'] });
    await source.readLinkTasks(target);
    await source.readLinkMirrorTopics(target);
    await source.readMirrorTopic({ ...target, topicName: 'orders' });
    await source.readClusterMirrorLags({ clusterId: CLUSTER, deadline: deadline() });
    await source.readLinkConfigs(target);
    await source.validateFailover({ ...target, topicNames: ['orders', 'shipments'] });

    // Assess
    const actions = server.seen.filter(isAction);
    expect(actions.map((r) => r.pathname)).toEqual([
      `${LINKS}/orders-dr/mirrors:failover`,
      `${LINKS}/orders-dr/mirrors:promote`,
      `${LINKS}/orders-dr/mirrors:failover`,
      `${LINKS}/orders-dr/mirrors:failover`,
    ]);
    for (const request of actions) expect(request.validateOnly).toEqual(['true']);
    expect(server.seen.filter((r) => r.method !== 'GET' && r.method !== 'POST')).toEqual([]);
    expect(server.seen.filter((r) => r.method === 'GET').every((r) => r.body === '')).toBe(true);
  });

  it.each([
    ['without the flag', undefined],
    ['with validate_only=false', { validate_only: 'false' }],
    ['with validate_only=TRUE', { validate_only: 'TRUE' }],
  ])('refuses a GET below the links that names an action %s, before sending it', async (_label, query) => {
    // Prepare
    const links = newClient();

    // Act
    const errors = await Promise.all(
      ['mirrors:failover', 'mirrors:promote', 'mirrors%3Afailover'].map((segment) =>
        rejection(
          links.readBelowLinks(cluster, {
            segments: ['orders-dr', segment],
            ...(query !== undefined && { query }),
            deadline: deadline(),
          }),
        ),
      ),
    );

    // Assess
    for (const error of errors) {
      expect(error).toBeInstanceOf(ConfluentConfigError);
      expect(error.message).toContain('without validate_only=true');
    }
    expect(server.seen).toEqual([]);
  });

  it('refuses a listing page whose metadata.next points at an action, before sending anything there', async () => {
    // Prepare
    server.override(LINKS, [
      {
        status: 200,
        body: linksPage([rawLink('orders-dr')], `${LINKS}/orders-dr/mirrors:failover?validate_only=false`),
      },
    ]);

    // Act
    const error = await rejection(newClient().listLinks({ clusterId: CLUSTER, deadline: deadline() }));

    // Assess
    expect(error).toBeInstanceOf(ConfluentConfigError);
    expect(server.seen.map((r) => r.pathname)).toEqual([LINKS]);
  });

  it('keeps a hostile link name inside its own path segment, so it cannot drop the flag', async () => {
    // Act
    await newClient().validateMirrorAction(cluster, {
      linkName: 'orders-dr/mirrors:failover?validate_only=false#',
      action: 'failover',
      topicNames: ['orders'],
      deadline: deadline(),
    });

    // Assess
    expect(server.seen.map((r) => [r.pathname, r.validateOnly])).toEqual([
      [`${LINKS}/orders-dr%2Fmirrors%3Afailover%3Fvalidate_only%3Dfalse%23/mirrors:failover`, ['true']],
    ]);
  });

  it('keeps the flag whatever extra headers the client is given', async () => {
    // Prepare
    const links = new ConfluentLinksClient({
      options: { extraHeaders: { 'x-http-method-override': 'POST', prefer: 'validate_only=false' } },
    });

    // Act
    await links.validateMirrorAction(cluster, {
      linkName: 'orders-dr',
      action: 'failover',
      topicNames: ['orders'],
      deadline: deadline(),
    });

    // Assess
    expect(server.seen.map((r) => [r.method, r.validateOnly])).toEqual([['POST', ['true']]]);
  });
});

describe('ConfluentLinkDetailSource: readiness reads', () => {
  it('reads a link’s configs and runs a failover dry run with the cluster’s own credentials, one attempt each', async () => {
    // Prepare
    server.override(`${LINKS}/orders-dr/configs`, [
      { status: 503, body: { error_code: 50003, message: 'x' } },
      {
        status: 200,
        body: {
          metadata: { self: 'x', next: null },
          data: [
            { name: 'link.mode', value: 'DESTINATION', is_sensitive: false },
            { name: 'acl.filters', value: API_SECRET, is_sensitive: true },
          ],
        },
      },
    ]);
    const source = new ConfluentLinkDetailSource({
      details: new ConfluentLinkDetailsClient(newClient()),
      cluster: async () => cluster,
    });
    const target = { clusterId: CLUSTER, linkName: 'orders-dr', deadline: deadline() };

    // Act
    const failed = await source.readLinkConfigs(target).catch((e: unknown) => e);
    const configs = await source.readLinkConfigs(target);
    const checks = await source.validateFailover({ ...target, topicNames: ['shipments', 'orders'] });

    // Assess
    expect(failed).toMatchObject({ kind: 'server', attempts: 1 });
    expect(configs).toEqual([
      { name: 'acl.filters', value: null, sensitive: true },
      { name: 'link.mode', value: 'DESTINATION', sensitive: false },
    ]);
    expect(JSON.stringify(configs)).not.toContain(API_SECRET);
    expect(checks.map((c) => [c.topicName, c.errorCode])).toEqual([
      ['orders', null],
      ['shipments', 400],
    ]);
    expect(server.seen.every((r) => r.authorization === BASIC_HEADER)).toBe(true);
  });
});
