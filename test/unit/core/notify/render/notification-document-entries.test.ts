/**
 * The link entries of the notification document: one per link and poll (each reminder apart),
 * worst first; each says what it found in a headline, describes the link as last observed, points
 * at the first thing to check, and carries its events as changes, bounded: free text from the
 * server is shortened and topic names are capped, more so in the compact form.
 */
import { describe, expect, it } from 'vitest';
import type { EventPart, HistoryEvent } from '../../../../../core/model/change-events.js';
import { compareEvents } from '../../../../../core/notify/plan-notifications.js';
import { headlinePart } from '../../../../../core/notify/render/change-phrases.js';
import {
  firstThingToCheck,
  firstThingToCheckForEvent,
  firstThingToCheckForPart,
} from '../../../../../core/notify/render/first-check.js';
import {
  buildNotificationDocument,
  draftDocument,
  MAX_FREE_TEXT_CHARS,
  MAX_TOPIC_NAMES,
  type NotificationDocument,
} from '../../../../../core/notify/render/notification-document.js';
import type { Notification } from '../../../../../core/ports.js';
import { aLink, anEvent, CLUSTER_ID, CLUSTER_LABEL } from './notification-fixtures.js';

function notificationOf(events: HistoryEvent[], kind: Notification['kind'] = 'change'): Notification {
  return { kind, clusterId: CLUSTER_ID, clusterLabel: CLUSTER_LABEL, severity: 'critical', events };
}

function documentOf(events: HistoryEvent[], kind: Notification['kind'] = 'change'): NotificationDocument {
  return buildNotificationDocument(notificationOf(events, kind));
}

function aPart(overrides: Partial<EventPart> = {}): EventPart {
  return {
    kind: 'mirror-topic',
    name: 'payments',
    state: 'FAILED',
    errorCode: 'SOURCE_TOPIC_MAY_BE_DELETED',
    errorMessage: null,
    stateSince: null,
    ...overrides,
  };
}

/** A mirror topic of the link failing (or recovering, or lagging) in the same poll. */
function aTopicEvent(overrides: Partial<HistoryEvent> = {}): HistoryEvent {
  return anEvent({
    type: 'MIRROR_TOPIC_STATE_CHANGED',
    from: 'ACTIVE',
    to: 'FAILED',
    previousSince: null,
    part: aPart(),
    ...overrides,
  });
}

const errorChange = (overrides: Partial<HistoryEvent> = {}): HistoryEvent =>
  anEvent({ type: 'LINK_ERROR_CHANGED', from: null, to: 'AUTHENTICATION_ERROR', ...overrides });

const messageChange = (overrides: Partial<HistoryEvent> = {}): HistoryEvent =>
  anEvent({ type: 'LINK_ERROR_MESSAGE_CHANGED', severity: 'info', from: 'old', to: 'new', ...overrides });

const topicsChange = (overrides: Partial<HistoryEvent> = {}): HistoryEvent =>
  anEvent({
    type: 'MIRROR_TOPICS_CHANGED',
    severity: 'info',
    from: null,
    to: null,
    topicsAdded: ['invoices', 'refunds'],
    topicsRemoved: ['orders.dlq'],
    previousSince: null,
    ...overrides,
  });

const reminder = (overrides: Partial<HistoryEvent> = {}): HistoryEvent =>
  anEvent({
    type: 'LINK_STILL_UNHEALTHY',
    from: null,
    to: null,
    link: aLink({ linkState: 'UNAVAILABLE' }),
    ...overrides,
  });

