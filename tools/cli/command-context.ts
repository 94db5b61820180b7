/** What every command receives from `runCli`: its I/O, an exit-code setter, and factories tests may replace. */
import type { IAMClient } from '@aws-sdk/client-iam';
import type { LambdaClient } from '@aws-sdk/client-lambda';
import type { SchedulerClient } from '@aws-sdk/client-scheduler';
import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { SNSClient } from '@aws-sdk/client-sns';
import { InvalidArgumentError } from 'commander';
import type { CliIo } from './cli-io.js';
import type { StoreSelectionDeps } from './store-selection.js';

/** AWS clients the commands build; each defaults to one from the standard credential and region chain. */
export interface CliDeps extends StoreSelectionDeps {
  readonly secretsManager?: () => SecretsManagerClient;
  readonly sns?: () => SNSClient;
  /** `check --deployed`: the functions and the account's concurrency. */
  readonly lambda?: () => LambdaClient;
  /** `check --deployed`: the poll schedules. */
  readonly scheduler?: () => SchedulerClient;
  /** `check --deployed`: the policy simulator. */
  readonly iam?: () => IAMClient;
  /**
   * Accept a Slack webhook secret that points at a local stand-in on 127.0.0.1 (the secret
   * being local too); never set by the `link-monitor` binary. @default false
   */
  readonly slackStandIn?: boolean;
  /** Who runs the command (an ARN), for the creator of a silence. @default STS GetCallerIdentity */
  readonly callerIdentity?: () => Promise<string>;
}

export interface CommandContext extends CliDeps {
  readonly io: CliIo;
  /** A command that ran to the end but found problems sets a non-zero exit code here. */
  readonly setExitCode: (code: number) => void;
}

/** A commander argument parser accepting only `allowed` values (commander reports the option by name). */
export function oneOf<T extends string>(allowed: readonly T[]): (value: string) => T {
  return (value) => {
    if ((allowed as readonly string[]).includes(value)) return value as T;
    throw new InvalidArgumentError(`must be one of ${allowed.join(', ')}.`);
  };
}
