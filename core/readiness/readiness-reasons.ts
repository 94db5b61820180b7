/**
 * The words of a readiness verdict: the verdicts, the codes of the reasons behind them, and the
 * order a verdict lists its reasons in. Pure.
 */

export type ReadinessVerdict = 'ready' | 'at risk' | 'not ready';

/** Verdicts from best to worst, for sorting and for machines that compare them. */
export const READINESS_VERDICTS: readonly ReadinessVerdict[] = Object.freeze([
  'ready',
  'at risk',
  'not ready',
]);

/**
 * Every reason's code, in the order reasons of one verdict are listed: the not-ready ones, then
 * those at risk. Machines read the JSON report by them; more may be added, none renamed.
 */
export const READINESS_REASON_CODES = Object.freeze([
  'LINK_UNHEALTHY',
  'TOPIC_FAILED',
  'TOPIC_STUCK',
  'TOPIC_STALLED',
  'DRY_RUN_FAILED',
  'BEHIND_TARGET',
  'LAG_OVER_THRESHOLD',
  'SYNC_FAILING',
  'SYNC_OFF',
  'CONFIGS_UNREAD',
  'TOPIC_NOT_ACTIVE',
  'PARTS_UNREAD',
] as const);

export type ReasonCode = (typeof READINESS_REASON_CODES)[number];

/** Why a link is not ready or at risk. */
export interface ReadinessReason {
  readonly verdict: 'at risk' | 'not ready';
  /** One of {@link READINESS_REASON_CODES}. */
  readonly code: string;
  /** One short sentence naming the topic, sync or figures. */
  readonly text: string;
}

export function notReady(code: ReasonCode, text: string): ReadinessReason {
  return { verdict: 'not ready', code, text };
}

export function atRisk(code: ReasonCode, text: string): ReadinessReason {
  return { verdict: 'at risk', code, text };
}

export function verdictRank(verdict: ReadinessVerdict): number {
  return READINESS_VERDICTS.indexOf(verdict);
}

/**
 * Reasons as a verdict lists them: not-ready ones first, then by code in the order of
 * {@link READINESS_REASON_CODES}, then in the order they were found.
 */
export function inReasonOrder(reasons: readonly ReadinessReason[]): ReadinessReason[] {
  const codeRank = (reason: ReadinessReason): number =>
    (READINESS_REASON_CODES as readonly string[]).indexOf(reason.code);
  // Array sort is stable: reasons of one code keep the order they were found in.
  return [...reasons].sort(
    (a, b) => verdictRank(b.verdict) - verdictRank(a.verdict) || codeRank(a) - codeRank(b),
  );
}
