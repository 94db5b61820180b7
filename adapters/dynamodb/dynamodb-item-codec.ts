/**
 * Item shapes of the snapshot and history tables: how snapshots, cluster records and history events
 * become DynamoDB attribute maps and back. Null fields are left out of the item (absent = null), which
 * keeps items small and lets the sparse indexes work. See `docs/table-design.md`.
 */

import { gunzipSync, gzipSync } from 'node:zlib';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import type {
  EventPart,
  HistoryEvent,
  NotificationStatus,
  TopicCounts,
} from '../../core/model/change-events.js';
import type { ClusterLink, Severity } from '../../core/model/link-model.js';
import type {
  ClusterRecord,
  LinkSnapshot,
  PendingCondition,
  RefusedEntriesRecord,
} from '../../core/ports.js';
import { canonicalTime } from '../../core/record/store-input.js';

export type Item = Record<string, AttributeValue>;

/** Sort key of the cluster record: `#` sorts before `L`, so the record comes first in a cluster's Query. */
export const CLUSTER_ITEM_KEY = '#CLUSTER';
/**
 * The outbox marker: present in a cluster's snapshot partition while events of the cluster may
 * wait to be published, so that the one Query reading the snapshots also says whether the outbox
 * needs reading. Its `seq` grows with every write that makes an event pending.
 */
export const OUTBOX_ITEM_KEY = '#OUTBOX';
const LINK_ITEM_PREFIX = 'LINK#';
/** Constant partition of the sparse `clusters` index: the number of clusters is small and bounded by config. */
export const CLUSTER_LIST_KEY = 'CLUSTER';

/**
 * Links with thousands of mirror topics can approach DynamoDB's 400 KB item limit as JSON; above this
 * size the link is stored gzip-compressed (topic names compress about tenfold).
 */
const COMPRESS_LINK_ABOVE_BYTES = 32 * 1024;

export class CorruptItemError extends Error {
  override readonly name = 'CorruptItemError';
  constructor(
    readonly table: 'snapshot' | 'history',
    readonly key: string,
    readonly attribute: string,
  ) {
    super(`${table} item ${key} has a missing or malformed attribute '${attribute}'`);
  }
}

/** Attributes of an event whose publishing failed or was given up (see `LinkStateStore.quarantine`). */
export const PUBLISH_ATTEMPTS_ATTRIBUTE = 'publishAttempts';
export const QUARANTINE_REASON_ATTRIBUTE = 'quarantineReason';
export const QUARANTINED_AT_ATTRIBUTE = 'quarantinedAt';

/** Partition of the outbox index holding a cluster's quarantined events, apart from its pending ones. */
export function quarantineIndexKey(clusterId: string): string {
  return `QUARANTINED#${clusterId}`;
}

export function linkItemKey(linkName: string): string {
  return `${LINK_ITEM_PREFIX}${linkName}`;
}

/** Stored times are compared in the port's canonical form. */
export { canonicalTime };

/** Sort key shared by every history index: time first, then ids to make it unique. */
export function historyTimeKey(observedAt: string, clusterId: string, eventId: string): string {
  return `${canonicalTime(observedAt) ?? observedAt}#${clusterId}#${eventId}`;
}

export function linkHistoryKey(clusterId: string, linkName: string): string {
  return `${clusterId}#${linkName}`;
}

/** Month of a canonical ISO time, `YYYY-MM`. */
export function monthOf(canonicalIso: string): string {
  return canonicalIso.slice(0, 7);
}

export function severityBucketKey(severity: Severity, month: string): string {
  return `${severity}#${month}`;
}

const s = (value: string): AttributeValue => ({ S: value });
const n = (value: number): AttributeValue => ({ N: String(value) });

/** Adds `name: {S: value}` unless value is null. */
function optional(item: Item, name: string, value: string | null): void {
  if (value !== null) item[name] = s(value);
}

function encodeLink(item: Item, link: ClusterLink | null): void {
  if (link === null) return;
  const json = JSON.stringify(link);
  if (Buffer.byteLength(json) > COMPRESS_LINK_ABOVE_BYTES) item.linkGz = { B: gzipSync(json) };
  else item.link = s(json);
}

class Reader {
  constructor(
    private readonly item: Item,
    private readonly table: 'snapshot' | 'history',
  ) {}

  private fail(attribute: string): never {
    const key = [this.item.clusterId?.S, this.item.itemKey?.S ?? this.item.eventId?.S].join('/');
    throw new CorruptItemError(this.table, key, attribute);
  }

  str(name: string): string {
    const value = this.item[name]?.S;
    return value ?? this.fail(name);
  }

