/**
 * The words of the failover readiness events, as every rendering shows them: a sentence for the
 * body (`describeEvent`) and a few words for the headline (`headlinePart`). Counts read like lag's
 * (`1,250,000`), spans like every duration (`12m`), and server text is quoted on one line, bounded.
 */
import { describe, expect, it } from 'vitest';
import type {
  EventPart,
  HistoryEvent,
  MirrorProgressFigures,
} from '../../../../../core/model/change-events.js';
import {
  describeEvent,
  headlinePart,
  partErrorText,
  partNoun,
  worstPartitionsText,
} from '../../../../../core/notify/render/change-phrases.js';
import { anEvent, aTopicPart, OBSERVED_AT } from './notification-fixtures.js';

function progress(overrides: Partial<MirrorProgressFigures> = {}): MirrorProgressFigures {
  return {
    messagesBehind: 1_250_000,
    secondsBehind: 1_500,
    fetchRate: 833.4,
    basisSeconds: 60,
    targetSeconds: 300,
    worstPartitions: [{ partition: 7, messagesBehind: 1_250_000, fetchOffset: 88_412_093 }],
    ...overrides,
  };
}

function configPart(name: string, value: string | null, loss: string | null = null): EventPart {
  return { kind: 'config', name, state: value, errorCode: null, errorMessage: loss, stateSince: null };
}

function syncPart(overrides: Partial<EventPart> = {}): EventPart {
  return {
    kind: 'task',
    name: 'ConsumerOffsetSync',
    state: 'IN_ERROR',
    errorCode: 'AUTHORIZATION_ERROR',
    errorMessage: 'Principal User:sa-7x2q1 is not authorized to DESCRIBE consumer groups.',
    stateSince: null,
    syncConfig: 'consumer.offset.sync.enable',
    ...overrides,
  };
}

function event(overrides: Partial<HistoryEvent>): HistoryEvent {
  return anEvent({ from: null, to: null, previousSince: null, ...overrides });
}

const OFFSETS_LOST = 'consumer offsets are not synced: consumers would reprocess after failover';

