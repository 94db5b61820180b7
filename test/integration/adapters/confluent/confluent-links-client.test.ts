import { inspect } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  ConfluentApiError,
  ConfluentConfigError,
  InvalidLinksResponseError,
} from '../../../../adapters/confluent/confluent-errors.js';
import {
  type ConfluentClientOptions,
  ConfluentLinksClient,
  type RetryEvent,
} from '../../../../adapters/confluent/confluent-links-client.js';
import type { ConfluentCredentials } from '../../../../adapters/confluent/credentials.js';
import { BOUNDS } from '../../../../core/model/bounds.js';
import { type FaultServer, type FaultStep, startFaultServer } from '../../../support/fault-server.js';
import { linksPage, rawLink } from '../../../unit/adapters/confluent/rest-pages.js';

const CLUSTER = 'lkc-1';
const PATH = `/kafka/v3/clusters/${CLUSTER}/links`;
const API_KEY = 'TESTKEY7QXZ';
const API_SECRET = 'TestSecret/9xq+Zw4pLm2';
const BASIC: ConfluentCredentials = { kind: 'basic', apiKey: API_KEY, apiSecret: API_SECRET };
const BASIC_HEADER = `Basic ${Buffer.from(`${API_KEY}:${API_SECRET}`).toString('base64')}`;

const JETTY_429 =
  '<html> <head> <meta http-equiv="Content-Type" content="text/html;charset=utf-8"/> <title>Error 429 Too Many Requests</title> </head> <body> <h2>HTTP ERROR 429 Too Many Requests</h2> <table> <tr> <th>URI:</th> <td>/v3/clusters/my-cluster</td> </tr> <tr> <th>STATUS:</th> <td>429</td> </tr> <tr> <th>MESSAGE:</th> <td>Too Many Requests</td> </tr> <tr> <th>SERVLET:</th> <td>default</td> </tr> </table> </body> </html>';

/** A clock that only moves when the client sleeps, so backoff tests never wait. */
function fakeTime(start = Date.parse('2026-03-01T12:00:00Z')) {
  const sleeps: number[] = [];
  let now = start;
  return {
    sleeps,
    now: () => now,
    sleep: async (ms: number) => {
      sleeps.push(ms);
      now += ms;
    },
    deadlineIn: (ms: number) => now + ms,
  };
}

interface Harness {
  readonly client: ConfluentLinksClient;
  readonly time: ReturnType<typeof fakeTime>;
  readonly retries: RetryEvent[];
  list(deadlineInMs?: number): ReturnType<ConfluentLinksClient['listLinks']>;
}

let server: FaultServer;

beforeEach(async () => {
  server = await startFaultServer();
});

afterEach(async () => {
  await server.close();
});

function harness(
  options: ConfluentClientOptions = {},
  credentials: ConfluentCredentials = BASIC,
  random: () => number = () => 0.5,
): Harness {
  const time = fakeTime();
  const retries: RetryEvent[] = [];
  const client = new ConfluentLinksClient({
    clusters: [{ clusterId: CLUSTER, restEndpoint: server.url, credentials }],
    options: { requestTimeoutMs: 5_000, baseDelayMs: 100, maxDelayMs: 1_000, minDelayMs: 10, ...options },
    sleep: time.sleep,
    now: time.now,
    random,
    onRetry: (event) => retries.push(event),
  });
  return {
    client,
    time,
    retries,
    list: (ms = 60_000) => client.listLinks({ clusterId: CLUSTER, deadline: time.deadlineIn(ms) }),
  };
}

async function failure(promise: Promise<unknown>): Promise<ConfluentApiError> {
  const error = await promise.then(
    () => {
      throw new Error('expected the listing to fail');
    },
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ConfluentApiError);
  expectNoSecret(error as ConfluentApiError);
  return error as ConfluentApiError;
}

/** No way of printing an error may show a credential. */
function expectNoSecret(error: ConfluentApiError): void {
  for (const text of [
    error.message,
    String(error),
    JSON.stringify(error),
    inspect(error, { depth: 5 }),
    error.stack ?? '',
  ]) {
    for (const secret of [API_KEY, API_SECRET, BASIC_HEADER, BASIC_HEADER.slice(6), 'bearer-token-zq81']) {
      expect(text).not.toContain(secret);
    }
  }
}

