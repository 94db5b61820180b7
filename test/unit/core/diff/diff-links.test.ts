import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { diffLinks } from '../../../../core/diff/diff-links.js';
import { BOUNDS } from '../../../../core/model/bounds.js';
import type { ClusterLink } from '../../../../core/model/link-model.js';
import { aLink } from '../../../support/link-fixtures.js';

const eventsOf = (previous: ClusterLink[] | null, current: ClusterLink[]) =>
  diffLinks(previous, current).flatMap((change) =>
    change.events.map((e) => ({
      link: change.linkName,
      type: e.type,
      severity: e.severity,
      from: e.from,
      to: e.to,
    })),
  );

describe('Function: diffLinks', () => {
  describe('state and error', () => {
    it('reports a link going UNAVAILABLE with AUTHENTICATION_ERROR as two critical events', () => {
      // Prepare
      const before = [aLink()];
      const after = [
        aLink({ linkState: 'UNAVAILABLE', linkError: 'AUTHENTICATION_ERROR', linkErrorMessage: 'bad key' }),
      ];

      // Act
      const events = eventsOf(before, after);

      // Assess
      expect(events).toEqual([
        {
          link: 'orders-dr',
          type: 'LINK_STATE_CHANGED',
          severity: 'critical',
          from: 'ACTIVE',
          to: 'UNAVAILABLE',
        },
        {
          link: 'orders-dr',
          type: 'LINK_ERROR_CHANGED',
          severity: 'critical',
          from: null,
          to: 'AUTHENTICATION_ERROR',
        },
      ]);
    });

    it('calls the way back to ACTIVE without error a resolution', () => {
      const before = [aLink({ linkState: 'UNAVAILABLE', linkError: 'TIMEOUT_ERROR' })];
      const events = eventsOf(before, [aLink()]);
      expect(events.map((e) => [e.type, e.severity])).toEqual([
        ['LINK_STATE_CHANGED', 'resolved'],
        ['LINK_ERROR_CHANGED', 'resolved'],
      ]);
    });

    it('rates PAUSED, UNKNOWN and states it does not know as warnings, and keeps unknown values verbatim', () => {
      for (const state of ['PAUSED', 'UNKNOWN', 'DEGRADED_BY_A_FUTURE_RELEASE']) {
        const [event] = eventsOf([aLink()], [aLink({ linkState: state })]);
        expect(event).toEqual({
          link: 'orders-dr',
          type: 'LINK_STATE_CHANGED',
          severity: 'warning',
          from: 'ACTIVE',
          to: state,
        });
      }
    });

    it('rates FAILED as critical and an unknown error value as critical', () => {
      expect(eventsOf([aLink()], [aLink({ linkState: 'FAILED' })])[0]?.severity).toBe('critical');
      expect(eventsOf([aLink()], [aLink({ linkError: 'SOME_NEW_ERROR' })])[0]).toMatchObject({
        type: 'LINK_ERROR_CHANGED',
        severity: 'critical',
        to: 'SOME_NEW_ERROR',
      });
    });

    it('records a reworded error message as a change that is not alert-worthy', () => {
      const before = [
        aLink({
          linkState: 'UNAVAILABLE',
          linkError: 'TIMEOUT_ERROR',
          linkErrorMessage: 'timed out after 30s',
        }),
      ];
      const after = [
        aLink({
          linkState: 'UNAVAILABLE',
          linkError: 'TIMEOUT_ERROR',
          linkErrorMessage: 'timed out after 31s',
        }),
      ];
      const [change] = diffLinks(before, after);
      expect(change?.events).toEqual([
        expect.objectContaining({ type: 'LINK_ERROR_MESSAGE_CHANGED', alertWorthy: false, severity: 'info' }),
      ]);
    });

    it('rates a state change between two healthy conditions (no state yet, then ACTIVE) as info', () => {
      // Act
      const events = eventsOf([aLink({ linkState: null })], [aLink({ linkState: 'ACTIVE' })]);

      // Assess
      expect(events).toEqual([
        { link: 'orders-dr', type: 'LINK_STATE_CHANGED', severity: 'info', from: null, to: 'ACTIVE' },
      ]);
    });

    it('reports an error clearing while the link stays UNAVAILABLE as critical, not resolved', () => {
      const before = [aLink({ linkState: 'UNAVAILABLE', linkError: 'TIMEOUT_ERROR' })];
      const after = [aLink({ linkState: 'UNAVAILABLE' })];
      expect(eventsOf(before, after)).toEqual([
        {
          link: 'orders-dr',
          type: 'LINK_ERROR_CHANGED',
          severity: 'critical',
          from: 'TIMEOUT_ERROR',
          to: null,
        },
      ]);
    });
  });

  describe('links appearing and disappearing', () => {
    it('reports added, removed and recreated links', () => {
      const before = [
        aLink({ linkName: 'a' }),
        aLink({ linkName: 'b' }),
        aLink({ linkName: 'c', clusterLinkId: 'old' }),
      ];
      const after = [
        aLink({ linkName: 'a' }),
        aLink({ linkName: 'c', clusterLinkId: 'new' }),
        aLink({ linkName: 'd' }),
      ];
      expect(eventsOf(before, after)).toEqual([
        { link: 'b', type: 'LINK_REMOVED', severity: 'info', from: null, to: null },
        { link: 'c', type: 'LINK_RECREATED', severity: 'info', from: 'old', to: 'new' },
        { link: 'd', type: 'LINK_ADDED', severity: 'info', from: null, to: null },
      ]);
    });

    it('rates a link that arrives broken by its condition', () => {
      expect(eventsOf([], [aLink({ linkState: 'FAILED' })])[0]).toMatchObject({
        type: 'LINK_ADDED',
        severity: 'critical',
      });
    });

    it('reports mirror topics added and removed, sorted, and not alert-worthy', () => {
      const [change] = diffLinks(
        [aLink({ topicNames: ['a', 'b'] })],
        [aLink({ topicNames: ['c', 'a', 'z'] })],
      );
      expect(change?.events).toEqual([
        expect.objectContaining({
          type: 'MIRROR_TOPICS_CHANGED',
          topicsAdded: ['c', 'z'],
          topicsRemoved: ['b'],
          alertWorthy: false,
        }),
      ]);
    });
  });

  describe('mirror topic changes', () => {
    it('are info', () => {
      // Act
      const events = eventsOf(
        [aLink({ topicNames: ['orders'] })],
        [aLink({ topicNames: ['orders', 'payments'] })],
      );

      // Assess
      expect(events).toEqual([
        { link: 'orders-dr', type: 'MIRROR_TOPICS_CHANGED', severity: 'info', from: null, to: null },
      ]);
    });
  });

  describe('mirror topics', () => {
    it('records topics that were only added', () => {
      const [change] = diffLinks([aLink({ topicNames: ['a'] })], [aLink({ topicNames: ['a', 'b'] })]);

      expect(change?.events).toEqual([
        expect.objectContaining({ type: 'MIRROR_TOPICS_CHANGED', topicsAdded: ['b'], topicsRemoved: [] }),
      ]);
    });

    it('records topics that were only removed', () => {
      const [change] = diffLinks([aLink({ topicNames: ['a', 'b'] })], [aLink({ topicNames: ['b'] })]);

      expect(change?.events).toEqual([
        expect.objectContaining({ type: 'MIRROR_TOPICS_CHANGED', topicsAdded: [], topicsRemoved: ['a'] }),
      ]);
    });

    it('lists added and removed topics in code-point order whatever order the listings give', () => {
      // Prepare: upper case sorts before lower case by code point, not by locale
      const before = aLink({ topicNames: ['zeta', 'keep', 'Beta', 'alpha'] });
      const after = aLink({ topicNames: ['yak', 'keep', 'Xray', 'bee'] });

      // Act
      const [change] = diffLinks([before], [after]);

      // Assess
      expect(change?.events[0]).toMatchObject({
        topicsAdded: ['Xray', 'bee', 'yak'],
        topicsRemoved: ['Beta', 'alpha', 'zeta'],
      });
    });

    it('records tens of thousands of new topics as the first names and the exact counts', () => {
      // Prepare
      const names = Array.from({ length: 20_000 }, (_, i) => `topic-${String(i).padStart(5, '0')}`);

      // Act
      const [added] = diffLinks([aLink({ topicNames: [] })], [aLink({ topicNames: [...names].reverse() })]);
      const [removed] = diffLinks([aLink({ topicNames: names })], [aLink({ topicNames: [] })]);

      // Assess
      const event = added?.events[0];
      expect(event?.topicsAdded).toEqual(names.slice(0, BOUNDS.changedTopicNames));
      expect(event?.topicsRemoved).toEqual([]);
      expect(event?.topicCounts).toEqual({ added: 20_000, removed: 0 });
      expect(removed?.events[0]?.topicsRemoved).toHaveLength(BOUNDS.changedTopicNames);
      expect(removed?.events[0]?.topicCounts).toEqual({ added: 0, removed: 20_000 });
    });

    it('gives no counts when every changed topic is named', () => {
      const [change] = diffLinks([aLink({ topicNames: ['a'] })], [aLink({ topicNames: ['b'] })]);

      expect(change?.events[0]).not.toHaveProperty('topicCounts');
    });
  });

  describe('which changes are alerts', () => {
    const alertsOf = (previous: ClusterLink[] | null, current: ClusterLink[]) =>
      diffLinks(previous, current).flatMap((change) =>
        change.events.map((e) => [change.linkName, e.type, e.alertWorthy]),
      );

    it('alerts on links added, removed, recreated and on every change of condition', () => {
      // Prepare
      const before = [
        aLink({ linkName: 'gone' }),
        aLink({ linkName: 'recreated', clusterLinkId: 'old' }),
        aLink({ linkName: 'failing' }),
        aLink({ linkName: 'recovering', linkState: 'FAILED', linkError: 'TIMEOUT_ERROR' }),
      ];
      const after = [
        aLink({ linkName: 'added' }),
        aLink({ linkName: 'recreated', clusterLinkId: 'new' }),
        aLink({ linkName: 'failing', linkState: 'FAILED', linkError: 'AUTHENTICATION_ERROR' }),
        aLink({ linkName: 'recovering' }),
      ];

      // Act + Assess
      expect(alertsOf(before, after)).toEqual([
        ['added', 'LINK_ADDED', true],
        ['failing', 'LINK_STATE_CHANGED', true],
        ['failing', 'LINK_ERROR_CHANGED', true],
        ['gone', 'LINK_REMOVED', true],
        ['recovering', 'LINK_STATE_CHANGED', true],
        ['recovering', 'LINK_ERROR_CHANGED', true],
        ['recreated', 'LINK_RECREATED', true],
      ]);
    });

    it('alerts on the condition of a link that is unhealthy on the first listing', () => {
      expect(alertsOf(null, [aLink({ linkState: 'UNAVAILABLE', linkError: 'TIMEOUT_ERROR' })])).toEqual([
        ['orders-dr', 'LINK_STATE_CHANGED', true],
        ['orders-dr', 'LINK_ERROR_CHANGED', true],
      ]);
    });

    it('records a reworded message and changed topics without alerting', () => {
      // Prepare
      const before = [
        aLink({ linkState: 'FAILED', linkError: 'TIMEOUT_ERROR', linkErrorMessage: 'after 30s' }),
      ];
      const after = [
        aLink({
          linkState: 'FAILED',
          linkError: 'TIMEOUT_ERROR',
          linkErrorMessage: 'after 31s',
          topicNames: ['orders'],
        }),
      ];

      // Act + Assess
      expect(alertsOf(before, after)).toEqual([
        ['orders-dr', 'LINK_ERROR_MESSAGE_CHANGED', false],
        ['orders-dr', 'MIRROR_TOPICS_CHANGED', false],
      ]);
    });
  });

  describe('first listing of a cluster', () => {
    it('takes every link as the baseline and reports only the unhealthy ones', () => {
      const changes = diffLinks(null, [
        aLink({ linkName: 'healthy' }),
        aLink({ linkName: 'broken', linkState: 'UNAVAILABLE', linkError: 'UNRESOLVABLE_BOOTSTRAP_ERROR' }),
        aLink({ linkName: 'paused', linkState: 'PAUSED' }),
      ]);
      expect(
        changes.map((c) => [c.linkName, c.events.map((e) => `${e.type}:${e.severity}:${e.to}`)]),
      ).toEqual([
        [
          'broken',
          [
            'LINK_STATE_CHANGED:critical:UNAVAILABLE',
            'LINK_ERROR_CHANGED:critical:UNRESOLVABLE_BOOTSTRAP_ERROR',
          ],
        ],
        ['healthy', []],
        ['paused', ['LINK_STATE_CHANGED:warning:PAUSED']],
      ]);
    });
  });

  describe('first listing of a link in error', () => {
    it('reports only the error of a link ACTIVE or without a state, not a state change', () => {
      // Prepare
      const active = aLink({ linkName: 'a', linkState: 'ACTIVE', linkError: 'AUTHENTICATION_ERROR' });
      const noState = aLink({ linkName: 'b', linkState: null, linkError: 'AUTHENTICATION_ERROR' });

      // Act
      const events = eventsOf(null, [active, noState]);

      // Assess
      expect(events).toEqual([
        {
          link: 'a',
          type: 'LINK_ERROR_CHANGED',
          severity: 'critical',
          from: null,
          to: 'AUTHENTICATION_ERROR',
        },
        {
          link: 'b',
          type: 'LINK_ERROR_CHANGED',
          severity: 'critical',
          from: null,
          to: 'AUTHENTICATION_ERROR',
        },
      ]);
    });
  });

  describe('a baseline interrupted part-way', () => {
    it('lets links without a snapshot join the baseline instead of reporting them added', () => {
      const recorded = [aLink({ linkName: 'a' })];
      const changes = diffLinks(
        recorded,
        [aLink({ linkName: 'a' }), aLink({ linkName: 'b' }), aLink({ linkName: 'c', linkState: 'FAILED' })],
        { completingBaseline: true },
      );
      expect(changes.map((c) => [c.linkName, c.events.map((e) => e.type)])).toEqual([
        ['b', []],
        ['c', ['LINK_STATE_CHANGED']],
      ]);
    });

    it('is the same as a first listing when nothing was recorded', () => {
      const listing = [aLink({ linkName: 'a' }), aLink({ linkName: 'b', linkError: 'TIMEOUT_ERROR' })];
      expect(diffLinks([], listing, { completingBaseline: true })).toEqual(diffLinks(null, listing));
    });
  });

  describe('properties', () => {
    const linkArb: fc.Arbitrary<ClusterLink> = fc
      .record({
        linkName: fc.string({ minLength: 1, maxLength: 8 }),
        clusterLinkId: fc.constantFrom('id-1', 'id-2'),
        linkState: fc.constantFrom(null, 'ACTIVE', 'FAILED', 'UNAVAILABLE', 'PAUSED', 'UNKNOWN', 'NEW_STATE'),
        linkError: fc.constantFrom(null, 'AUTHENTICATION_ERROR', 'TIMEOUT_ERROR', 'NEW_ERROR'),
        linkErrorMessage: fc.option(fc.string({ maxLength: 10 })),
        topicNames: fc.uniqueArray(fc.constantFrom('t1', 't2', 't3', 't4')).map((t) => [...t].sort()),
      })
      .map((fields) => aLink(fields));
    const listingArb = fc.uniqueArray(linkArb, { selector: (l) => l.linkName, maxLength: 12 });

    it('finds nothing between a listing and itself', () => {
      fc.assert(fc.property(listingArb, (links) => diffLinks(links, links).length === 0));
    });

    it('never reports a link removed that is present in the listing, and reports every absent one', () => {
      fc.assert(
        fc.property(listingArb, listingArb, (before, after) => {
          const present = new Set(after.map((l) => l.linkName));
          const removed = diffLinks(before, after)
            .flatMap((c) => c.events.filter((e) => e.type === 'LINK_REMOVED').map(() => c.linkName))
            .sort();
          const expected = before
            .map((l) => l.linkName)
            .filter((name) => !present.has(name))
            .sort();
          return (
            removed.every((name) => !present.has(name)) &&
            JSON.stringify(removed) === JSON.stringify(expected)
          );
        }),
      );
    });

    it('gives the same events in the same order whatever order the listing comes in', () => {
      fc.assert(
        fc.property(listingArb, listingArb, fc.infiniteStream(fc.nat()), (before, after, seeds) => {
          const shuffled = [...after].sort(() => (seeds.next().value % 3) - 1);
          expect(diffLinks(before, shuffled)).toEqual(diffLinks(before, after));
          expect(diffLinks(before, after)).toEqual(diffLinks(before, after));
        }),
      );
    });

    it('gives every changed link a non-empty event list after the first listing', () => {
      fc.assert(
        fc.property(listingArb, listingArb, (before, after) =>
          diffLinks(before, after).every((c) => c.events.length > 0),
        ),
      );
    });
  });
});
