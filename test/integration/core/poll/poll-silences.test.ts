/**
 * Silences and maintenance windows through the poll use case, on the SQLite store: what is
 * recorded, what is notified, and what happens when a silence ends.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { MaintenanceWindow } from '../../../../core/control/maintenance-window.js';
import type { Silence } from '../../../../core/control/silence.js';
import { type MonitoredCluster, pollClusters } from '../../../../core/poll/poll-clusters.js';
import { DEFAULT_POLL_SETTINGS } from '../../../../core/poll/poll-settings.js';
import type { SilenceStore } from '../../../../core/ports.js';
import {
  openSqliteLinkStateStore,
  type SqliteLinkStateStore,
} from '../../../../tools/sqlite-store/sqlite-link-state-store.js';
import { aLink } from '../../../support/link-fixtures.js';
import { RecordingNotifier } from '../../../support/recording-notifier.js';
import { ScriptedLinkSource } from '../../../support/scripted-link-source.js';

const PROD: MonitoredCluster = { clusterId: 'lkc-prod1', label: 'prod-eu' };
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

describe('Function: pollClusters with silences', () => {
  let sqlite: SqliteLinkStateStore;
  let source: ScriptedLinkSource;
  let notifier: RecordingNotifier;
  let clock: number;
  let silenceReads: number;

  beforeEach(() => {
    clock = Date.parse('2026-11-26T08:00:00Z');
    sqlite = openSqliteLinkStateStore({ path: ':memory:', now: () => clock });
    source = new ScriptedLinkSource();
    notifier = new RecordingNotifier();
    silenceReads = 0;
  });
  afterEach(() => sqlite.close());

  const counted: Pick<SilenceStore, 'listSilences'> = {
    listSilences: (q) => {
      silenceReads++;
      return sqlite.listSilences(q);
    },
  };
  const poll = (
    clusters: MonitoredCluster[] = [PROD],
    maintenanceWindows: MaintenanceWindow[] = [],
    silences: Pick<SilenceStore, 'listSilences'> = counted,
  ) =>
    pollClusters(
      clusters,
      { ...DEFAULT_POLL_SETTINGS, reminderIntervalMs: 0 },
      {
        source,
        store: sqlite,
        notifier,
        now: () => new Date(clock),
        deadline: clock + 5 * MINUTE,
        silences,
        maintenanceWindows,
      },
    );
  const history = async () =>
    (
      await sqlite.clusterHistory({
        clusterId: PROD.clusterId,
        from: '2000-01-01T00:00:00Z',
        to: '2100-01-01T00:00:00Z',
      })
    ).items.slice();
  const silence = (overrides: Partial<Silence> = {}): Silence => ({
    id: 's-drill',
    matchers: { clusters: ['prod-eu'], linkName: 'orders-*' },
    startsAt: new Date(clock).toISOString(),
    endsAt: new Date(clock + 2 * HOUR).toISOString(),
    reason: 'failover drill',
    createdBy: 'alice',
    createdAt: new Date(clock).toISOString(),
    expiredAt: null,
    ...overrides,
  });

  async function baseline(): Promise<void> {
    source.set(PROD.clusterId, [aLink({ linkName: 'orders-dr' }), aLink({ linkName: 'audit-dr' })]);
    await poll();
    clock += MINUTE;
  }

  it('records a silenced change with the silence id and does not notify it', async () => {
    // Prepare
    await baseline();
    await sqlite.addSilence(silence());

    // Act
    source.set(PROD.clusterId, [
      aLink({ linkName: 'orders-dr', linkState: 'FAILED' }),
      aLink({ linkName: 'audit-dr' }),
    ]);
    await poll();

    // Assess
    expect(notifier.published).toEqual([]);
    const [failed] = await history();
    expect(failed).toMatchObject({
      linkName: 'orders-dr',
      type: 'LINK_STATE_CHANGED',
      notification: 'NOT_NOTIFIED',
      silencedBy: 's-drill',
    });
  });

  it('reads the silences once per poll, however many clusters it polls', async () => {
    const clusters = Array.from({ length: 5 }, (_, i) => ({ clusterId: `lkc-${i}`, label: `c${i}` }));
    for (const c of clusters) source.set(c.clusterId, [aLink()]);

    await poll(clusters);

    expect(silenceReads).toBe(1);
  });

  it('sends one notification, saying it was silenced, when a silence ends on a link still unhealthy', async () => {
    // Prepare: the link fails while silenced
    await baseline();
    await sqlite.addSilence(silence());
    source.set(PROD.clusterId, [
      aLink({ linkName: 'orders-dr', linkState: 'FAILED' }),
      aLink({ linkName: 'audit-dr' }),
    ]);
    await poll();
    clock += HOUR;
    await poll();
    expect(notifier.published).toEqual([]);

    // Act: the silence ends, the link is still failed, two more polls
    clock += HOUR;
    await poll();
    clock += MINUTE;
    await poll();

    // Assess
    expect(notifier.summary()).toEqual([
      `reminder critical ${PROD.clusterId} orders-dr:LINK_STILL_UNHEALTHY`,
    ]);
    expect(notifier.published[0]?.events[0]?.detail).toBe('was silenced by s-drill');
  });

  it('keeps a silence while the silences cannot be read: no end notice, and it ends later as usual', async () => {
    // Prepare: the link fails while silenced
    await baseline();
    await sqlite.addSilence(silence());
    source.set(PROD.clusterId, [
      aLink({ linkName: 'orders-dr', linkState: 'FAILED' }),
      aLink({ linkName: 'audit-dr' }),
    ]);
    await poll();
    clock += MINUTE;
    let unreadable = true;
    const flaky: Pick<SilenceStore, 'listSilences'> = {
      listSilences: (q) => (unreadable ? Promise.reject(new Error('throttled')) : sqlite.listSilences(q)),
    };
    // Act: a poll that cannot read the silences, then polls after the silence ended
    const blind = await poll([PROD], [], flaky);
    unreadable = false;
    clock += 3 * HOUR;
    await poll([PROD], [], flaky);

    // Assess
    expect(blind.silencesUnavailable).toContain('throttled');
    expect(notifier.summary()).toEqual([
      `reminder critical ${PROD.clusterId} orders-dr:LINK_STILL_UNHEALTHY`,
    ]);
    expect(notifier.published[0]?.events[0]?.observedAt).toBe(new Date(clock).toISOString());
  });

  it('sends nothing for a condition that recovered during the silence, before or after it ends', async () => {
    // Prepare
    await baseline();
    await sqlite.addSilence(silence());
    source.set(PROD.clusterId, [
      aLink({ linkName: 'orders-dr', linkState: 'FAILED' }),
      aLink({ linkName: 'audit-dr' }),
    ]);
    await poll();

    // Act: recovers while silenced, then the silence ends
    clock += MINUTE;
    source.set(PROD.clusterId, [aLink({ linkName: 'orders-dr' }), aLink({ linkName: 'audit-dr' })]);
    await poll();
    clock += 3 * HOUR;
    await poll();

    // Assess
    expect(notifier.published).toEqual([]);
    const recovered = (await history()).find((e) => e.severity === 'resolved');
    expect(recovered).toMatchObject({ notification: 'NOT_NOTIFIED', silencedBy: 's-drill' });
  });

  it('notifies what the silence does not match', async () => {
    await baseline();
    await sqlite.addSilence(silence());

    source.set(PROD.clusterId, [
      aLink({ linkName: 'orders-dr' }),
      aLink({ linkName: 'audit-dr', linkState: 'PAUSED' }),
    ]);
    await poll();

    expect(notifier.summary()).toEqual([`change warning ${PROD.clusterId} audit-dr:LINK_STATE_CHANGED`]);
  });

  it('never hides an unreachable cluster unless the silence names CLUSTER_UNREACHABLE', async () => {
    // Prepare
    await baseline();
    await sqlite.addSilence(silence({ matchers: { clusters: ['prod-eu'] } }));
    source.set(PROD.clusterId, new Error('HTTP 503'));

    // Act
    for (let i = 0; i < DEFAULT_POLL_SETTINGS.unreachableAfterPolls; i++) {
      await poll();
      clock += MINUTE;
    }

    // Assess
    expect(notifier.summary()).toEqual([`cluster critical ${PROD.clusterId} -:CLUSTER_UNREACHABLE`]);
  });

  it('hides an unreachable cluster from a silence that names CLUSTER_UNREACHABLE', async () => {
    await baseline();
    await sqlite.addSilence(
      silence({ matchers: { clusters: ['prod-eu'], eventTypes: ['CLUSTER_UNREACHABLE'] } }),
    );
    source.set(PROD.clusterId, new Error('HTTP 503'));

    for (let i = 0; i < DEFAULT_POLL_SETTINGS.unreachableAfterPolls; i++) {
      await poll();
      clock += MINUTE;
    }

    expect(notifier.published).toEqual([]);
    expect((await history()).find((e) => e.type === 'CLUSTER_UNREACHABLE')?.silencedBy).toBe('s-drill');
  });

  it('sends one notice, saying it was silenced, when the silence ends on a cluster still unreachable', async () => {
    // Prepare: the cluster becomes unreachable under a silence that names the type
    await baseline();
    await sqlite.addSilence(
      silence({ matchers: { clusters: ['prod-eu'], eventTypes: ['CLUSTER_UNREACHABLE'] } }),
    );
    source.set(PROD.clusterId, new Error('HTTP 503'));
    for (let i = 0; i < DEFAULT_POLL_SETTINGS.unreachableAfterPolls; i++) {
      await poll();
      clock += MINUTE;
    }
    expect(notifier.published).toEqual([]);

    // Act: the silence ends while the listing still fails, three more polls, then it recovers
    clock += 2 * HOUR;
    for (let i = 0; i < 3; i++) {
      await poll();
      clock += MINUTE;
    }
    source.set(PROD.clusterId, [aLink({ linkName: 'orders-dr' }), aLink({ linkName: 'audit-dr' })]);
    await poll();

    // Assess: one notice naming the silence, then the recovery of what people were told of
    expect(notifier.summary()).toEqual([
      `cluster critical ${PROD.clusterId} -:CLUSTER_UNREACHABLE`,
      `cluster resolved ${PROD.clusterId} -:CLUSTER_RECOVERED`,
    ]);
    expect(notifier.published[0]?.events[0]?.detail).toMatch(/HTTP 503 \(was silenced by s-drill\)$/);
  });

  it('sends nothing for a cluster that recovered during the silence, even after the silence ends', async () => {
    // Prepare
    await baseline();
    await sqlite.addSilence(
      silence({
        matchers: { clusters: ['prod-eu'], eventTypes: ['CLUSTER_UNREACHABLE'] },
        endsAt: new Date(clock + 10 * MINUTE).toISOString(),
      }),
    );
    source.set(PROD.clusterId, new Error('HTTP 503'));
    for (let i = 0; i < DEFAULT_POLL_SETTINGS.unreachableAfterPolls; i++) {
      await poll();
      clock += MINUTE;
    }

    // Act: the silence has ended by the first good listing
    clock += HOUR;
    source.set(PROD.clusterId, [aLink({ linkName: 'orders-dr' }), aLink({ linkName: 'audit-dr' })]);
    await poll();

    // Assess
    expect(notifier.published).toEqual([]);
    expect((await history()).find((e) => e.type === 'CLUSTER_RECOVERED')).toMatchObject({
      notification: 'NOT_NOTIFIED',
      silencedBy: 's-drill',
    });
  });

  it('silences a maintenance window while it is open, also on the night the clocks change', async () => {
    // Prepare: Sunday 2026-03-08, clocks go forward at 02:00 in New York; the window opens at
    // 01:30 EST (06:30Z) for 2 hours of elapsed time, until 08:30Z (04:30 EDT)
    const window: MaintenanceWindow = {
      name: 'sunday-patching',
      days: ['sun'],
      start: { hour: 1, minute: 30 },
      durationMs: 2 * HOUR,
      timeZone: 'America/New_York',
      matchers: { clusters: ['prod-eu'] },
      reason: 'weekly patching',
    };
    clock = Date.parse('2026-03-08T06:00:00Z');
    source.set(PROD.clusterId, [aLink({ linkName: 'orders-dr' }), aLink({ linkName: 'audit-dr' })]);
    await poll([PROD], [window]);

    // Act: a failure inside the window (07:45Z = 03:45 EDT), another after it (08:31Z)
    clock = Date.parse('2026-03-08T07:45:00Z');
    source.set(PROD.clusterId, [
      aLink({ linkName: 'orders-dr', linkState: 'FAILED' }),
      aLink({ linkName: 'audit-dr' }),
    ]);
    await poll([PROD], [window]);
    const insideWindow = notifier.summary();
    clock = Date.parse('2026-03-08T08:31:00Z');
    source.set(PROD.clusterId, [
      aLink({ linkName: 'orders-dr', linkState: 'FAILED' }),
      aLink({ linkName: 'audit-dr', linkState: 'FAILED' }),
    ]);
    await poll([PROD], [window]);

    // Assess
    expect(insideWindow).toEqual([]);
    expect(
      (await history()).find((e) => e.linkName === 'orders-dr' && e.type === 'LINK_STATE_CHANGED')
        ?.silencedBy,
    ).toBe('window:sunday-patching');
    expect(notifier.summary()).toEqual([
      `change critical ${PROD.clusterId} audit-dr:LINK_STATE_CHANGED`,
      `reminder critical ${PROD.clusterId} orders-dr:LINK_STILL_UNHEALTHY`,
    ]);
  });
});