describe('Function: describeEvent', () => {
  describe('MIRROR_TOPIC_STALLED', () => {
    it('names the rule that found the stall, over how many reads, and how far behind', () => {
      // Prepare
      const fetchStopped = event({
        type: 'MIRROR_TOPIC_STALLED',
        severity: 'critical',
        part: aTopicPart({
          progress: progress({
            secondsBehind: null,
            fetchRate: 0,
            stall: { rule: 'fetch-stopped', reads: 3 },
          }),
        }),
      });
      const lagRising = event({
        type: 'MIRROR_TOPIC_STALLED',
        severity: 'critical',
        part: aTopicPart({
          progress: progress({ fetchRate: 2.25, stall: { rule: 'lag-rising', reads: 1 } }),
        }),
      });

      // Act
      const sentences = [describeEvent(fetchStopped), describeEvent(lagRising)];

      // Assess
      expect(sentences).toEqual([
        'mirror topic orders: stalled, fetch offsets unmoved over 3 reads (worst partition 1,250,000 messages behind; nothing fetched over 1m)',
        'mirror topic orders: stalled, lag rising over 1 read (worst partition 1,250,000 messages behind; lagging partitions fetching 2.3 msg/s over 1m)',
      ]);
    });

    it('says the topic fetches again once the stall ends, and what it no longer checks once the topic is gone', () => {
      // Prepare
      const ended = event({
        type: 'MIRROR_TOPIC_STALLED',
        severity: 'resolved',
        part: aTopicPart({ progress: progress({ messagesBehind: 420, fetchRate: null }) }),
      });
      const gone = event({
        type: 'MIRROR_TOPIC_STALLED',
        severity: 'resolved',
        part: aTopicPart({ state: null }),
      });

      // Act
      const sentences = [describeEvent(ended), describeEvent(gone)];
      const headlines = [headlinePart(ended), headlinePart(gone)];

      // Assess
      expect(sentences).toEqual([
        'mirror topic orders: fetching again (worst partition 420 messages behind)',
        'mirror topic orders: no longer listed, progress no longer checked',
      ]);
      expect(headlines).toEqual([
        'mirror topic orders fetching again',
        'mirror topic orders no longer listed',
      ]);
    });

    it('puts the messages behind in the headline', () => {
      const stalled = event({
        type: 'MIRROR_TOPIC_STALLED',
        severity: 'critical',
        part: aTopicPart({ progress: progress({ stall: { rule: 'fetch-stopped', reads: 3 } }) }),
      });

      expect(headlinePart(stalled)).toBe('mirror topic orders stalled (1,250,000 messages behind)');
    });
  });

  describe('MIRROR_BEHIND_TARGET', () => {
    it('compares the estimated time behind with the target, with the figures it rests on', () => {
      // Prepare
      const behind = event({
        type: 'MIRROR_BEHIND_TARGET',
        severity: 'warning',
        part: aTopicPart({ progress: progress() }),
      });

      // Act
      const sentence = describeEvent(behind);
      const headline = headlinePart(behind);

      // Assess
      expect(sentence).toBe(
        'mirror topic orders: about 25m behind, over its target of 5m (worst partition 1,250,000 messages behind; lagging partitions fetching 833 msg/s over 1m)',
      );
      expect(headline).toBe('mirror topic orders about 25m behind (target 5m)');
    });

    it('says it is back within its target, with the estimate when there is one', () => {
      // Prepare
      const within = event({
        type: 'MIRROR_BEHIND_TARGET',
        severity: 'resolved',
        part: aTopicPart({
          progress: progress({ messagesBehind: 2_400, secondsBehind: 95, fetchRate: 25.3 }),
        }),
      });
      const unknownRate = event({
        type: 'MIRROR_BEHIND_TARGET',
        severity: 'resolved',
        part: aTopicPart({ progress: progress({ messagesBehind: 0, secondsBehind: null, fetchRate: null }) }),
      });

      // Act
      const sentences = [describeEvent(within), describeEvent(unknownRate)];

      // Assess
      expect(sentences).toEqual([
        'mirror topic orders: back within its target of 5m, about 1m 35s behind (worst partition 2,400 messages behind; lagging partitions fetching 25 msg/s over 1m)',
        'mirror topic orders: back within its target of 5m (worst partition 0 messages behind)',
      ]);
      expect(headlinePart(within)).toBe('mirror topic orders back within target');
    });

    it('does not make up a target or an estimate it does not have', () => {
      const unknown = event({
        type: 'MIRROR_BEHIND_TARGET',
        severity: 'warning',
        part: aTopicPart({
          progress: progress({ secondsBehind: null, targetSeconds: null, basisSeconds: null }),
        }),
      });

      expect(describeEvent(unknown)).toBe(
        'mirror topic orders: behind, over its target (worst partition 1,250,000 messages behind; lagging partitions fetching 833 msg/s)',
      );
      expect(headlinePart(unknown)).toBe('mirror topic orders behind');
    });
  });

  describe('MIRROR_TRANSITION_STUCK', () => {
    it('names the transition, the state it holds, for how long, and its first error’s code', () => {
      // Prepare
      const stuck = event({
        type: 'MIRROR_TRANSITION_STUCK',
        severity: 'critical',
        part: aTopicPart({
          name: 'payments',
          state: 'PENDING_STOPPED',
          errorCode: 'REMOTE_LINK_NOT_AVAILABLE',
          errorMessage: 'The source cluster did not answer.',
          stateSince: new Date(Date.parse(OBSERVED_AT) - 12 * 60_000).toISOString(),
        }),
      });

      // Act
      const sentence = describeEvent(stuck);
      const headline = headlinePart(stuck);

      // Assess
      expect(sentence).toBe(
        'failover of mirror topic payments stuck in PENDING_STOPPED for 12m (REMOTE_LINK_NOT_AVAILABLE)',
      );
      expect(headline).toBe('mirror topic payments stuck in PENDING_STOPPED for 12m');
    });

    it('says a transition it has no word for is one, and leaves out a span it cannot know', () => {
      const stuck = event({
        type: 'MIRROR_TRANSITION_STUCK',
        severity: 'critical',
        part: aTopicPart({ state: 'PENDING_SOMETHING_NEW', errorCode: 'E1', stateSince: null }),
      });

      expect(describeEvent(stuck)).toBe(
        'transition of mirror topic orders stuck in PENDING_SOMETHING_NEW (E1)',
      );
    });

    it('leaves the transition error’s message to the line of the part’s error: said once, not twice', () => {
      // Prepare
      const message = 'The source cluster did not answer.';
      const stuck = event({
        type: 'MIRROR_TRANSITION_STUCK',
        severity: 'critical',
        part: aTopicPart({
          state: 'PENDING_STOPPED',
          errorCode: 'REMOTE_LINK_NOT_AVAILABLE',
          errorMessage: message,
        }),
      });

      // Act
      const sentence = describeEvent(stuck);
      const errorLine = partErrorText(stuck.part as EventPart);

      // Assess
      expect(sentence).not.toContain(message);
      expect(errorLine).toBe(`REMOTE_LINK_NOT_AVAILABLE: ${message}`);
    });

    it('says the topic is no longer stuck once it moved on', () => {
      const ended = event({
        type: 'MIRROR_TRANSITION_STUCK',
        severity: 'resolved',
        part: aTopicPart({ state: 'STOPPED' }),
      });

      expect(describeEvent(ended)).toBe('mirror topic orders: no longer stuck in a transition');
      expect(headlinePart(ended)).toBe('mirror topic orders no longer stuck');
    });
  });

  describe('LINK_CONFIG_CHANGED', () => {
    it('says what switching a sync off loses, and that switching it on brings the sync back', () => {
      // Prepare
      const off = event({
        type: 'LINK_CONFIG_CHANGED',
        severity: 'warning',
        from: 'true',
        to: 'false',
        part: configPart('consumer.offset.sync.enable', 'false', OFFSETS_LOST),
      });
      const on = event({
        type: 'LINK_CONFIG_CHANGED',
        severity: 'resolved',
        from: 'false',
        to: 'true',
        part: configPart('consumer.offset.sync.enable', 'true'),
      });

      // Act
      const sentences = [describeEvent(off), describeEvent(on)];
      const headlines = [headlinePart(off), headlinePart(on)];

      // Assess
      expect(sentences).toEqual([
        `config consumer.offset.sync.enable true -> false: ${OFFSETS_LOST}`,
        'config consumer.offset.sync.enable false -> true: sync of consumer offsets switched on again',
      ]);
      expect(headlines).toEqual([
        'config consumer.offset.sync.enable switched off',
        'config consumer.offset.sync.enable switched on',
      ]);
    });

    it('says a switch-off ended because the config is no longer watched, not that it was switched on', () => {
      // Prepare: the link was removed, or readiness checks turned off, while the sync was off
      const ended = event({
        type: 'LINK_CONFIG_CHANGED',
        severity: 'resolved',
        from: 'false',
        to: null,
        part: configPart('consumer.offset.sync.enable', null),
      });

      // Act
      const sentence = describeEvent(ended);
      const headline = headlinePart(ended);

      // Assess
      expect(sentence).toBe(
        'config consumer.offset.sync.enable: no longer watched (link removed or readiness checks off)',
      );
      expect(headline).toBe('config consumer.offset.sync.enable no longer watched');
    });

    it('tells any other change by its values, and keeps them out of the headline', () => {
      const changed = event({
        type: 'LINK_CONFIG_CHANGED',
        severity: 'info',
        from: '30000',
        to: '60000',
        part: configPart('consumer.offset.sync.ms', '60000'),
      });

      expect(describeEvent(changed)).toBe('config consumer.offset.sync.ms 30000 -> 60000');
      expect(headlinePart(changed)).toBe('config consumer.offset.sync.ms changed');
    });

    it('shows no value of a sensitive config, and never makes one up', () => {
      // Prepare: a sensitive config's values are never kept, on either side
      const sensitive = event({
        type: 'LINK_CONFIG_CHANGED',
        severity: 'info',
        from: null,
        to: null,
        part: configPart('sasl.jaas.config', null),
      });
      const setFromNothing = event({
        type: 'LINK_CONFIG_CHANGED',
        severity: 'info',
        from: null,
        to: '.*',
        part: configPart('consumer.offset.group.filters', '.*'),
      });

      // Act
      const sentences = [describeEvent(sensitive), describeEvent(setFromNothing)];

      // Assess
      expect(sentences).toEqual([
        'config sasl.jaas.config changed (value not shown)',
        'config consumer.offset.group.filters (not shown) -> .*',
      ]);
      expect(headlinePart(sensitive)).toBe('config sasl.jaas.config changed');
    });

    it('quotes a long value on one line, bounded', () => {
      const filters = `{"groupFilters":[\n${'{"name":"g","patternType":"LITERAL","filterType":"INCLUDE"},'.repeat(20)}]}`;
      const changed = event({
        type: 'LINK_CONFIG_CHANGED',
        severity: 'info',
        from: filters,
        to: '{}',
        part: configPart('consumer.offset.group.filters', '{}'),
      });

      const sentence = describeEvent(changed);

      expect(sentence).not.toContain('\n');
      expect(sentence).toMatch(/\.\.\. \[\d+ more characters\] -> \{\}$/);
    });
  });

  describe('LINK_SYNC_BROKEN', () => {
    it('names the task, its state and error, the config that switched the sync on, and what failover would lose', () => {
      const broken = event({
        type: 'LINK_SYNC_BROKEN',
        severity: 'warning',
        to: 'IN_ERROR',
        part: syncPart(),
      });

      expect(describeEvent(broken)).toBe(
        `task ConsumerOffsetSync IN_ERROR (AUTHORIZATION_ERROR) although consumer.offset.sync.enable is on: ${OFFSETS_LOST}`,
      );
      expect(headlinePart(broken)).toBe('sync of consumer offsets broken (IN_ERROR)');
    });

    it('leaves out the config of a sync that is always on, and the loss of a task it does not know', () => {
      // Prepare
      const alwaysOn = event({
        type: 'LINK_SYNC_BROKEN',
        severity: 'warning',
        part: syncPart({
          name: 'TopicConfigsSync',
          state: 'NOT_CONFIGURED',
          errorCode: null,
          syncConfig: undefined,
        }),
      });
      const unknown = event({
        type: 'LINK_SYNC_BROKEN',
        severity: 'warning',
        part: syncPart({ name: 'SchemaSync', errorCode: null, syncConfig: 'schema.sync.enable' }),
      });

      // Act
      const sentences = [describeEvent(alwaysOn), describeEvent(unknown)];

      // Assess
      expect(sentences).toEqual([
        'task TopicConfigsSync NOT_CONFIGURED: topic configs are not synced: mirror topics would fail over with stale configs',
        'task SchemaSync IN_ERROR although schema.sync.enable is on',
      ]);
      expect(headlinePart(unknown)).toBe('sync of task SchemaSync broken (IN_ERROR)');
    });

    it('says the sync is no longer broken once it ends, whatever the task last showed', () => {
      const ended = event({ type: 'LINK_SYNC_BROKEN', severity: 'resolved', part: syncPart() });

      expect(describeEvent(ended)).toBe('task ConsumerOffsetSync: sync of consumer offsets no longer broken');
      expect(headlinePart(ended)).toBe('sync of consumer offsets no longer broken');
    });
  });
});

