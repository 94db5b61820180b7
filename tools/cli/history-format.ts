/** `link-monitor history`: events as a table, JSON or CSV. Pure. */
import type { HistoryEvent } from '../../core/model/change-events.js';
import { describeEvent, errorText, isFirstSighting } from '../../core/notify/render/change-phrases.js';
import { formatTimestamp, renderTable } from './text-table.js';

export type HistoryFormat = 'table' | 'json' | 'csv';

export interface HistoryTableOptions {
  /** The terminal's width; undefined (a pipe, a file) prints every change whole, on one line. */
  readonly width?: number | undefined;
}

/**
 * Table columns: TIME, CLUSTER, LINK, SEVERITY, EVENT, CHANGE, NOTIFIED (`sent`, `pending`, `no`, or
 * `silenced {id}`). Events are printed in the order given.
 */
export function formatHistoryTable(
  events: readonly HistoryEvent[],
  options: HistoryTableOptions = {},
): string {
  if (events.length === 0) return 'No events in this time range.\n';
  const rows = events.map((e) => [
    formatTimestamp(e.observedAt),
    e.clusterLabel === e.clusterId ? e.clusterId : `${e.clusterLabel} (${e.clusterId})`,
    e.linkName ?? '-',
    e.severity,
    e.type,
    changeText(e),
    notificationText(e),
  ]);
  const head = ['TIME', 'CLUSTER', 'LINK', 'SEVERITY', 'EVENT', 'CHANGE', 'NOTIFIED'];
  // CHANGE holds the free text (a server's error message): it wraps, the other columns stay whole.
  const table = renderTable(head, rows, { width: options.width, flexible: head.indexOf('CHANGE') });
  return `${table}\n${events.length} event(s), newest first.\n`;
}

/** The change in words, with the reason: a cluster event's detail, or a topic's or task's error message. */
function changeText(event: HistoryEvent): string {
  // The end-of-silence notice already names its silence in the phrase.
  const detail = event.type === 'LINK_STILL_UNHEALTHY' ? null : event.detail;
  const why = detail ?? event.part?.errorMessage ?? null;
  return why === null ? describeEvent(event) : `${describeEvent(event)}: ${why}`;
}

function notificationText(event: HistoryEvent): string {
  switch (event.notification) {
    case 'SENT':
      return 'sent';
    case 'PENDING':
      return 'pending';
    case 'NOT_NOTIFIED':
      return event.silencedBy ? `silenced ${event.silencedBy}` : 'no';
  }
}

/**
 * An event as JSON and CSV show it: "no error" is written `NO_ERROR`, as the table and the
 * notifications write it (in history it is stored as an absent value), except on a first
 * sighting, whose `from` stays empty because nothing was seen before.
 */
export function historyRecord(event: HistoryEvent): HistoryEvent & { readonly firstSeen: boolean } {
  const firstSeen = isFirstSighting(event);
  if (event.type !== 'LINK_ERROR_CHANGED') return { ...event, firstSeen };
  return { ...event, from: firstSeen ? null : errorText(event.from), to: errorText(event.to), firstSeen };
}

export function formatHistoryJson(events: readonly HistoryEvent[]): string {
  return `${JSON.stringify(events.map(historyRecord), null, 2)}\n`;
}

export const HISTORY_CSV_COLUMNS = [
  'observedAt',
  'clusterId',
  'clusterLabel',
  'linkName',
  'clusterLinkId',
  'severity',
  'type',
  'from',
  'to',
  'topicsAdded',
  'topicsRemoved',
  'previousSince',
  'firstSeen',
  'notification',
  'detail',
  'eventId',
] as const;

/** Columns for the mirror topic or task of MIRROR_TOPIC_* and TASK_* events, after the event's own. */
const PART_CSV_COLUMNS = ['partKind', 'partName', 'partState', 'partErrorCode', 'partErrorMessage'] as const;

/** Every CSV column, in order. */
export const HISTORY_CSV_HEADER: readonly string[] = [...HISTORY_CSV_COLUMNS, ...PART_CSV_COLUMNS];

/** RFC 4180: quote fields holding a comma, quote or line break; double inner quotes. Lists join with `;`. */
export function formatHistoryCsv(events: readonly HistoryEvent[]): string {
  const lines = [HISTORY_CSV_HEADER.join(',')];
  for (const event of events.map(historyRecord)) {
    const own = HISTORY_CSV_COLUMNS.map((column) => {
      const value = event[column];
      return Array.isArray(value) ? value.join(';') : value === null ? '' : String(value);
    });
    const part = event.part;
    const parts = [part?.kind, part?.name, part?.state, part?.errorCode, part?.errorMessage].map(
      (v) => v ?? '',
    );
    lines.push([...own, ...parts].map(csvField).join(','));
  }
  return `${lines.join('\r\n')}\r\n`;
}

function csvField(text: string): string {
  // A leading = + - @ makes spreadsheets evaluate the cell; a quote prefix keeps it text.
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function formatHistory(
  events: readonly HistoryEvent[],
  format: HistoryFormat,
  options: HistoryTableOptions = {},
): string {
  switch (format) {
    case 'table':
      return formatHistoryTable(events, options);
    case 'json':
      return formatHistoryJson(events);
    case 'csv':
      return formatHistoryCsv(events);
  }
}
