/**
 * Every alert that opens, closes (docs/alerting-control.md), as a property: over random sequences
 * of link, mirror-topic, task and lag conditions, removals, silences, maintenance windows, routes
 * and receiver severities, reminder and damping settings, and redelivered PagerDuty messages, the
 * real poll (`pollClusters` on the SQLite store, silences read from it) publishes to a stand-in of
 * the alerts topic that fans each SNS message out to the receivers whose filter policy matches it,
 * as SNS does. Email receivers keep the documents they get; the PagerDuty receiver runs its real
 * notifier (render, reconcile with its ledger, ordering, send) against an in-process PagerDuty.
 *
 * Every sequence ends by settling: silences over, windows closed, every link healthy or removed,
 * a few polls. Then no PagerDuty incident is open, and for every receiver and every problem it
 * heard begin (a link's condition, a mirror topic, its lag, a task) the last it heard of it is its
 * end. Throughout, nothing reaches a receiver its routes exclude.
 *
 * A redelivered message is one delivered before, as Lambda's asynchronous retries deliver an
 * invocation that failed after sending; a first delivery that comes late is the documented limit
 * of the ledger (a trigger arriving after a document that could not see its alert open), not
 * generated here. Routings are split in two properties: receivers that get every severity from
 * their minimum up, and default-route recipients a route leaves only a cluster's milder problems.
 *
 * `ALERT_LIFECYCLE_RUNS` sets the number of sequences (CONTRIBUTING.md: the nightly run).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { pagingConflicts, pagingMinimum } from '../../adapters/routing/paging-minimum.js';
import {
  type ReceiverSubscription,
  receiverSubscriptions,
} from '../../adapters/routing/route-filter-policies.js';
import type { MinSeverity, Route, RoutingConfig } from '../../adapters/routing/routes.js';
import type { MaintenanceWindow } from '../../core/control/maintenance-window.js';
import { windowOccurrences } from '../../core/control/maintenance-window.js';
import type { Silence, SilenceMatchers } from '../../core/control/silence.js';
import type { Weekday } from '../../core/control/zoned-time.js';
import { partProblemKey } from '../../core/model/change-events.js';
import { conditionSeverity } from '../../core/model/link-model.js';
import {
  type NotificationDocument,
  parseNotificationDocument,
} from '../../core/notify/render/notification-document-schema.js';
import { type MonitoredCluster, pollClusters } from '../../core/poll/poll-clusters.js';
import { DEFAULT_POLL_SETTINGS, type PollSettings } from '../../core/poll/poll-settings.js';
import { createPagerDutyNotifier } from '../../receivers/pagerduty/pagerduty-receiver.js';
import { openSqliteLinkStateStore } from '../../tools/sqlite-store/sqlite-link-state-store.js';
import { InMemoryAlertLedger } from '../support/in-memory-alert-ledger.js';
import {
  InProcessLinkWorld,
  type WorldCondition,
  type WorldTask,
  type WorldTopic,
} from '../support/in-process-link-world.js';
import { lambdaContext } from '../support/lambda-context.js';
import { PagerDutyIncidents } from '../support/pagerduty-incidents.js';
import { type SnsDelivery, SnsFanOut } from '../support/sns-fan-out.js';

const RUNS = Number(process.env.ALERT_LIFECYCLE_RUNS ?? '') || 40;

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
/** A Thursday. */
const START = Date.parse('2026-11-26T08:00:00.000Z');
const SETTLING_POLLS = 8;

const CLUSTERS: readonly MonitoredCluster[] = [
  { clusterId: 'lkc-east', label: 'prod-east' },
  { clusterId: 'lkc-west', label: 'prod-west' },
];
const LINKS = ['orders-dr', 'payments-dr'] as const;
const TASKS = ['AclSync', 'ConsumerOffsetSync'] as const;
const topicsOf = (link: string) => [`${link}.a`, `${link}.b`];