describe('Function: buildNotificationDocument, its link entries', () => {
  it('makes one entry of the events of one link and poll, each event one of its changes, in the fixed order', () => {
    // Prepare
    const events = [errorChange(), anEvent(), messageChange()];

    // Act
    const doc = documentOf(events);

    // Assess
    expect(doc.links).toHaveLength(1);
    expect(doc.links[0]?.changes.map((c) => c.eventId)).toEqual(
      [...events].sort(compareEvents).map((e) => e.eventId),
    );
  });

  it('makes an entry for each poll of a link, each at the time of its poll', () => {
    // Prepare
    const earlier = anEvent({ observedAt: '2025-06-03T10:00:00.000Z' });
    const later = messageChange({ observedAt: '2025-06-03T10:15:00.000Z' });

    // Act
    const doc = documentOf([later, earlier], 'digest');

    // Assess
    expect(doc.links.map((link) => link.observedAt)).toEqual([
      '2025-06-03T10:00:00.000Z',
      '2025-06-03T10:15:00.000Z',
    ]);
    expect(doc.links.map((link) => link.changes.length)).toEqual([1, 1]);
  });

  it('makes an entry of each reminder, apart from the changes of the same link and poll', () => {
    // Act
    const doc = documentOf([reminder(), anEvent(), reminder()], 'digest');

    // Assess
    expect(doc.links.map((link) => link.kind).sort()).toEqual(['change', 'reminder', 'reminder']);
    expect(doc.links.map((link) => link.changes.length)).toEqual([1, 1, 1]);
  });

  it('puts the worst entries first, and entries alike in severity in the order of their polls and links', () => {
    // Prepare
    const event = (linkName: string, severity: HistoryEvent['severity'], observedAt: string) =>
      anEvent({ linkName, severity, observedAt, link: aLink({ linkName }) });

    // Act
    const doc = documentOf(
      [
        event('alpha', 'info', '2025-06-03T10:00:00.000Z'),
        event('bravo', 'critical', '2025-06-03T10:15:00.000Z'),
        event('charlie', 'warning', '2025-06-03T10:00:00.000Z'),
        event('delta', 'critical', '2025-06-03T10:00:00.000Z'),
        event('echo', 'resolved', '2025-06-03T10:00:00.000Z'),
        event('aaron', 'critical', '2025-06-03T10:15:00.000Z'),
      ],
      'digest',
    );

    // Assess
    expect(doc.links.map((link) => link.linkName)).toEqual([
      'delta',
      'aaron',
      'bravo',
      'charlie',
      'echo',
      'alpha',
    ]);
  });

  it('makes no entry of an event of no link: that is the cluster event', () => {
    // Prepare
    const clusterEvent = anEvent({ linkName: null, type: 'CLUSTER_RECOVERED', severity: 'resolved' });

    // Act
    const doc = documentOf([clusterEvent, anEvent()]);

    // Assess
    expect(doc.links.map((link) => link.linkName)).toEqual(['orders-dr']);
    expect(doc.clusterEvent?.eventId).toBe(clusterEvent.eventId);
  });
});

