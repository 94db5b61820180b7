import { afterEach, describe, expect, it } from 'vitest';
import {
  DEFAULT_SCENARIO_PATH,
  loadScenarioFile,
  parseScenario,
  ScenarioFileError,
} from '../../../../tools/simulator/scenario-file.js';
import { type ScenarioPlayer, startScenario } from '../../../../tools/simulator/scenario-player.js';

const TWO_CLUSTERS = `
name: test
pollInterval: 30s
clusters:
  - id: lkc-a
    label: alpha
    links:
      - name: one
      - name: two
        topics: [t1, t2]
  - id: lkc-b
    generate: { count: 3, prefix: gen }
steps:
  - title: start
  - title: break one
    after: 5m
    changes:
      lkc-a:
        set:
          one: { state: UNAVAILABLE, error: AUTHENTICATION_ERROR, message: bad key }
      lkc-b:
        fault: { kind: server-error, status: 503 }
  - title: everything else
    after: 1h
    polls: 2
    changes:
      lkc-a:
        remove: [two]
        add: [{ name: three, topics: [x] }]
        recreate: [one]
      lkc-b:
        fault: none
        set:
          '*': PAUSED
`;

let player: ScenarioPlayer | undefined;

afterEach(async () => {
  await player?.close();
  player = undefined;
});

function scenarioError(text: string): ScenarioFileError {
  try {
    parseScenario(text, 'bad.yaml');
  } catch (error) {
    expect(error).toBeInstanceOf(ScenarioFileError);
    return error as ScenarioFileError;
  }
  throw new Error('expected the scenario to be refused');
}

describe('Scenario files', () => {
  it('parses clusters, steps, durations and change shorthands', () => {
    // Act
    const scenario = parseScenario(TWO_CLUSTERS, 'two.yaml');

    // Assess
    expect(scenario.pollIntervalMs).toBe(30_000);
    expect(scenario.clusters.map((c) => [c.clusterId, c.label])).toEqual([
      ['lkc-a', 'alpha'],
      ['lkc-b', 'lkc-b'],
    ]);
    expect(scenario.steps.map((s) => [s.afterMs, s.polls])).toEqual([
      [0, 1],
      [300_000, 1],
      [3_600_000, 2],
    ]);
    expect(scenario.steps[1]?.changes['lkc-a']?.set.one).toEqual({
      linkState: 'UNAVAILABLE',
      linkError: 'AUTHENTICATION_ERROR',
      linkErrorMessage: 'bad key',
    });
    expect(scenario.steps[2]?.changes['lkc-b']).toMatchObject({
      fault: null,
      set: { '*': { linkState: 'PAUSED' } },
    });
    expect(Object.isFrozen(scenario.steps)).toBe(true);
  });

  it('ships a default scenario covering failure, reminder, digest, pause, recreation and recovery', async () => {
    // Act
    const scenario = await loadScenarioFile(DEFAULT_SCENARIO_PATH);

    // Assess
    expect(scenario.clusters).toHaveLength(2);
    const reminderStep = scenario.steps.find((s) => s.title.includes('still failing'));
    expect(reminderStep?.afterMs).toBeGreaterThanOrEqual(4 * 3_600_000);
    const outage = scenario.steps.find((s) => s.title.includes('outage'));
    const broken = Object.values(outage?.changes ?? {}).flatMap((c) => Object.keys(c.set));
    expect(broken.length).toBeGreaterThan(3);
    expect(scenario.steps.some((s) => Object.values(s.changes).some((c) => c.recreate.length > 0))).toBe(
      true,
    );
  });

  it('reads the silence and the maintenance window a demo step brings, and the demo scenario has both', async () => {
    // Prepare
    const text = `${TWO_CLUSTERS}
  - title: planned work
    after: 1m
    silence: { cluster: lkc-a, link: 'one*', for: 30m, reason: drill }
    maintenanceWindow: { name: nightly, for: 20m, cluster: [lkc-a, lkc-b], reason: patching }
`;

    // Act
    const step = parseScenario(text, 'x.yaml').steps.at(-1);
    const demo = await loadScenarioFile(DEFAULT_SCENARIO_PATH);

    // Assess
    expect(step?.silence).toEqual({
      clusters: ['lkc-a'],
      link: 'one*',
      for: '30m',
      reason: 'drill',
      by: 'ops@example.com',
    });
    expect(step?.maintenanceWindow).toEqual({
      name: 'nightly',
      durationMs: 20 * 60_000,
      clusters: ['lkc-a', 'lkc-b'],
      linkName: null,
      reason: 'patching',
    });
    expect(demo.steps.filter((s) => s.silence !== null)).toHaveLength(1);
    expect(demo.steps.filter((s) => s.maintenanceWindow !== null)).toHaveLength(1);
    expect(scenarioError(text.replace('for: 30m', 'for: soon')).field).toBe('steps[3].silence.for');
  });

  it('names the step and cluster when a step refers to a cluster that is not declared', () => {
    // Act
    const error = scenarioError(
      TWO_CLUSTERS.replace('      lkc-b:\n        fault: { kind', '      lkc-c:\n        fault: { kind'),
    );

    // Assess
    expect(error.field).toBe('steps[1].changes.lkc-c');
    expect(error.message).toContain('bad.yaml');
  });

  it('refuses a link that does not exist at that point of the timeline', () => {
    // Act
    const error = scenarioError(TWO_CLUSTERS.replace('recreate: [one]', 'recreate: [two]'));

    // Assess
    expect(error.field).toBe('steps[2].changes.lkc-a.recreate');
    expect(error.message).toContain('no link two');
  });

  it('names the field of an unreadable duration and of an unknown fault', () => {
    // Act
    const duration = scenarioError(TWO_CLUSTERS.replace('after: 5m', 'after: soon'));
    const fault = scenarioError(TWO_CLUSTERS.replace('kind: server-error', 'kind: meltdown'));

    // Assess
    expect(duration.field).toBe('steps[1].after');
    expect(duration.message).toContain('not a duration');
    expect(fault.field).toMatch(/^steps\[1\]\.changes\.lkc-b\.fault/);
  });

  it('reports a missing file as such', async () => {
    // Act
    const error = await loadScenarioFile('/nonexistent/scenario.yaml').catch((e: unknown) => e);

    // Assess
    expect(error).toBeInstanceOf(ScenarioFileError);
    expect((error as Error).message).toContain('file not found');
  });
});

