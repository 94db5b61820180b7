import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type ServerResponse } from 'node:http';
import { join } from 'node:path';
import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { mockClient } from 'aws-sdk-client-mock';
import { describe, expect, it } from 'vitest';
import { BufferSink, type CliIo, type TextSink } from '../../../../tools/cli/cli-io.js';
import type { CliDeps } from '../../../../tools/cli/command-context.js';
import { runCli } from '../../../../tools/cli/main.js';
import { STORE_BROKEN_AFTER_POLLS } from '../../../../tools/cli/run-command.js';
import { oneClusterWorld, SIM_ENV } from '../../../support/one-cluster-cli-world.js';

const ENV = SIM_ENV;
const world = oneClusterWorld('cli-run-service-');

async function cli(
  argv: string[],
  options: {
    env?: NodeJS.ProcessEnv;
    stdout?: TextSink & { text: string };
    stopSignal?: AbortSignal;
    deps?: CliDeps;
  } = {},
) {
  const stdout = options.stdout ?? new BufferSink();
  const stderr = new BufferSink();
  const io: CliIo = {
    stdout,
    stderr,
    env: options.env ?? ENV,
    now: () => new Date(),
    ...(options.stopSignal === undefined ? {} : { stopSignal: options.stopSignal }),
  };
  const code = await runCli(argv, io, options.deps);
  return { code, stdout: stdout.text, stderr: stderr.text };
}

/** A stand-in Slack webhook answering every post with `status`, or hanging when `status` is null. */
async function startWebhook(status: number | null) {
  const state = { posts: 0, hanging: [] as ServerResponse[], onPost: () => {} };
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      state.posts += 1;
      state.onPost();
      if (status === null) state.hanging.push(res);
      else res.writeHead(status).end(status === 404 ? 'no_service' : 'ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  world.cleanups.push(async () => {
    for (const res of state.hanging) res.destroy();
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });
  return {
    ...state,
    state,
    url: `http://127.0.0.1:${(server.address() as { port: number }).port}/services/T/B/X`,
  };
}