const CONDITIONS: readonly WorldCondition[] = [
  { linkState: 'ACTIVE', linkError: null },
  { linkState: 'FAILED', linkError: null },
  { linkState: 'UNAVAILABLE', linkError: null },
  { linkState: 'PAUSED', linkError: null },
  { linkState: 'UNKNOWN', linkError: null },
  { linkState: 'ACTIVE', linkError: 'AUTHENTICATION_ERROR' },
  { linkState: 'FAILED', linkError: 'TIMEOUT_ERROR' },
];
const TOPIC_CONDITIONS: readonly Omit<WorldTopic, 'lag'>[] = [
  { status: 'ACTIVE', error: null },
  { status: 'FAILED', error: null },
  { status: 'FAILED', error: 'SOURCE_TOPIC_DELETED' },
  { status: 'PAUSED', error: null },
  { status: 'STOPPED', error: null },
  { status: 'SOURCE_UNAVAILABLE', error: null },
];
const TASK_CONDITIONS: readonly WorldTask[] = [
  { state: 'ACTIVE', error: null },
  { state: 'IN_ERROR', error: 'AUTHORIZATION_FAILED' },
  { state: 'ACTIVE', error: 'AUTHORIZATION_FAILED' },
];
const SILENCE_MATCHERS: readonly SilenceMatchers[] = [
  { clusters: ['prod-east'] },
  { clusters: ['lkc-west'] },
  { linkName: 'orders-*' },
  { clusters: ['prod-west'], linkName: 'payments-dr' },
  { severities: ['critical'] },
  { severities: ['warning'] },
  { linkName: '*', eventTypes: ['LINK_STATE_CHANGED', 'LINK_ERROR_CHANGED'] },
  {
    eventTypes: [
      'MIRROR_TOPIC_STATE_CHANGED',
      'MIRROR_TOPIC_ERROR_CHANGED',
      'TASK_STATE_CHANGED',
      'TASK_ERROR_CHANGED',
      'MIRROR_LAG_HIGH',
      'LINK_STILL_UNHEALTHY',
    ],
  },
];
const LAG_THRESHOLD = 1_000;

// ---------------------------------------------------------------------------------------------
// What a sequence is made of

type Action =
  | {
      readonly kind: 'condition';
      readonly cluster: number;
      readonly link: number;
      readonly condition: number;
    }
  | {
      readonly kind: 'topic';
      readonly cluster: number;
      readonly link: number;
      readonly topic: number;
      readonly condition: number;
    }
  | {
      readonly kind: 'lag';
      readonly cluster: number;
      readonly link: number;
      readonly topic: number;
      readonly behind: number;
    }
  | {
      readonly kind: 'task';
      readonly cluster: number;
      readonly link: number;
      readonly task: number;
      readonly condition: number;
    }
  | { readonly kind: 'remove'; readonly cluster: number; readonly link: number }
  | { readonly kind: 'add'; readonly cluster: number; readonly link: number }
  | {
      readonly kind: 'silence';
      readonly matchers: number;
      readonly startsInMs: number;
      readonly durationMs: number;
    }
  | { readonly kind: 'expire'; readonly silence: number }
  | { readonly kind: 'lagThreshold'; readonly link: number; readonly off: boolean }
  | { readonly kind: 'redeliver'; readonly message: number };

interface Step {
  readonly actions: readonly Action[];
  /** How far the clock moves before the step's poll. */
  readonly advanceMs: number;
}

interface Scenario {
  readonly routing: RoutingConfig;
  readonly windows: readonly MaintenanceWindow[];
  readonly reminderIntervalMs: number;
  readonly dampingPolls: number;
  readonly digestThreshold: number;
  readonly lagHeldChecks: number;
  readonly steps: readonly Step[];
  /** Settling: make the links healthy before the silences and windows end (inside them), or after. */
  readonly healInside: boolean;
  /** Settling: per cluster and link, removed rather than made healthy. */
  readonly removeAtEnd: readonly boolean[];
  /** PagerDuty messages delivered again once everything has settled. */
  readonly lateRedeliveries: readonly number[];
}

const clusterIndex = fc.integer({ min: 0, max: CLUSTERS.length - 1 });
const linkIndex = fc.integer({ min: 0, max: LINKS.length - 1 });
const two = fc.integer({ min: 0, max: 1 });

