import { describe, expect, it } from 'vitest';
import type { HistoryEvent } from '../../../../core/model/change-events.js';
import { queryHistory } from '../../../../tools/cli/history-command.js';
import { openSqliteLinkStateStore } from '../../../../tools/sqlite-store/sqlite-link-state-store.js';
import { aLink } from '../../../support/link-fixtures.js';

describe('Function: queryHistory', () => {
  it('reads every page transparently, newest first, and stops at --limit', async () => {
    // Prepare
    const store = openSqliteLinkStateStore({ path: ':memory:' });
    const link = aLink();
    const events: HistoryEvent[] = Array.from({ length: 7 }, (_, i) => ({
      eventId: `lkc-a#orders-dr#1#${i}`,
      clusterId: 'lkc-a',
      clusterLabel: 'prod-eu',
      linkName: 'orders-dr',
      clusterLinkId: link.clusterLinkId,
      type: 'LINK_STATE_CHANGED',
      severity: 'warning',
      observedAt: `2025-06-02T0${i}:00:00.000Z`,
      from: 'ACTIVE',
      to: 'PAUSED',
      topicsAdded: [],
      topicsRemoved: [],
      previousSince: null,
      link,
      detail: null,
      notification: 'SENT',
      expiresAt: 4_102_444_800,
    }));
    await store.commitCluster({
      clusterId: 'lkc-a',
      expectedVersion: null,
      next: {
        clusterId: 'lkc-a',
        clusterLabel: 'prod-eu',
        version: 1,
        baselineAt: '2025-06-01T00:00:00.000Z',
        consecutiveFailures: 0,
        failingSince: null,
        lastError: null,
        unreachableNotified: false,
      },
      events: [],
    });
    await store.commitLink({
      clusterId: 'lkc-a',
      linkName: 'orders-dr',
      expectedVersion: null,
      next: null,
      events,
    });
    const range = { from: '2025-06-01T00:00:00.000Z', to: '2025-06-03T00:00:00.000Z' };

    // Act
    const all = await queryHistory(store, { cluster: 'lkc-a', ...range, pageSize: 2 });
    const limited = await queryHistory(store, {
      cluster: 'lkc-a',
      link: 'orders-dr',
      ...range,
      pageSize: 2,
      limit: 3,
    });
    store.close();

    // Assess
    expect(all.map((e) => e.observedAt.slice(11, 13))).toEqual(['06', '05', '04', '03', '02', '01', '00']);
    expect(limited).toHaveLength(3);
  });
});