describe('ConfluentLinksClient: a successful listing', () => {
  it('lists every link of one page, sorted by name, with HTTP Basic auth', async () => {
    // Prepare
    server.script(PATH, [{ kind: 'json', body: linksPage([rawLink('zeta'), rawLink('alpha')], null) }]);
    const { list } = harness();

    // Act
    const listing = await list();

    // Assess
    expect(listing).toMatchObject({ clusterId: CLUSTER, pages: 1 });
    expect(listing.links.map((l) => l.linkName)).toEqual(['alpha', 'zeta']);
    expect(server.requests).toHaveLength(1);
    expect(server.requests[0]).toMatchObject({ method: 'GET', path: PATH, authorization: BASIC_HEADER });
  });

  it('sends a bearer token as Authorization: Bearer', async () => {
    server.script(PATH, [{ kind: 'json', body: linksPage([], null) }]);
    const { list } = harness({}, { kind: 'bearer', token: 'bearer-token-zq81' });

    await list();

    expect(server.requests[0]?.authorization).toBe('Bearer bearer-token-zq81');
  });

  it('follows a relative metadata.next against the current page', async () => {
    // Prepare
    server.script(PATH, [{ kind: 'json', body: linksPage([rawLink('a')], `${PATH}?page_token=p2`) }]);
    server.script(`${PATH}?page_token=p2`, [
      { kind: 'json', body: linksPage([rawLink('b')], 'links?page_token=p3') },
    ]);
    server.script(`${PATH}?page_token=p3`, [{ kind: 'json', body: linksPage([rawLink('c')]) }]);
    const { list } = harness();

    // Act
    const listing = await list();

    // Assess
    expect(listing.pages).toBe(3);
    expect(listing.links.map((l) => l.linkName)).toEqual(['a', 'b', 'c']);
    expect(server.requests.map((r) => r.path)).toEqual([
      PATH,
      `${PATH}?page_token=p2`,
      `${PATH}?page_token=p3`,
    ]);
    expect(server.requests.every((r) => r.authorization === BASIC_HEADER)).toBe(true);
  });

  it('follows an absolute metadata.next on the same origin', async () => {
    server.script(PATH, [
      { kind: 'json', body: linksPage([rawLink('a')], `${server.url}${PATH}?page_token=p2`) },
    ]);
    server.script(`${PATH}?page_token=p2`, [{ kind: 'json', body: linksPage([rawLink('b')], null) }]);
    const { list } = harness();

    const listing = await list();

    expect(listing.links.map((l) => l.linkName)).toEqual(['a', 'b']);
    expect(listing.pages).toBe(2);
  });

  it('keeps unknown enum values from the server verbatim', async () => {
    server.script(PATH, [
      {
        kind: 'json',
        body: linksPage([
          rawLink('a', {
            link_state: 'REBALANCING',
            link_error: 'BRAND_NEW_ERROR',
            tasks: [{ task_name: 'AclSync', state: 'THROTTLED', errors: [] }],
            category_counts: [{ state_category: 'MIGRATING', count: 4 }],
          }),
        ]),
      },
    ]);
    const { list } = harness();

    const [link] = (await list()).links;

    expect(link).toMatchObject({
      linkState: 'REBALANCING',
      linkError: 'BRAND_NEW_ERROR',
      tasks: [{ state: 'THROTTLED' }],
      categoryCounts: [{ stateCategory: 'MIGRATING', count: 4 }],
    });
  });

  it('sends extra headers (such as a mock server Prefer) but never lets them replace Authorization', async () => {
    server.script(PATH, [{ kind: 'json', body: linksPage([]) }]);
    const { list } = harness({ extraHeaders: { Prefer: 'code=200' } });

    await list();

    expect(server.requests[0]?.headers.prefer).toBe('code=200');
    expect(() => harness({ extraHeaders: { authorization: 'Basic eA==' } })).toThrow(ConfluentConfigError);
  });
});