describe('Scenario player', () => {
  it('applies each step to the simulator in turn', async () => {
    // Prepare
    player = await startScenario(parseScenario(TWO_CLUSTERS, 'two.yaml'));
    const sim = player.simulator;

    // Act
    player.advance();
    const afterStart = sim.links('lkc-a').map((l) => l.linkState);
    player.advance();
    const brokenLink = sim.link('lkc-a', 'one');
    const fault = sim.faultOf('lkc-b');
    const oldId = brokenLink.clusterLinkId;
    player.advance();
    const last = player.advance();

    // Assess
    expect(afterStart).toEqual(['ACTIVE', 'ACTIVE']);
    expect(brokenLink).toMatchObject({ linkState: 'UNAVAILABLE', linkError: 'AUTHENTICATION_ERROR' });
    expect(fault).toEqual({ kind: 'server-error', status: 503 });
    expect(sim.links('lkc-a').map((l) => l.linkName)).toEqual(['one', 'three']);
    expect(sim.link('lkc-a', 'one').clusterLinkId).not.toBe(oldId);
    expect(sim.faultOf('lkc-b')).toBeNull();
    expect(sim.links('lkc-b').map((l) => l.linkState)).toEqual(['PAUSED', 'PAUSED', 'PAUSED']);
    expect(last).toBeNull();
    expect(player.finished).toBe(true);
  });

  it('advances one step per poll when every cluster has been listed once', async () => {
    // Prepare
    player = await startScenario(parseScenario(TWO_CLUSTERS, 'two.yaml'));
    const seen: string[] = [];
    player.autoAdvance({ mode: 'poll' }, (step) => seen.push(step.title));
    const list = (clusterId: string) =>
      fetch(player?.simulator.linksUrl(clusterId) ?? '').then((r) => r.text());

    // Act
    await list('lkc-a');
    await list('lkc-b');
    const afterFirstPoll = [...seen];
    await list('lkc-a');
    await list('lkc-b');

    // Assess
    expect(afterFirstPoll).toEqual(['start']);
    expect(seen).toEqual(['start', 'break one']);
    expect(player.simulator.link('lkc-a', 'one').linkState).toBe('UNAVAILABLE');
  });
});
