/**
 * Every alert that opens, closes: through the poll use case, against the Confluent simulator over
 * HTTP and the SQLite store, whoever was told a problem began is told it ended, or that it is
 * still going when the silence or window that hid it ends. The PagerDuty events each published
 * notification calls for are replayed on a set of open dedup keys, as PagerDuty keeps them.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { detailSourceForClusters } from '../../../../adapters/confluent/confluent-link-detail-source.js';
import { ConfluentLinksClient } from '../../../../adapters/confluent/confluent-links-client.js';
import type { ConfluentCredentials } from '../../../../adapters/confluent/credentials.js';
import type { MaintenanceWindow } from '../../../../core/control/maintenance-window.js';
import type { Silence } from '../../../../core/control/silence.js';
import { buildNotificationDocument } from '../../../../core/notify/render/notification-document.js';
import { type MonitoredCluster, pollClusters } from '../../../../core/poll/poll-clusters.js';
import { DEFAULT_POLL_SETTINGS, type PollSettings } from '../../../../core/poll/poll-settings.js';
import { pagerDutyEvents } from '../../../../receivers/pagerduty/pagerduty-events.js';
import {
  type ConfluentSimulator,
  startConfluentSimulator,
} from '../../../../tools/simulator/confluent-simulator.js';
import {
  openSqliteLinkStateStore,
  type SqliteLinkStateStore,
} from '../../../../tools/sqlite-store/sqlite-link-state-store.js';
import { RecordingNotifier } from '../../../support/recording-notifier.js';

const CLUSTER: MonitoredCluster = { clusterId: 'lkc-dr', label: 'dr-eu' };
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const CREDENTIALS: ConfluentCredentials = {
  kind: 'basic',
  apiKey: 'LIFECYCLE',
  apiSecret: 'lifecycle-secret',
};

let sim: ConfluentSimulator;
let sqlite: SqliteLinkStateStore;
let notifier: RecordingNotifier;
let clock: number;
let settings: PollSettings;
let windows: MaintenanceWindow[];

beforeEach(async () => {
  sim = await startConfluentSimulator({
    auth: CREDENTIALS,
    clusters: [{ clusterId: CLUSTER.clusterId, links: 3 }],
  });
  clock = Date.parse('2026-11-26T08:00:00Z');
  sqlite = openSqliteLinkStateStore({ path: ':memory:', now: () => clock });
  notifier = new RecordingNotifier();
  settings = { ...DEFAULT_POLL_SETTINGS, pollIntervalMs: MINUTE, reminderIntervalMs: 0 };
  windows = [];
});

afterEach(async () => {
  sqlite.close();
  await sim.close();
});

async function poll(): Promise<void> {
  const configured = [{ clusterId: CLUSTER.clusterId, restEndpoint: sim.baseUrl, credentials: CREDENTIALS }];
  const links = new ConfluentLinksClient({
    clusters: configured,
    options: { maxAttempts: 1 },
    now: () => clock,
  });
  await pollClusters([CLUSTER], settings, {
    source: links,
    details: detailSourceForClusters(links, configured),
    store: sqlite,
    notifier,
    now: () => new Date(clock),
    deadline: clock + MINUTE,
    silences: sqlite,
    maintenanceWindows: windows,
  });
  clock += MINUTE;
}

/** The dedup keys PagerDuty holds open after every published notification, in order. */
function openPages(): string[] {
  const open = new Set<string>();
  for (const notification of notifier.published) {
    for (const event of pagerDutyEvents(buildNotificationDocument(notification), 'warning')) {
      if (event.event_action === 'trigger') open.add(event.dedup_key);
      else open.delete(event.dedup_key);
    }
  }
  return [...open];
}

function silence(overrides: Partial<Silence> = {}): Silence {
  return {
    id: 's-maint',
    matchers: { clusters: ['dr-eu'], linkName: 'link-0001' },
    startsAt: new Date(clock).toISOString(),
    endsAt: new Date(clock + 2 * HOUR).toISOString(),
    reason: 'broker upgrade',
    createdBy: 'alice',
    createdAt: new Date(clock).toISOString(),
    expiredAt: null,
    ...overrides,
  };
}

const LINK = 'link-0001';
const TOPIC = `${LINK}.topic-0`;

