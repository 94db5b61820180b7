/**
 * The baseline the benchmark compares the monitor with: the poller one would write first.
 * Clusters are polled one after another; for every link of every poll it reads the previous
 * state with one GetItem and writes the current one with one PutItem, and it publishes one SNS
 * message per changed link (and one per failed listing). It keeps no history and never detects
 * a removed link: it is only here to give the real poller's figures something to be a ratio of.
 */
import {
  type AttributeValue,
  type DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
} from '@aws-sdk/client-dynamodb';
import { PublishCommand, type SNSClient } from '@aws-sdk/client-sns';
import type { MonitoredCluster } from '../core/poll/poll-clusters.js';
import type { LinkSource } from '../core/ports.js';

export interface NaivePollerDeps {
  readonly clusters: readonly MonitoredCluster[];
  readonly source: LinkSource;
  readonly dynamodb: DynamoDBClient;
  /** A table keyed by `clusterId` (hash) and `linkName` (range), both strings. */
  readonly tableName: string;
  readonly sns: SNSClient;
  readonly topicArn: string;
}

export interface NaivePollSummary {
  readonly clustersPolled: number;
  readonly clustersFailed: number;
  readonly changes: number;
  readonly published: number;
}

/** One poll of every cluster, in sequence. */
export async function naivePoll(deps: NaivePollerDeps, deadline: number): Promise<NaivePollSummary> {
  let clustersFailed = 0;
  let changes = 0;
  let published = 0;
  const publish = async (subject: string, message: string) => {
    await deps.sns.send(new PublishCommand({ TopicArn: deps.topicArn, Subject: subject, Message: message }));
    published++;
  };

  for (const cluster of deps.clusters) {
    let links: Awaited<ReturnType<LinkSource['listLinks']>>['links'];
    try {
      ({ links } = await deps.source.listLinks({ clusterId: cluster.clusterId, deadline }));
    } catch (error) {
      clustersFailed++;
      await publish(
        `${cluster.label}: listing failed`,
        error instanceof Error ? error.message : String(error),
      );
      continue;
    }
    for (const link of links) {
      const key = { clusterId: { S: cluster.clusterId }, linkName: { S: link.linkName } };
      const previous = await deps.dynamodb.send(
        new GetItemCommand({ TableName: deps.tableName, Key: key, ReturnConsumedCapacity: 'TOTAL' }),
      );
      const item: Record<string, AttributeValue> = {
        ...key,
        linkState: { S: link.linkState ?? 'NONE' },
        linkError: { S: link.linkError ?? 'NONE' },
        clusterLinkId: { S: link.clusterLinkId },
      };
      await deps.dynamodb.send(
        new PutItemCommand({ TableName: deps.tableName, Item: item, ReturnConsumedCapacity: 'TOTAL' }),
      );
      const before = previous.Item;
      if (
        before !== undefined &&
        (before.linkState?.S !== item.linkState?.S || before.linkError?.S !== item.linkError?.S)
      ) {
        changes++;
        await publish(
          `${cluster.label}: ${link.linkName} is ${item.linkState?.S}`,
          `Link ${link.linkName} of ${cluster.label} went from ${before.linkState?.S}/${before.linkError?.S} to ${item.linkState?.S}/${item.linkError?.S}.`,
        );
      }
    }
  }
  return { clustersPolled: deps.clusters.length, clustersFailed, changes, published };
}
