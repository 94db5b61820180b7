/**
 * PagerDuty Events API v2 events for one notification document: `trigger` for
 * an unhealthy condition at or above the receiver's minimum severity,
 * `resolve` when that condition ends. The `dedup_key` names the link and its
 * condition (`link_state`/`link_error`), so repeats and reminders of one
 * condition update one alert, a change to another condition resolves the old
 * one and opens the new one, and recovery resolves it. A mirror topic or task in
 * trouble under a healthy link has an alert of its own, keyed by the link and the
 * part's problem (`partProblemKey`: a mirror topic's lag, stall, time behind target or
 * stuck transition, a broken sync and a sync switched off are conditions of their own): each change or reminder
 * of the part triggers it while the part's severity pages, and resolves it once it
 * does not. Each event comes with the time of what it reports (its entry's or
 * the cluster event's `observedAt`) and what its alert is about, so that the
 * receiver can order events per alert and keep its ledger of the alerts it
 * opened (`reconcile-alerts.ts`). Pure; the routing key is added by the sender.
 */
import { createHash } from 'node:crypto';
import { type EventPart, PART_CONDITION_SUFFIX, partProblemKey } from '../../core/model/change-events.js';
import { conditionSeverity, type Severity } from '../../core/model/link-model.js';
import { partNoun } from '../../core/notify/render/change-phrases.js';
import type { DocumentPart, NotificationDocument } from '../../core/notify/render/notification-document.js';
import { replaceControlCharacters } from '../../core/notify/render/plain-text.js';

type LinkEntry = NotificationDocument['links'][number];

/** Documented limits of the Events API v2 fields. */
const MAX_DEDUP_KEY_CHARS = 255;
const MAX_SUMMARY_CHARS = 1024;
const DEDUP_PREFIX = 'cluster-link-monitor';

export type PagerDutyPageSeverity = 'critical' | 'warning';

export interface PagerDutyEvent {
  readonly event_action: 'trigger' | 'resolve';
  readonly dedup_key: string;
  /** Only on trigger. */
  readonly payload?: {
    readonly summary: string;
    readonly source: string;
    readonly severity: PagerDutyPageSeverity;
    readonly timestamp: string;
    readonly component: string;
    readonly group: string;
    readonly class: string;
    readonly custom_details: Readonly<Record<string, unknown>>;
  };
}

/** What an alert is about: a link's condition, one of its mirror topics or tasks, or the cluster. */
export type AlertKind = 'condition' | 'part' | 'cluster';

/** One event with what ordering it and keeping the ledger need to know of it. */
export interface AlertEvent {
  readonly event: PagerDutyEvent;
  readonly clusterId: string;
  /** Null for the cluster's own alert. */
  readonly linkName: string | null;
  readonly kind: AlertKind;
  /** The time of what it reports: its link entry's `observedAt`, or the cluster event's. */
  readonly observedAt: string;
  /** The index in the document's `links` of the entry it reports; null for the cluster event. */
  readonly entry: number | null;
}

function keyOf(parts: readonly string[]): string {
  const key = [DEDUP_PREFIX, ...parts].join('/');
  if (key.length <= MAX_DEDUP_KEY_CHARS) return key;
  // A very long link name: still one key per link and condition, just not readable.
  return `${DEDUP_PREFIX}/${parts[0] ?? ''}/sha256:${createHash('sha256').update(key).digest('hex')}`.slice(
    0,
    MAX_DEDUP_KEY_CHARS,
  );
}

/** The dedup key of a link's condition. */
export function linkDedupKey(
  clusterId: string,
  linkName: string,
  condition: { readonly linkState: string | null; readonly linkError: string | null },
): string {
  return keyOf([clusterId, linkName, `${condition.linkState ?? '-'}/${condition.linkError ?? '-'}`]);
}

/**
 * The dedup key of a mirror topic's, task's or config's alert: the link and the part's problem, as
 * the record of who heard what names it, so that a condition of its own (a topic's lag, stall,
 * time behind or stuck transition, a broken sync) has an alert of its own. A reminder's part names
 * the problem it reminds of (`problemType`): the reminder updates that problem's alert, which its
 * end resolves.
 */
export function partDedupKey(
  clusterId: string,
  linkName: string,
  part: Pick<EventPart, 'kind' | 'name'> & { readonly problemType?: string | undefined },
  type: string,
): string {
  return keyOf([clusterId, linkName, partProblemKey(part, type)]);
}

export function clusterDedupKey(clusterId: string): string {
  return keyOf([clusterId, 'CLUSTER_UNREACHABLE']);
}

