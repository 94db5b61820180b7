/**
 * The alert ledger's table, defined once for the stack (which builds it and grants the actions
 * below) and for the adapter (which reads and writes these attributes). One table serves every
 * PagerDuty notifier of a stack; each notifier keeps to its own partitions.
 *
 * One item per alert a notifier sent an event for:
 * - `receiverCluster` (partition key): `{receiverId}#{clusterId}`, so that one Query lists a
 *   cluster's alerts of one notifier and no notifier sees another's;
 * - `dedupKey` (sort key): the alert's Events API `dedup_key`;
 * - `linkName` (absent for the cluster's own alert), `kind` (`condition`, `part`, `cluster`);
 * - `open`: true after a trigger, false after a resolve;
 * - `lastEventAt`: epoch ms of what the last event sent reported, which orders the next one;
 * - `expiresAt`: on a resolved alert only, epoch seconds `RESOLVED_ALERT_RETENTION_DAYS` after
 *   the resolve, when DynamoDB's TTL deletes it; an open alert never expires.
 */
import type { TableDesign } from '../../adapters/dynamodb/table-design.js';

export const ALERT_LEDGER_TABLE: TableDesign = {
  id: 'PagerDutyAlertLedger',
  partitionKey: { name: 'receiverCluster', type: 'S' },
  sortKey: { name: 'dedupKey', type: 'S' },
  globalSecondaryIndexes: [],
  timeToLiveAttribute: 'expiresAt',
  billingMode: 'PAY_PER_REQUEST',
  pointInTimeRecovery: true,
};

/** The attributes beside the keys. */
export const LEDGER_ATTRIBUTE = {
  linkName: 'linkName',
  kind: 'kind',
  open: 'open',
  lastEventAt: 'lastEventAt',
  expiresAt: 'expiresAt',
} as const;

/**
 * How long a resolved alert is remembered. Far longer than an event can be retried (Lambda keeps
 * an asynchronous event six hours at most), so that no retried trigger outlives the resolve that
 * guards against it; short enough that the table holds little more than the open alerts.
 */
export const RESOLVED_ALERT_RETENTION_DAYS = 30;

/**
 * What a PagerDuty notifier does to the table: one Query per notification document that names
 * links, one conditional UpdateItem per event it sends. Nothing else, and nothing while no
 * notification arrives.
 */
export const ALERT_LEDGER_PERMISSIONS = ['dynamodb:Query', 'dynamodb:UpdateItem'] as const;

/** The partition of one notifier's alerts of one cluster; `receiverId` has no `#`, so no two meet. */
export function ledgerPartitionKey(receiverId: string, clusterId: string): string {
  return `${receiverId}#${clusterId}`;
}
