import { describe, expect, it } from 'vitest';
import type { HistoryEvent } from '../../../../../core/model/change-events.js';
import { renderSnsMessage, renderSnsMessages } from '../../../../../core/notify/render/sns-message.js';
import type { Notification } from '../../../../../core/ports.js';
import { aLink, anEvent, CLUSTER_ID, CLUSTER_LABEL } from './notification-fixtures.js';

function notification(kind: Notification['kind'], events: HistoryEvent[]): Notification {
  return { kind, clusterId: CLUSTER_ID, clusterLabel: CLUSTER_LABEL, severity: 'critical', events };
}

function failedLink(name: string, severity: HistoryEvent['severity'], message: string | null = null) {
  const link = aLink({ linkName: name, linkState: 'FAILED', linkErrorMessage: message });
  return anEvent({ linkName: name, link, severity, to: 'FAILED' });
}

describe('Fitting a notification into SNS messages', () => {
  it('counts what a compact entry leaves out of an error message from the message as received', () => {
    // Prepare: a message of 5,000 characters, far over both the full (1,000) and compact (200) cut
    const event = failedLink('orders-dr', 'critical', 'e'.repeat(5_000));

    // Act: too small for the full entry, large enough for the compact one
    const message = renderSnsMessage(notification('change', [event]), { maxBytes: 4_000 });

    // Assess
    expect(message.document.links).toHaveLength(1);
    expect(message.document.links[0]?.linkErrorMessage).toBe(`${'e'.repeat(200)}... [4800 more characters]`);
    expect(message.document.links[0]?.linkErrorMessageTruncated).toBe(true);
  });

  it('still names the link in the subject when even its compact entry is left out', () => {
    // Prepare
    const event = failedLink('orders-dr', 'critical');

    // Act
    const message = renderSnsMessage(notification('change', [event]), { maxBytes: 1_500 });

    // Assess
    expect(message.document.links).toHaveLength(0);
    expect(message.subject).toContain('orders-dr');
  });

  it('carries the cluster event in the first part of a split digest only, and gives each part its own severity', () => {
    // Prepare: one critical link, then warnings, each entry about 2 KB; and a cluster event
    const clusterEvent = anEvent({
      linkName: null,
      link: null,
      type: 'CLUSTER_RECOVERED',
      severity: 'resolved',
      from: null,
      to: null,
    });
    const links = Array.from({ length: 30 }, (_, i) =>
      failedLink(`link-${String(i).padStart(2, '0')}`, i === 0 ? 'critical' : 'warning', 'x'.repeat(900)),
    );

    // Act
    const parts = renderSnsMessages(notification('digest', [clusterEvent, ...links]), { maxBytes: 20_000 });

    // Assess
    expect(parts.length).toBeGreaterThan(1);
    expect(parts.map((part) => part.document.clusterEvent !== null)).toEqual(parts.map((_, i) => i === 0));
    expect(parts[0]?.document.severity).toBe('critical');
    expect(parts.slice(1).every((part) => part.document.severity === 'warning')).toBe(true);
    expect(parts.map((part) => part.document.messagePart)).toEqual(
      parts.map((_, i) => ({ index: i + 1, count: parts.length })),
    );
    const names = parts.flatMap((part) => part.document.links.map((link) => link.linkName));
    expect(names.sort()).toEqual(links.map((event) => event.linkName).sort());
    expect(parts.every((part) => part.bytes <= 20_000 && part.document.omittedLinkCount === 0)).toBe(true);
  });
});
