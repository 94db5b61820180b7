/**
 * How one poll's diff becomes what is recorded: snapshots, history events and
 * their notification status, damping of flapping conditions, and reminders.
 */
import { describe, expect, it } from 'vitest';
import type { Silence } from '../../../../core/control/silence.js';
import { diffLinks } from '../../../../core/diff/diff-links.js';
import type { LinkChange, LinkChangeEvent, LinkChangeType } from '../../../../core/model/change-events.js';
import type { ClusterLink, LinkTask, MirrorTopicState, Severity } from '../../../../core/model/link-model.js';
import type { LinkSnapshot } from '../../../../core/ports.js';
import { commitForChange, commitForUnchanged } from '../../../../core/record/record-changes.js';
import {
  conditionKey,
  eventId,
  expiresAt,
  type RecordContext,
} from '../../../../core/record/record-context.js';
import { checkLinkCommit } from '../../../../core/record/store-input.js';
import { MAX_ANNOUNCED_PARTS } from '../../../../core/record/summarise-parts.js';
import { aLink } from '../../../support/link-fixtures.js';
import { aSilence } from './link-notices-fixtures.js';

const CLUSTER = 'lkc-prod';
const LINK = 'orders-dr';
const T0 = '2026-03-01T12:00:00.000Z';
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

function at(iso: string, plusMs = 0): Date {
  return new Date(Date.parse(iso) + plusMs);
}

function context(now: Date, settings: Partial<RecordContext['settings']> = {}): RecordContext {
  return {
    clusterId: CLUSTER,
    clusterLabel: 'Production',
    now,
    settings: {
      dampingPolls: 1,
      reminderIntervalMs: 4 * HOUR,
      retentionDays: 90,
      notifyTopicChanges: false,
      notifyMessageChanges: false,
      ...settings,
    },
  };
}

function event(
  type: LinkChangeType,
  severity: Severity,
  from: string | null,
  to: string | null,
  extra: Partial<LinkChangeEvent> = {},
): LinkChangeEvent {
  return {
    type,
    severity,
    linkName: LINK,
    from,
    to,
    topicsAdded: [],
    topicsRemoved: [],
    alertWorthy: true,
    ...extra,
  };
}

function change(
  previous: ClusterLink | null,
  current: ClusterLink | null,
  events: LinkChangeEvent[],
): LinkChange {
  return { linkName: LINK, previous, current, events };
}

function snapshot(link: ClusterLink, overrides: Partial<LinkSnapshot> = {}): LinkSnapshot {
  return {
    clusterId: CLUSTER,
    link,
    version: 4,
    stateSince: T0,
    unhealthySince: null,
    lastRemindedAt: null,
    pendingCondition: null,
    ...overrides,
  };
}

const active = aLink();
const failed = aLink({ linkState: 'FAILED', linkError: 'AUTHENTICATION_ERROR', linkErrorMessage: 'bad key' });
const paused = aLink({ linkState: 'PAUSED' });
const toFailed = [
  event('LINK_STATE_CHANGED', 'critical', 'ACTIVE', 'FAILED'),
  event('LINK_ERROR_CHANGED', 'critical', null, 'AUTHENTICATION_ERROR'),
];
const toActive = [
  event('LINK_STATE_CHANGED', 'resolved', 'FAILED', 'ACTIVE'),
  event('LINK_ERROR_CHANGED', 'resolved', 'AUTHENTICATION_ERROR', null),
];
/** A silence over the link from T0 for a day. */
const silenceOver = (id: string, matchers: Omit<Silence['matchers'], 'linkName'> = {}): Silence =>
  aSilence(id, { linkName: LINK, ...matchers }, T0, at(T0, 24 * HOUR).toISOString());
const messageReworded = event('LINK_ERROR_MESSAGE_CHANGED', 'info', 'bad key', 'worse key', {
  alertWorthy: false,
});

