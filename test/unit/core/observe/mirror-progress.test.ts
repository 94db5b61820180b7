/**
 * What `core/observe/mirror-progress.ts` does per link: which rules run, what a missing read
 * keeps, the merge of described transitions.
 */
import { describe, expect, it } from 'vitest';
import type { StuckTopic, TopicProgress } from '../../../../core/model/link-model.js';
import { MAX_TRANSITION_ERRORS } from '../../../../core/model/link-parts.js';
import {
  applyMirrorProgress,
  endedProgressEvents,
  type ProgressResult,
  sameProgress,
  secondsBehindTargetFor,
  withDescribedTransitions,
} from '../../../../core/observe/mirror-progress.js';
import type { ReadinessSettings } from '../../../../core/poll/poll-settings.js';
import { aLink } from '../../../support/link-fixtures.js';
import {
  complete,
  DAY,
  eventsOf,
  mirror,
  partial,
  run,
  SETTINGS,
  stuckTopic,
  summary,
  T0,
  tracked,
} from './mirror-progress-fixtures.js';

describe('Function: secondsBehindTargetFor', () => {
  const settings: ReadinessSettings = {
    ...SETTINGS,
    maxSecondsBehind: 60,
    links: [
      { link: 'orders-*', maxSecondsBehind: 300 },
      { link: 'orders-dr', maxSecondsBehind: 5 },
      { link: 'audit-?', maxSecondsBehind: 0 },
    ],
  };

  it('takes the first matching rule, else the default; 0 leaves the link without a target', () => {
    expect(secondsBehindTargetFor('orders-dr', settings)).toBe(300);
    expect(secondsBehindTargetFor('audit-1', settings)).toBeNull();
    expect(secondsBehindTargetFor('audit-10', settings)).toBe(60);
    expect(secondsBehindTargetFor('billing', { ...settings, maxSecondsBehind: null })).toBeNull();
  });

  it('has no target when readiness is off', () => {
    expect(secondsBehindTargetFor('orders-dr', null)).toBeNull();
  });
});

