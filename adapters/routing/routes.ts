/**
 * What a route is, as the config file states it and the routing turns it into subscriptions.
 * Defined here rather than in `adapters/config/` so that the config (whose deploy rules check the
 * filter policies) imports the routing and the routing imports no config: one direction only.
 * `MonitorConfig` carries these types (`adapters/config/monitor-config.ts` names them too).
 */
import type { Severity } from '../../core/model/link-model.js';

/** The lowest severity a subscriber wants; `info` means everything that is notified. */
export type MinSeverity = Exclude<Severity, 'resolved'>;

export interface EmailRecipient {
  readonly address: string;
  readonly minSeverity: MinSeverity;
}

export interface SlackConfig {
  /** Secrets Manager secret (name or ARN) holding the Slack incoming-webhook URL. */
  readonly webhookSecret: string;
  readonly minSeverity: MinSeverity;
}

/** Who a route tells: each receiver gets a matching message once, however many routes name it. */
export interface RouteReceivers {
  readonly email: readonly string[];
  /** Secrets Manager secrets (name or ARN) holding Slack incoming-webhook URLs. */
  readonly slack: readonly string[];
  readonly pagerDuty: readonly PagerDutyReceiver[];
}

export interface PagerDutyReceiver {
  /** Secrets Manager secret (name or ARN) holding the Events API v2 routing (integration) key. */
  readonly routingKeySecret: string;
  /** `critical` pages for critical problems only; `warning` also for warnings. @default critical */
  readonly minSeverity: Exclude<MinSeverity, 'info'>;
}

/** Sends the notifications of some clusters, from a minimum severity on, to some receivers. */
export interface Route {
  readonly name: string;
  /** Cluster ids this route covers (labels in the file are resolved to ids); null = every cluster. */
  readonly clusterIds: readonly string[] | null;
  readonly minSeverity: MinSeverity;
  readonly receivers: RouteReceivers;
}

/** What the routing reads of a config: the default route's receivers and the routes. */
export interface RoutingConfig {
  /** With `slack`, the default route: what no route covers (everything when there are no routes). */
  readonly emailRecipients: readonly EmailRecipient[];
  readonly slack: SlackConfig | null;
  readonly routes: readonly Route[];
}
