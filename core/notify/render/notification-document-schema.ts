/**
 * The zod schema of the notification document (version 1), for readers of it: the Slack
 * notifier validates what SNS delivers with `parseNotificationDocument`, and the JSON Schema in
 * docs/notification-schema.md is generated from it. Apart from `notification-document.ts`, which
 * builds documents, so that a function that only builds them does not carry the schema.
 */
import { SEVERITIES, type Severity } from '../../model/link-model.js';
import { READINESS_VERDICTS, type ReadinessVerdict } from '../../readiness/readiness-reasons.js';
import * as z from '../../zod-mini.js';
import { MAX_READINESS_REASONS, NOTIFICATION_SCHEMA_VERSION } from './notification-document.js';

const severitySchema = z
  .enum(SEVERITIES as [Severity, ...Severity[]])
  .check(z.describe("critical > warning > resolved > info; a notification takes its worst event's severity"));
const nullableText = z.nullable(z.string());
const isoTime = z.string().check(z.describe('ISO-8601 UTC time'));
const count = z.int().check(z.nonnegative());
const seconds = z
  .nullable(count)
  .check(z.describe('Seconds from previousSince to observedAt; null when unknown'));

const partSchema = z.object({
  kind: z.enum(['mirror-topic', 'task', 'config']),
  name: z.string().check(z.describe("mirror_topic_name, task_name, or the config's name")),
  state: nullableText.check(
    z.describe(
      "mirror_status or task state now; null when the mirror topic is no longer listed; for a config, its new value, shortened (null when sensitive or unset: a sensitive config's value is never shown); any string may arrive",
    ),
  ),
  errorCode: nullableText.check(
    z.describe("mirror_topic_error, or the task's first error_code; null = none; any string may arrive"),
  ),
  errorMessage: nullableText.check(
    z.describe(
      "The task's first error_message, or a failed or stuck mirror topic's first state-transition error message, shortened; for a config that switched a sync off, what a failover would lose",
    ),
  ),
  stateSince: nullableText.check(z.describe("A mirror topic's state_time_ms as ISO time; null when unknown")),
  firstThingToCheck: nullableText.check(z.describe('One line on where to look first; null when healthy')),
  lag: z
    .optional(
      z.object({
        messagesBehind: count.check(z.describe('The most messages behind of any partition')),
        threshold: count.check(z.describe('The configured threshold; over it is a breach')),
        worstPartitions: z
          .array(z.object({ partition: count, messagesBehind: count }))
          .check(z.describe('The partitions furthest behind, worst first, at most 3')),
      }),
    )
    .check(
      z.describe('For MIRROR_LAG_HIGH: the lag the check found; absent when the topic is no longer listed'),
    ),
  progress: z
    .optional(
      z.object({
        messagesBehind: count.check(z.describe('The most messages behind of any partition')),
        secondsBehind: z
          .nullable(z.number().check(z.nonnegative()))
          .check(
            z.describe('Estimated seconds behind (lag / fetch rate); null when the rate is unknown or zero'),
          ),
        fetchRate: z
          .nullable(z.number().check(z.nonnegative()))
          .check(
            z.describe(
              "Messages per second fetched between the last two reads by the topic's lagging partitions together (messagesBehind is the worst one's alone); null when unknown",
            ),
          ),
        basisSeconds: z
          .nullable(z.number().check(z.nonnegative()))
          .check(z.describe('Seconds between the two reads the rate comes from; null when unknown')),
        targetSeconds: z
          .nullable(z.number().check(z.nonnegative()))
          .check(z.describe("The link's target time behind; null when it has none")),
        stall: z
          .optional(
            z.object({
              rule: z
                .string()
                .check(
                  z.describe(
                    'fetch-stopped (fetch offsets unmoved) or lag-rising; readers must accept rules they do not know',
                  ),
                ),
              reads: count.check(z.describe('Consecutive reads the rule held over')),
            }),
          )
          .check(z.describe('For a stall: which rule found it')),
        worstPartitions: z
          .array(z.object({ partition: count, messagesBehind: count, fetchOffset: count }))
          .check(z.describe('The partitions furthest behind, worst first, with their fetch offsets')),
      }),
    )
    .check(
      z.describe(
        'For MIRROR_TOPIC_STALLED and MIRROR_BEHIND_TARGET: the figures of the read that found it; absent when the topic is no longer listed',
      ),
    ),
  syncConfig: z
    .optional(z.string())
    .check(
      z.describe('For LINK_SYNC_BROKEN: the config that switched the sync on; absent for a sync always on'),
    ),
  problemType: z
    .optional(z.string())
    .check(
      z.describe(
        "On a reminder (LINK_STILL_UNHEALTHY) only: the problem of the part it reminds of when that is not the part's state: MIRROR_LAG_HIGH, MIRROR_TOPIC_STALLED, MIRROR_BEHIND_TARGET, MIRROR_TRANSITION_STUCK or LINK_SYNC_BROKEN (readers must accept types they do not know); state then says it in words (lagging, stalled, behind its target), or is the stuck PENDING_* status or the broken sync's task state. a PagerDuty receiver updates that problem's alert (.../mirror-topic:orders:stall); absent when the reminder is of the part's state",
      ),
    ),
});

