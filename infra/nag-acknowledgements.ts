/**
 * cdk-nag findings this stack accepts, each with its reason, in one place so
 * that a reviewer sees every exception at once.
 */
import { Stack, Validations } from 'aws-cdk-lib';
import type * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as sns from 'aws-cdk-lib/aws-sns';
import type * as sqs from 'aws-cdk-lib/aws-sqs';

export interface NagExceptions {
  /** Queues that are dead-letter queues of SNS, Lambda or Scheduler (SQS3 only recognises SQS redrive). */
  readonly deadLetterQueues: readonly sqs.IQueue[];
  /** The role EventBridge Scheduler assumes to invoke the poller. */
  readonly scheduleRole: iam.IRole;
  readonly poller: lambda.IFunction;
  /** The alarm topic when no stack key encrypts it (`topicEncryption: aws-managed`). */
  readonly unencryptedAlarmTopic?: sns.ITopic;
  /** The poller's credentials policy and the secret name paths it grants (`clusterSecretPrefixes`). */
  readonly credentialsPolicy: iam.Policy;
  readonly clusterSecretPrefixes: readonly string[];
}

export function acknowledgeNagFindings(exceptions: NagExceptions): void {
  for (const queue of exceptions.deadLetterQueues) {
    Validations.of(queue).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason:
        'This queue is itself a dead-letter queue (of an SNS subscription, a Lambda async invocation or an EventBridge Scheduler target); cdk-nag only recognises SQS redrive policies.',
    });
  }
  if (exceptions.unencryptedAlarmTopic !== undefined) {
    Validations.of(exceptions.unencryptedAlarmTopic).acknowledge({
      id: 'AwsSolutions-SNS2',
      reason:
        'CloudWatch alarms cannot publish to a topic under the AWS managed SNS key, and a key of the stack costs $1 a month and more with rotations, more than the rest of a small monitor. The alarm messages carry alarm names, thresholds and states, no link data or secret. topicEncryption: customer-managed encrypts this topic too.',
    });
  }
  for (const prefix of exceptions.clusterSecretPrefixes) {
    Validations.of(exceptions.credentialsPolicy).acknowledge({
      id: `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:secretsmanager:<AWS::Region>:<AWS::AccountId>:secret:${prefix}*]`,
      reason:
        'The config names this path in clusterSecretPrefixes: every secret under it is a cluster credential, granted once because the role could not list them one by one.',
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
