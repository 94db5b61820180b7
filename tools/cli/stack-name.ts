/**
 * Which deployed stack a command reads: `--stack`, else the `stackName` of the config given with
 * `--config`, else the default. Every command that reads a stack chooses it here and says which it
 * chose, so that a config deployed under another name is never looked for under the default.
 */
import type { MonitorConfig } from '../../adapters/config/monitor-config.js';
import { loadCommandConfig } from './command-config.js';

export const DEFAULT_STACK_NAME = 'ClusterLinkMonitor';

export interface StackFlags {
  readonly stack?: string;
  /** The monitor config; its `stackName` names the stack when `--stack` does not. */
  readonly config?: string;
}

export interface ChosenStack {
  readonly name: string;
  /** Where the name came from, for the line that says so: `--stack`, `stackName in FILE`, `the default`. */
  readonly from: string;
}

/**
 * The stack to read.
 *
 * @param loaded - the config `flags.config` names, when the command has read it already
 * @throws CliError when the config must be read for its `stackName` and is not valid
 */
export async function chooseStack(
  flags: StackFlags,
  loaded?: Pick<MonitorConfig, 'stackName'> | null,
): Promise<ChosenStack> {
  if (flags.stack !== undefined) return { name: flags.stack, from: '--stack' };
  if (flags.config === undefined) return { name: DEFAULT_STACK_NAME, from: 'the default' };
  const config = loaded ?? (await loadCommandConfig(flags.config));
  return { name: config.stackName, from: `stackName in ${flags.config}` };
}

/** `stack LinkMonitorProd (stackName in config/prod.yaml)`: what a command says before reading it. */
export function describeStack(stack: ChosenStack): string {
  return `stack ${stack.name} (${stack.from})`;
}
