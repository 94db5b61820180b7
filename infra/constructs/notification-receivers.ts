/**
 * One subscription to the notification topic per receiver the routes name (`receiverSubscriptions`),
 * each with the filter policy that routes it by cluster and problem severity: email addresses
 * subscribe directly; each Slack webhook and PagerDuty routing key gets a notifier function of its
 * own (`addReceiverFunction`), and the PagerDuty notifiers share one alert ledger table
 * (`pagerduty-alert-ledger.ts`), made with the first of them. Created in the caller's scope with the
 * ids they have always had.
 */
import { createHash } from 'node:crypto';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as sns from 'aws-cdk-lib/aws-sns';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { receiverSubscriptions } from '../../adapters/routing/route-filter-policies.js';
import type { RoutingConfig } from '../../adapters/routing/routes.js';
import { PAGERDUTY_ENV } from '../../receivers/pagerduty/pagerduty-notifier-environment.js';
import { PAGERDUTY_NOTIFIER_SERVICE_NAME } from '../../receivers/pagerduty/pagerduty-notifier-metrics.js';
import { slackNotifierEnvironment } from '../../receivers/slack/slack-notifier-environment.js';
import { SLACK_NOTIFIER_SERVICE_NAME } from '../../receivers/slack/slack-notifier-metrics.js';
import { addAlertLedgerTable, bindAlertLedger } from './pagerduty-alert-ledger.js';
import { addEmailReceiver, addReceiverFunction, type ReceiverFunction } from './receiver-function.js';

export interface NotificationReceiversProps {
  readonly topic: sns.ITopic;
  /** The routes and the default route's receivers. */
  readonly routing: RoutingConfig;
  /** Keys of your own the receivers' secrets may be encrypted with (`secretKmsKeys`). */
  readonly secretKmsKeys: readonly string[];
  /** The notifier functions' handler modules, relative to the project root. */
  readonly entries: { readonly slack: string; readonly pagerDuty: string };
}

export interface NotificationReceivers {
  /** Each notifier's two queues (`{Name}Delivery`, `{Name}Failures`), in the order the receivers are listed. */
  readonly deadLetterQueues: Record<string, sqs.Queue>;
  /** Each notifier function, by its construct id. */
  readonly functions: Record<string, lambda.IFunction>;
  /** The default route's Slack notifier, if the config has one. */
  readonly defaultSlack: ReceiverFunction | undefined;
  /** The PagerDuty notifiers' alert ledger, if the routes name a PagerDuty receiver. */
  readonly pagerDutyAlertLedger: dynamodb.TableV2 | undefined;
}

/** A short, stable id part for a receiver named by its secret: the same secret keeps its resources. */
function receiverIdSuffix(secretId: string): string {
  return createHash('sha256').update(secretId).digest('hex').slice(0, 8).toUpperCase();
}

/** Adds every receiver's subscription (and notifier function) to `scope` (the stack). */
export function addNotificationReceivers(
  scope: Construct,
  props: NotificationReceiversProps,
): NotificationReceivers {
  const { topic, routing, secretKmsKeys, entries } = props;
  const deadLetterQueues: Record<string, sqs.Queue> = {};
  const functions: Record<string, lambda.IFunction> = {};
  let defaultSlack: ReceiverFunction | undefined;
  let pagerDutyAlertLedger: dynamodb.TableV2 | undefined;
  const added = (name: string, receiver: ReceiverFunction): ReceiverFunction => {
    deadLetterQueues[`${name}Delivery`] = receiver.deliveryDlq;
    deadLetterQueues[`${name}Failures`] = receiver.failuresDlq;
    functions[`${name}Notifier`] = receiver.function;
    return receiver;
  };
  const ids = (name: string, secret: string) => ({
    function: `${name}Notifier`,
    deliveryDlq: `${name}DeliveryDlq`,
    failuresDlq: `${name}FailuresDlq`,
    secretStatement: `Read${name}${secret}`,
    secretKeyStatement: `Decrypt${name}${secret}`,
  });

  for (const receiver of receiverSubscriptions(routing)) {
    if (receiver.kind === 'email') {
      addEmailReceiver(topic, receiver.endpoint, receiver.filterPolicy);
      continue;
    }
    if (receiver.kind === 'pagerDuty') {
      const name = `PagerDuty${receiverIdSuffix(receiver.endpoint)}`;
      const minSeverity = receiver.pagerDutyMinSeverity ?? 'critical';
      const pagerDuty = added(
        name,
        addReceiverFunction(scope, ids(name, 'RoutingKey'), {
          topic,
          entry: entries.pagerDuty,
          description: `Cluster link monitor: pages through PagerDuty (routes: ${receiver.routes.join(', ')})`,
          serviceName: PAGERDUTY_NOTIFIER_SERVICE_NAME,
          secretId: receiver.endpoint,
          secretKmsKeys,
          environment: (failuresQueueUrl) => ({
            [PAGERDUTY_ENV.routingKeySecret]: receiver.endpoint,
            [PAGERDUTY_ENV.minSeverity]: minSeverity,
            [PAGERDUTY_ENV.deadLetterQueueUrl]: failuresQueueUrl,
          }),
          filterPolicy: receiver.filterPolicy,
        }),
      );
      pagerDutyAlertLedger ??= addAlertLedgerTable(scope);
      // Its part of the ledger is named like its resources: the same for as long as its secret is.
      bindAlertLedger(pagerDuty.function, pagerDutyAlertLedger, name);
      continue;
    }
    // The default route's Slack notifier keeps the ids it had before routes existed.
    const isDefault = routing.slack !== null && receiver.endpoint === routing.slack.webhookSecret;
    const name = isDefault ? 'Slack' : `RoutedSlack${receiverIdSuffix(receiver.endpoint)}`;
    const slack = added(
      name,
      addReceiverFunction(scope, ids(name, 'Webhook'), {
        topic,
        entry: entries.slack,
        description: `Cluster link monitor: posts notifications to Slack (routes: ${receiver.routes.join(', ')})`,
        serviceName: SLACK_NOTIFIER_SERVICE_NAME,
        secretId: receiver.endpoint,
        secretKmsKeys,
        environment: (failuresQueueUrl) =>
          slackNotifierEnvironment({
            webhookSecretId: receiver.endpoint,
            // Messages Slack refuses for good go here directly instead of through Lambda's retries.
            deadLetterQueueUrl: failuresQueueUrl,
          }),
        filterPolicy: receiver.filterPolicy,
      }),
    );
    if (isDefault) defaultSlack = slack;
  }
  return { deadLetterQueues, functions, defaultSlack, pagerDutyAlertLedger };
}
