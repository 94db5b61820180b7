/**
 * The zod schema of the config file. Every field is checked here, including
 * the rules that span fields (unique cluster ids, a poll timeout that fits the
 * schedule), so that a config that parses can be deployed as is.
 */
import { z } from 'zod';
import { MAX_GLOB_LENGTH } from '../../core/control/link-name-glob.js';
import { MAX_WINDOW_MS, type MaintenanceWindow } from '../../core/control/maintenance-window.js';
import type { SilenceMatchers } from '../../core/control/silence.js';
import { isKnownTimeZone, WEEKDAYS, type Weekday } from '../../core/control/zoned-time.js';
import { EVENT_TYPES, type EventType } from '../../core/model/change-events.js';
import { SEVERITIES, type Severity } from '../../core/model/link-model.js';
import { DEFAULT_POLL_SETTINGS } from '../../core/poll/poll-settings.js';
import { describePagingConflict, pagingConflicts } from '../routing/paging-minimum.js';
import { cluster, secretId } from './cluster-schema.js';
import { describeDuration, parseSchedule } from './durations.js';
import { clusterRefs, count, duration, flag, name, typeError } from './field-schemas.js';
import { mirrorLagConfig } from './mirror-lag-config.js';
import type {
  EmailRecipient,
  MetricsLevel,
  MinSeverity,
  MonitorConfig,
  PagerDutyReceiver,
  Route,
  SlackConfig,
  TopicEncryption,
} from './monitor-config.js';
import { METRICS_LEVELS, MIN_SEVERITIES, TOPIC_ENCRYPTIONS } from './monitor-config.js';
import { readinessConfig } from './readiness-config.js';

const MINUTE_MS = 60_000;

/** Lambda's own ceiling. */
const MAX_POLL_TIMEOUT_MS = 15 * MINUTE_MS;
/** Longest schedule: the "poller not run" alarm looks at two intervals and CloudWatch alarms at most one day. */
const MAX_SCHEDULE_MS = 60 * MINUTE_MS;
const DEFAULT_POLL_TIMEOUT_MS = 50_000;

const IAM_PRINCIPAL_ARN = /^arn:aws[a-z-]*:iam::\d{12}:(role|user)\/[\w+=,.@/-]{1,512}$/;
/** A path of secret names: IAM grants it as `secret:PREFIX*`, so it must end where a path segment does. */
const SECRET_PREFIX = /^[A-Za-z0-9_+=.@-][A-Za-z0-9/_+=.@-]{0,498}\/$/;
/** A key ARN: IAM matches a policy's KMS resource against the key's ARN, never against an alias. */
const KMS_KEY_ARN = /^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:key\/[A-Za-z0-9-]{1,128}$/;
const STACK_NAME = /^[A-Za-z][A-Za-z0-9-]{0,127}$/;

const minSeverity = z.enum(MIN_SEVERITIES as [MinSeverity, ...MinSeverity[]], {
  error: `must be one of ${MIN_SEVERITIES.join(', ')}`,
});

const emailAddress = z.email({ error: typeError('must be an email address') });

const emailRecipient = z
  .strictObject({ address: emailAddress, minSeverity: minSeverity.default('info') })
  .transform((r): EmailRecipient => Object.freeze(r));

const slack = z
  .strictObject({
    webhookSecret: secretId('the secret holding the Slack webhook URL'),
    minSeverity: minSeverity.default('info'),
  })
  .transform((s): SlackConfig => Object.freeze(s));

const schedule = z
  .string({ error: typeError('must be a rate such as rate(1 minute) or a duration such as 5m') })
  .transform((text, ctx) => {
    const parsed = parseSchedule(text);
    if ('problem' in parsed) {
      ctx.addIssue({ code: 'custom', message: parsed.problem });
      return z.NEVER;
    }
    if (parsed.intervalMs > MAX_SCHEDULE_MS) {
      ctx.addIssue({ code: 'custom', message: `must be at most ${describeDuration(MAX_SCHEDULE_MS)}` });
      return z.NEVER;
    }
    return parsed;
  });

const eventType = z.enum(EVENT_TYPES as [EventType, ...EventType[]], {
  error: `must be one of ${EVENT_TYPES.join(', ')}`,
});
const severity = z.enum(SEVERITIES as [Severity, ...Severity[]], {
  error: `must be one of ${SEVERITIES.join(', ')}`,
});

/** What a maintenance window silences; the same matchers as `link-monitor silence add`. */
export const silenceMatchers = z
  .strictObject({
    clusters: clusterRefs.optional(),
    linkName: z
      .string({ error: typeError('must be a link-name glob such as orders-*') })
      .min(1, 'must not be empty')
      .max(MAX_GLOB_LENGTH, `must be at most ${MAX_GLOB_LENGTH} characters`)
      .optional(),
    eventTypes: z.array(eventType).min(1, 'must name at least one event type').optional(),
    severities: z.array(severity).min(1, 'must name at least one severity').optional(),
  })
  .transform((m): SilenceMatchers => Object.freeze({ ...m }));

