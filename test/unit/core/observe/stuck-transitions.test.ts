/** The rules of `core/observe/stuck-transitions.ts`, as `applyMirrorProgress` applies them. */
import { describe, expect, it } from 'vitest';
import { STUCK_STATUSES } from '../../../../core/observe/stuck-transitions.js';
import { aLink } from '../../../support/link-fixtures.js';
import {
  complete,
  DAY,
  eventsOf,
  MINUTE,
  mirror,
  partial,
  run,
  stuckTopic,
  summary,
  T0,
} from './mirror-progress-fixtures.js';

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

describe('Function: applyMirrorProgress', () => {
  describe('stuck transitions', () => {
    const pending = (stateTimeMs: number | null, status = 'PENDING_STOPPED', lag = 0) =>
      complete(mirror('orders', [[0, lag, 100]], { status, stateTimeMs }));

    it('records a topic pending past the limit as stuck, once, and asks for its transition errors until a describe answered', () => {
      // Act: no describe is made between the reads
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
      expect(results[1]?.links[0]?.stuckTopics).toEqual(results[0]?.links[0]?.stuckTopics);
      expect(results[1]?.toDescribe).toEqual([{ linkName: 'orders-dr', topicName: 'orders' }]);
    });

    it('asks no more for the transition errors of a stuck topic once a describe answered, with errors or without', () => {
      // Prepare: the second was recorded before `described` was kept: its errors say a describe answered
      const errors = [{ errorCode: 'TOPIC_AUTHORIZATION_FAILED', errorMessage: 'denied' }];
      const starts = [
        aLink({ stuckTopics: [stuckTopic('orders', { described: true })] }),
        aLink({ stuckTopics: [stuckTopic('orders', { transitionErrors: errors })] }),
        aLink({ stuckTopics: [stuckTopic('orders', { described: true, transitionErrors: errors })] }),
      ];

      // Act
      const results = starts.map((start) => run([pending(T0 - DAY)], { start })[0]);

      // Assess
      for (const [n, result] of results.entries()) {
        expect(result?.toDescribe).toEqual([]);
        expect(result?.events.size).toBe(0);
        expect(result?.links[0]?.stuckTopics?.[0]).toBe(starts[n]?.stuckTopics?.[0]);
      }
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

    it('ends quoting the first transition error it was described with', () => {
      // Prepare
      const errors = [
        { errorCode: 'OFFSET_TRANSLATION_PENDING', errorMessage: 'waiting for consumer offsets' },
        { errorCode: 'SECOND', errorMessage: 'second' },
      ];
      const start = aLink({
        stuckTopics: [stuckTopic('orders', { transitionErrors: errors, described: true })],
      });
      const blank = aLink({
        stuckTopics: [stuckTopic('orders', { transitionErrors: [{ errorCode: 'E', errorMessage: '' }] })],
      });

      // Act
      const [left] = run([pending(T0 - MINUTE, 'STOPPED')], { start });
      const [gone] = run([complete()], { start: blank });

      // Assess
      expect(eventsOf(left)).toMatchObject([
        {
          type: 'MIRROR_TRANSITION_STUCK',
          severity: 'resolved',
          to: 'STOPPED',
          part: {
            name: 'orders',
            state: 'STOPPED',
            errorCode: 'OFFSET_TRANSLATION_PENDING',
            errorMessage: 'waiting for consumer offsets',
          },
        },
      ]);
      expect(eventsOf(gone)).toMatchObject([
        { severity: 'resolved', part: { state: null, errorCode: 'E', errorMessage: null } },
      ]);
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

  describe('bounds', () => {
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

      // Assess: every one not yet described is to describe, the longest stuck first
      const fresh = ['s-05', ...names.slice(7)];
      expect(result?.links[0]?.stuckTopics?.map((t) => t.topicName)).toEqual(['s-00', ...fresh]);
      expect(result?.toDescribe.map((t) => t.topicName)).toEqual([
        ...names.slice(7).reverse(),
        's-05',
        's-00',
      ]);
      expect(eventsOf(result).map((e) => e.part?.name)).toEqual(fresh);
    });
  });

  describe('order', () => {
    it('orders stuck topics, and the topics to describe stuck as long, by code point', () => {
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
  });
});
