/**
 * `link-monitor silence add|list|expire` against both stores: the embedded SQLite file and
 * DynamoDB Local. The creator comes from `--by`, or from the caller's AWS identity (a local
 * STS endpoint answering GetCallerIdentity).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { DynamoDbLinkStateStore } from '../../../../adapters/dynamodb/dynamodb-link-state-store.js';
import type { Silence } from '../../../../core/control/silence.js';
import type { LinkStateStore } from '../../../../core/ports.js';
import { callerArn } from '../../../../tools/cli/caller-identity.js';
import { BufferSink, type CliIo } from '../../../../tools/cli/cli-io.js';
import type { CliDeps } from '../../../../tools/cli/command-context.js';
import { runCli } from '../../../../tools/cli/main.js';
import {
  createTables,
  localDynamoDbClient,
  type TestTables,
} from '../../../../tools/local-aws/dynamodb-local.js';
import { openSqliteLinkStateStore } from '../../../../tools/sqlite-store/sqlite-link-state-store.js';
import { dynamoDbEndpoint } from '../../../support/dynamodb-endpoint.js';
import { aClusterRecord, aLink, aSnapshot } from '../../../support/store-contract.js';

const NOW = new Date('2026-03-07T12:00:00Z');
const CALLER = 'arn:aws:sts::123456789012:assumed-role/oncall/alice';

async function cli(argv: string[], deps: CliDeps = {}, now = NOW) {
  const stdout = new BufferSink();
  const stderr = new BufferSink();
  const io: CliIo = { stdout, stderr, env: {}, now: () => now };
  const code = await runCli(argv, io, deps);
  return { code, stdout: stdout.text, stderr: stderr.text };
}

interface StoreCase {
  readonly name: string;
  readonly flags: () => string[];
  readonly deps: () => CliDeps;
  readonly open: () => { store: LinkStateStore; close(): void };
}

/** The cluster the silences name: polled once, with two links. */
async function seedCluster({ store, close }: { store: LinkStateStore; close(): void }): Promise<void> {
  await store.commitCluster({
    clusterId: 'lkc-abc',
    expectedVersion: null,
    next: aClusterRecord('lkc-abc', { clusterLabel: 'prod-eu' }),
    events: [],
  });
  for (const linkName of ['orders-dr', 'payments-dr']) {
    await store.commitLink({
      clusterId: 'lkc-abc',
      linkName,
      expectedVersion: null,
      next: aSnapshot('lkc-abc', { link: aLink({ linkName }) }),
      events: [],
    });
  }
  close();
}

let dir: string;
let tables: TestTables;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'cli-silence-'));
  tables = await createTables(localDynamoDbClient(dynamoDbEndpoint()), 'silence-cli');
});
afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  await tables.drop();
});

const CASES: StoreCase[] = [
  {
    name: 'embedded store',
    flags: () => ['--db', join(dir, 'state.db')],
    deps: () => ({}),
    open: () => {
      const store = openSqliteLinkStateStore({ path: join(dir, 'state.db') });
      return { store, close: () => store.close() };
    },
  },
  {
    name: 'DynamoDB Local',
    flags: () => [
      '--store',
      'dynamodb',
      '--snapshot-table',
      tables.snapshotTableName,
      '--history-table',
      tables.historyTableName,
    ],
    deps: () => ({ dynamoDb: () => localDynamoDbClient(dynamoDbEndpoint()) }),
    open: () => {
      const client = localDynamoDbClient(dynamoDbEndpoint());
      const store = new DynamoDbLinkStateStore({
        client,
        snapshotTableName: tables.snapshotTableName,
        historyTableName: tables.historyTableName,
      });
      return { store, close: () => client.destroy() };
    },
  },
];