describe('Function: buildNotificationDocument, the headline of an entry', () => {
  it('says a link recovered, and after how long, when all its news is good', () => {
    // Prepare
    const recovery = anEvent({
      severity: 'resolved',
      from: 'UNAVAILABLE',
      to: 'ACTIVE',
      previousSince: '2025-06-03T08:01:00.000Z',
    });
    const errorCleared = errorChange({
      severity: 'resolved',
      from: 'AUTHENTICATION_ERROR',
      to: null,
      previousSince: '2025-06-03T07:15:00.000Z',
    });

    // Act
    const summaries = [documentOf([recovery, messageChange()]), documentOf([errorCleared])].map(
      (doc) => doc.links[0]?.summary,
    );

    // Assess
    expect(summaries).toEqual(['recovered after 2h 14m unhealthy', 'recovered after 3h unhealthy']);
  });

  it('says a link recovered without a time when its trouble had no known start', () => {
    const doc = documentOf([
      anEvent({ severity: 'resolved', from: 'UNAVAILABLE', to: 'ACTIVE', previousSince: null }),
    ]);

    expect(doc.links[0]?.summary).toBe('recovered');
  });

  it('calls a link first seen healthy no recovery', () => {
    // Prepare
    const firstSeen = anEvent({ severity: 'info', from: null, to: 'ACTIVE', previousSince: null });

    // Act
    const doc = documentOf([firstSeen]);

    // Assess
    expect(doc.links[0]?.summary).toBe('first seen ACTIVE');
  });

  it('calls no entry a recovery while other news of it is bad', () => {
    // Prepare
    const recovery = anEvent({ severity: 'resolved', from: 'UNAVAILABLE', to: 'ACTIVE' });

    // Act
    const doc = documentOf([recovery, aTopicEvent()]);

    // Assess
    expect(doc.links[0]?.summary).toBe(`UNAVAILABLE -> ACTIVE; ${headlinePart(aTopicEvent())}`);
  });

  it("does not take a part's recovery for the link's", () => {
    // Prepare
    const topicRecovered = aTopicEvent({
      severity: 'resolved',
      from: 'FAILED',
      to: 'ACTIVE',
      part: aPart({ state: 'ACTIVE', errorCode: null }),
    });

    // Act
    const doc = documentOf([topicRecovered]);

    // Assess
    expect(doc.links[0]?.summary).toBe(headlinePart(topicRecovered));
    expect(doc.links[0]?.summary).not.toMatch(/recovered/);
  });

  it('says a state and an error change in one finding, an error cleared as such', () => {
    // Act
    const both = documentOf([anEvent(), errorChange()]);
    const cleared = documentOf([
      anEvent(),
      errorChange({ severity: 'warning', from: 'TIMEOUT_ERROR', to: null }),
    ]);

    // Assess
    expect(both.links[0]?.summary).toBe('ACTIVE -> UNAVAILABLE (AUTHENTICATION_ERROR)');
    expect(cleared.links[0]?.summary).toBe('ACTIVE -> UNAVAILABLE (error cleared)');
  });

  it('names other big news after the state and error', () => {
    // Prepare
    const topic = aTopicEvent();

    // Act
    const doc = documentOf([topic, errorChange(), anEvent()]);

    // Assess
    expect(doc.links[0]?.summary).toBe(
      `ACTIVE -> UNAVAILABLE (AUTHENTICATION_ERROR); ${headlinePart(topic)}`,
    );
  });

  it('leaves out the small news that rides along with big news', () => {
    // Prepare: a new message, new topics, new counts by state and a plain config change
    const small = [
      messageChange(),
      topicsChange(),
      anEvent({
        type: 'MIRROR_STATE_COUNTS_CHANGED',
        severity: 'info',
        from: 'ACTIVE 3',
        to: 'ACTIVE 2, FAILED 1',
      }),
      anEvent({
        type: 'LINK_CONFIG_CHANGED',
        severity: 'info',
        from: '1000',
        to: '2000',
        part: aPart({ kind: 'config', name: 'consumer.offset.sync.ms', state: '2000', errorCode: null }),
      }),
    ];

    // Act
    const doc = documentOf([...small, anEvent()]);

    // Assess
    expect(doc.links[0]?.summary).toBe('ACTIVE -> UNAVAILABLE');
    expect(doc.links[0]?.changes).toHaveLength(5);
  });

  it('names news of no problem as big news when it is there: a link added with its topics is added', () => {
    const doc = documentOf([
      topicsChange(),
      anEvent({ type: 'LINK_ADDED', severity: 'info', from: null, to: null, previousSince: null }),
    ]);

    expect(doc.links[0]?.summary).toBe('added');
  });

  it('names the small news when it is all there is', () => {
    const doc = documentOf([topicsChange(), messageChange()]);

    expect(doc.links[0]?.summary).toBe('error message changed; mirror topics +2 -1');
  });
});

