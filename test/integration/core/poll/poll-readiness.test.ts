/**
 * Failover readiness in the poll, end to end against the Confluent simulator over HTTP and the
 * SQLite store: its reads are made only when it is on and due, within the cluster's 20 detail
 * requests a poll (one mirrors listing shared with the lag check, its share set aside before the
 * parts are planned, never taken from their task rotation); a stall is recorded at read N + 1, a
 * stuck transition with its error (described again at a later due poll when its describe failed)
 * and a sync switched off once each; a task NOT_CONFIGURED counts only with the configs read in
 * the same poll, the config turn reading its links' tasks where the poll does not already; a
 * steady state writes nothing; turning readiness off, or removing the link, ends what it had
 * opened, and turning it off drops what it kept; a rate-limited readiness read fails neither the
 * poll nor what was recorded.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { detailSourceForClusters } from '../../../../adapters/confluent/confluent-link-detail-source.js';
import { ConfluentLinksClient } from '../../../../adapters/confluent/confluent-links-client.js';
import type { ConfluentCredentials } from '../../../../adapters/confluent/credentials.js';
import type { HistoryEvent } from '../../../../core/model/change-events.js';
import { type MonitoredCluster, pollClusters } from '../../../../core/poll/poll-clusters.js';
import type { PollSummary } from '../../../../core/poll/poll-results.js';
import {
  DEFAULT_POLL_SETTINGS,
  type PollSettings,
  type ReadinessSettings,
} from '../../../../core/poll/poll-settings.js';
import type { LinkStateStore } from '../../../../core/ports.js';
import {
  type ConfluentSimulator,
  startConfluentSimulator,
} from '../../../../tools/simulator/confluent-simulator.js';
import {
  openSqliteLinkStateStore,
  type SqliteLinkStateStore,
} from '../../../../tools/sqlite-store/sqlite-link-state-store.js';
import { RecordingNotifier } from '../../../support/recording-notifier.js';

const CLUSTER: MonitoredCluster = { clusterId: 'lkc-ready', label: 'ready' };
const WIDE: MonitoredCluster = { clusterId: 'lkc-wide', label: 'wide' };
const MINUTE = 60_000;
const BUDGET = DEFAULT_POLL_SETTINGS.detailRequestsPerCluster;
const CREDENTIALS: ConfluentCredentials = { kind: 'basic', apiKey: 'READYKEY', apiSecret: 'ready-secret' };
/** Every second poll is due; six links' configs are read in two due polls, one dry run a due poll. */
const READINESS: ReadinessSettings = {
  everyPolls: 2,
  stallReads: 3,
  maxSecondsBehind: null,
  links: [],
  stuckAfterMs: 10 * MINUTE,
  configReadsPerPoll: 3,
  dryRunsPerPoll: 1,
};
const ON: PollSettings = { ...DEFAULT_POLL_SETTINGS, pollIntervalMs: MINUTE, readiness: READINESS };
const OFF: PollSettings = { ...ON, readiness: null };
/** A due poll: the first poll of the clock, and every second one after it. */
const START = Date.parse('2026-11-26T08:00:00Z');
const STALLED_LINK = 'link-0002';
const STALLED_TOPIC = 'link-0002.topic-1';

let sim: ConfluentSimulator;
let sqlite: SqliteLinkStateStore;
let notifier: RecordingNotifier;
let clock: number;
/** The detail requests of the last poll, and of the whole test. */
let made: { clusterId: string; kind: RequestKind; path: string }[];
let everyRequest: typeof made;

beforeEach(async () => {
  clock = START;
  sim = await startConfluentSimulator({
    auth: CREDENTIALS,
    clusters: [{ clusterId: CLUSTER.clusterId, links: 6 }],
    now: () => clock,
  });
  sqlite = openSqliteLinkStateStore({ path: ':memory:', now: () => clock });
  notifier = new RecordingNotifier();
  made = [];
  everyRequest = [];
  sim.onRequest((request) => {
    const kind = kindOf(request.path);
    const clusterId = /^\/kafka\/v3\/clusters\/([^/]+)\//.exec(request.path)?.[1];
    if (kind === 'listing' || clusterId === undefined) return;
    made.push({ clusterId, kind, path: request.path });
    everyRequest.push({ clusterId, kind, path: request.path });
  });
});

afterEach(async () => {
  sqlite.close();
  await sim.close();
});

type RequestKind = 'listing' | 'cluster mirrors' | 'configs' | 'dry run' | 'parts';

function kindOf(path: string): RequestKind {
  if (/\/links\/?$/.test(path)) return 'listing';
  if (/\/links\/-\/mirrors\/?$/.test(path)) return 'cluster mirrors';
  if (/\/links\/[^/]+\/configs\/?$/.test(path)) return 'configs';
  if (/\/links\/[^/]+\/mirrors(?::|%3[Aa])failover\/?$/.test(path)) return 'dry run';
  return 'parts';
}

