/**
 * Ways a simulated cluster can misbehave, each one a failure a real Confluent
 * endpoint (or what sits in front of it) produces.
 */

/**
 * - `unauthorized`: 401, JSON `error_code` 40101 (wrong key or secret).
 * - `forbidden`: 403, JSON `error_code` 40301 (key lacks permission).
 * - `not-found`: 404 as for an unknown cluster.
 * - `rate-limited`: 429 with Jetty's DoSFilter HTML body (no `Retry-After`, as the spec says).
 * - `server-error`: 5xx (default 500) with JSON `error_code` 50003.
 * - `hang`: the request is accepted and never answered (client timeouts, deadlines).
 * - `reset`: the connection is destroyed without a response (network error).
 * - `truncated`: 200 whose JSON body stops half-way.
 * - `html`: 200 with an HTML page (a proxy or login page in the way).
 * - `malformed`: 200 JSON that is not a links page: its required `metadata` is missing.
 * - `foreign-next`: a correct page whose `metadata.next` points at another host.
 * - `next-loop`: a correct page whose `metadata.next` points at itself.
 */
export type ClusterFaultKind =
  | 'unauthorized'
  | 'forbidden'
  | 'not-found'
  | 'rate-limited'
  | 'server-error'
  | 'hang'
  | 'reset'
  | 'truncated'
  | 'html'
  | 'malformed'
  | 'foreign-next'
  | 'next-loop';

export const CLUSTER_FAULT_KINDS: readonly ClusterFaultKind[] = [
  'unauthorized',
  'forbidden',
  'not-found',
  'rate-limited',
  'server-error',
  'hang',
  'reset',
  'truncated',
  'html',
  'malformed',
  'foreign-next',
  'next-loop',
];

/** A fault injected into one cluster with `ConfluentSimulator.failCluster`. */
export interface ClusterFault {
  readonly kind: ClusterFaultKind;
  /** HTTP status for `server-error` (500-599). @default 500 */
  readonly status?: number;
  /**
   * How many requests the fault answers before the cluster behaves again (to test
   * retries: `{ kind: 'rate-limited', times: 2 }` then success). @default every request until cleared
   */
  readonly times?: number;
  /**
   * Only requests for this page (0-based) or later fail, so a listing can fail
   * part-way through. @default 0
   */
  readonly fromPage?: number;
}
