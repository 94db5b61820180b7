/**
 * The monitor's configuration after parsing and validation: what the CDK app
 * deploys and what local runs use. Produced only by `parseConfig` / `loadConfigFile`.
 */
import type { MaintenanceWindow } from '../../core/control/maintenance-window.js';
import type { Severity } from '../../core/model/link-model.js';
import type { PollSettings } from '../../core/poll/poll-settings.js';
import type { EmailRecipient, MinSeverity, Route, SlackConfig } from '../routing/routes.js';
import type { Schedule } from './durations.js';

/** Where a cluster's Confluent credentials come from. */
export type CredentialsSource =
  /**
   * A Secrets Manager secret, by name or ARN (the deployed monitor). With `secretKey`, the secret
   * is shared by several clusters and holds one entry per key: `{"KEY": {"api_key": ..., "api_secret": ...}}`.
   */
  | { readonly kind: 'secret'; readonly secretId: string; readonly secretKey?: string }
  /** Environment variables holding an API key and secret (local runs only). */
  | { readonly kind: 'env-basic'; readonly apiKeyVar: string; readonly apiSecretVar: string }
  /** An environment variable holding an OAuth bearer token (local runs only). */
  | { readonly kind: 'env-bearer'; readonly tokenVar: string };

export interface ClusterConfig {
  /** Kafka cluster id, e.g. `lkc-abc123`. */
  readonly clusterId: string;
  /** Short human name used in alerts and on the dashboard, e.g. `prod-eu`. */
  readonly label: string;
  /** Kafka REST base URL without a trailing slash, e.g. `https://pkc-xxxx.eu-west-1.aws.confluent.cloud:443`. */
  readonly restEndpoint: string;
  readonly credentials: CredentialsSource;
}

// Defined by the routing, which imports nothing of the config; named here too, as parts of the config.
export type {
  EmailRecipient,
  MinSeverity,
  PagerDutyReceiver,
  Route,
  RouteReceivers,
  SlackConfig,
} from '../routing/routes.js';

export const MIN_SEVERITIES: readonly MinSeverity[] = ['critical', 'warning', 'info'];

/**
 * Which custom metrics the poller sends. `monitor`: a few counts across all clusters, sent only
 * when they are not zero (a quiet estate costs nothing). `cluster`: also every cluster's links by
 * state, poll duration and failures, billed per cluster (see docs/cost.md).
 */
export type MetricsLevel = 'monitor' | 'cluster';

export const METRICS_LEVELS: readonly MetricsLevel[] = ['monitor', 'cluster'];

export type TopicEncryption = 'aws-managed' | 'customer-managed';

export const TOPIC_ENCRYPTIONS: readonly TopicEncryption[] = ['aws-managed', 'customer-managed'];

export interface MonitorConfig {
  /** The file it was read from, for messages. */
  readonly fileName: string;
  /** CloudFormation stack name. */
  readonly stackName: string;
  readonly clusters: readonly ClusterConfig[];
  readonly schedule: Schedule;
  /** The poller's Lambda timeout; always shorter than the schedule interval. */
  readonly pollTimeoutMs: number;
  readonly emailRecipients: readonly EmailRecipient[];
  readonly slack: SlackConfig | null;
  /** Who receives CloudWatch alarms about the monitor itself. */
  readonly alarmEmails: readonly string[];
  /**
   * Who besides the poller may publish to the notification topic (IAM role or user ARNs, e.g.
   * for `link-monitor run --notify sns`); anyone else is refused, so nobody can forge an alert.
   * @default none
   */
  readonly notificationPublishers: readonly string[];
  /**
   * Reserve one concurrent execution per shard for the poller, so that other functions of the
   * account can never use up the concurrency it needs. The account's concurrency quota must
   * leave its unreserved minimum (10, usually 100) beside it. Overlapping polls are safe without
   * it (docs/decisions/001-outbox-and-conditional-versions.md). @default false
   */
  readonly reserveConcurrency: boolean;
  /**
   * Paths of secret names (ending in `/`) under which the poller may read every secret: one
   * grant instead of one per secret, for estates whose secrets the role's policy could not list
   * one by one. Secrets named by name under a path need no grant of their own. @default none
   */
  readonly clusterSecretPrefixes: readonly string[];
  /**
   * KMS keys of your own (key ARNs) that encrypt secrets named in this config: every function
   * that reads a secret may decrypt with them, through Secrets Manager only. @default none
   */
  readonly secretKmsKeys: readonly string[];
  /** @default 'monitor' */
  readonly metricsLevel: MetricsLevel;
  /** Deploy the CloudWatch dashboard ($3 a month). @default false */
  readonly dashboard: boolean;
  /**
   * How the SNS topics are encrypted. `aws-managed`: the notification topic with the free AWS
   * managed key; the alarm topic, which CloudWatch cannot publish to under that key, unencrypted
   * (it carries alarm names and thresholds only). `customer-managed`: both with one rotating KMS
   * key of the stack ($1 a month and more with rotations). @default 'aws-managed'
   */
  readonly topicEncryption: TopicEncryption;
  readonly settings: PollSettings;
  /**
   * Routes by cluster and severity. `emailRecipients` and `slack` form the default route: they
   * receive what no route covers (everything when there are no routes).
   */
  readonly routes: readonly Route[];
  /** Recurring windows during which matching events are recorded but not notified. */
  readonly maintenanceWindows: readonly MaintenanceWindow[];
}

/**
 * The notification severities a subscriber with this minimum receives. `resolved`
 * is always included: whoever was told about a problem is told when it ends.
 */
export function severitiesAtOrAbove(minSeverity: MinSeverity): readonly Severity[] {
  switch (minSeverity) {
    case 'critical':
      return ['critical', 'resolved'];
    case 'warning':
      return ['critical', 'warning', 'resolved'];
    case 'info':
      return ['critical', 'warning', 'info', 'resolved'];
  }
}
