/**
 * What the last failover dry run says against a failover: topics that would not fail over make the
 * link not ready, named up to a few and counted beyond. Pure.
 */
import type { ClusterLink } from '../model/link-model.js';
import { groupDigits } from './group-digits.js';
import { notReady, type ReadinessReason } from './readiness-reasons.js';

/** The last failover dry run, as recorded. */
export interface ReadinessDryRun {
  /** When this outcome was first seen (ISO). */
  readonly since: string;
  /** Topics it covered. */
  readonly topics: number;
  /** Topics that would not fail over, all of them; `failures` lists the first few. */
  readonly failed: number;
  /** The link's topics beyond those a dry run may name: not checked. */
  readonly notChecked: number;
  /** Topics that would not fail over, with Confluent's error: the first by name. */
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
  const recorded = link.dryRun;
  if (recorded === undefined) return { reasons: [], dryRun: null };
  const dryRun: ReadinessDryRun = {
    since: recorded.since,
    topics: recorded.topics,
    // A record from before the count was kept has every failure it knows of listed.
    failed: recorded.failed ?? recorded.failures.length,
    notChecked: recorded.notChecked ?? 0,
    failures: recorded.failures.map((f) => ({ ...f })),
  };
  return {
    reasons: dryRun.failed > 0 ? [notReady('DRY_RUN_FAILED', dryRunText(dryRun))] : [],
    dryRun,
  };
}

function dryRunText(dryRun: ReadinessDryRun): string {
  const named = dryRun.failures.slice(0, MAX_DRY_RUN_NAMES).map((f) => f.topicName);
  const more = dryRun.failed > named.length ? ` and ${groupDigits(dryRun.failed - named.length)} more` : '';
  const first = dryRun.failures[0];
  const error =
    first === undefined
      ? ''
      : `; ${first.topicName}: error ${first.errorCode}${first.errorMessage === null ? '' : `, ${first.errorMessage}`}`;
  const unchecked =
    dryRun.notChecked > 0 ? `; ${groupDigits(dryRun.notChecked)} more topics not checked` : '';
  return `failover dry run: ${groupDigits(dryRun.failed)} of ${groupDigits(dryRun.topics)} topics would not fail over (${named.join(', ')}${more})${error}${unchecked}`;
}
