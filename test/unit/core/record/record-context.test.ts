import { describe, expect, it } from 'vitest';
import { DEFAULT_POLL_SETTINGS } from '../../../../core/poll/poll-settings.js';
import {
  conditionKey,
  eventId,
  expiresAt,
  historyEvent,
  type RecordContext,
} from '../../../../core/record/record-context.js';
import { aLink } from '../../../support/link-fixtures.js';

const NOW = new Date('2026-11-26T08:00:00.750Z');
const NOW_SECONDS = Date.UTC(2026, 10, 26, 8) / 1000;
const CONTEXT: RecordContext = {
  clusterId: 'lkc-prod1',
  clusterLabel: 'prod-eu',
  now: NOW,
  settings: { ...DEFAULT_POLL_SETTINGS, retentionDays: 30 },
};

describe('Function: conditionKey', () => {
  it('joins the state and the error, so that a change of either is a new condition', () => {
    expect(conditionKey({ linkState: 'FAILED', linkError: 'AUTHENTICATION_ERROR' })).toBe(
      'FAILED/AUTHENTICATION_ERROR',
    );
  });

  it('writes a state or error that is not given as a dash', () => {
    expect(conditionKey({ linkState: null, linkError: null })).toBe('-/-');
  });
});

describe('Function: eventId', () => {
  it('names the cluster, the link, the poll, the version and the place of the event', () => {
    expect(eventId('lkc-prod1', 'orders-dr', '2026-11-26T08:00:00.000Z', 3, 1)).toBe(
      'lkc-prod1#orders-dr#2026-11-26T08:00:00.000Z#v3#1',
    );
  });

  it('writes a dash for the link of a cluster event', () => {
    expect(eventId('lkc-prod1', null, '2026-11-26T08:00:00.000Z', 7, 0)).toBe(
      'lkc-prod1#-#2026-11-26T08:00:00.000Z#v7#0',
    );
  });
});

describe('Function: expiresAt', () => {
  it('is the retention period after now, in whole epoch seconds', () => {
    expect(expiresAt(NOW, 30)).toBe(NOW_SECONDS + 30 * 24 * 60 * 60);
  });

  it('drops the part of a second, so that every attempt of one poll writes the same expiry', () => {
    expect(expiresAt(new Date('2026-11-26T08:00:00.999Z'), 0)).toBe(NOW_SECONDS);
  });
});

describe('Function: historyEvent', () => {
  const fields = {
    eventId: 'lkc-prod1#orders-dr#2026-11-26T08:00:00.750Z#v3#0',
    linkName: 'orders-dr',
    type: 'LINK_STATE_CHANGED',
    severity: 'critical',
    from: 'ACTIVE',
    to: 'FAILED',
    topicsAdded: [],
    topicsRemoved: [],
    previousSince: null,
    detail: null,
    notification: 'PENDING',
  } as const;

  it("fills in the cluster, the poll's time, the expiry and the link's id", () => {
    const link = aLink({ linkState: 'FAILED', clusterLinkId: 'cl-42' });

    const event = historyEvent(CONTEXT, { ...fields, link });

    expect(event).toEqual({
      ...fields,
      link,
      clusterId: 'lkc-prod1',
      clusterLabel: 'prod-eu',
      clusterLinkId: 'cl-42',
      observedAt: '2026-11-26T08:00:00.750Z',
      expiresAt: NOW_SECONDS + 30 * 86_400,
    });
  });

  it('has no link id for an event of the cluster itself', () => {
    const event = historyEvent(CONTEXT, {
      ...fields,
      linkName: null,
      type: 'CLUSTER_UNREACHABLE',
      link: null,
    });

    expect(event.clusterLinkId).toBeNull();
  });
});
