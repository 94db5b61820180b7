/**
 * Turns the config's routes into one SNS subscription per receiver, each with a
 * filter policy on the message attributes `cluster_id` and `problem_severity`.
 * SNS decides who receives what; no code of the monitor does. Pure.
 *
 * - A receiver named by several routes (or by a route and the default route) has one
 *   subscription whose policy is the `$or` of its routes, so it gets a message once.
 * - The default route (`emailRecipients`, `slack`) gets, per cluster, the severities no route covers.
 * - Filtering on `problem_severity` instead of `severity` sends a recovery exactly to those who
 *   were told of the problem: a recovery carries the severity of the condition that ended.
 * - A PagerDuty receiver's filter and its notifier's minimum come from one rule (`pagingMinimum`).
 */
import type { AttributeName } from '../../core/notify/render/message-attributes.js';
import {
  PagingConflictError,
  type PagingSeverity,
  pagingConflicts,
  pagingMinimum,
} from './paging-minimum.js';
import type { MinSeverity, RoutingConfig } from './routes.js';

/** Severities a problem can have; `resolved` is never one (it is the end of one). */
const PROBLEM_SEVERITIES = ['critical', 'warning', 'info'] as const;
type ProblemSeverity = (typeof PROBLEM_SEVERITIES)[number];

/** SNS's limit on the combinations of values in one filter policy. */
export const SNS_MAX_FILTER_COMBINATIONS = 150;

export type ReceiverKind = 'email' | 'slack' | 'pagerDuty';

/** One condition: clusters (null = any, or every cluster except those listed) and severities. */
interface Condition {
  readonly clusters: { readonly only: readonly string[] } | { readonly except: readonly string[] } | null;
  readonly severities: readonly ProblemSeverity[];
}

export type FilterPolicy = Record<string, unknown>;

/** The attribute every message the monitor publishes carries (`messageAttributes` in core/notify/render/sns-message.ts). */
const ALWAYS_SENT: AttributeName = 'kind';

/**
 * A policy every notification matches, for a subscription that takes everything: CloudFormation
 * cannot update a subscription from a policy to none ("FilterPolicyScope: Invalid value [null]"),
 * so no subscription is ever left without one. One combination of SNS's 150.
 */
export const EVERY_NOTIFICATION: FilterPolicy = Object.freeze({ [ALWAYS_SENT]: [{ exists: true }] });

export interface ReceiverSubscription {
  readonly kind: ReceiverKind;
  /** Email address, Slack webhook secret or PagerDuty routing-key secret. */
  readonly endpoint: string;
  /** Route names, `default` for the default route, for descriptions and messages. */
  readonly routes: readonly string[];
  /** Null: every message. */
  readonly filterPolicy: FilterPolicy | null;
  /** Values the policy combines, as SNS counts them against its limit of 150. */
  readonly combinations: number;
  /** PagerDuty only: the lowest severity that pages, the lowest its filter policy lets through. */
  readonly pagerDutyMinSeverity?: PagingSeverity;
}

export const DEFAULT_ROUTE = 'default';

function atOrAbove(min: MinSeverity): readonly ProblemSeverity[] {
  return PROBLEM_SEVERITIES.slice(0, PROBLEM_SEVERITIES.indexOf(min) + 1);
}

/** The severities of a cluster that no route covers, for the default route. */
function uncovered(config: Pick<RoutingConfig, 'routes'>, clusterId: string): ProblemSeverity[] {
  return PROBLEM_SEVERITIES.filter(
    (severity) =>
      !config.routes.some(
        (r) =>
          (r.clusterIds === null || r.clusterIds.includes(clusterId)) &&
          atOrAbove(r.minSeverity).includes(severity),
      ),
  );
}

/**
 * The default route as conditions: clusters named by no route share one condition
 * (`anything-but` the named ones), the others are grouped by what is left uncovered.
 */
function defaultRouteConditions(config: Pick<RoutingConfig, 'routes'>): Condition[] {
  if (config.routes.length === 0) return [{ clusters: null, severities: PROBLEM_SEVERITIES }];
  const named = [...new Set(config.routes.flatMap((r) => r.clusterIds ?? []))].sort();
  const conditions: Condition[] = [];
  // Clusters no route names are only covered by routes for every cluster.
  const others = PROBLEM_SEVERITIES.filter(
    (severity) =>
      !config.routes.some((r) => r.clusterIds === null && atOrAbove(r.minSeverity).includes(severity)),
  );
  if (others.length > 0)
    conditions.push({ clusters: named.length === 0 ? null : { except: named }, severities: others });
  const groups = new Map<string, { severities: ProblemSeverity[]; clusters: string[] }>();
  for (const clusterId of named) {
    const severities = uncovered(config, clusterId);
    if (severities.length === 0) continue;
    const key = severities.join(',');
    const group = groups.get(key) ?? { severities, clusters: [] };
    group.clusters.push(clusterId);
    groups.set(key, group);
  }
  for (const group of groups.values())
    conditions.push({ clusters: { only: group.clusters }, severities: group.severities });
  return conditions;
}

function restrict(conditions: readonly Condition[], min: MinSeverity): Condition[] {
  const allowed = atOrAbove(min);
  return conditions
    .map((c) => ({ ...c, severities: c.severities.filter((s) => allowed.includes(s)) }))
    .filter((c) => c.severities.length > 0);
}