describe('Function: buildNotificationDocument, the link of an entry', () => {
  it('describes the link as the events recorded it', () => {
    // Prepare
    const link = aLink({
      clusterLinkId: 'Zr8m-0aQTQmMvJp2kLxY9g',
      linkState: 'UNAVAILABLE',
      linkError: 'AUTHENTICATION_ERROR',
      linkErrorMessage: 'SASL authentication failed',
      sourceClusterId: 'lkc-src1',
      destinationClusterId: 'lkc-dst2',
      remoteClusterId: 'lkc-rem3',
      topicNames: ['a', 'b', 'c', 'd'],
    });

    // Act: the state change, first in the order of the entry, carries no link; the error change does
    const [entry] = documentOf([errorChange({ link }), anEvent({ link: null })]).links;

    // Assess
    expect(entry).toMatchObject({
      linkName: 'orders-dr',
      clusterLinkId: 'Zr8m-0aQTQmMvJp2kLxY9g',
      linkState: 'UNAVAILABLE',
      linkError: 'AUTHENTICATION_ERROR',
      linkErrorMessage: 'SASL authentication failed',
      linkErrorMessageTruncated: false,
      sourceClusterId: 'lkc-src1',
      destinationClusterId: 'lkc-dst2',
      remoteClusterId: 'lkc-rem3',
      mirrorTopicCount: 4,
    });
  });

  it('leaves what no event recorded of the link empty, and takes its id from the event', () => {
    // Act
    const [entry] = documentOf([anEvent({ link: null, clusterLinkId: 'from-the-event' })]).links;

    // Assess
    expect(entry).toMatchObject({
      clusterLinkId: 'from-the-event',
      linkState: null,
      linkError: null,
      linkErrorMessage: null,
      linkErrorMessageTruncated: false,
      sourceClusterId: null,
      destinationClusterId: null,
      remoteClusterId: null,
      mirrorTopicCount: null,
    });
    expect(entry).not.toHaveProperty('mirrorTopicsByState');
    expect(entry).not.toHaveProperty('readiness');
  });

  it('counts the mirror topics by state when the link reports the counts, and only then', () => {
    // Prepare
    const counted = aLink({
      categoryCounts: [
        { stateCategory: 'ACTIVE', count: 2 },
        { stateCategory: 'FAILED', count: 1 },
      ],
    });

    // Act
    const [withCounts] = documentOf([anEvent({ link: counted })]).links;
    const [withoutCounts] = documentOf([anEvent({ link: aLink({ categoryCounts: [] }) })]).links;

    // Assess
    expect(withCounts?.mirrorTopicsByState).toEqual({ ACTIVE: 2, FAILED: 1 });
    expect(withoutCounts).not.toHaveProperty('mirrorTopicsByState');
  });

  it("shortens the link's error message: to 1000 characters in full, to 200 in the compact form", () => {
    // Prepare
    const link = aLink({ linkState: 'FAILED', linkErrorMessage: 'e'.repeat(1_500) });

    // Act
    const [entry] = draftDocument(notificationOf([anEvent({ link })])).entries;

    // Assess
    expect(entry?.full.linkErrorMessage).toBe(`${'e'.repeat(MAX_FREE_TEXT_CHARS)}... [500 more characters]`);
    expect(entry?.compact.linkErrorMessage).toBe(`${'e'.repeat(200)}... [1300 more characters]`);
    expect(entry?.full.linkErrorMessageTruncated).toBe(true);
  });
});

