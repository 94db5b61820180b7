/** What every command receives from `runCli`: its I/O and the factories tests may replace. */
import { InvalidArgumentError } from 'commander';
import type { CliIo } from './cli-io.js';
import type { StoreSelectionDeps } from './store-selection.js';

export interface CommandContext {
  readonly io: CliIo;
  readonly storeDeps?: StoreSelectionDeps;
}

/** A commander argument parser accepting only `allowed` values (commander reports the option by name). */
export function oneOf<T extends string>(allowed: readonly T[]): (value: string) => T {
  return (value) => {
    if ((allowed as readonly string[]).includes(value)) return value as T;
    throw new InvalidArgumentError(`must be one of ${allowed.join(', ')}.`);
  };
}
