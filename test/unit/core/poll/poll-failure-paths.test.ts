/**
 * Every place a poll can fail (`POLL_FAILURE_PATHS`, the table of docs/reliability.md) is counted in
 * the poller metrics the table names, `IsolatedFailures` among them where its alarm watches it: each
 * step is made to fail on its own, against the in-memory SQLite store, and the metrics the poll
 * sends are read from its EMF document.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EmfMetrics } from '../../../../adapters/lambda/emf-metrics.js';
import {
  addPollMetrics,
  isolatedFailureCount,
  METRICS_NAMESPACE,
  POLLER_METRIC,
  SERVICE_NAME,
} from '../../../../adapters/lambda/poller-metrics.js';
import type { LinkDetailSource } from '../../../../core/observe/link-details.js';
import {
  type MonitoredCluster,
  type PollDependencies,
  pollClusters,
} from '../../../../core/poll/poll-clusters.js';
import { DEFAULT_POLL_SETTINGS, type PollSettings } from '../../../../core/poll/poll-settings.js';
import type { LinkStateStore } from '../../../../core/ports.js';
import { POLL_FAILURE_PATHS } from '../../../../infra/constructs/poll-failure-paths.js';
import {
  openSqliteLinkStateStore,
  type SqliteLinkStateStore,
} from '../../../../tools/sqlite-store/sqlite-link-state-store.js';
import { aLink } from '../../../support/link-fixtures.js';
import { RecordingNotifier } from '../../../support/recording-notifier.js';
import { ScriptedLinkSource } from '../../../support/scripted-link-source.js';

const PROD: MonitoredCluster = { clusterId: 'lkc-prod1', label: 'prod-eu' };
const MINUTE = 60_000;
const SETTINGS: PollSettings = { ...DEFAULT_POLL_SETTINGS, pollIntervalMs: MINUTE, unreachableAfterPolls: 1 };

/** The store, with one of its methods always failing. */
function failing(store: SqliteLinkStateStore, method: keyof LinkStateStore): LinkStateStore {
  return new Proxy(store, {
    get(target, property) {
      if (property === method)
        return async () => {
          throw new Error(`ProvisionedThroughputExceededException: ${method} failed`);
        };
      const value = Reflect.get(target, property, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

const unreadable = (): never => {
  throw new Error('HTTP 503 from the detail endpoint');
};
const FAILING_DETAILS: LinkDetailSource = {
  readLinkTasks: async () => unreadable(),
  readLinkMirrorTopics: async () => unreadable(),
  readMirrorTopic: async () => unreadable(),
  readClusterMirrorLags: async () => unreadable(),
};

describe('Function: pollClusters (failure paths and their metrics)', () => {
  let sqlite: SqliteLinkStateStore;
  let source: ScriptedLinkSource;
  let notifier: RecordingNotifier;
  let clock: number;

  beforeEach(() => {
    clock = Date.parse('2026-11-26T08:00:00Z');
    sqlite = openSqliteLinkStateStore({ path: ':memory:', now: () => clock });
    source = new ScriptedLinkSource().set(PROD.clusterId, [
      aLink({ linkName: 'a' }),
      aLink({ linkName: 'b' }),
    ]);
    notifier = new RecordingNotifier();
  });
  afterEach(() => sqlite.close());

  /** One poll a minute after the last; its summary and the one EMF document its counts make. */
  async function poll(deps: Partial<PollDependencies> = {}) {
    clock += MINUTE;
    const summary = await pollClusters([PROD], SETTINGS, {
      source,
      store: sqlite,
      notifier,
      now: () => new Date(clock),
      deadline: clock + MINUTE,
      ...deps,
    });
    const lines: string[] = [];
    const metrics = new EmfMetrics({
      namespace: METRICS_NAMESPACE,
      serviceName: SERVICE_NAME,
      write: (l) => lines.push(l),
    });
    if (addPollMetrics(metrics, summary)) metrics.publishStoredMetrics();
    const sent = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    return { summary, sent: sent[0] ?? {} };
  }

  /** A change of link `a` is recorded in the poll that comes next: something to commit, claim and publish. */
  async function baselineThenChange(): Promise<void> {
    await poll();
    source.set(PROD.clusterId, [aLink({ linkName: 'a', linkState: 'FAILED' }), aLink({ linkName: 'b' })]);
  }

  /** Makes one step fail in the next poll, and runs it. */
  const FAULTS: Record<string, () => ReturnType<typeof poll>> = {
    listing: async () => {
      source.set(PROD.clusterId, new Error('connect ECONNREFUSED'));
      return poll();
    },
    'detail-read': () => poll({ details: FAILING_DETAILS }),
    'refused-entry': async () => {
      source.set(
        PROD.clusterId,
        [aLink({ linkName: 'a' })],
        [{ linkName: null, problem: 'data[1].link_name: Too small' }],
      );
      return poll();
    },
    'silence-read': () =>
      poll({
        silences: {
          listSilences: async () => {
            throw new Error('AccessDeniedException: dynamodb:Query');
          },
        },
      }),
    'state-read': async () => {
      await baselineThenChange();
      return poll({ store: failing(sqlite, 'readClusterState') });
    },
    'link-commit': async () => {
      await baselineThenChange();
      return poll({ store: failing(sqlite, 'commitLink') });
    },
    // The first poll writes the cluster's baseline record.
    'cluster-commit': () => poll({ store: failing(sqlite, 'commitCluster') }),
    claim: async () => {
      await baselineThenChange();
      return poll({ store: failing(sqlite, 'claimPendingEvents') });
    },
    publish: async () => {
      await baselineThenChange();
      notifier.failNext(1);
      return poll();
    },
    'publish-record': async () => {
      await baselineThenChange();
      return poll({ store: failing(sqlite, 'markSent') });
    },
    'marker-removal': async () => {
      await baselineThenChange();
      return poll({ store: failing(sqlite, 'outboxDrained') });
    },
    deadline: () => poll({ deadline: clock + MINUTE + SETTINGS.reserveMs / 2 }),
    'not-reached': async () => {
      // Every poll begins with less time than the reserve: the cluster is never reached.
      const tooLate = () => poll({ deadline: clock + MINUTE + SETTINGS.reserveMs / 2 });
      for (let missed = 1; missed < SETTINGS.unreachableAfterPolls; missed++) await tooLate();
      return tooLate();
    },
  };
  // What only the handler (`PollsCompleted`) or AWS (the invocation, the schedule) counts is
  // tested with them: test/unit/functions/poller and test/infra.
  const polled = POLL_FAILURE_PATHS.filter(
    (path) => path.metrics.length > 0 && !path.metrics.includes(POLLER_METRIC.pollsCompleted),
  );

  it('makes every failure path of the poll fail in a test of its own', () => {
    expect(Object.keys(FAULTS).sort()).toEqual(polled.map((path) => path.id).sort());
  });

  it.each(polled.map((path) => [path.id, path] as const))(
    'counts a failure of %s in the metrics its row names',
    async (id, path) => {
      // Prepare
      const fault = FAULTS[id];
      if (fault === undefined) throw new Error(`no fault for ${id}`);

      // Act
      const { summary, sent } = await fault();

      // Assess
      for (const metric of path.metrics) expect(sent[metric], metric).toBeGreaterThanOrEqual(1);
      if (path.alarmMetric.name === POLLER_METRIC.isolatedFailures)
        expect(sent[POLLER_METRIC.isolatedFailures]).toBe(isolatedFailureCount(summary));
    },
  );

  it('counts a claim that fails on every poll in every poll, its notifications kept pending', async () => {
    // Prepare
    await baselineThenChange();
    const store = failing(sqlite, 'claimPendingEvents');

    // Act
    const polls = [await poll({ store }), await poll({ store }), await poll({ store })];

    // Assess
    for (const { summary, sent } of polls) {
      expect(summary.results[0]).toMatchObject({ outcome: 'failed', failedStep: 'publish', stepFailures: 1 });
      expect(sent).toMatchObject({ ClusterStepFailures: 1, IsolatedFailures: 1 });
    }
    expect(notifier.published).toEqual([]);
    expect((await sqlite.pendingEvents(PROD.clusterId)).length).toBeGreaterThan(0);
  });

  it('counts a cluster record that cannot be written after a failed listing, which the listing failure would hide', async () => {
    // Prepare
    await poll();
    source.set(PROD.clusterId, new Error('connect ECONNREFUSED'));

    // Act
    const { summary, sent } = await poll({ store: failing(sqlite, 'commitCluster') });

    // Assess
    expect(summary.results[0]).toMatchObject({ failedStep: 'list', stepFailures: 1 });
    expect(sent).toMatchObject({ ClusterStepFailures: 1, IsolatedFailures: 1 });
  });

  it('sends no failure count when nothing failed', async () => {
    // Act
    await poll();
    const { sent } = await poll();

    // Assess
    expect(sent).not.toHaveProperty(POLLER_METRIC.isolatedFailures);
    expect(sent).not.toHaveProperty(POLLER_METRIC.clusterStepFailures);
  });
});