const weekday = z.enum(WEEKDAYS as [Weekday, ...Weekday[]], {
  error: `must be one of ${WEEKDAYS.join(', ')}`,
});

const wallClock = z.string({ error: typeError('must be a time such as 02:30') }).transform((text, ctx) => {
  const match = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(text.trim());
  if (match === null) {
    ctx.addIssue({ code: 'custom', message: 'must be a 24-hour time such as 02:30' });
    return z.NEVER;
  }
  return Object.freeze({ hour: Number(match[1]), minute: Number(match[2]) });
});

const timeZone = z
  .string({ error: typeError('must be an IANA time zone such as Europe/Berlin') })
  .refine(isKnownTimeZone, 'must be an IANA time zone such as Europe/Berlin or UTC');

const maintenanceWindow = z
  .strictObject({
    name,
    days: z
      .array(weekday, { error: typeError('must be a list of days such as [sat, sun]') })
      .min(1, 'must name at least one day'),
    start: wallClock,
    duration: duration({ min: MINUTE_MS, max: MAX_WINDOW_MS }),
    timeZone,
    match: silenceMatchers.default(Object.freeze({})),
    reason: z
      .string({ error: typeError('must say why') })
      .trim()
      .min(1, 'must say why')
      .max(500, 'must be at most 500 characters'),
  })
  .transform(
    (w): MaintenanceWindow =>
      Object.freeze({
        name: w.name,
        days: Object.freeze([...new Set(w.days)]),
        start: w.start,
        durationMs: w.duration,
        timeZone: w.timeZone,
        matchers: w.match,
        reason: w.reason,
      }),
  );

const pagerDutyReceiver = z
  .strictObject({
    routingKeySecret: secretId('the secret holding the PagerDuty Events API v2 routing key'),
    minSeverity: z
      .enum(['critical', 'warning'], { error: 'must be critical or warning' })
      .default('critical'),
  })
  .transform((r): PagerDutyReceiver => Object.freeze(r));

const route = z.strictObject({
  name,
  match: z
    .strictObject({ clusters: clusterRefs.optional(), minSeverity: minSeverity.default('info') })
    .default({ minSeverity: 'info' }),
  receivers: z
    .strictObject({
      email: z.array(emailAddress, { error: typeError('must be a list of email addresses') }).default([]),
      slack: z
        .array(secretId('the secret holding a Slack webhook URL'), {
          error: typeError('must be a list of Slack webhook secrets'),
        })
        .default([]),
      pagerDuty: z
        .array(pagerDutyReceiver, { error: typeError('must be a list of { routingKeySecret, minSeverity }') })
        .default([]),
    })
    .refine(
      (r) => r.email.length + r.slack.length + r.pagerDuty.length > 0,
      'must name at least one receiver',
    ),
});

