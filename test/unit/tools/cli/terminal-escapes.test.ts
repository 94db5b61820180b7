import { describe, expect, it } from 'vitest';
import type { PollSummary } from '../../../../core/poll/poll-results.js';
import { ConsoleNotifier } from '../../../../tools/cli/console-notifier.js';
import { formatPollLine } from '../../../../tools/cli/run-command.js';
import { aLink, anEvent, CLUSTER_ID, CLUSTER_LABEL } from '../../core/notify/render/notification-fixtures.js';

const ESCAPES = '\u001b]0;owned\u0007\u001b[2J\u009b31m';

/** True when `text` holds ESC, BEL or the one-character CSI. */
function hasEscapes(text: string): boolean {
  return ['\u001b', '\u0007', '\u009b'].some((c) => text.includes(c));
}

describe('CLI output of server text', () => {
  it('run: one line per poll, with no terminal escapes from an error text', () => {
    // Prepare
    const summary = {
      results: [{ clusterLabel: 'prod', outcome: 'failed', error: `bad${ESCAPES}\nforged line` }],
    } as unknown as PollSummary;

    // Act
    const line = formatPollLine(summary, new Date('2026-01-01T00:00:00Z'));

    // Assess
    expect(line.split('\n')).toEqual([expect.stringContaining('forged line'), '']);
    expect(hasEscapes(line)).toBe(false);
  });

  it('console notifier: shows a notification without the escapes a link name carries', async () => {
    // Prepare
    const lines: string[] = [];
    const notifier = new ConsoleNotifier({ write: (line) => lines.push(line) });
    const name = `orders${ESCAPES}`;

    // Act
    await notifier.publish({
      kind: 'change',
      clusterId: CLUSTER_ID,
      clusterLabel: CLUSTER_LABEL,
      severity: 'critical',
      events: [anEvent({ linkName: name, link: aLink({ linkName: name, linkErrorMessage: `m${ESCAPES}` }) })],
    });

    // Assess
    expect(lines.some((line) => line.includes('orders'))).toBe(true);
    for (const line of lines) {
      expect(hasEscapes(line)).toBe(false);
      expect(line).not.toContain('\n');
    }
  });
});
