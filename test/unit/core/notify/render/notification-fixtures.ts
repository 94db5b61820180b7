/**
 * Realistic notifications for the renderer tests, the golden files and the
 * examples in docs/notification-schema.md. Each scenario goes through the
 * real planner, as in production.
 */
import type { EventPart, HistoryEvent } from '../../../../../core/model/change-events.js';
import type { ClusterLink, MirrorTopicState } from '../../../../../core/model/link-model.js';
import { unhealthyParts } from '../../../../../core/model/link-parts.js';
import { openPartProblems, remindedPart } from '../../../../../core/model/part-problems.js';
import { planNotifications } from '../../../../../core/notify/plan-notifications.js';
import type { Notification } from '../../../../../core/ports.js';

export const CLUSTER_ID = 'lkc-abc12';
export const CLUSTER_LABEL = 'prod-eu';
export const OBSERVED_AT = '2025-06-03T10:15:00.000Z';

export function aLink(overrides: Partial<ClusterLink> = {}): ClusterLink {
  return {
    linkName: 'orders-dr',
    clusterLinkId: 'qW1s-4xTSEeGz8qVf1iZ3A',
    linkState: 'ACTIVE',
    linkError: null,
    linkErrorMessage: null,
    sourceClusterId: 'lkc-src77',
    destinationClusterId: CLUSTER_ID,
    remoteClusterId: 'lkc-src77',
    topicNames: ['orders', 'orders.dlq', 'payments'],
    tasks: [],
    categoryCounts: [],
    ...overrides,
  };
}

let sequence = 0;

/** A mirror topic part of an event: `orders`, ACTIVE, no error. */
export function aTopicPart(overrides: Partial<EventPart> = {}): EventPart {
  return {
    kind: 'mirror-topic',
    name: 'orders',
    state: 'ACTIVE',
    errorCode: null,
    errorMessage: null,
    stateSince: null,
    ...overrides,
  };
}

/** A task part of an event: `AclSync`, IN_ERROR, no error code. */
export function aTaskPart(overrides: Partial<EventPart> = {}): EventPart {
  return { ...aTopicPart(), kind: 'task', name: 'AclSync', state: 'IN_ERROR', ...overrides };
}

export function anEvent(overrides: Partial<HistoryEvent> = {}): HistoryEvent {
  sequence += 1;
  const linkName = overrides.linkName === undefined ? 'orders-dr' : overrides.linkName;
  return {
    eventId: `${CLUSTER_ID}#${linkName ?? '-'}#${sequence}#0`,
    clusterId: CLUSTER_ID,
    clusterLabel: CLUSTER_LABEL,
    linkName,
    clusterLinkId: linkName === null ? null : 'qW1s-4xTSEeGz8qVf1iZ3A',
    type: 'LINK_STATE_CHANGED',
    severity: 'critical',
    observedAt: OBSERVED_AT,
    from: 'ACTIVE',
    to: 'UNAVAILABLE',
    topicsAdded: [],
    topicsRemoved: [],
    previousSince: '2025-05-31T08:00:00.000Z',
    link: linkName === null ? null : aLink({ linkName }),
    detail: null,
    notification: 'PENDING',
    expiresAt: 1_780_000_000,
    ...overrides,
  };
}

function single(events: HistoryEvent[]): Notification {
  const [notification, ...rest] = planNotifications(events, { digestThreshold: 5 });
  if (notification === undefined || rest.length > 0)
    throw new Error('scenario must plan to one notification');
  return notification;
}

const AUTH_MESSAGE =
  'Authentication failed for the remote cluster lkc-src77: SASL authentication failed: Invalid username or password (API key 4F7Q... not found).';

const unavailableWithAuthError = aLink({
  linkState: 'UNAVAILABLE',
  linkError: 'AUTHENTICATION_ERROR',
  linkErrorMessage: AUTH_MESSAGE,
});

function stateAndError(): Notification {
  return single([
    anEvent({ eventId: `${CLUSTER_ID}#orders-dr#8#0`, link: unavailableWithAuthError }),
    anEvent({
      eventId: `${CLUSTER_ID}#orders-dr#8#1`,
      type: 'LINK_ERROR_CHANGED',
      from: null,
      to: 'AUTHENTICATION_ERROR',
      link: unavailableWithAuthError,
    }),
  ]);
}

