import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InvalidConfigError } from '../../../adapters/config/invalid-config-error.js';
import { parseConfig } from '../../../adapters/config/load-config.js';
import {
  ConfluentApiError,
  InvalidLinksResponseError,
} from '../../../adapters/confluent/confluent-errors.js';
import { ConfluentLinksClient } from '../../../adapters/confluent/confluent-links-client.js';
import { decodeJsonBody, parseLinksPage } from '../../../adapters/confluent/parse-links-page.js';
import { pollClusters } from '../../../core/poll/poll-clusters.js';
import { DEFAULT_POLL_SETTINGS } from '../../../core/poll/poll-settings.js';
import { openSqliteLinkStateStore } from '../../../tools/sqlite-store/sqlite-link-state-store.js';
import { FaultNotifier } from '../../support/fault-notifier.js';
import { startReport } from '../../support/fault-report.js';
import { type FaultServer, startFaultServer } from '../../support/fault-server.js';

const record = startReport('bad-input');
const CLUSTER = 'lkc-fuzz';
const PATH = `/kafka/v3/clusters/${CLUSTER}/links`;
const CREDENTIALS = {
  kind: 'basic',
  apiKey: 'FUZZKEY7Q2WXYZ',
  apiSecret: 'fuzz-secret-9f8e7d6c5b4a',
} as const;
/** Base64 of the key pair: what the Authorization header carries. */
const ENCODED = Buffer.from(`${CREDENTIALS.apiKey}:${CREDENTIALS.apiSecret}`).toString('base64');

const validLink = (name: string) => ({
  kind: 'KafkaLinkData',
  metadata: { self: `http://x${PATH}/${name}` },
  link_name: name,
  cluster_link_id: `id-${name}`,
  topic_names: ['orders'],
  link_state: 'ACTIVE',
  link_error: 'NO_ERROR',
  link_error_message: null,
  source_cluster_id: 'lkc-src',
  destination_cluster_id: CLUSTER,
  remote_cluster_id: 'lkc-src',
  tasks: [],
  category_counts: [{ state_category: 'ACTIVE', count: 1 }],
});
const validPage = () => ({
  kind: 'KafkaLinkDataList',
  metadata: { self: '', next: null },
  data: [validLink('a'), validLink('b')],
});

/** A valid page with one value somewhere replaced by an arbitrary JSON value. */
const nearValidPage = fc
  .tuple(
    fc.constantFrom(
      ['metadata'],
      ['metadata', 'next'],
      ['data'],
      ['data', 0],
      ['data', 1, 'link_name'],
      ['data', 0, 'cluster_link_id'],
      ['data', 1, 'topic_names'],
      ['data', 0, 'topic_names', 0],
      ['data', 0, 'link_state'],
      ['data', 1, 'link_error'],
      ['data', 0, 'tasks'],
      ['data', 1, 'category_counts', 0, 'count'],
    ),
    fc.jsonValue(),
  )
  .map(([path, value]) => {
    const page: Record<string | number, unknown> = validPage();
    let node = page;
    for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
    node[path.at(-1) as string | number] = value;
    return page;
  });

/** Bytes a broken or hostile endpoint might send with a 200. */
const hostileBody = fc.oneof(
  fc.uint8Array({ maxLength: 300 }).map((bytes) => Buffer.from(bytes)),
  fc.string({ maxLength: 200 }).map((s) => Buffer.from(s)),
  fc.jsonValue().map((v) => Buffer.from(JSON.stringify(v) ?? 'null')),
  nearValidPage.map((p) => Buffer.from(JSON.stringify(p))),
  nearValidPage.map((p) => Buffer.from(JSON.stringify(p).slice(0, -7))),
);