/** The command that shows the history behind an alert, for the responder. */
export function historyCommand(clusterId: string, linkName: string | null): string {
  return linkName === null
    ? `link-monitor history --cluster ${clusterId} --since 24h`
    : `link-monitor history --cluster ${clusterId} --link ${linkName} --since 24h`;
}

function text(value: string, max: number): string {
  const clean = replaceControlCharacters(value, ' ');
  return clean.length <= max ? clean : `${clean.slice(0, max - 1)}…`;
}

function pages(severity: Severity | null, min: PagerDutyPageSeverity): severity is PagerDutyPageSeverity {
  return severity === 'critical' || (severity === 'warning' && min === 'warning');
}

/**
 * Whether a failover of the link would now work, as the document says it (verdict, at most three
 * reasons, the count of the rest), for the responder; nothing when the link carries no readiness data.
 */
function failoverReadiness(entry: LinkEntry): { failover_readiness?: LinkEntry['readiness'] } {
  return entry.readiness === undefined ? {} : { failover_readiness: entry.readiness };
}

/** The link's condition before this notification's changes. */
function previousCondition(entry: LinkEntry): { linkState: string | null; linkError: string | null } | null {
  const state = entry.changes.find((c) => c.type === 'LINK_STATE_CHANGED');
  const error = entry.changes.find((c) => c.type === 'LINK_ERROR_CHANGED');
  if (state === undefined && error === undefined) return null;
  return {
    linkState: state === undefined ? entry.linkState : state.from,
    linkError: error === undefined ? entry.linkError : error.from,
  };
}

/** A link entry's event, as the ledger knows it. */
function ofEntry(
  doc: NotificationDocument,
  entry: LinkEntry,
  index: number,
  kind: 'condition' | 'part',
  event: PagerDutyEvent,
): AlertEvent {
  return {
    event,
    clusterId: doc.cluster.id,
    linkName: entry.linkName,
    kind,
    observedAt: entry.observedAt,
    entry: index,
  };
}

/** Whether the entry reports the link removed: it cannot recover, so nothing of it stays open. */
export function reportsRemoval(entry: LinkEntry): boolean {
  return entry.changes.some((c) => c.type === 'LINK_REMOVED');
}

function linkEvents(
  doc: NotificationDocument,
  entry: LinkEntry,
  index: number,
  min: PagerDutyPageSeverity,
): AlertEvent[] {
  const events: PagerDutyEvent[] = [];
  const current = { linkState: entry.linkState, linkError: entry.linkError };
  const currentKey = linkDedupKey(doc.cluster.id, entry.linkName, current);
  const removed = reportsRemoval(entry);
  const previous = previousCondition(entry);
  if (previous !== null && conditionSeverity(previous) !== null) {
    const previousKey = linkDedupKey(doc.cluster.id, entry.linkName, previous);
    if (previousKey !== currentKey) events.push({ event_action: 'resolve', dedup_key: previousKey });
  }
  const severity = conditionSeverity(current);
  if (removed) {
    // A link that is gone cannot recover: its open alert would otherwise stay open for good.
    if (severity !== null) events.push({ event_action: 'resolve', dedup_key: currentKey });
  } else if (pages(severity, min)) {
    events.push({
      event_action: 'trigger',
      dedup_key: currentKey,
      payload: {
        summary: text(`[${doc.cluster.label}] ${entry.linkName}: ${entry.summary}`, MAX_SUMMARY_CHARS),
        source: `${doc.cluster.label} (${doc.cluster.id})`,
        severity,
        timestamp: entry.observedAt,
        component: entry.linkName,
        group: doc.cluster.label,
        class: entry.changes[0]?.type ?? 'LINK_STILL_UNHEALTHY',
        custom_details: {
          cluster_id: doc.cluster.id,
          cluster_label: doc.cluster.label,
          link_name: entry.linkName,
          cluster_link_id: entry.clusterLinkId,
          link_state: entry.linkState,
          link_error: entry.linkError,
          link_error_message: entry.linkErrorMessage,
          source_cluster_id: entry.sourceClusterId,
          destination_cluster_id: entry.destinationClusterId,
          remote_cluster_id: entry.remoteClusterId,
          mirror_topic_count: entry.mirrorTopicCount,
          changes: entry.changes.map((c) => c.description),
          first_thing_to_check: entry.firstThingToCheck,
          ...failoverReadiness(entry),
          history: historyCommand(doc.cluster.id, entry.linkName),
        },
      },
    });
  }
  return events.map((event) => ofEntry(doc, entry, index, 'condition', event));
}