describe('Function: worstPartitionsText', () => {
  it('adds the fetch offset of each partition of a progress read', () => {
    const text = worstPartitionsText({
      progress: progress({
        worstPartitions: [
          { partition: 7, messagesBehind: 1_250_000, fetchOffset: 88_412_093 },
          { partition: 2, messagesBehind: 98, fetchOffset: 0 },
        ],
      }),
    });

    expect(text).toBe('partition 7: 1,250,000 at fetch offset 88412093; partition 2: 98 at fetch offset 0');
  });

  it('reads lag figures as before, and nothing when there are no partitions', () => {
    expect(
      worstPartitionsText({ lag: { worstPartitions: [{ partition: 3, messagesBehind: 1_234_567 }] } }),
    ).toBe('partition 3: 1,234,567');
    expect(worstPartitionsText({ progress: progress({ worstPartitions: [] }) })).toBeNull();
    expect(worstPartitionsText({})).toBeNull();
  });
});

describe('Function: partErrorText', () => {
  it('joins a part’s error code and message', () => {
    expect(partErrorText(syncPart())).toBe(
      'AUTHORIZATION_ERROR: Principal User:sa-7x2q1 is not authorized to DESCRIBE consumer groups.',
    );
    expect(partErrorText(aTopicPart())).toBeNull();
  });

  it('gives none for a config, whose message is what its change already says is lost', () => {
    expect(partErrorText(configPart('acl.sync.enable', 'false', 'ACLs are not synced'))).toBeNull();
  });
});