describe('Property: the links response parser on hostile input', () => {
  it('returns a page or throws InvalidLinksResponseError for any text, never another error', () => {
    let rejected = 0;
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          hostileBody.map((b) => b.toString('utf8')),
        ),
        fc.option(fc.string()),
        (text, contentType) => {
          try {
            const page = parseLinksPage(
              decodeJsonBody(text, contentType, { clusterId: CLUSTER, path: PATH }),
              {
                clusterId: CLUSTER,
                path: PATH,
              },
            );
            expect(new Set(page.links.map((l) => l.linkName)).size).toBe(page.links.length);
          } catch (error) {
            expect(error).toBeInstanceOf(InvalidLinksResponseError);
            expect((error as Error).message).not.toContain(text.length > 20 ? text : '\u0000never');
            rejected++;
          }
        },
      ),
      { numRuns: 2_000 },
    );
    record({
      category: 'bad-input',
      name: 'parser fuzzing',
      injected:
        '2000 generated bodies: arbitrary strings and bytes, arbitrary JSON, valid pages with one field replaced by arbitrary JSON, truncated pages.',
      monitor: [
        `${rejected} rejected with InvalidLinksResponseError, the rest parsed into pages with unique link names; no other error`,
      ],
      passed: true,
    });
  });
});

describe('Property: the client end to end against a server sending arbitrary bytes', () => {
  let server: FaultServer;
  beforeAll(async () => {
    server = await startFaultServer();
  });
  afterAll(async () => {
    await server.close();
  });

  it('lists or fails with a ConfluentApiError that carries no credential, whatever the status and body', async () => {
    const client = new ConfluentLinksClient({
      options: { maxAttempts: 2, requestTimeoutMs: 2_000 },
      sleep: async () => undefined,
    });
    const kinds = new Map<string, number>();
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(200, 200, 200, 201, 204, 301, 400, 401, 404, 429, 500, 503),
        fc.constantFrom(
          'application/json',
          'text/html',
          'application/octet-stream',
          'text/plain; charset=utf-8',
        ),
        hostileBody,
        async (status, contentType, body) => {
          server.script(PATH, [
            {
              kind: 'custom',
              handle: (_req, res) => {
                res.writeHead(status, {
                  'content-type': contentType,
                  'content-length': body.length,
                  location: 'http://127.0.0.2/steal',
                });
                res.end(body);
              },
            },
          ]);
          try {
            const listing = await client.listClusterLinks(
              { clusterId: CLUSTER, restEndpoint: server.url, credentials: CREDENTIALS },
              { deadline: Date.now() + 10_000 },
            );
            kinds.set('listed', (kinds.get('listed') ?? 0) + 1);
            expect(listing.clusterId).toBe(CLUSTER);
          } catch (error) {
            expect(error).toBeInstanceOf(ConfluentApiError);
            const text = `${(error as Error).message} ${JSON.stringify(error)}`;
            for (const secret of [CREDENTIALS.apiKey, CREDENTIALS.apiSecret, ENCODED])
              expect(text).not.toContain(secret);
            const kind = (error as ConfluentApiError).kind;
            kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
          }
        },
      ),
      { numRuns: 150 },
    );
    record({
      category: 'bad-input',
      name: 'client against arbitrary bytes',
      injected:
        '150 responses from a real HTTP server: random status (2xx, 3xx with a Location elsewhere, 4xx, 5xx), content type and body (random bytes, text, JSON, broken pages).',
      monitor: [
        `outcomes: ${[...kinds].map(([k, n]) => `${k} x${n}`).join(', ')}; every failure a ConfluentApiError without the key, secret or encoded header`,
      ],
      passed: true,
    });
    expect(kinds.size).toBeGreaterThan(2);
  });

  it('never records a change from an invalid listing: history and snapshots stay as they were', async () => {
    const client = new ConfluentLinksClient({ options: { maxAttempts: 1 }, sleep: async () => undefined });
    const source = {
      listLinks: (request: { clusterId: string; deadline: number }) =>
        client.listClusterLinks(
          { clusterId: request.clusterId, restEndpoint: server.url, credentials: CREDENTIALS },
          request,
        ),
    };
    let invalid = 0;
    await fc.assert(
      fc.asyncProperty(hostileBody, async (body) => {
        let clock = Date.parse('2026-01-01T00:00:00Z');
        const store = openSqliteLinkStateStore({ path: ':memory:', now: () => clock });
        const notifier = new FaultNotifier();
        const poll = () =>
          pollClusters([{ clusterId: CLUSTER, label: 'fuzz' }], DEFAULT_POLL_SETTINGS, {
            source,
            store,
            notifier,
            now: () => new Date(clock),
            deadline: clock + 60_000,
          });
        try {
          server.script(PATH, [
            {
              kind: 'json',
              body: { ...validPage(), data: [validLink('a'), { ...validLink('b'), link_state: 'FAILED' }] },
            },
          ]);
          await poll();
          const range = {
            clusterId: CLUSTER,
            from: '2000-01-01T00:00:00Z',
            to: '2100-01-01T00:00:00Z',
            limit: 1000,
          };
          const before = {
            history: await store.clusterHistory(range),
            state: await store.readClusterState(CLUSTER),
          };
          clock += 60_000;
          server.script(PATH, [
            {
              kind: 'text',
              status: 200,
              body: body.toString('latin1'),
              headers: { 'content-type': 'application/json' },
            },
          ]);
          const summary = await poll();
          if (summary.results[0]?.failedStep !== 'list') return;
          invalid++;
          expect(await store.clusterHistory(range)).toEqual(before.history);
          expect((await store.readClusterState(CLUSTER)).links).toEqual(before.state.links);
        } finally {
          store.close();
        }
      }),
      { numRuns: 60 },
    );
    record({
      category: 'bad-input',
      name: 'invalid listings change nothing',
      injected:
        '60 polls whose listing was a random body (after a valid baseline with one FAILED link), run through the real client and poller.',
      monitor: [
        `${invalid} listings were refused; after each, history and snapshots were exactly as before (no LINK_REMOVED, no change event)`,
      ],
      passed: true,
    });
    expect(invalid).toBeGreaterThan(30);
  });
});

