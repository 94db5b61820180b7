import { describe, expect, it } from 'vitest';
import type { LaggingTopic } from '../../../../core/model/link-model.js';
import {
  applyMirrorLag,
  type ClusterMirrorLags,
  evaluateLinkLag,
  isLagCheckDue,
  lagsByLink,
  lagThresholdFor,
  MAX_LAGGING_TOPICS,
  type MirrorTopicLags,
  readClusterLags,
  sameLaggingTopics,
  type TopicLag,
} from '../../../../core/observe/mirror-lag.js';
import type { MirrorLagSettings } from '../../../../core/poll/poll-settings.js';
import { aLink } from '../../../support/link-fixtures.js';

const MINUTE = 60_000;
const SETTINGS: MirrorLagSettings = { everyPolls: 1, heldChecks: 3, maxMessagesBehind: 1000, links: [] };

function lag(messagesBehind: number, status = 'ACTIVE'): TopicLag {
  return { status, messagesBehind, worstPartitions: [{ partition: 0, messagesBehind }] };
}

function topic(topicName: string, lags: number[], linkName: string | null = 'orders-dr'): MirrorTopicLags {
  return { linkName, topicName, status: 'ACTIVE', lags: lags.map((l, partition) => ({ partition, lag: l })) };
}

/** Runs `checks` consecutive checks of one link with the same observation; returns each outcome. */
function checks(count: number, observed: ReadonlyMap<string, TopicLag>, start: readonly LaggingTopic[] = []) {
  const outcomes = [];
  let recorded = start;
  for (let i = 0; i < count; i++) {
    const outcome = evaluateLinkLag(aLink(), recorded, observed, 1000, 3);
    outcomes.push(outcome);
    recorded = outcome.laggingTopics;
  }
  return outcomes;
}

describe('Function: isLagCheckDue', () => {
  it('is never due when lag thresholds are off', () => {
    expect(isLagCheckDue(null, new Date(0), MINUTE)).toBe(false);
  });

  it('is due every K-th poll, placed by the poll time', () => {
    // Prepare
    const settings = { ...SETTINGS, everyPolls: 5 };
    const t0 = Date.parse('2026-01-01T00:00:00Z');

    // Act
    const due = Array.from({ length: 10 }, (_, n) =>
      isLagCheckDue(settings, new Date(t0 + n * MINUTE + 7_000), MINUTE),
    );

    // Assess
    expect(due.filter(Boolean)).toHaveLength(2);
    expect(due.indexOf(true) + 5).toBe(due.lastIndexOf(true));
  });
});

describe('Function: lagThresholdFor', () => {
  const settings: MirrorLagSettings = {
    ...SETTINGS,
    maxMessagesBehind: 100,
    links: [
      { link: 'orders-*', maxMessagesBehind: 5000 },
      { link: 'audit-?', maxMessagesBehind: 0 },
    ],
  };

  it('takes the first matching rule, else the default; 0 leaves the link unchecked', () => {
    expect(lagThresholdFor('orders-dr', settings)).toBe(5000);
    expect(lagThresholdFor('audit-1', settings)).toBeNull();
    expect(lagThresholdFor('audit-10', settings)).toBe(100);
    expect(lagThresholdFor('billing', { ...settings, maxMessagesBehind: null })).toBeNull();
    expect(lagThresholdFor('orders-dr', null)).toBeNull();
  });
});

