import { describe, expect, it } from 'vitest';
import { BOUNDS, boundIdentifier } from '../../../../core/model/bounds.js';
import type { LinkChangeEvent } from '../../../../core/model/change-events.js';
import type { ClusterLink, StuckTopic, TopicProgress } from '../../../../core/model/link-model.js';
import { MAX_TRANSITION_ERRORS } from '../../../../core/model/link-parts.js';
import type { ClusterMirrorLags, MirrorTopicLags } from '../../../../core/observe/mirror-lag.js';
import {
  applyMirrorProgress,
  endedProgressEvents,
  MAX_PROGRESS_PARTITIONS,
  MAX_PROGRESS_TOPICS,
  type ProgressResult,
  STUCK_STATUSES,
  sameProgress,
  secondsBehindTargetFor,
  withDescribedTransitions,
} from '../../../../core/observe/mirror-progress.js';
import type { ReadinessSettings } from '../../../../core/poll/poll-settings.js';
import { aLink } from '../../../support/link-fixtures.js';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
/** Reads five minutes apart, as with `everyPolls: 5` at one poll a minute. */
const STEP = 5 * MINUTE;
const T0 = Date.parse('2026-01-01T00:00:00Z');
const SETTINGS: ReadinessSettings = {
  everyPolls: 5,
  stallReads: 3,
  maxSecondsBehind: null,
  links: [],
  stuckAfterMs: 30 * MINUTE,
  configReadsPerPoll: 1,
  dryRunsPerPoll: 0,
};

/** `[partition, lag, fetchOffset]`; a missing offset is sent as null. */
type Lag = readonly [partition: number, lag: number, fetchOffset?: number | null];

