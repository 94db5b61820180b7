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
import { EmbeddedStoreError } from '../sqlite-store/embedded-store-error.js';
import {
  openSqliteLinkStateStore,
  type SqliteLinkStateStore,
} from '../sqlite-store/sqlite-link-state-store.js';
import { CliError, CliUsageError } from './cli-errors.js';
import type { CliIo } from './cli-io.js';
import {
  type ChosenStack,
  chooseStack,
  DEFAULT_STACK_NAME,
  describeStack,
  type StackFlags,
} from './stack-name.js';

export { DEFAULT_STACK_NAME } from './stack-name.js';
export const DEFAULT_DB_PATH = '.link-monitor/state.db';
/** Output keys of the deployed stack that name the tables and the topic. */
export const STACK_OUTPUTS = {
  snapshotTable: 'SnapshotTableName',
  historyTable: 'HistoryTableName',
  topicArn: 'NotificationTopicArn',
} as const;

export interface StoreFlags extends StackFlags {
  readonly store?: string;
  readonly db?: string;
  readonly snapshotTable?: string;
  readonly historyTable?: string;
}

export interface OpenedStore<S = LinkStateStore> {
  readonly store: S;
  /** For messages: `embedded .link-monitor/state.db` or `dynamodb Snap/Hist`. */
  readonly description: string;
  /** The embedded file itself, for what only it can do (take over a file); absent for DynamoDB. */
  readonly embedded?: SqliteLinkStateStore;
  /** Failures of the embedded file itself (damaged, read-only, full) so far. */
  readonly fileFailures?: () => number;
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
    if (error instanceof EmbeddedStoreError)
      throw new CliError(error.summary, { hint: error.fix, cause: error });
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
  /** Where a command says which stack it reads. @default nowhere */
  readonly io?: Pick<CliIo, 'stderr'>;
}

/**
 * Adds `--store`, `--db`, `--snapshot-table`, `--history-table`, `--stack` to a command, and
 * `--config` (whose `stackName` names the stack) unless the command has its own.
 */
export function addStoreOptions(command: Command): Command {
  command
    .option('--store <kind>', 'where state and history live: embedded (SQLite file) or dynamodb', 'embedded')
    .option('--db <file>', 'SQLite file of the embedded store', DEFAULT_DB_PATH)
    .option('--snapshot-table <name>', 'DynamoDB snapshot table (default: from the stack outputs)')
    .option('--history-table <name>', 'DynamoDB history table (default: from the stack outputs)')
    .option(
      '--stack <name>',
      `CloudFormation stack whose outputs name the tables (default: the config's stackName, else ${DEFAULT_STACK_NAME})`,
    );
  if (!command.options.some((option) => option.long === '--config')) {
    command.option('--config <file>', 'the monitor config file: its stackName names the stack');
  }
  return command;
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
    let failures = 0;
    let store: SqliteLinkStateStore;
    try {
      store = openSqliteLinkStateStore({
        path,
        onFileFailure: () => {
          failures += 1;
        },
      });
    } catch (error) {
      if (error instanceof EmbeddedStoreError)
        throw new CliError(error.summary, { hint: error.fix, cause: error });
      throw error;
    }
    return {
      store,
      description: `embedded ${path}`,
      embedded: store,
      fileFailures: () => failures,
      close: () => store.close(),
    };
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

/** The state store and the silences kept beside it, opened together (one file, or one client). */
export interface OpenedStores extends Pick<OpenedStore, 'embedded' | 'fileFailures'> {
  readonly kind: 'embedded' | 'dynamodb';
  readonly links: LinkStateStore;
  readonly silences: SilenceStore;
  /** As {@link OpenedStore.description}. */
  readonly description: string;
  close(): void;
}

/**
 * Opens the selected store with its silences: the embedded file itself, or the DynamoDB tables.
 * Same flags and errors as {@link openSelectedStore}.
 */
export async function openSelectedStores(
  flags: StoreFlags,
  mode: 'read' | 'write',
  deps: StoreSelectionDeps = {},
): Promise<OpenedStores> {
  if ((flags.store ?? 'embedded') === 'dynamodb') {
    const tables = await resolveTableNames(flags, deps);
    const client = deps.dynamoDb?.() ?? new DynamoDBClient({});
    return {
      kind: 'dynamodb',
      links: new DynamoDbLinkStateStore({ client, ...tables }),
      silences: new DynamoDbSilenceStore({ client, snapshotTableName: tables.snapshotTableName }),
      description: `dynamodb ${tables.snapshotTableName} / ${tables.historyTableName}`,
      close: () => client.destroy(),
    };
  }
  const opened = await openSelectedStore(flags, mode, deps);
  // The embedded store keeps silences in the same file.
  const store = opened.store as LinkStateStore & SilenceStore;
  return { ...opened, kind: 'embedded', links: store, silences: store };
}

/**
 * Opens where the selected store keeps silences, with the store itself beside them (`links`: the
 * clusters and links a silence can name). Same flags and errors as {@link openSelectedStore}.
 */
export async function openSelectedSilenceStore(
  flags: StoreFlags,
  mode: 'read' | 'write',
  deps: StoreSelectionDeps = {},
): Promise<OpenedStore<SilenceStore> & Pick<OpenedStores, 'kind' | 'links'>> {
  const opened = await openSelectedStores(flags, mode, deps);
  return {
    kind: opened.kind,
    links: opened.links,
    store: opened.silences,
    // Silences live in the snapshot table alone.
    description: opened.kind === 'dynamodb' ? opened.description.replace(/ \/ .*$/, '') : opened.description,
    close: () => opened.close(),
  };
}

async function resolveTableNames(
  flags: StoreFlags,
  deps: StoreSelectionDeps,
): Promise<{ snapshotTableName: string; historyTableName: string }> {
  if (flags.snapshotTable !== undefined && flags.historyTable !== undefined) {
    return { snapshotTableName: flags.snapshotTable, historyTableName: flags.historyTable };
  }
  const { stack, outputs } = await readStackOutputs(flags, deps);
  const snapshotTableName = flags.snapshotTable ?? outputs.get(STACK_OUTPUTS.snapshotTable);
  const historyTableName = flags.historyTable ?? outputs.get(STACK_OUTPUTS.historyTable);
  if (snapshotTableName === undefined || historyTableName === undefined) {
    throw new CliError(
      `${describeStack(stack)} has no ${STACK_OUTPUTS.snapshotTable}/${STACK_OUTPUTS.historyTable} outputs`,
      {
        hint: 'pass --snapshot-table and --history-table, or --stack with the monitor stack name',
      },
    );
  }
  return { snapshotTableName, historyTableName };
}

/**
 * The outputs of the stack the flags choose (`chooseStack`), saying first which stack that is.
 *
 * @param loaded - the config `flags.config` names, when the command has read it already
 * @throws CliError as {@link stackOutputs}, or when the config must be read and is not valid
 */
export async function readStackOutputs(
  flags: StackFlags,
  deps: StoreSelectionDeps = {},
  loaded?: Parameters<typeof chooseStack>[1],
): Promise<{ readonly stack: ChosenStack; readonly outputs: Map<string, string> }> {
  const stack = await chooseStack(flags, loaded);
  deps.io?.stderr.write(`Reading ${describeStack(stack)}\n`);
  return { stack, outputs: await stackOutputs(stack.name, deps) };
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