function digest(count: number): Notification {
  const errors = ['AUTHENTICATION_ERROR', 'TIMEOUT_ERROR', null] as const;
  const events: HistoryEvent[] = [];
  for (let index = 1; index <= count; index += 1) {
    const linkName = `mirror-${String(index).padStart(4, '0')}`;
    const error = errors[index % errors.length] ?? null;
    if (error === null) {
      events.push(
        anEvent({
          eventId: `${CLUSTER_ID}#${linkName}#3#0`,
          linkName,
          severity: 'resolved',
          from: 'UNAVAILABLE',
          to: 'ACTIVE',
          previousSince: '2025-06-03T08:01:00.000Z',
          link: aLink({ linkName, clusterLinkId: `id-${linkName}` }),
        }),
      );
    } else {
      events.push(
        anEvent({
          eventId: `${CLUSTER_ID}#${linkName}#3#0`,
          linkName,
          link: aLink({
            linkName,
            clusterLinkId: `id-${linkName}`,
            linkState: 'UNAVAILABLE',
            linkError: error,
            linkErrorMessage: `${error} while connecting to lkc-src77 (link ${linkName})`,
          }),
        }),
      );
    }
  }
  const [notification] = planNotifications(events, { digestThreshold: 5 });
  if (notification?.kind !== 'digest') throw new Error('expected a digest');
  return notification;
}

/** A named scenario: what the golden files and the schema document show. */
export interface Scenario {
  readonly name: string;
  readonly notification: Notification;
}

