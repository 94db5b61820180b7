/**
 * Who heard what of the failover readiness problems: each is a problem of its own beside the
 * part's state, under the key `partProblemKey` gives it; a config change opens one only when it
 * switches a sync off, and switching it back on ends it; and a summary of parts is settled only
 * once every readiness problem still going is heard on its own. A readiness problem or a notified
 * lag breach on a healthy link is reminded of, and the end of the silence that hid it is told,
 * each under the problem's own key.
 */
import { describe, expect, it } from 'vitest';
import type { Silence } from '../../../../core/control/silence.js';
import type {
  EventPart,
  HistoryEvent,
  LinkChangeEvent,
  LinkChangeType,
} from '../../../../core/model/change-events.js';
import type { ClusterLink, Severity } from '../../../../core/model/link-model.js';
import type { LinkSnapshot } from '../../../../core/ports.js';
import {
  announcedAfter,
  problemScope,
  SILENCE_ENDED,
  silencing,
  withoutSettledSummary,
} from '../../../../core/record/link-notices.js';
import { commitForChange, commitForUnchanged } from '../../../../core/record/record-changes.js';
import type { RecordContext } from '../../../../core/record/record-context.js';
import { aLink } from '../../../support/link-fixtures.js';
import { anEvent } from '../notify/render/notification-fixtures.js';
import {
  aChange,
  aChangeEvent,
  aConfigPart,
  aSilence,
  aSnapshot,
  aTopicPart,
  at,
  drill,
  HOUR,
  recordContext,
  recordedUnderDrill,
  T0,
} from './link-notices-fixtures.js';

const task = (name: string): EventPart => ({ ...aTopicPart(name), kind: 'task', state: 'IN_ERROR' });

function partEvent(type: LinkChangeType, severity: Severity, part: EventPart): HistoryEvent {
  return anEvent({ type, severity, part, notification: 'PENDING' });
}

describe('Function: problemScope, for readiness events', () => {
  it('names each readiness problem apart from the part’s state and from each other', () => {
    // Act
    const scopes = [
      problemScope({ type: 'MIRROR_TOPIC_STALLED', part: aTopicPart('orders') }),
      problemScope({ type: 'MIRROR_BEHIND_TARGET', part: aTopicPart('orders') }),
      problemScope({ type: 'MIRROR_TRANSITION_STUCK', part: aTopicPart('orders') }),
      problemScope({ type: 'LINK_SYNC_BROKEN', part: task('ConsumerOffsetSync') }),
      problemScope({ type: 'LINK_CONFIG_CHANGED', part: aConfigPart('acl.sync.enable', 'false') }),
      problemScope({ type: 'MIRROR_TOPIC_STATE_CHANGED', part: aTopicPart('orders') }),
      problemScope({ type: 'MIRROR_LAG_HIGH', part: aTopicPart('orders') }),
    ];

    // Assess
    expect(scopes).toEqual([
      'mirror-topic:orders:stall',
      'mirror-topic:orders:behind',
      'mirror-topic:orders:stuck',
      'task:ConsumerOffsetSync:sync',
      'config:acl.sync.enable:config',
      'mirror-topic:orders',
      'mirror-topic:orders:lag',
    ]);
  });
});

describe('Function: announcedAfter, for config changes', () => {
  it('hears a sync switched off, and no longer once it is switched back on', () => {
    // Prepare
    const off = partEvent('LINK_CONFIG_CHANGED', 'warning', aConfigPart('acl.sync.enable', 'false'));
    const on = partEvent('LINK_CONFIG_CHANGED', 'resolved', aConfigPart('acl.sync.enable', 'true'));

    // Act
    const afterOff = announcedAfter(['link'], [off]);
    const afterOn = announcedAfter(afterOff, [on]);

    // Assess
    expect(afterOff).toEqual(['config:acl.sync.enable:config', 'link']);
    expect(afterOn).toEqual(['link']);
  });

  it('opens and ends nothing for a config change that switches no sync off or on', () => {
    // Prepare
    const interval = partEvent('LINK_CONFIG_CHANGED', 'info', aConfigPart('acl.sync.ms', '10000'));
    const stillOff = partEvent('LINK_CONFIG_CHANGED', 'info', aConfigPart('acl.sync.enable', 'FALSE'));

    // Act
    const heard = announcedAfter(['config:acl.sync.enable:config'], [interval, stillOff]);

    // Assess
    expect(heard).toEqual(['config:acl.sync.enable:config']);
  });

  it('keeps the readiness problems of one topic apart: ending the stall leaves its time behind heard', () => {
    // Prepare
    const events = [
      partEvent('MIRROR_TOPIC_STALLED', 'critical', aTopicPart('orders')),
      partEvent('MIRROR_BEHIND_TARGET', 'warning', aTopicPart('orders')),
      partEvent('MIRROR_TOPIC_STALLED', 'resolved', aTopicPart('orders')),
    ];

    // Act
    const heard = announcedAfter([], events);

    // Assess
    expect(heard).toEqual(['mirror-topic:orders:behind']);
  });
});