/** The detail requests of the last poll to one cluster, by kind. */
function requestsOf(
  cluster: MonitoredCluster = CLUSTER,
): Record<Exclude<RequestKind, 'listing'> | 'total', number> {
  const mine = made.filter((r) => r.clusterId === cluster.clusterId);
  const count = (kind: RequestKind) => mine.filter((r) => r.kind === kind).length;
  return {
    'cluster mirrors': count('cluster mirrors'),
    configs: count('configs'),
    'dry run': count('dry run'),
    parts: count('parts'),
    total: mine.length,
  };
}

/** The links whose configs, or whose tasks (`GET .../links/{link}?include_tasks=true`), the last poll read. */
function linksRequested(kind: 'configs' | 'tasks', cluster: MonitoredCluster = CLUSTER): string[] {
  const pattern = kind === 'configs' ? /\/links\/([^/]+)\/configs\/?$/ : /\/links\/([^/-][^/]*)\/?$/;
  return made
    .filter((r) => r.clusterId === cluster.clusterId)
    .flatMap((r) => {
      const name = pattern.exec(r.path)?.[1];
      return name === undefined ? [] : [decodeURIComponent(name)];
    });
}

/** Counts the store's commits: the steady state makes none. */
function counting(store: LinkStateStore): { store: LinkStateStore; commits: () => number } {
  let commits = 0;
  return {
    commits: () => commits,
    store: new Proxy(store, {
      get(target, property, receiver) {
        const value = Reflect.get(target, property, receiver);
        if (typeof value !== 'function') return value;
        return (...args: unknown[]) => {
          if (property === 'commitLink' || property === 'commitCluster') commits++;
          return (value as (...a: unknown[]) => unknown).apply(target, args);
        };
      },
    }),
  };
}

/** One poll of `cluster` at the clock, which then moves on a minute; never more than 20 detail requests. */
async function poll(
  settings: PollSettings = ON,
  options: { cluster?: MonitoredCluster; store?: LinkStateStore; readinessSource?: boolean } = {},
): Promise<PollSummary> {
  const cluster = options.cluster ?? CLUSTER;
  const configured = [{ clusterId: cluster.clusterId, restEndpoint: sim.baseUrl, credentials: CREDENTIALS }];
  const links = new ConfluentLinksClient({
    clusters: configured,
    options: { maxAttempts: 1 },
    now: () => clock,
  });
  const details = detailSourceForClusters(links, configured);
  made = [];
  sim.resetRequestCounts();
  const summary = await pollClusters([cluster], settings, {
    source: links,
    details,
    ...(options.readinessSource !== false && { readiness: details }),
    store: options.store ?? sqlite,
    notifier,
    now: () => new Date(clock),
    deadline: clock + MINUTE,
  });
  expect(sim.detailRequestCountFor(cluster.clusterId)).toBe(requestsOf(cluster).total);
  expect(requestsOf(cluster).total).toBeLessThanOrEqual(BUDGET);
  clock += MINUTE;
  return summary;
}

function isDue(): boolean {
  return Math.floor(clock / MINUTE) % READINESS.everyPolls === 0;
}

/** Polls until a due poll was made: one readiness read. */
async function nextRead(settings: PollSettings = ON): Promise<void> {
  while (!isDue()) await poll(settings);
  await poll(settings);
}

function published(type: HistoryEvent['type']) {
  return notifier.published.flatMap((n) => n.events).filter((e) => e.type === type);
}

async function history(linkName: string) {
  const page = await sqlite.linkHistory({
    clusterId: CLUSTER.clusterId,
    linkName,
    from: '2026-01-01T00:00:00Z',
    to: '2027-01-01T00:00:00Z',
  });
  return page.items;
}

async function recorded(linkName: string) {
  const state = await sqlite.readClusterState(CLUSTER.clusterId);
  return state.links.find((s) => s.link.linkName === linkName)?.link;
}

/** A topic whose fetch offset stops while its source is produced to: it lags more at every read. */
function stall(): void {
  sim.updateLink(CLUSTER.clusterId, STALLED_LINK, {
    mirrorTopics: { [STALLED_TOPIC]: { lag: 500, fetchRate: 0 } },
  });
}

