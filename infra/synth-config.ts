/**
 * What `cdk synth` / `cdk deploy` build from: the config named by `-c config=FILE`, never a
 * default (a default would deploy the example's clusters and subscribe its addresses). A
 * missing or bad config becomes a plain message for the terminal: the file, each field and
 * what to do, without a stack trace.
 */
import type { App } from 'aws-cdk-lib';
import type { DeployTarget } from '../adapters/config/deploy-rules.js';
import { InvalidConfigError } from '../adapters/config/invalid-config-error.js';
import { loadConfigFile } from '../adapters/config/load-config.js';
import { buildMonitorApp, type MonitorApp } from './monitor-app.js';

export type SynthSetup =
  | { readonly ok: true; readonly built: MonitorApp }
  | { readonly ok: false; readonly message: string };

const NO_CONFIG = [
  'No config given: synth and deploy build from the file you name, never from a default.',
  '  npx cdk synth -c config=config/monitor.yaml',
  '  npx cdk deploy -c config=config/monitor.yaml',
  'To start one: cp config/monitor.example.yaml config/monitor.yaml (git ignores that name), then edit it.',
].join('\n');

/**
 * Where `cdk synth` / `cdk deploy` will deploy: the CDK CLI gives the app the account and region
 * of its credentials as `CDK_DEFAULT_ACCOUNT` and `CDK_DEFAULT_REGION` (absent without credentials).
 */
export function deployTargetOf(env: Readonly<Record<string, string | undefined>>): DeployTarget {
  const account = env.CDK_DEFAULT_ACCOUNT;
  const region = env.CDK_DEFAULT_REGION;
  return {
    ...(account !== undefined && account !== '' && { account }),
    ...(region !== undefined && region !== '' && { region }),
  };
}

/**
 * Loads the config named by the `config` context value and adds the monitor stack to `app`.
 * @param target where the stack deploys, as far as known (`deployTargetOf`)
 * @returns the built app, or the message to print when there is nothing safe to build
 */
export async function setUpSynth(app: App, target: DeployTarget = {}): Promise<SynthSetup> {
  const configPath: unknown = app.node.tryGetContext('config');
  if (configPath === undefined || configPath === '') return { ok: false, message: `${NO_CONFIG}\n` };
  if (typeof configPath !== 'string') {
    return { ok: false, message: `The context value "config" must be a file path.\n${NO_CONFIG}\n` };
  }
  try {
    return { ok: true, built: buildMonitorApp(await loadConfigFile(configPath), app, target) };
  } catch (error) {
    if (!(error instanceof InvalidConfigError)) throw error;
    return { ok: false, message: describeInvalidConfig(error) };
  }
}

/** One line per bad field (`FILE: FIELD: what is wrong`), then how to fix and re-check. */
export function describeInvalidConfig(error: InvalidConfigError): string {
  const fields = error.issues.length === 1 ? 'the field above' : `the ${error.issues.length} fields above`;
  return [
    error.message,
    `Fix ${fields} (every setting is explained in config/monitor.example.yaml), then check the file`,
    `and reach each cluster with: link-monitor check --config ${error.fileName}`,
    '',
  ].join('\n');
}