describe('Function: buildNotificationDocument, the first thing to check of an entry', () => {
  it("points at the link's condition, its error first", () => {
    // Prepare
    const condition = { linkState: 'UNAVAILABLE', linkError: 'AUTHENTICATION_ERROR' };

    // Act
    const [entry] = documentOf([anEvent({ link: aLink(condition) })]).links;

    // Assess
    expect(entry?.firstThingToCheck).toBe(firstThingToCheck(condition));
    expect(entry?.firstThingToCheck).not.toBeNull();
  });

  it('points a removed or recreated link at what that means, whatever its condition', () => {
    for (const type of ['LINK_REMOVED', 'LINK_RECREATED'] as const) {
      // Act
      const link = aLink({ linkState: 'FAILED' });
      const [entry] = documentOf([anEvent({ type, severity: 'info', link }), messageChange({ link })]).links;

      // Assess
      expect(entry?.firstThingToCheck, type).toBe(firstThingToCheckForEvent(type));
      expect(entry?.firstThingToCheck, type).not.toBeNull();
    }
  });

  it('points a recreated link at its recreation even when other news of the link comes first', () => {
    // Prepare: an addition sorts before a recreation
    const link = aLink({ linkState: 'FAILED' });
    const added = anEvent({ type: 'LINK_ADDED', severity: 'info', from: null, to: null, link });
    const recreated = anEvent({
      type: 'LINK_RECREATED',
      severity: 'info',
      from: 'old-id',
      to: 'new-id',
      link,
    });

    // Act
    const [entry] = documentOf([recreated, added]).links;

    // Assess
    expect(entry?.changes.map((c) => c.type)).toEqual(['LINK_ADDED', 'LINK_RECREATED']);
    expect(entry?.firstThingToCheck).toBe(firstThingToCheckForEvent('LINK_RECREATED'));
  });

  it("gives an entry that starts with a recovery no hint from the link's condition", () => {
    // Prepare: the error cleared, the state not yet back
    const link = aLink({ linkState: 'UNAVAILABLE' });

    // Act
    const [entry] = documentOf([
      errorChange({ severity: 'resolved', from: 'TIMEOUT_ERROR', to: null, link }),
    ]).links;

    // Assess
    expect(firstThingToCheck({ linkState: 'UNAVAILABLE', linkError: null })).not.toBeNull();
    expect(entry?.firstThingToCheck).toBeNull();
  });

  it('points a healthy link at its worst unhealthy part', () => {
    // Prepare: a topic back to health, a lagging one and a failed one, under an ACTIVE link
    const recovered = aTopicEvent({
      severity: 'resolved',
      from: 'FAILED',
      to: 'ACTIVE',
      part: aPart({ name: 'orders', state: 'ACTIVE', errorCode: null }),
    });
    const lagging = anEvent({
      type: 'MIRROR_LAG_HIGH',
      severity: 'warning',
      from: null,
      to: '5000',
      previousSince: null,
      part: aPart({
        name: 'refunds',
        state: 'ACTIVE',
        errorCode: null,
        lag: { messagesBehind: 5_000, threshold: 1_000, worstPartitions: [] },
      }),
    });
    const failed = aTopicEvent({
      part: aPart({ name: 'payments', errorCode: 'SOURCE_PARTITIONS_DECREASED' }),
    });

    // Act
    const [entry] = documentOf([recovered, lagging, failed]).links;
    const [lagOnly] = documentOf([recovered, lagging]).links;

    // Assess
    expect(entry?.firstThingToCheck).toBe(firstThingToCheckForPart(failed.part as EventPart, failed));
    expect(lagOnly?.firstThingToCheck).toBe(firstThingToCheckForPart(lagging.part as EventPart, lagging));
    expect(new Set([entry?.firstThingToCheck, lagOnly?.firstThingToCheck]).size).toBe(2);
  });

  it('points at the worst part, not at the first one listed', () => {
    // Prepare: a topic paused (a warning), listed before a stalled one (critical)
    const paused = aTopicEvent({
      severity: 'warning',
      to: 'PAUSED',
      part: aPart({ state: 'PAUSED', errorCode: null }),
    });
    const stalled = anEvent({
      type: 'MIRROR_TOPIC_STALLED',
      from: null,
      to: null,
      previousSince: null,
      part: aPart({ name: 'orders', state: 'ACTIVE', errorCode: null }),
    });

    // Act
    const [entry] = documentOf([stalled, paused]).links;

    // Assess
    expect(entry?.changes.map((c) => c.type)).toEqual(['MIRROR_TOPIC_STATE_CHANGED', 'MIRROR_TOPIC_STALLED']);
    expect(entry?.firstThingToCheck).toBe(firstThingToCheckForPart(stalled.part as EventPart, stalled));
    expect(entry?.firstThingToCheck).not.toBe(firstThingToCheckForPart(paused.part as EventPart, paused));
  });

  it('points a link reported healthy at its worst part, whatever news of the link itself came with it', () => {
    // Prepare: a change of the link's state, though the link as listed is ACTIVE without error
    const failed = aTopicEvent();

    // Act
    const [entry] = documentOf([anEvent(), failed]).links;

    // Assess
    expect(entry?.firstThingToCheck).toBe(firstThingToCheckForPart(failed.part as EventPart, failed));
    expect(entry?.firstThingToCheck).not.toBeNull();
  });

  it('takes no hint from a part whose news is good or news only, whatever state it is in', () => {
    // Prepare: a topic now PAUSED, a state that has a hint of its own
    const paused = aPart({ state: 'PAUSED', errorCode: null });
    const hintOfPaused = firstThingToCheckForPart(paused, {
      type: 'MIRROR_TOPIC_STATE_CHANGED',
      severity: 'warning',
    });

    // Act
    const hints = (['resolved', 'info'] as const).map(
      (severity) =>
        documentOf([aTopicEvent({ severity, to: 'PAUSED', part: paused })]).links[0]?.firstThingToCheck,
    );

    // Assess
    expect(hintOfPaused).not.toBeNull();
    expect(hints).toEqual([null, null]);
  });

  it('has nothing to check for a healthy link whose parts are well', () => {
    // Prepare
    const recovered = aTopicEvent({
      severity: 'resolved',
      from: 'FAILED',
      to: 'ACTIVE',
      part: aPart({ state: 'ACTIVE', errorCode: null }),
    });

    // Act
    const [entry] = documentOf([recovered, messageChange()]).links;

    // Assess
    expect(entry?.firstThingToCheck).toBeNull();
  });
});

