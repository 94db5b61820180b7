/**
 * The one contract every `LinkStateStore` must meet. Each store's test file calls
 * `describeStoreContract` with a factory; the same inputs must give the same results on
 * every store. Nothing here may know which store it runs against.
 *
 * Isolation: each case uses its own cluster ids and its own time window (a random day
 * far in the future), so one store instance per file is enough and cases never see each
 * other's data, even on a shared table. Cross-cluster reads (severity history,
 * listClusters) therefore assert on the case's own data only.
 */
import { randomInt, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HistoryEvent } from '../../core/model/change-events.js';
import type { ClusterLink, Severity } from '../../core/model/link-model.js';
import type {
  ClusterRecord,
  LinkSnapshot,
  LinkStateStore,
  Page,
  PageRequest,
  TimeRange,
} from '../../core/ports.js';
import { MAX_EVENTS_PER_COMMIT, MAX_PAGE_LIMIT } from '../../core/record/store-input.js';
import {
  DuplicateEventError,
  InvalidCommitError,
  InvalidCursorError,
  InvalidQueryError,
  StoreError,
} from '../../core/store-errors.js';

export interface StoreUnderTest {
  readonly store: LinkStateStore;
  cleanup(): Promise<void>;
}

// ---------------------------------------------------------------------------
// Fixture factories
// ---------------------------------------------------------------------------

/** A cluster id no other case uses. */
export function aClusterId(prefix = 'lkc'): string {
  return `${prefix}-${randomUUID().slice(0, 12)}`;
}

/**
 * A time window of its own: a random day between the years 2200 and ~4900, so history
 * queries over it see only the events this case recorded.
 */
export function aTimeWindow(): {
  at(minutes: number): string;
  range(fromMinutes: number, toMinutes: number): TimeRange;
} {
  const base = Date.UTC(2200, 0, 1) + randomInt(0, 1_000_000) * 86_400_000;
  const at = (minutes: number): string => new Date(base + minutes * 60_000).toISOString();
  return { at, range: (fromMinutes, toMinutes) => ({ from: at(fromMinutes), to: at(toMinutes) }) };
}

/** Epoch seconds 90 days from now: history the stores keep. */
function aLiveExpiry(): number {
  return Math.floor(Date.now() / 1000) + 90 * 86_400;
}

export function aLink(overrides: Partial<ClusterLink> = {}): ClusterLink {
  return {
    linkName: 'link-a',
    clusterLinkId: 'cl-a',
    linkState: 'ACTIVE',
    linkError: null,
    linkErrorMessage: null,
    sourceClusterId: 'lkc-source',
    destinationClusterId: null,
    remoteClusterId: 'lkc-source',
    topicNames: ['orders'],
    tasks: [],
    categoryCounts: [],
    ...overrides,
  };
}

export function aSnapshot(clusterId: string, overrides: Partial<LinkSnapshot> = {}): LinkSnapshot {
  return {
    clusterId,
    link: aLink(),
    version: 1,
    stateSince: '2024-05-01T10:00:00.000Z',
    unhealthySince: null,
    lastRemindedAt: null,
    pendingCondition: null,
    ...overrides,
  };
}

export function aClusterRecord(clusterId: string, overrides: Partial<ClusterRecord> = {}): ClusterRecord {
  return {
    clusterId,
    clusterLabel: `label of ${clusterId}`,
    version: 1,
    baselineAt: '2024-05-01T10:00:00.000Z',
    consecutiveFailures: 0,
    failingSince: null,
    lastError: null,
    unreachableNotified: false,
    ...overrides,
  };
}

let eventSequence = 0;

/** A history event; its id follows the `{clusterId}#{linkName or -}#{version}#{index}` shape. */
export function anEvent(overrides: Partial<HistoryEvent> & Pick<HistoryEvent, 'clusterId'>): HistoryEvent {
  eventSequence += 1;
  const linkName = overrides.linkName === undefined ? 'link-a' : overrides.linkName;
  return {
    eventId: `${overrides.clusterId}#${linkName ?? '-'}#${eventSequence}#0`,
    clusterLabel: `label of ${overrides.clusterId}`,
    linkName,
    clusterLinkId: linkName === null ? null : `cl-${linkName}`,
    type: linkName === null ? 'CLUSTER_UNREACHABLE' : 'LINK_STATE_CHANGED',
    severity: 'critical',
    observedAt: '2024-05-01T10:00:00.000Z',
    from: linkName === null ? null : 'ACTIVE',
    to: linkName === null ? null : 'FAILED',
    topicsAdded: [],
    topicsRemoved: [],
    previousSince: null,
    link:
      linkName === null ? null : aLink({ linkName, clusterLinkId: `cl-${linkName}`, linkState: 'FAILED' }),
    detail: linkName === null ? 'listing failed: HTTP 503' : null,
    notification: 'PENDING',
    expiresAt: aLiveExpiry(),
    ...overrides,
  };
}

/** A link with everything a round trip can lose: unicode, nulls, nested tasks, counts. */
function aRichLink(): ClusterLink {
  return aLink({
    linkName: 'réplica-東京-🚀',
    clusterLinkId: 'ÄÖÜ-cl-42',
    linkState: 'FAILED',
    linkError: 'AUTHENTICATION_ERROR',
    linkErrorMessage: 'SASL authentication failed: «bad key» — 認証エラー',
    sourceClusterId: null,
    destinationClusterId: 'lkc-dést',
    remoteClusterId: null,
    topicNames: ['commandes', 'orders', '注文'],
    tasks: [
      { taskName: 'AclSync', state: 'ACTIVE', errors: [] },
      {
        taskName: 'ConsumerOffsetSync',
        state: 'IN_ERROR',
        errors: [
          { errorCode: 'AUTHENTICATION_ERROR', errorMessage: 'échec ✗' },
          { errorCode: 'TIMEOUT_ERROR', errorMessage: '' },
        ],
      },
    ],
    categoryCounts: [
      { stateCategory: 'ACTIVE', count: 2 },
      { stateCategory: 'FAILED', count: 0 },
    ],
  });
}

// ---------------------------------------------------------------------------
// Steps that drive a store through its port only
// ---------------------------------------------------------------------------

/**
 * Records events through ordinary commits: link events by advancing a snapshot chain per
 * link, cluster-level events (linkName null) by advancing the cluster record.
 */
async function recordEvents(store: LinkStateStore, events: readonly HistoryEvent[]): Promise<void> {
  const versions = new Map<string, number>();
  for (const event of events) {
    const key = `${event.clusterId}\u0000${event.linkName ?? ''}`;
    const previous = versions.get(key) ?? null;
    const version = (previous ?? 0) + 1;
    const outcome =
      event.linkName === null
        ? await store.commitCluster({
            clusterId: event.clusterId,
            expectedVersion: previous,
            next: aClusterRecord(event.clusterId, { version }),
            events: [event],
          })
        : await store.commitLink({
            clusterId: event.clusterId,
            linkName: event.linkName,
            expectedVersion: previous,
            next: aSnapshot(event.clusterId, { link: aLink({ linkName: event.linkName }), version }),
            events: [event],
          });
    expect(outcome).toBe('committed');
    versions.set(key, version);
  }
}

/** Reads every page of a query, with a guard so a store that never ends its cursor fails instead of hanging. */
async function readAllPages(
  query: (page: PageRequest) => Promise<Page<HistoryEvent>>,
  limit: number,
): Promise<Page<HistoryEvent>[]> {
  const pages: Page<HistoryEvent>[] = [];
  let cursor: string | undefined;
  do {
    const page = await query(cursor === undefined ? { limit } : { limit, cursor });
    pages.push(page);
    cursor = page.cursor;
  } while (cursor !== undefined && pages.length < 100);
  expect(cursor, 'paging never ended').toBeUndefined();
  return pages;
}

