/**
 * The notification document as a whole: its title and subject name the cluster and say what the
 * notification is about (one link, a digest counted by kind and severity, the cluster alone), it
 * is observed at its newest event, and a renderer that must fit a size limit cuts it from its
 * draft (fewer entries, compact entries, one part of a split digest) without changing what the
 * entries say.
 */
import { describe, expect, it } from 'vitest';
import type { HistoryEvent } from '../../../../../core/model/change-events.js';
import { describeEvent } from '../../../../../core/notify/render/change-phrases.js';
import { causeInWords } from '../../../../../core/notify/render/failure-cause.js';
import { firstThingToCheckForEvent } from '../../../../../core/notify/render/first-check.js';
import {
  buildNotificationDocument,
  documentOf,
  draftDocument,
  draftPart,
  MAX_FREE_TEXT_CHARS,
  MAX_TITLE_REASON_CHARS,
  type NotificationDocument,
} from '../../../../../core/notify/render/notification-document.js';
import { shortenFreeText } from '../../../../../core/notify/render/plain-text.js';
import type { Notification } from '../../../../../core/ports.js';
import { aLink, anEvent, CLUSTER_ID, CLUSTER_LABEL } from './notification-fixtures.js';

function notificationOf(
  events: HistoryEvent[],
  kind: Notification['kind'] = 'change',
  overrides: Partial<Notification> = {},
): Notification {
  return {
    kind,
    clusterId: CLUSTER_ID,
    clusterLabel: CLUSTER_LABEL,
    severity: 'critical',
    events,
    ...overrides,
  };
}

function build(
  events: HistoryEvent[],
  kind: Notification['kind'] = 'change',
  overrides: Partial<Notification> = {},
): NotificationDocument {
  return buildNotificationDocument(notificationOf(events, kind, overrides));
}

/** A state change of the named link. */
function linkEvent(linkName: string, overrides: Partial<HistoryEvent> = {}): HistoryEvent {
  return anEvent({ linkName, link: aLink({ linkName }), ...overrides });
}

/** A reminder that the named link is still unhealthy. */
function reminderOf(linkName: string, overrides: Partial<HistoryEvent> = {}): HistoryEvent {
  return anEvent({
    linkName,
    type: 'LINK_STILL_UNHEALTHY',
    from: null,
    to: null,
    link: aLink({ linkName, linkState: 'UNAVAILABLE' }),
    ...overrides,
  });
}

const clusterUnreachable = (overrides: Partial<HistoryEvent> = {}): HistoryEvent =>
  anEvent({
    linkName: null,
    link: null,
    type: 'CLUSTER_UNREACHABLE',
    from: null,
    to: null,
    previousSince: '2025-06-03T08:01:00.000Z',
    detail: 'HTTP 401 from Confluent REST: The API key or secret is invalid',
    ...overrides,
  });

const clusterRecovered = (overrides: Partial<HistoryEvent> = {}): HistoryEvent =>
  anEvent({
    linkName: null,
    link: null,
    type: 'CLUSTER_RECOVERED',
    severity: 'resolved',
    from: null,
    to: null,
    previousSince: '2025-06-03T08:01:00.000Z',
    ...overrides,
  });

