import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MAX_PUBLISH_ATTEMPTS } from '../../../../core/notify/publish-notifications.js';
import { type MonitoredCluster, pollClusters } from '../../../../core/poll/poll-clusters.js';
import { DEFAULT_POLL_SETTINGS, type PollSettings } from '../../../../core/poll/poll-settings.js';
import type { LinkCommit, LinkStateStore, Notification, Notifier } from '../../../../core/ports.js';
import {
  openSqliteLinkStateStore,
  type SqliteLinkStateStore,
} from '../../../../tools/sqlite-store/sqlite-link-state-store.js';
import { aLink } from '../../../support/link-fixtures.js';
import { ScriptedLinkSource } from '../../../support/scripted-link-source.js';

const PROD: MonitoredCluster = { clusterId: 'lkc-prod1', label: 'prod-eu' };
const MINUTE = 60_000;

/** The SQLite store, except that committing the named link always fails (as an oversized item would). */
function failingCommitsFor(store: SqliteLinkStateStore, linkName: string): LinkStateStore {
  return new Proxy(store, {
    get(target, property) {
      if (property === 'commitLink') {
        return async (commit: LinkCommit) => {
          if (commit.linkName === linkName)
            throw new Error('ValidationException: Item size has exceeded the maximum allowed size');
          return target.commitLink(commit);
        };
      }
      const value = Reflect.get(target, property, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

/** Publishes everything except notifications that mention the named link, which fail as told. */
class PoisonNotifier implements Notifier {
  readonly published: Notification[] = [];
  down = false;

  constructor(
    private readonly poison: string,
    private readonly permanent: boolean,
  ) {}

  async publish(notification: Notification): Promise<void> {
    if (this.down) throw new Error('SNS is unavailable');
    if (notification.events.some((e) => e.linkName === this.poison)) {
      throw Object.assign(new Error(`cannot send ${this.poison}`), { permanent: this.permanent });
    }
    this.published.push(notification);
  }

  links(): string[] {
    return this.published.flatMap((n) => n.events.map((e) => `${e.linkName ?? '-'}:${e.type}`));
  }
}

describe('Function: pollClusters (isolation)', () => {
  let sqlite: SqliteLinkStateStore;
  let source: ScriptedLinkSource;
  let clock: number;

  beforeEach(() => {
    clock = Date.parse('2026-11-26T08:00:00Z');
    sqlite = openSqliteLinkStateStore({ path: ':memory:', now: () => clock });
    source = new ScriptedLinkSource();
  });
  afterEach(() => sqlite.close());

  const poll = (
    notifier: Notifier,
    store: LinkStateStore = sqlite,
    settings: Partial<PollSettings> = {},
    now: () => Date = () => new Date(clock),
  ) =>
    pollClusters(
      [PROD],
      { ...DEFAULT_POLL_SETTINGS, ...settings },
      {
        source,
        store,
        notifier,
        now,
        deadline: clock + 5 * MINUTE,
      },
    );

  it("records and notifies the other links' changes when one link's commit fails, in that poll and later ones", async () => {
    // Prepare
    const notifier = new PoisonNotifier('none', true);
    source.set(PROD.clusterId, [aLink({ linkName: 'odd' }), aLink({ linkName: 'b' })]);
    await poll(notifier);
    const store = failingCommitsFor(sqlite, 'odd');
    source.set(PROD.clusterId, [
      aLink({ linkName: 'odd', topicNames: ['t1'] }),
      aLink({ linkName: 'b', linkState: 'FAILED' }),
    ]);

    // Act
    clock += MINUTE;
    const first = await poll(notifier, store);
    clock += MINUTE;
    source.set(PROD.clusterId, [aLink({ linkName: 'odd', topicNames: ['t1'] }), aLink({ linkName: 'b' })]);
    const second = await poll(notifier, store);

    // Assess
    expect(notifier.links()).toEqual(['b:LINK_STATE_CHANGED', 'b:LINK_STATE_CHANGED']);
    expect(first.results[0]).toMatchObject({
      outcome: 'failed',
      failedStep: 'store',
      linkFailures: 1,
      failedLinks: [{ linkName: 'odd', step: 'store', error: expect.stringContaining('Item size') }],
      published: 1,
    });
    expect(second.results[0]).toMatchObject({ linkFailures: 1, published: 1 });
  });

  it('quarantines a notification that can never be sent, with its reason, and sends the others', async () => {
    // Prepare
    const notifier = new PoisonNotifier('odd', true);
    source.set(PROD.clusterId, [
      aLink({ linkName: 'odd' }),
      aLink({ linkName: 'b' }),
      aLink({ linkName: 'c' }),
    ]);
    await poll(notifier);
    source.set(PROD.clusterId, [
      aLink({ linkName: 'odd', linkState: 'FAILED' }),
      aLink({ linkName: 'b', linkState: 'FAILED' }),
      aLink({ linkName: 'c' }),
    ]);

    // Act
    clock += MINUTE;
    const first = await poll(notifier);
    clock += MINUTE;
    source.set(PROD.clusterId, [
      aLink({ linkName: 'odd', linkState: 'FAILED' }),
      aLink({ linkName: 'b', linkState: 'FAILED' }),
      aLink({ linkName: 'c', linkState: 'PAUSED' }),
    ]);
    const second = await poll(notifier);

    // Assess
    expect(notifier.links()).toEqual(['b:LINK_STATE_CHANGED', 'c:LINK_STATE_CHANGED']);
    expect(first.results[0]).toMatchObject({ quarantined: 1, published: 1 });
    expect(second.results[0]).toMatchObject({ quarantined: 0, publishFailures: 0, published: 1 });
    const quarantined = await sqlite.quarantinedEvents(PROD.clusterId);
    expect(quarantined.map((e) => [e.linkName, e.type, e.notification])).toEqual([
      ['odd', 'LINK_STATE_CHANGED', 'NOT_NOTIFIED'],
    ]);
    expect(quarantined[0]?.quarantine?.reason).toContain('cannot send odd');
    expect(await sqlite.pendingEvents(PROD.clusterId)).toEqual([]);
  });

  it('splits a digest that cannot be sent into one message per link and quarantines only the odd one', async () => {
    // Prepare
    const notifier = new PoisonNotifier('odd', true);
    const names = ['odd', 'b', 'c', 'd', 'e'];
    source.set(
      PROD.clusterId,
      names.map((linkName) => aLink({ linkName })),
    );
    await poll(notifier);
    source.set(
      PROD.clusterId,
      names.map((linkName) => aLink({ linkName, linkState: 'FAILED' })),
    );

    // Act
    clock += MINUTE;
    const result = await poll(notifier, sqlite, { digestThreshold: 2 });

    // Assess
    expect(notifier.links().sort()).toEqual(['b', 'c', 'd', 'e'].map((n) => `${n}:LINK_STATE_CHANGED`));
    expect(result.results[0]).toMatchObject({ quarantined: 1, published: 4 });
    expect((await sqlite.quarantinedEvents(PROD.clusterId)).map((e) => e.linkName)).toEqual(['odd']);
  });

  it('gives a notification that keeps failing up after a bounded number of attempts while the others go out', async () => {
    // Prepare
    const notifier = new PoisonNotifier('odd', false);
    source.set(PROD.clusterId, [aLink({ linkName: 'odd' }), aLink({ linkName: 'b' })]);
    await poll(notifier);
    source.set(PROD.clusterId, [aLink({ linkName: 'odd', linkState: 'FAILED' }), aLink({ linkName: 'b' })]);

    // Act: b changes on every poll, so something else goes out each time.
    const quarantinedPerPoll: number[] = [];
    for (let i = 0; i < MAX_PUBLISH_ATTEMPTS + 1; i++) {
      clock += MINUTE;
      source.set(PROD.clusterId, [
        aLink({ linkName: 'odd', linkState: 'FAILED' }),
        aLink({ linkName: 'b', linkState: i % 2 === 0 ? 'PAUSED' : 'ACTIVE' }),
      ]);
      quarantinedPerPoll.push((await poll(notifier)).quarantined);
    }

    // Assess
    expect(notifier.links().filter((l) => l.startsWith('b:'))).toHaveLength(MAX_PUBLISH_ATTEMPTS + 1);
    expect(quarantinedPerPoll.indexOf(1)).toBe(MAX_PUBLISH_ATTEMPTS - 1);
    const [given] = await sqlite.quarantinedEvents(PROD.clusterId);
    expect(given?.quarantine?.reason).toContain(`after ${MAX_PUBLISH_ATTEMPTS} attempts`);
  });

  it('uses up no attempts while the notification service is down, and sends everything once it is back', async () => {
    // Prepare
    const notifier = new PoisonNotifier('none', false);
    source.set(PROD.clusterId, [
      aLink({ linkName: 'a' }),
      aLink({ linkName: 'b' }),
      aLink({ linkName: 'c' }),
    ]);
    await poll(notifier);
    source.set(PROD.clusterId, [
      aLink({ linkName: 'a', linkState: 'FAILED' }),
      aLink({ linkName: 'b', linkState: 'FAILED' }),
      aLink({ linkName: 'c', linkState: 'FAILED' }),
    ]);
    notifier.down = true;

    // Act
    for (let i = 0; i < MAX_PUBLISH_ATTEMPTS * 2; i++) {
      clock += MINUTE;
      await poll(notifier);
    }
    notifier.down = false;
    clock += MINUTE;
    const recovered = await poll(notifier);

    // Assess
    expect(await sqlite.quarantinedEvents(PROD.clusterId)).toEqual([]);
    expect(notifier.links().sort()).toEqual(['a', 'b', 'c'].map((n) => `${n}:LINK_STATE_CHANGED`));
    expect(recovered.results[0]).toMatchObject({ published: 3, quarantined: 0 });
  });

  it('takes no new link once only the time to publish is left, and the next poll records the rest', async () => {
    // Prepare: a baseline of 40 links, then all of them fail at once.
    const names = Array.from({ length: 40 }, (_, i) => `link-${String(i).padStart(2, '0')}`);
    const notifier = new PoisonNotifier('none', true);
    source.set(
      PROD.clusterId,
      names.map((linkName) => aLink({ linkName })),
    );
    await poll(notifier);
    source.set(
      PROD.clusterId,
      names.map((linkName) => aLink({ linkName, linkState: 'FAILED' })),
    );
    // Every reading of the clock costs 10 s of the 5-minute deadline: about 20 links fit.
    clock += MINUTE;
    const start = clock;
    let reads = 0;
    const slowClock = () => new Date(start + 10_000 * reads++);
    const settings = { reserveMs: 4 * 60_000 + 30_000, digestThreshold: Number.POSITIVE_INFINITY };

    // Act
    const first = await poll(notifier, sqlite, settings, slowClock);
    clock += MINUTE;
    const second = await poll(notifier, sqlite, settings);

    // Assess
    const deferred = first.results[0]?.deferredLinks ?? 0;
    expect(deferred).toBeGreaterThan(0);
    expect(first.results[0]?.events).toBe(names.length - deferred);
    expect(first.results[0]?.published).toBe(names.length - deferred);
    expect(second.results[0]).toMatchObject({ deferredLinks: 0, events: deferred });
    expect(notifier.links().sort()).toEqual(names.map((n) => `${n}:LINK_STATE_CHANGED`));
  });

  it('counts links by state names that are Object.prototype properties', async () => {
    // Prepare
    source.set(PROD.clusterId, [
      aLink({ linkName: 'a', linkState: 'constructor' }),
      aLink({ linkName: 'b', linkState: 'toString' }),
      aLink({ linkName: 'c', linkState: '__proto__' }),
      aLink({ linkName: 'd', linkState: 'constructor' }),
    ]);

    // Act
    const summary = await poll(new PoisonNotifier('none', true));

    // Assess
    expect(Object.entries(summary.results[0]?.linksByState ?? {})).toEqual([
      ['constructor', 2],
      ['toString', 1],
      ['__proto__', 1],
    ]);
  });
});
