/**
 * Errors a command reports to its user: a message, a hint about what to do,
 * and the exit code. Never a secret: messages are built from names and ids.
 */

/** Exit codes: 0 success, 1 a problem with the monitored system or environment, 2 bad usage. */
export const EXIT_OK = 0;
export const EXIT_PROBLEM = 1;
export const EXIT_USAGE = 2;

export class CliError extends Error {
  override readonly name: string = 'CliError';
  readonly exitCode: number;
  /** One line on what to try next, or null. */
  readonly hint: string | null;

  constructor(message: string, options: { hint?: string; exitCode?: number; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.exitCode = options.exitCode ?? EXIT_PROBLEM;
    this.hint = options.hint ?? null;
  }
}

/** A flag or argument the user got wrong (exit code 2). */
export class CliUsageError extends CliError {
  override readonly name = 'CliUsageError';

  constructor(message: string, hint?: string) {
    super(message, { exitCode: EXIT_USAGE, ...(hint === undefined ? {} : { hint }) });
  }
}

/** `error: message` plus `hint: ...` on its own line, as printed to stderr. */
export function formatCliError(error: CliError): string {
  return `error: ${error.message}\n${error.hint === null ? '' : `hint: ${error.hint}\n`}`;
}