/** The file as written, before the cross-field rules. */
const fileShape = z.strictObject({
  stackName: z
    .string()
    .regex(STACK_NAME, 'must be a CloudFormation stack name: a letter, then letters, digits or "-"')
    .default('ClusterLinkMonitor'),
  clusters: z
    .array(cluster, { error: typeError('must be a list of clusters') })
    .min(1, 'must list at least one cluster'),
  schedule: schedule.default(Object.freeze({ expression: 'rate(1 minute)', intervalMs: MINUTE_MS })),
  pollTimeout: duration({ min: 15_000, max: MAX_POLL_TIMEOUT_MS }).optional(),
  emailRecipients: z
    .array(emailRecipient, { error: typeError('must be a list of { address, minSeverity }') })
    .default([]),
  slack: slack.optional(),
  alarmEmails: z.array(emailAddress, { error: typeError('must be a list of email addresses') }).default([]),
  notificationPublishers: z
    .array(z.string().regex(IAM_PRINCIPAL_ARN, 'must be an IAM role or user ARN'), {
      error: typeError('must be a list of IAM role or user ARNs'),
    })
    .default([]),
  reserveConcurrency: flag.default(false),
  clusterSecretPrefixes: z
    .array(
      z
        .string({ error: typeError('must be a secret name path') })
        .regex(
          SECRET_PREFIX,
          'must be a secret name path ending in "/", such as cluster-link-monitor/clusters/',
        ),
      { error: typeError('must be a list of secret name paths') },
    )
    .max(10, 'must name at most 10 paths')
    .default([]),
  secretKmsKeys: z
    .array(
      z
        .string({ error: typeError('must be a KMS key ARN') })
        .regex(
          KMS_KEY_ARN,
          'must be a KMS key ARN such as arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab (IAM cannot grant a key by its alias)',
        ),
      { error: typeError('must be a list of KMS key ARNs') },
    )
    .max(10, 'must name at most 10 keys')
    .default([]),
  digestThreshold: count(1, 1000).default(DEFAULT_POLL_SETTINGS.digestThreshold),
  reminderInterval: duration({ min: MINUTE_MS, allowZero: true }).default(
    DEFAULT_POLL_SETTINGS.reminderIntervalMs,
  ),
  dampingPolls: count(1, 100).default(DEFAULT_POLL_SETTINGS.dampingPolls),
  unreachableAfterPolls: count(1, 100).default(DEFAULT_POLL_SETTINGS.unreachableAfterPolls),
  historyRetentionDays: count(1, 3650).default(DEFAULT_POLL_SETTINGS.retentionDays),
  notifyTopicChanges: flag.default(DEFAULT_POLL_SETTINGS.notifyTopicChanges),
  notifyMessageChanges: flag.default(DEFAULT_POLL_SETTINGS.notifyMessageChanges),
  concurrency: count(1, 64).default(DEFAULT_POLL_SETTINGS.concurrency),
  mirrorLag: mirrorLagConfig.optional(),
  readiness: readinessConfig.optional(),
  routes: z.array(route, { error: typeError('must be a list of routes') }).default([]),
  maintenanceWindows: z
    .array(maintenanceWindow, { error: typeError('must be a list of maintenance windows') })
    .default([]),
  metricsLevel: z
    .enum(METRICS_LEVELS as [MetricsLevel, ...MetricsLevel[]], {
      error: `must be one of ${METRICS_LEVELS.join(', ')}`,
    })
    .default('monitor'),
  dashboard: flag.default(false),
  topicEncryption: z
    .enum(TOPIC_ENCRYPTIONS as [TopicEncryption, ...TopicEncryption[]], {
      error: `must be one of ${TOPIC_ENCRYPTIONS.join(', ')}`,
    })
    .default('aws-managed'),
});

type FileShape = z.output<typeof fileShape>;

/** The top-level keys a config file may have (the README's table documents each). */
export const CONFIG_FILE_KEYS: readonly string[] = Object.freeze(Object.keys(fileShape.shape));

/** The keys of one entry of `clusters`. */
export const CLUSTER_KEYS: readonly string[] = Object.freeze(Object.keys(cluster.in.shape));

function reportDuplicates<T>(
  items: readonly T[],
  key: (item: T) => string,
  path: (index: number) => PropertyKey[],
  describe: (firstIndex: number) => string,
  ctx: z.RefinementCtx,
): void {
  const seen = new Map<string, number>();
  items.forEach((item, index) => {
    const k = key(item);
    const first = seen.get(k);
    if (first === undefined) seen.set(k, index);
    else ctx.addIssue({ code: 'custom', path: path(index), message: `duplicates ${describe(first)}` });
  });
}

function checkAcrossFields(file: FileShape, ctx: z.RefinementCtx): void {
  reportDuplicates(
    file.clusters,
    (c) => c.clusterId,
    (i) => ['clusters', i, 'clusterId'],
    (i) => `clusters[${i}].clusterId`,
    ctx,
  );
  reportDuplicates(
    file.clusters,
    (c) => c.label.toLowerCase(),
    (i) => ['clusters', i, 'label'],
    (i) => `clusters[${i}].label`,
    ctx,
  );
  reportDuplicates(
    file.emailRecipients,
    (r) => r.address.toLowerCase(),
    (i) => ['emailRecipients', i, 'address'],
    (i) => `emailRecipients[${i}].address`,
    ctx,
  );
  reportDuplicates(
    file.alarmEmails,
    (a) => a.toLowerCase(),
    (i) => ['alarmEmails', i],
    (i) => `alarmEmails[${i}]`,
    ctx,
  );
  reportDuplicates(
    file.routes,
    (r) => r.name.toLowerCase(),
    (i) => ['routes', i, 'name'],
    (i) => `routes[${i}].name`,
    ctx,
  );
  reportDuplicates(
    file.maintenanceWindows,
    (w) => w.name.toLowerCase(),
    (i) => ['maintenanceWindows', i, 'name'],
    (i) => `maintenanceWindows[${i}].name`,
    ctx,
  );
  const known = clusterRefIndex(file);
  // These run even when a field above had an issue, so every value may still be raw input.
  file.routes.forEach((r, i) => {
    r.match?.clusters?.forEach((ref, j) => {
      if (!known.has(ref)) {
        ctx.addIssue({
          code: 'custom',
          path: ['routes', i, 'match', 'clusters', j],
          message: 'names no cluster of this config (give a clusterId or label)',
        });
      }
    });
  });
  file.maintenanceWindows.forEach((w, i) => {
    w.matchers?.clusters?.forEach((ref, j) => {
      if (!known.has(ref)) {
        ctx.addIssue({
          code: 'custom',
          path: ['maintenanceWindows', i, 'match', 'clusters', j],
          message: 'names no cluster of this config (give a clusterId or label)',
        });
      }
    });
  });
  reportPagingConflicts(file, ctx);
  const timeout = file.pollTimeout ?? DEFAULT_POLL_TIMEOUT_MS;
  if (timeout >= file.schedule.intervalMs) {
    ctx.addIssue({
      code: 'custom',
      path: [file.pollTimeout === undefined ? 'schedule' : 'pollTimeout'],
      message: `the poll timeout (${describeDuration(timeout)}) must be shorter than the schedule interval (${describeDuration(file.schedule.intervalMs)}) so that polls never overlap`,
    });
  }
}

