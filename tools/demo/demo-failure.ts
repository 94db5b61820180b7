/**
 * What `npm start` prints when the demo cannot run. A mistake in the scenario file (or in the
 * config the demo derives from it) is the user's to fix: said as `link-monitor simulate` says it,
 * without a stack trace. Anything else is a fault of the demo, and its stack is what helps.
 */
import { InvalidConfigError } from '../../adapters/config/invalid-config-error.js';
import { ScenarioFileError } from '../simulator/scenario-file.js';

export function describeDemoFailure(error: unknown): string {
  if (error instanceof ScenarioFileError || error instanceof InvalidConfigError) {
    return `error: ${error.message}\nhint: see docs/scenarios.md\n`;
  }
  return `demo failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`;
}
