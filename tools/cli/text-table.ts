/** Plain tables for terminals and golden tests: no colours, so output is the same on every terminal. */
import Table from 'cli-table3';

/** How a table fits the terminal it is printed on. */
export interface TableFit {
  /**
   * The terminal's width in characters (`process.stdout.columns`); undefined when the output is
   * not a terminal (a pipe, a file), where every cell is printed whole, on one line, for tools to read.
   */
  readonly width: number | undefined;
  /** The column that gives way when the table is wider: the free text, wrapped at word boundaries. */
  readonly flexible: number;
}

/** Narrower than this, a wrapped message is harder to read than a table wider than the terminal. */
export const MIN_FLEXIBLE_WIDTH = 20;

/** Characters a cell takes on its widest line (cells hold printable text, one character a column). */
function textWidth(text: string): number {
  return Math.max(...text.split('\n').map((line) => [...line].length));
}

/** The flexible column's width (padding included), when the table does not fit as it is. */
function flexibleWidth(
  head: readonly string[],
  rows: readonly (readonly string[])[],
  fit: TableFit,
): number | undefined {
  if (fit.width === undefined) return undefined;
  // Each column is padded by one space a side; n columns have n + 1 borders.
  const widths = head.map(
    (title, i) => Math.max(textWidth(title), ...rows.map((r) => textWidth(r[i] ?? ''))) + 2,
  );
  const total = widths.reduce((sum, w) => sum + w, head.length + 1);
  if (total <= fit.width) return undefined;
  const others = total - (widths[fit.flexible] ?? 0);
  return Math.max(MIN_FLEXIBLE_WIDTH + 2, fit.width - others);
}

/**
 * Renders rows under a header with box borders. With `fit`, a table wider than the terminal
 * wraps its flexible column to what the other columns leave.
 *
 * @returns the table without a trailing newline
 */
export function renderTable(
  head: readonly string[],
  rows: readonly (readonly string[])[],
  fit?: TableFit,
): string {
  const cells = rows.map((row) => row.map(printable));
  const flexible = fit === undefined ? undefined : flexibleWidth(head, cells, fit);
  const table = new Table({
    head: [...head],
    style: { head: [], border: [] },
    ...(flexible === undefined || fit === undefined
      ? {}
      : { colWidths: head.map((_, i) => (i === fit.flexible ? flexible : null)), wordWrap: true }),
  });
  for (const row of cells) table.push(row);
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