  optStr(name: string): string | null {
    const value = this.item[name];
    if (value === undefined || value.NULL) return null;
    return value.S ?? this.fail(name);
  }

  num(name: string): number {
    const value = Number(this.item[name]?.N ?? Number.NaN);
    return Number.isFinite(value) ? value : this.fail(name);
  }

  optNum(name: string): number | null {
    return this.item[name] === undefined ? null : this.num(name);
  }

  bool(name: string): boolean {
    const value = this.item[name]?.BOOL;
    return value ?? this.fail(name);
  }

  strList(name: string): string[] {
    const list = this.item[name]?.L;
    if (list === undefined) return [];
    return list.map((v) => v.S ?? this.fail(name));
  }

  json<T>(name: string): T | null {
    const text = this.optStr(name);
    if (text === null) return null;
    try {
      return JSON.parse(text) as T;
    } catch {
      return this.fail(name);
    }
  }

  link(): ClusterLink | null {
    const compressed = this.item.linkGz?.B;
    if (compressed !== undefined) {
      try {
        return JSON.parse(gunzipSync(compressed).toString('utf8')) as ClusterLink;
      } catch {
        return this.fail('linkGz');
      }
    }
    return this.json<ClusterLink>('link');
  }
}

export function encodeLinkSnapshot(snapshot: LinkSnapshot): Item {
  const item: Item = {
    clusterId: s(snapshot.clusterId),
    itemKey: s(linkItemKey(snapshot.link.linkName)),
    kind: s('LINK'),
    linkName: s(snapshot.link.linkName),
    version: n(snapshot.version),
    stateSince: s(snapshot.stateSince),
  };
  optional(item, 'unhealthySince', snapshot.unhealthySince);
  optional(item, 'lastRemindedAt', snapshot.lastRemindedAt);
  if (snapshot.pendingCondition !== null)
    item.pendingCondition = s(JSON.stringify(snapshot.pendingCondition));
  optional(item, 'silencedBy', snapshot.silencedBy ?? null);
  optional(item, 'partsUnhealthySince', snapshot.partsUnhealthySince ?? null);
  if ((snapshot.announced ?? []).length > 0) item.announced = { L: (snapshot.announced ?? []).map(s) };
  encodeLink(item, snapshot.link);
  return item;
}

export function decodeLinkSnapshot(item: Item): LinkSnapshot {
  const r = new Reader(item, 'snapshot');
  const link = r.link();
  if (link === null)
    throw new CorruptItemError('snapshot', `${r.str('clusterId')}/${r.str('itemKey')}`, 'link');
  return {
    clusterId: r.str('clusterId'),
    link,
    version: r.num('version'),
    stateSince: r.str('stateSince'),
    unhealthySince: r.optStr('unhealthySince'),
    lastRemindedAt: r.optStr('lastRemindedAt'),
    pendingCondition: r.json<PendingCondition>('pendingCondition'),
    ...silencedBy(r),
    ...partsUnhealthySince(r),
    ...announced(r),
  };
}

/** Absent unless some problem was heard, as the domain objects are written. */
function announced(r: Reader): { announced?: string[] } {
  const scopes = r.strList('announced');
  return scopes.length === 0 ? {} : { announced: scopes };
}

/** Absent unless set, like `silencedBy`. */
function partsUnhealthySince(r: Reader): { partsUnhealthySince?: string } {
  const since = r.optStr('partsUnhealthySince');
  return since === null ? {} : { partsUnhealthySince: since };
}

/** Absent unless set, as the domain objects are written (so round trips compare equal). */
function silencedBy(r: Reader): { silencedBy?: string } {
  const id = r.optStr('silencedBy');
  return id === null ? {} : { silencedBy: id };
}

export function encodeClusterRecord(record: ClusterRecord): Item {
  const item: Item = {
    clusterId: s(record.clusterId),
    itemKey: s(CLUSTER_ITEM_KEY),
    kind: s('CLUSTER'),
    clusterListKey: s(CLUSTER_LIST_KEY),
    clusterLabel: s(record.clusterLabel),
    version: n(record.version),
    consecutiveFailures: n(record.consecutiveFailures),
    unreachableNotified: { BOOL: record.unreachableNotified },
  };
  optional(item, 'baselineAt', record.baselineAt);
  optional(item, 'failingSince', record.failingSince);
  optional(item, 'lastError', record.lastError);
  optional(item, 'silencedBy', record.silencedBy ?? null);
  if (record.refusedEntries !== undefined) item.refusedEntries = s(JSON.stringify(record.refusedEntries));
  return item;
}