/** Every scenario, built fresh so that tests cannot leak changes into each other. */
export function scenarios(): Scenario[] {
  sequence = 0;
  const longMessage = `org.apache.kafka.common.errors.TimeoutException: Call(callName=describeCluster, deadlineMs=1717400000000) timed out.\n\tat org.apache.kafka.clients.admin.KafkaAdminClient$Call.fail(KafkaAdminClient.java:941)\n${'\tat io.confluent.kafka.link.ClusterLinkFetcherThread.doWork(ClusterLinkFetcherThread.scala:212)\n'.repeat(200)}`;
  return [
    { name: 'state-and-error-change', notification: stateAndError() },
    {
      name: 'link-added',
      notification: single([
        anEvent({ type: 'LINK_ADDED', severity: 'info', from: null, to: null, previousSince: null }),
      ]),
    },
    {
      name: 'link-removed',
      notification: single([anEvent({ type: 'LINK_REMOVED', severity: 'info', from: null, to: null })]),
    },
    {
      name: 'link-recreated',
      notification: single([
        anEvent({
          type: 'LINK_RECREATED',
          severity: 'info',
          from: 'qW1s-4xTSEeGz8qVf1iZ3A',
          to: 'Zr8m-0aQTQmMvJp2kLxY9g',
          previousSince: '2025-04-01T00:00:00.000Z',
          link: aLink({ clusterLinkId: 'Zr8m-0aQTQmMvJp2kLxY9g' }),
        }),
      ]),
    },
    {
      name: 'error-message-changed',
      notification: single([
        anEvent({
          type: 'LINK_ERROR_MESSAGE_CHANGED',
          severity: 'info',
          from: AUTH_MESSAGE,
          to: 'SASL authentication failed: API key revoked.',
          previousSince: '2025-06-03T09:00:00.000Z',
          link: aLink({
            ...unavailableWithAuthError,
            linkErrorMessage: 'SASL authentication failed: API key revoked.',
          }),
        }),
      ]),
    },
    {
      name: 'mirror-topics-changed',
      notification: single([
        anEvent({
          type: 'MIRROR_TOPICS_CHANGED',
          severity: 'info',
          from: null,
          to: null,
          topicsAdded: ['invoices', 'refunds'],
          topicsRemoved: ['orders.dlq'],
          previousSince: null,
          link: aLink({ topicNames: ['invoices', 'orders', 'payments', 'refunds'] }),
        }),
      ]),
    },
    {
      name: 'resolved',
      notification: single([
        anEvent({
          severity: 'resolved',
          from: 'UNAVAILABLE',
          to: 'ACTIVE',
          previousSince: '2025-06-03T08:01:00.000Z',
        }),
        anEvent({
          type: 'LINK_ERROR_CHANGED',
          severity: 'resolved',
          from: 'AUTHENTICATION_ERROR',
          to: null,
          previousSince: '2025-06-03T08:01:00.000Z',
        }),
      ]),
    },
    {
      name: 'reminder',
      notification: single([
        anEvent({
          type: 'LINK_STILL_UNHEALTHY',
          from: null,
          to: null,
          previousSince: '2025-06-03T04:15:00.000Z',
          link: unavailableWithAuthError,
        }),
      ]),
    },
    {
      name: 'cluster-unreachable',
      notification: single([
        anEvent({
          linkName: null,
          type: 'CLUSTER_UNREACHABLE',
          from: null,
          to: null,
          previousSince: '2025-06-03T10:00:00.000Z',
          detail: 'HTTP 401 from Confluent REST (error_code 40101): The API key or secret is invalid',
        }),
      ]),
    },
    {
      name: 'cluster-recovered',
      notification: single([
        anEvent({
          linkName: null,
          type: 'CLUSTER_RECOVERED',
          severity: 'resolved',
          from: null,
          to: null,
          previousSince: '2025-06-03T09:30:00.000Z',
        }),
      ]),
    },
    {
      name: 'unknown-enum-values',
      notification: single([
        anEvent({
          from: 'ACTIVE',
          to: 'DEGRADED',
          severity: 'critical',
          link: aLink({
            linkState: 'DEGRADED',
            linkError: 'QUOTA_EXCEEDED_ERROR',
            linkErrorMessage: 'Quota exceeded',
          }),
        }),
      ]),
    },
    {
      name: 'paused-without-error',
      notification: single([
        anEvent({ from: 'ACTIVE', to: 'PAUSED', severity: 'warning', link: aLink({ linkState: 'PAUSED' }) }),
      ]),
    },
    {
      name: 'very-long-error-message',
      notification: single([
        anEvent({
          type: 'LINK_ERROR_CHANGED',
          from: null,
          to: 'TIMEOUT_ERROR',
          link: aLink({
            linkState: 'UNAVAILABLE',
            linkError: 'TIMEOUT_ERROR',
            linkErrorMessage: longMessage,
          }),
        }),
      ]),
    },
    {
      name: 'non-ascii-names',
      notification: single([
        anEvent({
          clusterLabel: 'prod-münchen 🚀',
          linkName: 'commandes-été-東京',
          from: 'ACTIVE',
          to: 'FAILED',
          link: aLink({ linkName: 'commandes-été-東京', linkState: 'FAILED' }),
        }),
      ]),
    },
    {
      name: 'mirror-topic-failed',
      notification: single([
        anEvent({
          type: 'MIRROR_STATE_COUNTS_CHANGED',
          severity: 'info',
          from: 'ACTIVE 3',
          to: 'ACTIVE 2, IN_ERROR 1',
          previousSince: null,
          link: activeLinkWithFailedTopic,
        }),
        anEvent({
          type: 'MIRROR_TOPIC_STATE_CHANGED',
          severity: 'critical',
          from: null,
          to: 'FAILED',
          previousSince: null,
          link: activeLinkWithFailedTopic,
          part: {
            kind: 'mirror-topic',
            name: 'payments',
            state: 'FAILED',
            errorCode: 'SOURCE_TOPIC_MAY_BE_DELETED',
            errorMessage: 'Topic payments was not found on the source cluster lkc-src77.',
            stateSince: '2025-06-03T10:14:12.000Z',
          },
        }),
      ]),
    },
    {
      name: 'task-in-error',
      notification: single([
        anEvent({
          type: 'TASK_STATE_CHANGED',
          severity: 'warning',
          from: null,
          to: 'IN_ERROR',
          previousSince: null,
          link: aLink({ tasks: [aclSyncInError] }),
          part: {
            kind: 'task',
            name: 'AclSync',
            state: 'IN_ERROR',
            errorCode: 'MISCONFIGURATION_ERROR',
            errorMessage: 'acl.filters could not be parsed: unknown resource type "TOPICS".',
            stateSince: null,
          },
        }),
        anEvent({
          type: 'TASK_ERROR_CHANGED',
          severity: 'warning',
          from: 'AUTHORIZATION_ERROR',
          to: 'ACL_LIMIT_EXCEEDED',
          previousSince: null,
          link: aLink({ tasks: [aclSyncInError] }),
          part: {
            kind: 'task',
            name: 'ConsumerOffsetSync',
            state: 'IN_ERROR',
            errorCode: 'ACL_LIMIT_EXCEEDED',
            errorMessage: 'The destination cluster has reached its limit of 1000 ACLs.',
            stateSince: null,
          },
        }),
      ]),
    },
    {
      name: 'mirror-topic-recovered',
      notification: single([
        anEvent({
          type: 'MIRROR_TOPIC_ERROR_CHANGED',
          severity: 'resolved',
          from: 'UNEXPECTED_TRUNCATION',
          to: null,
          previousSince: null,
          part: {
            kind: 'mirror-topic',
            name: 'orders',
            state: 'ACTIVE',
            errorCode: null,
            errorMessage: null,
            stateSince: null,
          },
        }),
      ]),
    },
    {
      name: 'link-failed-with-topics',
      notification: single([
        anEvent({
          from: 'ACTIVE',
          to: 'FAILED',
          link: aLink({
            linkState: 'FAILED',
            topicNames: Array.from({ length: 50 }, (_, n) => `orders-${n}`),
            categoryCounts: [{ stateCategory: 'IN_ERROR', count: 50 }],
          }),
        }),
      ]),
    },
    {
      // A cluster's first listing (or the baseline laid by `link-monitor check`) finds the link
      // already failing: nothing was seen before, so nothing "changed from" anything.
      name: 'first-seen-unhealthy',
      notification: single([
        anEvent({ from: null, to: 'UNAVAILABLE', previousSince: null, link: unavailableWithAuthError }),
        anEvent({
          type: 'LINK_ERROR_CHANGED',
          from: null,
          to: 'AUTHENTICATION_ERROR',
          previousSince: null,
          link: unavailableWithAuthError,
        }),
      ]),
    },
    {
      // Too long for a subject: the error code and both ends of the link name must survive the cut.
      name: 'long-names-reminder',
      notification: single([
        anEvent({
          clusterLabel: 'payments-platform-disaster-recovery-eu-central',
          linkName: 'payments-ledger-from-primary-datacenter-frankfurt-to-dr',
          type: 'LINK_STILL_UNHEALTHY',
          from: null,
          to: null,
          previousSince: '2025-06-03T06:14:00.000Z',
          link: aLink({
            linkName: 'payments-ledger-from-primary-datacenter-frankfurt-to-dr',
            linkState: 'UNAVAILABLE',
            linkError: 'BOOTSTRAP_TCP_CONNECTION_FAILED_ERROR',
          }),
        }),
      ]),
    },
    { name: 'digest-40-links', notification: digest(40) },
    {
      name: 'mirror-lag-high',
      notification: single([
        anEvent({
          type: 'MIRROR_LAG_HIGH',
          severity: 'warning',
          from: null,
          to: '1250000',
          previousSince: null,
          link: aLink({ laggingTopics: [{ topicName: 'orders', checks: 3, notified: true }] }),
          part: {
            kind: 'mirror-topic',
            name: 'orders',
            state: 'ACTIVE',
            errorCode: null,
            errorMessage: null,
            stateSince: null,
            lag: {
              messagesBehind: 1_250_000,
              threshold: 100_000,
              worstPartitions: [
                { partition: 7, messagesBehind: 1_250_000 },
                { partition: 2, messagesBehind: 310_400 },
                { partition: 0, messagesBehind: 98 },
              ],
            },
          },
        }),
        anEvent({
          type: 'MIRROR_LAG_HIGH',
          severity: 'resolved',
          from: null,
          to: '420',
          previousSince: null,
          link: aLink({ laggingTopics: [{ topicName: 'orders', checks: 3, notified: true }] }),
          part: {
            kind: 'mirror-topic',
            name: 'payments',
            state: 'ACTIVE',
            errorCode: null,
            errorMessage: null,
            stateSince: null,
            lag: {
              messagesBehind: 420,
              threshold: 100_000,
              worstPartitions: [{ partition: 1, messagesBehind: 420 }],
            },
          },
        }),
      ]),
    },
    {
      // The link says ACTIVE; one of its mirror topics has been FAILED for four hours.
      name: 'mirror-topic-still-failed',
      notification: single([
        anEvent({
          type: 'LINK_STILL_UNHEALTHY',
          from: null,
          to: 'ACTIVE',
          previousSince: '2025-06-03T06:15:00.000Z',
          link: activeLinkWithFailedTopic,
          part: failedPaymentsTopic,
        }),
      ]),
    },
    {
      // Four unhealthy parts under an ACTIVE link: the worst three named, the rest counted.
      name: 'parts-still-unhealthy',
      notification: single([
        anEvent({
          type: 'LINK_STILL_UNHEALTHY',
          from: null,
          to: 'ACTIVE',
          previousSince: '2025-06-03T02:15:00.000Z',
          link: linkWithUnhealthyParts,
          // As the poll records it: the worst part, the first named.
          part: unhealthyParts(linkWithUnhealthyParts)[0]?.part,
        }),
      ]),
    },
    {
      // `mirror pause` on 100 of a link's 120 topics, shortened: in a poll, up to 80 topics come
      // one by one before the summary of the rest.
      name: 'parts-summarised',
      notification: single([
        ...[0, 1].map((n) =>
          anEvent({
            type: 'MIRROR_TOPIC_STATE_CHANGED',
            severity: 'warning',
            from: null,
            to: 'PAUSED',
            previousSince: null,
            link: linkWithPausedTopics,
            part: { ...pausedTopic, name: bulkTopic(n) },
          }),
        ),
        anEvent({
          type: 'PART_CHANGES_SUMMARISED',
          severity: 'warning',
          from: null,
          to: 'PAUSED 98',
          previousSince: null,
          link: linkWithPausedTopics,
          detail: `${Array.from({ length: 20 }, (_, n) => bulkTopic(n + 2)).join(', ')} and 78 more`,
        }),
      ]),
    },
    ...readinessScenarios(),
  ];
}

