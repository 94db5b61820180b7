/** Plain tables for terminals and golden tests: no colours, so output is the same on every terminal. */
import Table from 'cli-table3';

/**
 * Renders rows under a header with box borders.
 *
 * @returns the table without a trailing newline
 */
export function renderTable(head: readonly string[], rows: readonly (readonly string[])[]): string {
  const table = new Table({ head: [...head], style: { head: [], border: [] } });
  for (const row of rows) table.push(row.map(printable));
  return table.toString();
}

// C0 and C1 control characters (ESC among them), except tab and newline.
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const CONTROL_CHARACTERS = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/g;

/**
 * Cells hold text a Confluent server chose (link names, error messages): control characters
 * are shown as `?` so that a hostile endpoint cannot move the cursor or recolour the terminal.
 */
export function printable(text: string): string {
  return text.replace(CONTROL_CHARACTERS, '?');
}

/** `2025-06-02 08:05:00Z`: sortable, unambiguous and shorter than full ISO. */
export function formatTimestamp(iso: string | null): string {
  if (iso === null) return '-';
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return iso;
  return `${new Date(ms).toISOString().slice(0, 19).replace('T', ' ')}Z`;
}