describe('Function: commitForChange', () => {
  describe('a new link', () => {
    it('starts at version 1, expects no snapshot, and records the addition to notify', () => {
      // Prepare
      const now = at(T0);

      // Act
      const { commit, promote } = commitForChange(
        change(null, active, [event('LINK_ADDED', 'info', null, null)]),
        null,
        context(now),
      );

      // Assess
      expect(commit.expectedVersion).toBeNull();
      expect(commit.next).toMatchObject({
        version: 1,
        stateSince: T0,
        unhealthySince: null,
        pendingCondition: null,
      });
      expect(commit.events).toEqual([
        expect.objectContaining({
          eventId: `${CLUSTER}#${LINK}#${T0}#v1#0`,
          type: 'LINK_ADDED',
          clusterLabel: 'Production',
          clusterLinkId: active.clusterLinkId,
          observedAt: T0,
          previousSince: null,
          notification: 'PENDING',
          expiresAt: Date.parse(T0) / 1000 + 90 * 86_400,
        }),
      ]);
      expect(promote).toEqual([]);
    });

    it('marks a link that is unhealthy when first seen as unhealthy since now', () => {
      const { commit } = commitForChange(change(null, failed, []), null, context(at(T0)));

      expect(commit.next?.unhealthySince).toBe(T0);
    });

    it('gives an event without topic counts or a part no such attributes, not empty ones', () => {
      const { commit } = commitForChange(
        change(null, active, [event('LINK_ADDED', 'info', null, null)]),
        null,
        context(at(T0)),
      );

      expect(Object.keys(commit.events[0] ?? {})).not.toContain('topicCounts');
      expect(Object.keys(commit.events[0] ?? {})).not.toContain('part');
    });
  });

  describe('a condition change without damping', () => {
    it('notifies at once, says how long the old state lasted, and starts the new state now', () => {
      // Prepare
      const now = at(T0, 3 * HOUR);
      const before = snapshot(active, { stateSince: T0, lastRemindedAt: null });

      // Act
      const { commit } = commitForChange(change(active, failed, toFailed), before, context(now));

      // Assess
      expect(commit.expectedVersion).toBe(4);
      expect(commit.next).toMatchObject({
        version: 5,
        stateSince: now.toISOString(),
        unhealthySince: now.toISOString(),
        pendingCondition: null,
      });
      expect(commit.events.map((e) => [e.type, e.notification, e.previousSince, e.eventId])).toEqual([
        ['LINK_STATE_CHANGED', 'PENDING', T0, `${CLUSTER}#${LINK}#${now.toISOString()}#v5#0`],
        ['LINK_ERROR_CHANGED', 'PENDING', T0, `${CLUSTER}#${LINK}#${now.toISOString()}#v5#1`],
      ]);
    });

    it('says for a recovery how long the link was unhealthy, and clears the unhealthy time and reminders', () => {
      // Prepare
      const unhealthySince = at(T0, -5 * HOUR).toISOString();
      const before = snapshot(failed, {
        stateSince: at(T0, -HOUR).toISOString(),
        unhealthySince,
        lastRemindedAt: T0,
      });

      // Act
      const { commit } = commitForChange(change(failed, active, toActive), before, context(at(T0, HOUR)));

      // Assess
      expect(commit.events.map((e) => e.previousSince)).toEqual([unhealthySince, unhealthySince]);
      expect(commit.next).toMatchObject({ unhealthySince: null, lastRemindedAt: null });
    });

    it('keeps the unhealthy time when one unhealthy condition turns into another', () => {
      // Prepare
      const unhealthySince = at(T0, -5 * HOUR).toISOString();
      const before = snapshot(paused, { unhealthySince });

      // Act
      const { commit } = commitForChange(
        change(paused, failed, [event('LINK_STATE_CHANGED', 'critical', 'PAUSED', 'FAILED')]),
        before,
        context(at(T0)),
      );

      // Assess
      expect(commit.next?.unhealthySince).toBe(unhealthySince);
      expect(commit.next?.stateSince).toBe(T0);
    });
  });

  describe('notification status of changes that are not alerts by default', () => {
    const topics = event('MIRROR_TOPICS_CHANGED', 'info', null, null, {
      alertWorthy: false,
      topicsAdded: ['refunds'],
    });
    const message = event('LINK_ERROR_MESSAGE_CHANGED', 'info', 'bad key', 'expired key', {
      alertWorthy: false,
    });

    it('records topic and message changes without notifying them', () => {
      const { commit } = commitForChange(
        change(active, active, [topics, message]),
        snapshot(active),
        context(at(T0)),
      );

      expect(commit.events.map((e) => e.notification)).toEqual(['NOT_NOTIFIED', 'NOT_NOTIFIED']);
    });

    it('notifies them when the settings ask for it', () => {
      const { commit } = commitForChange(
        change(active, active, [topics, message]),
        snapshot(active),
        context(at(T0), { notifyTopicChanges: true, notifyMessageChanges: true }),
      );

      expect(commit.events.map((e) => e.notification)).toEqual(['PENDING', 'PENDING']);
    });

    it('notifies only topic changes when only topic changes are asked for', () => {
      const { commit } = commitForChange(
        change(active, active, [topics, message]),
        snapshot(active),
        context(at(T0), { notifyTopicChanges: true }),
      );

      expect(commit.events.map((e) => [e.type, e.notification])).toEqual([
        ['MIRROR_TOPICS_CHANGED', 'PENDING'],
        ['LINK_ERROR_MESSAGE_CHANGED', 'NOT_NOTIFIED'],
      ]);
    });

    it('notifies only message changes when only message changes are asked for', () => {
      const { commit } = commitForChange(
        change(active, active, [topics, message]),
        snapshot(active),
        context(at(T0), { notifyMessageChanges: true }),
      );

      expect(commit.events.map((e) => [e.type, e.notification])).toEqual([
        ['MIRROR_TOPICS_CHANGED', 'NOT_NOTIFIED'],
        ['LINK_ERROR_MESSAGE_CHANGED', 'PENDING'],
      ]);
    });

    it('records the exact counts of a topic change too large to name every topic', () => {
      // Prepare
      const many = event('MIRROR_TOPICS_CHANGED', 'info', null, null, {
        alertWorthy: false,
        topicsAdded: ['t-0001', 't-0002'],
        topicCounts: { added: 5_000, removed: 0 },
      });

      // Act
      const { commit } = commitForChange(change(active, active, [many]), snapshot(active), context(at(T0)));

      // Assess
      expect(commit.events).toEqual([
        expect.objectContaining({
          topicsAdded: ['t-0001', 't-0002'],
          topicCounts: { added: 5_000, removed: 0 },
        }),
      ]);
    });

    it('leaves the state time alone for a change that is not a condition change', () => {
      const { commit } = commitForChange(
        change(active, active, [topics]),
        snapshot(active),
        context(at(T0, HOUR)),
      );

      expect(commit.next?.stateSince).toBe(T0);
    });
  });

  describe('damping (dampingPolls 3)', () => {
    const damping = { dampingPolls: 3 };

    it('records a new condition at once but holds its notification until it has held', () => {
      // Act
      const { commit, promote } = commitForChange(
        change(active, failed, toFailed),
        snapshot(active),
        context(at(T0, MINUTE), damping),
      );

      // Assess
      expect(commit.events.map((e) => e.notification)).toEqual(['NOT_NOTIFIED', 'NOT_NOTIFIED']);
      expect(commit.next?.pendingCondition).toEqual({
        key: conditionKey(failed),
        polls: 1,
        heldEventIds: commit.events.map((e) => e.eventId),
        settledKey: conditionKey(active),
      });
      expect(promote).toEqual([]);
    });

    it('holds the condition of a link unhealthy on the first listing with no condition notified before it', () => {
      // Act: the baseline tells of an unhealthy link with its condition events
      const firstSeen = [
        event('LINK_STATE_CHANGED', 'critical', null, 'FAILED'),
        event('LINK_ERROR_CHANGED', 'critical', null, 'AUTHENTICATION_ERROR'),
      ];
      const { commit } = commitForChange(change(null, failed, firstSeen), null, context(at(T0), damping));

      // Assess
      expect(commit.next?.pendingCondition).toStrictEqual({
        key: conditionKey(failed),
        polls: 1,
        heldEventIds: commit.events.map((e) => e.eventId),
      });
    });

    it('does not hold back the other events of the same poll', () => {
      // Prepare
      const topics = event('MIRROR_TOPICS_CHANGED', 'info', null, null, { alertWorthy: false });

      // Act
      const { commit } = commitForChange(
        change(active, failed, [...toFailed, topics]),
        snapshot(active),
        context(at(T0), { ...damping, notifyTopicChanges: true }),
      );

      // Assess
      expect(commit.events.map((e) => [e.type, e.notification])).toEqual([
        ['LINK_STATE_CHANGED', 'NOT_NOTIFIED'],
        ['LINK_ERROR_CHANGED', 'NOT_NOTIFIED'],
        ['MIRROR_TOPICS_CHANGED', 'PENDING'],
      ]);
      expect(commit.next?.pendingCondition?.heldEventIds).toHaveLength(2);
    });

    it('keeps holding the change away from a heard condition when another condition follows before it held', () => {
      // Prepare: FAILED was told; its recovery (two events of one commit) is held when the link pauses
      const recovery = [eventId(CLUSTER, LINK, T0, 5, 0), eventId(CLUSTER, LINK, T0, 5, 1)];
      const recovering = snapshot(active, {
        version: 5,
        announced: ['link'],
        pendingCondition: {
          key: conditionKey(active),
          polls: 1,
          heldEventIds: recovery,
          settledKey: conditionKey(failed),
        },
      });

      // Act
      const { commit } = commitForChange(
        change(active, paused, [event('LINK_STATE_CHANGED', 'warning', 'ACTIVE', 'PAUSED')]),
        recovering,
        context(at(T0, MINUTE), damping),
      );

      // Assess: once PAUSED holds, a critical-only receiver hears that FAILED ended
      expect(commit.next?.pendingCondition?.heldEventIds).toEqual([...recovery, commit.events[0]?.eventId]);
    });

    it('holds only the latest change of a damped run nobody heard begin', () => {
      // Prepare
      const failing = snapshot(failed, {
        pendingCondition: {
          key: conditionKey(failed),
          polls: 1,
          heldEventIds: ['held'],
          settledKey: conditionKey(active),
        },
      });

      // Act
      const { commit } = commitForChange(
        change(failed, paused, [event('LINK_STATE_CHANGED', 'warning', 'FAILED', 'PAUSED')]),
        failing,
        context(at(T0, MINUTE), damping),
      );

      // Assess
      expect(commit.next?.pendingCondition?.heldEventIds).toEqual([commit.events[0]?.eventId]);
    });

    it('ends the damping with nothing to notify when the link flaps back to the condition last notified', () => {
      // Prepare: FAILED is pending after ACTIVE was the notified condition.
      const pending = {
        key: conditionKey(failed),
        polls: 1,
        heldEventIds: ['held-1', 'held-2'],
        settledKey: conditionKey(active),
      };

      // Act
      const { commit, promote } = commitForChange(
        change(failed, active, toActive),
        snapshot(failed, { pendingCondition: pending }),
        context(at(T0, MINUTE), damping),
      );

      // Assess
      expect(commit.events.map((e) => e.notification)).toEqual(['NOT_NOTIFIED', 'NOT_NOTIFIED']);
      expect(commit.next?.pendingCondition).toBeNull();
      expect(promote).toEqual([]);
    });

    it('keeps the condition last notified when a damped condition turns into another one', () => {
      // Prepare
      const pending = {
        key: conditionKey(paused),
        polls: 1,
        heldEventIds: ['held-1'],
        settledKey: conditionKey(active),
      };

      // Act
      const { commit } = commitForChange(
        change(paused, failed, [event('LINK_STATE_CHANGED', 'critical', 'PAUSED', 'FAILED')]),
        snapshot(paused, { pendingCondition: pending }),
        context(at(T0), damping),
      );

      // Assess
      expect(commit.next?.pendingCondition).toMatchObject({
        key: conditionKey(failed),
        polls: 1,
        settledKey: conditionKey(active),
      });
    });

    it('counts a poll with other changes as one in which the pending condition held', () => {
      // Prepare
      const pending = {
        key: conditionKey(failed),
        polls: 2,
        heldEventIds: ['held-1', 'held-2'],
        settledKey: conditionKey(active),
      };
      const message = event('LINK_ERROR_MESSAGE_CHANGED', 'info', 'bad key', 'worse key', {
        alertWorthy: false,
      });

      // Act
      const { commit, promote } = commitForChange(
        change(failed, { ...failed, linkErrorMessage: 'worse key' }, [message]),
        snapshot(failed, { pendingCondition: pending }),
        context(at(T0), damping),
      );

      // Assess
      expect(promote).toEqual(['held-1', 'held-2']);
      expect(commit.next?.pendingCondition).toBeNull();
    });

    it('counts a poll that changes something else as one more poll of a held condition that has not held yet', () => {
      // Prepare
      const pending = {
        key: conditionKey(failed),
        polls: 1,
        heldEventIds: ['held-1', 'held-2'],
        settledKey: conditionKey(active),
      };

      // Act
      const { commit, promote } = commitForChange(
        change(failed, { ...failed, linkErrorMessage: 'worse key' }, [messageReworded]),
        snapshot(failed, { pendingCondition: pending }),
        context(at(T0), damping),
      );

      // Assess
      expect(promote).toEqual([]);
      expect(commit.next?.pendingCondition).toEqual({ ...pending, polls: 2 });
    });

    it('owes no reminder while a damped condition is pending, even on a poll that changes something else', () => {
      // Prepare: FAILED since T0, pending for longer than the reminder interval
      const pending = {
        key: conditionKey(failed),
        polls: 1,
        heldEventIds: ['held-1'],
        settledKey: conditionKey(active),
      };
      const failing = snapshot(failed, { stateSince: T0, unhealthySince: T0, pendingCondition: pending });

      // Act
      const { commit } = commitForChange(
        change(failed, { ...failed, linkErrorMessage: 'worse key' }, [messageReworded]),
        failing,
        context(at(T0, 5 * HOUR), damping),
      );

      // Assess
      expect(commit.events.map((e) => e.type)).toEqual(['LINK_ERROR_MESSAGE_CHANGED']);
      expect(commit.next?.lastRemindedAt).toBeNull();
    });

    it('records a damped condition under a silence with the silence, and holds nothing of it to notify', () => {
      // Act
      const { commit } = commitForChange(change(active, failed, toFailed), snapshot(active), {
        ...context(at(T0, MINUTE), damping),
        silences: [silenceOver('s-drill')],
      });

      // Assess
      expect(commit.events.map((e) => [e.notification, e.silencedBy])).toEqual([
        ['NOT_NOTIFIED', 's-drill'],
        ['NOT_NOTIFIED', 's-drill'],
      ]);
      expect(commit.next?.pendingCondition).toMatchObject({ key: conditionKey(failed), heldEventIds: [] });
    });

    it('keeps no silence on news of a damped poll that is not notified: there was nothing to keep quiet', () => {
      // Prepare
      const topics = event('MIRROR_TOPICS_CHANGED', 'info', null, null, { alertWorthy: false });

      // Act
      const { commit } = commitForChange(change(active, failed, [...toFailed, topics]), snapshot(active), {
        ...context(at(T0, MINUTE), damping),
        silences: [silenceOver('s-drill')],
      });

      // Assess
      expect(commit.events.map((e) => [e.type, e.notification, e.silencedBy ?? null])).toEqual([
        ['LINK_STATE_CHANGED', 'NOT_NOTIFIED', 's-drill'],
        ['LINK_ERROR_CHANGED', 'NOT_NOTIFIED', 's-drill'],
        ['MIRROR_TOPICS_CHANGED', 'NOT_NOTIFIED', null],
      ]);
    });

    it('holds the first change away from a heard condition with the latest, and none of the changes between', () => {
      // Prepare: FAILED was told; ACTIVE (v5, two events) then PAUSED (v6) did not hold
      const v5 = at(T0, MINUTE).toISOString();
      const v6 = at(T0, 2 * MINUTE).toISOString();
      const recovery = [eventId(CLUSTER, LINK, v5, 5, 0), eventId(CLUSTER, LINK, v5, 5, 1)];
      const pausing = snapshot(paused, {
        version: 6,
        announced: ['link'],
        pendingCondition: {
          key: conditionKey(paused),
          polls: 1,
          heldEventIds: [...recovery, eventId(CLUSTER, LINK, v6, 6, 0)],
          settledKey: conditionKey(failed),
        },
      });
      const unavailable = aLink({ linkState: 'UNAVAILABLE' });

      // Act
      const { commit } = commitForChange(
        change(paused, unavailable, [event('LINK_STATE_CHANGED', 'critical', 'PAUSED', 'UNAVAILABLE')]),
        pausing,
        context(at(T0, 3 * MINUTE), damping),
      );

      // Assess
      expect(commit.next?.pendingCondition?.heldEventIds).toEqual([...recovery, commit.events[0]?.eventId]);
    });

    it('holds only the latest change when the change away from a heard condition was kept quiet', () => {
      // Prepare: FAILED was told; its change to UNAVAILABLE was silenced, so nothing of it is held
      const unavailable = aLink({ linkState: 'UNAVAILABLE', linkError: 'AUTHENTICATION_ERROR' });
      const silenced = snapshot(unavailable, {
        announced: ['link'],
        pendingCondition: {
          key: conditionKey(unavailable),
          polls: 1,
          heldEventIds: [],
          settledKey: conditionKey(failed),
        },
      });

      // Act
      const { commit } = commitForChange(
        change(unavailable, paused, [event('LINK_STATE_CHANGED', 'warning', 'UNAVAILABLE', 'PAUSED')]),
        silenced,
        context(at(T0, MINUTE), damping),
      );

      // Assess
      expect(commit.next?.pendingCondition?.heldEventIds).toEqual([commit.events[0]?.eventId]);
    });
  });

  describe('a removed link', () => {
    it('deletes the snapshot, records the removal and promotes nothing', () => {
      // Act
      const { commit, promote } = commitForChange(
        change(active, null, [event('LINK_REMOVED', 'warning', null, null)]),
        snapshot(active),
        context(at(T0)),
      );

      // Assess
      expect(commit.next).toBeNull();
      expect(commit.expectedVersion).toBe(4);
      expect(commit.events).toEqual([
        expect.objectContaining({ type: 'LINK_REMOVED', link: active, notification: 'PENDING' }),
      ]);
      expect(promote).toEqual([]);
    });

    it('sends the damped recovery of a heard problem with the removal', () => {
      // Prepare: FAILED was told; the recovery is held by damping when the link disappears
      const recovering = snapshot(active, {
        announced: ['link'],
        pendingCondition: {
          key: conditionKey(active),
          polls: 1,
          heldEventIds: ['held-state', 'held-error'],
          settledKey: conditionKey(failed),
        },
      });

      // Act
      const { promote } = commitForChange(
        change(active, null, [event('LINK_REMOVED', 'info', null, null)]),
        recovering,
        context(at(T0), { dampingPolls: 3 }),
      );

      // Assess
      expect(promote).toEqual(['held-state', 'held-error']);
    });

    it('promotes nothing with the removal of a link whose heard problem holds no damped change', () => {
      // Act
      const { promote } = commitForChange(
        change(failed, null, [event('LINK_REMOVED', 'warning', null, null)]),
        snapshot(failed, { unhealthySince: T0, announced: ['link'] }),
        context(at(T0, HOUR), { dampingPolls: 3 }),
      );

      // Assess
      expect(promote).toEqual([]);
    });

    it('keeps back a damped failure nobody heard when the link disappears', () => {
      // Prepare
      const failing = snapshot(failed, {
        pendingCondition: {
          key: conditionKey(failed),
          polls: 1,
          heldEventIds: ['held'],
          settledKey: conditionKey(active),
        },
      });

      // Act
      const { promote } = commitForChange(
        change(failed, null, [event('LINK_REMOVED', 'info', null, null)]),
        failing,
        context(at(T0), { dampingPolls: 3 }),
      );

      // Assess
      expect(promote).toEqual([]);
    });
  });

  describe('a heard problem under a silence that began after it', () => {
    const silence: Silence = {
      id: 's-drill',
      matchers: { linkName: 'orders-*' },
      startsAt: T0,
      endsAt: at(T0, 2 * HOUR).toISOString(),
      reason: 'failover drill',
      createdBy: 'alice',
      createdAt: T0,
      expiredAt: null,
    };
    const failedHeard = snapshot(failed, { unhealthySince: T0, announced: ['link'] });
    const silenced = (now: Date): RecordContext => ({ ...context(now), silences: [silence] });

    it('tells a change from the critical condition to a milder one: to critical-only receivers it is the end', () => {
      // Prepare: FAILED (in error) was notified; it becomes PAUSED inside the silence
      const toPaused = [
        event('LINK_STATE_CHANGED', 'warning', 'FAILED', 'PAUSED'),
        event('LINK_ERROR_CHANGED', 'warning', 'AUTHENTICATION_ERROR', null),
      ];

      // Act
      const { commit } = commitForChange(
        change(failed, paused, toPaused),
        failedHeard,
        silenced(at(T0, HOUR)),
      );

      // Assess
      expect(commit.events.map((e) => [e.type, e.notification, e.silencedBy ?? null])).toEqual([
        ['LINK_STATE_CHANGED', 'PENDING', null],
        ['LINK_ERROR_CHANGED', 'PENDING', null],
      ]);
      expect(commit.next?.silencedBy).toBeUndefined();
      expect(commit.next?.announced).toEqual(['link']);
    });

    it('keeps a change to another critical condition silenced: the notice at the silence end names it', () => {
      // Prepare
      const unavailable = aLink({ linkState: 'UNAVAILABLE', linkError: 'AUTHENTICATION_ERROR' });

      // Act
      const { commit } = commitForChange(
        change(failed, unavailable, [event('LINK_STATE_CHANGED', 'critical', 'FAILED', 'UNAVAILABLE')]),
        failedHeard,
        silenced(at(T0, HOUR)),
      );

      // Assess
      expect(commit.events).toEqual([
        expect.objectContaining({ notification: 'NOT_NOTIFIED', silencedBy: 's-drill' }),
      ]);
      expect(commit.next?.silencedBy).toBe('s-drill');
    });

    it('keeps silenced a change to a milder condition of a problem nobody heard', () => {
      // Act
      const { commit } = commitForChange(
        change(failed, paused, [event('LINK_STATE_CHANGED', 'warning', 'FAILED', 'PAUSED')]),
        snapshot(failed, { unhealthySince: T0 }),
        silenced(at(T0, HOUR)),
      );

      // Assess
      expect(commit.events).toEqual([
        expect.objectContaining({ notification: 'NOT_NOTIFIED', silencedBy: 's-drill' }),
      ]);
    });
  });
});

