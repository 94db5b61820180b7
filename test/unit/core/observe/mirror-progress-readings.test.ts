/**
 * What `core/observe/mirror-progress-readings.ts` takes from a read, hostile numbers and names
 * included.
 */
import { describe, expect, it } from 'vitest';
import { BOUNDS, boundIdentifier } from '../../../../core/model/bounds.js';
import { aLink } from '../../../support/link-fixtures.js';
import {
  complete,
  eventsOf,
  mirror,
  progressOf,
  run,
  SETTINGS,
  summary,
  tracked,
} from './mirror-progress-fixtures.js';

describe('Function: applyMirrorProgress', () => {
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
});