describe('Function: buildNotificationDocument, the changes of an entry', () => {
  it('lists at most 50 topic names of a change and counts them all; the compact form lists none', () => {
    // Prepare
    const added = Array.from({ length: 60 }, (_, i) => `topic-${String(i).padStart(2, '0')}`);
    const removed = Array.from({ length: 55 }, (_, i) => `gone-${String(i).padStart(2, '0')}`);

    // Act
    const [entry] = draftDocument(
      notificationOf([topicsChange({ topicsAdded: added, topicsRemoved: removed })]),
    ).entries;

    // Assess
    expect(entry?.full.changes[0]).toMatchObject({
      topicsAdded: added.slice(0, MAX_TOPIC_NAMES),
      topicsRemoved: removed.slice(0, MAX_TOPIC_NAMES),
      topicsAddedCount: 60,
      topicsRemovedCount: 55,
    });
    expect(entry?.compact.changes[0]).toMatchObject({
      topicsAdded: [],
      topicsRemoved: [],
      topicsAddedCount: 60,
      topicsRemovedCount: 55,
    });
  });

  it('shortens the before and after of a message change: to 1000 characters in full, to 200 compact', () => {
    // Prepare
    const event = messageChange({ from: null, to: `${'m'.repeat(1_200)}\n${'n'.repeat(99)}` });

    // Act
    const [entry] = draftDocument(notificationOf([event])).entries;

    // Assess
    expect(entry?.full.changes[0]?.from).toBeNull();
    expect(entry?.full.changes[0]?.to).toBe(`${'m'.repeat(1_000)}... [300 more characters]`);
    expect(entry?.compact.changes[0]?.to).toBe(`${'m'.repeat(200)}... [1100 more characters]`);
  });

  it('keeps the before and after of other changes as they are', () => {
    // Prepare: ids are no free text, whatever their length
    const from = `old-${'x'.repeat(1_500)}`;
    const to = `new-${'y'.repeat(1_500)}`;

    // Act
    const [entry] = draftDocument(
      notificationOf([anEvent({ type: 'LINK_RECREATED', severity: 'info', from, to })]),
    ).entries;

    // Assess
    expect(entry?.compact.changes[0]).toMatchObject({ from, to });
  });

  it('says how long the previous condition lasted, and whether the link was seen for the first time', () => {
    // Act
    const [changed] = documentOf([anEvent()]).links;
    const [firstSeen] = documentOf([anEvent({ from: null, previousSince: null })]).links;

    // Assess: from 2025-05-31T08:00 to 2025-06-03T10:15
    expect(changed?.changes[0]).toMatchObject({
      previousSince: '2025-05-31T08:00:00.000Z',
      previousDurationSeconds: ((3 * 24 + 2) * 60 + 15) * 60,
      firstSeen: false,
    });
    expect(firstSeen?.changes[0]).toMatchObject({ previousDurationSeconds: null, firstSeen: true });
  });
});