const actionArb: fc.Arbitrary<Action> = fc.oneof(
  {
    arbitrary: fc.record({
      kind: fc.constant('condition' as const),
      cluster: clusterIndex,
      link: linkIndex,
      condition: fc.integer({ min: 0, max: CONDITIONS.length - 1 }),
    }),
    weight: 4,
  },
  {
    arbitrary: fc.record({
      kind: fc.constant('topic' as const),
      cluster: clusterIndex,
      link: linkIndex,
      topic: two,
      condition: fc.integer({ min: 0, max: TOPIC_CONDITIONS.length - 1 }),
    }),
    weight: 3,
  },
  {
    arbitrary: fc.record({
      kind: fc.constant('lag' as const),
      cluster: clusterIndex,
      link: linkIndex,
      topic: two,
      behind: fc.constantFrom(0, 5 * LAG_THRESHOLD),
    }),
    weight: 2,
  },
  {
    arbitrary: fc.record({
      kind: fc.constant('task' as const),
      cluster: clusterIndex,
      link: linkIndex,
      task: two,
      condition: fc.integer({ min: 0, max: TASK_CONDITIONS.length - 1 }),
    }),
    weight: 2,
  },
  {
    arbitrary: fc.record({ kind: fc.constant('remove' as const), cluster: clusterIndex, link: linkIndex }),
    weight: 1,
  },
  {
    arbitrary: fc.record({ kind: fc.constant('add' as const), cluster: clusterIndex, link: linkIndex }),
    weight: 1,
  },
  {
    arbitrary: fc.record({
      kind: fc.constant('silence' as const),
      matchers: fc.integer({ min: 0, max: SILENCE_MATCHERS.length - 1 }),
      startsInMs: fc.constantFrom(0, 0, 30 * MINUTE),
      durationMs: fc.integer({ min: 1, max: 12 }).map((n) => n * 30 * MINUTE),
    }),
    weight: 2,
  },
  { arbitrary: fc.record({ kind: fc.constant('expire' as const), silence: fc.nat(9) }), weight: 1 },
  {
    arbitrary: fc.record({ kind: fc.constant('lagThreshold' as const), link: linkIndex, off: fc.boolean() }),
    weight: 1,
  },
  { arbitrary: fc.record({ kind: fc.constant('redeliver' as const), message: fc.nat(99) }), weight: 2 },
);

const stepArb: fc.Arbitrary<Step> = fc.record({
  actions: fc.array(actionArb, { maxLength: 3 }),
  advanceMs: fc.oneof(
    fc.integer({ min: 1, max: 10 }).map((n) => n * MINUTE),
    fc.integer({ min: 1, max: 6 }).map((n) => n * 30 * MINUTE),
  ),
});

const minSeverityArb = fc.constantFrom<MinSeverity>('critical', 'warning', 'info');
const pageSeverityArb = fc.constantFrom<'critical' | 'warning'>('critical', 'warning');
const clusterIdsArb = fc.constantFrom<readonly string[] | null>(
  null,
  ['lkc-east'],
  ['lkc-west'],
  ['lkc-east', 'lkc-west'],
);

/** One or two routes, the default route's recipient, one PagerDuty routing key in some routes. */
const routingArb: fc.Arbitrary<RoutingConfig> = fc
  .record({
    defaultMin: minSeverityArb,
    routes: fc.array(
      fc.record({
        clusterIds: clusterIdsArb,
        minSeverity: minSeverityArb,
        email: fc.subarray(['team@example.com', 'oncall@example.com']),
        pagerDuty: fc.option(pageSeverityArb, { freq: 4 }),
      }),
      { minLength: 1, maxLength: 2 },
    ),
  })
  .map(
    ({ defaultMin, routes }): RoutingConfig => ({
      emailRecipients: [{ address: 'oncall@example.com', minSeverity: defaultMin }],
      slack: null,
      routes: routes.map(
        (r, i): Route => ({
          name: `route-${i}`,
          clusterIds: r.clusterIds,
          minSeverity: r.minSeverity,
          receivers: {
            email: r.email,
            slack: [],
            pagerDuty:
              r.pagerDuty === null
                ? []
                : [{ routingKeySecret: 'pagerduty/payments', minSeverity: r.pagerDuty }],
          },
        }),
      ),
    }),
  )
  // The one-severity rule: the config loader refuses a routing key with two minimums.
  .filter((config) => pagingConflicts(config.routes).length === 0);