describe('Function: applyMirrorProgress', () => {
  describe('what is tracked', () => {
    it('keeps nothing for a caught-up link, so that a steady state writes nothing', () => {
      // Act
      const [result] = run([complete(mirror('orders', [[0, 0, 5000]]), mirror('payments', [[0, 0, 10]]))]);

      // Assess
      expect(result?.links[0]).toEqual(aLink());
      expect(result?.links[0]).not.toHaveProperty('topicProgress');
      expect(result?.links[0]).not.toHaveProperty('stuckTopics');
      expect(result?.events.size).toBe(0);
      expect(result?.toDescribe).toEqual([]);
    });

    it('ignores what the listed link carries of readiness: the recorded link is the truth', () => {
      // Prepare
      const listed = aLink({ topicProgress: [tracked('orders')], stuckTopics: [stuckTopic('orders')] });

      // Act
      const [carried, read] = [
        run([null], { listed })[0],
        run([complete(mirror('orders', [[0, 0, 5]]))], { listed })[0],
      ];

      // Assess
      expect(carried?.links[0]).toEqual(aLink());
      expect(read?.links[0]).toEqual(aLink());
      expect(read?.events.size).toBe(0);
    });
  });

  describe('what a read does not show', () => {
    const start = aLink({ topicProgress: [tracked('orders', { unmovedReads: 3, stallNotified: true })] });

    it('keeps a tracked topic a partial reading does not show: unknown is never healthy', () => {
      // Act
      const [result] = run([partial(mirror('payments', [[0, 0, 1]]))], { start });

      // Assess
      expect(result?.links[0]?.topicProgress).toEqual(start.topicProgress);
      expect(result?.events.size).toBe(0);
    });

    it('ends a tracked topic the link no longer mirrors, even in a partial reading', () => {
      // Act
      const [result] = run([partial()], { start, listed: aLink({ topicNames: ['payments'] }) });

      // Assess
      expect(result?.links[0]).not.toHaveProperty('topicProgress');
      expect(summary(result)).toEqual([['MIRROR_TOPIC_STALLED', 'resolved', 'orders']]);
    });

    it('keeps a tracked topic whose lags or fetch offsets are all unusable, and starts tracking none such', () => {
      // Act
      const [noLag] = run([complete(mirror('orders', [[0, -1, 5]]))], { start });
      const [noOffset] = run([complete(mirror('orders', [[0, 700, null]]))], { start });
      const [fresh] = run([complete(mirror('orders', [[0, 700, null]]))]);

      // Assess
      expect(noLag?.links[0]?.topicProgress).toEqual(start.topicProgress);
      expect(noOffset?.links[0]?.topicProgress).toEqual(start.topicProgress);
      expect(noLag?.events.size).toBe(0);
      expect(noOffset?.events.size).toBe(0);
      expect(fresh?.links[0]).not.toHaveProperty('topicProgress');
    });

    it('carries the recorded fields over, raising and resolving nothing, when no read was made', () => {
      // Prepare
      const recorded = aLink({
        topicProgress: [tracked('orders', { behindNotified: true })],
        stuckTopics: [stuckTopic('payments')],
      });

      // Act: the target is gone, but without a read nothing is said
      const [result] = run([null], { start: recorded });

      // Assess
      expect(result?.links[0]?.topicProgress).toEqual(recorded.topicProgress);
      expect(result?.links[0]?.stuckTopics).toEqual(recorded.stuckTopics);
      expect(result?.events.size).toBe(0);
      expect(result?.toDescribe).toEqual([]);
    });
  });

  describe('inhibition', () => {
    it('keeps what was recorded and raises and resolves nothing while the link itself is unhealthy', () => {
      // Prepare
      const recorded = aLink({
        topicProgress: [tracked('orders', { unmovedReads: 3, stallNotified: true })],
        stuckTopics: [stuckTopic('payments')],
      });
      const reading = complete(
        mirror('orders', [[0, 0, 2000]]),
        mirror('payments', [[0, 0, 1]]),
        mirror('refunds', [[0, 80, 1]], { status: 'PENDING_MIRROR' }),
      );

      // Act
      const outcomes = [
        run([reading], { start: recorded, listed: aLink({ linkState: 'FAILED' }) })[0],
        run([reading], { start: recorded, listed: aLink({ linkError: 'AUTHENTICATION_ERROR' }) })[0],
      ];

      // Assess
      for (const result of outcomes) {
        expect(result?.links[0]?.topicProgress).toEqual(recorded.topicProgress);
        expect(result?.links[0]?.stuckTopics).toEqual(recorded.stuckTopics);
        expect(result?.events.size).toBe(0);
        expect(result?.toDescribe).toEqual([]);
      }
    });
  });

  describe('readiness turned off', () => {
    it('drops the fields and ends every stall, breach and stuck transition that was notified', () => {
      // Prepare
      const recorded = aLink({
        topicProgress: [
          tracked('orders', { stallNotified: true, behindNotified: true }),
          tracked('payments'),
        ],
        stuckTopics: [stuckTopic('payments')],
      });

      // Act
      const [result] = run([complete(mirror('orders', [[0, 500, 1000]]))], {
        start: recorded,
        listed: aLink({ topicProgress: recorded.topicProgress }),
        settings: null,
      });

      // Assess
      expect(result?.links[0]).toEqual(aLink());
      expect(summary(result)).toEqual([
        ['MIRROR_BEHIND_TARGET', 'resolved', 'orders'],
        ['MIRROR_TOPIC_STALLED', 'resolved', 'orders'],
        ['MIRROR_TRANSITION_STUCK', 'resolved', 'payments'],
      ]);
      expect(result?.toDescribe).toEqual([]);
    });

    it('says nothing for a link that had nothing recorded', () => {
      // Act
      const [result] = run([null], { settings: null });

      // Assess
      expect(result?.events.size).toBe(0);
    });
  });

  describe('order', () => {
    it('keeps each link’s events apart, and the links in the order listed; the topics to describe longest stuck first, whatever their link', () => {
      // Prepare
      const reading = complete(
        mirror('orders', [[0, 0, 1]], { status: 'PENDING_STOPPED', stateTimeMs: T0 - 2 * DAY }),
        mirror('audit', [[0, 0, 1]], { linkName: 'audit-dr', status: 'PENDING_STOPPED' }),
      );
      const links = [aLink(), aLink({ linkName: 'audit-dr', topicNames: ['audit'] })];

      // Act
      const result = applyMirrorProgress(links, new Map(), reading, T0, SETTINGS);

      // Assess
      expect(result.links.map((l) => l.linkName)).toEqual(['orders-dr', 'audit-dr']);
      expect([...result.events.keys()]).toEqual(['orders-dr', 'audit-dr']);
      expect(result.events.get('audit-dr')?.map((e) => e.part?.name)).toEqual(['audit']);
      expect(result.toDescribe).toEqual([
        { linkName: 'orders-dr', topicName: 'orders' },
        { linkName: 'audit-dr', topicName: 'audit' },
      ]);
    });
  });
});