describe('the silence a snapshot remembers, whose end is told while the problem goes on', () => {
  it('is the one that hid an event of the new condition, even when another event of it was told', () => {
    // Prepare: a silence of error changes only
    const errorsOnly = silenceOver('s-errors', { eventTypes: ['LINK_ERROR_CHANGED'] });

    // Act
    const { commit } = commitForChange(change(active, failed, toFailed), snapshot(active), {
      ...context(at(T0, HOUR)),
      silences: [errorsOnly],
    });

    // Assess
    expect(commit.events.map((e) => [e.type, e.notification])).toEqual([
      ['LINK_STATE_CHANGED', 'PENDING'],
      ['LINK_ERROR_CHANGED', 'NOT_NOTIFIED'],
    ]);
    expect(commit.next?.silencedBy).toBe('s-errors');
  });
});

describe('Function: commitForUnchanged', () => {
  describe('damping', () => {
    const pending = {
      key: conditionKey(failed),
      polls: 1,
      heldEventIds: ['held-1', 'held-2'],
      settledKey: 'ACTIVE/-',
    };

    it('counts another poll while the pending condition has not held long enough', () => {
      // Act
      const result = commitForUnchanged(
        snapshot(failed, { pendingCondition: pending }),
        failed,
        context(at(T0), { dampingPolls: 3 }),
      );

      // Assess
      expect(result?.promote).toEqual([]);
      expect(result?.commit.events).toEqual([]);
      expect(result?.commit.next?.pendingCondition).toEqual({ ...pending, polls: 2 });
      expect(result?.commit.next?.version).toBe(5);
    });

    it('promotes the held events once the condition has held for dampingPolls polls', () => {
      // Act
      const result = commitForUnchanged(
        snapshot(failed, { pendingCondition: { ...pending, polls: 2 } }),
        failed,
        context(at(T0), { dampingPolls: 3 }),
      );

      // Assess
      expect(result?.promote).toEqual(['held-1', 'held-2']);
      expect(result?.commit.next?.pendingCondition).toBeNull();
    });
  });

  describe('reminders (every 4 hours)', () => {
    const unhealthySince = T0;

    it('writes nothing for a healthy link: the steady state costs no write', () => {
      expect(commitForUnchanged(snapshot(active), active, context(at(T0, 10 * HOUR)))).toBeNull();
    });

    it('writes nothing before an interval has passed since the link became unhealthy', () => {
      const before = snapshot(failed, { stateSince: T0, unhealthySince });

      expect(commitForUnchanged(before, failed, context(at(T0, 4 * HOUR - 1)))).toBeNull();
    });

    it('reminds once an interval has passed, saying since when the link is unhealthy', () => {
      // Prepare
      const now = at(T0, 4 * HOUR);
      const before = snapshot(failed, { stateSince: T0, unhealthySince });

      // Act
      const result = commitForUnchanged(before, failed, context(now));

      // Assess
      expect(result?.commit.events).toEqual([
        expect.objectContaining({
          eventId: `${CLUSTER}#${LINK}#${now.toISOString()}#v5#0`,
          type: 'LINK_STILL_UNHEALTHY',
          severity: 'critical',
          to: 'FAILED',
          previousSince: unhealthySince,
          notification: 'PENDING',
        }),
      ]);
      expect(result?.commit.next?.lastRemindedAt).toBe(now.toISOString());
      expect(result?.promote).toEqual([]);
    });

    it('counts the next reminder from the last one', () => {
      const before = snapshot(failed, {
        stateSince: T0,
        unhealthySince,
        lastRemindedAt: at(T0, 4 * HOUR).toISOString(),
      });

      expect(commitForUnchanged(before, failed, context(at(T0, 8 * HOUR - 1)))).toBeNull();
      expect(commitForUnchanged(before, failed, context(at(T0, 8 * HOUR)))?.commit.events).toHaveLength(1);
    });

    it('counts from the last change of condition, which was itself an alert', () => {
      // Prepare: unhealthy since T0, turned from PAUSED to FAILED 3 hours later.
      const before = snapshot(failed, { unhealthySince, stateSince: at(T0, 3 * HOUR).toISOString() });

      // Act
      const early = commitForUnchanged(before, failed, context(at(T0, 5 * HOUR)));
      const due = commitForUnchanged(before, failed, context(at(T0, 7 * HOUR)));

      // Assess
      expect(early).toBeNull();
      expect(due?.commit.events[0]?.severity).toBe('critical');
    });

    it('reminds of a warning condition with warning severity', () => {
      const before = snapshot(paused, { unhealthySince });

      expect(commitForUnchanged(before, paused, context(at(T0, 4 * HOUR)))?.commit.events[0]?.severity).toBe(
        'warning',
      );
    });

    it('never reminds when reminders are switched off (interval 0)', () => {
      const before = snapshot(failed, { unhealthySince });

      expect(
        commitForUnchanged(before, failed, context(at(T0, 100 * HOUR), { reminderIntervalMs: 0 })),
      ).toBeNull();
    });
  });
});