describe('Function: partNoun', () => {
  it('names every kind of part', () => {
    expect((['mirror-topic', 'task', 'config'] as const).map(partNoun)).toEqual([
      'mirror topic',
      'task',
      'config',
    ]);
  });
});

describe('Function: describeEvent, the figures of a progress read', () => {
  const behind = (overrides: Partial<MirrorProgressFigures>) =>
    event({
      type: 'MIRROR_BEHIND_TARGET',
      severity: 'warning',
      part: aTopicPart({ progress: progress(overrides) }),
    });

  it('says a rate of ten or more in whole messages, grouped, and a slower one to a tenth', () => {
    const figures = (fetchRate: number) => describeEvent(behind({ fetchRate }));

    expect(figures(10)).toContain('lagging partitions fetching 10 msg/s over 1m');
    expect(figures(9.96)).toContain('lagging partitions fetching 10.0 msg/s over 1m');
    expect(figures(12_345.6)).toContain('lagging partitions fetching 12,346 msg/s over 1m');
  });

  it('says a stall no rule is named for as a stall alone', () => {
    const stalled = event({
      type: 'MIRROR_TOPIC_STALLED',
      severity: 'critical',
      part: aTopicPart({ progress: progress({ fetchRate: null }) }),
    });

    expect(describeEvent(stalled)).toBe(
      'mirror topic orders: stalled (worst partition 1,250,000 messages behind)',
    );
  });

  it('says nothing fetched, without a span, when the reads were too close to tell one', () => {
    expect(describeEvent(behind({ fetchRate: 0, secondsBehind: null, basisSeconds: null }))).toBe(
      'mirror topic orders: behind, over its target of 5m (worst partition 1,250,000 messages behind; nothing fetched)',
    );
  });

  it('leaves out an estimate, a target or a span a clock skew made negative', () => {
    const skewed = behind({ secondsBehind: -5, targetSeconds: -1, basisSeconds: -60 });

    expect(describeEvent(skewed)).toBe(
      'mirror topic orders: behind, over its target (worst partition 1,250,000 messages behind; lagging partitions fetching 833 msg/s)',
    );
    expect(headlinePart(skewed)).toBe('mirror topic orders behind');
  });

  it('says what it no longer checks once a topic behind its target is gone', () => {
    const gone = event({
      type: 'MIRROR_BEHIND_TARGET',
      severity: 'resolved',
      part: aTopicPart({ state: null }),
    });

    expect(describeEvent(gone)).toBe('mirror topic orders: no longer listed, progress no longer checked');
    expect(headlinePart(gone)).toBe('mirror topic orders no longer listed');
  });
});