describe('ConfluentLinksClient: retries', () => {
  it('retries a 429 with Jetty’s HTML body, then succeeds', async () => {
    // Prepare
    server.script(PATH, [
      { kind: 'text', status: 429, body: JETTY_429, headers: { 'content-type': 'text/html;charset=utf-8' } },
      { kind: 'json', body: linksPage([rawLink('a')]) },
    ]);
    const { list, time, retries } = harness();

    // Act
    const listing = await list();

    // Assess
    expect(listing.links).toHaveLength(1);
    expect(server.requests).toHaveLength(2);
    expect(time.sleeps).toEqual([50]); // full jitter: 0.5 × 100 ms
    expect(retries).toEqual([
      { clusterId: CLUSTER, path: PATH, attempt: 1, delayMs: 50, kind: 'rate-limited', status: 429 },
    ]);
  });

  it('retries a 5xx with error_code 50003, then succeeds', async () => {
    server.script(PATH, [
      { kind: 'json', status: 503, body: { error_code: 50003, message: 'Retriable Kafka error' } },
      { kind: 'json', body: linksPage([rawLink('a')]) },
    ]);
    const { list } = harness();

    const listing = await list();

    expect(listing.links.map((l) => l.linkName)).toEqual(['a']);
    expect(server.requests).toHaveLength(2);
  });

  it('backs off exponentially with full jitter, capped, and gives up after maxAttempts', async () => {
    // Prepare
    server.script(PATH, [
      { kind: 'json', status: 500, body: { error_code: 500, message: 'Internal Server Error' } },
    ]);
    const { list, time } = harness({ maxAttempts: 6 }, BASIC, () => 0.999);

    // Act
    const error = await failure(list(600_000));

    // Assess
    expect(time.sleeps).toEqual([99, 199, 399, 799, 999]);
    expect(server.requests).toHaveLength(6);
    expect(error).toMatchObject({
      kind: 'server',
      status: 500,
      errorCode: 500,
      attempts: 6,
      retried: true,
      path: PATH,
    });
    expect(error.confluentMessage).toBe('Internal Server Error');
    expect(error.message).toContain('gave up after 6 attempts');
  });

  it('stops retrying a 500 before the deadline and fails with the last error, saying it retried', async () => {
    // Prepare: 0.999 × (100, 200, 400, …) ms; the third delay would end past the deadline.
    server.script(PATH, [
      { kind: 'json', status: 500, body: { error_code: 500, message: 'Internal Server Error' } },
    ]);
    const { list, time } = harness({ maxAttempts: 100 }, BASIC, () => 0.999);

    // Act
    const error = await failure(list(500));

    // Assess
    expect(time.sleeps).toEqual([99, 199]);
    expect(server.requests).toHaveLength(3);
    expect(error).toMatchObject({ kind: 'server', status: 500, attempts: 3, retried: true });
    expect(error.message).toContain('retried');
    expect(error.message).toContain('would pass the deadline');
  });

  it('honours Retry-After in seconds', async () => {
    server.script(PATH, [
      {
        kind: 'text',
        status: 429,
        body: JETTY_429,
        headers: { 'content-type': 'text/html', 'retry-after': '7' },
      },
      { kind: 'json', body: linksPage([]) },
    ]);
    const { list, time } = harness();

    await list();

    expect(time.sleeps).toEqual([7_000]);
  });

  it('honours Retry-After as an HTTP date', async () => {
    const { list, time } = harness();
    const at = new Date(time.now() + 30_000).toUTCString();
    server.script(PATH, [
      {
        kind: 'json',
        status: 503,
        body: { error_code: 50003, message: 'busy' },
        headers: { 'retry-after': at },
      },
      { kind: 'json', body: linksPage([]) },
    ]);

    await list();

    expect(time.sleeps).toEqual([30_000]);
  });

  it('waits at least the floor when Retry-After is 0, or invalid like 1.5', async () => {
    server.script(PATH, [
      { kind: 'text', status: 429, body: JETTY_429, headers: { 'retry-after': '0' } },
      { kind: 'text', status: 429, body: JETTY_429, headers: { 'retry-after': '1.5' } },
      { kind: 'json', body: linksPage([]) },
    ]);
    const { list, time } = harness({ minDelayMs: 40 }, BASIC, () => 0);

    await list();

    expect(time.sleeps).toEqual([40, 40]);
  });

  it('refuses a floor above the backoff cap', () => {
    expect(() => harness({ minDelayMs: 2_000, maxDelayMs: 1_000 })).toThrow(
      'option minDelayMs is invalid: must not exceed maxDelayMs',
    );
  });

  it('fails at once when Retry-After reaches past the deadline', async () => {
    server.script(PATH, [{ kind: 'text', status: 429, body: JETTY_429, headers: { 'retry-after': '120' } }]);
    const { list, time } = harness();

    const error = await failure(list(60_000));

    expect(time.sleeps).toEqual([]);
    expect(server.requests).toHaveLength(1);
    expect(error).toMatchObject({ kind: 'rate-limited', status: 429, errorCode: null, attempts: 1 });
    expect(error.message).toContain('Retry-After (120000 ms) would pass the deadline');
  });

  it('retries a connection reset, then succeeds', async () => {
    server.script(PATH, [{ kind: 'reset' }, { kind: 'json', body: linksPage([rawLink('a')]) }]);
    const { list } = harness();

    const listing = await list();

    expect(listing.links).toHaveLength(1);
    expect(server.requests).toHaveLength(2);
  });

  it('fails with kind network when every attempt is reset', async () => {
    server.script(PATH, [{ kind: 'reset' }]);
    const { list } = harness({ maxAttempts: 2 });

    const error = await failure(list());

    expect(error).toMatchObject({ kind: 'network', status: null, attempts: 2 });
    expect(error.message).toContain('Could not reach the Confluent REST endpoint of cluster lkc-1');
  });

  it('retries a body cut off before its Content-Length, then succeeds', async () => {
    server.script(PATH, [
      { kind: 'truncate', body: JSON.stringify(linksPage([rawLink('a')])).slice(0, 40) },
      { kind: 'json', body: linksPage([rawLink('a')]) },
    ]);
    const { list } = harness();

    const listing = await list();

    expect(listing.links).toHaveLength(1);
    expect(server.requests).toHaveLength(2);
  });

  it('fails with kind network when the body is always cut off', async () => {
    server.script(PATH, [{ kind: 'truncate', body: '{"kind":"KafkaLinkDataList","data":[' }]);
    const { list } = harness({ maxAttempts: 2 });

    const error = await failure(list());

    expect(error).toMatchObject({ kind: 'network', attempts: 2 });
    expect(error.message).toContain('cut off before the body was complete');
  });

  it('times out a stalled response, then succeeds on the retry', async () => {
    server.script(PATH, [{ kind: 'stall' }, { kind: 'json', body: linksPage([rawLink('a')]) }]);
    const { list, retries } = harness({ requestTimeoutMs: 150 });

    const listing = await list();

    expect(listing.links).toHaveLength(1);
    expect(retries.map((r) => r.kind)).toEqual(['timeout']);
  });

  it('fails with kind timeout when headers arrive but the body never does', async () => {
    server.script(PATH, [{ kind: 'stall-body' }]);
    const { list } = harness({ requestTimeoutMs: 150, maxAttempts: 2 });

    const error = await failure(list());

    expect(error).toMatchObject({ kind: 'timeout', attempts: 2 });
    expect(error.message).toContain('within 150 ms');
  });
});

