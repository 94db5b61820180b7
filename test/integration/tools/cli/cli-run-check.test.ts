import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer as createHttpsServer } from 'node:https';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BufferSink, type CliIo, type TextSink } from '../../../../tools/cli/cli-io.js';
import type { CliDeps } from '../../../../tools/cli/command-context.js';
import { runCli } from '../../../../tools/cli/main.js';
import {
  type LocalAwsEndpoint,
  startLocalAwsEndpoint,
} from '../../../../tools/local-aws/local-aws-endpoint.js';
import {
  type ConfluentSimulator,
  startConfluentSimulator,
} from '../../../../tools/simulator/confluent-simulator.js';

const ENV = { SIM_KEY: 'SIMKEY', SIM_SECRET: 'sim-secret' };

let dir: string;
let simulator: ConfluentSimulator | undefined;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'cli-run-check-'));
});

afterEach(async () => {
  await simulator?.close();
  simulator = undefined;
  rmSync(dir, { recursive: true, force: true });
});

async function startSimulator(): Promise<ConfluentSimulator> {
  simulator = await startConfluentSimulator({
    auth: { kind: 'basic', apiKey: ENV.SIM_KEY, apiSecret: ENV.SIM_SECRET },
    clusters: [
      { clusterId: 'lkc-a', links: [{ linkName: 'orders' }, { linkName: 'payments', topicNames: ['p'] }] },
      { clusterId: 'lkc-b', links: 1 },
    ],
  });
  return simulator;
}

function clusterYaml(clusterId: string, label: string, endpoint: string, keyVar = 'SIM_KEY'): string {
  return [
    `  - clusterId: ${clusterId}`,
    `    label: ${label}`,
    `    restEndpoint: ${endpoint}`,
    '    credentials:',
    `      env: { apiKey: ${keyVar}, apiSecret: SIM_SECRET }`,
  ].join('\n');
}

function writeConfig(...clusters: string[]): string {
  const path = join(dir, 'monitor.yaml');
  writeFileSync(path, `clusters:\n${clusters.join('\n')}\n`);
  return path;
}

