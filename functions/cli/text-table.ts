/** Plain tables for terminals and golden tests: no colours, so output is the same on every terminal. */
import Table from 'cli-table3';

/**
 * Renders rows under a header with box borders.
 *
 * @returns the table without a trailing newline
 */
export function renderTable(head: readonly string[], rows: readonly (readonly string[])[]): string {
  const table = new Table({ head: [...head], style: { head: [], border: [] } });
  for (const row of rows) table.push([...row]);
  return table.toString();
}

/** `2025-06-02 08:05:00Z`: sortable, unambiguous and shorter than full ISO. */
export function formatTimestamp(iso: string | null): string {
  if (iso === null) return '-';
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return iso;
  return `${new Date(ms).toISOString().slice(0, 19).replace('T', ' ')}Z`;
}
