/**
 * Failover readiness: "am I protected?" answered per link from what the poller recorded (its
 * condition, its unhealthy mirror topics and tasks, the progress of lagging topics, stuck
 * transitions, the syncs a failover relies on, the last dry run). Pure: a link in, a verdict with
 * its reasons out, so the CLI, the status table and any later message say the same thing.
 *
 * The verdict is assembled here from the reasons of each concern: the link's own condition and
 * owed reads here, its topics (`topic-reasons.ts`), its syncs (`sync-reasons.ts`) and its last dry
 * run (`dry-run-reasons.ts`), in the words of `readiness-reasons.ts`.
 */
import { type ClusterLink, conditionSeverity, type UnreadParts } from '../model/link-model.js';
import { secondsBehindTargetFor } from '../observe/mirror-progress.js';
import type { ReadinessSettings } from '../poll/poll-settings.js';
import { dryRunReadiness, type ReadinessDryRun } from './dry-run-reasons.js';
import {
  atRisk,
  inReasonOrder,
  notReady,
  type ReadinessReason,
  type ReadinessVerdict,
} from './readiness-reasons.js';
import { type ReadinessSync, syncReadiness } from './sync-reasons.js';
import { type ReadinessTopic, topicReadiness } from './topic-reasons.js';

export type { ReadinessDryRun } from './dry-run-reasons.js';
export { groupDigits } from './group-digits.js';
export {
  READINESS_REASON_CODES,
  READINESS_VERDICTS,
  type ReadinessReason,
  type ReadinessVerdict,
} from './readiness-reasons.js';
export type { ReadinessSync } from './sync-reasons.js';
export { MAX_WORST_TOPICS, type ReadinessTopic } from './topic-reasons.js';

export interface LinkReadiness {
  readonly linkName: string;
  readonly verdict: ReadinessVerdict;
  /** Not-ready reasons first; empty when ready. */
  readonly reasons: readonly ReadinessReason[];
  /** At most {@link MAX_WORST_TOPICS}, worst first. */
  readonly worstTopics: readonly ReadinessTopic[];
  /** Every sync of `LINK_SYNCS`, in its order. */
  readonly syncs: readonly ReadinessSync[];
  readonly dryRun: ReadinessDryRun | null;
  /**
   * `off` when no readiness settings were given: the verdict then judges only what was recorded,
   * which lacks time behind, stalls, stuck topics, configs and dry runs unless the poller reads them.
   */
  readonly checks: 'on' | 'off';
}

/**
 * The time-behind target a link's verdict is judged against: the one the poller raises
 * MIRROR_BEHIND_TARGET at ({@link secondsBehindTargetFor}); null when there is none or checks are off.
 */
export function readinessTargetFor(linkName: string, settings: ReadinessSettings | null): number | null {
  return secondsBehindTargetFor(linkName, settings);
}

/**
 * Whether `link` could fail over now without losing more than its target, and why not.
 *
 * Not ready: the link's own condition is unhealthy; a mirror topic failed, is stuck in a
 * transition or stalled; the last dry run found topics that would not fail over. At risk: a topic
 * is behind its time target or over its lag threshold, a sync is failing or switched off, with
 * checks on the link's configs were not read yet (its syncs are unknown), a topic is not ACTIVE,
 * or reads are owed (what is recorded may be stale). Each topic gives one reason, its worst, so
 * that one problem is not counted twice.
 *
 * @param settings - the readiness settings; null: checks off, judge what is recorded
 * @param targetSeconds - the link's time-behind target ({@link readinessTargetFor}); null: none
 */
export function linkReadiness(
  link: ClusterLink,
  settings: ReadinessSettings | null,
  targetSeconds: number | null,
): LinkReadiness {
  const target = targetSeconds !== null && targetSeconds > 0 ? targetSeconds : null;
  const topics = topicReadiness(link, settings, target);
  const syncs = syncReadiness(link);
  const dryRun = dryRunReadiness(link);
  const reasons = inReasonOrder([
    ...(conditionSeverity(link) === null ? [] : [notReady('LINK_UNHEALTHY', linkText(link))]),
    ...topics.reasons,
    ...dryRun.reasons,
    ...syncs.reasons,
    // Unknown is never healthy: with checks on, syncs nobody read yet are not taken for on.
    ...(settings !== null && link.configs === undefined
      ? [atRisk('CONFIGS_UNREAD', 'link configs not read yet: syncs unknown')]
      : []),
    ...(link.unreadParts === undefined ? [] : [atRisk('PARTS_UNREAD', unreadText(link.unreadParts))]),
  ]);
  return {
    linkName: link.linkName,
    verdict: reasons.some((r) => r.verdict === 'not ready')
      ? 'not ready'
      : reasons.length > 0
        ? 'at risk'
        : 'ready',
    reasons,
    worstTopics: topics.worstTopics,
    syncs: syncs.syncs,
    dryRun: dryRun.dryRun,
    checks: settings === null ? 'off' : 'on',
  };
}

function linkText(link: ClusterLink): string {
  const state = link.linkState ?? 'state not reported';
  if (link.linkError === null) return `link ${state}`;
  const message = link.linkErrorMessage === null ? '' : `: ${link.linkErrorMessage}`;
  return `link ${state} (${link.linkError}${message})`;
}

function unreadText(unread: UnreadParts): string {
  const parts = [unread.mirrorTopics ? 'mirror topics' : null, unread.tasks ? 'tasks' : null]
    .filter((p) => p !== null)
    .join(' and ');
  return `${parts === '' ? 'details' : parts} owed a read since ${unread.since}: what is recorded may be stale`;
}