describe('Function: buildNotificationDocument, the title', () => {
  it('names the cluster by its label and its id, then the link and what it found', () => {
    const doc = build([anEvent()]);

    expect(doc.title).toBe('prod-eu lkc-abc12: link orders-dr ACTIVE -> UNAVAILABLE');
    expect(doc.cluster).toEqual({ id: CLUSTER_ID, label: CLUSTER_LABEL });
  });

  it('names the cluster by its id alone when it has no label of its own', () => {
    for (const clusterLabel of ['', CLUSTER_ID]) {
      const doc = build([anEvent()], 'change', { clusterLabel });

      expect(doc.title, clusterLabel).toBe('lkc-abc12: link orders-dr ACTIVE -> UNAVAILABLE');
    }
  });

  it('keeps the first findings in a subject too short for all of them, and counts the others', () => {
    // Prepare: three mirror topics of long names failing at once
    const topic = (name: string) =>
      anEvent({
        type: 'MIRROR_TOPIC_STATE_CHANGED',
        from: 'ACTIVE',
        to: 'FAILED',
        previousSince: null,
        part: {
          kind: 'mirror-topic',
          name,
          state: 'FAILED',
          errorCode: 'SOURCE_TOPIC_MAY_BE_DELETED',
          errorMessage: null,
          stateSince: null,
        },
      });

    // Act
    const doc = build([topic('payments.settlements.v2'), topic('orders.fulfilment.v3'), topic('refunds.v1')]);

    // Assess
    expect(doc.title.length).toBeGreaterThan(99);
    // The first finding stays, without its error code (in the body), and the other two are counted.
    expect(doc.subject).toBe(
      '[CRITICAL] prod-eu: link orders-dr mirror topic payments.settlements.v2 FAILED and 2 more',
    );
  });

  it('still names the link of a change whose entry was left out', () => {
    // Act
    const doc = documentOf(draftDocument(notificationOf([anEvent()])), { maxLinks: 0 });

    // Assess
    expect(doc.title).toBe('prod-eu lkc-abc12: link orders-dr');
    expect(doc.subject).toBe('[CRITICAL] prod-eu lkc-abc12: link orders-dr');
  });

  it('puts a question mark for the link of a notification that has no events', () => {
    const doc = build([]);

    expect(doc.title).toBe('prod-eu lkc-abc12: link ?');
    expect(doc.observedAt).toBe('');
    expect(doc.links).toEqual([]);
  });
});

describe('Function: buildNotificationDocument, the title of a digest', () => {
  it('counts the link changes', () => {
    // Act
    const two = build([linkEvent('alpha'), linkEvent('bravo')], 'digest');
    const one = build([linkEvent('alpha')], 'digest');

    // Assess
    expect(two.title).toBe('prod-eu lkc-abc12: 2 link changes');
    expect(one.title).toBe('prod-eu lkc-abc12: 1 link change');
  });

  it('counts the links still unhealthy when it holds reminders only', () => {
    // Act
    const two = build([reminderOf('alpha'), reminderOf('bravo')], 'digest');
    const one = build([reminderOf('alpha')], 'digest');

    // Assess
    expect(two.title).toBe('prod-eu lkc-abc12: 2 links still unhealthy');
    expect(one.title).toBe('prod-eu lkc-abc12: 1 link still unhealthy');
  });

  it('counts changes and reminders together when it holds both', () => {
    const doc = build([reminderOf('alpha'), linkEvent('bravo')], 'digest');

    expect(doc.title).toBe('prod-eu lkc-abc12: 2 link changes and reminders');
  });

  it('says how many entries are of each severity when they differ, the worst first', () => {
    // Act
    const doc = build(
      [
        linkEvent('alpha', { severity: 'info', type: 'LINK_ADDED', from: null, to: null }),
        linkEvent('bravo', { severity: 'resolved', from: 'UNAVAILABLE', to: 'ACTIVE' }),
        linkEvent('charlie'),
        linkEvent('delta', { severity: 'warning', to: 'PAUSED' }),
        linkEvent('echo'),
      ],
      'digest',
    );

    // Assess
    expect(doc.title).toBe('prod-eu lkc-abc12: 5 link changes (2 critical, 1 warning, 1 resolved, 1 info)');
    expect(doc.severityCounts).toEqual({ critical: 2, warning: 1, resolved: 1, info: 1 });
  });

  it('says which part of a split digest a message is', () => {
    // Act
    const part = build([linkEvent('alpha'), linkEvent('bravo')], 'digest', { part: { index: 2, count: 3 } });
    const whole = build([linkEvent('alpha'), linkEvent('bravo')], 'digest');

    // Assess
    expect(part.title).toBe('prod-eu lkc-abc12: 2 link changes, part 2 of 3');
    expect(part.messagePart).toEqual({ index: 2, count: 3 });
    expect(whole).not.toHaveProperty('messagePart');
  });
});