/** Failover readiness: what a failover would lose or could not do, found while the link is ACTIVE. */
function readinessScenarios(): Scenario[] {
  return [
    {
      // The link fetched nothing of orders over three reads while it was 1.25 million messages behind.
      name: 'mirror-topic-stalled',
      notification: single([
        anEvent({
          type: 'MIRROR_TOPIC_STALLED',
          severity: 'critical',
          from: null,
          to: null,
          previousSince: null,
          link: linkWithStalledTopic,
          part: {
            kind: 'mirror-topic',
            name: 'orders',
            state: 'ACTIVE',
            errorCode: null,
            errorMessage: null,
            stateSince: null,
            progress: {
              messagesBehind: 1_250_000,
              secondsBehind: null,
              fetchRate: 0,
              basisSeconds: 60,
              targetSeconds: 300,
              stall: { rule: 'fetch-stopped', reads: 3 },
              worstPartitions: [
                { partition: 7, messagesBehind: 1_250_000, fetchOffset: 88_412_093 },
                { partition: 2, messagesBehind: 310_400, fetchOffset: 91_002_311 },
              ],
            },
          },
        }),
      ]),
    },
    {
      // payments fetches, but more slowly than its source grows; refunds caught up again.
      name: 'mirror-behind-target',
      notification: single([
        anEvent({
          type: 'MIRROR_BEHIND_TARGET',
          severity: 'warning',
          from: null,
          to: null,
          previousSince: null,
          link: linkWithTopicBehind,
          part: {
            kind: 'mirror-topic',
            name: 'payments',
            state: 'ACTIVE',
            errorCode: null,
            errorMessage: null,
            stateSince: null,
            progress: {
              messagesBehind: 1_250_000,
              secondsBehind: 1_500,
              fetchRate: 833.4,
              basisSeconds: 60,
              targetSeconds: 300,
              worstPartitions: [{ partition: 1, messagesBehind: 1_250_000, fetchOffset: 7_730_112 }],
            },
          },
        }),
        anEvent({
          type: 'MIRROR_BEHIND_TARGET',
          severity: 'resolved',
          from: null,
          to: null,
          previousSince: null,
          link: linkWithTopicBehind,
          part: {
            kind: 'mirror-topic',
            name: 'refunds',
            state: 'ACTIVE',
            errorCode: null,
            errorMessage: null,
            stateSince: null,
            progress: {
              messagesBehind: 2_400,
              secondsBehind: 95,
              fetchRate: 25.3,
              basisSeconds: 60,
              targetSeconds: 300,
              worstPartitions: [{ partition: 0, messagesBehind: 2_400, fetchOffset: 120_388 }],
            },
          },
        }),
      ]),
    },
    {
      // A failover of payments has held in PENDING_STOPPED for 12 minutes.
      name: 'mirror-transition-stuck',
      notification: single([
        anEvent({
          type: 'MIRROR_TRANSITION_STUCK',
          severity: 'critical',
          from: null,
          to: 'PENDING_STOPPED',
          previousSince: null,
          link: linkWithStuckTopic,
          part: {
            kind: 'mirror-topic',
            name: 'payments',
            state: 'PENDING_STOPPED',
            errorCode: 'REMOTE_LINK_NOT_AVAILABLE',
            errorMessage:
              'The source cluster lkc-src77 did not answer the request for the final offsets of partition 4.',
            stateSince: '2025-06-03T10:03:00.000Z',
          },
        }),
      ]),
    },
    {
      // Someone switched consumer offset sync off, and changed its interval in the same edit.
      name: 'sync-switched-off',
      notification: single([
        anEvent({
          type: 'LINK_CONFIG_CHANGED',
          severity: 'info',
          from: '30000',
          to: '60000',
          previousSince: null,
          link: linkWithOffsetSyncOff,
          part: configPart('consumer.offset.sync.ms', '60000', null),
        }),
        anEvent({
          type: 'LINK_CONFIG_CHANGED',
          severity: 'warning',
          from: 'true',
          to: 'false',
          previousSince: null,
          link: linkWithOffsetSyncOff,
          part: configPart(
            'consumer.offset.sync.enable',
            'false',
            'consumer offsets are not synced: consumers would reprocess after failover',
          ),
        }),
      ]),
    },
    {
      // Consumer offset sync is on, but its task lacks the permission to read the groups' offsets.
      name: 'sync-broken',
      notification: single([
        anEvent({
          type: 'LINK_SYNC_BROKEN',
          severity: 'warning',
          from: null,
          to: 'IN_ERROR',
          previousSince: null,
          link: linkWithBrokenOffsetSync,
          part: {
            kind: 'task',
            name: 'ConsumerOffsetSync',
            state: 'IN_ERROR',
            errorCode: 'AUTHORIZATION_ERROR',
            errorMessage:
              'Principal User:sa-7x2q1 is not authorized to DESCRIBE consumer groups on lkc-src77.',
            stateSince: null,
            syncConfig: 'consumer.offset.sync.enable',
          },
        }),
      ]),
    },
    {
      // A day on, orders is still stalled and consumer offset sync still broken: the reminder
      // names the stall first (critical), keyed as the stall, then the task and the sync it breaks.
      name: 'readiness-still-unhealthy',
      notification: single([
        anEvent({
          type: 'LINK_STILL_UNHEALTHY',
          from: null,
          to: 'ACTIVE',
          previousSince: '2025-06-02T10:15:00.000Z',
          link: linkStillNotReady,
          // As the poll records it: the worst part problem, the first named.
          part: readinessReminderPart(),
        }),
      ]),
    },
  ];
}

