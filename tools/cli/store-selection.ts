/**
 * Which `LinkStateStore` a command reads or writes: the embedded SQLite file
 * (local runs, the demo) or the deployed DynamoDB tables, named by flags or by
 * the CloudFormation stack's outputs. AWS clients use the standard credential
 * and region chain; `AWS_ENDPOINT_URL_DYNAMODB` points at DynamoDB Local.
 */
import { existsSync } from 'node:fs';
import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { Command } from 'commander';
import { DynamoDbLinkStateStore } from '../../adapters/dynamodb/dynamodb-link-state-store.js';
import { DynamoDbSilenceStore } from '../../adapters/dynamodb/dynamodb-silence-store.js';
import type { LinkStateStore, SilenceStore } from '../../core/ports.js';
import { InvalidQueryError, StoreError } from '../../core/store-errors.js';
import { openSqliteLinkStateStore } from '../sqlite-store/sqlite-link-state-store.js';
import { CliError, CliUsageError } from './cli-errors.js';

export const DEFAULT_DB_PATH = '.link-monitor/state.db';
export const DEFAULT_STACK_NAME = 'ClusterLinkMonitor';
/** Output keys of the deployed stack that name the tables and the topic. */
export const STACK_OUTPUTS = {
  snapshotTable: 'SnapshotTableName',
  historyTable: 'HistoryTableName',
  topicArn: 'NotificationTopicArn',
} as const;

export interface StoreFlags {
  readonly store?: string;
  readonly db?: string;
  readonly snapshotTable?: string;
  readonly historyTable?: string;
  readonly stack?: string;
}

export interface OpenedStore<S = LinkStateStore> {
  readonly store: S;
  /** For messages: `embedded .link-monitor/state.db` or `dynamodb Snap/Hist`. */
  readonly description: string;
  close(): void;
}

/**
 * Runs `work` with an opened store, closing it afterwards. The port's errors become CliErrors:
 * a refused query (bad time, limit or cursor) is a usage error; a store failure (missing table,
 * no credentials, access denied) names the store and what to check. Any store's errors are
 * recognised, not one store's.
 */
export async function withStore<T, S = LinkStateStore>(
  opened: OpenedStore<S>,
  work: (store: S) => Promise<T>,
): Promise<T> {
  try {
    return await work(opened.store);
  } catch (error) {
    if (error instanceof InvalidQueryError) {
      throw new CliUsageError(`${opened.description}: ${error.message}`);
    }
    if (error instanceof StoreError) {
      const reason = error.reasons[0];
      const cause =
        reason === undefined
          ? (error.cause ?? error)
          : Object.assign(new Error(error.message), { name: reason, cause: error });
      throw awsCliError(cause, opened.description);
    }
    throw error;
  } finally {
    opened.close();
  }
}

/** Lets tests hand in SDK clients; production builds them from the default chain. */
export interface StoreSelectionDeps {
  readonly dynamoDb?: () => DynamoDBClient;
  readonly cloudFormation?: () => CloudFormationClient;
}

/** Adds `--store`, `--db`, `--snapshot-table`, `--history-table`, `--stack` to a command. */
export function addStoreOptions(command: Command): Command {
  return command
    .option('--store <kind>', 'where state and history live: embedded (SQLite file) or dynamodb', 'embedded')
    .option('--db <file>', 'SQLite file of the embedded store', DEFAULT_DB_PATH)
    .option('--snapshot-table <name>', 'DynamoDB snapshot table (default: from the stack outputs)')
    .option('--history-table <name>', 'DynamoDB history table (default: from the stack outputs)')
    .option('--stack <name>', 'CloudFormation stack whose outputs name the tables', DEFAULT_STACK_NAME);
}

/**
 * Opens the selected store.
 *
 * @param mode - `read` refuses to create a missing embedded file (a typo in `--db` should not look like an empty history)
 * @throws CliUsageError for an unknown `--store`; CliError for a missing file, stack or AWS credentials
 */
export async function openSelectedStore(
  flags: StoreFlags,
  mode: 'read' | 'write',
  deps: StoreSelectionDeps = {},
): Promise<OpenedStore> {
  const kind = flags.store ?? 'embedded';
  if (kind === 'embedded') {
    const path = flags.db ?? DEFAULT_DB_PATH;
    if (mode === 'read' && path !== ':memory:' && !existsSync(path)) {
      throw new CliError(`no embedded store at ${path}`, {
        hint: 'run `link-monitor run --once --config FILE` first, pass --db FILE, or use --store dynamodb',
      });
    }
    const store = openSqliteLinkStateStore({ path });
    return { store, description: `embedded ${path}`, close: () => store.close() };
  }
  if (kind === 'dynamodb') {
    const tables = await resolveTableNames(flags, deps);
    const client = deps.dynamoDb?.() ?? new DynamoDBClient({});
    const store = new DynamoDbLinkStateStore({ client, ...tables });
    return {
      store,
      description: `dynamodb ${tables.snapshotTableName} / ${tables.historyTableName}`,
      close: () => client.destroy(),
    };
  }
  throw new CliUsageError(
    `--store ${JSON.stringify(kind)} is not a store`,
    'use --store embedded or --store dynamodb',
  );
}