describe('ConfluentLinksClient: the deadline', () => {
  it('sends nothing when the deadline has already passed', async () => {
    server.script(PATH, [{ kind: 'json', body: linksPage([]) }]);
    const { client, time } = harness();

    const error = await failure(client.listLinks({ clusterId: CLUSTER, deadline: time.now() - 1 }));

    expect(error.kind).toBe('deadline');
    expect(server.requests).toHaveLength(0);
  });

  it('aborts a request still running at the deadline, without retrying', async () => {
    // Prepare: a real clock, since the abort is a real timer.
    server.script(PATH, [{ kind: 'stall' }]);
    const client = new ConfluentLinksClient({
      clusters: [{ clusterId: CLUSTER, restEndpoint: server.url, credentials: BASIC }],
      options: { requestTimeoutMs: 30_000 },
    });

    // Act
    const error = await failure(client.listLinks({ clusterId: CLUSTER, deadline: Date.now() + 200 }));

    // Assess
    expect(error).toMatchObject({ kind: 'deadline', attempts: 1 });
    expect(server.requests).toHaveLength(1);
  });
  it('reports the error that caused a retry when the deadline cuts that retry short', async () => {
    // Prepare
    server.script(PATH, [
      { kind: 'json', status: 503, body: { error_code: 50003, message: 'Retriable Kafka error' } },
      { kind: 'stall' },
    ]);
    const client = new ConfluentLinksClient({
      clusters: [{ clusterId: CLUSTER, restEndpoint: server.url, credentials: BASIC }],
      options: { requestTimeoutMs: 30_000 },
      random: () => 0,
      sleep: async () => undefined,
    });

    // Act
    const error = await failure(client.listLinks({ clusterId: CLUSTER, deadline: Date.now() + 300 }));

    // Assess
    expect(error).toMatchObject({
      kind: 'server',
      status: 503,
      errorCode: 50003,
      attempts: 2,
      retried: true,
    });
    expect(error.message).toContain('the deadline passed during the last one');
    expect(server.requests).toHaveLength(2);
  });
});

