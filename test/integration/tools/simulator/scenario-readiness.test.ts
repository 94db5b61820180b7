import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import {
  loadScenarioFile,
  parseScenario,
  type Scenario,
  ScenarioFileError,
} from '../../../../tools/simulator/scenario-file.js';
import { type ScenarioPlayer, startScenario } from '../../../../tools/simulator/scenario-player.js';

const SCENARIOS_DIR = fileURLToPath(new URL('../../../../scenarios/', import.meta.url));
const READINESS_SCENARIO = `${SCENARIOS_DIR}failover-readiness.yaml`;
const T0 = Date.parse('2026-03-02T10:00:00.000Z');

const ONE_LINK = `
name: keys
clusters:
  - id: lkc-a
    links:
      - name: orders-dr
        topics: [orders, events]
        configs:
          consumer.offset.sync.ms: 60000
        mirrors:
          orders: { produceRate: 100, fetchRate: 25 }
steps:
  - title: start
  - title: readiness keys
    changes:
      lkc-a:
        set:
          orders-dr:
            configs:
              consumer.offset.sync.enable: false
              consumer.offset.sync.ms: null
            mirrors:
              orders: { fetchRate: 0 }
              events:
                status: PENDING_STOPPED
                transitionError: { code: REQUEST_TIMED_OUT, message: the source did not answer }
                dryRunError: { code: 400, message: events cannot fail over now }
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

/**
 * Plays a scenario as the demo does: each step after its `after` on the clock, its polls
 * `pollInterval` apart, calling `atPoll` at each poll's time.
 */
async function playOnClock(
  scenario: Scenario,
  atPoll: (step: number, poll: number, player: ScenarioPlayer) => Promise<void>,
): Promise<ScenarioPlayer> {
  let clockMs = T0;
  player = await startScenario(scenario, { now: () => clockMs });
  for (const [index, step] of scenario.steps.entries()) {
    clockMs += step.afterMs;
    player.advance();
    for (let poll = 0; poll < step.polls; poll++) {
      if (poll > 0) clockMs += scenario.pollIntervalMs;
      await atPoll(index, poll, player);
    }
  }
  return player;
}

async function getJson<T>(player: ScenarioPlayer, clusterId: string, path: string): Promise<T> {
  const response = await fetch(`${player.simulator.linksUrl(clusterId)}${path}`);
  expect(response.status).toBe(200);
  return (await response.json()) as T;
}

interface MirrorJson {
  link_name: string;
  mirror_topic_name: string;
  mirror_status: string;
  state_time_ms: number;
  mirror_lags: { lag: number; last_source_fetch_offset: number }[];
}

describe('Scenario files: failover readiness keys', () => {
  it('reads rates, transition and dry run errors, and configs (YAML numbers and booleans as text)', () => {
    // Act
    const scenario = parseScenario(ONE_LINK, 'keys.yaml');

    // Assess
    expect(scenario.clusters[0]?.links[0]).toMatchObject({
      configs: { 'consumer.offset.sync.ms': '60000' },
      mirrorTopics: { orders: { produceRate: 100, fetchRate: 25 } },
    });
    expect(scenario.steps[1]?.changes['lkc-a']?.set['orders-dr']).toEqual({
      configs: { 'consumer.offset.sync.enable': 'false', 'consumer.offset.sync.ms': null },
      mirrorTopics: {
        orders: { fetchRate: 0 },
        events: {
          status: 'PENDING_STOPPED',
          transitionError: { code: 'REQUEST_TIMED_OUT', message: 'the source did not answer' },
          dryRunError: { code: 400, message: 'events cannot fail over now' },
        },
      },
    });
  });

  it.each([
    ['a negative rate', 'fetchRate: 0 }', 'fetchRate: -5 }', 'mirrors.orders.fetchRate', /0 or more/],
    [
      'a rate that is not a number',
      'produceRate: 100,',
      'produceRate: fast,',
      'mirrors.orders.produceRate',
      /messages per second/,
    ],
    [
      'a transition error without its message',
      'transitionError: { code: REQUEST_TIMED_OUT, message: the source did not answer }',
      'transitionError: { code: REQUEST_TIMED_OUT }',
      'mirrors.events.transitionError.message',
      /error message/,
    ],
    [
      'a dry run error whose code is not a number',
      'dryRunError: { code: 400,',
      'dryRunError: { code: BAD,',
      'mirrors.events.dryRunError.code',
      /whole number such as 400/,
    ],
    [
      'a config the simulator does not have',
      'consumer.offset.sync.enable: false',
      'consumer.offset.sync.enabled: false',
      'configs.consumer.offset.sync.enabled',
      /not a config of a simulated link \(known: .*consumer\.offset\.sync\.enable/,
    ],
    ['a misspelt topic key', 'fetchRate: 0 }', 'fetchrate: 0 }', 'mirrors.orders', /fetchrate/],
  ])('refuses %s, naming the field', (_case, from, to, field, message) => {
    // Act
    const error = scenarioError(ONE_LINK.replace(from, to));

    // Assess
    expect(error.field).toMatch(
      new RegExp(
        `^(steps\\[1\\]\\.changes\\.lkc-a\\.set\\.orders-dr|clusters\\[0\\]\\.links\\[0\\])\\.${field.replaceAll('.', '\\.')}`,
      ),
    );
    expect(error.message).toMatch(message);
  });

  it('parses and plays every scenario of scenarios/ to its end', async () => {
    // Prepare
    const files = readdirSync(SCENARIOS_DIR).filter((name) => name.endsWith('.yaml'));

    // Act
    const played: string[] = [];
    for (const file of files) {
      const scenario = await loadScenarioFile(`${SCENARIOS_DIR}${file}`);
      await playOnClock(scenario, async () => {});
      await player?.close();
      player = undefined;
      played.push(file);
    }

    // Assess
    expect(played).toEqual(expect.arrayContaining(['default.yaml', 'failover-readiness.yaml']));
  });
});

describe('Scenario: failover-readiness.yaml on the simulator', () => {
  it('serves at each poll what its steps say the monitor will read', async () => {
    // Prepare
    const scenario = await loadScenarioFile(READINESS_SCENARIO);
    const stepOf = (title: string) => scenario.steps.findIndex((s) => s.title.startsWith(title));
    const seen = new Map<string, unknown>();
    const topic = async (p: ScenarioPlayer, link: string, name: string) =>
      getJson<MirrorJson>(p, 'lkc-dr2eu', `/${link}/mirrors/${name}`);

    // Act
    await playOnClock(scenario, async (step, poll, p) => {
      const key = `${step}.${poll}`;
      if (step === stepOf('orders falls behind')) seen.set(key, await topic(p, 'orders-from-prod', 'orders'));
      if (step === stepOf('refunds stops')) seen.set(key, await topic(p, 'payments-from-prod', 'refunds'));
      if (step === stepOf('Eleven minutes later'))
        seen.set(key, await topic(p, 'orders-from-prod', 'order-events'));
      if (step === stepOf('customers-from-crm'))
        seen.set(
          key,
          (
            await getJson<{ data: { name: string; value: string }[] }>(
              p,
              'lkc-dr2eu',
              '/customers-from-crm/configs',
            )
          ).data.find((c) => c.name === 'consumer.offset.sync.enable')?.value,
        );
    });
    const finalPlayer = player as ScenarioPlayer;
    const refundsAtEnd = await topic(finalPlayer, 'payments-from-prod', 'refunds');
    const dryRun = (await (
      await fetch(
        `${finalPlayer.simulator.linksUrl('lkc-dr2eu')}/payments-from-prod/mirrors:failover?validate_only=true`,
        { method: 'POST', body: JSON.stringify({ mirror_topic_names: ['payments', 'refunds'] }) },
      )
    ).json()) as { data: { error_code: number | null }[] };

    // Assess
    const growing = [0, 1, 2].map(
      (poll) => seen.get(`${stepOf('orders falls behind')}.${poll}`) as MirrorJson,
    );
    expect(growing.map((t) => t.mirror_lags[0]?.lag)).toEqual([0, 4500, 9000]);
    const stall = [1, 4].map((poll) => seen.get(`${stepOf('refunds stops')}.${poll}`) as MirrorJson);
    expect(stall[1]?.mirror_lags.map((p) => p.last_source_fetch_offset)).toEqual(
      stall[0]?.mirror_lags.map((p) => p.last_source_fetch_offset),
    );
    expect(stall.map((t) => t.mirror_lags[0]?.lag)).toEqual([600, 2400]);
    const stuck = seen.get(`${stepOf('Eleven minutes later')}.0`) as MirrorJson;
    const stuckSince =
      T0 +
      scenario.steps
        .slice(0, stepOf('order-events starts'))
        .reduce(
          (ms, s) => ms + s.afterMs + (s.polls - 1) * scenario.pollIntervalMs,
          scenario.steps[stepOf('order-events starts')]?.afterMs ?? 0,
        );
    expect(stuck).toMatchObject({ mirror_status: 'PENDING_STOPPED', state_time_ms: stuckSince });
    expect(seen.get(`${stepOf('customers-from-crm')}.1`)).toBe('false');
    expect(refundsAtEnd.mirror_lags.map((p) => p.lag)).toEqual([0, 0, 0]);
    expect(dryRun.data.map((t) => t.error_code)).toEqual([null, null]);
    expect(finalPlayer.simulator.unsafeActionRequests()).toEqual([]);
  });
});