/**
 * Opens where the selected store keeps silences: the embedded file itself, or the DynamoDB
 * snapshot table. Same flags and errors as {@link openSelectedStore}.
 */
export async function openSelectedSilenceStore(
  flags: StoreFlags,
  mode: 'read' | 'write',
  deps: StoreSelectionDeps = {},
): Promise<OpenedStore<SilenceStore> & { readonly kind: 'embedded' | 'dynamodb' }> {
  if ((flags.store ?? 'embedded') === 'dynamodb') {
    const tables = await resolveTableNames(flags, deps);
    const client = deps.dynamoDb?.() ?? new DynamoDBClient({});
    return {
      kind: 'dynamodb',
      store: new DynamoDbSilenceStore({ client, snapshotTableName: tables.snapshotTableName }),
      description: `dynamodb ${tables.snapshotTableName}`,
      close: () => client.destroy(),
    };
  }
  const opened = await openSelectedStore(flags, mode, deps);
  // The embedded store keeps silences in the same file.
  return { ...opened, kind: 'embedded', store: opened.store as LinkStateStore & SilenceStore };
}

async function resolveTableNames(
  flags: StoreFlags,
  deps: StoreSelectionDeps,
): Promise<{ snapshotTableName: string; historyTableName: string }> {
  if (flags.snapshotTable !== undefined && flags.historyTable !== undefined) {
    return { snapshotTableName: flags.snapshotTable, historyTableName: flags.historyTable };
  }
  const outputs = await stackOutputs(flags.stack ?? DEFAULT_STACK_NAME, deps);
  const snapshotTableName = flags.snapshotTable ?? outputs.get(STACK_OUTPUTS.snapshotTable);
  const historyTableName = flags.historyTable ?? outputs.get(STACK_OUTPUTS.historyTable);
  if (snapshotTableName === undefined || historyTableName === undefined) {
    throw new CliError(
      `stack ${flags.stack ?? DEFAULT_STACK_NAME} has no ${STACK_OUTPUTS.snapshotTable}/${STACK_OUTPUTS.historyTable} outputs`,
      {
        hint: 'pass --snapshot-table and --history-table, or --stack with the monitor stack name',
      },
    );
  }
  return { snapshotTableName, historyTableName };
}

/**
 * The outputs of a deployed stack, by key.
 *
 * @throws CliError when the stack does not exist or AWS cannot be reached or authenticated
 */
export async function stackOutputs(
  stackName: string,
  deps: StoreSelectionDeps = {},
): Promise<Map<string, string>> {
  const client = deps.cloudFormation?.() ?? new CloudFormationClient({});
  try {
    const result = await client.send(new DescribeStacksCommand({ StackName: stackName }));
    const outputs = result.Stacks?.[0]?.Outputs ?? [];
    return new Map(
      outputs.flatMap((o) => (o.OutputKey && o.OutputValue ? [[o.OutputKey, o.OutputValue] as const] : [])),
    );
  } catch (error) {
    throw awsCliError(error, `stack ${stackName}`);
  } finally {
    client.destroy();
  }
}

/** Turns an AWS SDK failure into a message and hint an operator can act on. */
export function awsCliError(error: unknown, what: string): CliError {
  const name = (error as { name?: string }).name ?? 'Error';
  const message = error instanceof Error ? error.message : String(error);
  if (name === 'CredentialsProviderError' || /Could not load credentials/i.test(message)) {
    return new CliError(`no AWS credentials found for ${what}`, {
      hint: 'set AWS_PROFILE (or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY), or use --store embedded',
      cause: error,
    });
  }
  if (/Region is missing/i.test(message)) {
    return new CliError(`no AWS region configured for ${what}`, {
      hint: 'set AWS_REGION or AWS_PROFILE',
      cause: error,
    });
  }
  if (name === 'ValidationError' && /does not exist/i.test(message)) {
    return new CliError(`${what} does not exist in this account and region`, {
      hint: 'deploy the monitor, pass --stack NAME, or name the tables with --snapshot-table/--history-table',
      cause: error,
    });
  }
  if (name === 'ResourceNotFoundException') {
    return new CliError(`${what}: table not found`, {
      hint: 'check --snapshot-table/--history-table and the AWS region (AWS_REGION)',
      cause: error,
    });
  }
  if (name === 'AccessDeniedException' || name === 'AccessDenied' || name === 'UnrecognizedClientException') {
    return new CliError(`${what}: AWS refused the request (${name})`, {
      hint: 'check that your AWS identity may read the monitor stack and tables',
      cause: error,
    });
  }
  return new CliError(`${what}: ${name}: ${message}`, { cause: error });
}