/** A port nothing listens on: bound once, then released. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

async function cli(
  argv: string[],
  options: {
    env?: NodeJS.ProcessEnv;
    stdout?: TextSink & { text: string };
    stopSignal?: AbortSignal;
    deps?: CliDeps;
    now?: () => Date;
  } = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  const stdout = options.stdout ?? new BufferSink();
  const stderr = new BufferSink();
  const io: CliIo = {
    stdout,
    stderr,
    env: options.env ?? ENV,
    now: options.now ?? (() => new Date()),
    ...(options.stopSignal === undefined ? {} : { stopSignal: options.stopSignal }),
  };
  const code = await runCli(argv, io, options.deps);
  return { code, stdout: stdout.text, stderr: stderr.text };
}

describe('link-monitor check', () => {
  it('validates the config, lists every cluster and exits 0 when all is well', async () => {
    // Prepare
    const sim = await startSimulator();
    const config = writeConfig(
      clusterYaml('lkc-a', 'prod-eu', sim.baseUrl),
      clusterYaml('lkc-b', 'prod-us', sim.baseUrl),
    );

    // Act
    const result = await cli(['check', '--config', config]);

    // Assess
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`✔ ${config}: valid, 2 cluster(s)`);
    expect(result.stdout).toContain(`✔ prod-eu (lkc-a) at ${sim.baseUrl}: 2 link(s)`);
    expect(result.stdout).toMatch(/│ payments +│ ACTIVE │ - +│ \S+ +│ 1 +│/);
    expect(result.stdout).toContain('All clusters reachable.');
  });

  it('warns about every rule synth would apply on top, without failing a config meant for local runs', async () => {
    // Prepare
    const sim = await startSimulator();
    const config = writeConfig(clusterYaml('lkc-a', 'prod-eu', sim.baseUrl));

    // Act
    const result = await cli(['check', '--config', config]);

    // Assess
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(
      `⚠ ${config}: clusters[0].credentials: env credentials are for local runs only; a deployment needs secret (a Secrets Manager secret) (synth refuses this; fine for local runs)`,
    );
    expect(result.stdout).toContain(`⚠ ${config}: alarmEmails: is empty: the monitor's own alarms`);
  });

  it('prints the same report as JSON', async () => {
    // Prepare
    const sim = await startSimulator();
    const config = writeConfig(clusterYaml('lkc-a', 'prod-eu', sim.baseUrl));

    // Act
    const result = await cli(['check', '--config', config, '--json']);

    // Assess
    const report = JSON.parse(result.stdout) as {
      ok: boolean;
      clusters: { ok: boolean; links: { linkName: string }[] }[];
    };
    expect(result.code).toBe(0);
    expect(report.ok).toBe(true);
    expect(report.clusters[0]?.links.map((l) => l.linkName)).toEqual(['orders', 'payments']);
  });

  it('names the bad field of an invalid config and exits 1', async () => {
    // Prepare
    const config = writeConfig(clusterYaml('lkc-a', 'prod-eu', 'http://kafka.example.com'));

    // Act
    const result = await cli(['check', '--config', config]);

    // Assess
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('the config is not valid');
    expect(result.stdout).toContain('clusters[0].restEndpoint: must be https://');
  });

  it('reports each cluster problem with a hint, and still lists the healthy cluster', async () => {
    // Prepare
    const sim = await startSimulator();
    const port = await closedPort();
    const config = writeConfig(
      clusterYaml('lkc-a', 'prod-eu', sim.baseUrl),
      clusterYaml('lkc-b', 'wrong-key', sim.baseUrl, 'OTHER_KEY'),
      clusterYaml('lkc-c', 'no-such-cluster', sim.baseUrl),
      clusterYaml('lkc-d', 'down', `http://127.0.0.1:${port}`),
      clusterYaml('lkc-e', 'no-env', sim.baseUrl, 'MISSING_KEY'),
    );

    // Act
    const result = await cli(['check', '--config', config, '--json'], { env: { ...ENV, OTHER_KEY: 'nope' } });

    // Assess
    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout) as {
      ok: boolean;
      clusters: { clusterId: string; ok: boolean; problem: { kind: string; hint: string } | null }[];
    };
    expect(report.ok).toBe(false);
    expect(report.clusters.map((c) => [c.clusterId, c.problem?.kind ?? 'ok'])).toEqual([
      ['lkc-a', 'ok'],
      ['lkc-b', 'auth'],
      ['lkc-c', 'not-found'],
      ['lkc-d', 'unreachable'],
      ['lkc-e', 'credentials'],
    ]);
    expect(report.clusters[1]?.problem?.hint).toContain('API key');
    expect(report.clusters[4]?.problem?.hint).toContain('environment variables');
    expect(result.stdout).not.toContain('sim-secret');
  });

  it('reports a certificate the machine does not trust as a TLS problem', async () => {
    // Prepare
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-days',
        '1',
        '-subj',
        '/CN=127.0.0.1',
        '-keyout',
        join(dir, 'key.pem'),
        '-out',
        join(dir, 'cert.pem'),
      ],
      { stdio: 'ignore' },
    );
    const server = createHttpsServer(
      { key: readFileSync(join(dir, 'key.pem')), cert: readFileSync(join(dir, 'cert.pem')) },
      (_req, res) => res.end('{}'),
    );
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as { port: number }).port;
    const config = writeConfig(clusterYaml('lkc-a', 'private-ca', `https://127.0.0.1:${port}`));

    // Act
    const result = await cli(['check', '--config', config, '--json']);
    server.close();

    // Assess
    const report = JSON.parse(result.stdout) as {
      clusters: { problem: { kind: string; message: string; hint: string } }[];
    };
    expect(result.code).toBe(1);
    expect(report.clusters[0]?.problem.kind).toBe('tls');
    expect(report.clusters[0]?.problem.message).toMatch(
      /TLS handshake with https:\/\/127\.0\.0\.1:\d+ failed \(\w+\)/,
    );
    expect(report.clusters[0]?.problem.hint).toContain('NODE_EXTRA_CA_CERTS');
  });

  it('prints problems as text naming the cluster', async () => {
    // Prepare
    const sim = await startSimulator();
    const config = writeConfig(clusterYaml('lkc-b', 'wrong-key', sim.baseUrl, 'OTHER_KEY'));

    // Act
    const result = await cli(['check', '--config', config], { env: { ...ENV, OTHER_KEY: 'nope' } });

    // Assess
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(`✘ wrong-key (lkc-b) at ${sim.baseUrl}: auth`);
    expect(result.stdout).toContain('  hint: ');
    expect(result.stdout).toContain('1 of 1 cluster(s) have a problem.');
  });
});

describe('link-monitor run', () => {
  it('polls once into the embedded store, then notifies a change on the next run', async () => {
    // Prepare
    const sim = await startSimulator();
    const config = writeConfig(clusterYaml('lkc-a', 'prod-eu', sim.baseUrl));
    const db = join(dir, 'state.db');

    // Act
    const baseline = await cli(['run', '--config', config, '--once', '--db', db]);
    sim.setLinkState('lkc-a', 'orders', 'FAILED', 'TIMEOUT_ERROR', 'timed out');
    const second = await cli(['run', '--config', config, '--once', '--db', db]);
    const history = await cli(['history', '--cluster', 'lkc-a', '--db', db, '--format', 'json']);

    // Assess
    expect(baseline.code).toBe(0);
    expect(baseline.stdout).toMatch(/poll: prod-eu ok \(2 links, 0 change\(s\), 0 sent\)/);
    expect(baseline.stderr).toContain(`store: embedded ${db}; notifications: console`);
    expect(second.code).toBe(0);
    expect(second.stdout).toContain('Subject: [CRITICAL] prod-eu lkc-a: link orders ACTIVE -> FAILED');
    expect((JSON.parse(history.stdout) as { type: string }[]).map((e) => e.type).sort()).toEqual([
      'LINK_ERROR_CHANGED',
      'LINK_STATE_CHANGED',
    ]);
  });

  it('exits 1 after --once when a cluster could not be listed', async () => {
    // Prepare
    const sim = await startSimulator();
    sim.failCluster('lkc-a', { kind: 'unauthorized' });
    const config = writeConfig(clusterYaml('lkc-a', 'prod-eu', sim.baseUrl));

    // Act
    const result = await cli(['run', '--config', config, '--once', '--db', join(dir, 'state.db')]);

    // Assess
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/poll: prod-eu FAILED: .*401/);
  });

  it('finishes the poll in flight and starts no new one when stopped', async () => {
    // Prepare
    const sim = await startSimulator();
    const config = writeConfig(clusterYaml('lkc-a', 'prod-eu', sim.baseUrl));
    const stop = new AbortController();
    const stdout = new (class extends BufferSink {
      override write(text: string): boolean {
        if (text.includes('poll:')) stop.abort();
        return super.write(text);
      }
    })();

    // Act
    const result = await cli(['run', '--config', config, '--every', '1h', '--db', join(dir, 'state.db')], {
      stdout,
      stopSignal: stop.signal,
    });

    // Assess
    expect(result.code).toBe(0);
    expect(result.stdout.match(/poll:/g)).toHaveLength(1);
    expect(result.stderr).toContain('Stopping: finishing the poll in flight');
    expect(sim.requestCountFor('lkc-a')).toBe(1);
  });

  it('refuses --once with --every, and a missing config file', async () => {
    // Prepare
    const sim = await startSimulator();
    const config = writeConfig(clusterYaml('lkc-a', 'prod-eu', sim.baseUrl));

    // Act
    const both = await cli(['run', '--config', config, '--once', '--every', '5m']);
    const missing = await cli(['run', '--config', join(dir, 'nope.yaml'), '--once']);

    // Assess
    expect(both.code).toBe(2);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('cannot be read (ENOENT)');
  });

  it('fails a cluster whose environment credentials are not set, naming the variable, and exits 1', async () => {
    // Prepare
    const sim = await startSimulator();
    const config = writeConfig(clusterYaml('lkc-a', 'prod-eu', sim.baseUrl));

    // Act
    const result = await cli(['run', '--config', config, '--once', '--db', join(dir, 'state.db')], {
      env: {},
    });

    // Assess
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(
      'prod-eu FAILED: CredentialsError: credentials env:SIM_KEY: environment variable SIM_KEY is not set',
    );
    expect(sim.requestCountFor('lkc-a')).toBe(0);
  });
});

describe('link-monitor run with credentials in Secrets Manager', () => {
  const AWS_TEST_CREDENTIALS = { accessKeyId: 'test', secretAccessKey: 'test' };
  const ROTATED = { kind: 'basic', apiKey: 'SIMKEY2', apiSecret: 'sim-secret-2' } as const;
  const secretOf = (apiKey: string, apiSecret: string) =>
    JSON.stringify({ api_key: apiKey, api_secret: apiSecret });
  let aws: LocalAwsEndpoint;

  beforeEach(async () => {
    aws = await startLocalAwsEndpoint({ secrets: { 'monitor/a': secretOf(ENV.SIM_KEY, ENV.SIM_SECRET) } });
  });

  afterEach(async () => {
    await aws.stop();
  });

  const deps = (): CliDeps => ({
    secretsManager: () =>
      new SecretsManagerClient({
        endpoint: aws.endpoint,
        region: 'us-east-1',
        credentials: AWS_TEST_CREDENTIALS,
      }),
  });

  function secretClusterYaml(clusterId: string, label: string, endpoint: string, secret: string): string {
    return [
      `  - clusterId: ${clusterId}`,
      `    label: ${label}`,
      `    restEndpoint: ${endpoint}`,
      `    credentials: { secret: ${secret} }`,
    ].join('\n');
  }

  /** Stops `run --every` after `polls` poll lines, calling `between` after each of the others. */
  function pollLines(polls: number, between: (poll: number) => void) {
    const stop = new AbortController();
    let seen = 0;
    const stdout = new (class extends BufferSink {
      override write(text: string): boolean {
        if (text.includes('poll:')) {
          seen += 1;
          if (seen >= polls) stop.abort();
          else between(seen);
        }
        return super.write(text);
      }
    })();
    return { stdout, stopSignal: stop.signal };
  }

  it('fails only the cluster whose secret is missing; the others are polled', async () => {
    // Prepare
    const sim = await startSimulator();
    const config = writeConfig(
      secretClusterYaml('lkc-a', 'prod-eu', sim.baseUrl, 'monitor/a'),
      secretClusterYaml('lkc-b', 'dr-eu', sim.baseUrl, 'monitor/missing'),
    );

    // Act
    const result = await cli(['run', '--config', config, '--once', '--db', join(dir, 'state.db')], {
      deps: deps(),
    });

    // Assess
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/poll: prod-eu ok \(2 links, 0 change\(s\), 0 sent\)/);
    expect(result.stdout).toMatch(
      /dr-eu FAILED: SecretNotFoundError: credentials monitor\/missing: Secrets Manager has no such secret in this region \(ResourceNotFoundException\)/,
    );
    expect(sim.requestCountFor('lkc-a')).toBe(1);
    expect(sim.requestCountFor('lkc-b')).toBe(0);
  });

  it('picks up a rotated key during --every: the cluster refuses the old key, the secret is read again at once', async () => {
    // Prepare
    const sim = await startSimulator();
    const config = writeConfig(secretClusterYaml('lkc-a', 'prod-eu', sim.baseUrl, 'monitor/a'));
    const { stdout, stopSignal } = pollLines(2, () => {
      aws.setSecret('monitor/a', secretOf(ROTATED.apiKey, ROTATED.apiSecret));
      sim.setAuth(ROTATED);
    });

    // Act
    const result = await cli(['run', '--config', config, '--every', '1s', '--db', join(dir, 'state.db')], {
      deps: deps(),
      stdout,
      stopSignal,
    });

    // Assess
    expect(result.code).toBe(0);
    expect(result.stdout.match(/poll: prod-eu ok \(2 links/g)).toHaveLength(2);
    expect(aws.secretRequests).toEqual(['monitor/a', 'monitor/a']);
    // First poll, then the old key refused once and the new one accepted
    expect(sim.requestCountFor('lkc-a')).toBe(3);
  });

  it('picks up a rotated key during --every once the cached secret is 15 minutes old, without a refused request', async () => {
    // Prepare: a clock the test moves on between polls
    const sim = await startSimulator();
    const config = writeConfig(secretClusterYaml('lkc-a', 'prod-eu', sim.baseUrl, 'monitor/a'));
    let offsetMs = 0;
    const { stdout, stopSignal } = pollLines(2, () => {
      aws.setSecret('monitor/a', secretOf(ROTATED.apiKey, ROTATED.apiSecret));
      sim.setAuth(ROTATED);
      offsetMs += 15 * 60_000;
    });

    // Act
    const result = await cli(['run', '--config', config, '--every', '1s', '--db', join(dir, 'state.db')], {
      deps: deps(),
      stdout,
      stopSignal,
      now: () => new Date(Date.now() + offsetMs),
    });

    // Assess
    expect(result.code).toBe(0);
    expect(result.stdout.match(/poll: prod-eu ok \(2 links/g)).toHaveLength(2);
    expect(aws.secretRequests).toEqual(['monitor/a', 'monitor/a']);
    expect(sim.requestCountFor('lkc-a')).toBe(2);
  });
});

