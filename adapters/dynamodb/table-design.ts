/**
 * The one definition of the monitor's DynamoDB tables, as plain data: the CDK stack maps it to table
 * props and the tests turn it into `CreateTableCommand` input, so both always build the same keys and
 * indexes. Why the keys look like this is explained in `docs/table-design.md`.
 */
import type { CreateTableCommandInput, UpdateTimeToLiveCommandInput } from '@aws-sdk/client-dynamodb';

export interface KeyAttribute {
  readonly name: string;
  /** Every key of these tables is a string. */
  readonly type: 'S';
}

export interface IndexDesign {
  readonly indexName: string;
  readonly partitionKey: KeyAttribute;
  readonly sortKey: KeyAttribute;
  readonly projection: 'ALL' | 'KEYS_ONLY';
}

export interface TableDesign {
  /** Logical name; the deployed name is chosen by the stack. */
  readonly id: string;
  readonly partitionKey: KeyAttribute;
  readonly sortKey: KeyAttribute;
  readonly globalSecondaryIndexes: readonly IndexDesign[];
  /** Epoch-seconds attribute DynamoDB TTL deletes by; absent when items never expire. */
  readonly timeToLiveAttribute?: string;
  readonly billingMode: 'PAY_PER_REQUEST';
  readonly pointInTimeRecovery: boolean;
}

const str = (name: string): KeyAttribute => ({ name, type: 'S' });

/** Index of the snapshot table listing every cluster record (sparse: only cluster items carry its key). */
export const CLUSTERS_INDEX = 'clusters';

/**
 * Current state: one item per link (`itemKey` = `LINK#{linkName}`) and one per cluster
 * (`itemKey` = `#CLUSTER`, sorted first), all under the cluster's partition.
 */
export const SNAPSHOT_TABLE: TableDesign = {
  id: 'Snapshots',
  partitionKey: str('clusterId'),
  sortKey: str('itemKey'),
  globalSecondaryIndexes: [
    {
      indexName: CLUSTERS_INDEX,
      partitionKey: str('clusterListKey'),
      sortKey: str('clusterId'),
      projection: 'ALL',
    },
  ],
  billingMode: 'PAY_PER_REQUEST',
  pointInTimeRecovery: true,
};

/** Indexes of the history table, by access pattern. */
export const HISTORY_INDEX = {
  /** Pattern 3: one cluster's history by time. */
  byClusterTime: 'byClusterTime',
  /** Pattern 2: one link's history by time. */
  byLink: 'byLink',
  /** Pattern 4: one severity across clusters by time, bucketed by month. */
  bySeverity: 'bySeverity',
  /** Outbox: events still waiting to be published (sparse). */
  pending: 'pending',
} as const;

/**
 * Every recorded change, keyed by `eventId` within its cluster so that an event can be marked sent
 * knowing only its id. `timeKey` = `{observedAt}#{clusterId}#{eventId}` orders every index by time.
 */
export const HISTORY_TABLE: TableDesign = {
  id: 'History',
  partitionKey: str('clusterId'),
  sortKey: str('eventId'),
  globalSecondaryIndexes: [
    {
      indexName: HISTORY_INDEX.byClusterTime,
      partitionKey: str('clusterId'),
      sortKey: str('timeKey'),
      projection: 'ALL',
    },
    {
      indexName: HISTORY_INDEX.byLink,
      partitionKey: str('linkKey'),
      sortKey: str('timeKey'),
      projection: 'ALL',
    },
    {
      indexName: HISTORY_INDEX.bySeverity,
      partitionKey: str('severityBucket'),
      sortKey: str('timeKey'),
      projection: 'ALL',
    },
    {
      indexName: HISTORY_INDEX.pending,
      partitionKey: str('pendingClusterId'),
      sortKey: str('timeKey'),
      projection: 'ALL',
    },
  ],
  timeToLiveAttribute: 'expiresAt',
  billingMode: 'PAY_PER_REQUEST',
  pointInTimeRecovery: true,
};

/** `CreateTableCommand` input for a design (tests and local tooling; the stack builds its own). */
export function toCreateTableInput(design: TableDesign, tableName: string): CreateTableCommandInput {
  const attributes = new Map<string, KeyAttribute>();
  for (const key of [design.partitionKey, design.sortKey]) attributes.set(key.name, key);
  for (const index of design.globalSecondaryIndexes) {
    attributes.set(index.partitionKey.name, index.partitionKey);
    attributes.set(index.sortKey.name, index.sortKey);
  }
  return {
    TableName: tableName,
    BillingMode: design.billingMode,
    AttributeDefinitions: [...attributes.values()].map((a) => ({
      AttributeName: a.name,
      AttributeType: a.type,
    })),
    KeySchema: [
      { AttributeName: design.partitionKey.name, KeyType: 'HASH' },
      { AttributeName: design.sortKey.name, KeyType: 'RANGE' },
    ],
    ...(design.globalSecondaryIndexes.length > 0 && {
      GlobalSecondaryIndexes: design.globalSecondaryIndexes.map((index) => ({
        IndexName: index.indexName,
        KeySchema: [
          { AttributeName: index.partitionKey.name, KeyType: 'HASH' },
          { AttributeName: index.sortKey.name, KeyType: 'RANGE' },
        ],
        Projection: { ProjectionType: index.projection },
      })),
    }),
  };
}

/** `UpdateTimeToLiveCommand` input enabling TTL, or undefined when the design has none. */
export function toTimeToLiveInput(
  design: TableDesign,
  tableName: string,
): UpdateTimeToLiveCommandInput | undefined {
  if (design.timeToLiveAttribute === undefined) return undefined;
  return {
    TableName: tableName,
    TimeToLiveSpecification: { AttributeName: design.timeToLiveAttribute, Enabled: true },
  };
}