describe('Function: buildNotificationDocument, a notification of the cluster', () => {
  it('is titled by the cause of an unreachable cluster, in words', () => {
    // Prepare
    const detail = 'HTTP 401 from Confluent REST: The API key or secret is invalid';

    // Act
    const doc = build([clusterUnreachable({ detail })], 'cluster');

    // Assess
    expect(doc.title).toBe(`prod-eu lkc-abc12: cluster unreachable: ${causeInWords(detail)}`);
    expect(doc.links).toEqual([]);
  });

  it('quotes at most 200 characters of the cause in the title', () => {
    // Prepare
    const detail = `refused ${'r'.repeat(1_200)}`;

    // Act
    const doc = build([clusterUnreachable({ detail })], 'cluster');

    // Assess
    const quoted = shortenFreeText(detail, MAX_TITLE_REASON_CHARS).text;
    expect(doc.title).toBe(`prod-eu lkc-abc12: cluster unreachable: ${causeInWords(quoted)}`);
    expect(doc.title).toContain('r'.repeat(MAX_TITLE_REASON_CHARS - 'refused '.length));
    expect(doc.title).not.toContain('r'.repeat(MAX_TITLE_REASON_CHARS));
  });

  it('is titled without a cause when the failure gave none', () => {
    const doc = build([clusterUnreachable({ detail: null })], 'cluster');

    expect(doc.title).toBe('prod-eu lkc-abc12: cluster unreachable');
  });

  it('says how long a cluster that is reachable again was not, when that is known', () => {
    // Act
    const known = build([clusterRecovered()], 'cluster');
    const unknown = build([clusterRecovered({ previousSince: null })], 'cluster');

    // Assess
    expect(known.title).toBe('prod-eu lkc-abc12: cluster reachable again after 2h 14m');
    expect(unknown.title).toBe('prod-eu lkc-abc12: cluster reachable again');
  });

  it('is titled by the description of any other event of the cluster alone', () => {
    // Prepare
    const event = anEvent({
      linkName: null,
      link: null,
      type: 'LINK_ADDED',
      severity: 'info',
      from: null,
      to: null,
    });

    // Act
    const doc = build([event], 'cluster');

    // Assess
    expect(doc.title).toBe(`prod-eu lkc-abc12: ${describeEvent(event)}`);
    expect(doc.title).not.toMatch(/unreachable|reachable again/);
  });

  it('carries the cluster event, its detail shortened like any server text', () => {
    // Prepare
    const event = clusterUnreachable({ detail: `no credentials\n${'d'.repeat(1_100)}` });

    // Act
    const doc = build([event], 'cluster');

    // Assess
    expect(doc.clusterEvent).toMatchObject({
      eventId: event.eventId,
      type: 'CLUSTER_UNREACHABLE',
      severity: 'critical',
      observedAt: event.observedAt,
      detail: `no credentials ${'d'.repeat(MAX_FREE_TEXT_CHARS - 'no credentials '.length)}... [115 more characters]`,
      previousSince: '2025-06-03T08:01:00.000Z',
      previousDurationSeconds: (2 * 60 + 14) * 60,
      durationNote: 'failing for 2h 14m (since 2025-06-03T08:01:00.000Z)',
      firstThingToCheck: firstThingToCheckForEvent('CLUSTER_UNREACHABLE'),
    });
    expect(doc.clusterEvent?.firstThingToCheck).not.toBeNull();
  });

  it('is titled after its link entry when it has one as well', () => {
    const doc = build([clusterRecovered(), anEvent()], 'cluster');

    expect(doc.title).toBe('prod-eu lkc-abc12: link orders-dr ACTIVE -> UNAVAILABLE');
    expect(doc.clusterEvent?.type).toBe('CLUSTER_RECOVERED');
  });

  it('has no cluster event when no event is of the cluster alone', () => {
    expect(build([anEvent()]).clusterEvent).toBeNull();
  });
});

describe('Function: buildNotificationDocument, its time', () => {
  it('is the newest time among its events, whatever their order', () => {
    // Act
    const doc = build(
      [
        linkEvent('alpha', { observedAt: '2025-06-03T10:00:00.000Z' }),
        linkEvent('bravo', { observedAt: '2025-06-03T10:30:00.000Z' }),
        linkEvent('charlie', { observedAt: '2025-06-03T09:00:00.000Z' }),
      ],
      'digest',
    );

    // Assess
    expect(doc.observedAt).toBe('2025-06-03T10:30:00.000Z');
  });
});

