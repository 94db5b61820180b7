/**
 * Tells a function about a resource and lets it use that resource in one call: the environment
 * variable that names the resource and the statement that allows the function's actions on it are
 * set together, so that neither can change without the other (as aws-solutions-constructs pairs
 * `addEnvironment` with the grant). The actions come from the function's permission lists
 * (`adapters/lambda/function-permissions.ts`), which `link-monitor check --deployed` asks IAM's
 * policy simulator about; each statement keeps the Sid it is known by.
 */
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as sns from 'aws-cdk-lib/aws-sns';
import type { MonitorFunction } from './monitor-function.js';

/** One statement of the function's role: its Sid and the actions it allows. */
export interface BoundActions {
  readonly sid: string;
  readonly actions: readonly string[];
}

export interface TablesBinding {
  /** The tables, by the environment variable that carries each one's name. */
  readonly tables: Readonly<Record<string, dynamodb.ITableV2>>;
  /** What the function does to the tables: one statement on all of them. */
  readonly actions: BoundActions;
  /** What it does to their indexes, and the indexes' ARNs: one statement on all of them. */
  readonly indexes: BoundActions & { readonly arns: readonly string[] };
}

/** Names each table in its variable; allows the table actions on the tables and the index actions on their indexes. */
export function bindTables(fn: MonitorFunction, binding: TablesBinding): void {
  const tables = Object.entries(binding.tables);
  for (const [variable, table] of tables) fn.function.addEnvironment(variable, table.tableName);
  allow(
    fn,
    binding.actions,
    tables.map(([, table]) => table.tableArn),
  );
  allow(fn, binding.indexes, binding.indexes.arns);
}

export interface TopicBinding {
  /** The variable that carries the topic's ARN. */
  readonly variable: string;
  readonly topic: sns.ITopic;
  /** What the function does to the topic. */
  readonly actions: BoundActions;
  /**
   * The stack's key that encrypts the topic, and what publishing needs of it. The AWS managed
   * key's own policy already lets SNS use it for the account: no grant.
   * @default none: the topic is under the AWS managed key
   */
  readonly key?: { readonly key: kms.IKey; readonly actions: BoundActions };
}

/** Names the topic in its variable; allows the topic actions on it and, given a key of the stack, the key actions on that. */
export function bindTopic(fn: MonitorFunction, binding: TopicBinding): void {
  fn.function.addEnvironment(binding.variable, binding.topic.topicArn);
  allow(fn, binding.actions, [binding.topic.topicArn]);
  if (binding.key !== undefined) allow(fn, binding.key.actions, [binding.key.key.keyArn]);
}

function allow(fn: MonitorFunction, statement: BoundActions, resources: readonly string[]): void {
  fn.role.addToPolicy(
    new iam.PolicyStatement({
      sid: statement.sid,
      actions: [...statement.actions],
      resources: [...resources],
    }),
  );
}