describe('Function: lagsByLink', () => {
  it('keeps each topic at its worst partition, with a few worst partitions, worst first', () => {
    // Act
    const byLink = lagsByLink({ topics: [topic('orders', [5, 900, 0, 42, 7000])], complete: true });

    // Assess
    expect(byLink.get('orders-dr')?.get('orders')).toEqual({
      status: 'ACTIVE',
      messagesBehind: 7000,
      worstPartitions: [
        { partition: 4, messagesBehind: 7000 },
        { partition: 1, messagesBehind: 900 },
        { partition: 3, messagesBehind: 42 },
      ],
    });
  });

  it('leaves out numbers no partition can have, and a topic with none left is unknown, not caught up', () => {
    // Prepare
    const hostile: ClusterMirrorLags = {
      topics: [
        {
          linkName: 'orders-dr',
          topicName: 'orders',
          status: 'ACTIVE',
          lags: [
            { partition: 0, lag: -1 },
            { partition: 1, lag: Number.POSITIVE_INFINITY },
            { partition: -3, lag: 10 },
            { partition: 2 ** 40, lag: 10 },
            { partition: 1.5, lag: 10 },
            { partition: 2, lag: 1e300 },
            { partition: 3, lag: 12.7 },
          ],
        },
        { linkName: 'orders-dr', topicName: 'payments', status: 'ACTIVE', lags: [{ partition: 0, lag: -5 }] },
        { linkName: null, topicName: 'orphan', status: 'ACTIVE', lags: [{ partition: 0, lag: 10 }] },
      ],
      complete: true,
    };

    // Act
    const byLink = lagsByLink(hostile);

    // Assess
    expect(byLink.get('orders-dr')?.get('orders')?.worstPartitions).toEqual([
      { partition: 2, messagesBehind: Number.MAX_SAFE_INTEGER },
      { partition: 3, messagesBehind: 12 },
    ]);
    expect(byLink.get('orders-dr')?.has('payments')).toBe(false);
    expect([...byLink.keys()]).toEqual(['orders-dr']);
  });

  it('keeps partition 0 and the highest partition id Kafka allows, and nothing past it', () => {
    // Act
    const byLink = lagsByLink({
      topics: [
        {
          linkName: 'orders-dr',
          topicName: 'orders',
          status: 'ACTIVE',
          lags: [
            { partition: 0, lag: 3 },
            { partition: 2 ** 31 - 1, lag: 5 },
            { partition: 2 ** 31, lag: 9 },
          ],
        },
      ],
      complete: true,
    });

    // Assess
    expect(byLink.get('orders-dr')?.get('orders')).toEqual({
      status: 'ACTIVE',
      messagesBehind: 5,
      worstPartitions: [
        { partition: 2 ** 31 - 1, messagesBehind: 5 },
        { partition: 0, messagesBehind: 3 },
      ],
    });
  });

  it('reads a topic whose partitions are all caught up as none behind, naming no partition', () => {
    // Act
    const byLink = lagsByLink({
      topics: [topic('orders', [0, 0]), topic('payments', [0, 4])],
      complete: true,
    });

    // Assess: a lag of 0 is a reading, not a missing one; only partitions behind are named
    expect(byLink.get('orders-dr')?.get('orders')).toEqual({
      status: 'ACTIVE',
      messagesBehind: 0,
      worstPartitions: [],
    });
    expect(byLink.get('orders-dr')?.get('payments')?.worstPartitions).toEqual([
      { partition: 1, messagesBehind: 4 },
    ]);
  });

  it('names partitions equally far behind in the order of their ids', () => {
    // Act
    const byLink = lagsByLink({
      topics: [
        {
          linkName: 'orders-dr',
          topicName: 'orders',
          status: 'ACTIVE',
          lags: [
            { partition: 7, lag: 50 },
            { partition: 2, lag: 50 },
            { partition: 5, lag: 50 },
            { partition: 1, lag: 50 },
          ],
        },
      ],
      complete: true,
    });

    // Assess
    expect(
      byLink
        .get('orders-dr')
        ?.get('orders')
        ?.worstPartitions.map((p) => p.partition),
    ).toEqual([1, 2, 5]);
  });

  it('counts a topic listed twice at its worst listing, whichever comes first, and the first of two equal', () => {
    // Prepare
    const worse = { ...topic('orders', [900]), status: 'ACTIVE' };
    const better = { ...topic('orders', [40]), status: 'PAUSED' };
    const same = { ...topic('orders', [900]), status: 'PENDING_STOPPED' };

    // Act
    const worseFirst = lagsByLink({ topics: [worse, better], complete: true });
    const worseLast = lagsByLink({ topics: [better, worse], complete: true });
    const tie = lagsByLink({ topics: [worse, same], complete: true });

    // Assess
    expect(worseFirst.get('orders-dr')?.get('orders')).toMatchObject({
      status: 'ACTIVE',
      messagesBehind: 900,
    });
    expect(worseLast.get('orders-dr')?.get('orders')).toMatchObject({
      status: 'ACTIVE',
      messagesBehind: 900,
    });
    expect(tie.get('orders-dr')?.get('orders')?.status).toBe('ACTIVE');
  });
});