describe('Poll with failover readiness', () => {
  describe('its requests', () => {
    it('reads no configs, no dry run and no mirrors listing while readiness is off, even with a readiness source', async () => {
      // Act
      const polls = [];
      for (let i = 0; i < 6; i++) {
        await poll(OFF);
        polls.push(requestsOf());
      }

      // Assess
      expect(polls.map((r) => [r['cluster mirrors'], r.configs, r['dry run']])).toEqual(
        Array.from({ length: 6 }, () => [0, 0, 0]),
      );
      expect(sim.actionRequests()).toEqual([]);
    });

    it('adds no mirrors listing to the lag check while readiness is off', async () => {
      // Prepare: a lag check every third poll
      const lagOnly: PollSettings = {
        ...OFF,
        mirrorLag: { everyPolls: 3, heldChecks: 2, maxMessagesBehind: 10_000, links: [] },
      };

      // Act
      const polls = [];
      for (let i = 0; i < 6; i++) {
        await poll(lagOnly);
        polls.push(requestsOf());
      }

      // Assess
      expect(polls.map((r) => [r['cluster mirrors'], r.configs, r['dry run']])).toEqual([
        [1, 0, 0],
        [0, 0, 0],
        [0, 0, 0],
        [1, 0, 0],
        [0, 0, 0],
        [0, 0, 0],
      ]);
    });

    it('lists the mirrors once in a poll where the lag check or readiness is due, shared when both are', async () => {
      // Prepare: readiness every second poll, the lag check every third
      const both: PollSettings = {
        ...ON,
        mirrorLag: { everyPolls: 3, heldChecks: 2, maxMessagesBehind: 10_000, links: [] },
      };

      // Act
      const polls = [];
      for (let i = 0; i < 7; i++) {
        await poll(both);
        polls.push(requestsOf());
      }

      // Assess: minutes 0 (both), 2, 3, 4 and 6 (both)
      expect(polls.map((r) => r['cluster mirrors'])).toEqual([1, 0, 1, 1, 1, 0, 1]);
      expect(polls.map((r) => r.configs)).toEqual([3, 0, 3, 0, 3, 0, 3]);
      expect(polls.map((r) => r['dry run'])).toEqual([1, 0, 1, 0, 1, 0, 1]);
    });

    it('asks only for dry runs (validate_only=true) of healthy links, one a due poll, naming their topics', async () => {
      // Prepare
      sim.setLinkState(CLUSTER.clusterId, 'link-0001', 'FAILED', 'AUTHENTICATION_ERROR');

      // Act
      for (let i = 0; i < 12; i++) await poll();

      // Assess
      const asked = sim.actionRequests();
      expect(sim.unsafeActionRequests()).toEqual([]);
      expect(asked.map((r) => [r.action, r.linkName, r.topicNames.length])).toEqual([
        ['mirrors:failover', 'link-0000', 3],
        ['mirrors:failover', 'link-0002', 3],
        ['mirrors:failover', 'link-0003', 3],
        ['mirrors:failover', 'link-0004', 3],
        ['mirrors:failover', 'link-0005', 3],
        ['mirrors:failover', 'link-0000', 3],
      ]);
    });

    it('keeps within 20 detail requests in every poll of a 60-link cluster whose parts all want reading, and still makes its own reads', async () => {
      // Prepare: every link's counts change, so every link is owed its mirror topics and tasks
      sim.addCluster(WIDE.clusterId, { links: 60 });
      await poll(ON, { cluster: WIDE });
      for (const link of sim.links(WIDE.clusterId))
        sim.updateLink(WIDE.clusterId, link.linkName, {
          mirrorTopics: {
            [`${link.linkName}.topic-0`]: {
              status: 'FAILED',
              error: 'UNEXPECTED_TRUNCATION',
              message: 'truncated',
            },
          },
          tasks: {
            ConsumerOffsetSync: { state: 'IN_ERROR', error: 'AUTHORIZATION_ERROR', message: 'denied' },
          },
        });

      // Act: a few cycles of readiness
      const polls = [];
      for (let i = 0; i < 8; i++) {
        const due = isDue();
        const summary = await poll(ON, { cluster: WIDE });
        polls.push({
          due,
          requests: requestsOf(WIDE),
          summary,
          configsRead: linksRequested('configs', WIDE),
          tasksRead: linksRequested('tasks', WIDE),
        });
      }

      // Assess: the budget holds in every poll
      for (const { requests, summary } of polls) {
        expect(requests.total).toBeLessThanOrEqual(BUDGET);
        expect(summary.results[0]?.detailRequests).toBe(requests.total);
        expect(summary.results[0]?.outcome).toBe('ok');
      }
      // Readiness had its share in every due poll: 1 mirrors listing, 3 configs with their links'
      // tasks, 1 dry run (2 describes kept)
      const duePolls = polls.filter((p) => p.due);
      const due = duePolls.map((p) => p.requests);
      expect(due.map((r) => [r['cluster mirrors'], r.configs, r['dry run']])).toEqual(
        Array.from({ length: 4 }, () => [1, 3, 1]),
      );
      for (const p of duePolls) for (const name of p.configsRead) expect(p.tasksRead).toContain(name);
      for (const r of due) expect(r.parts).toBeLessThanOrEqual(BUDGET - 1 - 2 - 3 - 1);
      // The parts wanted the whole budget: they took it whenever readiness was not due
      const notDue = polls.filter((p) => !p.due).map((p) => p.requests);
      expect(notDue.map((r) => r.parts)).toEqual(Array.from({ length: 4 }, () => BUDGET));
      expect(notDue.map((r) => r.configs + r['dry run'] + r['cluster mirrors'])).toEqual([0, 0, 0, 0]);
    });

    it("never takes the parts' task rotation: with the most readiness reads the config allows, a task in error under an unchanged listing is found within one turn of the rotation", async () => {
      // Prepare: 60 links, 10 task reads a poll in rotation; 5 configs, 3 dry runs and 2 describes wanted
      const most: PollSettings = {
        ...ON,
        readiness: { ...READINESS, configReadsPerPoll: 5, dryRunsPerPoll: 3 },
      };
      sim.addCluster(WIDE.clusterId, { links: 60 });
      for (let i = 0; i < 2; i++) await poll(most, { cluster: WIDE });
      sim.updateLink(WIDE.clusterId, 'link-0009', {
        tasks: { AclSync: { state: 'IN_ERROR', error: 'AUTHORIZATION_ERROR', message: 'denied' } },
        configs: { 'acl.sync.enable': 'true' },
      });

      // Act: one turn of the rotation, 60 links at 10 a poll
      const polls = [];
      for (let i = 0; i < 6; i++) {
        const due = isDue();
        await poll(most, { cluster: WIDE });
        polls.push({ due, requests: requestsOf(WIDE) });
      }

      // Assess
      expect(published('TASK_STATE_CHANGED').map((e) => [e.linkName, e.part?.name, e.to])).toEqual([
        ['link-0009', 'AclSync', 'IN_ERROR'],
      ]);
      for (const { requests } of polls) expect(requests.parts).toBeGreaterThanOrEqual(10);
      const due = polls.filter((p) => p.due).map((p) => p.requests);
      expect(due.map((r) => [r['cluster mirrors'], r.configs, r['dry run']])).toEqual(
        Array.from({ length: 3 }, () => [1, 5, 3]),
      );
    });

    it('keeps within a smaller budget: the mirrors listing and the task rotation first, readiness in what is left', async () => {
      // Prepare: 6 requests a poll for 60 links, 3 of them for the rotation
      const small: PollSettings = { ...ON, detailRequestsPerCluster: 6 };
      sim.addCluster(WIDE.clusterId, { links: 60 });

      // Act
      const polls = [];
      for (let i = 0; i < 6; i++) {
        const due = isDue();
        await poll(small, { cluster: WIDE });
        polls.push({ due, requests: requestsOf(WIDE) });
      }

      // Assess
      for (const { due, requests } of polls) {
        expect(requests.total).toBeLessThanOrEqual(6);
        expect(requests.parts).toBeGreaterThanOrEqual(3);
        if (due) expect(requests).toMatchObject({ 'cluster mirrors': 1, configs: 2, 'dry run': 0 });
      }
    });

    it('without a readiness source, reads the mirrors listing and keeps describes, and the parts have the rest', async () => {
      // Prepare: every link of 60 owes reads of its mirror topics and tasks
      sim.addCluster(WIDE.clusterId, { links: 60 });
      await poll(ON, { cluster: WIDE, readinessSource: false });
      for (const link of sim.links(WIDE.clusterId))
        sim.updateLink(WIDE.clusterId, link.linkName, {
          mirrorTopics: {
            [`${link.linkName}.topic-0`]: { status: 'FAILED', error: 'UNEXPECTED_TRUNCATION' },
          },
        });

      // Act
      const polls = [];
      for (let i = 0; i < 4; i++) {
        const due = isDue();
        await poll(ON, { cluster: WIDE, readinessSource: false });
        polls.push({ due, requests: requestsOf(WIDE) });
      }

      // Assess
      expect(
        polls.map((p) => [p.due, p.requests['cluster mirrors'], p.requests.configs, p.requests['dry run']]),
      ).toEqual([
        [false, 0, 0, 0],
        [true, 1, 0, 0],
        [false, 0, 0, 0],
        [true, 1, 0, 0],
      ]);
      expect(polls.map((p) => p.requests.parts)).toEqual([BUDGET, BUDGET - 1 - 2, BUDGET, BUDGET - 1 - 2]);
    });
  });

  describe('what it records', () => {
    it('records a stall at the read after stallReads reads (N + 1), once, and writes the lagging link at due polls only', async () => {
      // Prepare: every link's configs on record (no dry runs, whose first outcome would be written
      // too); the mirrors are listed at every poll for a lag check without thresholds, and only the
      // due polls' listings are readiness reads
      const settings: PollSettings = {
        ...ON,
        readiness: { ...READINESS, dryRunsPerPoll: 0 },
        mirrorLag: { everyPolls: 1, heldChecks: 2, maxMessagesBehind: null, links: [] },
      };
      const counted = counting(sqlite);
      await nextRead(settings);
      await nextRead(settings);
      stall();

      // Act: reads 1 to 3 see the topic lag without its fetch offset moving
      const commits: [notDue: number, due: number][] = [];
      for (let read = 1; read <= 3; read++) {
        const start = counted.commits();
        await poll(settings, { store: counted.store });
        const between = counted.commits();
        await poll(settings, { store: counted.store });
        commits.push([between - start, counted.commits() - between]);
      }

      // Assess
      expect(requestsOf()['cluster mirrors']).toBe(1);
      expect(published('MIRROR_TOPIC_STALLED')).toEqual([]);
      expect(commits).toEqual([
        [0, 1],
        [0, 1],
        [0, 1],
      ]);

      // Act: read 4
      await nextRead(settings);

      // Assess
      expect(published('MIRROR_TOPIC_STALLED')).toHaveLength(1);
      expect(published('MIRROR_TOPIC_STALLED')[0]).toMatchObject({
        linkName: STALLED_LINK,
        severity: 'critical',
        part: { kind: 'mirror-topic', name: STALLED_TOPIC, state: 'ACTIVE' },
      });
      const stalls = (await history(STALLED_LINK)).filter((e) => e.type === 'MIRROR_TOPIC_STALLED');
      expect(stalls.map((e) => e.severity)).toEqual(['critical']);

      // Act: the stall lasts
      await nextRead(settings);
      await nextRead(settings);

      // Assess
      expect(published('MIRROR_TOPIC_STALLED')).toHaveLength(1);
    });

    it('records a topic stuck in a transition once, with the transition error a describe gives', async () => {
      // Prepare: every link's configs on record, then a failover that does not finish
      await nextRead();
      await nextRead();
      const since = clock;
      sim.updateLink(CLUSTER.clusterId, 'link-0003', {
        mirrorTopics: {
          'link-0003.topic-0': {
            status: 'PENDING_STOPPED',
            transitionError: { code: 'OFFSET_TRANSLATION_PENDING', message: 'waiting for consumer offsets' },
          },
        },
      });

      // Act: five reads within stuckAfter (10 minutes), one minute after the change and every two after
      for (let read = 0; read < 5; read++) await nextRead();

      // Assess
      expect(published('MIRROR_TRANSITION_STUCK')).toEqual([]);

      // Act: the first read past it
      await nextRead();

      // Assess
      const stuck = published('MIRROR_TRANSITION_STUCK');
      expect(
        stuck.map((e) => [e.linkName, e.severity, e.part?.name, e.part?.errorCode, e.part?.errorMessage]),
      ).toEqual([
        [
          'link-0003',
          'critical',
          'link-0003.topic-0',
          'OFFSET_TRANSLATION_PENDING',
          'waiting for consumer offsets',
        ],
      ]);
      expect((await recorded('link-0003'))?.stuckTopics).toEqual([
        {
          topicName: 'link-0003.topic-0',
          status: 'PENDING_STOPPED',
          sinceMs: since,
          transitionErrors: [
            { errorCode: 'OFFSET_TRANSLATION_PENDING', errorMessage: 'waiting for consumer offsets' },
          ],
          described: true,
        },
      ]);
      const recordedStuck = (await history('link-0003')).filter((e) => e.type === 'MIRROR_TRANSITION_STUCK');
      expect(recordedStuck.map((e) => [e.severity, e.part?.errorCode])).toEqual([
        ['critical', 'OFFSET_TRANSLATION_PENDING'],
      ]);
      const described = everyRequest.filter((r) => r.path.endsWith('/link-0003/mirrors/link-0003.topic-0'));
      expect(described).toHaveLength(1);
    });

    it('names the transition error of a stuck topic whose describe failed at a later due poll, without notifying it again', async () => {
      // Prepare: every link's configs on record, then a failover that does not finish; the first
      // describe of the topic fails
      await nextRead();
      await nextRead();
      const topic = 'link-0003.topic-0';
      sim.updateLink(CLUSTER.clusterId, 'link-0003', {
        mirrorTopics: {
          [topic]: {
            status: 'PENDING_STOPPED',
            transitionError: { code: 'OFFSET_TRANSLATION_PENDING', message: 'waiting for consumer offsets' },
          },
        },
      });
      let describes = 0;
      sim.onRequest((request) => {
        if (!request.path.endsWith(`/link-0003/mirrors/${topic}`)) return;
        describes++;
        if (describes === 1) sim.failDetails(CLUSTER.clusterId, { kind: 'server-error', times: 1 });
      });

      // Act: due polls until it is found stuck
      for (let read = 0; read < 8 && published('MIRROR_TRANSITION_STUCK').length === 0; read++)
        await nextRead();

      // Assess: notified without its error, the describe failed
      expect(published('MIRROR_TRANSITION_STUCK').map((e) => [e.severity, e.part?.errorCode])).toEqual([
        ['critical', null],
      ]);
      expect(describes).toBe(1);
      expect((await recorded('link-0003'))?.stuckTopics?.[0]?.transitionErrors).toEqual([]);

      // Act: the next due poll, and two more
      await nextRead();
      await nextRead();
      await nextRead();

      // Assess: described once more, its error recorded, nothing notified again
      expect(describes).toBe(2);
      expect((await recorded('link-0003'))?.stuckTopics).toEqual([
        expect.objectContaining({
          topicName: topic,
          transitionErrors: [
            { errorCode: 'OFFSET_TRANSLATION_PENDING', errorMessage: 'waiting for consumer offsets' },
          ],
          described: true,
        }),
      ]);
      expect(published('MIRROR_TRANSITION_STUCK')).toHaveLength(1);
      const stuck = (await history('link-0003')).filter((e) => e.type === 'MIRROR_TRANSITION_STUCK');
      expect(stuck.map((e) => e.severity)).toEqual(['critical']);

      // Act: the failover completes
      sim.updateLink(CLUSTER.clusterId, 'link-0003', {
        mirrorTopics: { [topic]: { status: 'STOPPED', transitionError: null } },
      });
      await nextRead();

      // Assess: its end names the error it was stuck with
      expect(
        published('MIRROR_TRANSITION_STUCK').map((e) => [
          e.severity,
          e.part?.errorCode,
          e.part?.errorMessage,
        ]),
      ).toEqual([
        ['critical', null, null],
        ['resolved', 'OFFSET_TRANSLATION_PENDING', 'waiting for consumer offsets'],
      ]);
    });

    it('records a sync switched off once, when the turn reads its configs, and not again at later reads', async () => {
      // Prepare: two due polls read every link's configs once, the baseline
      await nextRead();
      await nextRead();
      expect((await recorded('link-0004'))?.configs?.values).toContainEqual({
        name: 'consumer.offset.sync.enable',
        value: 'true',
        sensitive: false,
      });
      sim.updateLink(CLUSTER.clusterId, 'link-0004', { configs: { 'consumer.offset.sync.enable': 'false' } });

      // Act: the next two reads cover every link again
      await nextRead();
      await nextRead();

      // Assess
      const changed = published('LINK_CONFIG_CHANGED');
      expect(changed.map((e) => [e.linkName, e.severity, e.part?.name, e.from, e.to])).toEqual([
        ['link-0004', 'warning', 'consumer.offset.sync.enable', 'true', 'false'],
      ]);

      // Act: two more rounds of every link's configs
      for (let i = 0; i < 4; i++) await nextRead();

      // Assess
      expect(published('LINK_CONFIG_CHANGED')).toHaveLength(1);
      const recordedChanges = (await history('link-0004')).filter((e) => e.type === 'LINK_CONFIG_CHANGED');
      expect(recordedChanges.map((e) => e.severity)).toEqual(['warning']);
    });

    it('ends a sync switch-off it notified when readiness is turned off, and writes nothing after', async () => {
      // Prepare: every link's configs on record, then link-0004's consumer offset sync switched off
      await nextRead();
      await nextRead();
      sim.updateLink(CLUSTER.clusterId, 'link-0004', { configs: { 'consumer.offset.sync.enable': 'false' } });
      await nextRead();
      await nextRead();
      expect(published('LINK_CONFIG_CHANGED').map((e) => [e.linkName, e.severity])).toEqual([
        ['link-0004', 'warning'],
      ]);
      expect((await recorded('link-0004'))?.configs?.switchedOff).toEqual(['consumer.offset.sync.enable']);

      // Act
      await poll(OFF);

      // Assess: the warning ends, under the config's name, with its last value and no other
      expect(
        published('LINK_CONFIG_CHANGED').map((e) => [e.linkName, e.severity, e.part?.name, e.from, e.to]),
      ).toEqual([
        ['link-0004', 'warning', 'consumer.offset.sync.enable', 'true', 'false'],
        ['link-0004', 'resolved', 'consumer.offset.sync.enable', 'false', null],
      ]);
      const changes = (await history('link-0004')).filter((e) => e.type === 'LINK_CONFIG_CHANGED');
      expect(changes.map((e) => e.severity).sort()).toEqual(['resolved', 'warning']);
      expect(await recorded('link-0004')).not.toHaveProperty('configs');

      // Act: readiness stays off
      const counted = counting(sqlite);
      for (let i = 0; i < 4; i++) await poll(OFF, { store: counted.store });

      // Assess
      expect(counted.commits()).toBe(0);
      expect(published('LINK_CONFIG_CHANGED')).toHaveLength(2);
    });

    it('ends a sync switch-off it notified when the link is removed', async () => {
      // Prepare
      await nextRead();
      await nextRead();
      sim.updateLink(CLUSTER.clusterId, 'link-0004', { configs: { 'acl.sync.enable': 'true' } });
      await nextRead();
      await nextRead();
      sim.updateLink(CLUSTER.clusterId, 'link-0004', { configs: { 'acl.sync.enable': 'false' } });
      await nextRead();
      await nextRead();
      // Off at the baseline, so its switch-on ends nothing: news (info), then the switch-off warned of.
      expect(published('LINK_CONFIG_CHANGED').map((e) => [e.severity, e.part?.name])).toEqual([
        ['info', 'acl.sync.enable'],
        ['warning', 'acl.sync.enable'],
      ]);

      // Act
      sim.removeLink(CLUSTER.clusterId, 'link-0004');
      await poll();

      // Assess
      expect(
        published('LINK_CONFIG_CHANGED').map((e) => [e.linkName, e.severity, e.part?.name, e.from, e.to]),
      ).toEqual([
        ['link-0004', 'info', 'acl.sync.enable', 'false', 'true'],
        ['link-0004', 'warning', 'acl.sync.enable', 'true', 'false'],
        ['link-0004', 'resolved', 'acl.sync.enable', 'false', null],
      ]);
    });

    it('raises no LINK_SYNC_BROKEN for syncs switched off, whichever of a task and its config is read first', async () => {
      // Prepare: every link's configs on record; then every link's consumer offset sync is
      // switched off, and its task turns NOT_CONFIGURED at once
      await nextRead();
      await nextRead();
      sim.updateAllLinks(CLUSTER.clusterId, { configs: { 'consumer.offset.sync.enable': 'false' } });

      // Act: the task rotation and the config turns cover every link more than once
      for (let i = 0; i < 8; i++) await poll();

      // Assess
      expect(published('LINK_SYNC_BROKEN')).toEqual([]);
      const switchedOff = published('LINK_CONFIG_CHANGED');
      expect(switchedOff.map((e) => [e.linkName, e.severity]).sort()).toEqual(
        sim.links(CLUSTER.clusterId).map((link) => [link.linkName, 'warning']),
      );
    });

    it('finds a sync switched on whose task is NOT_CONFIGURED broken at the due poll that reads its configs with its tasks, reading no task list twice in a poll', async () => {
      // Prepare: every link's configs on record, then every link's consumer offset sync, switched
      // on, has its task NOT_CONFIGURED
      await nextRead();
      await nextRead();
      sim.updateAllLinks(CLUSTER.clusterId, { tasks: { ConsumerOffsetSync: { state: 'NOT_CONFIGURED' } } });

      // Act: a full round of the task rotation and of the config turns
      const polls: { due: boolean; configsRead: string[]; tasksRead: string[]; found: string[] }[] = [];
      for (let i = 0; i < 8; i++) {
        const due = isDue();
        const known = published('LINK_SYNC_BROKEN').length;
        await poll();
        polls.push({
          due,
          configsRead: linksRequested('configs'),
          tasksRead: linksRequested('tasks'),
          found: published('LINK_SYNC_BROKEN')
            .slice(known)
            .flatMap((e) => (e.linkName === null ? [] : [e.linkName])),
        });
      }

      // Assess: each link found once, as NOT_CONFIGURED
      const names = sim.links(CLUSTER.clusterId).map((link) => link.linkName);
      expect(
        published('LINK_SYNC_BROKEN')
          .map((e) => [e.linkName, e.severity, e.part?.name, e.to])
          .sort(),
      ).toEqual(names.map((name) => [name, 'warning', 'ConsumerOffsetSync', 'NOT_CONFIGURED']));
      // ... in the poll that read both its configs and its tasks, and not at an earlier task read
      for (const name of names) {
        const at = polls.findIndex((p) => p.found.includes(name));
        expect(polls[at]?.configsRead).toContain(name);
        expect(polls[at]?.tasksRead).toContain(name);
      }
      const readAlone = polls.flatMap((p, at) =>
        p.tasksRead.filter(
          (name) => !p.configsRead.includes(name) && polls.slice(at).some((q) => q.found.includes(name)),
        ),
      );
      expect(readAlone.length).toBeGreaterThan(0);
      // Every due poll read the tasks of the links whose configs it read; no poll read a link's tasks twice
      for (const p of polls) {
        if (p.due) for (const name of p.configsRead) expect(p.tasksRead).toContain(name);
        expect(new Set(p.tasksRead).size).toBe(p.tasksRead.length);
      }
    });

    it('writes nothing while every link is steady, though it reads configs and dry runs at every due poll', async () => {
      // Prepare: six due polls give every link its configs and a dry run on record
      for (let i = 0; i < 6; i++) await nextRead();
      const counted = counting(sqlite);
      const events = notifier.published.length;

      // Act: six more
      const requests = { configs: 0, dryRuns: 0 };
      for (let i = 0; i < 12; i++) {
        await poll(ON, { store: counted.store });
        requests.configs += requestsOf().configs;
        requests.dryRuns += requestsOf()['dry run'];
      }

      // Assess
      expect(requests).toEqual({ configs: 18, dryRuns: 6 });
      expect(counted.commits()).toBe(0);
      expect(notifier.published.length).toBe(events);
      expect((await recorded('link-0000'))?.dryRun).toMatchObject({ topics: 3, failures: [] });
    });

    it('turning readiness off ends the open stall and drops what readiness kept, then writes nothing', async () => {
      // Prepare: a stall on record
      for (let i = 0; i < 2; i++) await nextRead();
      stall();
      for (let read = 1; read <= 4; read++) await nextRead();
      expect(published('MIRROR_TOPIC_STALLED').map((e) => e.severity)).toEqual(['critical']);
      expect(await recorded(STALLED_LINK)).toHaveProperty('topicProgress');
      expect(await recorded(STALLED_LINK)).toHaveProperty('configs');

      // Act
      await poll(OFF);

      // Assess
      expect(published('MIRROR_TOPIC_STALLED').map((e) => [e.severity, e.part?.name])).toEqual([
        ['critical', STALLED_TOPIC],
        ['resolved', STALLED_TOPIC],
      ]);
      const stalls = (await history(STALLED_LINK)).filter((e) => e.type === 'MIRROR_TOPIC_STALLED');
      expect(stalls.map((e) => e.severity).sort()).toEqual(['critical', 'resolved']);
      const state = await sqlite.readClusterState(CLUSTER.clusterId);
      for (const { link } of state.links) {
        expect(link).not.toHaveProperty('topicProgress');
        expect(link).not.toHaveProperty('stuckTopics');
        expect(link).not.toHaveProperty('configs');
        expect(link).not.toHaveProperty('brokenSyncs');
        expect(link).not.toHaveProperty('dryRun');
      }

      // Act: readiness stays off
      const counted = counting(sqlite);
      for (let i = 0; i < 4; i++) await poll(OFF, { store: counted.store });

      // Assess
      expect(counted.commits()).toBe(0);
      expect(published('MIRROR_TOPIC_STALLED')).toHaveLength(2);
    });

    it('takes rate-limited readiness reads for no news: the poll succeeds, what was recorded stands, the next due poll reads again', async () => {
      // Prepare: every link's configs on record
      await nextRead();
      await nextRead();
      const before = await sqlite.readClusterState(CLUSTER.clusterId);
      const events = notifier.published.length;
      // Each configs or dry-run request is refused with a 429; the parts and the mirrors listing are not
      const stop = sim.onRequest((request) => {
        const kind = kindOf(request.path);
        if (kind === 'configs' || kind === 'dry run')
          sim.failDetails(CLUSTER.clusterId, { kind: 'rate-limited', times: 1 });
      });
      const counted = counting(sqlite);
      while (!isDue()) await poll();

      // Act
      const limited = await poll(ON, { store: counted.store });

      // Assess: the two requests in flight were refused, and no other readiness request followed
      expect(limited.results[0]).toMatchObject({ outcome: 'ok', links: 6, detailFailures: 2 });
      expect(limited.clustersFailed).toBe(0);
      expect(requestsOf()).toMatchObject({ 'cluster mirrors': 1, configs: 2, 'dry run': 0 });
      expect(counted.commits()).toBe(0);
      expect(notifier.published.length).toBe(events);
      expect(await sqlite.readClusterState(CLUSTER.clusterId)).toEqual(before);

      // Act: the server answers again
      stop();
      await nextRead();

      // Assess
      expect(requestsOf()).toMatchObject({ configs: 3, 'dry run': 1 });
    });
  });
});