describe('Function: withDescribedTransitions', () => {
  /** Two topics newly stuck, one stuck transition ended, one stall raised. */
  function raised(): ProgressResult {
    const start = aLink({
      topicNames: ['orders', 'payments', 'refunds', 'audit'],
      topicProgress: [tracked('audit', { unmovedReads: 2 })],
      stuckTopics: [stuckTopic('refunds')],
    });
    const reading = complete(
      mirror('orders', [[0, 0, 1]], { status: 'PENDING_STOPPED' }),
      mirror('payments', [[0, 0, 1]], { status: 'PENDING_MIRROR' }),
      mirror('refunds', [[0, 0, 1]]),
      mirror('audit', [[0, 500, 1000]]),
    );
    const [result] = run([reading], { start, listed: aLink({ topicNames: start.topicNames }) });
    return result as ProgressResult;
  }

  it('keeps the described transition errors on the stuck topic and quotes the first in the event that raised it', () => {
    // Prepare
    const errors = Array.from({ length: 7 }, (_, n) => ({
      errorCode: `E${n}`,
      errorMessage: `message ${n}`,
    }));

    // Act
    const result = withDescribedTransitions(
      raised(),
      new Map([['orders-dr', new Map([['orders', errors]])]]),
    );

    // Assess
    const stuck = result.links[0]?.stuckTopics ?? [];
    expect(stuck.find((t) => t.topicName === 'orders')?.transitionErrors).toEqual(
      errors.slice(0, MAX_TRANSITION_ERRORS),
    );
    expect(stuck.find((t) => t.topicName === 'payments')?.transitionErrors).toEqual([]);
    const event = eventsOf(result).find((e) => e.part?.name === 'orders');
    expect(event?.part).toMatchObject({
      errorCode: 'E0',
      errorMessage: 'message 0',
      state: 'PENDING_STOPPED',
    });
  });

  it('leaves every other event, topic and link as it was', () => {
    // Prepare
    const before = raised();
    const denied = [{ errorCode: 'DENIED', errorMessage: 'no' }];

    // Act
    const result = withDescribedTransitions(
      before,
      new Map([
        [
          'orders-dr',
          new Map([
            ['refunds', denied],
            ['audit', denied],
            ['payments', denied],
          ]),
        ],
        ['audit-dr', new Map([['orders', denied]])],
      ]),
    );

    // Assess: the ended transition and the stall quote nothing; only `payments` was described
    const changed = eventsOf(result).filter((e) => e.part?.errorCode !== null);
    expect(changed.map((e) => [e.type, e.severity, e.part?.name])).toEqual([
      ['MIRROR_TRANSITION_STUCK', 'critical', 'payments'],
    ]);
    expect(result.links[0]?.stuckTopics?.find((t) => t.topicName === 'orders')?.transitionErrors).toEqual([]);
    expect(result.links[0]?.topicProgress).toEqual(before.links[0]?.topicProgress);
    expect(result.toDescribe).toEqual(before.toDescribe);
  });

  it('leaves a link described for nothing, and a described link with no stuck topic, as they were', () => {
    // Prepare
    const links = [
      aLink({ linkName: 'audit-dr', topicNames: ['audit'] }),
      aLink({ linkName: 'billing-dr', topicNames: ['bills'] }),
    ];
    const reading = complete(
      mirror('audit', [[0, 0, 1]], { linkName: 'audit-dr', status: 'PENDING_STOPPED' }),
    );
    const before = applyMirrorProgress(links, new Map(), reading, T0, SETTINGS);
    const denied = [{ errorCode: 'DENIED', errorMessage: 'no' }];

    // Act
    const result = withDescribedTransitions(before, new Map([['billing-dr', new Map([['bills', denied]])]]));

    // Assess
    expect(result.links[0]).toBe(before.links[0]);
    expect(result.links[1]).toBe(before.links[1]);
    expect(result.links[1]).not.toHaveProperty('stuckTopics');
    expect(result.events).toEqual(before.events);
  });

  it('quotes an empty error message as none', () => {
    // Act
    const result = withDescribedTransitions(
      raised(),
      new Map([['orders-dr', new Map([['orders', [{ errorCode: 'UNKNOWN', errorMessage: '' }]]])]]),
    );

    // Assess
    const event = eventsOf(result).find((e) => e.part?.name === 'orders');
    expect(event?.part).toMatchObject({ errorCode: 'UNKNOWN', errorMessage: null });
  });

  it('changes nothing when nothing was described', () => {
    // Prepare
    const before = raised();

    // Act
    const result = withDescribedTransitions(before, new Map());

    // Assess
    expect(result).toEqual(before);
  });
});

