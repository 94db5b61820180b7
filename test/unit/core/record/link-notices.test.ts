/**
 * What a link owes the people who hear of it beyond its changes, under silences: a silence hides
 * what it matches and nothing else, the end of a silence on a link still unhealthy is told once and
 * names the silence, a silence that takes over from an ended one is the one whose end speaks, and
 * every notice leaves the snapshot at the version its commit writes.
 */
import { describe, expect, it } from 'vitest';
import type { LinkChangeEvent, LinkChangeType } from '../../../../core/model/change-events.js';
import type { ClusterLink, MirrorTopicState, Severity } from '../../../../core/model/link-model.js';
import type { LinkSnapshot } from '../../../../core/ports.js';
import {
  announcedAfter,
  announcedAfterPromotion,
  isPartScope,
  problemScope,
  SILENCE_ENDED,
  silencing,
  withoutSettledSummary,
} from '../../../../core/record/link-notices.js';
import { commitForChange, commitForUnchanged } from '../../../../core/record/record-changes.js';
import { aLink } from '../../../support/link-fixtures.js';
import { anEvent } from '../notify/render/notification-fixtures.js';
import {
  aChange,
  aChangeEvent,
  aSilence,
  aSnapshot,
  aTopicPart,
  at,
  CLUSTER,
  drill,
  HOUR,
  LINK,
  recordContext,
  T0,
} from './link-notices-fixtures.js';

function event(
  type: LinkChangeType,
  severity: Severity,
  from: string | null,
  to: string | null,
): LinkChangeEvent {
  return aChangeEvent({ type, severity, from, to });
}

function snapshot(link: ClusterLink, overrides: Partial<LinkSnapshot> = {}): LinkSnapshot {
  return aSnapshot(link, { stateSince: T0, unhealthySince: T0, ...overrides });
}

const active = aLink();
const paused = aLink({ linkState: 'PAUSED' });
const failed = aLink({ linkState: 'FAILED', linkError: 'AUTHENTICATION_ERROR', linkErrorMessage: 'bad key' });

describe('a silence that matches only some severities', () => {
  // Warnings of the link are expected during the drill; anything worse must still page.
  const warningsOnly = aSilence(
    's-warn',
    { linkName: 'orders-*', severities: ['warning'] },
    T0,
    at(8 * HOUR).toISOString(),
  );
  const pausedUnderSilence = snapshot(paused, { silencedBy: 's-warn' });

  it('notifies a critical condition that follows a warning it hid', () => {
    // Act
    const { commit } = commitForChange(
      aChange(paused, failed, [
        event('LINK_STATE_CHANGED', 'critical', 'PAUSED', 'FAILED'),
        event('LINK_ERROR_CHANGED', 'critical', null, 'AUTHENTICATION_ERROR'),
      ]),
      pausedUnderSilence,
      recordContext(at(HOUR), [warningsOnly]),
    );

    // Assess
    expect(commit.events.map((e) => [e.type, e.notification, e.silencedBy ?? null])).toEqual([
      ['LINK_STATE_CHANGED', 'PENDING', null],
      ['LINK_ERROR_CHANGED', 'PENDING', null],
    ]);
    expect(commit.next?.silencedBy).toBeUndefined();
    expect(commit.next?.announced).toEqual(['link']);
  });

  it('keeps quiet the recovery of the warning it hid, even once it has ended', () => {
    // Act
    const { commit } = commitForChange(
      aChange(paused, active, [event('LINK_STATE_CHANGED', 'resolved', 'PAUSED', 'ACTIVE')]),
      pausedUnderSilence,
      recordContext(at(10 * HOUR)),
    );

    // Assess
    expect(commit.events).toEqual([
      expect.objectContaining({ notification: 'NOT_NOTIFIED', silencedBy: 's-warn' }),
    ]);
  });
});