describe('ConfluentLinksClient: errors that are not retried', () => {
  it('fails at once on 401, saying the API key was rejected, without any secret', async () => {
    // Prepare
    server.script(PATH, [
      { kind: 'json', status: 401, body: { error_code: 40101, message: 'Authentication failed' } },
    ]);
    const { list, time } = harness();

    // Act
    const error = await failure(list());

    // Assess
    expect(server.requests).toHaveLength(1);
    expect(time.sleeps).toEqual([]);
    expect(error).toMatchObject({
      kind: 'auth',
      status: 401,
      errorCode: 40101,
      confluentMessage: 'Authentication failed',
      clusterId: CLUSTER,
      path: PATH,
      attempts: 1,
      retried: false,
    });
    expect(error.message).toContain('Confluent rejected the API key for cluster lkc-1');
    expect(error.message).toContain('40101');
    expect(JSON.parse(JSON.stringify(error))).toMatchObject({
      name: 'ConfluentApiError',
      kind: 'auth',
      status: 401,
      errorCode: 40101,
      path: PATH,
      retried: false,
    });
  });

  it('says the access token was rejected for bearer credentials', async () => {
    server.script(PATH, [
      { kind: 'json', status: 401, body: { error_code: 40101, message: 'Authentication failed' } },
    ]);
    const { list } = harness({}, { kind: 'bearer', token: 'bearer-token-zq81' });

    const error = await failure(list());

    expect(error.message).toContain('rejected the access token');
  });

  it('scrubs a credential that the server echoes in its message', async () => {
    server.script(PATH, [
      { kind: 'json', status: 401, body: { error_code: 40101, message: `bad key ${API_KEY}:${API_SECRET}` } },
    ]);
    const { list } = harness();

    const error = await failure(list());

    expect(error.confluentMessage).toBe('bad key [redacted]:[redacted]');
  });

  it.each([
    [403, 'auth', 'lack permission'],
    [404, 'client', 'check the cluster id and the REST endpoint'],
    [400, 'client', 'refused the request'],
  ])('fails at once on %i', async (status, kind, text) => {
    server.script(PATH, [{ kind: 'json', status, body: { error_code: status * 100 + 1, message: 'nope' } }]);
    const { list, time } = harness();

    const error = await failure(list());

    expect(server.requests).toHaveLength(1);
    expect(time.sleeps).toEqual([]);
    expect(error).toMatchObject({ kind, status, errorCode: status * 100 + 1, attempts: 1 });
    expect(error.message).toContain(text);
  });

  it('does not follow a redirect, so credentials never reach its target', async () => {
    // Prepare
    const elsewhere = await startFaultServer();
    try {
      server.script(PATH, [
        { kind: 'text', status: 302, body: '', headers: { location: `${elsewhere.url}${PATH}` } },
      ]);
      const { list } = harness();

      // Act
      const error = await failure(list());

      // Assess
      expect(error).toMatchObject({ kind: 'client', status: 302 });
      expect(elsewhere.requests).toHaveLength(0);
    } finally {
      await elsewhere.close();
    }
  });

  it('refuses an http:// endpoint on a non-loopback host before any request', () => {
    expect(
      () =>
        new ConfluentLinksClient({
          clusters: [
            {
              clusterId: CLUSTER,
              restEndpoint: 'http://pkc-00000.example.confluent.cloud',
              credentials: BASIC,
            },
          ],
        }),
    ).toThrow(/only https is allowed/);
  });

  it('fails with kind config for a cluster it was not given', async () => {
    const { client } = harness();

    const error = await failure(client.listLinks({ clusterId: 'lkc-unknown', deadline: Date.now() + 1_000 }));

    expect(error).toBeInstanceOf(ConfluentConfigError);
    expect(error.kind).toBe('config');
  });
});