function configPart(name: string, value: string | null, loss: string | null): EventPart {
  return { kind: 'config', name, state: value, errorCode: null, errorMessage: loss, stateSince: null };
}

const linkWithStalledTopic = aLink({
  topicProgress: [
    {
      topicName: 'orders',
      readAtMs: Date.parse('2025-06-03T10:15:00.000Z'),
      partitions: [
        { partition: 7, fetchOffset: 88_412_093, lag: 1_250_000 },
        { partition: 2, fetchOffset: 91_002_311, lag: 310_400 },
      ],
      unmovedReads: 3,
      risingReads: 2,
      secondsBehind: null,
      fetchRate: 0,
      stallNotified: true,
      behindNotified: false,
    },
  ],
});

const linkWithTopicBehind = aLink({
  topicProgress: [
    {
      topicName: 'payments',
      readAtMs: Date.parse('2025-06-03T10:15:00.000Z'),
      partitions: [{ partition: 1, fetchOffset: 7_730_112, lag: 1_250_000 }],
      unmovedReads: 0,
      risingReads: 3,
      secondsBehind: 1_500,
      fetchRate: 833.4,
      stallNotified: false,
      behindNotified: true,
    },
    {
      topicName: 'refunds',
      readAtMs: Date.parse('2025-06-03T10:15:00.000Z'),
      partitions: [{ partition: 0, fetchOffset: 120_388, lag: 2_400 }],
      unmovedReads: 0,
      risingReads: 0,
      secondsBehind: 95,
      fetchRate: 25.3,
      stallNotified: false,
      behindNotified: false,
    },
  ],
});