describe('the end of a silence on a link still unhealthy', () => {
  const ended = drill;
  const hidden = snapshot(failed, { silencedBy: 's-drill' });
  const now = at(3 * HOUR);

  it('is told once, names the silence, and leaves the snapshot at the next version', () => {
    // Act
    const result = commitForUnchanged(hidden, failed, recordContext(now, [ended]));

    // Assess
    expect(result?.commit.expectedVersion).toBe(4);
    expect(result?.commit.events).toEqual([
      expect.objectContaining({
        eventId: `${CLUSTER}#${LINK}#${now.toISOString()}#v5#0`,
        type: 'LINK_STILL_UNHEALTHY',
        severity: 'critical',
        detail: `${SILENCE_ENDED} s-drill`,
        notification: 'PENDING',
      }),
    ]);
    expect(result?.commit.next).toMatchObject({ version: 5, lastRemindedAt: now.toISOString() });
    expect(result?.commit.next?.silencedBy).toBeUndefined();
    expect(result?.commit.next?.announced).toEqual(['link']);
  });

  it('is told though a silence of another link is running', () => {
    // Prepare
    const elsewhere = aSilence('s-audit', { linkName: 'audit-*' }, T0, at(8 * HOUR).toISOString());

    // Act
    const result = commitForUnchanged(hidden, failed, recordContext(now, [ended, elsewhere]));

    // Assess
    expect(result?.commit.events.map((e) => e.detail)).toEqual([`${SILENCE_ENDED} s-drill`]);
  });

  it('says in the history by which silence the problem was kept quiet', () => {
    const result = commitForUnchanged(hidden, failed, recordContext(now, [ended]));

    expect(result?.commit.events[0]?.detail).toBe('was silenced by s-drill');
  });

  it('is not told of a link that is healthy again by then', () => {
    const recovered = snapshot(active, { unhealthySince: null, silencedBy: 's-drill' });

    expect(commitForUnchanged(recovered, active, recordContext(now, [ended]))).toBeNull();
  });

  it('writes nothing while the silence runs', () => {
    expect(commitForUnchanged(hidden, failed, recordContext(at(HOUR), [ended]))).toBeNull();
  });

  it('waits for a silence that took over: nothing is told, the successor is remembered at the next version', () => {
    // Prepare
    const successor = aSilence(
      's-maint',
      { clusters: [CLUSTER] },
      at(HOUR).toISOString(),
      at(6 * HOUR).toISOString(),
    );

    // Act
    const handedOver = commitForUnchanged(hidden, failed, recordContext(now, [ended, successor]));
    const afterSuccessor = commitForUnchanged(
      { ...hidden, silencedBy: 's-maint', version: 5 },
      failed,
      recordContext(at(7 * HOUR), [ended, successor]),
    );

    // Assess: the end that speaks is the successor's
    expect(handedOver?.commit.events).toEqual([]);
    expect(handedOver?.commit.next).toMatchObject({ version: 5, silencedBy: 's-maint' });
    expect(afterSuccessor?.commit.events.map((e) => e.detail)).toEqual([`${SILENCE_ENDED} s-maint`]);
  });
});

describe('a reminder of unhealthy mirror topics under a healthy link', () => {
  const failedTopic: MirrorTopicState = {
    topicName: 'refunds',
    status: 'FAILED',
    error: 'SOURCE_TOPIC_MAY_BE_DELETED',
    stateTimeMs: Date.parse(T0),
    transitionErrors: [],
  };
  const withFailedTopic = aLink({ mirrorTopics: [failedTopic] });

  it('leaves the snapshot at the version its commit writes', () => {
    // Prepare
    const before = snapshot(withFailedTopic, { unhealthySince: null, partsUnhealthySince: T0 });
    const now = at(4 * HOUR);

    // Act
    const result = commitForUnchanged(before, withFailedTopic, recordContext(now));

    // Assess
    expect(result?.commit.expectedVersion).toBe(4);
    expect(result?.commit.events.map((e) => e.eventId)).toEqual([
      `${CLUSTER}#${LINK}#${now.toISOString()}#v5#0`,
    ]);
    expect(result?.commit.next).toMatchObject({ version: 5, lastRemindedAt: now.toISOString() });
  });

  it('counts the interval from when the topics became unhealthy, not from the last change of the link’s own condition', () => {
    // Prepare: the topic failed at T0; the link itself recovered three hours later
    const before = snapshot(withFailedTopic, {
      stateSince: at(3 * HOUR).toISOString(),
      unhealthySince: null,
      partsUnhealthySince: T0,
    });

    // Act
    const result = commitForUnchanged(before, withFailedTopic, recordContext(at(4 * HOUR)));

    // Assess
    expect(result?.commit.events).toEqual([
      expect.objectContaining({ type: 'LINK_STILL_UNHEALTHY', previousSince: T0 }),
    ]);
  });

  it('is not sent while since when the topics are unhealthy is not known', () => {
    // Prepare: a snapshot that records no time for its unhealthy topics
    const untimed = snapshot(withFailedTopic, { unhealthySince: null });

    // Act
    const result = commitForUnchanged(untimed, withFailedTopic, recordContext(at(100 * HOUR)));

    // Assess
    expect(result).toBeNull();
  });

  it('is kept quiet by a silence that began after the topics failed, which is remembered so that its end speaks', () => {
    // Prepare
    const before = snapshot(withFailedTopic, { unhealthySince: null, partsUnhealthySince: T0 });
    const now = at(4 * HOUR);
    const later = aSilence(
      's-later',
      { linkName: LINK },
      at(2 * HOUR).toISOString(),
      at(8 * HOUR).toISOString(),
    );

    // Act
    const result = commitForUnchanged(before, withFailedTopic, recordContext(now, [later]));

    // Assess
    expect(result?.commit.events).toEqual([
      expect.objectContaining({ notification: 'NOT_NOTIFIED', silencedBy: 's-later' }),
    ]);
    expect(result?.commit.next).toMatchObject({
      version: 5,
      link: withFailedTopic,
      lastRemindedAt: now.toISOString(),
      partsUnhealthySince: T0,
      silencedBy: 's-later',
    });
  });
});