function clusterEvents(doc: NotificationDocument): AlertEvent[] {
  const event = doc.clusterEvent;
  if (event === null) return [];
  const key = clusterDedupKey(doc.cluster.id);
  const about = (pagerDutyEvent: PagerDutyEvent): AlertEvent[] => [
    {
      event: pagerDutyEvent,
      clusterId: doc.cluster.id,
      linkName: null,
      kind: 'cluster',
      observedAt: event.observedAt,
      entry: null,
    },
  ];
  if (event.type === 'CLUSTER_RECOVERED') return about({ event_action: 'resolve', dedup_key: key });
  if (event.type !== 'CLUSTER_UNREACHABLE') return [];
  return about({
    event_action: 'trigger',
    dedup_key: key,
    payload: {
      summary: text(`[${doc.cluster.label}] ${event.description}`, MAX_SUMMARY_CHARS),
      source: `${doc.cluster.label} (${doc.cluster.id})`,
      severity: 'critical',
      timestamp: event.observedAt,
      component: 'cluster',
      group: doc.cluster.label,
      class: event.type,
      custom_details: {
        cluster_id: doc.cluster.id,
        cluster_label: doc.cluster.label,
        detail: event.detail,
        failing_since: event.previousSince,
        first_thing_to_check: event.firstThingToCheck,
        history: historyCommand(doc.cluster.id, null),
      },
    },
  });
}

/** One event per part the entry's changes name: the last change of a part says where it stands. */
function partEvents(
  doc: NotificationDocument,
  entry: LinkEntry,
  index: number,
  min: PagerDutyPageSeverity,
): AlertEvent[] {
  const latest = new Map<string, { change: LinkEntry['changes'][number]; part: DocumentPart }>();
  for (const change of entry.changes) {
    if (change.part === undefined) continue;
    // News about a condition of its own that neither opens nor ends it (a config changed without
    // switching a sync off or on) must not resolve an alert the condition still holds open.
    if (change.severity === 'info' && Object.hasOwn(PART_CONDITION_SUFFIX, change.type)) continue;
    latest.set(partDedupKey(doc.cluster.id, entry.linkName, change.part, change.type), {
      change,
      part: change.part,
    });
  }
  return [...latest].map(([key, { change, part }]): AlertEvent => {
    if (!pages(change.severity, min)) {
      return ofEntry(doc, entry, index, 'part', { event_action: 'resolve', dedup_key: key });
    }
    const name = `${partNoun(part.kind)} ${part.name}`;
    return ofEntry(doc, entry, index, 'part', {
      event_action: 'trigger',
      dedup_key: key,
      payload: {
        summary: text(`[${doc.cluster.label}] ${entry.linkName}: ${change.description}`, MAX_SUMMARY_CHARS),
        source: `${doc.cluster.label} (${doc.cluster.id})`,
        severity: change.severity,
        timestamp: entry.observedAt,
        component: `${entry.linkName} ${name}`,
        group: doc.cluster.label,
        class: change.type,
        custom_details: {
          cluster_id: doc.cluster.id,
          cluster_label: doc.cluster.label,
          link_name: entry.linkName,
          link_state: entry.linkState,
          part_kind: part.kind,
          part_name: part.name,
          part_state: part.state,
          part_error_code: part.errorCode,
          part_error_message: part.errorMessage,
          ...(part.lag !== undefined && { lag: part.lag }),
          ...(part.progress !== undefined && { progress: part.progress }),
          ...(part.syncConfig !== undefined && { sync_config: part.syncConfig }),
          first_thing_to_check: part.firstThingToCheck,
          ...failoverReadiness(entry),
          history: historyCommand(doc.cluster.id, entry.linkName),
        },
      },
    });
  });
}

/**
 * The events one document calls for, each with its time and alert, in the order to send them
 * (entry by entry, resolves of old conditions first).
 */
export function alertEvents(doc: NotificationDocument, min: PagerDutyPageSeverity): AlertEvent[] {
  if (doc.kind === 'cluster') return clusterEvents(doc);
  return doc.links.flatMap((entry, index) => [
    ...linkEvents(doc, entry, index, min),
    ...partEvents(doc, entry, index, min),
  ]);
}

/** The events one document calls for, as the Events API takes them (without the routing key). */
export function pagerDutyEvents(doc: NotificationDocument, min: PagerDutyPageSeverity): PagerDutyEvent[] {
  return alertEvents(doc, min).map((alert) => alert.event);
}
