/**
 * The rules of `core/observe/topic-progress.ts` (stalls, time behind a target), as
 * `applyMirrorProgress` applies them.
 */
import { describe, expect, it } from 'vitest';
import type { ClusterLink } from '../../../../core/model/link-model.js';
import { applyMirrorProgress, sameProgress } from '../../../../core/observe/mirror-progress.js';
import { MAX_PROGRESS_TOPICS } from '../../../../core/observe/mirror-progress-readings.js';
import { MAX_PROGRESS_PARTITIONS } from '../../../../core/observe/topic-progress.js';
import type { ReadinessSettings } from '../../../../core/poll/poll-settings.js';
import { aLink } from '../../../support/link-fixtures.js';
import {
  complete,
  DAY,
  eventsOf,
  type Lag,
  mirror,
  partial,
  progressOf,
  repeated,
  run,
  SETTINGS,
  STEP,
  summary,
  T0,
  tracked,
} from './mirror-progress-fixtures.js';

describe('Function: applyMirrorProgress', () => {
  describe('what is tracked', () => {
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
  });
});
