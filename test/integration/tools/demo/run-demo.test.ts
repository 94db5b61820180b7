import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { stringify as toYaml } from 'yaml';
import { parseConfig } from '../../../../adapters/config/load-config.js';
import { BufferSink } from '../../../../tools/cli/cli-io.js';
import { demoConfigDocument, runDemo } from '../../../../tools/demo/run-demo.js';
import { loadScenarioFile } from '../../../../tools/simulator/scenario-file.js';

const dir = mkdtempSync(join(tmpdir(), 'run-demo-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('Function: runDemo', () => {
  it("turns on readiness in the demo's config, checked every poll with dry runs, as the config parser reads it", async () => {
    // Prepare
    const scenario = await loadScenarioFile();

    // Act
    const { document } = demoConfigDocument(scenario, 'http://127.0.0.1:1', Date.now());
    const config = parseConfig(toYaml(document), 'demo-config.yaml');

    // Assess
    expect(config.settings.readiness).toEqual({
      everyPolls: 1,
      stallReads: 3,
      maxSecondsBehind: 300,
      links: [],
      stuckAfterMs: 10 * 60_000,
      configReadsPerPoll: 3,
      dryRunsPerPoll: 1,
    });
  });

  it('asks the simulator for failover dry runs only, on the simulated clock', async () => {
    // Prepare
    const realStart = Date.now();

    // Act
    const result = await runDemo({
      out: new BufferSink(),
      fast: true,
      slack: false,
      dbPath: join(dir, 'state.db'),
    });

    // Assess
    expect(result.actionRequests.length).toBeGreaterThan(0);
    expect(result.actionRequests.filter((r) => !r.validateOnly)).toEqual([]);
    expect(new Set(result.actionRequests.map((r) => `${r.method} ${r.action}`))).toEqual(
      new Set(['POST mirrors:failover']),
    );
    expect(result.actionRequests.every((r) => /(^|&)validate_only=true(&|$)/.test(r.query))).toBe(true);
    // The simulator keeps the demo's time: its requests span the scenario's hours, in seconds of real time.
    const times = result.actionRequests.map((r) => r.atMs);
    expect(Math.max(...times) - Math.min(...times)).toBeGreaterThan(4 * 3_600_000);
    expect(Math.max(...times)).toBeLessThanOrEqual(realStart);
  });
});