const windowArb: fc.Arbitrary<MaintenanceWindow> = fc.record({
  name: fc.constantFrom('patching', 'upgrades'),
  days: fc.constantFrom<readonly Weekday[]>(
    ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'],
    ['thu', 'fri'],
    ['thu'],
  ),
  start: fc.record({ hour: fc.integer({ min: 0, max: 23 }), minute: fc.constantFrom(0, 30) }),
  durationMs: fc.integer({ min: 1, max: 8 }).map((n) => n * 30 * MINUTE),
  timeZone: fc.constantFrom('UTC', 'America/New_York', 'Asia/Kolkata'),
  matchers: fc.constantFrom(...SILENCE_MATCHERS),
  reason: fc.constant('maintenance'),
});

const scenarioArb = (routing: fc.Arbitrary<RoutingConfig>): fc.Arbitrary<Scenario> =>
  fc.record({
    routing,
    windows: fc.uniqueArray(windowArb, { maxLength: 2, selector: (w) => w.name }),
    reminderIntervalMs: fc.constantFrom(0, 2 * HOUR, 4 * HOUR),
    dampingPolls: fc.constantFrom(1, 2),
    digestThreshold: fc.constantFrom(3, 10),
    lagHeldChecks: fc.constantFrom(1, 2),
    steps: fc.array(stepArb, { minLength: 1, maxLength: 14 }),
    healInside: fc.boolean(),
    removeAtEnd: fc.array(fc.constantFrom(false, false, true), {
      minLength: CLUSTERS.length * LINKS.length,
      maxLength: CLUSTERS.length * LINKS.length,
    }),
    lateRedeliveries: fc.array(fc.nat(99), { maxLength: 3 }),
  });

// ---------------------------------------------------------------------------------------------
// Who should get what: the routes read directly, per cluster, apart from the filter policies

type ProblemSeverity = 'critical' | 'warning' | 'info';
const PROBLEM_SEVERITIES: readonly ProblemSeverity[] = ['critical', 'warning', 'info'];

const atOrAbove = (min: MinSeverity): ProblemSeverity[] =>
  PROBLEM_SEVERITIES.slice(0, PROBLEM_SEVERITIES.indexOf(min) + 1);
const covers = (route: Route, clusterId: string) =>
  route.clusterIds === null || route.clusterIds.includes(clusterId);

/**
 * The problem severities of a cluster a receiver is meant to get: what its routes give it, and for
 * a default-route recipient, at or above its minimum, what no route takes for that cluster.
 */
function intendedSeverities(
  config: RoutingConfig,
  subscription: ReceiverSubscription,
  clusterId: string,
): Set<ProblemSeverity> {
  const wanted = new Set<ProblemSeverity>();
  const routes = config.routes.filter((route) => covers(route, clusterId));
  if (subscription.kind === 'email') {
    const address = subscription.endpoint.toLowerCase();
    for (const recipient of config.emailRecipients) {
      if (recipient.address.toLowerCase() !== address) continue;
      const taken = new Set(routes.flatMap((route) => atOrAbove(route.minSeverity)));
      for (const severity of atOrAbove(recipient.minSeverity)) if (!taken.has(severity)) wanted.add(severity);
    }
    for (const route of routes)
      if (route.receivers.email.some((e) => e.toLowerCase() === address))
        for (const severity of atOrAbove(route.minSeverity)) wanted.add(severity);
  } else {
    for (const route of routes)
      for (const receiver of route.receivers.pagerDuty)
        if (receiver.routingKeySecret === subscription.endpoint)
          for (const severity of atOrAbove(pagingMinimum(route.minSeverity, receiver.minSeverity)))
            wanted.add(severity);
  }
  return wanted;
}