describe.each(CASES)('link-monitor silence on the $name', (store) => {
  const deps = () => ({ ...store.deps(), callerIdentity: async () => CALLER });
  beforeAll(() => seedCluster(store.open()));

  it('adds a silence with its matchers and creator, lists it as active, expires it', async () => {
    // Act: add
    const added = await cli(
      [
        'silence',
        'add',
        '--cluster',
        'prod-eu',
        '--link',
        'orders-*',
        '--type',
        'LINK_STATE_CHANGED',
        '--severity',
        'critical',
        '--for',
        '2h',
        '--reason',
        'failover drill',
        ...store.flags(),
      ],
      deps(),
    );
    const id = /Added silence (s-[0-9a-f]+)/.exec(added.stdout)?.[1] ?? '';
    const listed = await cli(['silence', 'list', '--format', 'json', ...store.flags()], deps());
    const expired = await cli(
      ['silence', 'expire', id, ...store.flags()],
      deps(),
      new Date(NOW.getTime() + 30 * 60_000),
    );
    const afterwards = await cli(
      ['silence', 'list', '--format', 'json', ...store.flags()],
      deps(),
      new Date(NOW.getTime() + 31 * 60_000),
    );

    // Assess
    expect(added).toMatchObject({ code: 0 });
    const mine = (JSON.parse(listed.stdout) as (Silence & { state: string })[]).find((s) => s.id === id);
    expect(mine).toEqual({
      id,
      state: 'active',
      matchers: {
        clusters: ['prod-eu'],
        linkName: 'orders-*',
        eventTypes: ['LINK_STATE_CHANGED'],
        severities: ['critical'],
      },
      startsAt: NOW.toISOString(),
      endsAt: '2026-03-07T14:00:00.000Z',
      reason: 'failover drill',
      createdBy: CALLER,
      createdAt: NOW.toISOString(),
      expiredAt: null,
    });
    expect(expired).toMatchObject({ code: 0, stdout: `Expired silence ${id}\n` });
    const after = (JSON.parse(afterwards.stdout) as (Silence & { state: string })[]).find((s) => s.id === id);
    expect(after).toMatchObject({ state: 'expired', expiredAt: '2026-03-07T12:30:00.000Z' });
  });

  it('takes --until and --by, and shows the silence in a table', async () => {
    const added = await cli(
      [
        'silence',
        'add',
        '--cluster',
        'lkc-abc',
        '--until',
        '2026-03-08T00:00:00Z',
        '--reason',
        'migration',
        '--by',
        'bob',
        ...store.flags(),
      ],
      store.deps(),
    );
    const table = await cli(['silence', 'list', ...store.flags()], store.deps());

    expect(added.code).toBe(0);
    expect(table.stdout).toMatch(
      /s-[0-9a-f]+ +│ active +│ cluster=lkc-abc +│ 2026-03-07 12:00:00Z │ 2026-03-08 00:00:00Z │ bob +│ migration/,
    );
  });

  it('refuses a silence without a reason, a matcher or an end', async () => {
    const noReason = await cli(['silence', 'add', '--link', '*', '--for', '1h', ...store.flags()], deps());
    const noMatcher = await cli(['silence', 'add', '--for', '1h', '--reason', 'x', ...store.flags()], deps());
    const noEnd = await cli(['silence', 'add', '--link', '*', '--reason', 'x', ...store.flags()], deps());
    const past = await cli(
      ['silence', 'add', '--link', '*', '--until', '2026-03-07T11:00:00Z', '--reason', 'x', ...store.flags()],
      deps(),
    );

    expect(noReason.code).toBe(2);
    expect(noMatcher).toMatchObject({ code: 2 });
    expect(noMatcher.stderr).toContain('a silence needs at least one matcher');
    expect(noEnd.stderr).toContain('give exactly one of --for DURATION and --until TIME');
    expect(past.stderr).toContain('before it could apply');
  });

  it('refuses a cluster that is neither an id nor a label of a known one, naming the known ones', async () => {
    // Act
    const refused = await cli(
      ['silence', 'add', '--cluster', 'dr-us', '--for', '1h', '--reason', 'x', ...store.flags()],
      deps(),
    );
    const forced = await cli(
      ['silence', 'add', '--cluster', 'dr-us', '--for', '1h', '--reason', 'x', '--force', ...store.flags()],
      deps(),
    );

    // Assess
    expect(refused).toMatchObject({ code: 1, stdout: '' });
    expect(refused.stderr).toContain('error: unknown cluster dr-us: known clusters: lkc-abc (prod-eu)');
    expect(refused.stderr).toContain('--force adds the silence anyway');
    expect(forced.code).toBe(0);
    expect(forced.stderr).toContain('warning: cluster dr-us is not known');
    expect(forced.stdout).toMatch(/^Added silence s-/);
  });

  it('takes a cluster the config names before its first poll', async () => {
    // Prepare
    const config = join(dir, `new-cluster-${store.name.replace(/\W/g, '')}.yaml`);
    writeFileSync(
      config,
      'clusters:\n  - { clusterId: lkc-new, label: dr-ap, restEndpoint: https://pkc.example.com, credentials: { secret: c/n } }\n',
    );

    // Act
    const added = await cli(
      [
        'silence',
        'add',
        '--cluster',
        'dr-ap',
        '--for',
        '1h',
        '--reason',
        'x',
        '--config',
        config,
        ...store.flags(),
      ],
      deps(),
    );

    // Assess
    expect(added).toMatchObject({ code: 0, stderr: '' });
  });

  it('warns, naming a few of the links recorded, when the link glob matches none of them', async () => {
    // Act
    const added = await cli(
      [
        'silence',
        'add',
        '--cluster',
        'prod-eu',
        '--link',
        'payment-*',
        '--for',
        '1h',
        '--reason',
        'x',
        ...store.flags(),
      ],
      deps(),
    );

    // Assess
    expect(added.code).toBe(0);
    expect(added.stderr).toBe(
      'warning: --link payment-* matches no link recorded in prod-eu (links: orders-dr, payments-dr); added anyway, for a link still to come\n',
    );
  });

  it('says so for an unknown id', async () => {
    const result = await cli(['silence', 'expire', 's-unknown', ...store.flags()], deps());
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('no silence s-unknown');
  });
});

