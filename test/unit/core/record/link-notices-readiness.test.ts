/**
 * Who heard what of the failover readiness problems: each is a problem of its own beside the
 * part's state, under the key `partProblemKey` gives it; a config change opens one only when it
 * switches a sync off, and switching it back on ends it; and a summary of parts is settled only
 * once every readiness problem still going is heard on its own.
 */
import { describe, expect, it } from 'vitest';
import type { Silence } from '../../../../core/control/silence.js';
import type { EventPart, HistoryEvent, LinkChangeType } from '../../../../core/model/change-events.js';
import type { Severity } from '../../../../core/model/link-model.js';
import {
  announcedAfter,
  problemScope,
  silencing,
  withoutSettledSummary,
} from '../../../../core/record/link-notices.js';
import type { RecordContext } from '../../../../core/record/record-context.js';
import { aLink } from '../../../support/link-fixtures.js';
import { anEvent } from '../notify/render/notification-fixtures.js';

const topic = (name: string): EventPart => ({
  kind: 'mirror-topic',
  name,
  state: 'ACTIVE',
  errorCode: null,
  errorMessage: null,
  stateSince: null,
});

const config = (name: string, value: string | null): EventPart => ({
  kind: 'config',
  name,
  state: value,
  errorCode: null,
  errorMessage: null,
  stateSince: null,
});

const task = (name: string): EventPart => ({ ...topic(name), kind: 'task', state: 'IN_ERROR' });

function partEvent(type: LinkChangeType, severity: Severity, part: EventPart): HistoryEvent {
  return anEvent({ type, severity, part, notification: 'PENDING' });
}

describe('Function: problemScope, for readiness events', () => {
  it('names each readiness problem apart from the part’s state and from each other', () => {
    // Act
    const scopes = [
      problemScope({ type: 'MIRROR_TOPIC_STALLED', part: topic('orders') }),
      problemScope({ type: 'MIRROR_BEHIND_TARGET', part: topic('orders') }),
      problemScope({ type: 'MIRROR_TRANSITION_STUCK', part: topic('orders') }),
      problemScope({ type: 'LINK_SYNC_BROKEN', part: task('ConsumerOffsetSync') }),
      problemScope({ type: 'LINK_CONFIG_CHANGED', part: config('acl.sync.enable', 'false') }),
      problemScope({ type: 'MIRROR_TOPIC_STATE_CHANGED', part: topic('orders') }),
      problemScope({ type: 'MIRROR_LAG_HIGH', part: topic('orders') }),
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
    const off = partEvent('LINK_CONFIG_CHANGED', 'warning', config('acl.sync.enable', 'false'));
    const on = partEvent('LINK_CONFIG_CHANGED', 'resolved', config('acl.sync.enable', 'true'));

    // Act
    const afterOff = announcedAfter(['link'], [off]);
    const afterOn = announcedAfter(afterOff, [on]);

    // Assess
    expect(afterOff).toEqual(['config:acl.sync.enable:config', 'link']);
    expect(afterOn).toEqual(['link']);
  });

  it('opens and ends nothing for a config change that switches no sync off or on', () => {
    // Prepare
    const interval = partEvent('LINK_CONFIG_CHANGED', 'info', config('acl.sync.ms', '10000'));
    const stillOff = partEvent('LINK_CONFIG_CHANGED', 'info', config('acl.sync.enable', 'FALSE'));

    // Act
    const heard = announcedAfter(['config:acl.sync.enable:config'], [interval, stillOff]);

    // Assess
    expect(heard).toEqual(['config:acl.sync.enable:config']);
  });

  it('keeps the readiness problems of one topic apart: ending the stall leaves its time behind heard', () => {
    // Prepare
    const events = [
      partEvent('MIRROR_TOPIC_STALLED', 'critical', topic('orders')),
      partEvent('MIRROR_BEHIND_TARGET', 'warning', topic('orders')),
      partEvent('MIRROR_TOPIC_STALLED', 'resolved', topic('orders')),
    ];

    // Act
    const heard = announcedAfter([], events);

    // Assess
    expect(heard).toEqual(['mirror-topic:orders:behind']);
  });
});

describe('Function: silencing, for a sync switched back on', () => {
  const now = new Date('2025-06-03T11:00:00.000Z');
  const silence: Silence = {
    id: 's-all',
    matchers: { linkName: 'orders-*' },
    startsAt: '2025-06-03T10:30:00.000Z',
    endsAt: '2025-06-03T18:00:00.000Z',
    reason: 'failover drill',
    createdBy: 'alice',
    createdAt: '2025-06-03T10:30:00.000Z',
    expiredAt: null,
  };
  const context: RecordContext = {
    clusterId: 'lkc-abc12',
    clusterLabel: 'prod-eu',
    now,
    settings: {
      dampingPolls: 1,
      reminderIntervalMs: 0,
      retentionDays: 90,
      notifyTopicChanges: false,
      notifyMessageChanges: false,
    },
    silences: [silence],
  };
  const on = partEvent('LINK_CONFIG_CHANGED', 'resolved', config('acl.sync.enable', 'true'));

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