describe('reminders on a poll that changes something else (Function: commitForChange)', () => {
  it('reminds on a poll that changes something else too', () => {
    // Prepare
    const now = at(T0, 4 * HOUR);
    const before = snapshot(failed, { stateSince: T0, unhealthySince: T0 });

    // Act
    const { commit } = commitForChange(
      change(failed, { ...failed, linkErrorMessage: 'worse key' }, [messageReworded]),
      before,
      context(now),
    );

    // Assess
    expect(commit.events.map((e) => [e.type, e.eventId])).toEqual([
      ['LINK_ERROR_MESSAGE_CHANGED', eventId(CLUSTER, LINK, now.toISOString(), 5, 0)],
      ['LINK_STILL_UNHEALTHY', eventId(CLUSTER, LINK, now.toISOString(), 5, 1)],
    ]);
    expect(commit.next?.lastRemindedAt).toBe(now.toISOString());
  });

  it('keeps the time of the last reminder through a poll that changes something else', () => {
    // Prepare
    const remindedAt = at(T0, 4 * HOUR).toISOString();
    const before = snapshot(failed, { stateSince: T0, unhealthySince: T0, lastRemindedAt: remindedAt });

    // Act
    const { commit } = commitForChange(
      change(failed, { ...failed, linkErrorMessage: 'worse key' }, [messageReworded]),
      before,
      context(at(T0, 5 * HOUR)),
    );

    // Assess
    expect(commit.events.map((e) => e.type)).toEqual(['LINK_ERROR_MESSAGE_CHANGED']);
    expect(commit.next?.lastRemindedAt).toBe(remindedAt);
  });
});