/** A config that parses; each property breaks one thing in it. */
function validConfig(): Record<string, unknown> {
  return {
    stackName: 'ClusterLinkMonitor',
    clusters: [
      {
        clusterId: 'lkc-abc123',
        label: 'prod-eu',
        restEndpoint: 'https://pkc-1.eu-west-1.aws.confluent.cloud:443',
        credentials: { secret: 'clm/prod-eu' },
      },
      {
        clusterId: 'lkc-def456',
        label: 'prod-us',
        restEndpoint: 'https://pkc-2.us-east-1.aws.confluent.cloud',
        credentials: { secret: 'clm/prod-us' },
      },
    ],
    schedule: 'rate(1 minute)',
    pollTimeout: '50s',
    emailRecipients: [{ address: 'oncall@example.com', minSeverity: 'critical' }],
    slack: { webhookSecret: 'clm/slack', minSeverity: 'warning' },
    alarmEmails: ['platform@example.com'],
    digestThreshold: 3,
    reminderInterval: '4h',
    dampingPolls: 1,
    unreachableAfterPolls: 3,
    historyRetentionDays: 90,
    notifyTopicChanges: false,
    notifyMessageChanges: false,
    concurrency: 16,
  };
}

function setPath(target: Record<string, unknown>, path: readonly (string | number)[], value: unknown): void {
  let node = target as Record<string | number, unknown>;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
  node[path.at(-1) as string | number] = value;
}

function issuesOf(text: string, fileName: string): readonly { path: string; message: string }[] | null {
  try {
    parseConfig(text, fileName);
    return null;
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidConfigError);
    return (error as InvalidConfigError).issues;
  }
}

