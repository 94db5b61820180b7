/**
 * The lowest severity a PagerDuty routing key pages from. One rule sets both its subscription's
 * filter policy and its notifier's minimum: a notifier paging from a severity its filter drops
 * opens pages whose recoveries never reach it. Pure.
 */
import type { MinSeverity, PagerDutyReceiver, Route } from './routes.js';

export type PagingSeverity = PagerDutyReceiver['minSeverity'];

/**
 * The stricter of the route's `match.minSeverity` and the receiver's `minSeverity`: the route
 * lets through no less, the receiver wants no more. A receiver's `warning` under a `critical`
 * route therefore pages on critical problems only.
 */
export function pagingMinimum(routeMinimum: MinSeverity, receiverMinimum: PagingSeverity): PagingSeverity {
  return routeMinimum === 'critical' || receiverMinimum === 'critical' ? 'critical' : 'warning';
}

/** What the rule reads of a route. */
export type PagingRoute = Pick<Route, 'name' | 'minSeverity'> & {
  readonly receivers: Pick<Route['receivers'], 'pagerDuty'>;
};

/** One place a routing key is named: `routes[routeIndex].receivers.pagerDuty[receiverIndex]`. */
export interface PagingPlacement {
  readonly route: string;
  readonly routeIndex: number;
  readonly receiverIndex: number;
  readonly minimum: PagingSeverity;
}

/** A routing key whose routes give it different minimums, in config order. */
export interface PagingConflict {
  readonly routingKeySecret: string;
  readonly placements: readonly PagingPlacement[];
  /** The first placement whose minimum differs from the first one's: where a config reports it. */
  readonly conflicting: PagingPlacement;
}

/**
 * Routing keys whose minimum differs between the routes that name them. Each key has one
 * notifier with one minimum, so one of its routes would either drop the recoveries of pages it
 * opened or never page at all.
 */
export function pagingConflicts(routes: readonly PagingRoute[]): PagingConflict[] {
  const byKey = new Map<string, PagingPlacement[]>();
  routes.forEach((route, routeIndex) => {
    route.receivers.pagerDuty.forEach((receiver, receiverIndex) => {
      const placements = byKey.get(receiver.routingKeySecret) ?? [];
      placements.push({
        route: route.name,
        routeIndex,
        receiverIndex,
        minimum: pagingMinimum(route.minSeverity, receiver.minSeverity),
      });
      byKey.set(receiver.routingKeySecret, placements);
    });
  });
  return [...byKey].flatMap(([routingKeySecret, placements]) => {
    const conflicting = placements.find((p) => p.minimum !== placements[0]?.minimum);
    return conflicting === undefined ? [] : [{ routingKeySecret, placements, conflicting }];
  });
}

function routesPagingFrom(conflict: PagingConflict, minimum: PagingSeverity): string {
  const names = [...new Set(conflict.placements.filter((p) => p.minimum === minimum).map((p) => p.route))];
  const last = names.pop();
  return names.length === 0 ? `route ${last}` : `routes ${names.join(', ')} and ${last}`;
}

/** Why a conflict cannot deploy and what to write instead, naming the key's secret (never its value). */
export function describePagingConflict(conflict: PagingConflict): string {
  const critical = routesPagingFrom(conflict, 'critical');
  const warning = routesPagingFrom(conflict, 'warning');
  return (
    `the PagerDuty routing key secret ${conflict.routingKeySecret} pages from critical in ${critical} but from warning in ${warning} ` +
    "(each route pages from the stricter of its match.minSeverity and the receiver's minSeverity), and the key's one notifier pages from one severity: " +
    `from warning, a warning page opened for a cluster of ${critical} could never be resolved, since its recovery is filtered out; ` +
    `from critical, the warnings of ${warning} would never page. ` +
    `Give the key one minimum in every route (minSeverity: critical for it in ${warning}, or match.minSeverity: warning and its minSeverity: warning in ${critical}), ` +
    'or give each route a routing key of its own'
  );
}

/** A routing configuration that gives one PagerDuty routing key two minimums (see {@link pagingConflicts}). */
export class PagingConflictError extends Error {
  override readonly name = 'PagingConflictError';
  readonly conflict: PagingConflict;

  constructor(conflict: PagingConflict) {
    super(describePagingConflict(conflict));
    this.conflict = conflict;
  }
}
