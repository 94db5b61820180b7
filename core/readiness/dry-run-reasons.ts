/**
 * What the last failover dry run says against a failover: topics that would not fail over make the
 * link not ready, named up to a few and counted beyond. Pure.
 */
import type { ClusterLink } from '../model/link-model.js';
import { notReady, type ReadinessReason } from './readiness-reasons.js';

/** The last failover dry run, as recorded. */
export interface ReadinessDryRun {
  /** When this outcome was first seen (ISO). */
  readonly since: string;
  /** Topics it covered. */
  readonly topics: number;
  /** Topics that would not fail over, with Confluent's error. */
  readonly failures: readonly {
    readonly topicName: string;
    readonly errorCode: string;
    readonly errorMessage: string | null;
  }[];
}

/** Topics a dry-run reason names; the rest are counted. */
const MAX_DRY_RUN_NAMES = 3;

/** The reason the last dry run gives, if any, and the dry run as recorded (null when none was made). */
export function dryRunReadiness(link: ClusterLink): {
  readonly reasons: ReadinessReason[];
  readonly dryRun: ReadinessDryRun | null;
} {
  const dryRun = link.dryRun ?? null;
  if (dryRun === null) return { reasons: [], dryRun: null };
  return {
    reasons: dryRun.failures.length > 0 ? [notReady('DRY_RUN_FAILED', dryRunText(dryRun))] : [],
    dryRun: {
      since: dryRun.since,
      topics: dryRun.topics,
      failures: dryRun.failures.map((f) => ({ ...f })),
    },
  };
}

function dryRunText(dryRun: NonNullable<ClusterLink['dryRun']>): string {
  const named = dryRun.failures.slice(0, MAX_DRY_RUN_NAMES).map((f) => f.topicName);
  const more =
    dryRun.failures.length > named.length ? ` and ${dryRun.failures.length - named.length} more` : '';
  const first = dryRun.failures[0];
  const error =
    first === undefined
      ? ''
      : `; ${first.topicName}: error ${first.errorCode}${first.errorMessage === null ? '' : `, ${first.errorMessage}`}`;
  return `failover dry run: ${dryRun.failures.length} of ${dryRun.topics} topics would not fail over (${named.join(', ')}${more})${error}`;
}