// ---------------------------------------------------------------------------------------------
// What each receiver heard

/** Per problem scope (`cluster/link/scope`), whether the last the receiver heard was a problem. */
type Heard = Map<string, { readonly problem: boolean; readonly what: string }>;

const LINK_CHANGES: ReadonlySet<string> = new Set([
  'LINK_ADDED',
  'LINK_RECREATED',
  'LINK_STATE_CHANGED',
  'LINK_ERROR_CHANGED',
  'LINK_STILL_UNHEALTHY',
]);

/**
 * Takes in one document as a receiver that gets `severities` of its cluster reads it: a link's
 * condition, a mirror topic, its lag or a task is a problem to it while the last it heard is a
 * problem of a severity it gets (a critical-only receiver told FAILED -> PAUSED has heard the
 * critical problem end); a reminder is of the problem its part names (a lag breach's is the
 * breach's); a removed link ends all of its problems.
 */
function hear(heard: Heard, doc: NotificationDocument, severities: ReadonlySet<string>, note: string): void {
  const entries = [...doc.links].sort((a, b) => Date.parse(a.observedAt) - Date.parse(b.observedAt));
  for (const entry of entries) {
    const base = `${doc.cluster.id}/${entry.linkName}/`;
    if (entry.changes.some((c) => c.type === 'LINK_REMOVED')) {
      for (const scope of heard.keys())
        if (scope.startsWith(base)) heard.set(scope, { problem: false, what: note });
      continue;
    }
    if (entry.changes.some((c) => c.part === undefined && LINK_CHANGES.has(c.type))) {
      const severity = conditionSeverity(entry);
      heard.set(`${base}link`, {
        problem: severity !== null && severities.has(severity),
        what: `${note}: ${entry.linkState}/${entry.linkError ?? '-'}`,
      });
    }
    for (const change of entry.changes) {
      if (change.part === undefined) continue;
      // Keyed as the product keys it: a reminder of a lag breach is the breach's (`...:lag`).
      const scope = `${base}${partProblemKey(change.part, change.type)}`;
      const problem =
        (change.severity === 'critical' || change.severity === 'warning') && severities.has(change.severity);
      heard.set(scope, {
        problem,
        what: `${note}: ${change.type} ${change.severity} ${change.part.state ?? '-'}`,
      });
    }
  }
}

// ---------------------------------------------------------------------------------------------
// One sequence, driven through the real poll and receivers

interface Outcome {
  /** Open PagerDuty incidents after settling, per routing key. */
  readonly openIncidents: readonly string[];
  /** Problems a receiver heard begin and not end, after settling. */
  readonly unended: readonly string[];
  /** Messages that reached a receiver whose routes exclude them. */
  readonly outsideRoutes: readonly string[];
  /** Pages below the receiver's paging minimum. */
  readonly belowMinimum: readonly string[];
  readonly transcript: readonly string[];
}

const silentLogger = { info: () => undefined, warn: () => undefined, error: () => undefined };
const noMetrics = {
  addMetric: () => undefined,
  addDimension: () => undefined,
  hasStoredMetrics: () => false,
  publishStoredMetrics: () => undefined,
};