describe('reminders of unhealthy mirror topics and tasks under a healthy link', () => {
  const failedTopic: MirrorTopicState = {
    topicName: 'refunds',
    status: 'FAILED',
    error: 'SOURCE_TOPIC_MAY_BE_DELETED',
    stateTimeMs: Date.parse(T0),
    transitionErrors: [],
  };
  const taskInError: LinkTask = {
    taskName: 'AclSync',
    state: 'IN_ERROR',
    errors: [{ errorCode: 'MISCONFIGURATION_ERROR', errorMessage: 'acl.filters could not be parsed' }],
  };
  const withBrokenParts = aLink({ mirrorTopics: [failedTopic], tasks: [taskInError] });
  const topicFails = event('MIRROR_TOPIC_STATE_CHANGED', 'critical', null, 'FAILED', {
    part: {
      kind: 'mirror-topic',
      name: 'refunds',
      state: 'FAILED',
      errorCode: 'SOURCE_TOPIC_MAY_BE_DELETED',
      errorMessage: null,
      stateSince: T0,
    },
  });
  const topicRecovers = event('MIRROR_TOPIC_STATE_CHANGED', 'resolved', 'FAILED', 'ACTIVE', {
    part: {
      kind: 'mirror-topic',
      name: 'refunds',
      state: 'ACTIVE',
      errorCode: null,
      errorMessage: null,
      stateSince: null,
    },
  });
  const brokenSince = (since: string, overrides: Partial<LinkSnapshot> = {}) =>
    snapshot(withBrokenParts, { partsUnhealthySince: since, ...overrides });

  describe('Function: commitForChange', () => {
    it('remembers since when the parts are unhealthy, from the poll that found them', () => {
      const result = commitForChange(
        change(active, withBrokenParts, [topicFails]),
        snapshot(active),
        context(at(T0)),
      );

      expect(result.commit.next?.partsUnhealthySince).toBe(T0);
    });

    it('keeps that time while the parts stay unhealthy through another change', () => {
      const result = commitForChange(
        change(withBrokenParts, withBrokenParts, [event('MIRROR_TOPICS_CHANGED', 'info', null, null)]),
        brokenSince(T0),
        context(at(T0, 2 * HOUR)),
      );

      expect(result.commit.next?.partsUnhealthySince).toBe(T0);
    });

    it('clears it when the parts recover', () => {
      const result = commitForChange(
        change(withBrokenParts, active, [topicRecovers]),
        brokenSince(T0),
        context(at(T0, 2 * HOUR)),
      );

      expect(result.commit.next?.partsUnhealthySince).toBeUndefined();
    });

    it('clears it when the link itself becomes unhealthy: its own reminders speak for its parts', () => {
      const failedWithParts = { ...failed, mirrorTopics: [failedTopic], tasks: [taskInError] };

      const result = commitForChange(
        change(withBrokenParts, failedWithParts, toFailed),
        brokenSince(T0),
        context(at(T0, 2 * HOUR)),
      );

      expect(result.commit.next?.partsUnhealthySince).toBeUndefined();
    });

    it('counts the parts of a link found with them unhealthy as unhealthy since that poll', () => {
      const result = commitForChange(
        change(null, withBrokenParts, [event('LINK_ADDED', 'info', null, null)]),
        null,
        context(at(T0)),
      );

      expect(result.commit.next?.partsUnhealthySince).toBe(T0);
    });

    it('says nothing of how long a topic was in its state before: the times of the link are not those of its topics', () => {
      const result = commitForChange(
        change(active, withBrokenParts, [topicFails]),
        snapshot(active, { stateSince: T0 }),
        context(at(T0, 2 * HOUR)),
      );

      expect(result.commit.events[0]?.previousSince).toBeNull();
    });

    it('remembers no silence that hid only other news of the link: the problems of its parts were not hidden', () => {
      // Prepare: topic changes are notified, and silenced
      const topicNews = silenceOver('s-topic-news', { eventTypes: ['MIRROR_TOPICS_CHANGED'] });

      // Act
      const result = commitForChange(
        change(withBrokenParts, withBrokenParts, [event('MIRROR_TOPICS_CHANGED', 'info', null, null)]),
        brokenSince(T0),
        { ...context(at(T0, HOUR), { notifyTopicChanges: true }), silences: [topicNews] },
      );

      // Assess
      expect(result.commit.events[0]?.silencedBy).toBe('s-topic-news');
      expect(result.commit.next?.silencedBy).toBeUndefined();
    });

    it('remembers no silence that kept quiet only the end of a topic problem while a task problem goes on', () => {
      // Prepare: the topic's failure was never heard; a silence of topic state changes began since
      const topicStates = silenceOver('s-topic-states', { eventTypes: ['MIRROR_TOPIC_STATE_CHANGED'] });
      const taskBroken = aLink({ tasks: [taskInError] });

      // Act
      const result = commitForChange(change(withBrokenParts, taskBroken, [topicRecovers]), brokenSince(T0), {
        ...context(at(T0, HOUR)),
        silences: [topicStates],
      });

      // Assess
      expect(result.commit.events[0]?.silencedBy).toBe('s-topic-states');
      expect(result.commit.next?.silencedBy).toBeUndefined();
      expect(result.commit.next?.partsUnhealthySince).toBe(T0);
    });
  });

  describe('Function: commitForUnchanged (every 4 hours)', () => {
    it('writes nothing before an interval has passed since the parts became unhealthy', () => {
      expect(commitForUnchanged(brokenSince(T0), withBrokenParts, context(at(T0, 4 * HOUR - 1)))).toBeNull();
    });

    it('reminds once per link after an interval, with the worst severity and the worst part', () => {
      // Prepare
      const now = at(T0, 4 * HOUR);

      // Act
      const result = commitForUnchanged(brokenSince(T0), withBrokenParts, context(now));

      // Assess
      expect(result?.commit.events).toEqual([
        expect.objectContaining({
          type: 'LINK_STILL_UNHEALTHY',
          severity: 'critical',
          to: 'ACTIVE',
          previousSince: T0,
          notification: 'PENDING',
          link: withBrokenParts,
          part: expect.objectContaining({ kind: 'mirror-topic', name: 'refunds', state: 'FAILED' }),
        }),
      ]);
      expect(result?.commit.next).toMatchObject({
        lastRemindedAt: now.toISOString(),
        partsUnhealthySince: T0,
      });
    });

    it('reminds of tasks in error alone with warning severity', () => {
      const tasksOnly = aLink({ tasks: [taskInError] });

      const result = commitForUnchanged(
        snapshot(tasksOnly, { partsUnhealthySince: T0 }),
        tasksOnly,
        context(at(T0, 4 * HOUR)),
      );

      expect(result?.commit.events[0]).toMatchObject({
        severity: 'warning',
        part: { kind: 'task', name: 'AclSync', errorCode: 'MISCONFIGURATION_ERROR' },
      });
    });

    it('writes nothing between reminders: the steady state costs no write', () => {
      const reminded = brokenSince(T0, { lastRemindedAt: at(T0, 4 * HOUR).toISOString() });

      expect(commitForUnchanged(reminded, withBrokenParts, context(at(T0, 4 * HOUR + MINUTE)))).toBeNull();
      expect(commitForUnchanged(reminded, withBrokenParts, context(at(T0, 8 * HOUR - 1)))).toBeNull();
      expect(
        commitForUnchanged(reminded, withBrokenParts, context(at(T0, 8 * HOUR)))?.commit.events,
      ).toHaveLength(1);
    });

    it('does not remind of parts when the link itself is unhealthy: only the link reminder is sent', () => {
      // Prepare: a stale parts time cannot make a FAILED link speak per part.
      const failedWithParts = { ...failed, mirrorTopics: [failedTopic], tasks: [taskInError] };
      const before = snapshot(failedWithParts, { unhealthySince: T0, partsUnhealthySince: T0 });

      // Act
      const result = commitForUnchanged(before, failedWithParts, context(at(T0, 4 * HOUR)));

      // Assess
      expect(result?.commit.events).toHaveLength(1);
      expect(result?.commit.events[0]).toMatchObject({ type: 'LINK_STILL_UNHEALTHY', to: 'FAILED' });
      expect(result?.commit.events[0]?.part).toBeUndefined();
    });

    it('sends no reminder after the parts recovered', () => {
      // Prepare
      const recovered = commitForChange(
        change(withBrokenParts, active, [topicRecovers]),
        brokenSince(T0),
        context(at(T0, 2 * HOUR)),
      ).commit.next;
      if (recovered === null) throw new Error('expected a snapshot');

      // Act
      const later = commitForUnchanged(recovered, active, context(at(T0, 12 * HOUR)));

      // Assess
      expect(later).toBeNull();
    });

    it('records a silenced reminder without notifying it', () => {
      // Prepare
      const silence: Silence = {
        id: 's-parts',
        matchers: { linkName: 'orders-*' },
        startsAt: T0,
        endsAt: at(T0, 24 * HOUR).toISOString(),
        reason: 'source topics being migrated',
        createdBy: 'alice',
        createdAt: T0,
        expiredAt: null,
      };

      // Act
      const result = commitForUnchanged(brokenSince(T0), withBrokenParts, {
        ...context(at(T0, 4 * HOUR)),
        silences: [silence],
      });

      // Assess
      expect(result?.commit.events).toEqual([
        expect.objectContaining({
          type: 'LINK_STILL_UNHEALTHY',
          notification: 'NOT_NOTIFIED',
          silencedBy: 's-parts',
        }),
      ]);
    });

    it('never reminds when reminders are switched off (interval 0)', () => {
      expect(
        commitForUnchanged(
          brokenSince(T0),
          withBrokenParts,
          context(at(T0, 100 * HOUR), { reminderIntervalMs: 0 }),
        ),
      ).toBeNull();
    });
  });
});

