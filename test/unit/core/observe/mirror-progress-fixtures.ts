/**
 * Reads of mirror topics and what earlier reads recorded, for the tests of the readiness rules
 * (`core/observe/mirror-progress.ts` and the modules it composes).
 */
import type { LinkChangeEvent } from '../../../../core/model/change-events.js';
import type { ClusterLink, StuckTopic, TopicProgress } from '../../../../core/model/link-model.js';
import type { ClusterMirrorLags, MirrorTopicLags } from '../../../../core/observe/mirror-lag.js';
import { applyMirrorProgress, type ProgressResult } from '../../../../core/observe/mirror-progress.js';
import type { ReadinessSettings } from '../../../../core/poll/poll-settings.js';
import { aLink } from '../../../support/link-fixtures.js';

export const MINUTE = 60_000;
export const DAY = 24 * 60 * MINUTE;
/** Reads five minutes apart, as with `everyPolls: 5` at one poll a minute. */
export const STEP = 5 * MINUTE;
export const T0 = Date.parse('2026-01-01T00:00:00Z');
export const SETTINGS: ReadinessSettings = {
  everyPolls: 5,
  stallReads: 3,
  maxSecondsBehind: null,
  links: [],
  stuckAfterMs: 30 * MINUTE,
  configReadsPerPoll: 1,
  dryRunsPerPoll: 0,
};

/** `[partition, lag, fetchOffset]`; a missing offset is sent as null. */
export type Lag = readonly [partition: number, lag: number, fetchOffset?: number | null];

export function mirror(
  topicName: string,
  lags: readonly Lag[],
  more: Partial<MirrorTopicLags> = {},
): MirrorTopicLags {
  return {
    linkName: 'orders-dr',
    topicName,
    status: 'ACTIVE',
    stateTimeMs: T0 - DAY,
    lags: lags.map(([partition, lag, fetchOffset]) => ({ partition, lag, fetchOffset: fetchOffset ?? null })),
    ...more,
  };
}

export function complete(...topics: MirrorTopicLags[]): ClusterMirrorLags {
  return { topics, complete: true };
}

export function partial(...topics: MirrorTopicLags[]): ClusterMirrorLags {
  return { topics, complete: false };
}

/** A tracked topic as a previous read left it; override what a test is about. */
export function tracked(topicName: string, overrides: Partial<TopicProgress> = {}): TopicProgress {
  return {
    topicName,
    readAtMs: T0 - STEP,
    partitions: [{ partition: 0, fetchOffset: 1000, lag: 500 }],
    unmovedReads: 0,
    risingReads: 0,
    secondsBehind: null,
    fetchRate: null,
    stallNotified: false,
    behindNotified: false,
    ...overrides,
  };
}

export function stuckTopic(topicName: string, overrides: Partial<StuckTopic> = {}): StuckTopic {
  return {
    topicName,
    status: 'PENDING_STOPPED',
    sinceMs: T0 - DAY,
    transitionErrors: [],
    ...overrides,
  };
}

/**
 * Applies consecutive reads, STEP apart from T0, to one link, each starting from what the
 * previous one recorded; returns each result.
 */
export function run(
  reads: readonly (ClusterMirrorLags | null)[],
  options: { settings?: ReadinessSettings | null; listed?: ClusterLink; start?: ClusterLink } = {},
): ProgressResult[] {
  const listed = options.listed ?? aLink();
  const settings = options.settings === undefined ? SETTINGS : options.settings;
  let recorded = options.start;
  return reads.map((reading, n) => {
    const byName = new Map(recorded === undefined ? [] : [[recorded.linkName, recorded]]);
    const result = applyMirrorProgress([listed], byName, reading, T0 + n * STEP, settings);
    recorded = result.links[0];
    return result;
  });
}

/** The same read, `count` times. */
export function repeated(count: number, reading: ClusterMirrorLags): ClusterMirrorLags[] {
  return Array.from({ length: count }, () => reading);
}

export function eventsOf(result: ProgressResult | undefined): readonly LinkChangeEvent[] {
  return result?.events.get('orders-dr') ?? [];
}

export function progressOf(
  result: ProgressResult | undefined,
  topicName = 'orders',
): TopicProgress | undefined {
  return result?.links[0]?.topicProgress?.find((t) => t.topicName === topicName);
}

/** `[type, severity, topic]` of each event, in order. */
export function summary(result: ProgressResult | undefined): (string | undefined)[][] {
  return eventsOf(result).map((e) => [e.type, e.severity, e.part?.name]);
}