describe('Function: evaluateLinkLag', () => {
  it('warns once a topic has been over its threshold for the configured number of checks', () => {
    // Act
    const outcomes = checks(5, new Map([['orders', lag(5000)]]));

    // Assess
    expect(outcomes.map((o) => o.events.length)).toEqual([0, 0, 1, 0, 0]);
    expect(outcomes[2]?.events[0]).toMatchObject({
      type: 'MIRROR_LAG_HIGH',
      severity: 'warning',
      linkName: 'orders-dr',
      to: '5000',
      alertWorthy: true,
      part: {
        kind: 'mirror-topic',
        name: 'orders',
        state: 'ACTIVE',
        lag: {
          messagesBehind: 5000,
          threshold: 1000,
          worstPartitions: [{ partition: 0, messagesBehind: 5000 }],
        },
      },
    });
  });

  it('keeps the recorded breach unchanged once notified, so a lasting breach writes nothing', () => {
    // Act
    const outcomes = checks(6, new Map([['orders', lag(5000)]]));

    // Assess: the count grows to the hold, then stays the very same record
    expect(outcomes.map((o) => o.laggingTopics[0]?.checks)).toEqual([1, 2, 3, 3, 3, 3]);
    expect(outcomes.map((o) => o.laggingTopics[0]?.notified)).toEqual([false, false, true, true, true, true]);
    expect(outcomes[5]?.laggingTopics[0]).toBe(outcomes[4]?.laggingTopics[0]);
  });

  it('starts over when a breach ends before it held, and says nothing', () => {
    // Prepare
    const [, second] = checks(2, new Map([['orders', lag(5000)]]));

    // Act
    const under = evaluateLinkLag(
      aLink(),
      second?.laggingTopics ?? [],
      new Map([['orders', lag(10)]]),
      1000,
      3,
    );

    // Assess
    expect(under).toEqual({ laggingTopics: [], events: [] });
  });

  it('resolves a notified breach once the topic is back at or under its threshold', () => {
    // Prepare
    const notified: LaggingTopic[] = [{ topicName: 'orders', checks: 3, notified: true }];

    // Act
    const back = evaluateLinkLag(aLink(), notified, new Map([['orders', lag(1000)]]), 1000, 3);

    // Assess
    expect(back.laggingTopics).toEqual([]);
    expect(back.events).toMatchObject([
      {
        type: 'MIRROR_LAG_HIGH',
        severity: 'resolved',
        to: '1000',
        part: { name: 'orders', lag: { messagesBehind: 1000 } },
      },
    ]);
  });

  it('takes no missing reading for a recovery: no check, a topic without lag figures, a link failing', () => {
    // Prepare
    const notified: LaggingTopic[] = [{ topicName: 'orders', checks: 3, notified: true }];

    // Act
    const outcomes = [
      evaluateLinkLag(aLink(), notified, undefined, 1000, 3),
      evaluateLinkLag(aLink(), notified, new Map(), 1000, 3),
      evaluateLinkLag(aLink({ linkState: 'FAILED' }), notified, new Map([['orders', lag(0)]]), 1000, 3),
    ];

    // Assess
    for (const outcome of outcomes) expect(outcome).toEqual({ laggingTopics: notified, events: [] });
  });

  it('resolves a notified breach of a topic the link no longer mirrors, with no figures', () => {
    // Act
    const gone = evaluateLinkLag(
      aLink({ topicNames: ['payments'] }),
      [{ topicName: 'orders', checks: 3, notified: true }],
      new Map(),
      1000,
      3,
    );

    // Assess
    expect(gone.laggingTopics).toEqual([]);
    expect(gone.events).toHaveLength(1);
    expect(gone.events[0]).toMatchObject({
      severity: 'resolved',
      to: null,
      part: { name: 'orders', state: null },
    });
    expect(gone.events[0]?.part?.lag).toBeUndefined();
  });

  it('warns at once with a hold of one check', () => {
    // Act
    const first = evaluateLinkLag(aLink(), [], new Map([['orders', lag(1001)]]), 1000, 1);

    // Assess
    expect(first.laggingTopics).toEqual([{ topicName: 'orders', checks: 1, notified: true }]);
    expect(first.events).toHaveLength(1);
  });

  it('tracks a bounded number of topics per link, the worst first, and keeps those already tracked', () => {
    // Prepare
    const names = Array.from({ length: 50 }, (_, n) => `t-${String(n).padStart(2, '0')}`);
    const observed = new Map(names.map((name, n) => [name, lag(2000 + n)]));
    const tracked: LaggingTopic[] = [{ topicName: 't-00', checks: 1, notified: false }];

    // Act
    const outcome = evaluateLinkLag(aLink({ topicNames: names }), tracked, observed, 1000, 3);

    // Assess
    expect(outcome.laggingTopics).toHaveLength(MAX_LAGGING_TOPICS);
    const kept = outcome.laggingTopics.map((t) => t.topicName);
    expect(kept).toContain('t-00');
    expect(kept).toContain('t-49');
    expect(kept).not.toContain('t-01');
  });

  it('drops what it tracked when the link has no threshold any more, and ends the breaches that were notified', () => {
    // Prepare
    const tracked = [
      { topicName: 'orders', checks: 3, notified: true },
      { topicName: 'refunds', checks: 1, notified: false },
    ];

    // Act
    const result = evaluateLinkLag(aLink(), tracked, new Map(), null, 3);

    // Assess: the notified breach is resolved, so its alert closes; the unnotified one goes quietly
    expect(result.laggingTopics).toEqual([]);
    expect(result.events.map((e) => [e.type, e.severity, e.part?.name])).toEqual([
      ['MIRROR_LAG_HIGH', 'resolved', 'orders'],
    ]);
  });

  it('lets a breach not yet notified of a topic the link no longer mirrors go quietly', () => {
    // Act
    const gone = evaluateLinkLag(
      aLink({ topicNames: ['payments'] }),
      [{ topicName: 'orders', checks: 2, notified: false }],
      new Map(),
      1000,
      3,
    );

    // Assess
    expect(gone).toEqual({ laggingTopics: [], events: [] });
  });

  it('takes a topic exactly at its threshold for no breach', () => {
    // Act
    const at = evaluateLinkLag(aLink(), [], new Map([['orders', lag(1000)]]), 1000, 1);

    // Assess
    expect(at).toEqual({ laggingTopics: [], events: [] });
  });

  it('raises a breach held at its first check as a warning with the figures of that check', () => {
    // Act
    const first = evaluateLinkLag(aLink(), [], new Map([['orders', lag(1001, 'PAUSED')]]), 1000, 1);

    // Assess
    expect(first.events).toEqual([
      {
        type: 'MIRROR_LAG_HIGH',
        severity: 'warning',
        linkName: 'orders-dr',
        from: null,
        to: '1001',
        topicsAdded: [],
        topicsRemoved: [],
        part: {
          kind: 'mirror-topic',
          name: 'orders',
          state: 'PAUSED',
          errorCode: null,
          errorMessage: null,
          stateSince: null,
          lag: {
            messagesBehind: 1001,
            threshold: 1000,
            worstPartitions: [{ partition: 0, messagesBehind: 1001 }],
          },
        },
        alertWorthy: true,
      },
    ]);
  });

  it('lists breaches and their events by topic name, whatever the order of lag, listing or record', () => {
    // Prepare: the recorded breach comes first, the new ones worst first, neither by name
    const recorded: LaggingTopic[] = [{ topicName: 'orders', checks: 2, notified: false }];
    const observed = new Map([
      ['zeta', lag(3000)],
      ['alpha', lag(2000)],
      ['orders', lag(1500)],
      ['mid', lag(5000)],
    ]);

    // Act
    const held = evaluateLinkLag(aLink(), recorded, observed, 1000, 3);
    const atOnce = evaluateLinkLag(aLink(), recorded, observed, 1000, 1);

    // Assess
    expect(held.laggingTopics.map((t) => t.topicName)).toEqual(['alpha', 'mid', 'orders', 'zeta']);
    expect(atOnce.laggingTopics.map((t) => t.topicName)).toEqual(['alpha', 'mid', 'orders', 'zeta']);
    expect(atOnce.events.map((e) => e.part?.name)).toEqual(['alpha', 'mid', 'orders', 'zeta']);
  });
});

