import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { HistoryEvent } from '../../../../core/model/change-events.js';
import { LinkBudget } from '../../../../core/observe/link-budget.js';
import { type MonitoredCluster, pollClusters } from '../../../../core/poll/poll-clusters.js';
import { DEFAULT_POLL_SETTINGS, type PollSettings } from '../../../../core/poll/poll-settings.js';
import type { ClusterCommit, LinkCommit, LinkSource, LinkStateStore } from '../../../../core/ports.js';
import {
  openSqliteLinkStateStore,
  type SqliteLinkStateStore,
} from '../../../../tools/sqlite-store/sqlite-link-state-store.js';
import { aLink } from '../../../support/link-fixtures.js';
import { RecordingNotifier } from '../../../support/recording-notifier.js';
import { ScriptedLinkSource } from '../../../support/scripted-link-source.js';

const PROD: MonitoredCluster = { clusterId: 'lkc-prod1', label: 'prod-eu' };
const DR: MonitoredCluster = { clusterId: 'lkc-dr001', label: 'dr-us' };
const MINUTE = 60_000;

/** Counts the store's writes, to prove the steady state costs none. */
function countingWrites(store: LinkStateStore): { store: LinkStateStore; writes: () => number } {
  let writes = 0;
  const counted = new Proxy(store, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        if (
          ['commitLink', 'commitCluster', 'markSent', 'markPending', 'releaseClaim'].includes(
            String(property),
          )
        )
          writes++;
        if (property === 'claimPendingEvents') {
          return (value as (...a: unknown[]) => Promise<readonly unknown[]>)
            .apply(target, args)
            .then((claimed) => {
              writes += claimed.length;
              return claimed;
            });
        }
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
  return { store: counted, writes: () => writes };
}

/**
 * The SQLite store as seen through an eventually consistent outbox index (DynamoDB's `pending`
 * GSI): events committed since the last `catchUp()` are invisible to a claim unless the poll
 * names them in `justCommitted`.
 */
function laggingOutbox(store: SqliteLinkStateStore): { store: LinkStateStore; catchUp: () => void } {
  const recent = new Set<string>();
  const remember = (events: readonly HistoryEvent[]) => {
    for (const e of events) recent.add(e.eventId);
  };
  const overrides: Partial<LinkStateStore> = {
    commitLink: async (commit: LinkCommit) => {
      const outcome = await store.commitLink(commit);
      if (outcome === 'committed') remember(commit.events);
      return outcome;
    },
    commitCluster: async (commit: ClusterCommit) => {
      const outcome = await store.commitCluster(commit);
      if (outcome === 'committed') remember(commit.events);
      return outcome;
    },
    markPending: async (events) => {
      await store.markPending(events);
      for (const e of events) recent.add(e.eventId);
    },
    claimPendingEvents: async (q) => {
      const named = new Set((q.justCommitted ?? []).map((e) => e.eventId));
      const claimed = await store.claimPendingEvents(q);
      const unseen = claimed.filter((e) => recent.has(e.eventId) && !named.has(e.eventId));
      await store.releaseClaim(unseen, q.claimant);
      return claimed.filter((e) => !unseen.includes(e));
    },
  };
  const lagging = new Proxy(store, {
    get(target, property) {
      const own = overrides[property as keyof LinkStateStore];
      if (own !== undefined) return own;
      const value = Reflect.get(target, property, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  return { store: lagging, catchUp: () => recent.clear() };
}

describe('Function: pollClusters', () => {
  let sqlite: SqliteLinkStateStore;
  let source: ScriptedLinkSource;
  let notifier: RecordingNotifier;
  let clock: number;

  beforeEach(() => {
    sqlite = openSqliteLinkStateStore({ path: ':memory:', now: () => clock });
    source = new ScriptedLinkSource();
    notifier = new RecordingNotifier();
    clock = Date.parse('2026-11-26T08:00:00Z');
  });
  afterEach(() => sqlite.close());

  const poll = (settings: Partial<PollSettings> = {}, clusters = [PROD], store: LinkStateStore = sqlite) => {
    const result = pollClusters(
      clusters,
      { ...DEFAULT_POLL_SETTINGS, ...settings },
      {
        source,
        store,
        notifier,
        now: () => new Date(clock),
        deadline: clock + 5 * MINUTE,
      },
    );
    return result;
  };
  const advance = (ms: number) => {
    clock += ms;
  };
  const history = async (clusterId = PROD.clusterId) =>
    (
      await sqlite.clusterHistory({
        clusterId,
        from: '2000-01-01T00:00:00Z',
        to: '2100-01-01T00:00:00Z',
        limit: 1000,
      })
    ).items.slice();

  it('takes the first listing as a baseline and reports only links that are already unhealthy', async () => {
    // Prepare
    source.set(PROD.clusterId, [aLink({ linkName: 'a' }), aLink({ linkName: 'b', linkState: 'FAILED' })]);

    // Act
    const summary = await poll();

    // Assess
    expect(summary).toMatchObject({ clustersPolled: 1, clustersFailed: 0, events: 1, published: 1 });
    expect(notifier.summary()).toEqual(['change critical lkc-prod1 b:LINK_STATE_CHANGED']);
    const state = await sqlite.readClusterState(PROD.clusterId);
    expect(state.links.map((s) => s.link.linkName).sort()).toEqual(['a', 'b']);
    expect(state.cluster?.baselineAt).toBe('2026-11-26T08:00:00.000Z');
  });

  it('finishes a baseline that was interrupted part-way without reporting its links as added', async () => {
    // Prepare: one link's snapshot was recorded, then the poll stopped before the baseline was marked done.
    await sqlite.commitLink({
      clusterId: PROD.clusterId,
      linkName: 'a',
      expectedVersion: null,
      next: {
        clusterId: PROD.clusterId,
        link: aLink({ linkName: 'a' }),
        version: 1,
        stateSince: '2026-11-26T07:59:00.000Z',
        unhealthySince: null,
        lastRemindedAt: null,
        pendingCondition: null,
      },
      events: [],
    });
    source.set(PROD.clusterId, [aLink({ linkName: 'a' }), aLink({ linkName: 'b' })]);

    // Act
    await poll();

    // Assess
    expect(notifier.published).toEqual([]);
    expect(await history()).toEqual([]);
    const state = await sqlite.readClusterState(PROD.clusterId);
    expect(state.links.map((s) => s.link.linkName).sort()).toEqual(['a', 'b']);
    expect(state.cluster?.baselineAt).not.toBeNull();
  });

  it('writes nothing and publishes nothing when nothing changed', async () => {
    source.set(PROD.clusterId, [aLink({ linkName: 'a' }), aLink({ linkName: 'b' })]);
    await poll();
    const counted = countingWrites(sqlite);

    advance(MINUTE);
    const summary = await poll({}, [PROD], counted.store);

    expect(counted.writes()).toBe(0);
    expect(summary).toMatchObject({ events: 0, published: 0, conflicts: 0 });
  });

  it('records a change once, with the time it was observed, and notifies it once', async () => {
    source.set(PROD.clusterId, [aLink()]);
    await poll();
    advance(MINUTE);
    source.set(PROD.clusterId, [aLink({ linkState: 'UNAVAILABLE', linkError: 'AUTHENTICATION_ERROR' })]);

    await poll();
    advance(MINUTE);
    await poll();

    // History is newest first; within one poll, the later event of a link first.
    const events = (await history()).reverse();
    expect(events.map((e) => [e.type, e.from, e.to, e.observedAt, e.notification])).toEqual([
      ['LINK_STATE_CHANGED', 'ACTIVE', 'UNAVAILABLE', '2026-11-26T08:01:00.000Z', 'SENT'],
      ['LINK_ERROR_CHANGED', null, 'AUTHENTICATION_ERROR', '2026-11-26T08:01:00.000Z', 'SENT'],
    ]);
    expect(events.map((e) => e.previousSince)).toEqual([
      '2026-11-26T08:00:00.000Z',
      '2026-11-26T08:00:00.000Z',
    ]);
    expect(notifier.summary()).toEqual([
      'change critical lkc-prod1 orders-dr:LINK_STATE_CHANGED,orders-dr:LINK_ERROR_CHANGED',
    ]);
  });

  it('leaves the snapshot untouched when a listing fails: no link looks removed', async () => {
    source.set(PROD.clusterId, [aLink({ linkName: 'a' }), aLink({ linkName: 'b' })]);
    await poll();
    source.set(PROD.clusterId, new Error('connection reset'));

    const summary = await poll();

    expect(summary.results[0]).toMatchObject({
      outcome: 'failed',
      failedStep: 'list',
      error: 'Error: connection reset',
    });
    expect((await sqlite.readClusterState(PROD.clusterId)).links).toHaveLength(2);
    expect((await history()).filter((e) => e.type === 'LINK_REMOVED')).toEqual([]);
  });

  it('announces an unreachable cluster once after the threshold, and its recovery once', async () => {
    source.set(PROD.clusterId, [aLink()]);
    await poll();
    source.set(PROD.clusterId, new Error('ConfluentApiError: the API key was rejected (401)'));
    for (let i = 0; i < 5; i++) {
      advance(MINUTE);
      await poll({ unreachableAfterPolls: 3 });
    }
    advance(MINUTE);
    source.set(PROD.clusterId, [aLink()]);
    await poll({ unreachableAfterPolls: 3 });
    advance(MINUTE);
    await poll({ unreachableAfterPolls: 3 });

    expect(notifier.summary()).toEqual([
      'cluster critical lkc-prod1 -:CLUSTER_UNREACHABLE',
      'cluster resolved lkc-prod1 -:CLUSTER_RECOVERED',
    ]);
    const [recovered] = (await history()).filter((e) => e.type === 'CLUSTER_RECOVERED');
    expect(recovered?.previousSince).toBe('2026-11-26T08:01:00.000Z');
  });

  it('keeps an event pending when publishing fails and sends it once on the next poll', async () => {
    source.set(PROD.clusterId, [aLink()]);
    await poll();
    advance(MINUTE);
    source.set(PROD.clusterId, [aLink({ linkState: 'FAILED' })]);
    notifier.failNext(1);

    const failed = await poll();
    expect(failed.results[0]).toMatchObject({ outcome: 'failed', failedStep: 'publish', publishFailures: 1 });
    expect((await sqlite.pendingEvents(PROD.clusterId)).map((e) => e.type)).toEqual(['LINK_STATE_CHANGED']);

    advance(MINUTE);
    await poll();
    advance(MINUTE);
    await poll();

    expect(notifier.summary()).toEqual(['change critical lkc-prod1 orders-dr:LINK_STATE_CHANGED']);
    expect(await sqlite.pendingEvents(PROD.clusterId)).toEqual([]);
  });

  it('records and notifies a change once when two polls run at once', async () => {
    source.set(PROD.clusterId, [aLink()]);
    await poll();
    advance(MINUTE);
    source.set(PROD.clusterId, [aLink({ linkState: 'UNAVAILABLE' })]);

    const [first, second] = await Promise.all([poll(), poll()]);

    expect(first.conflicts + second.conflicts).toBe(1);
    expect((await history()).filter((e) => e.type === 'LINK_STATE_CHANGED')).toHaveLength(1);
    expect(notifier.published).toHaveLength(1);
  });

  it('reminds about a link still unhealthy once per interval, and reports how long when it recovers', async () => {
    const settings = { reminderIntervalMs: 4 * 60 * MINUTE };
    source.set(PROD.clusterId, [aLink()]);
    await poll(settings);
    advance(MINUTE);
    source.set(PROD.clusterId, [aLink({ linkState: 'UNAVAILABLE', linkError: 'AUTHENTICATION_ERROR' })]);
    await poll(settings);
    for (let minute = 0; minute < 9 * 60; minute += 30) {
      advance(30 * MINUTE);
      await poll(settings);
    }
    advance(MINUTE);
    source.set(PROD.clusterId, [aLink()]);
    await poll(settings);

    expect(notifier.summary()).toEqual([
      'change critical lkc-prod1 orders-dr:LINK_STATE_CHANGED,orders-dr:LINK_ERROR_CHANGED',
      'reminder critical lkc-prod1 orders-dr:LINK_STILL_UNHEALTHY',
      'reminder critical lkc-prod1 orders-dr:LINK_STILL_UNHEALTHY',
      'change resolved lkc-prod1 orders-dr:LINK_STATE_CHANGED,orders-dr:LINK_ERROR_CHANGED',
    ]);
    const reminders = (await history()).filter((e) => e.type === 'LINK_STILL_UNHEALTHY');
    expect(reminders.map((e) => e.observedAt).sort()).toEqual([
      '2026-11-26T12:01:00.000Z',
      '2026-11-26T16:01:00.000Z',
    ]);
    const resolved = (await history()).find((e) => e.severity === 'resolved');
    expect(resolved?.previousSince).toBe('2026-11-26T08:01:00.000Z');
  });

  it('with damping, records a flap but notifies only a condition that held', async () => {
    const settings = { dampingPolls: 2 };
    source.set(PROD.clusterId, [aLink()]);
    await poll(settings);
    advance(MINUTE);
    source.set(PROD.clusterId, [aLink({ linkState: 'UNAVAILABLE' })]);
    await poll(settings);
    advance(MINUTE);
    source.set(PROD.clusterId, [aLink()]);
    await poll(settings);
    expect(notifier.published).toEqual([]);
    expect((await history()).reverse().map((e) => [e.to, e.notification])).toEqual([
      ['UNAVAILABLE', 'NOT_NOTIFIED'],
      ['ACTIVE', 'NOT_NOTIFIED'],
    ]);

    advance(MINUTE);
    source.set(PROD.clusterId, [aLink({ linkState: 'FAILED' })]);
    await poll(settings);
    expect(notifier.published).toEqual([]);
    advance(MINUTE);
    await poll(settings);

    expect(notifier.summary()).toEqual(['change critical lkc-prod1 orders-dr:LINK_STATE_CHANGED']);
    expect(notifier.published[0]?.events[0]).toMatchObject({ from: 'ACTIVE', to: 'FAILED' });
  });

  it('sends a 40-link outage as one digest', async () => {
    const links = (state: string | null, error: string | null) =>
      Array.from({ length: 40 }, (_, i) =>
        aLink({ linkName: `link-${String(i).padStart(2, '0')}`, linkState: state, linkError: error }),
      );
    source.set(PROD.clusterId, links('ACTIVE', null));
    await poll();
    advance(MINUTE);
    source.set(PROD.clusterId, links('UNAVAILABLE', 'BOOTSTRAP_TCP_CONNECTION_FAILED_ERROR'));

    const summary = await poll();

    expect(summary.events).toBe(80);
    expect(notifier.published.map((n) => [n.kind, n.severity, n.events.length])).toEqual([
      ['digest', 'critical', 80],
    ]);
  });

  it('contains one cluster failing: the others complete', async () => {
    source
      .set(PROD.clusterId, new Error('socket hang up'))
      .set(DR.clusterId, [aLink({ linkState: 'PAUSED' })]);

    const summary = await poll({}, [PROD, DR]);

    expect(summary).toMatchObject({ clustersPolled: 2, clustersFailed: 1 });
    expect(summary.results.map((r) => [r.clusterId, r.outcome])).toEqual([
      ['lkc-prod1', 'failed'],
      ['lkc-dr001', 'ok'],
    ]);
    expect(notifier.summary()).toEqual(['change warning lkc-dr001 orders-dr:LINK_STATE_CHANGED']);
  });

  it('lists no more clusters at once than its link budget holds, and learns their sizes', async () => {
    // Prepare
    const clusters = ['lkc-b1', 'lkc-b2', 'lkc-b3', 'lkc-b4'].map((clusterId) => ({
      clusterId,
      label: clusterId,
    }));
    for (const c of clusters)
      source.set(
        c.clusterId,
        Array.from({ length: 100 }, (_, i) => aLink({ linkName: `link-${i}` })),
      );
    let listing = 0;
    let mostAtOnce = 0;
    const slowSource: LinkSource = {
      listLinks: async (request) => {
        mostAtOnce = Math.max(mostAtOnce, ++listing);
        await new Promise((resolve) => setTimeout(resolve, 5));
        listing--;
        return source.listLinks(request);
      },
    };
    const budget = new LinkBudget(150, 100);

    // Act
    const summary = await pollClusters(clusters, DEFAULT_POLL_SETTINGS, {
      source: slowSource,
      store: sqlite,
      notifier,
      now: () => new Date(clock),
      deadline: clock + 5 * MINUTE,
      linkBudget: budget,
    });

    // Assess
    expect(summary.results.map((r) => [r.outcome, r.links])).toEqual(clusters.map(() => ['ok', 100]));
    expect(mostAtOnce).toBe(1);
    expect(clusters.map((c) => budget.knownSize(c.clusterId))).toEqual([100, 100, 100, 100]);
    expect(budget.inFlight).toBe(0);
  });

  it('starts no cluster when too little time is left, and leaves it for the next poll', async () => {
    source.set(PROD.clusterId, [aLink()]);

    const summary = await pollClusters([PROD], DEFAULT_POLL_SETTINGS, {
      source,
      store: sqlite,
      notifier,
      now: () => new Date(clock),
      deadline: clock + DEFAULT_POLL_SETTINGS.reserveMs - 1,
    });

    expect(summary).toMatchObject({ clustersPolled: 0, clustersSkipped: 1 });
    expect(source.calls).toEqual([]);
  });

  it('reports a link removed only when a complete listing no longer has it, and a recreated one', async () => {
    source.set(PROD.clusterId, [aLink({ linkName: 'a' }), aLink({ linkName: 'b', clusterLinkId: 'one' })]);
    await poll();
    advance(MINUTE);
    source.set(PROD.clusterId, [aLink({ linkName: 'b', clusterLinkId: 'two' })]);
    await poll();

    expect(notifier.summary()).toEqual([
      'change info lkc-prod1 a:LINK_REMOVED',
      'change info lkc-prod1 b:LINK_RECREATED',
    ]);
    const state = await sqlite.readClusterState(PROD.clusterId);
    expect(state.links.map((s) => [s.link.linkName, s.link.clusterLinkId])).toEqual([['b', 'two']]);
  });

  it('publishes a change in the poll that found it even while the outbox index lags behind', async () => {
    // Prepare
    const outbox = laggingOutbox(sqlite);
    source.set(PROD.clusterId, [aLink()]);
    await poll({}, [PROD], outbox.store);
    outbox.catchUp();
    advance(MINUTE);
    source.set(PROD.clusterId, [aLink({ linkState: 'FAILED' })]);

    // Act
    const summary = await poll({}, [PROD], outbox.store);

    // Assess
    expect(summary).toMatchObject({ events: 1, published: 1 });
    expect(notifier.summary()).toEqual(['change critical lkc-prod1 orders-dr:LINK_STATE_CHANGED']);
  });

  it('with damping, publishes promoted events in the poll that promoted them even while the outbox index lags', async () => {
    // Prepare
    const settings = { dampingPolls: 2 };
    const outbox = laggingOutbox(sqlite);
    source.set(PROD.clusterId, [aLink()]);
    await poll(settings, [PROD], outbox.store);
    advance(MINUTE);
    source.set(PROD.clusterId, [aLink({ linkState: 'FAILED' })]);
    await poll(settings, [PROD], outbox.store);
    outbox.catchUp();
    advance(MINUTE);

    // Act
    const summary = await poll(settings, [PROD], outbox.store);

    // Assess
    expect(summary).toMatchObject({ published: 1 });
    expect(notifier.summary()).toEqual(['change critical lkc-prod1 orders-dr:LINK_STATE_CHANGED']);
  });

  it('with damping, counts a poll whose only other change is a reworded error message towards the condition holding', async () => {
    // Prepare: the error message changes on every poll while the error itself stays.
    const settings = { dampingPolls: 2 };
    const failing = (message: string) =>
      aLink({ linkState: 'FAILED', linkError: 'TIMEOUT_ERROR', linkErrorMessage: message });
    source.set(PROD.clusterId, [aLink()]);
    await poll(settings);
    advance(MINUTE);
    source.set(PROD.clusterId, [failing('timed out after 30001 ms')]);
    await poll(settings);
    expect(notifier.published).toEqual([]);

    // Act
    advance(MINUTE);
    source.set(PROD.clusterId, [failing('timed out after 30007 ms')]);
    await poll(settings);
    advance(MINUTE);
    source.set(PROD.clusterId, [failing('timed out after 30002 ms')]);
    await poll(settings);

    // Assess
    expect(notifier.summary()).toEqual([
      'change critical lkc-prod1 orders-dr:LINK_STATE_CHANGED,orders-dr:LINK_ERROR_CHANGED',
    ]);
    expect((await sqlite.readClusterState(PROD.clusterId)).links[0]?.pendingCondition).toBeNull();
  });

  it('with damping, counts a poll whose only other change is in mirror topics towards the condition holding', async () => {
    // Prepare
    const settings = { dampingPolls: 3 };
    source.set(PROD.clusterId, [aLink({ topicNames: ['a'] })]);
    await poll(settings);
    advance(MINUTE);
    source.set(PROD.clusterId, [aLink({ linkState: 'PAUSED', topicNames: ['a'] })]);
    await poll(settings);

    // Act
    advance(MINUTE);
    source.set(PROD.clusterId, [aLink({ linkState: 'PAUSED', topicNames: ['a', 'b'] })]);
    await poll(settings);
    expect(notifier.published).toEqual([]);
    advance(MINUTE);
    await poll(settings);

    // Assess
    expect(notifier.summary()).toEqual(['change warning lkc-prod1 orders-dr:LINK_STATE_CHANGED']);
  });

  it('reminds no sooner than one interval after the last alert when an unhealthy link changes condition', async () => {
    // Prepare: unhealthy from 08:01, reminded at 12:01, then its condition changes at 12:31 (notified).
    const settings = { reminderIntervalMs: 4 * 60 * MINUTE };
    source.set(PROD.clusterId, [aLink()]);
    await poll(settings);
    advance(MINUTE);
    source.set(PROD.clusterId, [aLink({ linkState: 'UNAVAILABLE' })]);
    await poll(settings);
    for (let minute = 0; minute < 4 * 60; minute += 30) {
      advance(30 * MINUTE);
      await poll(settings);
    }
    advance(30 * MINUTE);
    source.set(PROD.clusterId, [aLink({ linkState: 'FAILED' })]);
    await poll(settings);

    // Act: polls for the next three and a half hours
    for (let minute = 0; minute < 3.5 * 60; minute += 30) {
      advance(30 * MINUTE);
      await poll(settings);
    }

    // Assess
    expect(notifier.summary()).toEqual([
      'change critical lkc-prod1 orders-dr:LINK_STATE_CHANGED',
      'reminder critical lkc-prod1 orders-dr:LINK_STILL_UNHEALTHY',
      'change critical lkc-prod1 orders-dr:LINK_STATE_CHANGED',
    ]);
  });

  it('with damping, notifies nothing when a link flaps away and back to the condition last notified', async () => {
    // Prepare
    const settings = { dampingPolls: 2 };
    source.set(PROD.clusterId, [aLink()]);
    await poll(settings);
    advance(MINUTE);
    source.set(PROD.clusterId, [aLink({ linkState: 'UNAVAILABLE' })]);
    await poll(settings);
    advance(MINUTE);
    source.set(PROD.clusterId, [aLink()]);
    await poll(settings);

    // Act: healthy again, and it stays so
    advance(MINUTE);
    await poll(settings);
    advance(MINUTE);
    await poll(settings);

    // Assess: the flap is history, not news, and no "resolved" arrives for a problem never announced
    expect(notifier.published).toEqual([]);
    expect((await history()).map((e) => e.notification)).toEqual(['NOT_NOTIFIED', 'NOT_NOTIFIED']);
    expect((await sqlite.readClusterState(PROD.clusterId)).links[0]?.pendingCondition).toBeNull();
  });
});