async function runScenario(scenario: Scenario): Promise<Outcome> {
  let clock = START;
  const at = () => `+${Math.round((clock - START) / MINUTE)}m`;
  const transcript: string[] = [];
  const outsideRoutes: string[] = [];
  const belowMinimum: string[] = [];
  const store = openSqliteLinkStateStore({ path: ':memory:', now: () => clock });
  const world = new InProcessLinkWorld();
  for (const cluster of CLUSTERS)
    for (const link of LINKS) world.addLink(cluster.clusterId, link, topicsOf(link), TASKS);

  const subscriptions = receiverSubscriptions(scenario.routing);
  const heard = new Map<ReceiverSubscription, Heard>(subscriptions.map((s) => [s, new Map()]));
  const pagerDuty = new Map(
    subscriptions
      .filter((s) => s.kind === 'pagerDuty')
      .map((subscription) => {
        const incidents = new PagerDutyIncidents();
        incidents.onEvent = (event) => {
          transcript.push(`${at()}   PagerDuty ${event.action} ${event.dedupKey}`);
          const cluster = event.dedupKey.split('/')[1] ?? '';
          if (
            event.action === 'trigger' &&
            !intendedSeverities(scenario.routing, subscription, cluster).has(
              event.severity as ProblemSeverity,
            )
          )
            belowMinimum.push(`${at()} ${event.severity} page ${event.dedupKey}`);
        };
        const notify = createPagerDutyNotifier({
          routingKey: async () => 'r'.repeat(32),
          eventsUrl: new URL('https://events.pagerduty.test/v2/enqueue'),
          minSeverity: subscription.pagerDutyMinSeverity ?? 'critical',
          ledger: new InMemoryAlertLedger(),
          logger: silentLogger,
          metrics: noMetrics,
          fetch: incidents.fetch,
          now: () => clock,
          sleep: async () => undefined,
        });
        return [subscription, { incidents, notify }] as const;
      }),
  );
  const delivered: SnsDelivery[] = [];
  const redeliver = async (index: number) => {
    const delivery = delivered[index % Math.max(1, delivered.length)];
    const receiver = delivery === undefined ? undefined : pagerDuty.get(delivery.subscription);
    if (delivery === undefined || receiver === undefined) return;
    transcript.push(`${at()} redelivered to PagerDuty: ${delivery.message.subject}`);
    await receiver.notify(
      delivery.lambdaEvent,
      lambdaContext('pagerduty', 30_000, () => clock),
    );
  };

  const topic = new SnsFanOut(
    subscriptions,
    async (delivery) => {
      const { subscription, message } = delivery;
      const clusterId = message.messageAttributes.cluster_id.StringValue;
      const severities = JSON.parse(
        message.messageAttributes.problem_severity.StringValue,
      ) as ProblemSeverity[];
      const intended = intendedSeverities(scenario.routing, subscription, clusterId);
      const who = `${subscription.kind} ${subscription.endpoint}`;
      const severity = severities.join(',');
      transcript.push(`${at()}  -> ${who}: ${message.subject} [problem ${severity}]`);
      // A message reaches a receiver for any of its problems' severities that the receiver takes.
      if (!severities.some((s) => intended.has(s)))
        outsideRoutes.push(`${at()} ${who} got ${message.subject} [problem ${severity}]`);
      const receiver = pagerDuty.get(subscription);
      if (receiver !== undefined) {
        delivered.push(delivery);
        await receiver.notify(
          delivery.lambdaEvent,
          lambdaContext('pagerduty', 30_000, () => clock),
        );
      } else {
        const body = delivery.lambdaEvent.Records[0]?.Sns.Message ?? '';
        hear(
          heard.get(subscription) as Heard,
          parseNotificationDocument(JSON.parse(body)),
          intended,
          `${at()} ${message.subject}`,
        );
      }
    },
    (message) => {
      const attributes = message.messageAttributes;
      transcript.push(
        `${at()}  published: ${message.subject} [problem ${attributes.problem_severity.StringValue}]`,
      );
    },
  );

  const lagRules = new Map<string, boolean>();
  let polls = 0;
  const poll = async () => {
    const settings: PollSettings = {
      ...DEFAULT_POLL_SETTINGS,
      pollIntervalMs: MINUTE,
      reminderIntervalMs: scenario.reminderIntervalMs,
      dampingPolls: scenario.dampingPolls,
      digestThreshold: scenario.digestThreshold,
      mirrorLag: {
        everyPolls: 1,
        heldChecks: scenario.lagHeldChecks,
        maxMessagesBehind: LAG_THRESHOLD,
        links: [...lagRules].filter(([, off]) => off).map(([link]) => ({ link, maxMessagesBehind: 0 })),
      },
    };
    transcript.push(`${at()} poll ${++polls}`);
    const summary = await pollClusters(CLUSTERS, settings, {
      source: world,
      details: world,
      store,
      notifier: topic,
      now: () => new Date(clock),
      deadline: clock + MINUTE,
      pollId: `poll-${polls}`,
      silences: store,
      maintenanceWindows: scenario.windows,
    });
    // The harness's own failures would make any verdict meaningless.
    const failed = summary.results.filter(
      (r) => r.outcome !== 'ok' || r.linkFailures > 0 || r.deferredLinks > 0,
    );
    if (failed.length > 0) throw new Error(`poll ${polls} did not complete: ${JSON.stringify(failed)}`);
  };

  const silences: Silence[] = [];
  const apply = async (action: Action) => {
    const cluster = CLUSTERS['cluster' in action ? action.cluster : 0] as MonitoredCluster;
    const link = 'link' in action ? (LINKS[action.link] as string) : '';
    switch (action.kind) {
      case 'condition': {
        const condition = CONDITIONS[action.condition] as WorldCondition;
        world.setCondition(cluster.clusterId, link, condition);
        transcript.push(
          `${at()} ${cluster.label}/${link} ${condition.linkState}/${condition.linkError ?? '-'}`,
        );
        return;
      }
      case 'topic': {
        const name = topicsOf(link)[action.topic] as string;
        const condition = TOPIC_CONDITIONS[action.condition] as Omit<WorldTopic, 'lag'>;
        world.setTopic(cluster.clusterId, link, name, condition);
        transcript.push(
          `${at()} ${cluster.label}/${link} topic ${name} ${condition.status}/${condition.error ?? '-'}`,
        );
        return;
      }
      case 'lag': {
        const name = topicsOf(link)[action.topic] as string;
        world.setTopic(cluster.clusterId, link, name, { lag: action.behind });
        transcript.push(`${at()} ${cluster.label}/${link} topic ${name} lag ${action.behind}`);
        return;
      }
      case 'task': {
        const name = TASKS[action.task] as string;
        const condition = TASK_CONDITIONS[action.condition] as WorldTask;
        world.setTask(cluster.clusterId, link, name, condition);
        transcript.push(
          `${at()} ${cluster.label}/${link} task ${name} ${condition.state}/${condition.error ?? '-'}`,
        );
        return;
      }
      case 'remove':
        world.removeLink(cluster.clusterId, link);
        transcript.push(`${at()} ${cluster.label}/${link} removed`);
        return;
      case 'add':
        if (world.hasLink(cluster.clusterId, link)) return;
        world.addLink(cluster.clusterId, link, topicsOf(link), TASKS);
        transcript.push(`${at()} ${cluster.label}/${link} added`);
        return;
      case 'silence': {
        const startsAt = clock + action.startsInMs;
        const silence: Silence = {
          id: `s-${silences.length.toString(16).padStart(8, '0')}`,
          matchers: SILENCE_MATCHERS[action.matchers] as SilenceMatchers,
          startsAt: new Date(startsAt).toISOString(),
          endsAt: new Date(startsAt + action.durationMs).toISOString(),
          reason: 'drill',
          createdBy: 'alice',
          createdAt: new Date(clock).toISOString(),
          expiredAt: null,
        };
        silences.push(silence);
        await store.addSilence(silence);
        transcript.push(
          `${at()} silence ${silence.id} ${JSON.stringify(silence.matchers)} ${silence.startsAt}..${silence.endsAt}`,
        );
        return;
      }
      case 'expire': {
        const silence = silences[action.silence % Math.max(1, silences.length)];
        if (silence === undefined) return;
        await store.expireSilence(silence.id, new Date(clock).toISOString());
        transcript.push(`${at()} silence ${silence.id} expired`);
        return;
      }
      case 'lagThreshold':
        lagRules.set(link, action.off);
        transcript.push(`${at()} lag threshold of ${link} ${action.off ? 'off' : 'on'}`);
        return;
      case 'redeliver':
        await redeliver(action.message);
        return;
    }
  };

  const settle = () => {
    scenario.removeAtEnd.forEach((remove, index) => {
      const cluster = CLUSTERS[Math.floor(index / LINKS.length)] as MonitoredCluster;
      const link = LINKS[index % LINKS.length] as string;
      if (remove) world.removeLink(cluster.clusterId, link);
      else world.heal(cluster.clusterId, link);
    });
    transcript.push(`${at()} every link healthy or removed`);
  };

  try {
    await poll();
    for (const step of scenario.steps) {
      for (const action of step.actions) await apply(action);
      clock += step.advanceMs;
      await poll();
    }

    // Settling: silences over, windows closed, every link healthy or removed, a few polls.
    if (scenario.healInside) {
      settle();
      clock += MINUTE;
      await poll();
    }
    clock = quietTime(
      Math.max(clock + MINUTE, ...silences.map((s) => Date.parse(s.endsAt))),
      scenario.windows,
      (SETTLING_POLLS + 1) * MINUTE,
    );
    transcript.push(`${at()} silences over, windows closed`);
    if (!scenario.healInside) settle();
    for (let i = 0; i < SETTLING_POLLS; i++) {
      await poll();
      clock += MINUTE;
    }
    for (const index of scenario.lateRedeliveries) await redeliver(index);

    const openIncidents = [...pagerDuty].flatMap(([subscription, { incidents }]) =>
      [...incidents.open].map(([key, summary]) => `${subscription.endpoint}: ${key} (${summary})`),
    );
    const unended = [...heard].flatMap(([subscription, scopes]) =>
      [...scopes]
        .filter(([, last]) => last.problem)
        .map(([scope, last]) => `${subscription.endpoint}: ${scope}, last heard ${last.what}`),
    );
    return { openIncidents, unended, outsideRoutes, belowMinimum, transcript };
  } finally {
    store.close();
  }
}