describe('link-monitor run as a service', () => {
  it('quarantines what a revoked webhook (404) refuses, at once, says why in the poll line, and status lists it', async () => {
    // Prepare
    const webhook = await startWebhook(404);
    const config = world.writeConfig();
    const db = join(world.dir, 'state.db');
    const env = { ...ENV, SLACK_WEBHOOK_URL: webhook.url };
    const run = ['run', '--config', config, '--once', '--db', db, '--notify', 'slack'];
    await cli(run, { env });
    world.simulator.setLinkState('lkc-a', 'orders', 'UNAVAILABLE', 'AUTHENTICATION_ERROR');

    // Act
    const refused = await cli(run, { env });
    const next = await cli(run, { env });
    const status = await cli(['status', '--db', db]);

    // Assess
    expect(refused.stdout).toMatch(
      /prod-eu FAILED: publishing failed; 1 notification\(s\) given up and quarantined.*\(last: PermanentSlackError: Slack webhook refused the message for good: HTTP 404 no_service\)/,
    );
    expect(webhook.state.posts).toBe(1);
    expect(next.stdout).toMatch(/prod-eu ok/);
    expect(status.stdout).toMatch(/\d notification\(s\) could not be sent and were given up \(quarantined\)/);
    expect(status.stdout).toContain('HTTP 404');
  });

  it('a stop aborts the post in flight: the notification stays pending, and status says it was not sent', async () => {
    // Prepare
    const webhook = await startWebhook(null);
    const config = world.writeConfig();
    const db = join(world.dir, 'state.db');
    const env = { ...ENV, SLACK_WEBHOOK_URL: webhook.url };
    await cli(['run', '--config', config, '--once', '--db', db, '--notify', 'slack'], { env });
    world.simulator.setLinkState('lkc-a', 'orders', 'UNAVAILABLE', 'AUTHENTICATION_ERROR');
    const stop = new AbortController();
    webhook.state.onPost = () => stop.abort();

    // Act
    const started = Date.now();
    const run = await cli(['run', '--config', config, '--every', '1h', '--db', db, '--notify', 'slack'], {
      env,
      stopSignal: stop.signal,
    });
    const tookMs = Date.now() - started;
    const status = await cli(['status', '--db', db]);

    // Assess
    expect(tookMs).toBeLessThan(5_000);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(
      /events stay pending \(last: PublishStoppedError: not sent: the monitor is stopping/,
    );
    expect(status.stdout).toMatch(
      /prod-eu \(lkc-a\): 1 of 1 link\(s\) unhealthy; listing ok; \d+ notification\(s\) NOT SENT yet/,
    );
  });

  it('--health-file is written after each poll whose results were recorded', async () => {
    // Prepare
    const config = world.writeConfig();
    const health = join(world.dir, 'healthy');

    // Act
    const run = await cli([
      'run',
      '--config',
      config,
      '--once',
      '--db',
      join(world.dir, 'state.db'),
      '--health-file',
      health,
    ]);

    // Assess
    expect(run.code).toBe(0);
    expect(existsSync(health)).toBe(true);
    expect(Date.now() - Date.parse(readFileSync(health, 'utf8').trim())).toBeLessThan(10_000);
  });

  it('--log-format json: one JSON document a line, the poll and each notification', async () => {
    // Prepare
    const config = world.writeConfig();
    const db = join(world.dir, 'state.db');
    await cli(['run', '--config', config, '--once', '--db', db]);
    world.simulator.setLinkState('lkc-a', 'orders', 'UNAVAILABLE', 'AUTHENTICATION_ERROR');

    // Act
    const run = await cli(['run', '--config', config, '--once', '--db', db, '--log-format', 'json']);

    // Assess
    const documents = run.stdout
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, never>);
    expect(documents).toEqual([
      {
        notification: expect.objectContaining({ subject: expect.stringContaining('ACTIVE -> UNAVAILABLE') }),
      },
      {
        poll: {
          at: expect.any(String),
          clusters: [expect.objectContaining({ clusterId: 'lkc-a', outcome: 'ok', published: 1 })],
        },
      },
    ]);
  });

  it('names the file and what to do when the embedded store is not a database', async () => {
    // Prepare
    const config = world.writeConfig();
    const db = join(world.dir, 'state.db');
    writeFileSync(
      db,
      'this is not a SQLite file, but long enough to have a header of a hundred bytes or so. '.repeat(3),
    );

    // Act
    const run = await cli(['run', '--config', config, '--once', '--db', db]);

    // Assess
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(
      `error: embedded store ${db} is not a SQLite database (file is not a database)`,
    );
    expect(run.stderr).toContain('hint: check that --db names the monitor state');
  });

  it('ends with exit 1 after a few polls in a row could not use a file that broke while it ran, naming the file and the fix', async () => {
    // Prepare
    const config = world.writeConfig();
    const db = join(world.dir, 'state.db');
    const stdout = new (class extends BufferSink {
      override write(text: string): boolean {
        if (text.includes('poll:') && !this.text.includes('poll:')) {
          // The file and its WAL index overwritten under the running process, as a failing disk would.
          writeFileSync(db, Buffer.alloc(8192, 7));
          writeFileSync(`${db}-wal`, Buffer.alloc(0));
          writeFileSync(`${db}-shm`, Buffer.alloc(32768, 0));
        }
        return super.write(text);
      }
    })();

    // Act
    const run = await cli(['run', '--config', config, '--every', '1s', '--db', db], { stdout });

    // Assess
    expect(run.code).toBe(1);
    expect(run.stdout.match(/poll:/g)).toHaveLength(1 + STORE_BROKEN_AFTER_POLLS);
    expect(run.stdout).toContain(
      `EmbeddedStoreError: readClusterState: embedded store ${db} is not a SQLite database`,
    );
    expect(run.stdout).toContain('move it aside and start again');
    expect(run.stderr).toContain(
      `error: stopping after ${STORE_BROKEN_AFTER_POLLS} polls in a row could not use embedded ${db}`,
    );
    expect(run.stderr).toContain('hint: fix or replace the file as the error says');
  });

  it('--notify sns without AWS credentials hints at another --notify, not at the store already in use', async () => {
    // Prepare
    const cloudFormation = mockClient(CloudFormationClient);
    world.cleanups.push(() => cloudFormation.restore());
    cloudFormation.on(DescribeStacksCommand).rejects(
      Object.assign(new Error('Could not load credentials from any providers'), {
        name: 'CredentialsProviderError',
      }),
    );

    // Act
    const run = await cli(
      [
        'run',
        '--config',
        world.writeConfig(),
        '--once',
        '--db',
        join(world.dir, 'state.db'),
        '--notify',
        'sns',
      ],
      {
        deps: { cloudFormation: () => new CloudFormationClient({ region: 'eu-west-1' }) },
      },
    );

    // Assess
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('error: no AWS credentials to find the SNS topic of stack');
    expect(run.stderr).toContain('or use --notify console');
    expect(run.stderr).not.toContain('--store embedded');
  });
});