const notWholeNumber = fc.oneof(
  fc.double({ noInteger: true }),
  fc.string(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.nat(), { maxLength: 2 }),
);
const notString = fc.oneof(
  fc.integer(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.string(), { maxLength: 2 }),
  fc.dictionary(fc.string(), fc.string(), { maxKeys: 2 }),
);
/** Per field: values that must be refused, and the path the error must name. */
const INVALID_FIELDS: readonly [string, readonly (string | number)[], fc.Arbitrary<unknown>][] = [
  [
    'clusterId',
    ['clusters', 1, 'clusterId'],
    fc.oneof(notString, fc.constantFrom('', 'lkc#1', 'a b', 'x'.repeat(65))),
  ],
  [
    'label',
    ['clusters', 0, 'label'],
    fc.oneof(notString, fc.constantFrom('', 'bad\u0007label', 'y'.repeat(65))),
  ],
  [
    'restEndpoint',
    ['clusters', 0, 'restEndpoint'],
    fc.oneof(
      notString,
      fc.domain().map((host) => `http://${host}`),
      fc.constantFrom(
        'pkc-1.confluent.cloud',
        'ftp://pkc-1.confluent.cloud',
        'https://k:s@pkc-1.confluent.cloud',
        'https://pkc-1.confluent.cloud/?x=1',
      ),
    ),
  ],
  [
    'credentials',
    ['clusters', 1, 'credentials'],
    fc.constantFrom(
      {},
      { secret: '' },
      { secret: 'has space' },
      { secret: 'a', env: { token: 'T' } },
      null,
      'clm/prod',
    ),
  ],
  [
    'schedule',
    ['schedule'],
    fc.oneof(
      notString,
      fc.constantFrom('', 'rate(30 seconds)', 'cron(0 * * * ? *)', 'rate(2 hours)', 'often'),
    ),
  ],
  ['pollTimeout', ['pollTimeout'], fc.oneof(fc.constantFrom('5s', '16m', 'soon', '', 60, true))],
  [
    'emailRecipients',
    ['emailRecipients', 0, 'address'],
    fc.oneof(notString, fc.constantFrom('', 'not-an-email', '@example.com')),
  ],
  ['alarmEmails', ['alarmEmails', 0], fc.oneof(notString, fc.constantFrom('', 'nobody'))],
  [
    'digestThreshold',
    ['digestThreshold'],
    fc.oneof(notWholeNumber, fc.integer({ max: 0 }), fc.integer({ min: 1001 })),
  ],
  [
    'dampingPolls',
    ['dampingPolls'],
    fc.oneof(notWholeNumber, fc.integer({ max: 0 }), fc.integer({ min: 101 })),
  ],
  ['unreachableAfterPolls', ['unreachableAfterPolls'], fc.oneof(notWholeNumber, fc.integer({ max: 0 }))],
  [
    'historyRetentionDays',
    ['historyRetentionDays'],
    fc.oneof(notWholeNumber, fc.integer({ max: 0 }), fc.integer({ min: 3651 })),
  ],
  ['concurrency', ['concurrency'], fc.oneof(notWholeNumber, fc.integer({ max: 0 }), fc.integer({ min: 65 }))],
  ['notifyTopicChanges', ['notifyTopicChanges'], fc.oneof(fc.string(), fc.integer(), fc.constant(null))],
  ['slack.webhookSecret', ['slack', 'webhookSecret'], fc.oneof(notString, fc.constantFrom('', 'has spaces'))],
  [
    'slack.minSeverity',
    ['slack', 'minSeverity'],
    fc.oneof(notString, fc.constantFrom('resolved', 'CRITICAL', 'all')),
  ],
];

