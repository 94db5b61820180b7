/**
 * `link-monitor simulate`: the Confluent simulator on its own, playing a
 * scenario (one step per poll, or on a timer) until SIGINT/SIGTERM. Prints
 * the endpoint and a config that polls it.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { type Command, InvalidArgumentError } from 'commander';
import { parseDurationMs } from '../../adapters/config/durations.js';
import type { ConfluentCredentials } from '../../adapters/confluent/credentials.js';
import {
  DEFAULT_SCENARIO_PATH,
  loadScenarioFile,
  type Scenario,
  ScenarioFileError,
} from '../simulator/scenario-file.js';
import { startScenario } from '../simulator/scenario-player.js';
import { CliError } from './cli-errors.js';
import type { CommandContext } from './command-context.js';
import { CLI_FROM_CLONE } from './invocation.js';

/** Not a secret: the simulator only runs on loopback and accepts exactly this. */
export const SIMULATOR_CREDENTIALS = {
  kind: 'basic',
  apiKey: 'SIMKEY',
  apiSecret: 'simulator-secret',
} as const satisfies ConfluentCredentials;

interface SimulateFlags {
  readonly scenario?: string;
  readonly port: number;
  readonly stepEvery?: number;
  readonly latency: number;
  readonly pageSize: number;
  readonly writeConfig?: string;
}

function wholeNumber(min: number, max: number): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < min || n > max)
      throw new InvalidArgumentError(`must be a whole number from ${min} to ${max}.`);
    return n;
  };
}

function duration(value: string): number {
  const ms = parseDurationMs(value);
  if (ms === null) throw new InvalidArgumentError('must be a duration such as 500ms, 30s or 5m.');
  return ms;
}

/**
 * A config file that polls the simulator, with credentials from the environment, and failover
 * readiness checked at every poll (the simulator only ever answers dry runs, and refuses the rest),
 * so that `run` and `readiness` show what its scenario scripts of it.
 */
export function simulatorConfigYaml(scenario: Scenario, baseUrl: string): string {
  const clusters = scenario.clusters.map((c) =>
    [
      `  - clusterId: ${c.clusterId}`,
      `    label: ${c.label}`,
      `    restEndpoint: ${baseUrl}`,
      '    credentials:',
      '      env: { apiKey: SIM_API_KEY, apiSecret: SIM_API_SECRET }',
    ].join('\n'),
  );
  const readiness = [
    'readiness:',
    '  everyPolls: 1',
    '  maxSecondsBehind: 300',
    '  dryRunFailover: true',
  ].join('\n');
  return `clusters:\n${clusters.join('\n')}\n${readiness}\n`;
}

export function registerSimulateCommand(program: Command, context: CommandContext): void {
  program
    .command('simulate')
    .description('Run the Confluent cluster-link simulator on 127.0.0.1, playing a scenario, until stopped')
    .option('--scenario <file>', 'scenario file (format: docs/scenarios.md)', DEFAULT_SCENARIO_PATH)
    .option('--port <n>', 'port on 127.0.0.1 (0: any free port)', wholeNumber(0, 65_535), 8090)
    .option('--step-every <duration>', 'advance a step on this timer instead of once per poll', duration)
    .option('--latency <duration>', 'delay before every response', duration, 0)
    .option('--page-size <n>', 'links per page', wholeNumber(1, 10_000), 100)
    .option('--write-config <file>', 'also write the config that polls the simulator to this file')
    .action(async (flags: SimulateFlags) => {
      const { io } = context;
      let scenario: Scenario;
      try {
        scenario = await loadScenarioFile(flags.scenario ?? DEFAULT_SCENARIO_PATH);
      } catch (error) {
        if (error instanceof ScenarioFileError)
          throw new CliError(error.message, { hint: 'see docs/scenarios.md' });
        throw error;
      }
      let player: Awaited<ReturnType<typeof startScenario>>;
      try {
        player = await startScenario(scenario, {
          auth: SIMULATOR_CREDENTIALS,
          port: flags.port,
          latencyMs: flags.latency,
          pageSize: flags.pageSize,
        });
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code === 'EADDRINUSE') {
          throw new CliError(`port ${flags.port} is already in use`, {
            hint: 'pass --port N, or --port 0 for any free port',
          });
        }
        throw error;
      }
      const steps = scenario.steps.length;
      const config = simulatorConfigYaml(scenario, player.simulator.baseUrl);
      if (flags.writeConfig !== undefined) {
        try {
          mkdirSync(dirname(flags.writeConfig), { recursive: true });
          writeFileSync(flags.writeConfig, config);
        } catch (error) {
          await player.close();
          throw new CliError(`cannot write ${flags.writeConfig}: ${(error as Error).message}`);
        }
      }
      const configFile = flags.writeConfig ?? '.link-monitor/sim.yaml';
      io.stdout.write(
        [
          `Confluent simulator listening on ${player.simulator.baseUrl}`,
          `Scenario ${scenario.name}: ${steps} step(s), advancing ${flags.stepEvery === undefined ? 'once per poll' : `every ${flags.stepEvery / 1000}s`}`,
          `Credentials: HTTP Basic, key ${SIMULATOR_CREDENTIALS.apiKey}, secret ${SIMULATOR_CREDENTIALS.apiSecret}`,
          '',
          flags.writeConfig === undefined
            ? `Poll it: save the config below as ${configFile}, then in another terminal`
            : `Config written to ${configFile}. Poll it from another terminal:`,
          `  export SIM_API_KEY=${SIMULATOR_CREDENTIALS.apiKey} SIM_API_SECRET=${SIMULATOR_CREDENTIALS.apiSecret}`,
          `  ${CLI_FROM_CLONE} check --config ${configFile}`,
          `  ${CLI_FROM_CLONE} run --config ${configFile} --every 5s --db .link-monitor/sim.db`,
          '',
          ...(flags.writeConfig === undefined ? [config] : []),
        ].join('\n'),
      );
      player.autoAdvance(
        flags.stepEvery === undefined ? { mode: 'poll' } : { mode: 'timer', everyMs: flags.stepEvery },
        (step, index) => {
          io.stdout.write(
            `[step ${index + 1}/${steps}] ${step.title}${index + 1 === steps ? ' (last step: state stays)' : ''}\n`,
          );
        },
      );
      await new Promise<void>((resolve) => {
        if (io.stopSignal === undefined || io.stopSignal.aborted) return resolve();
        io.stopSignal.addEventListener('abort', () => resolve(), { once: true });
      });
      await player.close();
      io.stdout.write(`Simulator stopped after ${player.simulator.requestCount} request(s).\n`);
    });
}