function mirror(
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

function complete(...topics: MirrorTopicLags[]): ClusterMirrorLags {
  return { topics, complete: true };
}

function partial(...topics: MirrorTopicLags[]): ClusterMirrorLags {
  return { topics, complete: false };
}

/** A tracked topic as a previous read left it; override what a test is about. */
function tracked(topicName: string, overrides: Partial<TopicProgress> = {}): TopicProgress {
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

function stuckTopic(topicName: string, overrides: Partial<StuckTopic> = {}): StuckTopic {
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
function run(
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
function repeated(count: number, reading: ClusterMirrorLags): ClusterMirrorLags[] {
  return Array.from({ length: count }, () => reading);
}

function eventsOf(result: ProgressResult | undefined): readonly LinkChangeEvent[] {
  return result?.events.get('orders-dr') ?? [];
}

function progressOf(result: ProgressResult | undefined, topicName = 'orders'): TopicProgress | undefined {
  return result?.links[0]?.topicProgress?.find((t) => t.topicName === topicName);
}

/** `[type, severity, topic]` of each event, in order. */
function summary(result: ProgressResult | undefined): (string | undefined)[][] {
  return eventsOf(result).map((e) => [e.type, e.severity, e.part?.name]);
}

describe('Constant: STUCK_STATUSES', () => {
  it('holds the transitions a mirror topic is expected to leave on its own, and no other', () => {
    expect([...STUCK_STATUSES].sort()).toEqual([
      'PENDING_MIRROR',
      'PENDING_RESTORE',
      'PENDING_SETUP_FOR_RESTORE',
      'PENDING_STOPPED',
      'PENDING_SYNCHRONIZE',
    ]);
  });
});

describe('Function: secondsBehindTargetFor', () => {
  const settings: ReadinessSettings = {
    ...SETTINGS,
    maxSecondsBehind: 60,
    links: [
      { link: 'orders-*', maxSecondsBehind: 300 },
      { link: 'orders-dr', maxSecondsBehind: 5 },
      { link: 'audit-?', maxSecondsBehind: 0 },
    ],
  };

  it('takes the first matching rule, else the default; 0 leaves the link without a target', () => {
    expect(secondsBehindTargetFor('orders-dr', settings)).toBe(300);
    expect(secondsBehindTargetFor('audit-1', settings)).toBeNull();
    expect(secondsBehindTargetFor('audit-10', settings)).toBe(60);
    expect(secondsBehindTargetFor('billing', { ...settings, maxSecondsBehind: null })).toBeNull();
  });

  it('has no target when readiness is off', () => {
    expect(secondsBehindTargetFor('orders-dr', null)).toBeNull();
  });
});

describe('Function: applyMirrorProgress', () => {
  describe('what is tracked', () => {
    it('keeps nothing for a caught-up link, so that a steady state writes nothing', () => {
      // Act
      const [result] = run([complete(mirror('orders', [[0, 0, 5000]]), mirror('payments', [[0, 0, 10]]))]);

      // Assess
      expect(result?.links[0]).toEqual(aLink());
      expect(result?.links[0]).not.toHaveProperty('topicProgress');
      expect(result?.links[0]).not.toHaveProperty('stuckTopics');
      expect(result?.events.size).toBe(0);
      expect(result?.toDescribe).toEqual([]);
    });

    it('records a lagging topic’s lagging partitions, worst first, with their fetch offsets', () => {
      // Act
      const [result] = run([
        complete(
          mirror('orders', [
            [0, 5, 100],
            [1, 0, 200],
            [3, 900, 50],
            [2, 900, 300],
          ]),
        ),
      ]);

      // Assess: no figures yet, one read shows no rate
      expect(result?.links[0]?.topicProgress).toEqual([
        {
          topicName: 'orders',
          readAtMs: T0,
          partitions: [
            { partition: 2, fetchOffset: 300, lag: 900 },
            { partition: 3, fetchOffset: 50, lag: 900 },
            { partition: 0, fetchOffset: 100, lag: 5 },
          ],
          unmovedReads: 0,
          risingReads: 0,
          secondsBehind: null,
          fetchRate: null,
          stallNotified: false,
          behindNotified: false,
        },
      ]);
      expect(result?.events.size).toBe(0);
    });

    it('ignores what the listed link carries of readiness: the recorded link is the truth', () => {
      // Prepare
      const listed = aLink({ topicProgress: [tracked('orders')], stuckTopics: [stuckTopic('orders')] });

      // Act
      const [carried, read] = [
        run([null], { listed })[0],
        run([complete(mirror('orders', [[0, 0, 5]]))], { listed })[0],
      ];

      // Assess
      expect(carried?.links[0]).toEqual(aLink());
      expect(read?.links[0]).toEqual(aLink());
      expect(read?.events.size).toBe(0);
    });

    it('stops tracking a topic once it caught up, quietly when nothing was notified', () => {
      // Prepare
      const start = aLink({ topicProgress: [tracked('orders', { unmovedReads: 2 })] });

      // Act
      const [result] = run([complete(mirror('orders', [[0, 0, 1500]]))], { start });

      // Assess
      expect(result?.links[0]).not.toHaveProperty('topicProgress');
      expect(result?.events.size).toBe(0);
    });
  });

  describe('stall: fetch offset stopped', () => {
    it('finds a fetch offset that never moves at read N+1 from the first lagging read, not at read N', () => {
      // Act
      const results = run(repeated(5, complete(mirror('orders', [[0, 500, 1000]]))));

      // Assess
      expect(results.map((r) => eventsOf(r).length)).toEqual([0, 0, 0, 1, 0]);
      expect(results.map((r) => progressOf(r)?.unmovedReads)).toEqual([0, 1, 2, 3, 3]);
      expect(results.map((r) => progressOf(r)?.stallNotified)).toEqual([false, false, false, true, true]);
      expect(eventsOf(results[3])).toEqual([
        {
          type: 'MIRROR_TOPIC_STALLED',
          severity: 'critical',
          linkName: 'orders-dr',
          from: null,
          to: '500',
          topicsAdded: [],
          topicsRemoved: [],
          alertWorthy: true,
          part: {
            kind: 'mirror-topic',
            name: 'orders',
            state: 'ACTIVE',
            errorCode: null,
            errorMessage: null,
            stateSince: new Date(T0 - DAY).toISOString(),
            progress: {
              messagesBehind: 500,
              secondsBehind: null,
              fetchRate: null,
              basisSeconds: null,
              targetSeconds: null,
              stall: { rule: 'fetch-stopped', reads: 3 },
              worstPartitions: [{ partition: 0, messagesBehind: 500, fetchOffset: 1000 }],
            },
          },
        },
      ]);
    });

    it('keeps the record of a lasting stall as it was, so that it writes nothing', () => {
      // Act
      const results = run(repeated(6, complete(mirror('orders', [[0, 500, 1000]]))));

      // Assess
      const [fourth, fifth, sixth] = results.slice(3).map((r) => r.links[0]);
      expect(fifth?.topicProgress?.[0]).toBe(fourth?.topicProgress?.[0]);
      expect(sixth?.topicProgress?.[0]?.readAtMs).toBe(T0 + 3 * STEP);
      expect(sameProgress(fourth as ClusterLink, sixth as ClusterLink)).toBe(true);
    });

    it('starts counting over when the offset moves before the stall is found', () => {
      // Prepare
      const at = (offset: number) => complete(mirror('orders', [[0, 500, offset]]));

      // Act
      const results = run([at(10), at(10), at(10), at(20), at(20), at(20), at(20)]);

      // Assess
      expect(results.map((r) => progressOf(r)?.unmovedReads)).toEqual([0, 1, 2, 0, 1, 2, 3]);
      expect(results.map((r) => eventsOf(r).length)).toEqual([0, 0, 0, 0, 0, 0, 1]);
    });

    it('counts one lagging partition that stopped while the others move', () => {
      // Prepare
      const at = (moving: number) =>
        complete(
          mirror('orders', [
            [0, 500, 1000],
            [1, 800, moving],
          ]),
        );

      // Act
      const results = run([at(0), at(100), at(200), at(300)]);

      // Assess
      expect(results.map((r) => progressOf(r)?.unmovedReads)).toEqual([0, 1, 2, 3]);
      expect(eventsOf(results[3])[0]?.part?.progress?.stall).toEqual({ rule: 'fetch-stopped', reads: 3 });
      // The estimate is the moving partition's alone: 800 to go at 100 in 300 s
      expect(progressOf(results[3])).toMatchObject({ secondsBehind: 2400, fetchRate: 0.333 });
    });

    it('compares only partitions that were lagging at the previous read too', () => {
      // Prepare: partition 1 first lags at the second read, partition 0 has caught up by then
      const first = complete(
        mirror('orders', [
          [0, 500, 1000],
          [1, 0, 7],
        ]),
      );
      const second = complete(
        mirror('orders', [
          [0, 0, 1000],
          [1, 300, 7],
        ]),
      );

      // Act
      const results = run([first, second]);

      // Assess
      expect(progressOf(results[1])?.unmovedReads).toBe(0);
      expect(progressOf(results[1])?.partitions).toEqual([{ partition: 1, fetchOffset: 7, lag: 300 }]);
    });

    it('finds the stall at the second read with a rule of one read, and takes a rule of 0 as 1', () => {
      // Prepare
      const reads = repeated(3, complete(mirror('orders', [[0, 500, 1000]])));

      // Act
      const one = run(reads, { settings: { ...SETTINGS, stallReads: 1 } });
      const zero = run(reads, { settings: { ...SETTINGS, stallReads: 0 } });

      // Assess
      for (const results of [one, zero]) {
        expect(results.map((r) => eventsOf(r).length)).toEqual([0, 1, 0]);
        expect(results.map((r) => progressOf(r)?.unmovedReads)).toEqual([0, 1, 1]);
      }
    });

    it('names the stopped fetch when the lag also rises, as it does when the source keeps writing', () => {
      // Prepare
      const lagging = (lag: number) => complete(mirror('orders', [[0, lag, 1000]]));

      // Act
      const results = run([lagging(100), lagging(200), lagging(300), lagging(400)]);

      // Assess
      expect(progressOf(results[3])).toMatchObject({ unmovedReads: 3, risingReads: 3 });
      expect(eventsOf(results[3])[0]?.part?.progress?.stall).toEqual({ rule: 'fetch-stopped', reads: 3 });
    });
  });

  describe('stall: lag rising', () => {
    const rising = (lag: number, offset: number) => complete(mirror('orders', [[0, lag, offset]]));

    it('finds a lag that rose N reads in a row while the fetch offset moves', () => {
      // Act
      const results = run([
        rising(100, 0),
        rising(200, 10),
        rising(300, 20),
        rising(400, 30),
        rising(500, 40),
      ]);

      // Assess
      expect(results.map((r) => progressOf(r)?.risingReads)).toEqual([0, 1, 2, 3, 3]);
      expect(results.map((r) => progressOf(r)?.unmovedReads)).toEqual([0, 0, 0, 0, 0]);
      expect(results.map((r) => eventsOf(r).length)).toEqual([0, 0, 0, 1, 0]);
      expect(eventsOf(results[3])[0]).toMatchObject({
        type: 'MIRROR_TOPIC_STALLED',
        severity: 'critical',
        to: '400',
        part: { progress: { messagesBehind: 400, stall: { rule: 'lag-rising', reads: 3 } } },
      });
    });

    it('starts counting over when the lag stays level or falls', () => {
      // Act
      const results = run([
        rising(100, 0),
        rising(200, 10),
        rising(300, 20),
        rising(300, 30),
        rising(400, 40),
        rising(350, 50),
      ]);

      // Assess
      expect(results.map((r) => progressOf(r)?.risingReads)).toEqual([0, 1, 2, 0, 1, 0]);
      expect(results.every((r) => r.events.size === 0)).toBe(true);
    });
  });

  describe('stall: its end', () => {
    const stalled = aLink({ topicProgress: [tracked('orders', { unmovedReads: 3, stallNotified: true })] });

    it('ends when the offsets move and the lag did not rise', () => {
      // Act
      const [result] = run([complete(mirror('orders', [[0, 400, 4000]]))], { start: stalled });

      // Assess
      expect(progressOf(result)).toMatchObject({ unmovedReads: 0, risingReads: 0, stallNotified: false });
      expect(eventsOf(result)).toMatchObject([
        {
          type: 'MIRROR_TOPIC_STALLED',
          severity: 'resolved',
          to: '400',
          part: { name: 'orders', state: 'ACTIVE', progress: { messagesBehind: 400, secondsBehind: 40 } },
        },
      ]);
      expect(eventsOf(result)[0]?.part?.progress).not.toHaveProperty('stall');
    });

    it('holds while the lag still rises, though the offsets moved', () => {
      // Prepare
      const start = aLink({
        topicProgress: [tracked('orders', { risingReads: 3, stallNotified: true })],
      });

      // Act
      const [result] = run([complete(mirror('orders', [[0, 600, 1100]]))], { start });

      // Assess
      expect(progressOf(result)).toMatchObject({ risingReads: 3, stallNotified: true });
      expect(result?.events.size).toBe(0);
    });

    it('ends when the topic caught up, with the figures of the read that found it', () => {
      // Act
      const [result] = run([complete(mirror('orders', [[0, 0, 1500]]))], { start: stalled });

      // Assess
      expect(result?.links[0]).not.toHaveProperty('topicProgress');
      expect(eventsOf(result)).toMatchObject([
        {
          type: 'MIRROR_TOPIC_STALLED',
          severity: 'resolved',
          to: '0',
          part: { progress: { messagesBehind: 0 } },
        },
      ]);
    });

    it('ends, with no figures, for a topic a complete reading does not show', () => {
      // Act
      const [result] = run([complete()], { start: stalled });

      // Assess
      expect(result?.links[0]).not.toHaveProperty('topicProgress');
      expect(eventsOf(result)).toHaveLength(1);
      expect(eventsOf(result)[0]).toMatchObject({ severity: 'resolved', to: null, part: { state: null } });
      expect(eventsOf(result)[0]?.part).not.toHaveProperty('progress');
    });
  });

  describe('time behind', () => {
    it('estimates time behind as lag over the rate its fetch offset moved: 12000 in 300 s, 1200 behind is 30 s', () => {
      // Act
      const results = run([
        complete(mirror('orders', [[0, 5000, 36_000]])),
        complete(mirror('orders', [[0, 1200, 48_000]])),
      ]);

      // Assess
      expect(progressOf(results[0])).toMatchObject({ secondsBehind: null, fetchRate: null });
      expect(progressOf(results[1])).toMatchObject({ secondsBehind: 30, fetchRate: 40 });
    });

    it('is as far behind as its slowest moving partition, at the sum of their rates', () => {
      // Act
      const results = run([
        complete(
          mirror('orders', [
            [0, 5000, 36_000],
            [1, 100, 5000],
          ]),
        ),
        complete(
          mirror('orders', [
            [0, 1200, 48_000],
            [1, 1500, 8000],
          ]),
        ),
      ]);

      // Assess: partition 1 fetches 10 a second with 1500 to go
      expect(progressOf(results[1])).toMatchObject({ secondsBehind: 150, fetchRate: 50 });
    });

    it('rounds time behind up to the whole second, ignoring less than a millisecond, and a rate to three significant digits', () => {
      // Prepare
      const at = (readAtMs: number, lag: number, moved: number) =>
        applyMirrorProgress(
          [aLink()],
          new Map([['orders-dr', aLink({ topicProgress: [tracked('orders', { readAtMs: T0 })] })]]),
          complete(mirror('orders', [[0, lag, 1000 + moved]])),
          readAtMs,
          SETTINGS,
        );

      // Act
      const over = at(T0 + 300_000, 1201, 12_000);
      const noise = at(T0 + 300_001, 1200, 12_000);
      const slow = at(T0 + 300_000, 10, 1000);
      const crawling = at(T0 + 300_000, 10, 1);
      const fast = at(T0 + 300_000, 10, 3_703_703);

      // Assess
      expect(progressOf(over)?.secondsBehind).toBe(31);
      expect(progressOf(noise)?.secondsBehind).toBe(30);
      expect(progressOf(slow)).toMatchObject({ fetchRate: 3.33, secondsBehind: 3 });
      expect(progressOf(crawling)).toMatchObject({ fetchRate: 0.00333, secondsBehind: 3000 });
      expect(progressOf(fast)).toMatchObject({ fetchRate: 12_300, secondsBehind: 1 });
    });

    it('knows no estimate when nothing moved, nor from a read made at the same time as the last', () => {
      // Act
      const unmoved = run(repeated(2, complete(mirror('orders', [[0, 500, 1000]]))))[1];
      const sameTime = applyMirrorProgress(
        [aLink()],
        new Map([['orders-dr', aLink({ topicProgress: [tracked('orders', { readAtMs: T0 })] })]]),
        complete(mirror('orders', [[0, 400, 2000]])),
        T0,
        SETTINGS,
      );

      // Assess
      expect(progressOf(unmoved)).toMatchObject({ secondsBehind: null, fetchRate: null });
      expect(progressOf(sameTime)).toMatchObject({ secondsBehind: null, fetchRate: null, unmovedReads: 0 });
    });

    it('starts a partition whose offset went back (the topic was recreated) over, comparing it with nothing', () => {
      // Act
      const results = run([
        complete(mirror('orders', [[0, 500, 50_000]])),
        complete(mirror('orders', [[0, 500, 100]])),
        complete(mirror('orders', [[0, 600, 400]])),
      ]);

      // Assess: then 300 fetched in 300 s with 600 to go
      expect(progressOf(results[1])).toMatchObject({
        secondsBehind: null,
        fetchRate: null,
        unmovedReads: 0,
        partitions: [{ partition: 0, fetchOffset: 100, lag: 500 }],
      });
      expect(progressOf(results[2])).toMatchObject({ secondsBehind: 600, fetchRate: 1 });
    });

    it('compares nothing for a partition whose fetch offset is no longer sent', () => {
      // Act
      const results = run([
        complete(
          mirror('orders', [
            [0, 500, 0],
            [1, 10, 5],
          ]),
        ),
        complete(
          mirror('orders', [
            [0, 500, null],
            [1, 10, 6],
          ]),
        ),
      ]);

      // Assess: partition 1 alone speaks, and it moved
      expect(progressOf(results[1])).toMatchObject({
        unmovedReads: 0,
        secondsBehind: 3000,
        fetchRate: 0.00333,
      });
    });

    it('counts a partition without a usable fetch offset for lag only, never for rate or stall', () => {
      // Prepare
      const settings = { ...SETTINGS, maxSecondsBehind: 5 };
      const at = (offset: number) =>
        complete(
          mirror('orders', [
            [0, 9000, null],
            [1, 10, offset],
          ]),
        );

      // Act
      const results = run([at(0), at(300)], { settings });

      // Assess
      expect(progressOf(results[1])).toMatchObject({
        partitions: [{ partition: 1, fetchOffset: 300, lag: 10 }],
        secondsBehind: 10,
        unmovedReads: 0,
      });
      expect(eventsOf(results[1])[0]?.part?.progress).toMatchObject({
        messagesBehind: 9000,
        worstPartitions: [{ partition: 1, messagesBehind: 10, fetchOffset: 300 }],
      });
    });
  });

  describe('behind target', () => {
    const settings: ReadinessSettings = { ...SETTINGS, maxSecondsBehind: 20 };
    const first = complete(mirror('orders', [[0, 5000, 36_000]]));
    const thirtyBehind = complete(mirror('orders', [[0, 1200, 48_000]]));

    it('warns once when the estimate exceeds the link’s target', () => {
      // Act
      const results = run([first, thirtyBehind, complete(mirror('orders', [[0, 1200, 60_000]]))], {
        settings,
      });

      // Assess
      expect(results.map((r) => eventsOf(r).length)).toEqual([0, 1, 0]);
      expect(results.map((r) => progressOf(r)?.behindNotified)).toEqual([false, true, true]);
      expect(eventsOf(results[1])).toEqual([
        {
          type: 'MIRROR_BEHIND_TARGET',
          severity: 'warning',
          linkName: 'orders-dr',
          from: null,
          to: '30',
          topicsAdded: [],
          topicsRemoved: [],
          alertWorthy: true,
          part: {
            kind: 'mirror-topic',
            name: 'orders',
            state: 'ACTIVE',
            errorCode: null,
            errorMessage: null,
            stateSince: new Date(T0 - DAY).toISOString(),
            progress: {
              messagesBehind: 1200,
              secondsBehind: 30,
              fetchRate: 40,
              basisSeconds: 300,
              targetSeconds: 20,
              worstPartitions: [{ partition: 0, messagesBehind: 1200, fetchOffset: 48_000 }],
            },
          },
        },
      ]);
    });

    it('takes an estimate at the target exactly as within it', () => {
      // Act
      const results = run([first, thirtyBehind], { settings: { ...settings, maxSecondsBehind: 30 } });

      // Assess
      expect(results[1]?.events.size).toBe(0);
      expect(progressOf(results[1])?.behindNotified).toBe(false);
    });

    it('checks nothing for a link whose rule sets no target', () => {
      // Act
      const results = run([first, thirtyBehind], {
        settings: { ...settings, links: [{ link: 'orders-*', maxSecondsBehind: 0 }] },
      });

      // Assess
      expect(results[1]?.events.size).toBe(0);
    });

    it('ends when the estimate is back within the target', () => {
      // Act
      const results = run([first, thirtyBehind, complete(mirror('orders', [[0, 600, 60_000]]))], {
        settings,
      });

      // Assess
      expect(progressOf(results[2])?.behindNotified).toBe(false);
      expect(eventsOf(results[2])).toMatchObject([
        {
          type: 'MIRROR_BEHIND_TARGET',
          severity: 'resolved',
          to: '15',
          part: { progress: { secondsBehind: 15, targetSeconds: 20 } },
        },
      ]);
    });

    it('ends when the estimate is back at the target exactly', () => {
      // Act
      const results = run([first, thirtyBehind, complete(mirror('orders', [[0, 800, 60_000]]))], {
        settings,
      });

      // Assess
      expect(progressOf(results[2])).toMatchObject({ secondsBehind: 20, behindNotified: false });
      expect(summary(results[2])).toEqual([['MIRROR_BEHIND_TARGET', 'resolved', 'orders']]);
    });

    it('holds while the estimate is unknown: nothing moved is no sign of recovery', () => {
      // Act
      const results = run([first, thirtyBehind, thirtyBehind], { settings });

      // Assess
      expect(progressOf(results[2])).toMatchObject({ secondsBehind: null, behindNotified: true });
      expect(results[2]?.events.size).toBe(0);
    });

    it('ends when the link’s target is removed', () => {
      // Prepare
      const start = aLink({ topicProgress: [tracked('orders', { behindNotified: true })] });

      // Act
      const [result] = run([complete(mirror('orders', [[0, 1200, 13_000]]))], { start });

      // Assess
      expect(progressOf(result)?.behindNotified).toBe(false);
      expect(summary(result)).toEqual([['MIRROR_BEHIND_TARGET', 'resolved', 'orders']]);
      expect(eventsOf(result)[0]?.part?.progress?.targetSeconds).toBeNull();
    });

    it('ends, with its stall, when the topic caught up', () => {
      // Prepare
      const start = aLink({
        topicProgress: [tracked('orders', { behindNotified: true, stallNotified: true, unmovedReads: 3 })],
      });

      // Act
      const [result] = run([complete(mirror('orders', [[0, 0, 1500]]))], { start, settings });

      // Assess
      expect(result?.links[0]).not.toHaveProperty('topicProgress');
      expect(summary(result)).toEqual([
        ['MIRROR_BEHIND_TARGET', 'resolved', 'orders'],
        ['MIRROR_TOPIC_STALLED', 'resolved', 'orders'],
      ]);
    });
  });

  describe('stuck transitions', () => {
    const pending = (stateTimeMs: number | null, status = 'PENDING_STOPPED', lag = 0) =>
      complete(mirror('orders', [[0, lag, 100]], { status, stateTimeMs }));

    it('records a topic pending past the limit as stuck, once, and asks for its transition errors', () => {
      // Act
      const results = run([pending(T0 - 30 * MINUTE - 1), pending(T0 - 30 * MINUTE - 1)]);

      // Assess
      expect(results[0]?.links[0]?.stuckTopics).toEqual([
        {
          topicName: 'orders',
          status: 'PENDING_STOPPED',
          sinceMs: T0 - 30 * MINUTE - 1,
          transitionErrors: [],
        },
      ]);
      expect(results[0]?.toDescribe).toEqual([{ linkName: 'orders-dr', topicName: 'orders' }]);
      expect(eventsOf(results[0])).toEqual([
        {
          type: 'MIRROR_TRANSITION_STUCK',
          severity: 'critical',
          linkName: 'orders-dr',
          from: null,
          to: 'PENDING_STOPPED',
          topicsAdded: [],
          topicsRemoved: [],
          alertWorthy: true,
          part: {
            kind: 'mirror-topic',
            name: 'orders',
            state: 'PENDING_STOPPED',
            errorCode: null,
            errorMessage: null,
            stateSince: new Date(T0 - 30 * MINUTE - 1).toISOString(),
          },
        },
      ]);
      expect(results[1]?.events.size).toBe(0);
      expect(results[1]?.toDescribe).toEqual([]);
    });

    it('is not stuck at the limit exactly, nor in a state that is no transition, nor without a state time', () => {
      // Act
      const results = [
        run([pending(T0 - 30 * MINUTE)])[0],
        run([pending(T0 - DAY, 'STOPPED')])[0],
        run([pending(T0 - DAY, 'PAUSED')])[0],
        run([pending(null)])[0],
      ];

      // Assess
      for (const result of results) {
        expect(result?.links[0]).not.toHaveProperty('stuckTopics');
        expect(result?.events.size).toBe(0);
        expect(result?.toDescribe).toEqual([]);
      }
    });

    it('is found in every pending status', () => {
      // Act
      const found = [...STUCK_STATUSES].map(
        (status) => run([pending(T0 - DAY, status)])[0]?.toDescribe.length,
      );

      // Assess
      expect(found).toEqual([1, 1, 1, 1, 1]);
    });

    it('tracks a stuck topic whether or not it lags', () => {
      // Act
      const [quiet] = run([pending(T0 - DAY, 'PENDING_MIRROR', 0)]);
      const [lagging] = run([pending(T0 - DAY, 'PENDING_MIRROR', 50)]);

      // Assess
      expect(quiet?.links[0]).not.toHaveProperty('topicProgress');
      expect(quiet?.links[0]?.stuckTopics).toHaveLength(1);
      expect(lagging?.links[0]?.topicProgress).toHaveLength(1);
      expect(lagging?.links[0]?.stuckTopics).toHaveLength(1);
    });

    it('keeps the recorded stuck topic, its transition errors included, while it stays in that status', () => {
      // Prepare
      const errors = [{ errorCode: 'TOPIC_AUTHORIZATION_FAILED', errorMessage: 'denied' }];
      const start = aLink({ stuckTopics: [stuckTopic('orders', { transitionErrors: errors })] });

      // Act: a state time that moved but is still past the limit is the same transition
      const [result] = run([pending(T0 - 2 * DAY)], { start });

      // Assess
      expect(result?.links[0]?.stuckTopics?.[0]).toBe(start.stuckTopics?.[0]);
      expect(result?.events.size).toBe(0);
      expect(result?.toDescribe).toEqual([]);
    });

    it('keeps the recorded stuck topic when its state time is not sent', () => {
      // Prepare
      const start = aLink({ stuckTopics: [stuckTopic('orders')] });

      // Act
      const [result] = run([pending(null)], { start });

      // Assess
      expect(result?.links[0]?.stuckTopics).toEqual(start.stuckTopics);
      expect(result?.events.size).toBe(0);
    });

    it('ends when the topic leaves that status', () => {
      // Prepare
      const start = aLink({ stuckTopics: [stuckTopic('orders')] });

      // Act
      const [result] = run([pending(T0 - MINUTE, 'STOPPED')], { start });

      // Assess
      expect(result?.links[0]).not.toHaveProperty('stuckTopics');
      expect(eventsOf(result)).toMatchObject([
        {
          type: 'MIRROR_TRANSITION_STUCK',
          severity: 'resolved',
          to: 'STOPPED',
          part: { name: 'orders', state: 'STOPPED', stateSince: new Date(T0 - MINUTE).toISOString() },
        },
      ]);
      expect(result?.toDescribe).toEqual([]);
    });

    it('ends when the topic entered the same status again since, and is not yet past the limit', () => {
      // Prepare
      const start = aLink({ stuckTopics: [stuckTopic('orders')] });

      // Act
      const [result] = run([pending(T0 - MINUTE)], { start });

      // Assess
      expect(result?.links[0]).not.toHaveProperty('stuckTopics');
      expect(summary(result)).toEqual([['MIRROR_TRANSITION_STUCK', 'resolved', 'orders']]);
    });

    it('ends one transition before it raises the next, when the topic is stuck in another status', () => {
      // Prepare
      const start = aLink({ stuckTopics: [stuckTopic('orders', { status: 'PENDING_MIRROR' })] });

      // Act
      const [result] = run([pending(T0 - DAY, 'PENDING_STOPPED')], { start });

      // Assess
      expect(summary(result)).toEqual([
        ['MIRROR_TRANSITION_STUCK', 'resolved', 'orders'],
        ['MIRROR_TRANSITION_STUCK', 'critical', 'orders'],
      ]);
      expect(result?.links[0]?.stuckTopics).toMatchObject([{ status: 'PENDING_STOPPED' }]);
      expect(result?.toDescribe).toEqual([{ linkName: 'orders-dr', topicName: 'orders' }]);
    });

    it('ends for a topic gone from a complete reading or from the link, not for one a partial reading left out', () => {
      // Prepare
      const start = aLink({ stuckTopics: [stuckTopic('orders')] });

      // Act
      const [gone] = run([complete()], { start });
      const [unlisted] = run([partial()], { start, listed: aLink({ topicNames: ['payments'] }) });
      const [unknown] = run([partial()], { start });

      // Assess
      for (const ended of [gone, unlisted]) {
        expect(ended?.links[0]).not.toHaveProperty('stuckTopics');
        expect(eventsOf(ended)).toMatchObject([
          {
            type: 'MIRROR_TRANSITION_STUCK',
            severity: 'resolved',
            to: null,
            part: { state: null, stateSince: null },
          },
        ]);
      }
      expect(unknown?.links[0]?.stuckTopics).toEqual(start.stuckTopics);
      expect(unknown?.events.size).toBe(0);
    });
  });

  describe('what a read does not show', () => {
    const start = aLink({ topicProgress: [tracked('orders', { unmovedReads: 3, stallNotified: true })] });

    it('keeps a tracked topic a partial reading does not show: unknown is never healthy', () => {
      // Act
      const [result] = run([partial(mirror('payments', [[0, 0, 1]]))], { start });

      // Assess
      expect(result?.links[0]?.topicProgress).toEqual(start.topicProgress);
      expect(result?.events.size).toBe(0);
    });

    it('ends a tracked topic the link no longer mirrors, even in a partial reading', () => {
      // Act
      const [result] = run([partial()], { start, listed: aLink({ topicNames: ['payments'] }) });

      // Assess
      expect(result?.links[0]).not.toHaveProperty('topicProgress');
      expect(summary(result)).toEqual([['MIRROR_TOPIC_STALLED', 'resolved', 'orders']]);
    });

    it('keeps a tracked topic whose lags or fetch offsets are all unusable, and starts tracking none such', () => {
      // Act
      const [noLag] = run([complete(mirror('orders', [[0, -1, 5]]))], { start });
      const [noOffset] = run([complete(mirror('orders', [[0, 700, null]]))], { start });
      const [fresh] = run([complete(mirror('orders', [[0, 700, null]]))]);

      // Assess
      expect(noLag?.links[0]?.topicProgress).toEqual(start.topicProgress);
      expect(noOffset?.links[0]?.topicProgress).toEqual(start.topicProgress);
      expect(noLag?.events.size).toBe(0);
      expect(noOffset?.events.size).toBe(0);
      expect(fresh?.links[0]).not.toHaveProperty('topicProgress');
    });

    it('carries the recorded fields over, raising and resolving nothing, when no read was made', () => {
      // Prepare
      const recorded = aLink({
        topicProgress: [tracked('orders', { behindNotified: true })],
        stuckTopics: [stuckTopic('payments')],
      });

      // Act: the target is gone, but without a read nothing is said
      const [result] = run([null], { start: recorded });

      // Assess
      expect(result?.links[0]?.topicProgress).toEqual(recorded.topicProgress);
      expect(result?.links[0]?.stuckTopics).toEqual(recorded.stuckTopics);
      expect(result?.events.size).toBe(0);
      expect(result?.toDescribe).toEqual([]);
    });
  });

  describe('inhibition', () => {
    it('keeps what was recorded and raises and resolves nothing while the link itself is unhealthy', () => {
      // Prepare
      const recorded = aLink({
        topicProgress: [tracked('orders', { unmovedReads: 3, stallNotified: true })],
        stuckTopics: [stuckTopic('payments')],
      });
      const reading = complete(
        mirror('orders', [[0, 0, 2000]]),
        mirror('payments', [[0, 0, 1]]),
        mirror('refunds', [[0, 80, 1]], { status: 'PENDING_MIRROR' }),
      );

      // Act
      const outcomes = [
        run([reading], { start: recorded, listed: aLink({ linkState: 'FAILED' }) })[0],
        run([reading], { start: recorded, listed: aLink({ linkError: 'AUTHENTICATION_ERROR' }) })[0],
      ];

      // Assess
      for (const result of outcomes) {
        expect(result?.links[0]?.topicProgress).toEqual(recorded.topicProgress);
        expect(result?.links[0]?.stuckTopics).toEqual(recorded.stuckTopics);
        expect(result?.events.size).toBe(0);
        expect(result?.toDescribe).toEqual([]);
      }
    });
  });

  describe('readiness turned off', () => {
    it('drops the fields and ends every stall, breach and stuck transition that was notified', () => {
      // Prepare
      const recorded = aLink({
        topicProgress: [
          tracked('orders', { stallNotified: true, behindNotified: true }),
          tracked('payments'),
        ],
        stuckTopics: [stuckTopic('payments')],
      });

      // Act
      const [result] = run([complete(mirror('orders', [[0, 500, 1000]]))], {
        start: recorded,
        listed: aLink({ topicProgress: recorded.topicProgress }),
        settings: null,
      });

      // Assess
      expect(result?.links[0]).toEqual(aLink());
      expect(summary(result)).toEqual([
        ['MIRROR_BEHIND_TARGET', 'resolved', 'orders'],
        ['MIRROR_TOPIC_STALLED', 'resolved', 'orders'],
        ['MIRROR_TRANSITION_STUCK', 'resolved', 'payments'],
      ]);
      expect(result?.toDescribe).toEqual([]);
    });

    it('says nothing for a link that had nothing recorded', () => {
      // Act
      const [result] = run([null], { settings: null });

      // Assess
      expect(result?.events.size).toBe(0);
    });
  });

  describe('hostile numbers and names', () => {
    it('keeps only whole, non-negative, safe partitions, lags and offsets', () => {
      // Prepare
      const reading = complete(
        mirror('orders', [
          [0, -1, 10],
          [1, Number.POSITIVE_INFINITY, 10],
          [-3, 10_000, 10],
          [2 ** 31, 10_000, 10],
          [1.5, 10_000, 10],
          [2, 1e300, 10],
          [3, 12.7, 10],
          [4, Number.NaN, 10],
          [5, 40, -7],
          [6, 30, 2.5],
          [7, 20, 2 ** 60],
          [8, 5, 100],
          [2 ** 31 - 1, 1, 3],
        ]),
      );

      // Act
      const [result] = run([reading], { settings: { ...SETTINGS, stallReads: 1 } });
      const [next] = run([reading], { start: result?.links[0], settings: { ...SETTINGS, stallReads: 1 } });

      // Assess: partitions 5 to 7 count for lag, without an offset
      expect(progressOf(result)?.partitions).toEqual([
        { partition: 8, fetchOffset: 100, lag: 5 },
        { partition: 2 ** 31 - 1, fetchOffset: 3, lag: 1 },
      ]);
      expect(eventsOf(next)[0]?.part?.progress?.messagesBehind).toBe(40);
    });

    it('does not take a state time that is negative or not whole for the start of a transition', () => {
      // Act
      const results = [-5, 1.5, Number.NaN].map(
        (stateTimeMs) =>
          run([complete(mirror('orders', [[0, 0, 1]], { status: 'PENDING_STOPPED', stateTimeMs }))])[0],
      );

      // Assess
      for (const result of results) expect(result?.links[0]).not.toHaveProperty('stuckTopics');
    });

    it('takes a topic listed twice, and a partition listed twice, at its worst', () => {
      // Act
      const [topics] = run([
        complete(
          mirror('orders', [[0, 100, 5]]),
          mirror('orders', [[0, 900, 7]]),
          mirror('orders', [[0, 300, 9]]),
          mirror('orders', [[0, -1, 11]]),
        ),
      ]);
      const [partitions] = run([
        complete(
          mirror('orders', [
            [0, 100, 5],
            [0, 900, 7],
            [0, 300, 9],
          ]),
        ),
      ]);

      // Assess
      expect(progressOf(topics)?.partitions).toEqual([{ partition: 0, fetchOffset: 7, lag: 900 }]);
      expect(progressOf(partitions)?.partitions).toEqual([{ partition: 0, fetchOffset: 7, lag: 900 }]);
    });

    it('keeps the first listed of equally lagging duplicates', () => {
      // Act
      const [topics] = run([complete(mirror('orders', [[0, 900, 7]]), mirror('orders', [[0, 900, 9]]))]);
      const [partitions] = run([
        complete(
          mirror('orders', [
            [0, 900, 7],
            [0, 900, 9],
          ]),
        ),
      ]);

      // Assess
      expect(progressOf(topics)?.partitions).toEqual([{ partition: 0, fetchOffset: 7, lag: 900 }]);
      expect(progressOf(partitions)?.partitions).toEqual([{ partition: 0, fetchOffset: 7, lag: 900 }]);
    });

    it('takes a topic listed once without a usable lag and once caught up as caught up, in either order', () => {
      // Prepare
      const start = aLink({ topicProgress: [tracked('orders', { unmovedReads: 3, stallNotified: true })] });
      const unknown = mirror('orders', [[0, -1, 5]]);
      const caughtUp = mirror('orders', [[0, 0, 5]]);

      // Act
      const outcomes = [
        run([complete(unknown, caughtUp)], { start })[0],
        run([complete(caughtUp, unknown)], { start })[0],
      ];

      // Assess
      for (const result of outcomes) {
        expect(result?.links[0]).not.toHaveProperty('topicProgress');
        expect(summary(result)).toEqual([['MIRROR_TOPIC_STALLED', 'resolved', 'orders']]);
      }
    });

    it('bounds link, topic and status names as the listing does, and places no topic without a link', () => {
      // Prepare
      const linkName = `l-${'ü'.repeat(3_000)}`;
      const topicName = `t-${'ü'.repeat(400)}`;
      const status = `PENDING_${'X'.repeat(500)}`;
      const listed = aLink({ linkName: boundIdentifier(linkName) });
      const reading = complete(
        mirror(topicName, [[0, 50, 1]], { linkName, status }),
        mirror('orphan', [[0, 50, 1]], { linkName: null }),
      );

      // Act
      const [first, second] = run([reading, reading], { listed, settings: { ...SETTINGS, stallReads: 1 } });

      // Assess
      expect(first?.links[0]?.topicProgress?.map((t) => t.topicName)).toEqual([
        boundIdentifier(topicName, BOUNDS.topicNameChars),
      ]);
      const [event] = second?.events.get(boundIdentifier(linkName)) ?? [];
      expect(event?.part?.state).toBe(boundIdentifier(status));
    });
  });

  describe('bounds', () => {
    it('tracks a bounded number of topics per link, those notified first, then the worst', () => {
      // Prepare
      const names = Array.from({ length: 30 }, (_, n) => `t-${String(n).padStart(2, '0')}`);
      const start = aLink({
        topicNames: names,
        topicProgress: [
          tracked('t-00', {
            partitions: [{ partition: 0, fetchOffset: 5, lag: 100 }],
            unmovedReads: 3,
            stallNotified: true,
          }),
        ],
      });
      const reading = complete(...names.map((name, n) => mirror(name, [[0, 100 + n, 5]])));

      // Act
      const [result] = run([reading], { start, listed: aLink({ topicNames: names }) });

      // Assess
      const kept = result?.links[0]?.topicProgress?.map((t) => t.topicName);
      expect(kept).toHaveLength(MAX_PROGRESS_TOPICS);
      expect(kept).toEqual(['t-00', ...names.slice(11)]);
      expect(progressOf(result, 't-00')?.stallNotified).toBe(true);
      expect(result?.events.size).toBe(0);
    });

    it('keeps every topic with an open alert before the worst others, whether the read showed it or not', () => {
      // Prepare: t-00 stalled, t-01 and the unseen `quiet-a` behind target, t-02 and `quiet-b` only tracked
      const names = Array.from({ length: 30 }, (_, n) => `t-${String(n).padStart(2, '0')}`);
      const at = (lag: number) => [{ partition: 0, fetchOffset: 5, lag }];
      const start = aLink({
        topicProgress: [
          tracked('quiet-a', { partitions: at(1), behindNotified: true }),
          tracked('quiet-b', { partitions: at(50) }),
          tracked('t-00', { partitions: at(100), unmovedReads: 3, stallNotified: true }),
          tracked('t-01', { partitions: at(101), behindNotified: true }),
          tracked('t-02', { partitions: at(102) }),
        ],
      });
      const listed = aLink({ topicNames: ['quiet-a', 'quiet-b', ...names] });
      const reading = partial(...names.map((name, n) => mirror(name, [[0, 100 + n, 5]])));

      // Act
      const [result] = run([reading], { start, listed, settings: { ...SETTINGS, maxSecondsBehind: 20 } });

      // Assess
      expect(result?.links[0]?.topicProgress?.map((t) => t.topicName)).toEqual([
        'quiet-a',
        't-00',
        't-01',
        ...names.slice(13),
      ]);
      expect(result?.events.size).toBe(0);
    });

    it('ranks a tracked topic the read did not show by its recorded lag', () => {
      // Prepare
      const names = Array.from({ length: 25 }, (_, n) => `t-${String(n).padStart(2, '0')}`);
      const start = aLink({
        topicNames: ['unseen', ...names],
        topicProgress: [tracked('unseen', { partitions: [{ partition: 0, fetchOffset: 5, lag: 10_000 }] })],
      });
      const reading = partial(...names.map((name, n) => mirror(name, [[0, 100 + n, 5]])));

      // Act
      const [result] = run([reading], { start, listed: aLink({ topicNames: start.topicNames }) });

      // Assess
      expect(result?.links[0]?.topicProgress?.map((t) => t.topicName)).toEqual([...names.slice(6), 'unseen']);
    });

    it('keeps a bounded number of lagging partitions per topic, the worst, and names the worst three', () => {
      // Prepare
      const lags: Lag[] = Array.from({ length: 15 }, (_, p) => [p, p + 1, 1000]);

      // Act
      const results = run(repeated(2, complete(mirror('orders', lags))), {
        settings: { ...SETTINGS, stallReads: 1 },
      });

      // Assess
      const partitions = progressOf(results[0])?.partitions ?? [];
      expect(partitions).toHaveLength(MAX_PROGRESS_PARTITIONS);
      expect(partitions.map((p) => p.partition)).toEqual([14, 13, 12, 11, 10, 9, 8, 7, 6, 5]);
      expect(eventsOf(results[1])[0]?.part?.progress?.worstPartitions.map((p) => p.partition)).toEqual([
        14, 13, 12,
      ]);
    });

    it('keeps a bounded number of stuck topics per link, the longest stuck first, and keeps those recorded', () => {
      // Prepare: the higher the number the longer stuck, and s-05 entered its state with s-06
      const names = Array.from({ length: 25 }, (_, n) => `s-${String(n).padStart(2, '0')}`);
      const since = (n: number) => T0 - DAY - (n === 5 ? 6 : n);
      const start = aLink({ topicNames: names, stuckTopics: [stuckTopic('s-00', { sinceMs: since(0) })] });
      const reading = complete(
        ...names.map((name, n) =>
          mirror(name, [[0, 0, 1]], { status: 'PENDING_STOPPED', stateTimeMs: since(n) }),
        ),
      );

      // Act
      const [result] = run([reading], { start, listed: aLink({ topicNames: names }) });

      // Assess
      const fresh = ['s-05', ...names.slice(7)];
      expect(result?.links[0]?.stuckTopics?.map((t) => t.topicName)).toEqual(['s-00', ...fresh]);
      expect(result?.toDescribe.map((t) => t.topicName)).toEqual(fresh);
      expect(eventsOf(result).map((e) => e.part?.name)).toEqual(fresh);
    });
  });

  describe('order', () => {
    it('orders topics and events by code point of the topic name, then of the type, whatever the locale', () => {
      // Prepare
      const names = ['b', 'é', 'a', 'Z'];
      const settings: ReadinessSettings = { ...SETTINGS, stallReads: 1, maxSecondsBehind: 20 };
      const at = (lag: number, offset: number) =>
        complete(
          ...names.map((name) =>
            name === 'a'
              ? mirror(name, [[0, lag, offset]], {
                  status: 'PENDING_MIRROR',
                  stateTimeMs: T0 - 30 * MINUTE + 1,
                })
              : mirror(name, [[0, lag, offset]]),
          ),
        );
      const listed = aLink({ topicNames: names });

      // Act: each lag rises with a slow fetch, 'a' is stuck from the second read
      const [first, second] = run([at(100, 0), at(200, 100)], { settings, listed });

      // Assess
      expect(first?.links[0]?.topicProgress?.map((t) => t.topicName)).toEqual(['Z', 'a', 'b', 'é']);
      expect(summary(second)).toEqual([
        ['MIRROR_BEHIND_TARGET', 'warning', 'Z'],
        ['MIRROR_TOPIC_STALLED', 'critical', 'Z'],
        ['MIRROR_BEHIND_TARGET', 'warning', 'a'],
        ['MIRROR_TOPIC_STALLED', 'critical', 'a'],
        ['MIRROR_TRANSITION_STUCK', 'critical', 'a'],
        ['MIRROR_BEHIND_TARGET', 'warning', 'b'],
        ['MIRROR_TOPIC_STALLED', 'critical', 'b'],
        ['MIRROR_BEHIND_TARGET', 'warning', 'é'],
        ['MIRROR_TOPIC_STALLED', 'critical', 'é'],
      ]);
    });

    it('orders stuck topics and the topics to describe by code point', () => {
      // Prepare
      const names = ['b', 'é', 'a', 'Z'];
      const reading = complete(
        ...names.map((name) =>
          mirror(name, [[0, 0, 1]], { status: 'PENDING_STOPPED', stateTimeMs: T0 - DAY }),
        ),
      );

      // Act
      const [result] = run([reading], { listed: aLink({ topicNames: names }) });

      // Assess
      expect(result?.links[0]?.stuckTopics?.map((t) => t.topicName)).toEqual(['Z', 'a', 'b', 'é']);
      expect(result?.toDescribe.map((t) => t.topicName)).toEqual(['Z', 'a', 'b', 'é']);
    });

    it('keeps each link’s events apart, and the links in the order listed', () => {
      // Prepare
      const reading = complete(
        mirror('orders', [[0, 0, 1]], { status: 'PENDING_STOPPED' }),
        mirror('audit', [[0, 0, 1]], { linkName: 'audit-dr', status: 'PENDING_STOPPED' }),
      );
      const links = [aLink(), aLink({ linkName: 'audit-dr', topicNames: ['audit'] })];

      // Act
      const result = applyMirrorProgress(links, new Map(), reading, T0, SETTINGS);

      // Assess
      expect(result.links.map((l) => l.linkName)).toEqual(['orders-dr', 'audit-dr']);
      expect([...result.events.keys()]).toEqual(['orders-dr', 'audit-dr']);
      expect(result.events.get('audit-dr')?.map((e) => e.part?.name)).toEqual(['audit']);
      expect(result.toDescribe).toEqual([
        { linkName: 'orders-dr', topicName: 'orders' },
        { linkName: 'audit-dr', topicName: 'audit' },
      ]);
    });
  });
});

describe('Function: withDescribedTransitions', () => {
  /** Two topics newly stuck, one stuck transition ended, one stall raised. */
  function raised(): ProgressResult {
    const start = aLink({
      topicNames: ['orders', 'payments', 'refunds', 'audit'],
      topicProgress: [tracked('audit', { unmovedReads: 2 })],
      stuckTopics: [stuckTopic('refunds')],
    });
    const reading = complete(
      mirror('orders', [[0, 0, 1]], { status: 'PENDING_STOPPED' }),
      mirror('payments', [[0, 0, 1]], { status: 'PENDING_MIRROR' }),
      mirror('refunds', [[0, 0, 1]]),
      mirror('audit', [[0, 500, 1000]]),
    );
    const [result] = run([reading], { start, listed: aLink({ topicNames: start.topicNames }) });
    return result as ProgressResult;
  }

  it('keeps the described transition errors on the stuck topic and quotes the first in the event that raised it', () => {
    // Prepare
    const errors = Array.from({ length: 7 }, (_, n) => ({
      errorCode: `E${n}`,
      errorMessage: `message ${n}`,
    }));

    // Act
    const result = withDescribedTransitions(
      raised(),
      new Map([['orders-dr', new Map([['orders', errors]])]]),
    );

    // Assess
    const stuck = result.links[0]?.stuckTopics ?? [];
    expect(stuck.find((t) => t.topicName === 'orders')?.transitionErrors).toEqual(
      errors.slice(0, MAX_TRANSITION_ERRORS),
    );
    expect(stuck.find((t) => t.topicName === 'payments')?.transitionErrors).toEqual([]);
    const event = eventsOf(result).find((e) => e.part?.name === 'orders');
    expect(event?.part).toMatchObject({
      errorCode: 'E0',
      errorMessage: 'message 0',
      state: 'PENDING_STOPPED',
    });
  });

  it('leaves every other event, topic and link as it was', () => {
    // Prepare
    const before = raised();
    const denied = [{ errorCode: 'DENIED', errorMessage: 'no' }];

    // Act
    const result = withDescribedTransitions(
      before,
      new Map([
        [
          'orders-dr',
          new Map([
            ['refunds', denied],
            ['audit', denied],
            ['payments', denied],
          ]),
        ],
        ['audit-dr', new Map([['orders', denied]])],
      ]),
    );

    // Assess: the ended transition and the stall quote nothing; only `payments` was described
    const changed = eventsOf(result).filter((e) => e.part?.errorCode !== null);
    expect(changed.map((e) => [e.type, e.severity, e.part?.name])).toEqual([
      ['MIRROR_TRANSITION_STUCK', 'critical', 'payments'],
    ]);
    expect(result.links[0]?.stuckTopics?.find((t) => t.topicName === 'orders')?.transitionErrors).toEqual([]);
    expect(result.links[0]?.topicProgress).toEqual(before.links[0]?.topicProgress);
    expect(result.toDescribe).toEqual(before.toDescribe);
  });

  it('leaves a link described for nothing, and a described link with no stuck topic, as they were', () => {
    // Prepare
    const links = [
      aLink({ linkName: 'audit-dr', topicNames: ['audit'] }),
      aLink({ linkName: 'billing-dr', topicNames: ['bills'] }),
    ];
    const reading = complete(
      mirror('audit', [[0, 0, 1]], { linkName: 'audit-dr', status: 'PENDING_STOPPED' }),
    );
    const before = applyMirrorProgress(links, new Map(), reading, T0, SETTINGS);
    const denied = [{ errorCode: 'DENIED', errorMessage: 'no' }];

    // Act
    const result = withDescribedTransitions(before, new Map([['billing-dr', new Map([['bills', denied]])]]));

    // Assess
    expect(result.links[0]).toBe(before.links[0]);
    expect(result.links[1]).toBe(before.links[1]);
    expect(result.links[1]).not.toHaveProperty('stuckTopics');
    expect(result.events).toEqual(before.events);
  });

  it('quotes an empty error message as none', () => {
    // Act
    const result = withDescribedTransitions(
      raised(),
      new Map([['orders-dr', new Map([['orders', [{ errorCode: 'UNKNOWN', errorMessage: '' }]]])]]),
    );

    // Assess
    const event = eventsOf(result).find((e) => e.part?.name === 'orders');
    expect(event?.part).toMatchObject({ errorCode: 'UNKNOWN', errorMessage: null });
  });

  it('changes nothing when nothing was described', () => {
    // Prepare
    const before = raised();

    // Act
    const result = withDescribedTransitions(before, new Map());

    // Assess
    expect(result).toEqual(before);
  });
});

describe('Function: sameProgress', () => {
  const base = aLink({
    topicProgress: [tracked('orders')],
    stuckTopics: [stuckTopic('payments', { transitionErrors: [{ errorCode: 'E', errorMessage: 'm' }] })],
  });

  it('is true for equal records, and for a link with none against one without the fields', () => {
    expect(sameProgress(base, structuredClone(base))).toBe(true);
    expect(sameProgress(aLink(), aLink({ topicProgress: [], stuckTopics: [] }))).toBe(true);
    expect(sameProgress(aLink({ topicProgress: [], stuckTopics: [] }), aLink())).toBe(true);
    expect(sameProgress(aLink(), aLink())).toBe(true);
  });

  it.each<[string, Partial<TopicProgress>]>([
    ['topic', { topicName: 'refunds' }],
    ['read time', { readAtMs: T0 }],
    ['offset', { partitions: [{ partition: 0, fetchOffset: 1001, lag: 500 }] }],
    ['lag', { partitions: [{ partition: 0, fetchOffset: 1000, lag: 501 }] }],
    ['partition', { partitions: [{ partition: 1, fetchOffset: 1000, lag: 500 }] }],
    ['partitions', { partitions: [] }],
    ['unmoved reads', { unmovedReads: 1 }],
    ['rising reads', { risingReads: 1 }],
    ['estimate', { secondsBehind: 30 }],
    ['rate', { fetchRate: 40 }],
    ['stall', { stallNotified: true }],
    ['breach', { behindNotified: true }],
  ])('is false when a tracked topic’s %s differs', (_, change) => {
    expect(sameProgress(base, { ...base, topicProgress: [tracked('orders', change)] })).toBe(false);
  });

  it.each<[string, Partial<StuckTopic>]>([
    ['topic', { topicName: 'refunds' }],
    ['status', { status: 'PENDING_MIRROR' }],
    ['start', { sinceMs: T0 }],
    ['error code', { transitionErrors: [{ errorCode: 'F', errorMessage: 'm' }] }],
    ['error message', { transitionErrors: [{ errorCode: 'E', errorMessage: 'n' }] }],
    ['errors', { transitionErrors: [] }],
    [
      'second error',
      {
        transitionErrors: [
          { errorCode: 'E', errorMessage: 'm' },
          { errorCode: 'F', errorMessage: 'n' },
        ],
      },
    ],
  ])('is false when a stuck topic’s %s differs', (_, change) => {
    const changed = { ...base, stuckTopics: [{ ...(base.stuckTopics?.[0] as StuckTopic), ...change }] };
    expect(sameProgress(base, changed)).toBe(false);
    expect(sameProgress(changed, base)).toBe(false);
  });

  it('is false when either link tracks more topics', () => {
    expect(sameProgress(base, { ...base, topicProgress: [] })).toBe(false);
    expect(sameProgress({ ...base, stuckTopics: [] }, base)).toBe(false);
    expect(sameProgress(base, { ...base, topicProgress: [tracked('orders'), tracked('refunds')] })).toBe(
      false,
    );
  });
});

describe('Function: endedProgressEvents', () => {
  it('ends every notified stall, breach and stuck transition of a link, with no figures', () => {
    // Prepare
    const link = aLink({
      topicProgress: [
        tracked('b', { stallNotified: true, behindNotified: true }),
        tracked('a', { unmovedReads: 2 }),
        tracked('c', { behindNotified: true }),
      ],
      stuckTopics: [stuckTopic('a')],
    });

    // Act
    const events = endedProgressEvents(link);

    // Assess
    expect(events.map((e) => [e.type, e.severity, e.part?.name])).toEqual([
      ['MIRROR_TRANSITION_STUCK', 'resolved', 'a'],
      ['MIRROR_BEHIND_TARGET', 'resolved', 'b'],
      ['MIRROR_TOPIC_STALLED', 'resolved', 'b'],
      ['MIRROR_BEHIND_TARGET', 'resolved', 'c'],
    ]);
    for (const event of events) {
      expect(event).toMatchObject({
        linkName: 'orders-dr',
        to: null,
        alertWorthy: true,
        part: { state: null },
      });
      expect(event.part).not.toHaveProperty('progress');
    }
  });

  it('ends nothing for a link that notified nothing', () => {
    expect(endedProgressEvents(aLink({ topicProgress: [tracked('a')] }))).toEqual([]);
    expect(endedProgressEvents(aLink())).toEqual([]);
  });
});
