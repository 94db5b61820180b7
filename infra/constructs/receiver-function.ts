/**
 * A notification receiver that is a Lambda function (Slack, PagerDuty): the
 * function, its two dead-letter queues (SNS could not invoke it; it failed after
 * Lambda's retries or was refused for good), read access to its one secret, and
 * its subscription to the notification topic with its route's filter policy.
 * Resources are created in the caller's scope with the ids given, so the
 * default Slack notifier keeps the logical ids it has always had.
 */
import { Duration } from 'aws-cdk-lib';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as logs from 'aws-cdk-lib/aws-logs';
import type * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { EVERY_NOTIFICATION, type FilterPolicy } from '../../adapters/routing/route-filter-policies.js';
import { readSecretsStatements } from '../secret-arn.js';
import { deadLetterQueue } from './dead-letter-queue.js';
import { MonitorFunction } from './monitor-function.js';
import { QueueDestination } from './queue-destination.js';

export interface ReceiverFunctionIds {
  /** The function construct. */
  readonly function: string;
  /** Queue for messages SNS could not hand to the function. */
  readonly deliveryDlq: string;
  /** Queue for messages the function failed on after its retries, or that were refused for good. */
  readonly failuresDlq: string;
  /** Sid of the secret-read statement. */
  readonly secretStatement: string;
  /** Sid of the statement that decrypts the secret with a key of `secretKmsKeys`. */
  readonly secretKeyStatement: string;
}

export interface ReceiverFunctionProps {
  readonly topic: sns.ITopic;
  readonly entry: string;
  readonly description: string;
  readonly serviceName: string;
  /** The secret the function reads (webhook URL, routing key): the only one it may read. */
  readonly secretId: string;
  /** Keys of your own the secret may be encrypted with (`secretKmsKeys`). */
  readonly secretKmsKeys: readonly string[];
  /** Its environment, given the queue URL for messages refused for good. */
  readonly environment: (failuresQueueUrl: string) => Record<string, string>;
  /** Null: every message. */
  readonly filterPolicy: FilterPolicy | null;
}

export interface ReceiverFunction {
  readonly function: lambda.Function;
  readonly logGroup: logs.ILogGroup;
  readonly deliveryDlq: sqs.Queue;
  readonly failuresDlq: sqs.Queue;
}

export function addReceiverFunction(
  scope: Construct,
  ids: ReceiverFunctionIds,
  props: ReceiverFunctionProps,
): ReceiverFunction {
  const deliveryDlq = deadLetterQueue(scope, ids.deliveryDlq);
  const failuresDlq = deadLetterQueue(scope, ids.failuresDlq);
  const receiver = new MonitorFunction(scope, ids.function, {
    entry: props.entry,
    description: props.description,
    serviceName: props.serviceName,
    timeout: Duration.seconds(30),
    memorySize: 256,
    environment: props.environment(failuresDlq.queueUrl),
  });
  receiver.function.configureAsyncInvoke({
    retryAttempts: 2,
    onFailure: new QueueDestination(failuresDlq),
  });
  const secretStatements = readSecretsStatements(
    scope,
    { read: ids.secretStatement, decrypt: ids.secretKeyStatement },
    { secretIds: [props.secretId], kmsKeys: props.secretKmsKeys },
  );
  for (const statement of secretStatements) receiver.role.addToPolicy(statement);
  const subscription = new subscriptions.LambdaSubscription(receiver.function, {
    deadLetterQueue: deliveryDlq,
  });
  const created = props.topic.addSubscription(subscription);
  setFilterPolicy(created, props.filterPolicy);
  return { function: receiver.function, logGroup: receiver.logGroup, deliveryDlq, failuresDlq };
}

/**
 * Sets a subscription's attribute filter policy as JSON: CDK's typed filter cannot express `$or`,
 * which a receiver named by several routes needs. A receiver of every message gets a policy that
 * every message matches instead of none, so its scope and policy are never removed by an update
 * (CloudFormation fails that update: "FilterPolicyScope: Invalid value [null]").
 */
export function setFilterPolicy(subscription: sns.Subscription, policy: FilterPolicy | null): void {
  const cfn = subscription.node.defaultChild as sns.CfnSubscription;
  cfn.filterPolicy = policy ?? EVERY_NOTIFICATION;
  cfn.filterPolicyScope = 'MessageAttributes';
}

/** An email receiver: a subscription with its filter policy. */
export function addEmailReceiver(
  topic: sns.ITopic,
  address: string,
  policy: FilterPolicy | null,
): sns.Subscription {
  const subscription = topic.addSubscription(new subscriptions.EmailSubscription(address));
  setFilterPolicy(subscription, policy);
  return subscription;
}
