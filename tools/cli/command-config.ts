/** The config file a command is given with `--config`, read once, its problems reported as a CLI error. */
import { InvalidConfigError } from '../../adapters/config/invalid-config-error.js';
import { loadConfigFile } from '../../adapters/config/load-config.js';
import type { MonitorConfig } from '../../adapters/config/monitor-config.js';
import { CliError } from './cli-errors.js';
import { CLI_FROM_CLONE } from './invocation.js';

/**
 * @throws CliError listing the config's problems (`FILE: FIELD: message`, as check and synth print them)
 */
export async function loadCommandConfig(path: string): Promise<MonitorConfig> {
  try {
    return await loadConfigFile(path);
  } catch (error) {
    if (!(error instanceof InvalidConfigError)) throw error;
    throw new CliError(`the config is not valid:\n  ${error.message.split('\n').join('\n  ')}`, {
      hint: `\`${CLI_FROM_CLONE} check --config ${path}\` explains each problem`,
    });
  }
}