describe('link-monitor simulate', () => {
  it('serves the default scenario until stopped and prints a config to poll it', async () => {
    // Prepare
    const stop = new AbortController();
    let url = '';
    const stdout = new (class extends BufferSink {
      override write(text: string): boolean {
        const match = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(text);
        if (match?.[1] !== undefined) url = match[1];
        if (text.startsWith('[step 1/')) {
          // Prove it answers like Confluent before stopping it.
          fetch(`${url}/kafka/v3/clusters/lkc-dr1eu/links`)
            .then((r) => r.status)
            .then((status) => {
              if (status === 401) stop.abort();
            });
        }
        return super.write(text);
      }
    })();

    // Act
    const result = await cli(['simulate', '--port', '0'], { stdout, stopSignal: stop.signal });

    // Assess
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('restEndpoint: http://127.0.0.1:');
    expect(result.stdout).toContain('clusterId: lkc-an1us');
    expect(result.stdout).toContain('Simulator stopped after 1 request(s).');
  });

  it('writes the config that polls it with --write-config, and check accepts that file as written', async () => {
    // Prepare
    const stop = new AbortController();
    const configPath = join(dir, 'sim.yaml');
    let checked: Promise<{ code: number; stdout: string; stderr: string }> | undefined;
    const stdout = new (class extends BufferSink {
      override write(text: string): boolean {
        if (text.startsWith('[step 1/') && checked === undefined) {
          checked = cli(['check', '--config', configPath], {
            env: { SIM_API_KEY: 'SIMKEY', SIM_API_SECRET: 'simulator-secret' },
          });
          void checked.finally(() => stop.abort());
        }
        return super.write(text);
      }
    })();

    // Act
    const result = await cli(['simulate', '--port', '0', '--write-config', configPath], {
      stdout,
      stopSignal: stop.signal,
    });
    const check = await checked;

    // Assess
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`Config written to ${configPath}.`);
    expect(result.stdout).toContain(`node bin/link-monitor.js check --config ${configPath}`);
    expect(readFileSync(configPath, 'utf8')).toContain('clusterId: lkc-dr1eu');
    expect(readFileSync(configPath, 'utf8')).toContain('readiness:\n  everyPolls: 1');
    expect(check?.code).toBe(0);
    expect(check?.stdout).toContain('dr-eu (lkc-dr1eu)');
    expect(check?.stdout).toContain('All clusters reachable.');
  });

  it('refuses a scenario file that is not valid, naming it', async () => {
    // Prepare
    const path = join(dir, 'bad.yaml');
    writeFileSync(path, 'name: x\nclusters: []\nsteps: []\n');

    // Act
    const result = await cli(['simulate', '--scenario', path, '--port', '0']);

    // Assess
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`error: Scenario ${path}: clusters:`);
  });
});