describe('a change of more mirror topics than one commit carries events for', () => {
  const names = Array.from({ length: 120 }, (_, n) => `orders.${String(n).padStart(3, '0')}`);
  const healthy = aLink({ topicNames: names });
  /** The link with its first `count` topics in `status`. */
  const withTopics = (status: string, count: number, first = 0): ClusterLink =>
    aLink({
      topicNames: names,
      mirrorTopics: names.slice(first, first + count).map(
        (topicName): MirrorTopicState => ({
          topicName,
          status,
          error: null,
          stateTimeMs: null,
          transitionErrors: [],
        }),
      ),
    });
  /** What the diff makes of the link going from `previous` to `current`, as one change. */
  const changeOf = (previous: ClusterLink, current: ClusterLink): LinkChange => {
    const [diffed] = diffLinks([previous], [current]);
    if (diffed === undefined) throw new Error('expected a change');
    return diffed;
  };
  /** The snapshot after 100 of the 120 topics were paused at T0. */
  const afterMassPause = (): LinkSnapshot => {
    const { commit } = commitForChange(
      changeOf(healthy, withTopics('PAUSED', 100)),
      snapshot(healthy),
      context(at(T0)),
    );
    if (commit.next === null) throw new Error('expected a snapshot');
    return commit.next;
  };
  const partScopes = (announced: readonly string[] | undefined) =>
    (announced ?? []).filter((scope) => scope.startsWith('mirror-topic:'));

  it('records 100 paused topics in one commit the store accepts, the snapshot moving to all of them', () => {
    // Act
    const { commit } = commitForChange(
      changeOf(healthy, withTopics('PAUSED', 100)),
      snapshot(healthy),
      context(at(T0)),
    );

    // Assess
    expect(() => checkLinkCommit(commit)).not.toThrow();
    expect(commit.next?.link.mirrorTopics).toHaveLength(100);
    expect(commit.events.at(-1)).toMatchObject({ type: 'PART_CHANGES_SUMMARISED', notification: 'PENDING' });
    expect(partScopes(commit.next?.announced)).toHaveLength(MAX_ANNOUNCED_PARTS);
    expect(commit.next?.announced).toContain('parts');
  });

  it('gives the summary an id of the commit like its other events', () => {
    // Act
    const { commit } = commitForChange(
      changeOf(healthy, withTopics('PAUSED', 100)),
      snapshot(healthy),
      context(at(T0)),
    );

    // Assess
    expect(commit.events.map((e) => e.eventId)).toEqual(
      commit.events.map((_, index) => eventId(CLUSTER, LINK, T0, 5, index)),
    );
  });

  it('announces nothing more once every topic resumes, though a snapshot from before the bound announced each of them', () => {
    // Prepare: all 120 topics paused and each announced on its own
    const before = snapshot(withTopics('PAUSED', 120), {
      announced: names.map((name) => `mirror-topic:${name}`),
    });

    // Act
    const { commit } = commitForChange(changeOf(before.link, healthy), before, context(at(T0, HOUR)));

    // Assess: the ends that did not fit went into the summary, and are heard all the same
    expect(commit.events.at(-1)).toMatchObject({ type: 'PART_CHANGES_SUMMARISED', severity: 'resolved' });
    expect(commit.next?.announced).toBeUndefined();
  });

  it('ends on its own every topic problem it announced on its own once the topics resume, and announces nothing after', () => {
    // Prepare
    const before = afterMassPause();

    // Act
    const { commit } = commitForChange(changeOf(before.link, healthy), before, context(at(T0, HOUR)));

    // Assess
    expect(() => checkLinkCommit(commit)).not.toThrow();
    const ended = commit.events
      .filter((e) => e.part !== undefined && e.severity === 'resolved' && e.notification === 'PENDING')
      .map((e) => `mirror-topic:${e.part?.name}`);
    expect(ended).toEqual(expect.arrayContaining(partScopes(before.announced)));
    expect(commit.next?.announced).toBeUndefined();
  });

  it('tells the end of a summarised topic problem under a silence that began after the summary', () => {
    // Prepare: a silence on the link from now on; the last summarised topic resumes, another topic fails
    const before = afterMassPause();
    expect(before.announced).not.toContain(`mirror-topic:${names[99]}`);
    expect(before.announced).toContain('parts');
    const silence: Silence = {
      id: 's-late',
      matchers: { linkName: LINK },
      startsAt: at(T0, HOUR).toISOString(),
      endsAt: at(T0, 24 * HOUR).toISOString(),
      reason: 'migration',
      createdBy: 'alice',
      createdAt: at(T0, HOUR).toISOString(),
      expiredAt: null,
    };
    const next = aLink({
      topicNames: names,
      mirrorTopics: [
        ...(before.link.mirrorTopics ?? []).filter((t) => t.topicName !== names[99]),
        {
          topicName: names[110] as string,
          status: 'FAILED',
          error: null,
          stateTimeMs: null,
          transitionErrors: [],
        },
      ],
    });

    // Act
    const { commit } = commitForChange(changeOf(before.link, next), before, {
      ...context(at(T0, 2 * HOUR)),
      silences: [silence],
    });

    // Assess
    expect(
      commit.events.filter((e) => e.part !== undefined).map((e) => [e.part?.name, e.notification]),
    ).toEqual([
      [names[99], 'PENDING'],
      [names[110], 'NOT_NOTIFIED'],
    ]);
  });

  it('keeps announcing the summary while a summarised topic is still paused, and stops once every one left is announced on its own', () => {
    // Prepare
    const before = afterMassPause();
    const summarised = 100 - MAX_ANNOUNCED_PARTS;

    // Act: half of the summarised topics resume, then the other half
    const half = commitForChange(
      changeOf(before.link, withTopics('PAUSED', 100 - summarised / 2)),
      before,
      context(at(T0, HOUR)),
    ).commit.next;
    if (half === null) throw new Error('expected a snapshot');
    const all = commitForChange(
      changeOf(half.link, withTopics('PAUSED', MAX_ANNOUNCED_PARTS)),
      half,
      context(at(T0, 2 * HOUR)),
    ).commit.next;

    // Assess
    expect(half.announced).toContain('parts');
    expect(all?.announced).not.toContain('parts');
    expect(partScopes(all?.announced)).toHaveLength(MAX_ANNOUNCED_PARTS);
  });

  it('records the removal of a link with 100 paused topics in one commit the store accepts', () => {
    // Prepare
    const before = afterMassPause();

    // Act
    const { commit } = commitForChange(
      {
        linkName: LINK,
        previous: before.link,
        current: null,
        events: diffLinks([before.link], [])[0]?.events ?? [],
      },
      before,
      context(at(T0, HOUR)),
    );

    // Assess
    expect(() => checkLinkCommit(commit)).not.toThrow();
    expect(commit.events[0]).toMatchObject({ type: 'LINK_REMOVED', notification: 'PENDING' });
  });
});