describe('Function: describeEvent, the transition a stuck topic is on its way through', () => {
  it.each([
    ['PENDING_STOPPED', 'failover'],
    ['PENDING_SETUP_FOR_RESTORE', 'restore'],
    ['PENDING_RESTORE', 'restore'],
    ['PENDING_MIRROR', 'mirror setup'],
    ['PENDING_SYNCHRONIZE', 'synchronisation'],
    ['toString', 'transition'],
  ])('names a topic stuck in %s a %s', (state, transition) => {
    const stuck = event({
      type: 'MIRROR_TRANSITION_STUCK',
      severity: 'critical',
      part: aTopicPart({ state }),
    });

    expect(describeEvent(stuck)).toBe(`${transition} of mirror topic orders stuck in ${state}`);
  });

  it('says a topic gone from the listing while stuck as not listed', () => {
    const gone = event({
      type: 'MIRROR_TRANSITION_STUCK',
      severity: 'critical',
      part: aTopicPart({ state: null }),
    });

    expect(describeEvent(gone)).toBe('transition of mirror topic orders stuck in not listed');
    expect(headlinePart(gone)).toBe('mirror topic orders stuck in not listed');
  });
});

describe('Function: describeEvent, configs and syncs beyond the usual', () => {
  it('says a sync was switched off even when it does not know what that loses', () => {
    const off = event({
      type: 'LINK_CONFIG_CHANGED',
      severity: 'warning',
      from: 'true',
      to: 'false',
      part: configPart('schema.sync.enable', 'false'),
    });

    expect(describeEvent(off)).toBe('config schema.sync.enable true -> false: sync switched off');
  });

  it('says a sync it does not know is switched on again as a sync', () => {
    const on = event({
      type: 'LINK_CONFIG_CHANGED',
      severity: 'resolved',
      from: 'false',
      to: 'true',
      part: configPart('schema.sync.enable', 'true'),
    });

    expect(describeEvent(on)).toBe('config schema.sync.enable false -> true: sync switched on again');
  });

  it('says a sync switched off that no longer has a value as switched off, not as no longer watched', () => {
    const hidden = event({
      type: 'LINK_CONFIG_CHANGED',
      severity: 'warning',
      from: 'true',
      to: null,
      part: configPart('consumer.offset.sync.enable', null, OFFSETS_LOST),
    });

    expect(describeEvent(hidden)).toBe(
      `config consumer.offset.sync.enable true -> (not shown): ${OFFSETS_LOST}`,
    );
    expect(headlinePart(hidden)).toBe('config consumer.offset.sync.enable switched off');
  });

  it('says a broken sync’s task with no state as not reported', () => {
    const broken = event({
      type: 'LINK_SYNC_BROKEN',
      severity: 'warning',
      part: syncPart({ state: null, errorCode: null, syncConfig: undefined }),
    });

    expect(describeEvent(broken)).toBe(`task ConsumerOffsetSync not reported: ${OFFSETS_LOST}`);
    expect(headlinePart(broken)).toBe('sync of consumer offsets broken (not reported)');
  });
});