describe('Alert lifecycle through the poll', () => {
  it('tells of a recovery that happens under a silence added after the problem was paged', async () => {
    // Prepare: paged, then silenced
    await poll();
    sim.updateLink(CLUSTER.clusterId, LINK, { linkState: 'FAILED' });
    await poll();
    expect(openPages()).toHaveLength(1);
    await sqlite.addSilence(silence());

    // Act: recovers inside the silence
    sim.updateLink(CLUSTER.clusterId, LINK, { linkState: 'ACTIVE' });
    await poll();

    // Assess
    expect(notifier.summary().at(-1)).toBe(`change resolved ${CLUSTER.clusterId} ${LINK}:LINK_STATE_CHANGED`);
    expect(openPages()).toEqual([]);
  });

  it('tells of a recovery that happens inside a maintenance window that opened after the page', async () => {
    // Prepare: paged at 08:01Z; a window of every day from 09:00 UTC opens on it
    await poll();
    sim.updateLink(CLUSTER.clusterId, LINK, { linkState: 'FAILED' });
    await poll();
    windows = [
      {
        name: 'nightly',
        days: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'],
        start: { hour: 9, minute: 0 },
        durationMs: 2 * HOUR,
        timeZone: 'UTC',
        matchers: { clusters: ['dr-eu'] },
        reason: 'patching',
      },
    ];

    // Act: recovers at 09:30Z, inside the window
    clock = Date.parse('2026-11-26T09:30:00Z');
    sim.updateLink(CLUSTER.clusterId, LINK, { linkState: 'ACTIVE' });
    await poll();

    // Assess
    expect(notifier.summary().at(-1)).toBe(`change resolved ${CLUSTER.clusterId} ${LINK}:LINK_STATE_CHANGED`);
    expect(openPages()).toEqual([]);
  });

  it('keeps quiet the recovery of a problem that began under the silence: nobody heard it begin', async () => {
    // Prepare
    await poll();
    await sqlite.addSilence(silence());
    sim.updateLink(CLUSTER.clusterId, LINK, { linkState: 'FAILED' });
    await poll();

    // Act
    sim.updateLink(CLUSTER.clusterId, LINK, { linkState: 'ACTIVE' });
    await poll();
    clock += 3 * HOUR;
    await poll();

    // Assess
    expect(notifier.published).toEqual([]);
  });

  it('sends the end-of-silence notice for a link whose error message changes every poll', async () => {
    // Prepare: the link fails under a silence, and its message carries a counter
    await poll();
    await sqlite.addSilence(silence());
    sim.updateLink(CLUSTER.clusterId, LINK, { linkState: 'FAILED', linkErrorMessage: 'retry 0' });
    await poll();

    // Act: polls past the silence's end, the message changing each time
    for (let i = 1; i <= 4; i++) {
      clock += HOUR;
      sim.updateLink(CLUSTER.clusterId, LINK, { linkErrorMessage: `retry ${i}` });
      await poll();
    }

    // Assess: one notice, at the first poll after the silence ended
    expect(notifier.summary()).toEqual([
      `reminder critical ${CLUSTER.clusterId} ${LINK}:LINK_STILL_UNHEALTHY`,
    ]);
    expect(notifier.published[0]?.events[0]?.detail).toBe('was silenced by s-maint');
  });

  it('reminds of a link whose error message changes every poll', async () => {
    // Prepare
    settings = { ...settings, reminderIntervalMs: 4 * HOUR };
    await poll();
    sim.updateLink(CLUSTER.clusterId, LINK, { linkState: 'FAILED', linkErrorMessage: 'retry 0' });
    await poll();

    // Act: 9 hours of hourly polls, a new message each time
    for (let i = 1; i <= 9; i++) {
      clock += HOUR - MINUTE;
      sim.updateLink(CLUSTER.clusterId, LINK, { linkErrorMessage: `retry ${i}` });
      await poll();
    }

    // Assess: the failure, then a reminder every 4 hours
    expect(notifier.summary()).toEqual([
      `change critical ${CLUSTER.clusterId} ${LINK}:LINK_STATE_CHANGED`,
      `reminder critical ${CLUSTER.clusterId} ${LINK}:LINK_STILL_UNHEALTHY`,
      `reminder critical ${CLUSTER.clusterId} ${LINK}:LINK_STILL_UNHEALTHY`,
    ]);
  });

  it('sends the end-of-silence notice for a mirror topic that failed under the silence', async () => {
    // Prepare
    await poll();
    await sqlite.addSilence(silence());
    sim.updateLink(CLUSTER.clusterId, LINK, { mirrorTopics: { [TOPIC]: { status: 'FAILED' } } });
    await poll();
    await poll();
    expect(notifier.published).toEqual([]);

    // Act: the silence ends, the topic still failed
    clock += 2 * HOUR;
    await poll();
    await poll();

    // Assess
    expect(notifier.summary()).toEqual([
      `reminder critical ${CLUSTER.clusterId} ${LINK}:LINK_STILL_UNHEALTHY`,
    ]);
    const notice = notifier.published[0]?.events[0];
    expect(notice?.detail).toBe('was silenced by s-maint');
    expect(notice?.part).toMatchObject({ kind: 'mirror-topic', name: TOPIC, state: 'FAILED' });
  });

  it('resolves a failed mirror topic that is stopped by a promote or failover', async () => {
    // Prepare
    await poll();
    sim.updateLink(CLUSTER.clusterId, LINK, { mirrorTopics: { [TOPIC]: { status: 'FAILED' } } });
    await poll();
    expect(openPages()).toHaveLength(1);

    // Act
    sim.updateLink(CLUSTER.clusterId, LINK, { mirrorTopics: { [TOPIC]: { status: 'STOPPED' } } });
    await poll();

    // Assess
    expect(notifier.summary().at(-1)).toBe(
      `change resolved ${CLUSTER.clusterId} ${LINK}:MIRROR_TOPIC_STATE_CHANGED`,
    );
    expect(openPages()).toEqual([]);
  });

  it('resolves the failed mirror topic of an ACTIVE link that is deleted', async () => {
    // Prepare
    await poll();
    sim.updateLink(CLUSTER.clusterId, LINK, { mirrorTopics: { [TOPIC]: { status: 'FAILED' } } });
    await poll();
    expect(openPages()).toHaveLength(1);

    // Act
    sim.removeLink(CLUSTER.clusterId, LINK);
    await poll();

    // Assess
    expect(notifier.summary().at(-1)).toBe(
      `change resolved ${CLUSTER.clusterId} ${LINK}:LINK_REMOVED,${LINK}:MIRROR_TOPIC_STATE_CHANGED`,
    );
    expect(openPages()).toEqual([]);
  });

  it('tells of the deletion of a paged link even under a silence that began later', async () => {
    // Prepare
    await poll();
    sim.updateLink(CLUSTER.clusterId, LINK, { linkState: 'FAILED' });
    await poll();
    await sqlite.addSilence(silence());

    // Act
    sim.removeLink(CLUSTER.clusterId, LINK);
    await poll();

    // Assess
    expect(notifier.summary().at(-1)).toContain(`${LINK}:LINK_REMOVED`);
    expect(openPages()).toEqual([]);
  });
});