describe('Function: silencing, for a sync switched back on', () => {
  const now = new Date('2025-06-03T11:00:00.000Z');
  const silence = aSilence(
    's-all',
    { linkName: 'orders-*' },
    '2025-06-03T10:30:00.000Z',
    '2025-06-03T18:00:00.000Z',
  );
  const context = recordContext(now, [silence]);
  const on = partEvent('LINK_CONFIG_CHANGED', 'resolved', aConfigPart('acl.sync.enable', 'true'));

  it('tells whoever heard the sync switched off that it is on again, even under a later silence', () => {
    expect(silencing(on, null, ['config:acl.sync.enable:config'], context)).toBeNull();
  });

  it('keeps it quiet under the silence when nobody heard it switched off', () => {
    expect(silencing(on, null, [], context)).toBe('s-all');
  });
});

describe('Function: withoutSettledSummary, with readiness problems going', () => {
  const link = aLink({
    topicProgress: [
      {
        topicName: 'a',
        readAtMs: 0,
        partitions: [],
        unmovedReads: 3,
        risingReads: 0,
        secondsBehind: null,
        fetchRate: 0,
        stallNotified: true,
        behindNotified: false,
      },
      {
        topicName: 'b',
        readAtMs: 0,
        partitions: [],
        unmovedReads: 0,
        risingReads: 0,
        secondsBehind: 900,
        fetchRate: 10,
        stallNotified: false,
        behindNotified: true,
      },
      {
        // Lagging, but neither stall nor time behind told: nothing of it is going.
        topicName: 'c',
        readAtMs: 0,
        partitions: [],
        unmovedReads: 1,
        risingReads: 1,
        secondsBehind: 10,
        fetchRate: 100,
        stallNotified: false,
        behindNotified: false,
      },
    ],
    stuckTopics: [{ topicName: 'd', status: 'PENDING_STOPPED', sinceMs: 0, transitionErrors: [] }],
    brokenSyncs: [
      {
        config: 'acl.sync.enable',
        taskName: 'AclSync',
        taskState: 'IN_ERROR',
        errorCode: null,
        errorMessage: null,
      },
    ],
  });
  const going = [
    'mirror-topic:a:stall',
    'mirror-topic:b:behind',
    'mirror-topic:d:stuck',
    'task:AclSync:sync',
  ];

  it('settles the summary once every stall, time behind, stuck transition and broken sync is heard on its own', () => {
    expect(withoutSettledSummary([...going, 'parts'], link)).toEqual(going);
  });

  it.each(going)('keeps the summary while %s is not heard on its own', (missing) => {
    const heard = [...going.filter((scope) => scope !== missing), 'parts'];

    expect(withoutSettledSummary(heard, link)).toEqual(heard);
  });
});