function conditionPolicy(condition: Condition): { policy: FilterPolicy; combinations: number } {
  const policy: FilterPolicy = {};
  let combinations = 1;
  if (condition.clusters !== null) {
    if ('only' in condition.clusters) {
      policy.cluster_id = [...condition.clusters.only];
      combinations *= condition.clusters.only.length;
    } else {
      policy.cluster_id = [{ 'anything-but': [...condition.clusters.except] }];
      // Counted as its list: the conservative reading of how SNS counts anything-but.
      combinations *= condition.clusters.except.length;
    }
  }
  if (condition.severities.length < PROBLEM_SEVERITIES.length) {
    policy.problem_severity = [...condition.severities];
    combinations *= condition.severities.length;
  }
  return { policy, combinations };
}

function filterPolicyOf(conditions: readonly Condition[]): {
  policy: FilterPolicy | null;
  combinations: number;
} {
  const parts = conditions.map(conditionPolicy);
  // A condition without keys matches everything: no policy at all.
  if (parts.some((p) => Object.keys(p.policy).length === 0)) return { policy: null, combinations: 0 };
  const unique = new Map(parts.map((p) => [JSON.stringify(p.policy), p]));
  const distinct = [...unique.values()];
  const combinations = distinct.reduce((sum, p) => sum + p.combinations, 0);
  const [only] = distinct;
  if (distinct.length === 1 && only !== undefined) return { policy: only.policy, combinations };
  return { policy: { $or: distinct.map((p) => p.policy) }, combinations };
}

interface Collected {
  readonly kind: ReceiverKind;
  readonly endpoint: string;
  readonly routes: string[];
  readonly conditions: Condition[];
  pagerDutyMinSeverity?: PagingSeverity;
}

/**
 * Every receiver's subscription, in config order (default route first). Receivers whose
 * conditions are all covered by routes (a default-route recipient left with nothing) are
 * returned with `filterPolicy` null and `combinations` 0 only if they get everything; those
 * that get nothing are left out and reported by {@link unreachedReceivers}.
 * @throws PagingConflictError when routes give one PagerDuty routing key two minimums (the
 *   config schema refuses such a config first)
 */
export function receiverSubscriptions(config: RoutingConfig): ReceiverSubscription[] {
  const [conflict] = pagingConflicts(config.routes);
  if (conflict !== undefined) throw new PagingConflictError(conflict);
  const collected = new Map<string, Collected>();
  const add = (
    kind: ReceiverKind,
    endpoint: string,
    route: string,
    conditions: readonly Condition[],
  ): Collected => {
    const key = `${kind}\u0000${kind === 'email' ? endpoint.toLowerCase() : endpoint}`;
    let entry = collected.get(key);
    if (entry === undefined) {
      entry = { kind, endpoint, routes: [], conditions: [] };
      collected.set(key, entry);
    }
    if (!entry.routes.includes(route)) entry.routes.push(route);
    entry.conditions.push(...conditions);
    return entry;
  };

  const defaults = defaultRouteConditions(config);
  for (const recipient of config.emailRecipients) {
    add('email', recipient.address, DEFAULT_ROUTE, restrict(defaults, recipient.minSeverity));
  }
  if (config.slack !== null) {
    add('slack', config.slack.webhookSecret, DEFAULT_ROUTE, restrict(defaults, config.slack.minSeverity));
  }
  for (const route of config.routes) {
    const base: Condition = {
      clusters: route.clusterIds === null ? null : { only: route.clusterIds },
      severities: atOrAbove(route.minSeverity),
    };
    for (const address of route.receivers.email) add('email', address, route.name, [base]);
    for (const secret of route.receivers.slack) add('slack', secret, route.name, [base]);
    for (const receiver of route.receivers.pagerDuty) {
      // Equal over the key's routes (checked above), so every page it opens has its recovery let through.
      const minimum = pagingMinimum(route.minSeverity, receiver.minSeverity);
      const entry = add('pagerDuty', receiver.routingKeySecret, route.name, restrict([base], minimum));
      entry.pagerDutyMinSeverity = minimum;
    }
  }

  const result: ReceiverSubscription[] = [];
  for (const entry of collected.values()) {
    if (entry.conditions.length === 0) continue;
    const { policy, combinations } = filterPolicyOf(entry.conditions);
    result.push({
      kind: entry.kind,
      endpoint: entry.endpoint,
      routes: entry.routes,
      filterPolicy: policy,
      combinations,
      ...(entry.pagerDutyMinSeverity === undefined
        ? {}
        : { pagerDutyMinSeverity: entry.pagerDutyMinSeverity }),
    });
  }
  return result;
}

/** Default-route receivers that the routes leave with nothing to receive. */
export function unreachedReceivers(config: RoutingConfig): string[] {
  const subscribed = new Set(
    receiverSubscriptions(config).map((s) => `${s.kind}\u0000${s.endpoint.toLowerCase()}`),
  );
  const defaults = [
    ...config.emailRecipients.map((r) => `email\u0000${r.address.toLowerCase()}`),
    ...(config.slack === null ? [] : [`slack\u0000${config.slack.webhookSecret.toLowerCase()}`]),
  ];
  return defaults.filter((key) => !subscribed.has(key)).map((key) => key.split('\u0000')[1] ?? key);
}