describe('Function: applyMirrorLag', () => {
  it('carries the recorded breaches over when no check was made', () => {
    // Prepare
    const recorded = aLink({ laggingTopics: [{ topicName: 'orders', checks: 2, notified: false }] });

    // Act
    const result = applyMirrorLag([aLink()], new Map([['orders-dr', recorded]]), null, SETTINGS);

    // Assess
    expect(result.links[0]?.laggingTopics).toEqual(recorded.laggingTopics);
    expect(result.events.size).toBe(0);
  });

  it('reads a link a complete listing shows no topic of as caught up, and a partial listing as unknown', () => {
    // Prepare
    const recorded = aLink({
      laggingTopics: [{ topicName: 'orders', checks: 3, notified: true }],
      topicNames: [],
    });
    const byName = new Map([['orders-dr', recorded]]);

    // Act
    const complete = applyMirrorLag(
      [aLink({ topicNames: [] })],
      byName,
      { topics: [], complete: true },
      SETTINGS,
    );
    const partial = applyMirrorLag(
      [aLink({ topicNames: [] })],
      byName,
      { topics: [], complete: false },
      SETTINGS,
    );

    // Assess
    expect(complete.links[0]?.laggingTopics).toBeUndefined();
    expect(complete.events.get('orders-dr')?.[0]?.severity).toBe('resolved');
    expect(partial.links[0]?.laggingTopics).toEqual(recorded.laggingTopics);
    expect(partial.events.size).toBe(0);
  });

  it('gives a link with no breach recorded, or not recorded at all, no breaches when no check was made', () => {
    // Prepare
    const recorded = new Map([['orders-dr', aLink()]]);

    // Act
    const result = applyMirrorLag([aLink(), aLink({ linkName: 'payments-dr' })], recorded, null, SETTINGS);

    // Assess
    expect(result.links.map((l) => 'laggingTopics' in l)).toEqual([false, false]);
    expect(result.events.size).toBe(0);
  });

  it('holds a breach for the configured number of checks, one check per poll', () => {
    // Prepare
    const reading: ClusterMirrorLags = { topics: [topic('orders', [5000])], complete: true };

    // Act
    const first = applyMirrorLag([aLink()], new Map(), reading, SETTINGS);

    // Assess
    expect(first.links[0]?.laggingTopics).toEqual([{ topicName: 'orders', checks: 1, notified: false }]);
    expect(first.events.size).toBe(0);
  });

  it('ends every notified breach when lag thresholds are turned off altogether', () => {
    // Prepare
    const recorded = aLink({ laggingTopics: [{ topicName: 'orders', checks: 3, notified: true }] });

    // Act
    const result = applyMirrorLag([aLink()], new Map([['orders-dr', recorded]]), null, null);

    // Assess
    expect(result.links[0]?.laggingTopics).toBeUndefined();
    expect(result.events.get('orders-dr')?.map((e) => [e.severity, e.part?.name])).toEqual([
      ['resolved', 'orders'],
    ]);
  });
});