describe('ConfluentLinksClient: pagination faults', () => {
  it('refuses a next page on another origin and sends it nothing', async () => {
    // Prepare
    const other = await startFaultServer();
    try {
      other.script(PATH, [{ kind: 'json', body: linksPage([rawLink('b')]) }]);
      server.script(PATH, [
        { kind: 'json', body: linksPage([rawLink('a')], `${other.url}${PATH}?page_token=p2`) },
      ]);
      const { list } = harness();

      // Act
      const error = await failure(list());

      // Assess
      expect(error.kind).toBe('pagination');
      expect(error.message).toContain(`another origin (${other.url}`);
      expect(other.requests).toHaveLength(0);
    } finally {
      await other.close();
    }
  });

  it('refuses a next page that switches scheme on the same host', async () => {
    server.script(PATH, [
      { kind: 'json', body: linksPage([rawLink('a')], `https://127.0.0.1:${server.port}${PATH}?p=2`) },
    ]);
    const { list } = harness();

    const error = await failure(list());

    expect(error.kind).toBe('pagination');
    expect(server.requests).toHaveLength(1);
  });

  it('detects a next that loops back to a page already read', async () => {
    server.script(PATH, [{ kind: 'json', body: linksPage([rawLink('a')], `${PATH}?page_token=p2`) }]);
    server.script(`${PATH}?page_token=p2`, [{ kind: 'json', body: linksPage([rawLink('b')], PATH) }]);
    const { list } = harness();

    const error = await failure(list());

    expect(error.kind).toBe('pagination');
    expect(error.message).toContain('a loop');
    expect(server.requests).toHaveLength(2);
  });

  it('stops at maxPages rather than reading forever', async () => {
    for (let page = 1; page <= 5; page += 1) {
      const path = page === 1 ? PATH : `${PATH}?page=${page}`;
      server.script(path, [
        { kind: 'json', body: linksPage([rawLink(`link-${page}`)], `${PATH}?page=${page + 1}`) },
      ]);
    }
    const { list } = harness({ maxPages: 3 });

    const error = await failure(list());

    expect(error.kind).toBe('pagination');
    expect(error.message).toContain('more than 3 pages');
    expect(server.requests).toHaveLength(3);
  });

  it('sets aside a link name that appears on two pages, and lists the others', async () => {
    server.script(PATH, [
      { kind: 'json', body: linksPage([rawLink('a'), rawLink('b')], `${PATH}?page_token=p2`) },
    ]);
    server.script(`${PATH}?page_token=p2`, [{ kind: 'json', body: linksPage([rawLink('a'), rawLink('c')]) }]);
    const { list } = harness();

    const listing = await list();

    expect(listing.links.map((l) => l.linkName)).toEqual(['b', 'c']);
    expect(listing.refused).toEqual([
      { linkName: 'a', problem: 'page 1: link name "a" is given by more than one entry' },
      { linkName: 'a', problem: 'page 2: link name "a" is given by more than one entry' },
    ]);
  });
});

