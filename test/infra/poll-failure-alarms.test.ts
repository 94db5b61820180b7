/**
 * No step of a poll fails unseen: the alarms the stack synthesizes read the metrics the poller
 * really writes (same namespace, name and dimensions as its EMF documents), a claim or a publish
 * that fails on every poll raises one within 5 minutes on the 1-minute schedule, each shard has
 * its own "not running" alarm, `ClustersUnreachable` holds across a minute without a datapoint, and
 * the table of docs/reliability.md names only metrics the poller sends and alarms the stack has.
 */
import { readFileSync } from 'node:fs';
import { App, Duration, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import type * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { beforeAll, describe, expect, it } from 'vitest';
import { EmfMetrics } from '../../adapters/lambda/emf-metrics.js';
import { JsonLogger } from '../../adapters/lambda/json-logger.js';
import { METRICS_NAMESPACE, POLLER_METRIC, SERVICE_NAME } from '../../adapters/lambda/poller-metrics.js';
import { createPollPipeline, secretCredentialClusters } from '../../adapters/poll-pipeline/poll-pipeline.js';
import { DEFAULT_POLL_SETTINGS, type PollSettings } from '../../core/poll/poll-settings.js';
import type { LinkStateStore, Notifier } from '../../core/ports.js';
import { createPollHandler } from '../../functions/poller/poll-handler.js';
import {
  MONITOR_ALARM,
  MonitorAlarms,
  shardNotRunningAlarmId,
} from '../../infra/constructs/monitor-alarms.js';
import { POLL_FAILURE_PATHS } from '../../infra/constructs/poll-failure-paths.js';
import {
  openSqliteLinkStateStore,
  type SqliteLinkStateStore,
} from '../../tools/sqlite-store/sqlite-link-state-store.js';
import { alarmStatesEveryMinute, datapointsFor, type SynthesizedAlarm } from '../support/alarm-evaluation.js';
import { lambdaContext } from '../support/lambda-context.js';
import { aLink } from '../support/link-fixtures.js';
import { RecordingNotifier } from '../support/recording-notifier.js';
import { ScriptedLinkSource } from '../support/scripted-link-source.js';
import { type Synthesized, synthesizeExample } from './synth-monitor.js';

const MINUTE = 60_000;
const CLUSTER = {
  clusterId: 'lkc-abc123',
  label: 'prod-eu',
  restEndpoint: 'https://unused',
  secretId: 's/prod-eu',
};
/** Polls start 20 seconds into a minute, as a rate schedule created at that second runs them. */
const START = Date.parse('2026-11-26T08:00:20Z');

/** The synthesized properties of alarm `id` of the stack's `MonitorAlarms` (found by its construct id). */
function alarmOf(stack: Stack, template: Template, id: string): SynthesizedAlarm {
  const alarm = stack.node.findChild('Alarms').node.findChild(id) as cloudwatch.Alarm;
  const logicalId = stack.resolve((alarm.node.defaultChild as cloudwatch.CfnAlarm).logicalId) as string;
  const resource = template.toJSON().Resources[logicalId] as { Properties: SynthesizedAlarm } | undefined;
  if (resource === undefined) throw new Error(`no alarm ${id} in the template`);
  return resource.Properties;
}

/** The store, with one of its methods failing every time. */
function failing(store: SqliteLinkStateStore, method: keyof LinkStateStore): LinkStateStore {
  return new Proxy(store, {
    get(target, property) {
      if (property === method)
        return async () => {
          throw new Error(`AccessDeniedException: not authorized to perform ${method}`);
        };
      const value = Reflect.get(target, property, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

interface Run {
  readonly settings: PollSettings;
  readonly source: ScriptedLinkSource;
  readonly store: (sqlite: SqliteLinkStateStore) => LinkStateStore;
  readonly notifier?: Notifier;
  readonly event?: unknown;
  /** When each poll ends, in order (epoch ms): its metrics are stamped then. */
  readonly endings: readonly number[];
  /** Runs before the poll of that index (0-based), e.g. to change a link. */
  readonly before?: (poll: number) => void;
  /** The invocation's time left when each poll begins. @default 50 s */
  readonly remainingMs?: number;
}

/** Runs the poller's handler once per ending and returns every EMF document and log line it wrote. */
async function runPolls(run: Run): Promise<unknown[]> {
  let clock = run.endings[0] ?? START;
  const sqlite = openSqliteLinkStateStore({ path: ':memory:', now: () => clock });
  const records: unknown[] = [];
  const handler = createPollHandler({
    pipeline: createPollPipeline({
      config: {
        clusters: secretCredentialClusters([CLUSTER]),
        settings: run.settings,
        maintenanceWindows: [],
      },
      source: run.source,
      store: run.store(sqlite),
      silences: sqlite,
      notifier: run.notifier ?? new RecordingNotifier(),
      now: () => new Date(clock),
    }),
    logger: new JsonLogger({ serviceName: SERVICE_NAME, write: (_, line) => records.push(JSON.parse(line)) }),
    metrics: new EmfMetrics({
      namespace: METRICS_NAMESPACE,
      serviceName: SERVICE_NAME,
      write: (line) => records.push(JSON.parse(line)),
      now: () => clock,
    }),
    metricsLevel: 'monitor',
    now: () => new Date(clock),
  });
  for (const [index, end] of run.endings.entries()) {
    clock = end;
    run.before?.(index);
    await handler(
      run.event ?? {},
      lambdaContext('poller', run.remainingMs ?? 50_000, () => clock),
    );
  }
  sqlite.close();
  return records;
}

const everyMinute = (count: number, from = START) =>
  Array.from({ length: count }, (_, i) => from + i * MINUTE);

/** The stack of config/monitor.example.yaml (one shard, a 1-minute schedule), synthesized once for the file. */
let synth: Synthesized;
beforeAll(async () => {
  synth = await synthesizeExample();
}, 120_000);

/** `MonitorAlarms` alone, for clusters split into `shards` shards (a stack of 1,000 clusters a shard takes long to synthesize). */
function shardedAlarms(shards: number): { stack: Stack; template: Template } {
  const stack = new Stack(new App(), 'Sharded');
  new MonitorAlarms(stack, 'Alarms', {
    alarmEmails: [],
    poller: lambda.Function.fromFunctionName(stack, 'Poller', 'poller'),
    scheduleInterval: Duration.minutes(1),
    shards,
    unreachableAfterPolls: 3,
    pollerDeadLetters: new sqs.Queue(stack, 'PollerDeadLetters'),
    deadLetterQueues: {},
  });
  return { stack, template: Template.fromStack(stack) };
}

describe('Alarms on what the poller writes', () => {
  let template: Template;

  beforeAll(() => {
    template = synth.template;
  });

  describe.each([
    {
      step: 'claim',
      store: (sqlite: SqliteLinkStateStore) => failing(sqlite, 'claimPendingEvents'),
      notifier: undefined,
    },
    {
      step: 'publish',
      store: (sqlite: SqliteLinkStateStore) => sqlite,
      notifier: new RecordingNotifier().failNext(Number.MAX_SAFE_INTEGER),
    },
  ])('a $step step that fails on every poll', ({ store, notifier }) => {
    let alarm: SynthesizedAlarm;
    let records: unknown[];
    /** The first poll records a baseline; the change of the second one can never go out. */
    const endings = everyMinute(12);
    const firstFailure = endings[1] as number;

    beforeAll(async () => {
      alarm = alarmOf(synth.stack, template, MONITOR_ALARM.isolatedFailures);
      const source = new ScriptedLinkSource().set(CLUSTER.clusterId, [aLink({ linkName: 'orders-dr' })]);
      records = await runPolls({
        settings: synth.config.settings,
        source,
        store,
        notifier,
        endings,
        before: (poll) => {
          if (poll === 1)
            source.set(CLUSTER.clusterId, [aLink({ linkName: 'orders-dr', linkState: 'FAILED' })]);
        },
      });
    });

    it('is written by every poll as a datapoint of the metric, namespace and dimensions the alarm reads', () => {
      // Act
      const points = datapointsFor(alarm, records);

      // Assess
      expect(alarm).toMatchObject({
        Namespace: METRICS_NAMESPACE,
        MetricName: POLLER_METRIC.isolatedFailures,
        Dimensions: [{ Name: 'service', Value: SERVICE_NAME }],
        Statistic: 'Sum',
        Threshold: 1,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      });
      expect(points.map((p) => p.timestamp)).toEqual(endings.slice(1));
      for (const point of points) expect(point.value).toBeGreaterThanOrEqual(alarm.Threshold);
    });

    it('raises the alarm within 5 minutes of the first failure and holds it while the step fails', () => {
      // Act
      const states = alarmStatesEveryMinute(
        alarm,
        datapointsFor(alarm, records),
        START,
        (endings.at(-1) as number) + MINUTE,
      );

      // Assess
      expect(alarm.Period * alarm.EvaluationPeriods).toBeLessThanOrEqual(300);
      const raised = states.find((s) => s.state === 'ALARM');
      expect(raised, 'the alarm never fires').toBeDefined();
      expect((raised?.at ?? 0) - firstFailure).toBeLessThanOrEqual(5 * MINUTE);
      expect(states.filter((s) => s.at >= (raised?.at ?? 0)).every((s) => s.state === 'ALARM')).toBe(true);
    });
  });

  it('raises ClustersUnreachable for a cluster no poll reaches in time, as for one no poll can list', async () => {
    // Prepare: every poll begins with less time left than the reserve, so the cluster is never started
    const alarm = alarmOf(synth.stack, template, MONITOR_ALARM.clustersUnreachable);
    const { settings } = synth.config;
    const endings = everyMinute(settings.unreachableAfterPolls + 2);
    const records = await runPolls({
      settings,
      source: new ScriptedLinkSource().set(CLUSTER.clusterId, [aLink()]),
      store: (sqlite) => sqlite,
      remainingMs: settings.reserveMs / 2,
      endings,
    });

    // Act
    const points = datapointsFor(alarm, records);
    const states = alarmStatesEveryMinute(alarm, points, START, (endings.at(-1) as number) + MINUTE);

    // Assess
    expect(points).toEqual(
      endings.slice(settings.unreachableAfterPolls - 1).map((timestamp) => ({ timestamp, value: 1 })),
    );
    expect(states.find((s) => s.state === 'ALARM')?.at).toBeLessThanOrEqual(
      (endings[settings.unreachableAfterPolls - 1] as number) + MINUTE,
    );
    expect(states.at(-1)?.state).toBe('ALARM');
    const described = template.toJSON().Resources as Record<
      string,
      { Properties?: { MetricName?: string; AlarmDescription?: string } }
    >;
    expect(
      Object.values(described).find((r) => r.Properties?.MetricName === POLLER_METRIC.clustersUnreachable)
        ?.Properties?.AlarmDescription,
    ).toContain("not reached within the poll's time");
  });

  it('raises IsolatedFailures within 5 minutes while a listing entry is refused on every poll, from the count the poller writes', async () => {
    // Prepare: beside a link, one entry without a usable name, on every poll
    const alarm = alarmOf(synth.stack, template, MONITOR_ALARM.isolatedFailures);
    const refused = [{ linkName: null, problem: 'data[1].link_name: Too small' }];
    const endings = everyMinute(8);
    const records = await runPolls({
      settings: synth.config.settings,
      source: new ScriptedLinkSource().set(CLUSTER.clusterId, [aLink()], refused),
      store: (sqlite) => sqlite,
      endings,
    });

    // Act
    const points = datapointsFor(alarm, records);
    const states = alarmStatesEveryMinute(alarm, points, START, (endings.at(-1) as number) + MINUTE);

    // Assess
    expect(POLL_FAILURE_PATHS.find((path) => path.id === 'refused-entry')).toMatchObject({
      metrics: [POLLER_METRIC.refusedListingEntries, POLLER_METRIC.isolatedFailures],
      alarm: MONITOR_ALARM.isolatedFailures,
    });
    expect(points.map((p) => p.timestamp)).toEqual(endings);
    const counted = records.filter(
      (r) => (r as Record<string, unknown>)[POLLER_METRIC.refusedListingEntries] === 1,
    );
    expect(counted).toHaveLength(endings.length);
    const raised = states.find((s) => s.state === 'ALARM');
    expect(raised, 'the alarm never fires').toBeDefined();
    expect((raised?.at ?? 0) - (endings[0] as number)).toBeLessThanOrEqual(5 * MINUTE);
    expect(states.filter((s) => s.at >= (raised?.at ?? 0)).every((s) => s.state === 'ALARM')).toBe(true);
  });

  it('keeps ClustersUnreachable in ALARM across a minute that holds no poll, which one period alone would not', async () => {
    // Prepare: polls start 30 s into each minute and take 35 s and 5 s in turn, so every other
    // minute holds two datapoints and the one after none.
    const alarm = alarmOf(synth.stack, template, MONITOR_ALARM.clustersUnreachable);
    const starts = everyMinute(14, Date.parse('2026-11-26T08:00:30Z'));
    const endings = starts.map((start, i) => start + (i % 2 === 0 ? 35_000 : 5_000));
    const records = await runPolls({
      settings: synth.config.settings,
      source: new ScriptedLinkSource().set(CLUSTER.clusterId, new Error('connect ETIMEDOUT')),
      store: (sqlite) => sqlite,
      endings,
    });
    const points = datapointsFor(alarm, records);
    const minutes = new Set(points.map((p) => Math.floor(p.timestamp / MINUTE)));
    const from = points[0]?.timestamp ?? 0;
    const to = endings.at(-1) as number;

    // Act
    const states = alarmStatesEveryMinute(alarm, points, from, to);
    const onePeriod = alarmStatesEveryMinute(
      { ...alarm, EvaluationPeriods: 1, DatapointsToAlarm: 1 },
      points,
      from,
      to,
    );

    // Assess
    expect(alarm.Period).toBe(60);
    expect(minutes.size).toBeLessThan((to - from) / MINUTE);
    const raised = states.findIndex((s) => s.state === 'ALARM');
    expect(raised).toBeGreaterThanOrEqual(0);
    expect(states.slice(raised).every((s) => s.state === 'ALARM')).toBe(true);
    expect(onePeriod.slice(raised).some((s) => s.state === 'OK')).toBe(true);
  });
});

describe('Per-shard "poller not running" alarms', () => {
  const SHARDS = 3;
  let stack: Stack;
  let template: Template;

  beforeAll(() => {
    ({ stack, template } = shardedAlarms(SHARDS));
  });

  it('has one per shard, none on the whole function, and treats a shard sending nothing as not running', () => {
    // Assess
    for (let shard = 0; shard < SHARDS; shard++) {
      expect(alarmOf(stack, template, shardNotRunningAlarmId(shard))).toMatchObject({
        Namespace: METRICS_NAMESPACE,
        MetricName: POLLER_METRIC.pollsCompleted,
        // In any order: CloudWatch matches dimensions as a set.
        Dimensions: expect.arrayContaining([
          { Name: 'service', Value: SERVICE_NAME },
          { Name: 'Shard', Value: String(shard) },
        ]),
        Statistic: 'Sum',
        ComparisonOperator: 'LessThanThreshold',
        Threshold: 1,
        TreatMissingData: 'breaching',
      });
    }
    expect(JSON.stringify(template.toJSON())).not.toContain('"Invocations"');
  });

  it('stays quiet while a shard polls, and fires for that shard alone once its schedule stops', async () => {
    // Prepare: shard 1 polls for 15 minutes, then its schedule is disabled
    const endings = everyMinute(15);
    const records = await runPolls({
      settings: DEFAULT_POLL_SETTINGS,
      source: new ScriptedLinkSource().set(CLUSTER.clusterId, [aLink()]),
      store: (sqlite) => sqlite,
      event: { shard: 1, shards: SHARDS },
      endings,
    });
    const stopped = endings.at(-1) as number;
    const shard1 = alarmOf(stack, template, shardNotRunningAlarmId(1));
    const shard0 = alarmOf(stack, template, shardNotRunningAlarmId(0));

    // Act
    const whileRunning = alarmStatesEveryMinute(
      shard1,
      datapointsFor(shard1, records),
      START + 5 * MINUTE,
      stopped,
    );
    const afterStop = alarmStatesEveryMinute(
      shard1,
      datapointsFor(shard1, records),
      stopped + MINUTE,
      stopped + 2 * shard1.Period * 1000,
    );
    const other = alarmStatesEveryMinute(shard0, datapointsFor(shard0, records), START + 5 * MINUTE, stopped);

    // Assess
    expect(datapointsFor(shard1, records)).toHaveLength(endings.length);
    expect(whileRunning.every((s) => s.state === 'OK')).toBe(true);
    expect(afterStop.at(-1)?.state).toBe('ALARM');
    expect(other.every((s) => s.state === 'ALARM')).toBe(true);
  });
});

/** The rows of the failure paths table in docs/reliability.md, as a reader sees them. */
function documentedFailurePaths(): {
  step: string;
  counted: string[];
  alarm: string;
  reads: { name: string; namespace: string; dimensions: string[] };
}[] {
  const doc = readFileSync('docs/reliability.md', 'utf8');
  const section = doc.slice(doc.indexOf('## Failure paths and their alarms'));
  const table = section
    .slice(0, section.indexOf('\n\n## '))
    .split('\n')
    .filter((line) => line.startsWith('| '));
  const quoted = (cell: string) => [...cell.matchAll(/`([^`]+)`/g)].map((m) => m[1] as string);
  return table.slice(2).map((line) => {
    const [step = '', , counted = '', alarm = '', reads = ''] = line.slice(2, -2).split(' | ');
    const [name = '', namespace = '', ...dimensions] = quoted(reads);
    return {
      step,
      counted: quoted(counted),
      alarm: quoted(alarm)[0] ?? '',
      reads: { name, namespace, dimensions },
    };
  });
}

describe('docs/reliability.md: failure paths and their alarms', () => {
  const rows = documentedFailurePaths();
  let sharded: Stack;
  let shardedTemplate: Template;

  beforeAll(() => {
    ({ stack: sharded, template: shardedTemplate } = shardedAlarms(2));
  });

  it('lists the listing, detail reads, claim, commit, silence read, publish and marker removal', () => {
    const steps = rows.map((row) => row.step).join('\n');
    for (const call of [
      'listLinks',
      'LinkDetailSource',
      'claimPendingEvents',
      'commitLink',
      'commitCluster',
      'listSilences',
      'Notifier.publish',
      'outboxDrained',
    ])
      expect(steps).toContain(call);
  });

  it('names only metrics the poller sends', () => {
    const names: readonly string[] = Object.values(POLLER_METRIC);
    for (const row of rows) for (const metric of row.counted) expect(names, row.step).toContain(metric);
  });

  it.each(rows.map((row) => [row.step, row] as const))(
    'names the alarm that raises "%s" and what it reads',
    (_, row) => {
      // Prepare: a shard's alarm exists once the clusters are split into shards
      const perShard = row.alarm.endsWith('<i>');
      const [stack, template, ids] = perShard
        ? [sharded, shardedTemplate, [0, 1].map((i) => row.alarm.replace('<i>', String(i)))]
        : [synth.stack, synth.template, [row.alarm]];

      // Assess
      if (row.reads.namespace === METRICS_NAMESPACE) expect(row.counted).toContain(row.reads.name);
      for (const id of ids) {
        const alarm = alarmOf(stack, template, id);
        expect(alarm.MetricName).toBe(row.reads.name);
        expect(alarm.Namespace).toBe(row.reads.namespace);
        expect(alarm.Dimensions.map((d) => d.Name).sort()).toEqual([...row.reads.dimensions].sort());
      }
    },
  );

  it('lists every alarm that reads a metric of the poll', () => {
    // Prepare
    const alarms = [
      ...(synth.stack.node.findChild('Alarms') as MonitorAlarms).alarms,
      ...(sharded.node.findChild('Alarms') as MonitorAlarms).alarms,
    ];

    // Assess
    const documented = new Set(rows.map((row) => row.alarm.replace('<i>', '')));
    for (const alarm of alarms) {
      const metric = (alarm.node.defaultChild as cloudwatch.CfnAlarm).namespace;
      if (metric !== METRICS_NAMESPACE && !alarm.node.id.startsWith('Poller')) continue;
      expect(documented, alarm.node.id).toContain(alarm.node.id.replace(/\d+$/, ''));
    }
  });
});