export function decodeClusterRecord(item: Item): ClusterRecord {
  const r = new Reader(item, 'snapshot');
  return {
    clusterId: r.str('clusterId'),
    clusterLabel: r.str('clusterLabel'),
    version: r.num('version'),
    baselineAt: r.optStr('baselineAt'),
    consecutiveFailures: r.num('consecutiveFailures'),
    failingSince: r.optStr('failingSince'),
    lastError: r.optStr('lastError'),
    unreachableNotified: r.bool('unreachableNotified'),
    ...silencedBy(r),
    ...refusedEntries(r),
  };
}

/** Absent unless the last listing refused entries, as the domain objects are written. */
function refusedEntries(r: Reader): { refusedEntries?: RefusedEntriesRecord } {
  const refused = r.json<RefusedEntriesRecord>('refusedEntries');
  return refused === null ? {} : { refusedEntries: refused };
}

export function isClusterItem(item: Item): boolean {
  return item.itemKey?.S === CLUSTER_ITEM_KEY;
}

export function isOutboxItem(item: Item): boolean {
  return item.itemKey?.S === OUTBOX_ITEM_KEY;
}

export function encodeHistoryEvent(event: HistoryEvent): Item {
  const observedAt = canonicalTime(event.observedAt) ?? event.observedAt;
  const item: Item = {
    clusterId: s(event.clusterId),
    eventId: s(event.eventId),
    timeKey: s(historyTimeKey(observedAt, event.clusterId, event.eventId)),
    clusterLabel: s(event.clusterLabel),
    type: s(event.type),
    severity: s(event.severity),
    severityBucket: s(severityBucketKey(event.severity, monthOf(observedAt))),
    observedAt: s(event.observedAt),
    topicsAdded: { L: event.topicsAdded.map(s) },
    topicsRemoved: { L: event.topicsRemoved.map(s) },
    notification: s(event.notification),
    expiresAt: n(event.expiresAt),
  };
  if (event.linkName !== null) {
    item.linkName = s(event.linkName);
    item.linkKey = s(linkHistoryKey(event.clusterId, event.linkName));
  }
  // The outbox index key exists only while the event waits to be published.
  if (event.notification === 'PENDING') item.pendingClusterId = s(event.clusterId);
  optional(item, 'clusterLinkId', event.clusterLinkId);
  optional(item, 'from', event.from);
  optional(item, 'to', event.to);
  optional(item, 'previousSince', event.previousSince);
  optional(item, 'detail', event.detail);
  if (event.part !== undefined) item.part = s(JSON.stringify(event.part));
  if (event.topicCounts !== undefined) item.topicCounts = s(JSON.stringify(event.topicCounts));
  optional(item, 'silencedBy', event.silencedBy ?? null);
  encodeLink(item, event.link);
  return item;
}

export function decodeHistoryEvent(item: Item): HistoryEvent {
  const r = new Reader(item, 'history');
  const part = r.json<EventPart>('part');
  return {
    eventId: r.str('eventId'),
    clusterId: r.str('clusterId'),
    clusterLabel: r.str('clusterLabel'),
    linkName: r.optStr('linkName'),
    clusterLinkId: r.optStr('clusterLinkId'),
    type: r.str('type') as HistoryEvent['type'],
    severity: r.str('severity') as Severity,
    observedAt: r.str('observedAt'),
    from: r.optStr('from'),
    to: r.optStr('to'),
    topicsAdded: r.strList('topicsAdded'),
    topicsRemoved: r.strList('topicsRemoved'),
    ...topicCountsOf(r),
    previousSince: r.optStr('previousSince'),
    link: r.link(),
    detail: r.optStr('detail'),
    notification: r.str('notification') as NotificationStatus,
    ...publishFailureOf(r),
    ...silencedBy(r),
    expiresAt: r.num('expiresAt'),
    ...(part !== null && { part }),
  };
}

/** Present only once publishing failed; spread so that other events keep their shape. */
function publishFailureOf(r: Reader): Pick<HistoryEvent, 'publishAttempts' | 'quarantine'> {
  const attempts = r.optNum(PUBLISH_ATTEMPTS_ATTRIBUTE);
  const reason = r.optStr(QUARANTINE_REASON_ATTRIBUTE);
  return {
    ...(attempts !== null && { publishAttempts: attempts }),
    ...(reason !== null && { quarantine: { reason, at: r.str(QUARANTINED_AT_ATTRIBUTE) } }),
  };
}

/** Present only on summarised topic changes; spread so that complete events keep their shape. */
function topicCountsOf(r: Reader): { topicCounts?: TopicCounts } {
  const counts = r.json<TopicCounts>('topicCounts');
  return counts === null ? {} : { topicCounts: counts };
}