describe('Function: eventId', () => {
  it('gives a link removed and added again, whose versions restart, ids of its own', () => {
    // Act
    const first = eventId(CLUSTER, LINK, T0, 1, 0);
    const again = eventId(CLUSTER, LINK, at(T0, MINUTE).toISOString(), 1, 0);

    // Assess
    expect(first).not.toBe(again);
  });

  it('is the same for every attempt of one poll, so a retried commit cannot duplicate an event', () => {
    expect(eventId(CLUSTER, LINK, T0, 3, 1)).toBe(eventId(CLUSTER, LINK, T0, 3, 1));
  });

  it('uses - for cluster events, which have no link', () => {
    expect(eventId(CLUSTER, null, T0, 2, 0)).toBe(`${CLUSTER}#-#${T0}#v2#0`);
  });
});

describe('Function: expiresAt', () => {
  it('is the retention in days after now, in epoch seconds for DynamoDB TTL', () => {
    expect(expiresAt(at(T0, 999), 1)).toBe(Math.floor((Date.parse(T0) + 999) / 1000) + 86_400);
  });
});

describe('Function: conditionKey', () => {
  it('compares state and error, and shows a missing one as -', () => {
    expect(conditionKey(failed)).toBe('FAILED/AUTHENTICATION_ERROR');
    expect(conditionKey({ linkState: null, linkError: null })).toBe('-/-');
  });
});