const changeSchema = z.object({
  eventId: z
    .string()
    .check(z.describe('History event id, unique and stable: {clusterId}#{linkName or -}#{version}#{index}')),
  type: z
    .string()
    .check(
      z.describe(
        'LINK_ADDED, LINK_REMOVED, LINK_RECREATED, LINK_STATE_CHANGED, LINK_ERROR_CHANGED, LINK_ERROR_MESSAGE_CHANGED, MIRROR_TOPICS_CHANGED, MIRROR_STATE_COUNTS_CHANGED, MIRROR_TOPIC_STATE_CHANGED, MIRROR_TOPIC_ERROR_CHANGED, TASK_STATE_CHANGED, TASK_ERROR_CHANGED, MIRROR_LAG_HIGH, MIRROR_TOPIC_STALLED, MIRROR_BEHIND_TARGET, MIRROR_TRANSITION_STUCK, LINK_CONFIG_CHANGED, LINK_SYNC_BROKEN, PART_CHANGES_SUMMARISED or LINK_STILL_UNHEALTHY; readers must accept types they do not know',
      ),
    ),
  severity: severitySchema,
  from: nullableText.check(
    z.describe(
      "Before: link_state (null = not reported), link_error (null = no error), link_error_message (shortened), the old cluster_link_id, or for LINK_CONFIG_CHANGED the config's value (shortened; null when sensitive or unset); null for other types",
    ),
  ),
  to: nullableText.check(
    z.describe(
      'After, same meaning as from; for PART_CHANGES_SUMMARISED, how many mirror topics and tasks are now in which condition (`PAUSED 98, task IN_ERROR 1`)',
    ),
  ),
  topicsAdded: z
    .array(z.string())
    .check(z.describe('Mirror topics added (at most 50 names; see topicsAddedCount)')),
  topicsRemoved: z
    .array(z.string())
    .check(z.describe('Mirror topics removed (at most 50 names; see topicsRemovedCount)')),
  topicsAddedCount: count,
  topicsRemovedCount: count,
  previousSince: nullableText.check(
    z.describe(
      'When the previous condition began; for a recovery (severity resolved) or a reminder: when the link became unhealthy',
    ),
  ),
  previousDurationSeconds: seconds,
  firstSeen: z
    .boolean()
    .check(
      z.describe(
        'True for a state or error event of a link the monitor had no record of (a first listing, or a link first seen unhealthy): from is null because nothing was seen before',
      ),
    ),
  description: z.string().check(z.describe('The change in words, e.g. "link_state ACTIVE -> UNAVAILABLE"')),
  durationNote: nullableText.check(z.describe('How long the previous condition lasted, in words')),
  part: z
    .optional(partSchema)
    .check(
      z.describe(
        'The mirror topic, task or config of a part change (MIRROR_TOPIC_*, MIRROR_LAG_HIGH, MIRROR_BEHIND_TARGET, MIRROR_TRANSITION_STUCK, TASK_*, LINK_CONFIG_CHANGED, LINK_SYNC_BROKEN), or the worst part problem a reminder of parts names (see problemType)',
      ),
    ),
});

const readinessSchema = z.object({
  verdict: z
    .enum(READINESS_VERDICTS as [ReadinessVerdict, ...ReadinessVerdict[]])
    .check(
      z.describe(
        'Whether a failover of the link now would work: ready; at risk (it could lose more than it should: a topic behind its time target or over its lag threshold, a sync switched off or failing, a topic not mirroring, reads owed); not ready (it would lose data or fail: the link or a topic failed, a topic stalled or stuck in a transition, a dry run found topics that would not fail over)',
      ),
    ),
  reasons: z
    .array(
      z.object({
        code: z
          .string()
          .check(
            z.describe(
              'LINK_UNHEALTHY, TOPIC_FAILED, TOPIC_STUCK, TOPIC_STALLED, DRY_RUN_FAILED, BEHIND_TARGET, LAG_OVER_THRESHOLD, SYNC_FAILING, SYNC_OFF, TOPIC_NOT_ACTIVE or PARTS_UNREAD; readers must accept codes they do not know',
            ),
          ),
        text: z
          .string()
          .check(
            z.describe(
              'The reason in one line, naming the topic, sync or figures; server text in it shortened like an error message',
            ),
          ),
      }),
    )
    .check(z.describe(`Why, not-ready reasons first, at most ${MAX_READINESS_REASONS}; empty when ready`)),
  omittedReasonCount: count.check(z.describe('Reasons beyond those listed')),
});

