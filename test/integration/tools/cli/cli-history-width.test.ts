/** `link-monitor history` prints its table to fit the terminal it writes to, and whole to a pipe. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BufferSink, type CliIo } from '../../../../tools/cli/cli-io.js';
import { runCli } from '../../../../tools/cli/main.js';
import {
  type ConfluentSimulator,
  startConfluentSimulator,
} from '../../../../tools/simulator/confluent-simulator.js';

const ENV = { SIM_KEY: 'SIMKEY', SIM_SECRET: 'sim-secret' };
const MESSAGE =
  'Authentication failed for the remote cluster lkc-src77: SASL authentication failed: Invalid username or password';

let dir: string;
let simulator: ConfluentSimulator;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'cli-history-width-'));
  simulator = await startConfluentSimulator({
    auth: { kind: 'basic', apiKey: ENV.SIM_KEY, apiSecret: ENV.SIM_SECRET },
    clusters: [{ clusterId: 'lkc-a', links: [{ linkName: 'orders' }] }],
  });
});

afterEach(async () => {
  await simulator.close();
  rmSync(dir, { recursive: true, force: true });
});

async function cli(argv: string[], columns?: number): Promise<string> {
  const stdout = new BufferSink(columns);
  const io: CliIo = { stdout, stderr: new BufferSink(), env: ENV, now: () => new Date() };
  await runCli(argv, io);
  return stdout.text;
}

/** A database whose history holds a link's state and error change, a table about 140 columns wide. */
async function recordedHistory(): Promise<string> {
  const config = join(dir, 'monitor.yaml');
  writeFileSync(
    config,
    [
      'clusters:',
      '  - clusterId: lkc-a',
      '    label: prod-eu',
      `    restEndpoint: ${simulator.baseUrl}`,
      '    credentials:',
      '      env: { apiKey: SIM_KEY, apiSecret: SIM_SECRET }',
    ].join('\n'),
  );
  const db = join(dir, 'state.db');
  await cli(['run', '--config', config, '--once', '--db', db]);
  simulator.setLinkState('lkc-a', 'orders', 'UNAVAILABLE', 'AUTHENTICATION_ERROR', MESSAGE);
  await cli(['run', '--config', config, '--once', '--db', db]);
  return db;
}

const widest = (text: string) => Math.max(...text.split('\n').map((line) => [...line].length));

describe('link-monitor history --format table', () => {
  it('fits a 120-column terminal, wrapping the change', async () => {
    // Prepare
    const db = await recordedHistory();

    // Act
    const table = await cli(['history', '--db', db, '--cluster', 'lkc-a'], 120);

    // Assess
    expect(widest(table)).toBeLessThanOrEqual(120);
    expect(table.split('\n').filter((line) => line.includes('AUTHENTICATION_ERROR'))).toHaveLength(1);
    expect(table).toContain('sent');
  });

  it('prints each change on one line in a wide terminal and to a pipe', async () => {
    // Prepare
    const db = await recordedHistory();

    // Act
    const wide = await cli(['history', '--db', db, '--cluster', 'lkc-a'], 400);
    const piped = await cli(['history', '--db', db, '--cluster', 'lkc-a']);

    // Assess
    expect(piped).toBe(wide);
    expect(widest(piped)).toBeGreaterThan(120);
    expect(piped).toContain('│ link_error NO_ERROR -> AUTHENTICATION_ERROR │');
  });
});