describe('Property: the config loader on bad input', () => {
  it('turns any text, YAML or JSON, into a config or an InvalidConfigError, never another error', () => {
    let refused = 0;
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ maxLength: 300 }),
          fc.jsonValue().map((v) => JSON.stringify(v) ?? ''),
          fc.anything().map((v) => fc.stringify(v)),
        ),
        fc.constantFrom('monitor.yaml', 'monitor.json'),
        (text, fileName) => {
          if (issuesOf(text, fileName) !== null) refused++;
        },
      ),
      { numRuns: 1_000 },
    );
    record({
      category: 'bad-input',
      name: 'config loader fuzzing',
      injected:
        '1000 arbitrary texts parsed as YAML and JSON config files (random strings, JSON values, stringified objects).',
      monitor: [`${refused} refused with InvalidConfigError; no other error was thrown`],
      passed: true,
    });
  });

  it('names the field of every invalid value, and quotes it only cut short', () => {
    fc.assert(
      fc.property(
        fc
          .constantFrom(...INVALID_FIELDS)
          .chain(([, path, arbitrary]) => arbitrary.map((value) => ({ path, value }))),
        ({ path, value }) => {
          const config = validConfig();
          setPath(config, path, value);
          const issues = issuesOf(JSON.stringify(config), 'monitor.json');
          const expected = path
            .map((k, i) => (typeof k === 'number' ? `[${k}]` : i === 0 ? k : `.${k}`))
            .join('');
          expect(issues, `${expected} = ${JSON.stringify(value)} was accepted`).not.toBeNull();
          expect(
            issues
              ?.map((i) => i.path)
              .some((p) => p === expected || p.startsWith(`${expected}.`) || p.startsWith(`${expected}[`)),
          ).toBe(true);
          // The value is echoed to say what was written, but never whole when it is long.
          if (typeof value === 'string' && value.length > 40) {
            for (const issue of issues ?? []) expect(issue.message).not.toContain(value);
          }
        },
      ),
      { numRuns: 400 },
    );
    record({
      category: 'bad-input',
      name: 'every invalid config field is named',
      injected: `400 configs with one field made invalid (${INVALID_FIELDS.map(([name]) => name).join(', ')}), with generated values.`,
      monitor: [
        'each was refused with an issue naming the field path (e.g. clusters[0].restEndpoint); no message quoted a long value whole',
      ],
      passed: true,
    });
  });

  it('refuses plain http to any non-loopback host, a missing secret, duplicate cluster ids and a schedule not longer than the poll timeout', () => {
    fc.assert(
      fc.property(fc.domain(), fc.nat({ max: 1 }), (host, index) => {
        const config = validConfig();
        setPath(config, ['clusters', index, 'restEndpoint'], `http://${host}:8082`);
        expect(issuesOf(JSON.stringify(config), 'm.json')?.map((i) => i.path)).toContain(
          `clusters[${index}].restEndpoint`,
        );
      }),
      { numRuns: 200 },
    );
    for (const loopback of ['http://127.0.0.1:8082', 'http://localhost:8082', 'http://[::1]:8082']) {
      const config = validConfig();
      setPath(config, ['clusters', 0, 'restEndpoint'], loopback);
      expect(issuesOf(JSON.stringify(config), 'm.json')).toBeNull();
    }
    fc.assert(
      fc.property(fc.nat({ max: 1 }), (index) => {
        const config = validConfig();
        setPath(config, ['clusters', index, 'credentials'], {});
        expect(issuesOf(JSON.stringify(config), 'm.json')?.map((i) => i.path)).toContain(
          `clusters[${index}].credentials`,
        );
      }),
    );
    fc.assert(
      fc.property(fc.stringMatching(/^[a-z0-9-]{1,20}$/), (id) => {
        const config = validConfig();
        setPath(config, ['clusters', 0, 'clusterId'], id);
        setPath(config, ['clusters', 1, 'clusterId'], id);
        expect(issuesOf(JSON.stringify(config), 'm.json')?.map((i) => i.path)).toContain(
          'clusters[1].clusterId',
        );
      }),
      { numRuns: 100 },
    );
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 15 }),
        fc.integer({ min: 15, max: 900 }),
        (minutes, timeoutSeconds) => {
          const config = {
            ...validConfig(),
            schedule: `rate(${minutes} minute${minutes === 1 ? '' : 's'})`,
            pollTimeout: `${timeoutSeconds}s`,
          };
          const issues = issuesOf(JSON.stringify(config), 'm.json');
          if (timeoutSeconds * 1000 >= minutes * 60_000)
            expect(issues?.map((i) => i.path)).toContain('pollTimeout');
          else expect(issues).toBeNull();
        },
      ),
      { numRuns: 300 },
    );
    record({
      category: 'bad-input',
      name: 'config rules that protect the deployment',
      injected:
        'Generated configs with: http:// to 200 random non-loopback hosts; a cluster without a secret; two clusters sharing a generated id; 300 schedule/poll timeout pairs.',
      monitor: [
        'http:// refused on every non-loopback host (accepted on 127.0.0.1, localhost, ::1); missing secret refused naming clusters[i].credentials',
        'duplicate ids refused naming clusters[1].clusterId; a poll timeout not shorter than the schedule refused naming pollTimeout, a shorter one accepted',
      ],
      passed: true,
    });
  });
});