describe('Function: describeEvent, a readiness event that carries no part', () => {
  it('says what it no longer checks of a part it has no record of', () => {
    const without = (type: HistoryEvent['type']) => event({ type, severity: 'warning' });

    expect(describeEvent(without('MIRROR_LAG_HIGH'))).toBe('part: no longer listed, lag no longer checked');
    expect(describeEvent(without('MIRROR_TOPIC_STALLED'))).toBe(
      'part: no longer listed, progress no longer checked',
    );
    expect(describeEvent(without('MIRROR_BEHIND_TARGET'))).toBe(
      'part: no longer listed, progress no longer checked',
    );
    expect(
      (['MIRROR_LAG_HIGH', 'MIRROR_TOPIC_STALLED', 'MIRROR_BEHIND_TARGET'] as const).map((type) =>
        headlinePart(without(type)),
      ),
    ).toEqual(['part no longer listed', 'part no longer listed', 'part no longer listed']);
  });

  it('says a transition stuck in a state it was not told', () => {
    const stuck = event({ type: 'MIRROR_TRANSITION_STUCK', severity: 'critical' });

    expect(describeEvent(stuck)).toBe('transition of part stuck in not listed');
    expect(headlinePart(stuck)).toBe('part stuck in not listed');
  });

  it('says a sync broken or mended of a task it was not told', () => {
    const broken = event({ type: 'LINK_SYNC_BROKEN', severity: 'warning' });
    const mended = event({ type: 'LINK_SYNC_BROKEN', severity: 'resolved' });

    expect(describeEvent(broken)).toBe('part not reported');
    expect(headlinePart(broken)).toBe('sync of part broken (not reported)');
    expect(describeEvent(mended)).toBe('part: sync of part no longer broken');
  });

  it('says a config changed that it was not told the name of', () => {
    const changed = event({ type: 'LINK_CONFIG_CHANGED', severity: 'resolved', from: 'false', to: 'true' });

    expect(describeEvent(changed)).toBe('part false -> true: sync switched on again');
  });
});