describe('link-monitor silence list with maintenance windows', () => {
  it("shows the config's window that is open now as an active silence", async () => {
    // Prepare: Saturday 2026-03-07 12:00Z is 07:00 in New York; an embedded store that holds no
    // silences (list refuses a missing file, so that a mistyped --db does not look empty)
    const db = join(dir, 'windows.db');
    openSqliteLinkStateStore({ path: db }).close();
    const config = join(dir, 'monitor.yaml');
    writeFileSync(
      config,
      [
        'clusters:',
        '  - { clusterId: lkc-a, label: prod-eu, restEndpoint: https://pkc.example.com, credentials: { secret: c/a } }',
        'maintenanceWindows:',
        '  - { name: saturday-patching, days: [sat], start: "06:00", duration: 3h, timeZone: America/New_York, reason: patching }',
      ].join('\n'),
    );

    // Act
    const listed = await cli(['silence', 'list', '--format', 'json', '--config', config, '--db', db]);

    // Assess
    const windows = (JSON.parse(listed.stdout) as (Silence & { state: string })[]).filter((s) =>
      s.id.startsWith('window:'),
    );
    expect(windows[0]).toMatchObject({
      id: 'window:saturday-patching',
      state: 'active',
      startsAt: '2026-03-07T11:00:00.000Z',
      endsAt: '2026-03-07T14:00:00.000Z',
      createdBy: 'config',
    });
  });

  it('refuses to expire a window', async () => {
    const result = await cli([
      'silence',
      'expire',
      'window:saturday-patching',
      '--db',
      join(dir, 'state.db'),
    ]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('is a maintenance window');
  });
});

describe('callerArn', () => {
  let server: Server;
  let headers: IncomingHttpHeaders | undefined;
  let body = '';
  beforeAll(async () => {
    server = createServer((req, res) => {
      headers = req.headers;
      req.on('data', (chunk) => {
        body += chunk;
      });
      req.on('end', () => {
        res.writeHead(200, { 'content-type': 'text/xml' });
        res.end(
          `<GetCallerIdentityResponse><GetCallerIdentityResult><Arn>${CALLER}</Arn><UserId>AROA:alice</UserId><Account>123456789012</Account></GetCallerIdentityResult></GetCallerIdentityResponse>`,
        );
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('asks STS GetCallerIdentity with a SigV4-signed request and returns the ARN', async () => {
    // Prepare: credentials from the environment, as the default chain reads them
    const saved = { id: process.env.AWS_ACCESS_KEY_ID, secret: process.env.AWS_SECRET_ACCESS_KEY };
    process.env.AWS_ACCESS_KEY_ID = 'AKIDEXAMPLE';
    process.env.AWS_SECRET_ACCESS_KEY = 'secret';
    onTestFinished(() => {
      process.env.AWS_ACCESS_KEY_ID = saved.id;
      process.env.AWS_SECRET_ACCESS_KEY = saved.secret;
    });
    const port = (server.address() as { port: number }).port;

    // Act
    const arn = await callerArn({ region: 'eu-west-1', endpoint: `http://127.0.0.1:${port}/` });

    // Assess
    expect(arn).toBe(CALLER);
    expect(body).toBe('Action=GetCallerIdentity&Version=2011-06-15');
    expect(headers?.authorization).toMatch(
      /^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/\d{8}\/eu-west-1\/sts\/aws4_request/,
    );
  });
});