const linkWithStuckTopic = aLink({
  stuckTopics: [
    {
      topicName: 'payments',
      status: 'PENDING_STOPPED',
      sinceMs: Date.parse('2025-06-03T10:03:00.000Z'),
      transitionErrors: [
        {
          errorCode: 'REMOTE_LINK_NOT_AVAILABLE',
          errorMessage:
            'The source cluster lkc-src77 did not answer the request for the final offsets of partition 4.',
        },
      ],
    },
  ],
});

/**
 * The configs a poll reads of a link with every sync switched on, as the monitor keeps them (in
 * name order, only those it watches), with `changed` in place of the defaults.
 */
function linkConfigs(changed: Record<string, string>): NonNullable<ClusterLink['configs']> {
  const values: Record<string, string> = {
    'acl.sync.enable': 'true',
    'auto.create.mirror.topics.enable': 'true',
    'consumer.offset.sync.enable': 'true',
    'consumer.offset.sync.ms': '30000',
    ...changed,
  };
  return {
    values: Object.keys(values)
      .sort()
      .map((name) => ({ name, value: values[name] ?? null, sensitive: false })),
  };
}

const linkWithOffsetSyncOff = aLink({
  configs: linkConfigs({ 'consumer.offset.sync.enable': 'false', 'consumer.offset.sync.ms': '60000' }),
});

