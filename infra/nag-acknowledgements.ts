/**
 * cdk-nag findings this stack accepts, each with its reason, in one place so
 * that a reviewer sees every exception at once.
 */
import { Stack, Validations } from 'aws-cdk-lib';
import type * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as sqs from 'aws-cdk-lib/aws-sqs';

export interface NagExceptions {
  /** Queues that are dead-letter queues of SNS, Lambda or Scheduler (SQS3 only recognises SQS redrive). */
  readonly deadLetterQueues: readonly sqs.IQueue[];
  /** The role EventBridge Scheduler assumes to invoke the poller. */
  readonly scheduleRole: iam.IRole;
  readonly poller: lambda.IFunction;
}

export function acknowledgeNagFindings(exceptions: NagExceptions): void {
  for (const queue of exceptions.deadLetterQueues) {
    Validations.of(queue).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason:
        'This queue is itself a dead-letter queue (of an SNS subscription, a Lambda async invocation or an EventBridge Scheduler target); cdk-nag only recognises SQS redrive policies.',
    });
  }
  const poller = exceptions.poller.node.defaultChild as lambda.CfnFunction;
  const pollerArn = `<${Stack.of(poller).getLogicalId(poller)}.Arn>`;
  Validations.of(exceptions.scheduleRole).acknowledge({
    id: `AwsSolutions-IAM5[Resource::${pollerArn}:*]`,
    reason:
      'lambda:InvokeFunction on the poller and its versions/aliases (the CDK scheduler target grants both ARNs); the wildcard covers only qualifiers of this one function.',
  });
}