/** Reads the whole of a query (large pages), for cases that are not about paging. */
async function readAll(query: (page: PageRequest) => Promise<Page<HistoryEvent>>): Promise<HistoryEvent[]> {
  const pages = await readAllPages(query, 100);
  return pages.flatMap((page) => page.items);
}

const ids = (events: readonly Pick<HistoryEvent, 'eventId'>[]): string[] => events.map((e) => e.eventId);
const byLinkName = (a: LinkSnapshot, b: LinkSnapshot): number =>
  a.link.linkName < b.link.linkName ? -1 : a.link.linkName > b.link.linkName ? 1 : 0;

// ---------------------------------------------------------------------------
// The contract
// ---------------------------------------------------------------------------

/**
 * Declares the store contract for one implementation. `makeStore` is called once for the
 * file; `cleanup` once at the end.
 */
export function describeStoreContract(name: string, makeStore: () => Promise<StoreUnderTest>): void {
  describe(`LinkStateStore contract: ${name}`, () => {
    let subject: StoreUnderTest | undefined;
    const store = (): LinkStateStore => {
      if (subject === undefined) throw new Error('store not created');
      return subject.store;
    };

    beforeAll(async () => {
      subject = await makeStore();
    });

    afterAll(async () => {
      await subject?.cleanup();
    });

    describe('readClusterState', () => {
      it('returns no record and no links for a cluster it has never seen', async () => {
        const state = await store().readClusterState(aClusterId());

        expect(state).toEqual({ cluster: null, links: [], outboxEmpty: true });
      });

      it('returns the baseline: the cluster record and every committed snapshot', async () => {
        // Prepare
        const clusterId = aClusterId();
        const record = aClusterRecord(clusterId);
        const snapshots = ['link-c', 'link-a', 'link-b'].map((linkName) =>
          aSnapshot(clusterId, { link: aLink({ linkName, clusterLinkId: `cl-${linkName}` }) }),
        );

        // Act
        expect(
          await store().commitCluster({ clusterId, expectedVersion: null, next: record, events: [] }),
        ).toBe('committed');
        for (const snapshot of snapshots) {
          const outcome = await store().commitLink({
            clusterId,
            linkName: snapshot.link.linkName,
            expectedVersion: null,
            next: snapshot,
            events: [],
          });
          expect(outcome).toBe('committed');
        }
        const state = await store().readClusterState(clusterId);

        // Assess
        expect(state.cluster).toEqual(record);
        expect([...state.links].sort(byLinkName)).toEqual([...snapshots].sort(byLinkName));
      });

      it("keeps one cluster's snapshots apart from another's, even with the same link names", async () => {
        // Prepare
        const first = aClusterId();
        const second = aClusterId();
        const firstSnapshot = aSnapshot(first, {
          link: aLink({ linkName: 'shared-name', clusterLinkId: 'cl-1' }),
        });
        const secondSnapshot = aSnapshot(second, {
          link: aLink({ linkName: 'shared-name', clusterLinkId: 'cl-2' }),
        });

        // Act
        for (const snapshot of [firstSnapshot, secondSnapshot]) {
          await store().commitLink({
            clusterId: snapshot.clusterId,
            linkName: 'shared-name',
            expectedVersion: null,
            next: snapshot,
            events: [],
          });
        }

        // Assess
        expect((await store().readClusterState(first)).links).toEqual([firstSnapshot]);
        expect((await store().readClusterState(second)).links).toEqual([secondSnapshot]);
      });
    });

    describe('commitLink', () => {
      it("commits a new link's snapshot and its event together", async () => {
        // Prepare
        const clusterId = aClusterId();
        const window = aTimeWindow();
        const snapshot = aSnapshot(clusterId);
        const event = anEvent({ clusterId, type: 'LINK_ADDED', severity: 'info', observedAt: window.at(0) });

        // Act
        const outcome = await store().commitLink({
          clusterId,
          linkName: 'link-a',
          expectedVersion: null,
          next: snapshot,
          events: [event],
        });

        // Assess
        expect(outcome).toBe('committed');
        expect((await store().readClusterState(clusterId)).links).toEqual([snapshot]);
        const history = await readAll((page) =>
          store().linkHistory({ clusterId, linkName: 'link-a', ...window.range(0, 0), ...page }),
        );
        expect(history).toEqual([event]);
      });

      it('commits a change when expectedVersion is the stored version', async () => {
        // Prepare
        const clusterId = aClusterId();
        const window = aTimeWindow();
        await store().commitLink({
          clusterId,
          linkName: 'link-a',
          expectedVersion: null,
          next: aSnapshot(clusterId),
          events: [],
        });
        const failed = aSnapshot(clusterId, { link: aLink({ linkState: 'FAILED' }), version: 2 });
        const event = anEvent({ clusterId, observedAt: window.at(5) });

        // Act
        const outcome = await store().commitLink({
          clusterId,
          linkName: 'link-a',
          expectedVersion: 1,
          next: failed,
          events: [event],
        });

        // Assess
        expect(outcome).toBe('committed');
        expect((await store().readClusterState(clusterId)).links).toEqual([failed]);
        expect(
          await readAll((page) => store().clusterHistory({ clusterId, ...window.range(0, 10), ...page })),
        ).toEqual([event]);
      });

      it('returns conflict and writes nothing when expectedVersion is stale', async () => {
        // Prepare
        const clusterId = aClusterId();
        const window = aTimeWindow();
        const stored = aSnapshot(clusterId, { version: 3 });
        await store().commitLink({
          clusterId,
          linkName: 'link-a',
          expectedVersion: null,
          next: stored,
          events: [],
        });

        // Act
        const outcome = await store().commitLink({
          clusterId,
          linkName: 'link-a',
          expectedVersion: 2,
          next: aSnapshot(clusterId, { link: aLink({ linkState: 'PAUSED' }), version: 3 }),
          events: [anEvent({ clusterId, observedAt: window.at(1) })],
        });

        // Assess
        expect(outcome).toBe('conflict');
        expect((await store().readClusterState(clusterId)).links).toEqual([stored]);
        expect(
          await readAll((page) => store().clusterHistory({ clusterId, ...window.range(0, 10), ...page })),
        ).toEqual([]);
        expect(await store().pendingEvents(clusterId)).toEqual([]);
      });

      it('returns conflict when expectedVersion is null but a snapshot exists', async () => {
        // Prepare
        const clusterId = aClusterId();
        const window = aTimeWindow();
        const stored = aSnapshot(clusterId);
        await store().commitLink({
          clusterId,
          linkName: 'link-a',
          expectedVersion: null,
          next: stored,
          events: [],
        });

        // Act
        const outcome = await store().commitLink({
          clusterId,
          linkName: 'link-a',
          expectedVersion: null,
          next: aSnapshot(clusterId, { link: aLink({ clusterLinkId: 'cl-other' }) }),
          events: [anEvent({ clusterId, type: 'LINK_ADDED', observedAt: window.at(1) })],
        });

        // Assess
        expect(outcome).toBe('conflict');
        expect((await store().readClusterState(clusterId)).links).toEqual([stored]);
        expect(await store().pendingEvents(clusterId)).toEqual([]);
      });

      it('returns conflict when expectedVersion is a number but no snapshot exists', async () => {
        const clusterId = aClusterId();

        const outcome = await store().commitLink({
          clusterId,
          linkName: 'link-a',
          expectedVersion: 1,
          next: aSnapshot(clusterId, { version: 2 }),
          events: [anEvent({ clusterId })],
        });

        expect(outcome).toBe('conflict');
        expect(await store().readClusterState(clusterId)).toEqual({
          cluster: null,
          links: [],
          outboxEmpty: true,
        });
        expect(await store().pendingEvents(clusterId)).toEqual([]);
      });

      it('commits exactly one of two concurrent commits of the same change', async () => {
        // Prepare
        const clusterId = aClusterId();
        const window = aTimeWindow();
        await store().commitLink({
          clusterId,
          linkName: 'link-a',
          expectedVersion: null,
          next: aSnapshot(clusterId),
          events: [],
        });
        const event = anEvent({ clusterId, eventId: `${clusterId}#link-a#2#0`, observedAt: window.at(1) });
        const commit = {
          clusterId,
          linkName: 'link-a',
          expectedVersion: 1,
          next: aSnapshot(clusterId, { link: aLink({ linkState: 'FAILED' }), version: 2 }),
          events: [event],
        };

        // Act
        const outcomes = await Promise.all([store().commitLink(commit), store().commitLink(commit)]);

        // Assess
        expect([...outcomes].sort()).toEqual(['committed', 'conflict']);
        expect((await store().readClusterState(clusterId)).links).toEqual([commit.next]);
        expect(
          await readAll((page) => store().clusterHistory({ clusterId, ...window.range(0, 10), ...page })),
        ).toEqual([event]);
      });

      it('deletes the snapshot when next is null and records the removal', async () => {
        // Prepare
        const clusterId = aClusterId();
        const window = aTimeWindow();
        const kept = aSnapshot(clusterId, { link: aLink({ linkName: 'link-kept' }) });
        for (const snapshot of [aSnapshot(clusterId), kept]) {
          await store().commitLink({
            clusterId,
            linkName: snapshot.link.linkName,
            expectedVersion: null,
            next: snapshot,
            events: [],
          });
        }
        const removal = anEvent({
          clusterId,
          type: 'LINK_REMOVED',
          severity: 'warning',
          observedAt: window.at(2),
        });

        // Act
        const outcome = await store().commitLink({
          clusterId,
          linkName: 'link-a',
          expectedVersion: 1,
          next: null,
          events: [removal],
        });

        // Assess
        expect(outcome).toBe('committed');
        expect((await store().readClusterState(clusterId)).links).toEqual([kept]);
        expect(
          await readAll((page) =>
            store().linkHistory({ clusterId, linkName: 'link-a', ...window.range(0, 10), ...page }),
          ),
        ).toEqual([removal]);
      });

      it('returns conflict and keeps the snapshot when a delete expects a stale version', async () => {
        // Prepare
        const clusterId = aClusterId();
        const stored = aSnapshot(clusterId, { version: 4 });
        await store().commitLink({
          clusterId,
          linkName: 'link-a',
          expectedVersion: null,
          next: stored,
          events: [],
        });

        // Act
        const outcome = await store().commitLink({
          clusterId,
          linkName: 'link-a',
          expectedVersion: 3,
          next: null,
          events: [anEvent({ clusterId, type: 'LINK_REMOVED' })],
        });

        // Assess
        expect(outcome).toBe('conflict');
        expect((await store().readClusterState(clusterId)).links).toEqual([stored]);
        expect(await store().pendingEvents(clusterId)).toEqual([]);
      });

      it('rejects a commit whose event id is already recorded, and writes nothing', async () => {
        // Prepare
        const clusterId = aClusterId();
        const window = aTimeWindow();
        const original = anEvent({
          clusterId,
          type: 'LINK_ADDED',
          severity: 'info',
          observedAt: window.at(0),
        });
        await store().commitLink({
          clusterId,
          linkName: 'link-a',
          expectedVersion: null,
          next: aSnapshot(clusterId),
          events: [original],
        });
        const stored = (await store().readClusterState(clusterId)).links;

        // Act
        const attempt = store().commitLink({
          clusterId,
          linkName: 'link-a',
          expectedVersion: 1,
          next: aSnapshot(clusterId, { link: aLink({ linkState: 'FAILED' }), version: 2 }),
          events: [
            anEvent({ clusterId, observedAt: window.at(1) }),
            { ...original, type: 'LINK_STATE_CHANGED', observedAt: window.at(1) },
          ],
        });

        // Assess
        await expect(attempt).rejects.toBeInstanceOf(DuplicateEventError);
        await expect(attempt).rejects.toMatchObject({
          operation: 'commitLink',
          clusterId,
          linkName: 'link-a',
          eventId: original.eventId,
        });
        expect((await store().readClusterState(clusterId)).links).toEqual(stored);
        expect(
          await readAll((page) => store().clusterHistory({ clusterId, ...window.range(0, 10), ...page })),
        ).toEqual([original]);
      });

      it('round-trips a link with unicode, nulls, tasks and category counts exactly', async () => {
        // Prepare
        const clusterId = aClusterId('lkc-ünï');
        const window = aTimeWindow();
        const link = aRichLink();
        const snapshot = aSnapshot(clusterId, {
          link,
          version: 1,
          stateSince: '2024-05-01T10:00:00.123Z',
          unhealthySince: '2024-05-01T10:00:00.123Z',
          lastRemindedAt: null,
          pendingCondition: {
            key: 'FAILED/AUTHENTICATION_ERROR',
            polls: 1,
            heldEventIds: [`${clusterId}#${link.linkName}#1#0`],
          },
        });
        const event = anEvent({
          clusterId,
          clusterLabel: 'Prod — Île-de-France 🇫🇷',
          eventId: `${clusterId}#${link.linkName}#1#0`,
          linkName: link.linkName,
          clusterLinkId: link.clusterLinkId,
          type: 'LINK_ADDED',
          observedAt: window.at(0),
          from: null,
          to: null,
          topicsAdded: ['commandes', '注文'],
          topicsRemoved: [],
          previousSince: '2024-04-30T23:59:59.999Z',
          link,
          detail: null,
          notification: 'NOT_NOTIFIED',
        });

        // Act
        await store().commitLink({
          clusterId,
          linkName: link.linkName,
          expectedVersion: null,
          next: snapshot,
          events: [event],
        });

        // Assess
        expect((await store().readClusterState(clusterId)).links).toEqual([snapshot]);
        expect(
          await readAll((page) =>
            store().linkHistory({ clusterId, linkName: link.linkName, ...window.range(0, 0), ...page }),
          ),
        ).toEqual([event]);
      });

      it('round-trips since when mirror topics or tasks are unhealthy, and its clearing', async () => {
        // Prepare
        const clusterId = aClusterId('lkc-parts');
        const link = aRichLink();
        const unhealthy = aSnapshot(clusterId, {
          link,
          version: 1,
          lastRemindedAt: '2024-05-01T14:00:00.000Z',
          partsUnhealthySince: '2024-05-01T10:00:00.123Z',
        });
        const { partsUnhealthySince: _cleared, ...recovered } = { ...unhealthy, version: 2 };

        // Act
        await store().commitLink({
          clusterId,
          linkName: link.linkName,
          expectedVersion: null,
          next: unhealthy,
          events: [],
        });
        const first = (await store().readClusterState(clusterId)).links;
        await store().commitLink({
          clusterId,
          linkName: link.linkName,
          expectedVersion: 1,
          next: recovered,
          events: [],
        });
        const second = (await store().readClusterState(clusterId)).links;

        // Assess
        expect(first).toEqual([unhealthy]);
        expect(second).toEqual([recovered]);
      });
    });

    describe('commitCluster', () => {
      it('creates the record and records its cluster-level events', async () => {
        // Prepare
        const clusterId = aClusterId();
        const window = aTimeWindow();
        const record = aClusterRecord(clusterId, {
          consecutiveFailures: 3,
          failingSince: window.at(0),
          lastError: 'HTTP 503 from Kafka REST',
          unreachableNotified: true,
        });
        const unreachable = anEvent({ clusterId, linkName: null, observedAt: window.at(0) });

        // Act
        const outcome = await store().commitCluster({
          clusterId,
          expectedVersion: null,
          next: record,
          events: [unreachable],
        });

        // Assess
        expect(outcome).toBe('committed');
        expect(await store().readClusterState(clusterId)).toMatchObject({ cluster: record, links: [] });
        expect(
          await readAll((page) => store().clusterHistory({ clusterId, ...window.range(0, 0), ...page })),
        ).toEqual([unreachable]);
      });

      it('updates the record when expectedVersion is the stored version', async () => {
        // Prepare
        const clusterId = aClusterId();
        await store().commitCluster({
          clusterId,
          expectedVersion: null,
          next: aClusterRecord(clusterId),
          events: [],
        });
        const failing = aClusterRecord(clusterId, {
          version: 2,
          consecutiveFailures: 1,
          lastError: 'timeout',
        });

        // Act
        const outcome = await store().commitCluster({
          clusterId,
          expectedVersion: 1,
          next: failing,
          events: [],
        });

        // Assess
        expect(outcome).toBe('committed');
        expect((await store().readClusterState(clusterId)).cluster).toEqual(failing);
      });

      it('keeps the listing entries a record says were refused, and forgets them once a record without any replaces it', async () => {
        // Prepare
        const clusterId = aClusterId();
        const refused = aClusterRecord(clusterId, {
          refusedEntries: {
            count: 2,
            since: '2025-06-02T12:00:00.000Z',
            entries: [
              { linkName: null, problem: 'data[1].link_name: Too small' },
              { linkName: 'payments-dr', problem: 'data[2].cluster_link_id: Required' },
            ],
          },
        });
        await store().commitCluster({ clusterId, expectedVersion: null, next: refused, events: [] });
        const read = (await store().readClusterState(clusterId)).cluster;

        // Act
        const whole = aClusterRecord(clusterId, { version: 2 });
        await store().commitCluster({ clusterId, expectedVersion: 1, next: whole, events: [] });

        // Assess
        expect(read).toEqual(refused);
        expect((await store().readClusterState(clusterId)).cluster).toEqual(whole);
        expect(await store().listClusters()).toContainEqual(whole);
      });

      it('returns conflict and writes nothing when expectedVersion is stale or null for an existing record', async () => {
        // Prepare
        const clusterId = aClusterId();
        const record = aClusterRecord(clusterId, { version: 2 });
        await store().commitCluster({ clusterId, expectedVersion: null, next: record, events: [] });

        // Act
        const stale = await store().commitCluster({
          clusterId,
          expectedVersion: 1,
          next: aClusterRecord(clusterId, { version: 2, consecutiveFailures: 1 }),
          events: [anEvent({ clusterId, linkName: null })],
        });
        const fresh = await store().commitCluster({
          clusterId,
          expectedVersion: null,
          next: aClusterRecord(clusterId, { consecutiveFailures: 5 }),
          events: [anEvent({ clusterId, linkName: null })],
        });

        // Assess
        expect(stale).toBe('conflict');
        expect(fresh).toBe('conflict');
        expect((await store().readClusterState(clusterId)).cluster).toEqual(record);
        expect(await store().pendingEvents(clusterId)).toEqual([]);
      });

      it('returns conflict when expectedVersion is a number but no record exists', async () => {
        const clusterId = aClusterId();

        const outcome = await store().commitCluster({
          clusterId,
          expectedVersion: 1,
          next: aClusterRecord(clusterId, { version: 2 }),
          events: [],
        });

        expect(outcome).toBe('conflict');
        expect((await store().readClusterState(clusterId)).cluster).toBeNull();
      });
    });

    describe('listClusters', () => {
      it('lists every cluster with a record, each at its latest version', async () => {
        // Prepare
        const first = aClusterId();
        const second = aClusterId();
        const withoutRecord = aClusterId();
        await store().commitCluster({
          clusterId: first,
          expectedVersion: null,
          next: aClusterRecord(first),
          events: [],
        });
        const firstLatest = aClusterRecord(first, {
          version: 2,
          consecutiveFailures: 2,
          lastError: 'HTTP 500',
        });
        await store().commitCluster({ clusterId: first, expectedVersion: 1, next: firstLatest, events: [] });
        const secondRecord = aClusterRecord(second, { clusterLabel: 'Zürich ☁' });
        await store().commitCluster({
          clusterId: second,
          expectedVersion: null,
          next: secondRecord,
          events: [],
        });
        await store().commitLink({
          clusterId: withoutRecord,
          linkName: 'link-a',
          expectedVersion: null,
          next: aSnapshot(withoutRecord),
          events: [],
        });

        // Act
        const clusters = await store().listClusters();

        // Assess: the store may hold other cases' clusters too
        const ours = clusters.filter((c) => [first, second, withoutRecord].includes(c.clusterId));
        expect([...ours].sort((a, b) => (a.clusterId < b.clusterId ? -1 : 1))).toEqual(
          [firstLatest, secondRecord].sort((a, b) => (a.clusterId < b.clusterId ? -1 : 1)),
        );
      });
    });

    describe('outbox', () => {
      it("returns only the cluster's PENDING events, oldest first", async () => {
        // Prepare
        const clusterId = aClusterId();
        const other = aClusterId();
        const window = aTimeWindow();
        const late = anEvent({ clusterId, linkName: 'link-b', observedAt: window.at(30) });
        const early = anEvent({ clusterId, linkName: 'link-a', observedAt: window.at(10) });
        const middle = anEvent({ clusterId, linkName: null, observedAt: window.at(20) });
        const held = anEvent({
          clusterId,
          linkName: 'link-c',
          observedAt: window.at(15),
          notification: 'NOT_NOTIFIED',
        });
        const elsewhere = anEvent({ clusterId: other, observedAt: window.at(12) });

        // Act: committed out of time order on purpose
        await recordEvents(store(), [late, early, middle, held, elsewhere]);
        const pending = await store().pendingEvents(clusterId);

        // Assess
        expect(pending).toEqual([early, middle, late]);
      });

      it('marks events sent: no longer pending, SENT in history', async () => {
        // Prepare
        const clusterId = aClusterId();
        const window = aTimeWindow();
        const first = anEvent({ clusterId, linkName: 'link-a', observedAt: window.at(1) });
        const second = anEvent({ clusterId, linkName: 'link-b', observedAt: window.at(2) });
        await recordEvents(store(), [first, second]);

        // Act
        await store().markSent([{ clusterId, eventId: first.eventId }]);

        // Assess
        expect(await store().pendingEvents(clusterId)).toEqual([second]);
        const history = await readAll((page) =>
          store().clusterHistory({ clusterId, ...window.range(0, 5), ...page }),
        );
        expect(history).toEqual([second, { ...first, notification: 'SENT' }]);
      });

      it('accepts marking the same events sent twice', async () => {
        // Prepare
        const clusterId = aClusterId();
        const window = aTimeWindow();
        const event = anEvent({ clusterId, observedAt: window.at(1) });
        await recordEvents(store(), [event]);
        const sent = [{ clusterId, eventId: event.eventId }];

        // Act
        await store().markSent(sent);
        await store().markSent(sent);

        // Assess
        expect(await store().pendingEvents(clusterId)).toEqual([]);
        expect(
          await readAll((page) => store().clusterHistory({ clusterId, ...window.range(0, 5), ...page })),
        ).toEqual([{ ...event, notification: 'SENT' }]);
      });

      it('promotes held events to PENDING with markPending', async () => {
        // Prepare
        const clusterId = aClusterId();
        const window = aTimeWindow();
        const held = anEvent({ clusterId, observedAt: window.at(1), notification: 'NOT_NOTIFIED' });
        const stillHeld = anEvent({
          clusterId,
          linkName: 'link-b',
          observedAt: window.at(2),
          notification: 'NOT_NOTIFIED',
        });
        await recordEvents(store(), [held, stillHeld]);
        expect(await store().pendingEvents(clusterId)).toEqual([]);

        // Act
        await store().markPending([{ clusterId, eventId: held.eventId }]);

        // Assess
        expect(await store().pendingEvents(clusterId)).toEqual([{ ...held, notification: 'PENDING' }]);
      });

      it('never turns a SENT event back into PENDING', async () => {
        // Prepare
        const clusterId = aClusterId();
        const event = anEvent({ clusterId });
        await recordEvents(store(), [event]);
        await store().markSent([{ clusterId, eventId: event.eventId }]);

        // Act
        await store().markPending([{ clusterId, eventId: event.eventId }]);

        // Assess
        expect(await store().pendingEvents(clusterId)).toEqual([]);
      });

      it('treats empty lists as no-ops', async () => {
        const clusterId = aClusterId();
        const event = anEvent({ clusterId });
        await recordEvents(store(), [event]);

        await store().markSent([]);
        await store().markPending([]);

        expect(await store().pendingEvents(clusterId)).toEqual([event]);
      });
    });

    describe('outbox emptiness, read with the state', () => {
      const claim = (clusterId: string, claimant: string, now: string, claimUntil: string) =>
        store().claimPendingEvents({ clusterId, claimant, now, claimUntil });
      const outboxEmpty = async (clusterId: string) =>
        (await store().readClusterState(clusterId)).outboxEmpty;

      it('says the outbox holds something once an event is recorded pending, not for held events', async () => {
        // Prepare
        const clusterId = aClusterId();
        const heldOnly = aClusterId();
        await recordEvents(store(), [anEvent({ clusterId })]);
        await recordEvents(store(), [anEvent({ clusterId: heldOnly, notification: 'NOT_NOTIFIED' })]);

        // Act
        const withPending = await outboxEmpty(clusterId);
        const withHeld = await outboxEmpty(heldOnly);

        // Assess
        expect(withPending).toBe(false);
        expect(withHeld).toBe(true);
      });

      it('says it is empty again once the poll that recorded an event sent it and drained the outbox', async () => {
        // Prepare
        const clusterId = aClusterId();
        const window = aTimeWindow();
        const event = anEvent({ clusterId, observedAt: window.at(0) });
        await recordEvents(store(), [event]);
        const claimed = await store().claimPendingEvents({
          clusterId,
          claimant: 'poll-1',
          now: window.at(10),
          claimUntil: window.at(11),
          justCommitted: [event],
        });
        await store().markSent(claimed);

        // Act
        await store().outboxDrained({ clusterId, claimant: 'poll-1' });

        // Assess
        expect(claimed).toEqual([event]);
        expect(await outboxEmpty(clusterId)).toBe(true);
      });

      it("says it is empty again, at the latest, once a later poll also found another poll's event gone", async () => {
        // Prepare: an event another poll recorded, found and sent by this one.
        const clusterId = aClusterId();
        const window = aTimeWindow();
        const event = anEvent({ clusterId, observedAt: window.at(0) });
        await recordEvents(store(), [event]);
        const claimed = await claim(clusterId, 'poll-1', window.at(10), window.at(11));
        await store().markSent(claimed);
        await store().outboxDrained({ clusterId, claimant: 'poll-1' });

        // Act
        const later = await claim(clusterId, 'poll-2', window.at(11), window.at(12));
        await store().outboxDrained({ clusterId, claimant: 'poll-2' });

        // Assess
        expect(claimed).toEqual([event]);
        expect(later).toEqual([]);
        expect(await outboxEmpty(clusterId)).toBe(true);
      });

      it('keeps saying it holds something when an event became pending after the claim', async () => {
        // Prepare
        const clusterId = aClusterId();
        const window = aTimeWindow();
        const first = anEvent({ clusterId, linkName: 'link-a', observedAt: window.at(0) });
        const later = anEvent({
          clusterId,
          linkName: 'link-b',
          observedAt: window.at(1),
          notification: 'NOT_NOTIFIED',
        });
        await recordEvents(store(), [first, later]);
        const claimed = await claim(clusterId, 'poll-1', window.at(10), window.at(11));
        await store().markPending([later]);
        await store().markSent(claimed);

        // Act
        await store().outboxDrained({ clusterId, claimant: 'poll-1' });

        // Assess
        expect(await outboxEmpty(clusterId)).toBe(false);
        expect(await store().pendingEvents(clusterId)).toEqual([{ ...later, notification: 'PENDING' }]);
      });

      it('keeps saying it holds something while another claimant holds an event', async () => {
        // Prepare
        const clusterId = aClusterId();
        const window = aTimeWindow();
        const event = anEvent({ clusterId, observedAt: window.at(0) });
        await recordEvents(store(), [event]);
        await claim(clusterId, 'crashed-poll', window.at(10), window.at(12));

        // Act
        const seen = await claim(clusterId, 'poll-2', window.at(11), window.at(12));
        await store().outboxDrained({ clusterId, claimant: 'poll-2' });

        // Assess
        expect(seen).toEqual([]);
        expect(await outboxEmpty(clusterId)).toBe(false);
      });

      it('keeps saying it holds something after a released claim, and for a claimant that did not claim', async () => {
        // Prepare
        const clusterId = aClusterId();
        const window = aTimeWindow();
        const event = anEvent({ clusterId, observedAt: window.at(0) });
        await recordEvents(store(), [event]);
        await claim(clusterId, 'poll-1', window.at(10), window.at(11));

        // Act
        await store().releaseClaim([event], 'poll-1');
        await store().outboxDrained({ clusterId, claimant: 'poll-1' });
        await store().outboxDrained({ clusterId, claimant: 'never-claimed' });

        // Assess
        expect(await outboxEmpty(clusterId)).toBe(false);
      });

      it('keeps saying it holds something after a recorded publish failure, and is empty once the event is quarantined', async () => {
        // Prepare
        const clusterId = aClusterId();
        const window = aTimeWindow();
        const event = anEvent({ clusterId, observedAt: window.at(0) });
        await recordEvents(store(), [event]);
        await claim(clusterId, 'poll-1', window.at(10), window.at(11));

        // Act
        await store().recordPublishFailure([event], 'poll-1');
        await store().outboxDrained({ clusterId, claimant: 'poll-1' });
        const afterFailure = await outboxEmpty(clusterId);
        await claim(clusterId, 'poll-2', window.at(20), window.at(21));
        await store().quarantine([event], { reason: 'refused for good', at: window.at(20) });
        await store().outboxDrained({ clusterId, claimant: 'poll-2' });
        await claim(clusterId, 'poll-3', window.at(30), window.at(31));
        await store().outboxDrained({ clusterId, claimant: 'poll-3' });

        // Assess
        expect(afterFailure).toBe(false);
        expect(await outboxEmpty(clusterId)).toBe(true);
      });
    });

    describe('outbox claims', () => {
      const claim = (clusterId: string, claimant: string, now: string, claimUntil: string) =>
        store().claimPendingEvents({ clusterId, claimant, now, claimUntil });

      it("claims the cluster's PENDING events oldest first, and only those", async () => {
        // Prepare
        const clusterId = aClusterId();
        const window = aTimeWindow();
        const late = anEvent({ clusterId, linkName: 'link-b', observedAt: window.at(3) });
        const early = anEvent({ clusterId, linkName: 'link-a', observedAt: window.at(1) });
        const held = anEvent({
          clusterId,
          linkName: 'link-c',
          observedAt: window.at(2),
          notification: 'NOT_NOTIFIED',
        });
        const sent = anEvent({ clusterId, linkName: 'link-d', observedAt: window.at(2) });
        const elsewhere = anEvent({ clusterId: aClusterId(), observedAt: window.at(1) });
        await recordEvents(store(), [late, early, held, sent, elsewhere]);
        await store().markSent([sent]);

        // Act
        const claimed = await claim(clusterId, 'poll-1', window.at(10), window.at(11));

        // Assess
        expect(claimed).toEqual([early, late]);
      });

      it('does not hand a claimed event to a second claimant, yet still lists it as pending', async () => {
        // Prepare
        const clusterId = aClusterId();
        const window = aTimeWindow();
        const event = anEvent({ clusterId, observedAt: window.at(0) });
        await recordEvents(store(), [event]);
        await claim(clusterId, 'poll-1', window.at(10), window.at(11));

        // Act
        const second = await claim(clusterId, 'poll-2', window.at(10), window.at(11));

        // Assess
        expect(second).toEqual([]);
        expect(await store().pendingEvents(clusterId)).toEqual([event]);
      });

      it('lets another claimant take events once the claim has expired, and not a moment before', async () => {
        // Prepare
        const clusterId = aClusterId();
        const window = aTimeWindow();
        const event = anEvent({ clusterId, observedAt: window.at(0) });
        await recordEvents(store(), [event]);
        await claim(clusterId, 'crashed-poll', window.at(10), window.at(11));

        // Act
        const atExpiry = await claim(clusterId, 'poll-2', window.at(11), window.at(12));
        const afterExpiry = await claim(clusterId, 'poll-3', window.at(11.5), window.at(12));

        // Assess
        expect(atExpiry).toEqual([]);
        expect(afterExpiry).toEqual([event]);
      });

      it('gives each event to exactly one of two concurrent claimants', async () => {
        // Prepare
        const clusterId = aClusterId();
        const window = aTimeWindow();
        const events = [1, 2, 3, 4].map((minute) =>
          anEvent({ clusterId, linkName: `link-${minute}`, observedAt: window.at(minute) }),
        );
        await recordEvents(store(), events);

        // Act
        const [first, second] = await Promise.all([
          claim(clusterId, 'poll-1', window.at(10), window.at(11)),
          claim(clusterId, 'poll-2', window.at(10), window.at(11)),
        ]);

        // Assess
        expect(ids([...(first ?? []), ...(second ?? [])]).sort()).toEqual(ids(events).sort());
      });

      it("releases only the claimant's own claim, so the next poll can retry at once", async () => {
        // Prepare
        const clusterId = aClusterId();
        const window = aTimeWindow();
        const event = anEvent({ clusterId, observedAt: window.at(0) });
        await recordEvents(store(), [event]);
        await claim(clusterId, 'poll-1', window.at(10), window.at(11));

        // Act
        await store().releaseClaim([event], 'someone-else');
        const whileHeld = await claim(clusterId, 'poll-2', window.at(10), window.at(11));
        await store().releaseClaim([event], 'poll-1');
        const afterRelease = await claim(clusterId, 'poll-2', window.at(10), window.at(11));

        // Assess
        expect(whileHeld).toEqual([]);
        expect(afterRelease).toEqual([event]);
      });

      it('never claims an event once it is marked sent, even after its claim expired', async () => {
        // Prepare
        const clusterId = aClusterId();
        const window = aTimeWindow();
        const event = anEvent({ clusterId, observedAt: window.at(0) });
        await recordEvents(store(), [event]);
        const [claimed] = await claim(clusterId, 'poll-1', window.at(10), window.at(11));
        expect(claimed).toEqual(event);

        // Act
        await store().markSent([event]);

        // Assess
        expect(await claim(clusterId, 'poll-2', window.at(20), window.at(21))).toEqual([]);
        expect(await store().pendingEvents(clusterId)).toEqual([]);
        expect(
          await readAll((page) => store().clusterHistory({ clusterId, ...window.range(0, 0), ...page })),
        ).toEqual([{ ...event, notification: 'SENT' }]);
      });

      it('makes promoted held events claimable', async () => {
        // Prepare
        const clusterId = aClusterId();
        const window = aTimeWindow();
        const held = anEvent({ clusterId, observedAt: window.at(0), notification: 'NOT_NOTIFIED' });
        await recordEvents(store(), [held]);
        expect(await claim(clusterId, 'poll-1', window.at(10), window.at(11))).toEqual([]);

        // Act
        await store().markPending([held]);

        // Assess
        expect(await claim(clusterId, 'poll-2', window.at(10), window.at(11))).toEqual([
          { ...held, notification: 'PENDING' },
        ]);
      });

      it('treats releasing an empty list as a no-op', async () => {
        const clusterId = aClusterId();
        const window = aTimeWindow();
        const event = anEvent({ clusterId, observedAt: window.at(0) });
        await recordEvents(store(), [event]);
        await claim(clusterId, 'poll-1', window.at(10), window.at(11));

        await store().releaseClaim([], 'poll-1');

        expect(await claim(clusterId, 'poll-2', window.at(10), window.at(11))).toEqual([]);
      });
    });

    describe('failed publishes and quarantine', () => {
      const claim = (clusterId: string, claimant: string, now: string, claimUntil: string) =>
        store().claimPendingEvents({ clusterId, claimant, now, claimUntil });

      it('counts a failed attempt and hands the claim back, so the next poll retries at once', async () => {
        // Prepare
        const clusterId = aClusterId();
        const window = aTimeWindow();
        const event = anEvent({ clusterId, observedAt: window.at(0) });
        await recordEvents(store(), [event]);
        await claim(clusterId, 'poll-1', window.at(10), window.at(11));

        // Act
        await store().recordPublishFailure([event], 'someone-else');
        await store().recordPublishFailure([event], 'poll-1');
        const [retried] = await claim(clusterId, 'poll-2', window.at(10), window.at(11));
        await store().recordPublishFailure([event], 'poll-2');

        // Assess
        expect(retried).toEqual({ ...event, publishAttempts: 1 });
        expect(await store().pendingEvents(clusterId)).toEqual([{ ...event, publishAttempts: 2 }]);
      });

      it('takes quarantined events out of the outbox for good and keeps the reason', async () => {
        // Prepare
        const clusterId = aClusterId();
        const window = aTimeWindow();
        const poison = anEvent({ clusterId, linkName: 'link-poison', observedAt: window.at(0) });
        const other = anEvent({ clusterId, linkName: 'link-b', observedAt: window.at(1) });
        await recordEvents(store(), [poison, other]);
        await claim(clusterId, 'poll-1', window.at(10), window.at(11));
        const quarantine = { reason: 'NotificationTooLargeError: cannot fit', at: window.at(10) };

        // Act
        await store().quarantine([poison], quarantine);
        await store().markPending([poison]);
        await store().releaseClaim([other], 'poll-1');

        // Assess
        const given = { ...poison, notification: 'NOT_NOTIFIED', quarantine };
        expect(await store().pendingEvents(clusterId)).toEqual([other]);
        expect(await claim(clusterId, 'poll-2', window.at(20), window.at(21))).toEqual([other]);
        expect(await store().quarantinedEvents(clusterId)).toEqual([given]);
        expect(await store().quarantinedEvents(aClusterId())).toEqual([]);
        expect(
          await readAll((page) =>
            store().linkHistory({ clusterId, linkName: 'link-poison', ...window.range(0, 0), ...page }),
          ),
        ).toEqual([given]);
      });

      it('leaves a sent event sent when asked to quarantine it', async () => {
        const clusterId = aClusterId();
        const window = aTimeWindow();
        const event = anEvent({ clusterId, observedAt: window.at(0) });
        await recordEvents(store(), [event]);
        await store().markSent([event]);

        await store().quarantine([event], { reason: 'late', at: window.at(5) });

        expect(await store().quarantinedEvents(clusterId)).toEqual([]);
      });
    });

    describe('history queries', () => {
      it("linkHistory returns one link's events only, newest first", async () => {
        // Prepare
        const clusterId = aClusterId();
        const window = aTimeWindow();
        const a1 = anEvent({ clusterId, linkName: 'link-a', observedAt: window.at(1) });
        const b1 = anEvent({ clusterId, linkName: 'link-b', observedAt: window.at(2) });
        const a2 = anEvent({ clusterId, linkName: 'link-a', observedAt: window.at(3), severity: 'resolved' });
        const cluster = anEvent({ clusterId, linkName: null, observedAt: window.at(4) });
        await recordEvents(store(), [a1, b1, a2, cluster]);

        // Act
        const history = await readAll((page) =>
          store().linkHistory({ clusterId, linkName: 'link-a', ...window.range(0, 10), ...page }),
        );

        // Assess
        expect(history).toEqual([a2, a1]);
      });

      it('includes events exactly at both bounds and excludes those just outside', async () => {
        // Prepare
        const clusterId = aClusterId();
        const window = aTimeWindow();
        const before = anEvent({ clusterId, observedAt: window.at(9) });
        const atFrom = anEvent({ clusterId, observedAt: window.at(10) });
        const inside = anEvent({ clusterId, observedAt: window.at(15) });
        const atTo = anEvent({ clusterId, observedAt: window.at(20) });
        const after = anEvent({ clusterId, observedAt: window.at(21) });
        await recordEvents(store(), [before, atFrom, inside, atTo, after]);
        const range = window.range(10, 20);

        // Act
        const link = await readAll((page) =>
          store().linkHistory({ clusterId, linkName: 'link-a', ...range, ...page }),
        );
        const cluster = await readAll((page) => store().clusterHistory({ clusterId, ...range, ...page }));
        const severity = await readAll((page) =>
          store().severityHistory({ severity: 'critical', ...range, ...page }),
        );

        // Assess
        expect(link).toEqual([atTo, inside, atFrom]);
        expect(cluster).toEqual([atTo, inside, atFrom]);
        expect(severity).toEqual([atTo, inside, atFrom]);
      });

      it('reads bounds given without milliseconds or with a zone offset as the instants they name', async () => {
        // Prepare
        const clusterId = aClusterId();
        const window = aTimeWindow();
        const before = anEvent({ clusterId, observedAt: window.at(9) });
        const atFrom = anEvent({ clusterId, observedAt: window.at(10) });
        const atTo = anEvent({ clusterId, observedAt: window.at(20) });
        const after = anEvent({ clusterId, observedAt: window.at(21) });
        await recordEvents(store(), [before, atFrom, atTo, after]);
        const plusTwoHours = (iso: string) => {
          const shifted = new Date(Date.parse(iso) + 2 * 3_600_000).toISOString().slice(0, 19);
          return `${shifted}+02:00`;
        };
        // `…T10:10:00Z` and `…T12:20:00+02:00`: the same instants as the events at the bounds.
        const range = { from: window.at(10).replace('.000Z', 'Z'), to: plusTwoHours(window.at(20)) };

        // Act
        const link = await readAll((page) =>
          store().linkHistory({ clusterId, linkName: 'link-a', ...range, ...page }),
        );
        const cluster = await readAll((page) => store().clusterHistory({ clusterId, ...range, ...page }));
        const severity = await readAll((page) =>
          store().severityHistory({ severity: 'critical', ...range, ...page }),
        );

        // Assess
        expect(link).toEqual([atTo, atFrom]);
        expect(cluster).toEqual([atTo, atFrom]);
        expect(severity).toEqual([atTo, atFrom]);
      });

      it("clusterHistory returns all of one cluster's events, link and cluster-level, newest first", async () => {
        // Prepare
        const clusterId = aClusterId();
        const other = aClusterId();
        const window = aTimeWindow();
        const added = anEvent({
          clusterId,
          linkName: 'link-a',
          type: 'LINK_ADDED',
          severity: 'info',
          observedAt: window.at(1),
        });
        const unreachable = anEvent({ clusterId, linkName: null, observedAt: window.at(2) });
        const recovered = anEvent({
          clusterId,
          linkName: null,
          type: 'CLUSTER_RECOVERED',
          severity: 'resolved',
          observedAt: window.at(3),
        });
        const failed = anEvent({ clusterId, linkName: 'link-b', observedAt: window.at(4) });
        const elsewhere = anEvent({ clusterId: other, observedAt: window.at(2) });
        await recordEvents(store(), [added, unreachable, recovered, failed, elsewhere]);

        // Act
        const history = await readAll((page) =>
          store().clusterHistory({ clusterId, ...window.range(0, 10), ...page }),
        );

        // Assess
        expect(history).toEqual([failed, recovered, unreachable, added]);
      });

      it('severityHistory returns one severity across clusters, newest first', async () => {
        // Prepare
        const first = aClusterId();
        const second = aClusterId();
        const window = aTimeWindow();
        const firstCritical = anEvent({ clusterId: first, severity: 'critical', observedAt: window.at(1) });
        const secondCritical = anEvent({ clusterId: second, severity: 'critical', observedAt: window.at(2) });
        const firstWarning = anEvent({
          clusterId: first,
          linkName: 'link-b',
          severity: 'warning',
          observedAt: window.at(3),
        });
        const secondClusterCritical = anEvent({
          clusterId: second,
          linkName: null,
          observedAt: window.at(4),
        });
        const firstResolved = anEvent({ clusterId: first, severity: 'resolved', observedAt: window.at(5) });
        await recordEvents(store(), [
          firstCritical,
          secondCritical,
          firstWarning,
          secondClusterCritical,
          firstResolved,
        ]);
        const severities: Severity[] = ['critical', 'warning', 'resolved', 'info'];

        // Act
        const [critical, warning, resolved, info] = await Promise.all(
          severities.map((severity) =>
            readAll((page) => store().severityHistory({ severity, ...window.range(0, 10), ...page })),
          ),
        );

        // Assess
        expect(critical).toEqual([secondClusterCritical, secondCritical, firstCritical]);
        expect(warning).toEqual([firstWarning]);
        expect(resolved).toEqual([firstResolved]);
        expect(info).toEqual([]);
      });

      it('returns nothing, and no cursor, for a range without events', async () => {
        const clusterId = aClusterId();
        const window = aTimeWindow();
        await recordEvents(store(), [anEvent({ clusterId, observedAt: window.at(5) })]);

        const page = await store().clusterHistory({ clusterId, ...window.range(6, 10), limit: 10 });

        expect(page.items).toEqual([]);
        expect(page.cursor).toBeUndefined();
      });

      describe('paging with limit 2', () => {
        /**
         * Five events of one link, one cluster and one severity, two of them observed by the
         * same poll: every query must page through them exactly once, newest first.
         */
        async function recordFive(): Promise<{
          clusterId: string;
          window: ReturnType<typeof aTimeWindow>;
          expected: HistoryEvent[];
        }> {
          const clusterId = aClusterId();
          const window = aTimeWindow();
          const minutes = [1, 2, 3, 3, 4];
          const events = minutes.map((minute, index) =>
            anEvent({
              clusterId,
              eventId: `${clusterId}#link-a#${index + 1}#0`,
              observedAt: window.at(minute),
              severity: 'warning',
            }),
          );
          await recordEvents(store(), events);
          return { clusterId, window, expected: [...events].reverse() };
        }

        function expectPagedExactlyOnce(pages: Page<HistoryEvent>[], expected: HistoryEvent[]): void {
          for (const page of pages) expect(page.items.length).toBeLessThanOrEqual(2);
          const items = pages.flatMap((page) => page.items);
          expect(items.map((e) => e.observedAt)).toEqual(expected.map((e) => e.observedAt));
          expect(ids(items).sort()).toEqual(ids(expected).sort());
          const byId = new Map(expected.map((e) => [e.eventId, e]));
          for (const item of items) expect(item).toEqual(byId.get(item.eventId));
        }

        it('linkHistory', async () => {
          const { clusterId, window, expected } = await recordFive();

          const pages = await readAllPages(
            (page) => store().linkHistory({ clusterId, linkName: 'link-a', ...window.range(0, 10), ...page }),
            2,
          );

          expect(pages.length).toBeGreaterThanOrEqual(3);
          expectPagedExactlyOnce(pages, expected);
        });

        it('clusterHistory', async () => {
          const { clusterId, window, expected } = await recordFive();

          const pages = await readAllPages(
            (page) => store().clusterHistory({ clusterId, ...window.range(0, 10), ...page }),
            2,
          );

          expect(pages.length).toBeGreaterThanOrEqual(3);
          expectPagedExactlyOnce(pages, expected);
        });

        it('severityHistory', async () => {
          const { window, expected } = await recordFive();

          const pages = await readAllPages(
            (page) => store().severityHistory({ severity: 'warning', ...window.range(0, 10), ...page }),
            2,
          );

          expect(pages.length).toBeGreaterThanOrEqual(3);
          expectPagedExactlyOnce(pages, expected);
        });
      });
    });

    describe('refused input: the port names the error, every store throws it', () => {
      it.each([
        ['0', 0],
        ['negative', -5],
        ['fractional', 1.5],
        ['not a number', Number.NaN],
      ])('refuses a %s limit with InvalidQueryError', async (_, limit) => {
        const window = aTimeWindow();

        const attempt = store().clusterHistory({ clusterId: aClusterId(), ...window.range(0, 10), limit });

        await expect(attempt).rejects.toBeInstanceOf(InvalidQueryError);
        await expect(attempt).rejects.toMatchObject({ operation: 'clusterHistory' });
      });

      it('answers a limit above the largest page in pages of the largest size, not with an error', async () => {
        const clusterId = aClusterId();
        const window = aTimeWindow();
        const event = anEvent({ clusterId, observedAt: window.at(1) });
        await recordEvents(store(), [event]);

        const page = await store().clusterHistory({
          clusterId,
          ...window.range(0, 10),
          limit: MAX_PAGE_LIMIT * 10,
        });

        expect(page).toEqual({ items: [event] });
      });

      it.each([
        ['from', { from: 'yesterday' }],
        ['to', { to: '2024-13-45T99:00:00Z' }],
      ])("refuses a '%s' that is not an ISO-8601 time with InvalidQueryError", async (field, bad) => {
        const window = aTimeWindow();
        const range = { ...window.range(0, 10), ...bad };

        await expect(store().clusterHistory({ clusterId: aClusterId(), ...range })).rejects.toBeInstanceOf(
          InvalidQueryError,
        );
        await expect(
          store().linkHistory({ clusterId: aClusterId(), linkName: 'link-a', ...range }),
        ).rejects.toThrow(field);
        await expect(store().severityHistory({ severity: 'critical', ...range })).rejects.toBeInstanceOf(
          InvalidQueryError,
        );
      });

      it('answers a range whose from is after its to with an empty page', async () => {
        const clusterId = aClusterId();
        const window = aTimeWindow();
        await recordEvents(store(), [anEvent({ clusterId, observedAt: window.at(5) })]);

        const page = await store().clusterHistory({ clusterId, from: window.at(10), to: window.at(0) });

        expect(page).toEqual({ items: [] });
      });

      it.each([
        ['not base64 JSON', 'not-a-cursor!'],
        ['JSON of another shape', Buffer.from('{"x":1}').toString('base64url')],
        ['an empty object', Buffer.from('{}').toString('base64url')],
      ])(
        'refuses a cursor that is %s with InvalidCursorError, a kind of InvalidQueryError',
        async (_, cursor) => {
          const window = aTimeWindow();

          for (const attempt of [
            store().clusterHistory({ clusterId: aClusterId(), ...window.range(0, 10), cursor }),
            store().linkHistory({
              clusterId: aClusterId(),
              linkName: 'link-a',
              ...window.range(0, 10),
              cursor,
            }),
            store().severityHistory({ severity: 'warning', ...window.range(0, 10), cursor }),
          ]) {
            await expect(attempt).rejects.toBeInstanceOf(InvalidCursorError);
            await expect(attempt).rejects.toBeInstanceOf(InvalidQueryError);
          }
        },
      );

      it('refuses an outbox claim whose times are not ISO-8601 with InvalidQueryError', async () => {
        const clusterId = aClusterId();
        const window = aTimeWindow();

        await expect(
          store().claimPendingEvents({ clusterId, claimant: 'poll-1', now: 'now', claimUntil: window.at(1) }),
        ).rejects.toBeInstanceOf(InvalidQueryError);
        await expect(
          store().claimPendingEvents({
            clusterId,
            claimant: 'poll-1',
            now: window.at(0),
            claimUntil: 'soon',
          }),
        ).rejects.toBeInstanceOf(InvalidQueryError);
      });

      it('refuses a link commit whose snapshot names another link or cluster with InvalidCommitError, writing nothing', async () => {
        const clusterId = aClusterId();

        for (const next of [
          aSnapshot(clusterId, { link: aLink({ linkName: 'link-z' }) }),
          aSnapshot(aClusterId()),
        ]) {
          const attempt = store().commitLink({
            clusterId,
            linkName: 'link-a',
            expectedVersion: null,
            next,
            events: [],
          });
          await expect(attempt).rejects.toBeInstanceOf(InvalidCommitError);
          await expect(attempt).rejects.toMatchObject({
            operation: 'commitLink',
            clusterId,
            linkName: 'link-a',
          });
        }
        expect(await store().readClusterState(clusterId)).toEqual({
          cluster: null,
          links: [],
          outboxEmpty: true,
        });
      });

      it('refuses a cluster commit whose record or event belongs to another cluster with InvalidCommitError', async () => {
        const clusterId = aClusterId();
        const other = aClusterId();

        await expect(
          store().commitCluster({
            clusterId,
            expectedVersion: null,
            next: aClusterRecord(other),
            events: [],
          }),
        ).rejects.toBeInstanceOf(InvalidCommitError);
        await expect(
          store().commitCluster({
            clusterId,
            expectedVersion: null,
            next: aClusterRecord(clusterId),
            events: [anEvent({ clusterId: other, linkName: null })],
          }),
        ).rejects.toBeInstanceOf(InvalidCommitError);
        expect(await store().readClusterState(clusterId)).toEqual({
          cluster: null,
          links: [],
          outboxEmpty: true,
        });
        expect(await store().pendingEvents(other)).toEqual([]);
      });

      it('refuses more events than one commit may carry with InvalidCommitError, writing nothing', async () => {
        const clusterId = aClusterId();
        const window = aTimeWindow();
        const events = Array.from({ length: MAX_EVENTS_PER_COMMIT + 1 }, (_, i) =>
          anEvent({ clusterId, eventId: `${clusterId}#link-a#1#${i}`, observedAt: window.at(1) }),
        );

        const attempt = store().commitLink({
          clusterId,
          linkName: 'link-a',
          expectedVersion: null,
          next: aSnapshot(clusterId),
          events,
        });

        await expect(attempt).rejects.toBeInstanceOf(InvalidCommitError);
        await expect(attempt).rejects.toMatchObject({ reasons: ['TooManyEvents'] });
        expect(await store().readClusterState(clusterId)).toEqual({
          cluster: null,
          links: [],
          outboxEmpty: true,
        });
      });

      it('accepts exactly as many events as one commit may carry', async () => {
        const clusterId = aClusterId();
        const window = aTimeWindow();
        const events = Array.from({ length: MAX_EVENTS_PER_COMMIT }, (_, i) =>
          anEvent({ clusterId, eventId: `${clusterId}#link-a#1#${i}`, observedAt: window.at(1) }),
        );

        const outcome = await store().commitLink({
          clusterId,
          linkName: 'link-a',
          expectedVersion: null,
          next: aSnapshot(clusterId),
          events,
        });

        expect(outcome).toBe('committed');
        expect(await store().pendingEvents(clusterId)).toHaveLength(MAX_EVENTS_PER_COMMIT);
      });

      it('makes every refusal a StoreError, so a caller can catch them all without knowing the store', async () => {
        const window = aTimeWindow();

        const errors = await Promise.all([
          store()
            .clusterHistory({ clusterId: aClusterId(), ...window.range(0, 1), limit: 0 })
            .catch((e: unknown) => e),
          store()
            .clusterHistory({ clusterId: aClusterId(), ...window.range(0, 1), cursor: 'x' })
            .catch((e: unknown) => e),
          store()
            .commitCluster({ clusterId: 'a', expectedVersion: null, next: aClusterRecord('b'), events: [] })
            .catch((e: unknown) => e),
        ]);

        for (const error of errors) expect(error).toBeInstanceOf(StoreError);
      });
    });
  });
}