describe('readiness problems and lag breaches on a healthy link: reminded of, and heard when the silence that hid them ends', () => {
  const context = (now: Date, silences: readonly Silence[] = [drill]): RecordContext =>
    recordContext(now, silences);
  const healthy = aLink();
  const stalling = aLink({
    topicProgress: [
      {
        topicName: 'orders',
        readAtMs: Date.parse(T0),
        partitions: [{ partition: 0, fetchOffset: 10, lag: 7_200 }],
        unmovedReads: 3,
        risingReads: 0,
        secondsBehind: null,
        fetchRate: 0,
        stallNotified: true,
        behindNotified: false,
      },
    ],
  });
  const lagging = aLink({ laggingTopics: [{ topicName: 'orders', checks: 3, notified: true }] });
  const event = (type: LinkChangeType, severity: Severity): LinkChangeEvent =>
    aChangeEvent({ type, severity, part: aTopicPart('orders') });
  const before = aSnapshot(healthy);

  /** The snapshot a problem that began under the drill leaves, and the event it recorded. */
  function begunUnderSilence(current: ClusterLink, type: LinkChangeType, severity: Severity) {
    return recordedUnderDrill(aChange(healthy, current, [event(type, severity)]), before);
  }

  it('tells once, when the silence ends, that a stall which began under it goes on, under the stall’s own key', () => {
    // Prepare
    const { snapshot, events } = begunUnderSilence(stalling, 'MIRROR_TOPIC_STALLED', 'critical');

    // Act
    const ended = commitForUnchanged(snapshot, stalling, context(at(3 * HOUR)));
    const after = ended?.commit.next;
    const again = after == null ? null : commitForUnchanged(after, stalling, context(at(3 * HOUR + 60_000)));

    // Assess
    expect(events.map((e) => [e.type, e.notification, e.silencedBy])).toEqual([
      ['MIRROR_TOPIC_STALLED', 'NOT_NOTIFIED', 's-drill'],
    ]);
    expect(snapshot).toMatchObject({ silencedBy: 's-drill', partsUnhealthySince: at(HOUR).toISOString() });
    expect(ended?.commit.events).toEqual([
      expect.objectContaining({
        type: 'LINK_STILL_UNHEALTHY',
        severity: 'critical',
        notification: 'PENDING',
        detail: `${SILENCE_ENDED} s-drill`,
        part: expect.objectContaining({
          name: 'orders',
          state: 'stalled',
          problemType: 'MIRROR_TOPIC_STALLED',
        }),
      }),
    ]);
    const notice = ended?.commit.events[0];
    expect(notice === undefined ? null : problemScope(notice)).toBe('mirror-topic:orders:stall');
    expect(after?.announced).toEqual(['mirror-topic:orders:stall']);
    expect(after?.silencedBy).toBeUndefined();
    expect(again).toBeNull();
  });

  it('then tells the stall’s end to whoever heard that notice, and forgets it', () => {
    // Prepare
    const { snapshot } = begunUnderSilence(stalling, 'MIRROR_TOPIC_STALLED', 'critical');
    const heard = commitForUnchanged(snapshot, stalling, context(at(3 * HOUR)))?.commit.next;
    if (heard == null) throw new Error('expected a snapshot');

    // Act
    const { commit } = commitForChange(
      aChange(stalling, healthy, [event('MIRROR_TOPIC_STALLED', 'resolved')]),
      heard,
      context(at(5 * HOUR), [
        { ...drill, id: 's-later', startsAt: at(4 * HOUR).toISOString(), endsAt: at(9 * HOUR).toISOString() },
      ]),
    );

    // Assess: not silenced by the later silence, since it was heard
    expect(commit.events.map((e) => [e.type, e.severity, e.notification])).toEqual([
      ['MIRROR_TOPIC_STALLED', 'resolved', 'PENDING'],
    ]);
    expect(commit.next?.announced).toBeUndefined();
    expect(commit.next?.partsUnhealthySince).toBeUndefined();
  });

  it('reminds of a stall that lasts past the reminder interval, under the stall’s own key', () => {
    // Prepare
    const heard: LinkSnapshot = {
      ...before,
      link: stalling,
      partsUnhealthySince: T0,
      announced: ['mirror-topic:orders:stall'],
    };

    // Act
    const early = commitForUnchanged(heard, stalling, context(at(4 * HOUR - 1), []));
    const reminded = commitForUnchanged(heard, stalling, context(at(4 * HOUR), []));

    // Assess
    expect(early).toBeNull();
    expect(reminded?.commit.events).toEqual([
      expect.objectContaining({
        type: 'LINK_STILL_UNHEALTHY',
        severity: 'critical',
        notification: 'PENDING',
        previousSince: T0,
        detail: null,
        part: expect.objectContaining({ name: 'orders', problemType: 'MIRROR_TOPIC_STALLED' }),
      }),
    ]);
    expect(reminded?.commit.next?.announced).toEqual(['mirror-topic:orders:stall']);
    expect(reminded?.commit.next?.lastRemindedAt).toBe(at(4 * HOUR).toISOString());
  });

  it('tells the end of a silence over a notified lag breach, under the breach’s key', () => {
    // Prepare
    const { snapshot } = begunUnderSilence(lagging, 'MIRROR_LAG_HIGH', 'warning');

    // Act
    const ended = commitForUnchanged(snapshot, lagging, context(at(3 * HOUR)));

    // Assess
    expect(ended?.commit.events).toEqual([
      expect.objectContaining({
        type: 'LINK_STILL_UNHEALTHY',
        severity: 'warning',
        part: expect.objectContaining({ state: 'lagging', problemType: 'MIRROR_LAG_HIGH' }),
      }),
    ]);
    expect(ended?.commit.next?.announced).toEqual(['mirror-topic:orders:lag']);
  });

  it('keeps the link’s own condition speaking for its readiness problems: a FAILED link’s reminder names no part', () => {
    // Prepare
    const failedAndStalling = { ...stalling, linkState: 'FAILED' };
    const state: LinkSnapshot = { ...before, link: failedAndStalling, unhealthySince: T0, stateSince: T0 };

    // Act
    const reminded = commitForUnchanged(state, failedAndStalling, context(at(4 * HOUR), []));

    // Assess
    expect(reminded?.commit.events).toHaveLength(1);
    expect(reminded?.commit.events[0]?.part).toBeUndefined();
  });
});