describe('ConfluentLinksClient: invalid responses', () => {
  const invalidBodies: [string, FaultStep, string][] = [
    [
      'malformed JSON',
      {
        kind: 'text',
        status: 200,
        body: '{"kind": "KafkaLinkDataList", data: [}',
        headers: { 'content-type': 'application/json' },
      },
      'malformed JSON',
    ],
    [
      'HTML',
      {
        kind: 'text',
        status: 200,
        body: '<html><body>Bad Gateway</body></html>',
        headers: { 'content-type': 'text/html' },
      },
      'HTML where JSON was expected',
    ],
    ['an empty body', { kind: 'text', status: 200, body: '' }, 'empty body'],
    [
      'invalid UTF-8',
      { kind: 'custom', handle: (_req, res) => res.end(Buffer.from([0x7b, 0xff, 0x7d])) },
      'not valid UTF-8',
    ],
  ];

  it.each(invalidBodies)('rejects %s on a 200 without retrying', async (_name, step, text) => {
    server.script(PATH, [step]);
    const { list } = harness();

    const error = await failure(list());

    expect(error).toBeInstanceOf(InvalidLinksResponseError);
    expect(error.kind).toBe('invalid-response');
    expect(error.path).toBe(PATH);
    expect(error.message).toContain(text);
    expect(server.requests).toHaveLength(1);
  });

  it('sets aside a link missing cluster_link_id, naming the entry, and lists the others', async () => {
    const broken = rawLink('b');
    delete broken.cluster_link_id;
    server.script(PATH, [{ kind: 'json', body: linksPage([rawLink('a'), broken]) }]);
    const { list } = harness();

    const listing = await list();

    expect(listing.links.map((l) => l.linkName)).toEqual(['a']);
    expect(listing.refused).toEqual([{ linkName: 'b', problem: 'data[1].cluster_link_id: Required' }]);
  });

  it('sets aside an odd entry of a later page, naming its page, and lists the rest of every page', async () => {
    server.script(PATH, [{ kind: 'json', body: linksPage([rawLink('a')], `${PATH}?page_token=p2`) }]);
    server.script(`${PATH}?page_token=p2`, [{ kind: 'json', body: linksPage([rawLink(''), rawLink('c')]) }]);
    const { list } = harness();

    const listing = await list();

    expect(listing.links.map((l) => l.linkName)).toEqual(['a', 'c']);
    expect(listing.refused).toEqual([
      { linkName: null, problem: expect.stringMatching(/^page 2: data\[0\]\.link_name: /) },
    ]);
  });

  it('rejects the whole listing when a later page is not a links page', async () => {
    server.script(PATH, [{ kind: 'json', body: linksPage([rawLink('a')], `${PATH}?page_token=p2`) }]);
    server.script(`${PATH}?page_token=p2`, [{ kind: 'json', body: { data: [rawLink('b')] } }]);
    const { list } = harness();

    const error = await failure(list());

    expect(error).toBeInstanceOf(InvalidLinksResponseError);
    expect((error as InvalidLinksResponseError).problem).toBe('metadata: Required');
  });

  it('rejects a listing whose every entry is refused: nothing of the cluster could be read', async () => {
    server.script(PATH, [{ kind: 'json', body: linksPage([{ link_name: 'a' }, rawLink('')]) }]);
    const { list } = harness();

    const error = await failure(list());

    expect(error).toBeInstanceOf(InvalidLinksResponseError);
    expect((error as InvalidLinksResponseError).problem).toMatch(
      /^every entry of the listing was refused \(2\); the first: data\[0\]\.cluster_link_id: Required/,
    );
  });

  it(`rejects a listing with more than ${BOUNDS.refusedEntries} entries refused over its pages`, async () => {
    const odd = (count: number) => Array.from({ length: count }, () => rawLink(''));
    server.script(PATH, [
      { kind: 'json', body: linksPage([rawLink('a'), ...odd(60)], `${PATH}?page_token=p2`) },
    ]);
    server.script(`${PATH}?page_token=p2`, [
      { kind: 'json', body: linksPage([rawLink('b'), ...odd(BOUNDS.refusedEntries - 59)]) },
    ]);
    const { list } = harness();

    const error = await failure(list());

    expect((error as InvalidLinksResponseError).problem).toMatch(
      new RegExp(`^more than ${BOUNDS.refusedEntries} entries refused; the first: page 1: data`),
    );
  });

  it('cuts off an endless body at maxBodyBytes while reading it', async () => {
    // The server streams until the client hangs up: only a streaming cap can end this.
    server.script(PATH, [{ kind: 'endless', chunk: `{"pad":"${'x'.repeat(16_384)}",` }]);
    const { list } = harness({ maxBodyBytes: 64 * 1024 });

    const error = await failure(list());

    expect(error.kind).toBe('invalid-response');
    expect(error.message).toContain(`body exceeds ${64 * 1024} bytes`);
  });

  it('rejects a body whose Content-Length already exceeds maxBodyBytes', async () => {
    server.script(PATH, [
      { kind: 'json', body: linksPage([rawLink('a', { link_error_message: 'y'.repeat(5_000) })]) },
    ]);
    const { list } = harness({ maxBodyBytes: 1_024 });

    const error = await failure(list());

    expect(error.message).toContain('body exceeds 1024 bytes');
  });

  it('scrubs a credential that the server echoes in the content-type of a page that is not JSON', async () => {
    server.script(PATH, [
      {
        kind: 'custom',
        handle: (req, res) => {
          res.writeHead(200, { 'content-type': `text/plain; echo=${req.headers.authorization}` });
          res.end('not json');
        },
      },
    ]);
    const { list } = harness();

    const error = await failure(list());

    expect(error.kind).toBe('invalid-response');
    expect(error.message).toContain('[redacted]');
  });

  it.each([
    ['an invalid page', { kind: 'text', status: 200, body: 'not json' } as FaultStep],
    ['a 404', { kind: 'json', status: 404, body: { error_code: 40403, message: 'gone' } } as FaultStep],
  ])(
    'scrubs a credential that the server echoes in the path of a next page that is %s',
    async (_name, step) => {
      const echoed = `${PATH}/${API_KEY}`;
      server.script(PATH, [{ kind: 'json', body: linksPage([rawLink('a')], echoed) }]);
      server.script(echoed, [step]);
      const { list } = harness();

      const error = await failure(list());

      expect(error.path).toBe(`${PATH}/[redacted]`);
    },
  );

  it('scrubs a credential that the server echoes in the path of a next page from the retry events', async () => {
    const echoed = `${PATH}/${API_KEY}`;
    server.script(PATH, [{ kind: 'json', body: linksPage([rawLink('a')], echoed) }]);
    server.script(echoed, [
      { kind: 'json', status: 503, body: { error_code: 50301, message: 'busy' } },
      { kind: 'json', body: linksPage([rawLink('b')]) },
    ]);
    const { list, retries } = harness();

    await list();

    expect(retries.map((r) => r.path)).toEqual([`${PATH}/[redacted]`]);
  });

  it('scrubs a credential that the server echoes as a link name repeated across pages', async () => {
    server.script(PATH, [{ kind: 'json', body: linksPage([rawLink(API_KEY)], `${PATH}?page_token=p2`) }]);
    server.script(`${PATH}?page_token=p2`, [{ kind: 'json', body: linksPage([rawLink(API_KEY)]) }]);
    const { list } = harness();

    const error = await failure(list());

    expect(error.message).toContain('link name "[redacted]" is given by more than one entry');
  });

  it('scrubs a credential that the server echoes in the problem of an entry it set aside', async () => {
    server.script(PATH, [
      { kind: 'json', body: linksPage([rawLink('a'), rawLink(API_SECRET), rawLink(API_SECRET)]) },
    ]);
    const { list } = harness();

    const listing = await list();

    expect(listing.refused?.map((entry) => entry.problem)).toEqual([
      'data[1].link_name: link name "[redacted]" is given by more than one entry',
      'data[2].link_name: link name "[redacted]" is given by more than one entry',
    ]);
  });
});