const offsetSyncUnauthorized = {
  taskName: 'ConsumerOffsetSync',
  state: 'IN_ERROR',
  errors: [
    {
      errorCode: 'AUTHORIZATION_ERROR',
      errorMessage: 'Principal User:sa-7x2q1 is not authorized to DESCRIBE consumer groups on lkc-src77.',
    },
  ],
};

const linkWithBrokenOffsetSync = aLink({
  tasks: [offsetSyncUnauthorized],
  configs: linkConfigs({}),
  brokenSyncs: [
    {
      config: 'consumer.offset.sync.enable',
      taskName: 'ConsumerOffsetSync',
      taskState: 'IN_ERROR',
      errorCode: 'AUTHORIZATION_ERROR',
      errorMessage: 'Principal User:sa-7x2q1 is not authorized to DESCRIBE consumer groups on lkc-src77.',
    },
  ],
});

const linkStillNotReady = aLink({
  ...linkWithStalledTopic,
  tasks: linkWithBrokenOffsetSync.tasks,
  ...(linkWithBrokenOffsetSync.configs !== undefined && { configs: linkWithBrokenOffsetSync.configs }),
  ...(linkWithBrokenOffsetSync.brokenSyncs !== undefined && {
    brokenSyncs: linkWithBrokenOffsetSync.brokenSyncs,
  }),
});

function readinessReminderPart(): EventPart {
  const worst = openPartProblems(linkStillNotReady)[0];
  if (worst === undefined) throw new Error('expected a part problem');
  return remindedPart(worst);
}