describe('a reminder of the link’s own condition', () => {
  it('tells of the link alone, with no topics and no part: its condition speaks for its parts', () => {
    // Act
    const result = commitForUnchanged(snapshot(failed), failed, recordContext(at(4 * HOUR)));

    // Assess
    const reminder = result?.commit.events[0];
    expect(reminder).toMatchObject({ type: 'LINK_STILL_UNHEALTHY', topicsAdded: [], topicsRemoved: [] });
    expect(Object.keys(reminder ?? {})).not.toContain('part');
  });
});

describe('what is heard of a link: the problems told and not yet ended', () => {
  const topic = (name: string) => ({
    kind: 'mirror-topic' as const,
    name,
    state: 'FAILED',
    errorCode: null,
    errorMessage: null,
    stateSince: null,
  });

  it('names each problem by its scope: the link, a part, a part’s lag, or a summary of parts', () => {
    // Act
    const scopes = [
      problemScope({ type: 'LINK_STATE_CHANGED' }),
      problemScope({ type: 'LINK_ADDED' }),
      problemScope({ type: 'MIRROR_TOPIC_STATE_CHANGED', part: topic('payments') }),
      problemScope({ type: 'MIRROR_LAG_HIGH', part: topic('payments') }),
      problemScope({ type: 'TASK_STATE_CHANGED', part: { ...topic('AclSync'), kind: 'task' } }),
      problemScope({ type: 'PART_CHANGES_SUMMARISED' }),
      problemScope({ type: 'MIRROR_TOPICS_CHANGED' }),
    ];

    // Assess
    expect(scopes).toEqual([
      'link',
      'link',
      'mirror-topic:payments',
      'mirror-topic:payments:lag',
      'task:AclSync',
      'parts',
      null,
    ]);
    expect(['link', 'parts', 'mirror-topic:payments', 'task:AclSync'].map(isPartScope)).toEqual([
      false,
      false,
      true,
      true,
    ]);
  });

  it('adds the problems notified events begin, drops those they end, and keeps them sorted', () => {
    // Prepare
    const events = [
      anEvent({ type: 'MIRROR_TOPIC_STATE_CHANGED', severity: 'critical', part: topic('b') }),
      anEvent({ type: 'MIRROR_TOPIC_STATE_CHANGED', severity: 'warning', part: topic('a') }),
      anEvent({ type: 'LINK_STATE_CHANGED', severity: 'resolved' }),
    ];

    // Act
    const heard = announcedAfter(['task:z', 'link'], events);

    // Assess
    expect(heard).toEqual(['mirror-topic:a', 'mirror-topic:b', 'task:z']);
  });

  it('changes nothing for events not to be notified, news of no problem, or info', () => {
    // Prepare
    const events = [
      anEvent({ type: 'LINK_STATE_CHANGED', severity: 'critical', notification: 'NOT_NOTIFIED' }),
      anEvent({
        type: 'MIRROR_TOPIC_STATE_CHANGED',
        severity: 'resolved',
        part: topic('a'),
        notification: 'SENT',
      }),
      anEvent({ type: 'CLUSTER_UNREACHABLE', linkName: null, severity: 'critical' }),
      anEvent({ type: 'TASK_STATE_CHANGED', severity: 'info', part: { ...topic('t'), kind: 'task' } }),
    ];

    // Act
    const heard = announcedAfter(['mirror-topic:a', 'task:t'], events);

    // Assess
    expect(heard).toEqual(['mirror-topic:a', 'task:t']);
  });

  it('keeps a summary of parts heard through the end it tells of', () => {
    const ended = anEvent({ type: 'PART_CHANGES_SUMMARISED', severity: 'resolved' });

    expect(announcedAfter(['parts'], [ended])).toEqual(['parts']);
  });

  it('settles a summary once every part problem still going, lag breaches told included, is heard on its own', () => {
    // Prepare
    const link = aLink({
      mirrorTopics: [
        { topicName: 'a', status: 'FAILED', error: null, stateTimeMs: null, transitionErrors: [] },
      ],
      laggingTopics: [
        { topicName: 'b', checks: 3, notified: true },
        { topicName: 'c', checks: 1, notified: false },
      ],
    });

    // Act
    const settled = withoutSettledSummary(['mirror-topic:a', 'mirror-topic:b:lag', 'parts'], link);
    const lagNotHeard = withoutSettledSummary(['mirror-topic:a', 'parts'], link);
    const topicNotHeard = withoutSettledSummary(['mirror-topic:b:lag', 'parts'], link);
    const noSummary = ['link'];

    // Assess
    expect(settled).toEqual(['mirror-topic:a', 'mirror-topic:b:lag']);
    expect(lagNotHeard).toEqual(['mirror-topic:a', 'parts']);
    expect(topicNotHeard).toEqual(['mirror-topic:b:lag', 'parts']);
    expect(withoutSettledSummary(noSummary, link)).toEqual(['link']);
    expect(withoutSettledSummary(['parts'], aLink())).toEqual([]);
  });

  it('after damped condition events are promoted, hears the link’s condition, or its end when healthy', () => {
    // Prepare
    const failed = aLink({ linkState: 'FAILED' });
    const healthy = aLink();

    // Act / Assess
    expect(announcedAfterPromotion(['task:z'], failed, 1)).toEqual(['link', 'task:z']);
    expect(announcedAfterPromotion(['task:z', 'link'], healthy, 2)).toEqual(['task:z']);
    expect(announcedAfterPromotion(['task:z', 'link'], healthy, 0)).toEqual(['task:z', 'link']);
  });
});