/** The first time from `from`, on the quarter hour, when no window is open for `span`. */
function quietTime(from: number, windows: readonly MaintenanceWindow[], span: number): number {
  let at = Math.ceil(from / (15 * MINUTE)) * 15 * MINUTE;
  while (windows.some((w) => windowOccurrences(w, at, at + span).length > 0)) at += 15 * MINUTE;
  return at;
}

/**
 * True when every receiver gets, of each cluster, every problem severity from its lowest one up.
 * Not so for a default-route recipient when a route takes a cluster's critical problems only: it
 * gets that cluster's warnings and nothing worse.
 */
function everyReceiverGetsFromItsMinimumUp(config: RoutingConfig): boolean {
  return receiverSubscriptions(config).every((subscription) =>
    CLUSTERS.every((cluster) => {
      const got = intendedSeverities(config, subscription, cluster.clusterId);
      return PROBLEM_SEVERITIES.every(
        (severity, i) =>
          !got.has(severity) || i === 0 || got.has(PROBLEM_SEVERITIES[i - 1] as ProblemSeverity),
      );
    }),
  );
}

async function checkLifecycle(scenario: Scenario): Promise<void> {
  // Act
  const outcome = await runScenario(scenario);

  // Assess
  const story = `\n${outcome.transcript.join('\n')}`;
  expect(outcome.outsideRoutes, story).toEqual([]);
  expect(outcome.belowMinimum, story).toEqual([]);
  expect(outcome.openIncidents, story).toEqual([]);
  expect(outcome.unended, story).toEqual([]);
}

describe('Alert lifecycle: every alert that opens, closes', () => {
  it('leaves no page open and every heard problem ended once things settle, and sends nothing outside a route', async () => {
    const routing = routingArb.filter(everyReceiverGetsFromItsMinimumUp);
    await fc.assert(fc.asyncProperty(scenarioArb(routing), checkLifecycle), { numRuns: RUNS });
  });

  it('does so too for a default-route recipient left only the milder problems of a cluster whose critical ones a route takes', async () => {
    const routing = routingArb.filter((config) => !everyReceiverGetsFromItsMinimumUp(config));
    // Without silences: a warning heard by such a recipient that turns critical under a silence
    // and ends there is not told to it (the known limit in docs/alerting-control.md).
    const unsilenced = scenarioArb(routing).filter((scenario) =>
      scenario.steps.every((step) => step.actions.every((action) => action.kind !== 'silence')),
    );
    await fc.assert(fc.asyncProperty(unsilenced, checkLifecycle), { numRuns: RUNS });
  });
});
