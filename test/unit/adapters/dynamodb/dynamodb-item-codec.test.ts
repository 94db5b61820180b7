import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  CorruptItemError,
  canonicalTime,
  decodeClusterRecord,
  decodeHistoryEvent,
  decodeLinkSnapshot,
  encodeClusterRecord,
  encodeHistoryEvent,
  encodeLinkSnapshot,
  historyTimeKey,
} from '../../../../adapters/dynamodb/dynamodb-item-codec.js';
import type { HistoryEvent } from '../../../../core/model/change-events.js';
import type { ClusterLink } from '../../../../core/model/link-model.js';

const nullable = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: null });
const isoTime = fc
  .integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2100, 0, 1) })
  .map((ms) => new Date(ms).toISOString());

const linkArb: fc.Arbitrary<ClusterLink> = fc.record(
  {
    linkName: fc.string({ minLength: 1 }),
    clusterLinkId: fc.string(),
    linkState: nullable(fc.string()),
    linkError: nullable(fc.string()),
    linkErrorMessage: nullable(fc.string()),
    sourceClusterId: nullable(fc.string()),
    destinationClusterId: nullable(fc.string()),
    remoteClusterId: nullable(fc.string()),
    topicNames: fc.array(fc.string()),
    tasks: fc.array(
      fc.record({
        taskName: fc.string(),
        state: fc.string(),
        errors: fc.array(fc.record({ errorCode: fc.string(), errorMessage: fc.string() })),
      }),
    ),
    categoryCounts: fc.array(fc.record({ stateCategory: fc.string(), count: fc.nat() })),
    mirrorTopics: fc.array(
      fc.record({
        topicName: fc.string({ minLength: 1 }),
        status: fc.string(),
        error: nullable(fc.string()),
        stateTimeMs: nullable(fc.nat()),
        transitionErrors: fc.array(fc.record({ errorCode: fc.string(), errorMessage: fc.string() })),
      }),
    ),
    unreadParts: fc.record({ since: isoTime, mirrorTopics: fc.boolean(), tasks: fc.boolean() }),
  },
  {
    requiredKeys: [
      'linkName',
      'clusterLinkId',
      'linkState',
      'linkError',
      'linkErrorMessage',
      'sourceClusterId',
      'destinationClusterId',
      'remoteClusterId',
      'topicNames',
      'tasks',
      'categoryCounts',
    ],
  },
);

const eventArb: fc.Arbitrary<HistoryEvent> = fc.record(
  {
    eventId: fc.string({ minLength: 1 }),
    clusterId: fc.string({ minLength: 1 }),
    clusterLabel: fc.string(),
    linkName: nullable(fc.string({ minLength: 1 })),
    clusterLinkId: nullable(fc.string()),
    type: fc.constantFrom(
      'LINK_ADDED',
      'LINK_STATE_CHANGED',
      'CLUSTER_UNREACHABLE',
      'TASK_STATE_CHANGED' as const,
    ),
    severity: fc.constantFrom('critical', 'warning', 'info', 'resolved' as const),
    observedAt: isoTime,
    from: nullable(fc.string()),
    to: nullable(fc.string()),
    topicsAdded: fc.array(fc.string()),
    topicsRemoved: fc.array(fc.string()),
    previousSince: nullable(isoTime),
    link: nullable(linkArb),
    detail: nullable(fc.string()),
    notification: fc.constantFrom('PENDING', 'SENT', 'NOT_NOTIFIED' as const),
    expiresAt: fc.nat(),
    part: fc.record({
      kind: fc.constantFrom('mirror-topic', 'task' as const),
      name: fc.string(),
      state: nullable(fc.string()),
      errorCode: nullable(fc.string()),
      errorMessage: nullable(fc.string()),
      stateSince: nullable(isoTime),
    }),
  },
  {
    requiredKeys: [
      'eventId',
      'clusterId',
      'clusterLabel',
      'linkName',
      'clusterLinkId',
      'type',
      'severity',
      'observedAt',
      'from',
      'to',
      'topicsAdded',
      'topicsRemoved',
      'previousSince',
      'link',
      'detail',
      'notification',
      'expiresAt',
    ],
  },
);

