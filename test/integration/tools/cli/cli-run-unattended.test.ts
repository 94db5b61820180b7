import { type ChildProcess, spawn } from 'node:child_process';
import { createServer, type ServerResponse } from 'node:http';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BufferSink, type CliIo } from '../../../../tools/cli/cli-io.js';
import { runCli } from '../../../../tools/cli/main.js';
import { oneClusterWorld, SIM_ENV } from '../../../support/one-cluster-cli-world.js';

const ENV = SIM_ENV;
const world = oneClusterWorld('cli-run-unattended-');

/** A stand-in Slack webhook: records each body, and answers or hangs as `mode` says at the time. */
async function startWebhook() {
  const state = {
    mode: 'answer' as 'answer' | 'hang',
    bodies: [] as string[],
    hanging: [] as ServerResponse[],
    url: '',
  };
  const server = createServer((req, res) => {
    let text = '';
    req.on('data', (chunk) => {
      text += chunk;
    });
    req.on('end', () => {
      if (state.mode === 'hang') {
        state.hanging.push(res);
        return;
      }
      state.bodies.push(text);
      res.end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  world.cleanups.push(async () => {
    for (const res of state.hanging) res.destroy();
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });
  state.url = `http://127.0.0.1:${(server.address() as { port: number }).port}/services/T/B/X`;
  return state;
}

interface Child {
  readonly process: ChildProcess;
  readonly stdout: () => string;
  readonly stderr: () => string;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** `node bin/link-monitor.js ...args` as a process of its own, killed at the end of the test. */
function linkMonitor(args: string[], env: NodeJS.ProcessEnv): Child {
  const child = spawn('node', ['bin/link-monitor.js', ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk) => {
    stdout += chunk;
  });
  child.stderr?.on('data', (chunk) => {
    stderr += chunk;
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  world.cleanups.push(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });
  return { process: child, stdout: () => stdout, stderr: () => stderr, exited };
}

async function until(what: string, condition: () => boolean, timeoutMs = 15_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

function polls(child: Child): number {
  return child.stdout().match(/poll:/g)?.length ?? 0;
}

describe('link-monitor run, unattended', () => {
  it('restarted on the same file after SIGKILL while publishing: the pending notifications go out in the next poll, and no problem is sent after its recovery', async () => {
    // Prepare
    const webhook = await startWebhook();
    const config = world.writeConfig();
    const db = join(world.dir, 'state.db');
    const env = { ...ENV, SLACK_WEBHOOK_URL: webhook.url };
    const args = ['run', '--config', config, '--every', '1s', '--db', db, '--notify', 'slack'];
    const first = linkMonitor(args, env);
    await until('the first poll', () => polls(first) >= 1);
    webhook.mode = 'hang';
    world.simulator.setLinkState('lkc-a', 'orders', 'UNAVAILABLE', 'AUTHENTICATION_ERROR');
    await until('the problem being posted', () => webhook.hanging.length > 0);
    first.process.kill('SIGKILL');
    await first.exited;
    world.simulator.setLinkState('lkc-a', 'orders', 'ACTIVE');
    webhook.mode = 'answer';

    // Act
    const second = linkMonitor(args, env);
    await until('the second process to poll', () => polls(second) >= 1);
    await until('both messages', () => webhook.bodies.length >= 2);
    second.process.kill('SIGTERM');
    await second.exited;

    // Assess
    expect(second.stderr()).toMatch(
      /was last written by process \d+ .*did not stop cleanly; the 2 pending event\(s\) it was sending go out now/,
    );
    expect(second.stdout().split('\n')[0]).toMatch(/poll: prod-eu ok \(1 links, \d+ change\(s\), 2 sent\)/);
    const posted = webhook.bodies.map((body) =>
      body.includes('ACTIVE -> UNAVAILABLE') ? 'problem' : 'recovery',
    );
    expect(posted).toEqual(['problem', 'recovery']);
  }, 30_000);

  it('SIGTERM with a hanging endpoint exits within 10 s with code 143; the notification stays pending for the next start', async () => {
    // Prepare
    const webhook = await startWebhook();
    const config = world.writeConfig();
    const db = join(world.dir, 'state.db');
    const env = { ...ENV, SLACK_WEBHOOK_URL: webhook.url };
    const child = linkMonitor(
      ['run', '--config', config, '--every', '1s', '--db', db, '--notify', 'slack'],
      env,
    );
    await until('the first poll', () => polls(child) >= 1);
    webhook.mode = 'hang';
    world.simulator.setLinkState('lkc-a', 'orders', 'UNAVAILABLE', 'AUTHENTICATION_ERROR');
    await until('the problem being posted', () => webhook.hanging.length > 0);

    // Act
    const started = Date.now();
    child.process.kill('SIGTERM');
    const exit = await child.exited;
    const tookMs = Date.now() - started;
    const status = await runCli(['status', '--db', db], {
      stdout: new BufferSink(),
      stderr: new BufferSink(),
      env: {},
      now: () => new Date(),
    });

    // Assess
    expect(exit.code).toBe(143);
    expect(tookMs).toBeLessThan(10_000);
    expect(child.stderr()).not.toMatch(/\n\s+at /);
    expect(child.stdout()).toMatch(/PublishStoppedError: not sent: the monitor is stopping/);
    expect(status).toBe(0);
  }, 30_000);

  it('ends quietly with 141 when nobody reads its stdout any more, instead of an EPIPE stack', async () => {
    // Prepare
    const config = world.writeConfig();
    const child = linkMonitor(
      ['run', '--config', config, '--every', '1s', '--db', join(world.dir, 'state.db')],
      ENV,
    );
    await until('the first poll', () => polls(child) >= 1);

    // Act
    child.process.stdout?.destroy();
    const exit = await child.exited;

    // Assess
    expect([0, 141]).toContain(exit.code);
    expect(child.stderr()).not.toContain('EPIPE');
    expect(child.stderr()).not.toMatch(/\n\s+at /);
  }, 30_000);

  it('refuses a second run on a file another live process is writing', async () => {
    // Prepare
    const config = world.writeConfig();
    const db = join(world.dir, 'state.db');
    const child = linkMonitor(['run', '--config', config, '--every', '1s', '--db', db], ENV);
    await until('the first poll', () => polls(child) >= 1);
    const stderr = new BufferSink();
    const io: CliIo = { stdout: new BufferSink(), stderr, env: ENV, now: () => new Date() };

    // Act
    const code = await runCli(['run', '--config', config, '--once', '--db', db], io);

    // Assess
    expect(code).toBe(1);
    expect(stderr.text).toContain(`error: embedded ${db} is in use: process ${child.process.pid} on `);
    expect(stderr.text).toContain(
      'hint: stop that process first, or give this one a file of its own with --db FILE',
    );
  }, 30_000);
});