const activeLinkWithFailedTopic = aLink({
  categoryCounts: [
    { stateCategory: 'ACTIVE', count: 2 },
    { stateCategory: 'IN_ERROR', count: 1 },
  ],
  mirrorTopics: [
    {
      topicName: 'payments',
      status: 'FAILED',
      error: 'SOURCE_TOPIC_MAY_BE_DELETED',
      stateTimeMs: Date.parse('2025-06-03T10:14:12.000Z'),
      transitionErrors: [
        {
          errorCode: 'SOURCE_TOPIC_MAY_BE_DELETED',
          errorMessage: 'Topic payments was not found on the source cluster lkc-src77.',
        },
      ],
    },
  ],
});

function bulkTopic(n: number): string {
  return `orders.${String(n).padStart(3, '0')}`;
}

const linkWithPausedTopics = aLink({
  topicNames: Array.from({ length: 120 }, (_, n) => bulkTopic(n)),
  categoryCounts: [
    { stateCategory: 'ACTIVE', count: 20 },
    { stateCategory: 'PAUSED', count: 100 },
  ],
});

const pausedTopic = {
  kind: 'mirror-topic',
  name: bulkTopic(0),
  state: 'PAUSED',
  errorCode: null,
  errorMessage: null,
  stateSince: '2025-06-03T10:14:40.000Z',
} as const;

const failedPaymentsTopic = {
  kind: 'mirror-topic',
  name: 'payments',
  state: 'FAILED',
  errorCode: 'SOURCE_TOPIC_MAY_BE_DELETED',
  errorMessage: 'Topic payments was not found on the source cluster lkc-src77.',
  stateSince: '2025-06-03T10:14:12.000Z',
} as const;

function failedTopic(topicName: string, error: string): MirrorTopicState {
  return {
    topicName,
    status: 'FAILED',
    error,
    stateTimeMs: Date.parse('2025-06-03T02:14:30.000Z'),
    transitionErrors: [],
  };
}

const linkWithUnhealthyParts = aLink({
  topicNames: ['orders', 'orders.dlq', 'payments', 'refunds'],
  categoryCounts: [
    { stateCategory: 'ACTIVE', count: 1 },
    { stateCategory: 'IN_ERROR', count: 3 },
  ],
  mirrorTopics: [
    failedTopic('orders.dlq', 'SOURCE_PARTITIONS_DECREASED'),
    ...(activeLinkWithFailedTopic.mirrorTopics ?? []),
    failedTopic('refunds', 'SOURCE_TOPIC_MAY_BE_DELETED'),
  ],
  tasks: [
    {
      taskName: 'AclSync',
      state: 'IN_ERROR',
      errors: [
        {
          errorCode: 'MISCONFIGURATION_ERROR',
          errorMessage: 'acl.filters could not be parsed: unknown resource type "TOPICS".',
        },
      ],
    },
  ],
});

const aclSyncInError = {
  taskName: 'AclSync',
  state: 'IN_ERROR',
  errors: [
    {
      errorCode: 'MISCONFIGURATION_ERROR',
      errorMessage: 'acl.filters could not be parsed: unknown resource type "TOPICS".',
    },
  ],
};

/** A digest of `count` links, a third of them resolved. */
export function digestOf(count: number): Notification {
  sequence = 0;
  return digest(count);
}

/** Two links planned with threshold 1: a digest short enough for the documentation. */
export function smallDigest(): Notification {
  sequence = 0;
  const events = [
    anEvent({
      linkName: 'orders-dr',
      link: aLink({ linkState: 'UNAVAILABLE', linkError: 'TIMEOUT_ERROR', linkErrorMessage: 'Timed out' }),
    }),
    anEvent({
      linkName: 'payments-dr',
      severity: 'resolved',
      from: 'PAUSED',
      to: 'ACTIVE',
      previousSince: '2025-06-03T09:40:00.000Z',
      link: aLink({ linkName: 'payments-dr', clusterLinkId: 'Pq7n-2bRS9uTkLmN0vWx1y' }),
    }),
  ];
  const [notification] = planNotifications(events, { digestThreshold: 1 });
  if (notification?.kind !== 'digest') throw new Error('expected a digest');
  return notification;
}