describe('Function: buildNotificationDocument, the part of a change', () => {
  it('carries what the part recorded, its error message shortened and on one line', () => {
    // Prepare
    const part = aPart({
      name: 'payments',
      state: 'FAILED',
      errorCode: 'SOURCE_TOPIC_MAY_BE_DELETED',
      errorMessage: `topic gone\n${'z'.repeat(1_200)}`,
      stateSince: '2025-06-03T10:00:00.000Z',
    });

    // Act
    const [entry] = draftDocument(notificationOf([aTopicEvent({ part })])).entries;

    // Assess
    const change = entry?.compact.changes[0];
    expect(change?.part).toEqual({
      kind: 'mirror-topic',
      name: 'payments',
      state: 'FAILED',
      errorCode: 'SOURCE_TOPIC_MAY_BE_DELETED',
      errorMessage: `topic gone ${'z'.repeat(989)}... [211 more characters]`,
      stateSince: '2025-06-03T10:00:00.000Z',
      firstThingToCheck: firstThingToCheckForPart(part, {
        type: 'MIRROR_TOPIC_STATE_CHANGED',
        severity: 'critical',
      }),
    });
  });

  it("keeps a part's state as it is, but shortens a config's value", () => {
    // Prepare
    const long = `PENDING_${'X'.repeat(1_100)}`;
    const topic = aTopicEvent({ part: aPart({ state: long }) });
    const config = anEvent({
      type: 'LINK_CONFIG_CHANGED',
      severity: 'info',
      from: null,
      to: null,
      part: aPart({ kind: 'config', name: 'acl.filters', state: long, errorCode: null }),
    });

    // Act
    const [topicEntry] = documentOf([topic]).links;
    const [configEntry] = documentOf([config]).links;

    // Assess
    expect(topicEntry?.changes[0]?.part?.state).toBe(long);
    expect(configEntry?.changes[0]?.part?.state).toBe(`${long.slice(0, 1_000)}... [108 more characters]`);
  });

  it('carries the lag, the progress and its stall, the sync config and the problem only where recorded', () => {
    // Prepare
    const lag = {
      messagesBehind: 9_000,
      threshold: 1_000,
      worstPartitions: [{ partition: 1, messagesBehind: 9_000 }],
    };
    const progress = {
      messagesBehind: 9_000,
      secondsBehind: 30,
      fetchRate: 300,
      basisSeconds: 60,
      targetSeconds: 20,
      worstPartitions: [{ partition: 1, messagesBehind: 9_000, fetchOffset: 42 }],
    };
    const withAll = aPart({
      lag,
      progress: { ...progress, stall: { rule: 'lag-rising', reads: 4 } },
      syncConfig: 'acl.sync.enable',
      problemType: 'MIRROR_TOPIC_STALLED',
    });

    // Act
    const [full] = documentOf([reminder({ part: withAll })]).links;
    const [bare] = documentOf([aTopicEvent({ part: aPart({ progress }) })]).links;

    // Assess
    expect(full?.changes[0]?.part).toMatchObject({
      lag,
      progress: { ...progress, stall: { rule: 'lag-rising', reads: 4 } },
      syncConfig: 'acl.sync.enable',
      problemType: 'MIRROR_TOPIC_STALLED',
    });
    expect(bare?.changes[0]?.part?.progress).toEqual(progress);
    for (const key of ['lag', 'syncConfig', 'problemType'])
      expect(bare?.changes[0]?.part).not.toHaveProperty(key);
    expect(bare?.changes[0]?.part?.progress).not.toHaveProperty('stall');
  });

  it('gives a change of no part no part', () => {
    const [entry] = documentOf([anEvent()]).links;

    expect(entry?.changes[0]).not.toHaveProperty('part');
  });
});