describe('DynamoDB item codec', () => {
  it('round-trips any history event exactly', () => {
    fc.assert(
      fc.property(eventArb, (event) => {
        expect(decodeHistoryEvent(encodeHistoryEvent(event))).toEqual(event);
      }),
    );
  });

  it('round-trips any link snapshot exactly', () => {
    fc.assert(
      fc.property(linkArb, fc.nat(), nullable(isoTime), (link, version, since) => {
        const snapshot = {
          clusterId: 'lkc-1',
          link,
          version,
          stateSince: '2024-01-01T00:00:00.000Z',
          unhealthySince: since,
          lastRemindedAt: since,
          pendingCondition: since === null ? null : { key: 'FAILED/null', polls: 2, heldEventIds: ['e1'] },
        };
        expect(decodeLinkSnapshot(encodeLinkSnapshot(snapshot))).toEqual(snapshot);
      }),
    );
  });

  it('round-trips the problems a snapshot says were announced, and writes nothing for none', () => {
    fc.assert(
      fc.property(
        linkArb,
        fc.uniqueArray(fc.string({ minLength: 1 }), { maxLength: 5 }),
        (link, announced) => {
          const snapshot = {
            clusterId: 'lkc-1',
            link,
            version: 3,
            stateSince: '2024-01-01T00:00:00.000Z',
            unhealthySince: null,
            lastRemindedAt: null,
            pendingCondition: null,
            ...(announced.length > 0 && { announced }),
          };
          const item = encodeLinkSnapshot(snapshot);
          expect(item.announced === undefined).toBe(announced.length === 0);
          expect(decodeLinkSnapshot(item)).toEqual(snapshot);
        },
      ),
    );
  });

  it('round-trips a cluster record that has no baseline yet', () => {
    const record = {
      clusterId: 'lkc-1',
      clusterLabel: 'prod',
      version: 2,
      baselineAt: null,
      consecutiveFailures: 3,
      failingSince: '2024-01-01T00:00:00.000Z',
      lastError: 'HTTP 503',
      unreachableNotified: true,
    };
    expect(decodeClusterRecord(encodeClusterRecord(record))).toEqual(record);
  });

  it('round-trips the silence that kept an unreachable cluster quiet', () => {
    const record = {
      clusterId: 'lkc-1',
      clusterLabel: 'prod',
      version: 4,
      baselineAt: '2024-01-01T00:00:00.000Z',
      consecutiveFailures: 3,
      failingSince: '2024-01-02T00:00:00.000Z',
      lastError: 'HTTP 503',
      unreachableNotified: true,
      silencedBy: 's-0a1b2c3d',
    };
    expect(decodeClusterRecord(encodeClusterRecord(record))).toEqual(record);
  });

  it('puts the outbox key only on PENDING events and the link key only on link events', () => {
    fc.assert(
      fc.property(eventArb, (event) => {
        const item = encodeHistoryEvent(event);
        expect(item.pendingClusterId !== undefined).toBe(event.notification === 'PENDING');
        expect(item.linkKey !== undefined).toBe(event.linkName !== null);
      }),
    );
  });

  it('orders time keys like the instants they start with', () => {
    fc.assert(
      fc.property(isoTime, isoTime, (a, b) => {
        const ka = historyTimeKey(a, 'c', 'e');
        const kb = historyTimeKey(b, 'c', 'e');
        const byString = ka < kb ? -1 : ka > kb ? 1 : 0;
        expect(byString).toBe(Math.sign(Date.parse(a) - Date.parse(b)));
      }),
    );
  });

  it('canonicalises equivalent ISO spellings and rejects non-times', () => {
    expect(canonicalTime('2024-05-01T12:00:00+02:00')).toBe('2024-05-01T10:00:00.000Z');
    expect(canonicalTime('not a time')).toBeNull();
  });

  it('names the item and attribute when an item is corrupt', () => {
    const item = encodeClusterRecord({
      clusterId: 'lkc-1',
      clusterLabel: 'prod',
      version: 1,
      baselineAt: null,
      consecutiveFailures: 0,
      failingSince: null,
      lastError: null,
      unreachableNotified: false,
    });
    delete item.version;

    expect(() => decodeClusterRecord(item)).toThrow(CorruptItemError);
    expect(() => decodeClusterRecord(item)).toThrow(
      "snapshot item lkc-1/#CLUSTER has a missing or malformed attribute 'version'",
    );
  });
});
