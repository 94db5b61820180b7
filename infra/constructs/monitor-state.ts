/**
 * Everything stateful: the two tables, the notification topic and, opt-in, the
 * KMS key that encrypts the topics. Kept apart from the functions so that
 * replacing a function never touches data. Tables and key are retained when the
 * stack is deleted, but not when the create that made them is rolled back.
 */
import { ArnFormat, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { HISTORY_TABLE, SNAPSHOT_TABLE } from '../../adapters/dynamodb/table-design.js';
import { tableFromDesign } from './table-from-design.js';

export interface MonitorStateProps {
  /**
   * Encrypt both topics with a key of the stack ($1 a month, more with rotations) instead of
   * the notification topic with the free AWS managed key. @default false
   */
  readonly customerManagedKey?: boolean;
}

/**
 * SNS's AWS managed key: free, usable by SNS for every subscription the stack makes. Named by its
 * alias as the SNS documentation does: SNS creates the key in an account that has none yet,
 * which the alias's ARN does not make it do (aws-cdk issue 22605).
 */
const SNS_MANAGED_KEY = 'alias/aws/sns';

export class MonitorState extends Construct {
  readonly snapshotTable: dynamodb.TableV2;
  readonly historyTable: dynamodb.TableV2;
  /** Encrypts both topics; undefined when the AWS managed key encrypts the notification topic. */
  readonly topicKey: kms.Key | undefined;
  /** Link-change notifications: email subscriptions and the Slack notifier. */
  readonly notificationTopic: sns.Topic;

  constructor(scope: Construct, id: string, props: MonitorStateProps = {}) {
    super(scope, id);
    this.snapshotTable = tableFromDesign(this, SNAPSHOT_TABLE);
    this.historyTable = tableFromDesign(this, HISTORY_TABLE);

    if (props.customerManagedKey !== true) {
      this.topicKey = undefined;
      this.notificationTopic = new sns.Topic(this, 'NotificationTopic', {
        displayName: 'Cluster link monitor',
        enforceSSL: true,
      });
      (this.notificationTopic.node.defaultChild as sns.CfnTopic).kmsMasterKeyId = SNS_MANAGED_KEY;
      return;
    }
    this.topicKey = new kms.Key(this, 'TopicKey', {
      description: 'Encrypts the cluster link monitor SNS topics',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE,
      pendingWindow: Duration.days(30),
    });
    // CloudWatch alarms publish to the encrypted alarm topic; the service needs the key for that,
    // for this account's alarms only (no other account's alarm can use the key through it).
    const stack = Stack.of(this);
    this.topicKey.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'AllowCloudWatchAlarmsToPublish',
        principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        resources: ['*'],
        conditions: {
          StringEquals: { 'aws:SourceAccount': stack.account },
          ArnLike: {
            'aws:SourceArn': stack.formatArn({
              service: 'cloudwatch',
              resource: 'alarm',
              resourceName: '*',
              arnFormat: ArnFormat.COLON_RESOURCE_NAME,
            }),
          },
        },
      }),
    );

    this.notificationTopic = new sns.Topic(this, 'NotificationTopic', {
      displayName: 'Cluster link monitor',
      masterKey: this.topicKey,
      enforceSSL: true,
    });
  }

  /** Every index of both tables by exact ARN, named from the table design. */
  indexArns(): string[] {
    return [
      ...SNAPSHOT_TABLE.globalSecondaryIndexes.map(
        (i) => `${this.snapshotTable.tableArn}/index/${i.indexName}`,
      ),
      ...HISTORY_TABLE.globalSecondaryIndexes.map(
        (i) => `${this.historyTable.tableArn}/index/${i.indexName}`,
      ),
    ];
  }
}