/**
 * Routing keys that routes ask to page from two minimums. Here, not among the deploy rules: the
 * file contradicts itself wherever it runs, and the routing cannot build its subscriptions.
 */
function reportPagingConflicts(file: FileShape, ctx: z.RefinementCtx): void {
  const routes = file.routes.map((r) => ({
    name: r.name,
    minSeverity: r.match.minSeverity,
    receivers: r.receivers,
  }));
  for (const conflict of pagingConflicts(routes)) {
    const { routeIndex, receiverIndex } = conflict.conflicting;
    ctx.addIssue({
      code: 'custom',
      path: ['routes', routeIndex, 'receivers', 'pagerDuty', receiverIndex],
      message: describePagingConflict(conflict),
    });
  }
}

/** Cluster id or label to cluster id. */
function clusterRefIndex(file: Pick<FileShape, 'clusters'>): Map<string, string> {
  const index = new Map<string, string>();
  for (const c of file.clusters) {
    index.set(c.clusterId, c.clusterId);
    index.set(c.label, c.clusterId);
  }
  return index;
}

function resolveRoutes(file: FileShape): readonly Route[] {
  const index = clusterRefIndex(file);
  return Object.freeze(
    file.routes.map(
      (r): Route =>
        Object.freeze({
          name: r.name,
          clusterIds:
            r.match.clusters === undefined
              ? null
              : Object.freeze([...new Set(r.match.clusters.map((ref) => index.get(ref) ?? ref))]),
          minSeverity: r.match.minSeverity,
          receivers: Object.freeze({
            email: Object.freeze([...r.receivers.email]),
            slack: Object.freeze([...r.receivers.slack]),
            pagerDuty: Object.freeze([...r.receivers.pagerDuty]),
          }),
        }),
    ),
  );
}

/** Builds the schema; `fileName` is recorded in the result. */
export function monitorConfigSchema(fileName: string) {
  return fileShape.superRefine(checkAcrossFields).transform(
    (file): MonitorConfig =>
      Object.freeze({
        fileName,
        stackName: file.stackName,
        clusters: Object.freeze(file.clusters),
        schedule: file.schedule,
        pollTimeoutMs: file.pollTimeout ?? DEFAULT_POLL_TIMEOUT_MS,
        emailRecipients: Object.freeze(file.emailRecipients),
        slack: file.slack ?? null,
        alarmEmails: Object.freeze(file.alarmEmails),
        notificationPublishers: Object.freeze(file.notificationPublishers),
        reserveConcurrency: file.reserveConcurrency,
        clusterSecretPrefixes: Object.freeze([...new Set(file.clusterSecretPrefixes)]),
        secretKmsKeys: Object.freeze([...new Set(file.secretKmsKeys)]),
        routes: resolveRoutes(file),
        maintenanceWindows: Object.freeze(file.maintenanceWindows),
        metricsLevel: file.metricsLevel,
        dashboard: file.dashboard,
        topicEncryption: file.topicEncryption,
        settings: Object.freeze({
          ...DEFAULT_POLL_SETTINGS,
          concurrency: file.concurrency,
          digestThreshold: file.digestThreshold,
          reminderIntervalMs: file.reminderInterval,
          dampingPolls: file.dampingPolls,
          unreachableAfterPolls: file.unreachableAfterPolls,
          retentionDays: file.historyRetentionDays,
          notifyTopicChanges: file.notifyTopicChanges,
          notifyMessageChanges: file.notifyMessageChanges,
          pollIntervalMs: file.schedule.intervalMs,
          mirrorLag: file.mirrorLag ?? null,
          readiness: file.readiness ?? null,
        }),
      }),
  );
}