describe('Function: documentOf', () => {
  const threeLinks = () =>
    draftDocument(
      notificationOf(
        [
          linkEvent('alpha', { severity: 'info', type: 'LINK_ADDED', from: null, to: null }),
          linkEvent('bravo', { link: aLink({ linkName: 'bravo', linkErrorMessage: 'm'.repeat(900) }) }),
          linkEvent('charlie', { severity: 'warning', to: 'PAUSED' }),
        ],
        'digest',
      ),
    );

  it('carries every entry in full when not asked to cut', () => {
    // Prepare
    const draft = threeLinks();

    // Act
    const doc = documentOf(draft);

    // Assess
    expect(doc.links).toEqual(draft.entries.map((entry) => entry.full));
    expect(doc).toMatchObject({ linkCount: 3, omittedLinkCount: 0 });
  });

  it('keeps the worst entries asked for, and counts the rest, whose severities it still counts', () => {
    // Act
    const doc = documentOf(threeLinks(), { maxLinks: 1 });

    // Assess
    expect(doc.links.map((link) => link.linkName)).toEqual(['bravo']);
    expect(doc).toMatchObject({ linkCount: 3, omittedLinkCount: 2 });
    expect(doc.severityCounts).toEqual({ critical: 1, warning: 1, resolved: 0, info: 1 });
    expect(doc.title).toBe('prod-eu lkc-abc12: 3 link changes (1 critical, 1 warning, 1 info)');
  });

  it('keeps no entry when asked for fewer than none', () => {
    const doc = documentOf(threeLinks(), { maxLinks: -1 });

    expect(doc.links).toEqual([]);
    expect(doc.omittedLinkCount).toBe(3);
  });

  it('carries the compact form of the entries when asked', () => {
    // Prepare
    const draft = threeLinks();

    // Act
    const compact = documentOf(draft, { compact: true });
    const full = documentOf(draft, { compact: false });

    // Assess
    expect(compact.links).toEqual(draft.entries.map((entry) => entry.compact));
    expect(full.links).toEqual(draft.entries.map((entry) => entry.full));
    expect(compact.links).not.toEqual(full.links);
  });
});

describe('Function: draftDocument', () => {
  it('marks the draft of a part of a split digest as such, and only that', () => {
    // Act
    const part = draftDocument(notificationOf([anEvent()], 'digest', { part: { index: 1, count: 2 } }));
    const whole = draftDocument(notificationOf([anEvent()], 'digest'));

    // Assess
    expect(part.part).toEqual({ index: 1, count: 2 });
    expect(whole).not.toHaveProperty('part');
  });
});

describe('Function: draftPart', () => {
  // A critical cluster event last, then a warning, an info and a resolved entry.
  const draft = () =>
    draftDocument(
      notificationOf(
        [
          clusterUnreachable({ observedAt: '2025-06-03T10:20:00.000Z' }),
          linkEvent('alpha', { severity: 'warning', to: 'PAUSED', observedAt: '2025-06-03T10:00:00.000Z' }),
          linkEvent('bravo', {
            severity: 'info',
            type: 'LINK_ADDED',
            observedAt: '2025-06-03T10:05:00.000Z',
          }),
          linkEvent('charlie', {
            severity: 'resolved',
            from: 'UNAVAILABLE',
            to: 'ACTIVE',
            observedAt: '2025-06-03T10:10:00.000Z',
          }),
        ],
        'digest',
      ),
    );

  it('gives the cluster event to the first part, with its severity and time', () => {
    // Prepare
    const whole = draft();

    // Act
    const first = draftPart(whole, whole.entries.slice(0, 1), { index: 1, count: 2 });

    // Assess
    expect(first.clusterEvent).toBe(whole.clusterEvent);
    expect(first.clusterTitle).toBe(whole.clusterTitle);
    expect(first.clusterTitle).not.toBeNull();
    expect(first).toMatchObject({
      severity: 'critical',
      observedAt: '2025-06-03T10:20:00.000Z',
      part: { index: 1, count: 2 },
    });
    expect(first.entries.map((entry) => entry.full.linkName)).toEqual(['alpha']);
  });

  it('gives a later part its own entries only, with their worst severity and newest time', () => {
    // Prepare
    const whole = draft();

    // Act
    const second = draftPart(whole, whole.entries.slice(1), { index: 2, count: 2 });
    const doc = documentOf(second);

    // Assess
    expect(second).toMatchObject({
      clusterEvent: null,
      clusterTitle: null,
      severity: 'resolved',
      observedAt: '2025-06-03T10:10:00.000Z',
    });
    expect(doc.links.map((link) => link.linkName)).toEqual(['charlie', 'bravo']);
    expect(doc.title).toBe('prod-eu lkc-abc12: 2 link changes (1 resolved, 1 info), part 2 of 2');
    expect(doc.messagePart).toEqual({ index: 2, count: 2 });
  });
});
