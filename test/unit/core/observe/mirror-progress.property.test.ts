import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ClusterLink } from '../../../../core/model/link-model.js';
import type { ClusterMirrorLags } from '../../../../core/observe/mirror-lag.js';
import {
  applyMirrorProgress,
  endedProgressEvents,
  MAX_PROGRESS_PARTITIONS,
  MAX_PROGRESS_TOPICS,
} from '../../../../core/observe/mirror-progress.js';
import type { ReadinessSettings } from '../../../../core/poll/poll-settings.js';
import { aLink } from '../../../support/link-fixtures.js';

const STEP = 5 * 60_000;
const T0 = Date.parse('2026-01-01T00:00:00Z');
const TOPICS = ['a', 'b', 'c'];

/** Numbers a server may send, hostile ones included. */
const anyCount = fc.oneof(
  { weight: 6, arbitrary: fc.integer({ min: 0, max: 60 }) },
  { weight: 1, arbitrary: fc.constantFrom(-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 60) },
);

const anyTopic = fc.record({
  topicName: fc.constantFrom(...TOPICS),
  status: fc.constantFrom('ACTIVE', 'PENDING_STOPPED', 'PENDING_MIRROR', 'FAILED'),
  stateAgo: fc.option(fc.constantFrom(0, STEP, 100 * STEP), { nil: null }),
  lags: fc.array(
    fc.record({
      partition: fc.constantFrom(0, 1, 2, -1),
      lag: anyCount,
      fetchOffset: fc.option(anyCount, { nil: null }),
    }),
    { maxLength: 4 },
  ),
});

const anyPoll = fc.record({
  read: fc.option(fc.record({ topics: fc.array(anyTopic, { maxLength: 5 }), complete: fc.boolean() }), {
    nil: null,
    freq: 6,
  }),
  linkState: fc.constantFrom('ACTIVE', 'ACTIVE', 'ACTIVE', 'FAILED'),
  listed: fc.subarray(TOPICS),
});

const anySettings = fc.record({
  stallReads: fc.integer({ min: 1, max: 3 }),
  maxSecondsBehind: fc.option(fc.constantFrom(1, 30, 600), { nil: null }),
  stuckAfterMs: fc.constantFrom(0, STEP, 10 * STEP),
});

function settingsOf(s: {
  stallReads: number;
  maxSecondsBehind: number | null;
  stuckAfterMs: number;
}): ReadinessSettings {
  return { everyPolls: 1, links: [], configReadsPerPoll: 0, dryRunsPerPoll: 0, ...s };
}

/** The problems a link's record says are open, by key. */
function openInRecord(link: ClusterLink | undefined): string[] {
  const open: string[] = [];
  for (const t of link?.topicProgress ?? []) {
    if (t.stallNotified) open.push(`${t.topicName}:MIRROR_TOPIC_STALLED`);
    if (t.behindNotified) open.push(`${t.topicName}:MIRROR_BEHIND_TARGET`);
  }
  for (const t of link?.stuckTopics ?? []) open.push(`${t.topicName}:MIRROR_TRANSITION_STUCK`);
  return open.sort();
}

describe('Function: applyMirrorProgress (properties)', () => {
  it('opens each problem once and closes it once, as its record says, and within every bound', () => {
    fc.assert(
      fc.property(anySettings, fc.array(anyPoll, { minLength: 1, maxLength: 12 }), (s, polls) => {
        const settings = settingsOf(s);
        const open = new Set<string>();
        let recorded: ClusterLink | undefined;
        polls.forEach((poll, n) => {
          const readAtMs = T0 + n * STEP;
          const reading: ClusterMirrorLags | null =
            poll.read === null
              ? null
              : {
                  complete: poll.read.complete,
                  topics: poll.read.topics.map((t) => ({
                    linkName: 'orders-dr',
                    topicName: t.topicName,
                    status: t.status,
                    stateTimeMs: t.stateAgo === null ? null : readAtMs - t.stateAgo,
                    lags: t.lags,
                  })),
                };
          const listed = aLink({ linkState: poll.linkState, topicNames: poll.listed });
          const byName = new Map(recorded === undefined ? [] : [['orders-dr', recorded]]);
          const result = applyMirrorProgress([listed], byName, reading, readAtMs, settings);
          for (const event of result.events.get('orders-dr') ?? []) {
            const key = `${event.part?.name}:${event.type}`;
            if (event.severity === 'resolved') expect(open.delete(key)).toBe(true);
            else {
              expect(open.has(key)).toBe(false);
              open.add(key);
            }
          }
          recorded = result.links[0];
          expect(openInRecord(recorded)).toEqual([...open].sort());
          // With no describe made, every stuck topic of a link read waits for one.
          const evaluated = reading !== null && poll.linkState === 'ACTIVE';
          expect(result.toDescribe.map((t) => t.topicName).sort()).toEqual(
            evaluated ? (recorded?.stuckTopics ?? []).map((t) => t.topicName).sort() : [],
          );
          const progress = recorded?.topicProgress ?? [];
          expect(progress.length).toBeLessThanOrEqual(MAX_PROGRESS_TOPICS);
          expect(recorded?.stuckTopics?.length ?? 0).toBeLessThanOrEqual(MAX_PROGRESS_TOPICS);
          expect(recorded?.topicProgress).not.toEqual([]);
          expect(recorded?.stuckTopics).not.toEqual([]);
          for (const topic of progress) {
            expect(topic.partitions.length).toBeGreaterThan(0);
            expect(topic.partitions.length).toBeLessThanOrEqual(MAX_PROGRESS_PARTITIONS);
            for (const p of topic.partitions) {
              expect(p.lag).toBeGreaterThan(0);
              expect(Number.isSafeInteger(p.fetchOffset) && p.fetchOffset >= 0).toBe(true);
            }
            expect(Math.max(topic.unmovedReads, topic.risingReads)).toBeLessThanOrEqual(s.stallReads);
            expect(topic.stallNotified).toBe(
              topic.unmovedReads >= s.stallReads || topic.risingReads >= s.stallReads,
            );
            if (topic.secondsBehind !== null) expect(topic.secondsBehind).toBeGreaterThanOrEqual(0);
            if (topic.fetchRate !== null) expect(topic.fetchRate).toBeGreaterThan(0);
          }
        });
        // Whatever was left open, turning readiness off ends it all.
        const ended = endedProgressEvents(recorded ?? aLink());
        expect(ended.map((e) => `${e.part?.name}:${e.type}`).sort()).toEqual([...open].sort());
        expect(ended.every((e) => e.severity === 'resolved')).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});