describe('which silence keeps an event quiet', () => {
  const now = at(HOUR);
  const all = aSilence('s-all', { linkName: 'orders-*' }, T0, at(8 * HOUR).toISOString());
  const silenced = recordContext(now, [all]);
  const topicPart = aTopicPart('a');

  it('never the removal of a link whose problem was heard; a removal nobody heard of, the silence', () => {
    // Prepare
    const removed = anEvent({ linkName: LINK, type: 'LINK_REMOVED', severity: 'info', from: null, to: null });

    // Act / Assess
    expect(silencing(removed, null, ['link'], silenced)).toBeNull();
    expect(silencing(removed, null, [], silenced)).toBe('s-all');
  });

  it('never the end of a heard problem, nor its move from critical to a milder condition', () => {
    // Prepare
    const recovered = anEvent({
      linkName: LINK,
      type: 'LINK_STATE_CHANGED',
      severity: 'resolved',
      from: 'FAILED',
      to: 'ACTIVE',
    });
    const milder = anEvent({
      linkName: LINK,
      type: 'LINK_STATE_CHANGED',
      severity: 'warning',
      from: 'FAILED',
      to: 'PAUSED',
    });

    // Act / Assess
    expect(silencing(recovered, null, ['link'], silenced)).toBeNull();
    expect(silencing(milder, null, ['link'], silenced)).toBeNull();
  });

  it('the silence for a heard problem that gets worse or turns into another warning', () => {
    // Prepare
    const worse = anEvent({
      linkName: LINK,
      type: 'LINK_STATE_CHANGED',
      severity: 'critical',
      from: 'PAUSED',
      to: 'FAILED',
    });
    const otherWarning = anEvent({
      linkName: LINK,
      type: 'LINK_STATE_CHANGED',
      severity: 'warning',
      from: 'ACTIVE',
      to: 'PAUSED',
    });

    // Act / Assess
    expect(silencing(worse, null, ['link'], silenced)).toBe('s-all');
    expect(silencing(otherWarning, null, ['link'], silenced)).toBe('s-all');
  });

  it('the end of a part problem a summary told of is heard; the end of the link’s own is not, by the summary', () => {
    // Prepare
    const partEnded = anEvent({
      linkName: LINK,
      type: 'MIRROR_TOPIC_STATE_CHANGED',
      severity: 'resolved',
      from: 'FAILED',
      to: 'ACTIVE',
      part: topicPart,
    });
    const linkEnded = anEvent({
      linkName: LINK,
      type: 'LINK_STATE_CHANGED',
      severity: 'resolved',
      from: 'FAILED',
      to: 'ACTIVE',
    });

    // Act / Assess
    expect(silencing(partEnded, null, ['parts'], silenced)).toBeNull();
    expect(silencing(linkEnded, null, ['parts'], silenced)).toBe('s-all');
  });

  it('keeps the end of a problem nobody heard quiet with the silence it began under, and only the end', () => {
    // Prepare
    const recovered = anEvent({
      linkName: LINK,
      type: 'LINK_STATE_CHANGED',
      severity: 'resolved',
      from: 'FAILED',
      to: 'ACTIVE',
    });
    const failedAgain = anEvent({
      linkName: LINK,
      type: 'LINK_STATE_CHANGED',
      severity: 'critical',
      from: 'ACTIVE',
      to: 'FAILED',
    });

    // Act / Assess
    expect(silencing(recovered, 's-old', [], recordContext(now))).toBe('s-old');
    expect(silencing(failedAgain, 's-old', [], recordContext(now))).toBeNull();
  });
});
