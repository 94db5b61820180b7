import { describe, expect, it } from 'vitest';
import { printable, renderTable } from '../../../../tools/cli/text-table.js';

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
