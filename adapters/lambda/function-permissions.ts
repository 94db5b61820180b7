/**
 * What each function does to the resources it touches, as IAM actions: the stack grants the
 * poller's from these lists, and `link-monitor check --deployed` asks AWS's policy simulator
 * whether each deployed role still allows them, so the grant and the check cannot drift apart.
 * Which resource each list applies to is named by the function's environment contract
 * (`poller-environment.ts`; each receiver's in `receivers/<name>/`).
 */

/** The poller's needs, by the resource they apply to. */
export const POLLER_PERMISSIONS = {
  /** On the snapshot and history tables. */
  tables: [
    'dynamodb:Query',
    // The claim reads the outbox marker's seq (adapters/dynamodb/outbox-marker.ts).
    'dynamodb:GetItem',
    'dynamodb:PutItem',
    'dynamodb:UpdateItem',
    'dynamodb:DeleteItem',
  ],
  /** On every index of both tables (`table-design.ts`). */
  indexes: ['dynamodb:Query'],
  /** On the notification topic. */
  notificationTopic: ['sns:Publish'],
  /** On the topic's key, when the stack has one (`topicEncryption: customer-managed`). */
  topicKey: ['kms:GenerateDataKey', 'kms:Decrypt'],
  /** On each cluster's credentials secret. */
  clusterSecrets: ['secretsmanager:GetSecretValue'],
} as const satisfies Record<string, readonly string[]>;

/** A Slack or PagerDuty notifier's needs, by the resource they apply to. */
export const RECEIVER_PERMISSIONS = {
  /** On its one secret (webhook URL, routing key). */
  secret: ['secretsmanager:GetSecretValue'],
  /** On the queue it puts messages refused for good on (also its on-failure destination). */
  failuresQueue: ['sqs:SendMessage'],
} as const satisfies Record<string, readonly string[]>;
