/**
 * What a test of `link-monitor run` starts from: one cluster of one link on the Confluent
 * simulator, a temporary directory and a config naming them, made anew for each test of the file
 * that calls it, with the cleanups a test registers run after it.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach } from 'vitest';
import {
  type ConfluentSimulator,
  startConfluentSimulator,
} from '../../tools/simulator/confluent-simulator.js';

/** The environment variables the config's credentials name. */
export const SIM_ENV = { SIM_KEY: 'SIMKEY', SIM_SECRET: 'sim-secret' };

export interface OneClusterWorld {
  readonly dir: string;
  readonly simulator: ConfluentSimulator;
  /** Run after the test, last registered first. */
  readonly cleanups: (() => Promise<void> | void)[];
  /** Writes `monitor.yaml` in `dir` for cluster `lkc-a` (label `prod-eu`) and returns its path. */
  writeConfig(): string;
}

export function oneClusterWorld(prefix: string): OneClusterWorld {
  let dir = '';
  let simulator: ConfluentSimulator | undefined;
  let cleanups: (() => Promise<void> | void)[] = [];
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), prefix));
    simulator = await startConfluentSimulator({
      auth: { kind: 'basic', apiKey: SIM_ENV.SIM_KEY, apiSecret: SIM_ENV.SIM_SECRET },
      clusters: [{ clusterId: 'lkc-a', links: [{ linkName: 'orders' }] }],
    });
    cleanups = [];
  });
  afterEach(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
    await simulator?.close();
    rmSync(dir, { recursive: true, force: true });
  });
  return {
    get dir() {
      return dir;
    },
    get simulator() {
      if (simulator === undefined) throw new Error('the simulator starts before each test');
      return simulator;
    },
    get cleanups() {
      return cleanups;
    },
    writeConfig() {
      const path = join(dir, 'monitor.yaml');
      writeFileSync(
        path,
        [
          'clusters:',
          '  - clusterId: lkc-a',
          '    label: prod-eu',
          `    restEndpoint: ${this.simulator.baseUrl}`,
          '    credentials:',
          '      env: { apiKey: SIM_KEY, apiSecret: SIM_SECRET }',
          '',
        ].join('\n'),
      );
      return path;
    },
  };
}
