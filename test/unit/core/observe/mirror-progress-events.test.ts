/**
 * The readiness events of `core/observe/mirror-progress-events.ts`: the order a link's events are
 * listed in.
 */
import { describe, expect, it } from 'vitest';
import type { ReadinessSettings } from '../../../../core/poll/poll-settings.js';
import { aLink } from '../../../support/link-fixtures.js';
import { complete, MINUTE, mirror, run, SETTINGS, summary, T0 } from './mirror-progress-fixtures.js';

describe('Function: applyMirrorProgress', () => {
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
  });
});
