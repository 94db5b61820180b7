/** `link-monitor history`: events as a table, JSON or CSV. Pure. */
import type { HistoryEvent } from '../../core/change-events.js';
import { describeEvent } from '../../core/render/change-phrases.js';
import { formatTimestamp, renderTable } from './text-table.js';

export type HistoryFormat = 'table' | 'json' | 'csv';

/** Table columns: TIME, CLUSTER, LINK, SEVERITY, EVENT, CHANGE, NOTIFIED. Events are printed in the order given. */
export function formatHistoryTable(events: readonly HistoryEvent[]): string {
  if (events.length === 0) return 'No events in this time range.\n';
  const rows = events.map((e) => [
    formatTimestamp(e.observedAt),
    e.clusterLabel === e.clusterId ? e.clusterId : `${e.clusterLabel} (${e.clusterId})`,
    e.linkName ?? '-',
    e.severity,
    e.type,
    e.detail === null ? describeEvent(e) : `${describeEvent(e)}: ${e.detail}`,
    notificationText(e),
  ]);
  return `${renderTable(['TIME', 'CLUSTER', 'LINK', 'SEVERITY', 'EVENT', 'CHANGE', 'NOTIFIED'], rows)}\n${events.length} event(s), newest first.\n`;
}

function notificationText(event: HistoryEvent): string {
  switch (event.notification) {
    case 'SENT':
      return 'sent';
    case 'PENDING':
      return 'pending';
    case 'NOT_NOTIFIED':
      return 'no';
  }
}

export function formatHistoryJson(events: readonly HistoryEvent[]): string {
  return `${JSON.stringify(events, null, 2)}\n`;
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
  'notification',
  'detail',
  'eventId',
] as const;

/** RFC 4180: quote fields holding a comma, quote or line break; double inner quotes. Lists join with `;`. */
export function formatHistoryCsv(events: readonly HistoryEvent[]): string {
  const lines = [HISTORY_CSV_COLUMNS.join(',')];
  for (const event of events) {
    lines.push(
      HISTORY_CSV_COLUMNS.map((column) => {
        const value = event[column];
        return csvField(Array.isArray(value) ? value.join(';') : value === null ? '' : String(value));
      }).join(','),
    );
  }
  return `${lines.join('\r\n')}\r\n`;
}

function csvField(text: string): string {
  // A leading = + - @ makes spreadsheets evaluate the cell; a quote prefix keeps it text.
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function formatHistory(events: readonly HistoryEvent[], format: HistoryFormat): string {
  switch (format) {
    case 'table':
      return formatHistoryTable(events);
    case 'json':
      return formatHistoryJson(events);
    case 'csv':
      return formatHistoryCsv(events);
  }
}