describe('Function: sameLaggingTopics', () => {
  const orders: LaggingTopic = { topicName: 'orders', checks: 2, notified: false };
  const payments: LaggingTopic = { topicName: 'payments', checks: 3, notified: true };

  it('finds two links without breaches the same, whether the list is absent or empty', () => {
    expect(sameLaggingTopics(aLink(), aLink())).toBe(true);
    expect(sameLaggingTopics(aLink(), aLink({ laggingTopics: [] }))).toBe(true);
    expect(sameLaggingTopics(aLink({ laggingTopics: [] }), aLink())).toBe(true);
  });

  it('finds equal breaches in the same order the same, though they are other objects', () => {
    expect(
      sameLaggingTopics(
        aLink({ laggingTopics: [orders, payments] }),
        aLink({ laggingTopics: [{ ...orders }, { ...payments }] }),
      ),
    ).toBe(true);
  });

  it('finds a breach more or less a change, on either side', () => {
    expect(
      sameLaggingTopics(aLink({ laggingTopics: [orders] }), aLink({ laggingTopics: [orders, payments] })),
    ).toBe(false);
    expect(
      sameLaggingTopics(aLink({ laggingTopics: [orders, payments] }), aLink({ laggingTopics: [orders] })),
    ).toBe(false);
    expect(sameLaggingTopics(aLink(), aLink({ laggingTopics: [orders] }))).toBe(false);
    expect(sameLaggingTopics(aLink({ laggingTopics: [orders] }), aLink())).toBe(false);
  });

  it('finds a breach of another topic, count or notice a change, wherever it is in the list', () => {
    const changes: LaggingTopic[] = [
      { ...payments, topicName: 'refunds' },
      { ...payments, checks: 2 },
      { ...payments, notified: false },
    ];
    for (const changed of changes)
      expect(
        sameLaggingTopics(
          aLink({ laggingTopics: [orders, payments] }),
          aLink({ laggingTopics: [orders, changed] }),
        ),
      ).toBe(false);
  });
});

describe('Function: readClusterLags', () => {
  it('hands back the listing as read, not failed, when the read succeeds', async () => {
    // Prepare
    const listing: ClusterMirrorLags = { topics: [topic('orders', [5])], complete: false };

    // Act
    const result = await readClusterLags(async () => listing);

    // Assess
    expect(result).toEqual({ reading: listing, failed: false });
  });

  it('never throws: a failed read (a 429 too) is reported as failed, with no reading', async () => {
    // Act
    const result = await readClusterLags(async () => {
      throw Object.assign(new Error('429'), { kind: 'rate-limited' });
    });

    // Assess
    expect(result).toEqual({ reading: null, failed: true });
  });
});