describe('Function: sameProgress', () => {
  const base = aLink({
    topicProgress: [tracked('orders')],
    stuckTopics: [stuckTopic('payments', { transitionErrors: [{ errorCode: 'E', errorMessage: 'm' }] })],
  });

  it('is true for equal records, and for a link with none against one without the fields', () => {
    expect(sameProgress(base, structuredClone(base))).toBe(true);
    expect(sameProgress(aLink(), aLink({ topicProgress: [], stuckTopics: [] }))).toBe(true);
    expect(sameProgress(aLink({ topicProgress: [], stuckTopics: [] }), aLink())).toBe(true);
    expect(sameProgress(aLink(), aLink())).toBe(true);
  });

  it.each<[string, Partial<TopicProgress>]>([
    ['topic', { topicName: 'refunds' }],
    ['read time', { readAtMs: T0 }],
    ['offset', { partitions: [{ partition: 0, fetchOffset: 1001, lag: 500 }] }],
    ['lag', { partitions: [{ partition: 0, fetchOffset: 1000, lag: 501 }] }],
    ['partition', { partitions: [{ partition: 1, fetchOffset: 1000, lag: 500 }] }],
    ['partitions', { partitions: [] }],
    ['unmoved reads', { unmovedReads: 1 }],
    ['rising reads', { risingReads: 1 }],
    ['estimate', { secondsBehind: 30 }],
    ['rate', { fetchRate: 40 }],
    ['stall', { stallNotified: true }],
    ['breach', { behindNotified: true }],
  ])('is false when a tracked topic’s %s differs', (_, change) => {
    expect(sameProgress(base, { ...base, topicProgress: [tracked('orders', change)] })).toBe(false);
  });

  it.each<[string, Partial<StuckTopic>]>([
    ['topic', { topicName: 'refunds' }],
    ['status', { status: 'PENDING_MIRROR' }],
    ['start', { sinceMs: T0 }],
    ['error code', { transitionErrors: [{ errorCode: 'F', errorMessage: 'm' }] }],
    ['error message', { transitionErrors: [{ errorCode: 'E', errorMessage: 'n' }] }],
    ['errors', { transitionErrors: [] }],
    [
      'second error',
      {
        transitionErrors: [
          { errorCode: 'E', errorMessage: 'm' },
          { errorCode: 'F', errorMessage: 'n' },
        ],
      },
    ],
  ])('is false when a stuck topic’s %s differs', (_, change) => {
    const changed = { ...base, stuckTopics: [{ ...(base.stuckTopics?.[0] as StuckTopic), ...change }] };
    expect(sameProgress(base, changed)).toBe(false);
    expect(sameProgress(changed, base)).toBe(false);
  });

  it('is false when either link tracks more topics', () => {
    expect(sameProgress(base, { ...base, topicProgress: [] })).toBe(false);
    expect(sameProgress({ ...base, stuckTopics: [] }, base)).toBe(false);
    expect(sameProgress(base, { ...base, topicProgress: [tracked('orders'), tracked('refunds')] })).toBe(
      false,
    );
  });
});

describe('Function: endedProgressEvents', () => {
  it('ends every notified stall, breach and stuck transition of a link, with no figures', () => {
    // Prepare
    const link = aLink({
      topicProgress: [
        tracked('b', { stallNotified: true, behindNotified: true }),
        tracked('a', { unmovedReads: 2 }),
        tracked('c', { behindNotified: true }),
      ],
      stuckTopics: [stuckTopic('a')],
    });

    // Act
    const events = endedProgressEvents(link);

    // Assess
    expect(events.map((e) => [e.type, e.severity, e.part?.name])).toEqual([
      ['MIRROR_TRANSITION_STUCK', 'resolved', 'a'],
      ['MIRROR_BEHIND_TARGET', 'resolved', 'b'],
      ['MIRROR_TOPIC_STALLED', 'resolved', 'b'],
      ['MIRROR_BEHIND_TARGET', 'resolved', 'c'],
    ]);
    for (const event of events) {
      expect(event).toMatchObject({
        linkName: 'orders-dr',
        to: null,
        alertWorthy: true,
        part: { state: null },
      });
      expect(event.part).not.toHaveProperty('progress');
    }
  });

  it('ends nothing for a link that notified nothing', () => {
    expect(endedProgressEvents(aLink({ topicProgress: [tracked('a')] }))).toEqual([]);
    expect(endedProgressEvents(aLink())).toEqual([]);
  });
});
