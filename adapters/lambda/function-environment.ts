/**
 * The environment every function of the stack carries besides its own variables, and Lambda's
 * limit on the whole: defined once for the stack (`infra/constructs/monitor-function.ts`) and for
 * the deploy rule that checks the limit at synth.
 */
import { LOG_LEVEL_ENV, type LogLevel } from './json-logger.js';

/** Lambda's limit on a function's environment: every key and value together, in bytes. */
export const LAMBDA_ENVIRONMENT_MAX_BYTES = 4_096;

export function commonFunctionEnvironment(serviceName: string, logLevel: LogLevel): Record<string, string> {
  return {
    NODE_OPTIONS: '--enable-source-maps',
    // No code reads it any more; deployed functions have always carried it.
    POWERTOOLS_SERVICE_NAME: serviceName,
    [LOG_LEVEL_ENV]: logLevel,
  };
}

/** What an environment counts against `LAMBDA_ENVIRONMENT_MAX_BYTES`, and each variable's share, largest first. */
export function environmentSize(variables: Readonly<Record<string, string>>): {
  readonly bytes: number;
  readonly byVariable: readonly { readonly name: string; readonly bytes: number }[];
} {
  const byVariable = Object.entries(variables)
    .map(([name, value]) => ({ name, bytes: Buffer.byteLength(name) + Buffer.byteLength(value) }))
    .sort((a, b) => b.bytes - a.bytes);
  return { bytes: byVariable.reduce((sum, v) => sum + v.bytes, 0), byVariable };
}