const linkSchema = z.object({
  kind: z.enum(['change', 'reminder']),
  severity: severitySchema,
  observedAt: isoTime.check(z.describe('When the poll that saw it ran')),
  linkName: z.string(),
  clusterLinkId: nullableText.check(z.describe('cluster_link_id as last observed')),
  summary: z
    .string()
    .check(z.describe('Headline for this link, e.g. "ACTIVE -> UNAVAILABLE (AUTHENTICATION_ERROR)"')),
  linkState: nullableText.check(
    z.describe('link_state now (for LINK_REMOVED: as last seen); null = not reported; any string may arrive'),
  ),
  linkError: nullableText.check(
    z.describe('link_error now; null = no error (NO_ERROR); any string may arrive'),
  ),
  linkErrorMessage: nullableText.check(
    z.describe('link_error_message, whitespace collapsed, at most 1000 characters plus a note'),
  ),
  linkErrorMessageTruncated: z.boolean(),
  sourceClusterId: nullableText,
  destinationClusterId: nullableText,
  remoteClusterId: nullableText,
  mirrorTopicCount: z.nullable(count),
  mirrorTopicsByState: z
    .optional(z.record(z.string(), count))
    .check(z.describe("The link's category_counts, when reported: how a failed link counts its topics")),
  firstThingToCheck: nullableText.check(z.describe('One line on where to look first; null when healthy')),
  readiness: z
    .optional(readinessSchema)
    .check(
      z.describe(
        "The link's failover readiness as this poll left it (docs/readiness.md), judged from what the poller recorded; present only when the link carries readiness data (readiness is configured), absent for a removed link",
      ),
    ),
  changes: z.array(changeSchema).check(z.describe('The events of this link and poll, in a fixed order')),
});

const clusterEventSchema = z.object({
  eventId: z.string(),
  type: z.string().check(z.describe('CLUSTER_UNREACHABLE or CLUSTER_RECOVERED')),
  severity: severitySchema,
  observedAt: isoTime,
  detail: nullableText.check(z.describe('Why the cluster could not be listed (no credentials), shortened')),
  previousSince: nullableText.check(z.describe('When the failures began')),
  previousDurationSeconds: seconds,
  description: z.string(),
  durationNote: nullableText,
  firstThingToCheck: nullableText,
});

export const notificationDocumentSchema = z
  .object({
    schemaVersion: z
      .literal(NOTIFICATION_SCHEMA_VERSION)
      .check(
        z.describe(
          'Changes only when a field changes meaning or disappears; new fields may appear without it',
        ),
      ),
    kind: z
      .enum(['change', 'digest', 'reminder', 'cluster'])
      .check(
        z.describe(
          'change: one link, one poll; digest: many links of one cluster; reminder: still unhealthy; cluster: cluster-level event',
        ),
      ),
    severity: severitySchema,
    subject: z.string().check(z.describe('The SNS subject: printable ASCII, at most 99 characters')),
    title: z.string().check(z.describe('The subject without the severity tag and without ASCII folding')),
    cluster: z.object({ id: z.string(), label: z.string() }),
    observedAt: isoTime.check(z.describe('The newest observation among the events')),
    linkCount: count.check(z.describe('Link entries this notification covers')),
    omittedLinkCount: count.check(
      z.describe('Entries left out of links to stay under the SNS size limit (least severe first)'),
    ),
    messagePart: z
      .optional(z.object({ index: count, count: count }))
      .check(
        z.describe(
          'Set when a digest too large for one SNS message was split by link: this message is part index of count, each with its own links',
        ),
      ),
    severityCounts: z
      .object({ critical: count, warning: count, resolved: count, info: count })
      .check(z.describe('Link entries per severity, over all linkCount entries')),
    links: z.array(linkSchema).check(z.describe('Worst first; empty for cluster notifications')),
    clusterEvent: z.nullable(clusterEventSchema).check(z.describe('Set for kind cluster, else null')),
  })
  .check(z.describe('cluster-link-monitor notification document'));

/** JSON Schema (draft 2020-12) of the document, as published in docs/notification-schema.md. */
export function notificationDocumentJsonSchema(): unknown {
  // Input mode leaves additionalProperties open: readers must ignore fields they do not know.
  return z.toJSONSchema(notificationDocumentSchema, { io: 'input' });
}

export type NotificationDocument = z.infer<typeof notificationDocumentSchema>;
export type DocumentLink = z.infer<typeof linkSchema>;
export type DocumentChange = z.infer<typeof changeSchema>;
export type DocumentPart = z.infer<typeof partSchema>;
export type DocumentClusterEvent = z.infer<typeof clusterEventSchema>;
export type DocumentReadiness = z.infer<typeof readinessSchema>;

/** Thrown by {@link parseNotificationDocument}; names the first bad field. */
export class InvalidNotificationDocumentError extends Error {
  override readonly name = 'InvalidNotificationDocumentError';
  constructor(
    message: string,
    readonly field: string,
  ) {
    super(message);
  }
}

/**
 * Validates an untrusted value (a parsed SNS message) as a version 1 document.
 * @throws InvalidNotificationDocumentError naming the first bad field.
 */
export function parseNotificationDocument(value: unknown): NotificationDocument {
  const result = notificationDocumentSchema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const field = issue?.path.join('.') || '(root)';
  throw new InvalidNotificationDocumentError(
    `Not a notification document: ${field}: ${issue?.message ?? 'invalid'}`,
    field,
  );
}
