import { describe, expect, it } from 'vitest';
import { MIN_FLEXIBLE_WIDTH, printable, renderTable } from '../../../../tools/cli/text-table.js';

describe('Function: renderTable', () => {
  it('shows control characters from server text as ? so they cannot drive the terminal', () => {
    // Prepare: an error message carrying an escape sequence that would clear the screen.
    const message = 'timed out\u001b[2J\u001b]0;owned\u0007';

    // Act
    const table = renderTable(['LINK', 'ERROR'], [['orders\u009bdr', message]]);

    // Assess
    for (const control of ['\u001b', '\u0007', '\u009b']) expect(table).not.toContain(control);
    expect(table).toContain('timed out?[2J?]0;owned?');
    expect(table).toContain('orders?dr');
  });

  it('leaves ordinary text, including non-ASCII names, as it is', () => {
    expect(printable('zürich-dr → ACTIVE')).toBe('zürich-dr → ACTIVE');
  });
});

describe('Function: renderTable, fitted to the terminal', () => {
  const head = ['LINK', 'MESSAGE', 'STATE'];
  const message =
    'Authentication failed for the remote cluster lkc-src77: SASL authentication failed: Invalid username or password';
  const rows = [['orders-dr', message, 'FAILED']];
  const widest = (table: string) => Math.max(...table.split('\n').map((line) => [...line].length));

  it('wraps the flexible column of a table wider than a narrow terminal, at word boundaries', () => {
    // Act
    const table = renderTable(head, rows, { width: 60, flexible: 1 });

    // Assess
    expect(widest(table)).toBeLessThanOrEqual(60);
    expect(table.split('\n').length).toBeGreaterThan(5);
    const wrapped = table
      .split('\n')
      .map((line) => line.split('│')[2]?.trim() ?? '')
      .join(' ');
    expect(wrapped.replace(/\s+/g, ' ')).toContain(message);
  });

  it('leaves a table that fits a wide terminal as it is', () => {
    // Act
    const table = renderTable(head, rows, { width: 200, flexible: 1 });

    // Assess
    expect(table).toBe(renderTable(head, rows));
    expect(table).toContain(message);
  });

  it('prints every cell whole, on one line, when the output is not a terminal', () => {
    // Act
    const table = renderTable(head, rows, { width: undefined, flexible: 1 });

    // Assess
    expect(table).toBe(renderTable(head, rows));
    expect(table.split('\n')).toHaveLength(5);
  });

  it('keeps the flexible column readable however narrow the terminal', () => {
    // Act
    const table = renderTable(head, rows, { width: 10, flexible: 1 });

    // Assess: the message column keeps its minimum; the table is wider than the terminal
    const line = table.split('\n').find((l) => l.includes('orders-dr')) ?? '';
    expect(line.split('│')[2]?.length).toBe(MIN_FLEXIBLE_WIDTH + 2);
  });
});
