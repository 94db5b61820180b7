import { describe, expect, it } from 'vitest';
import type { HistoryEvent } from '../../../../../core/model/change-events.js';
import {
  NotificationTooLargeError,
  renderSnsMessage,
  renderSnsMessages,
  SNS_MAX_MESSAGE_BYTES,
} from '../../../../../core/notify/render/sns-message.js';
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

describe('Fitting a notification into SNS messages, at the limit', () => {
  const three = notification(
    'digest',
    ['a-dr', 'b-dr', 'c-dr'].map((name) => failedLink(name, 'critical', 'x'.repeat(900))),
  );
  const digestOfThree = () => three;

  it('counts the body, the subject and every attribute’s name, type and value against the limit', () => {
    const message = renderSnsMessage(notification('change', [failedLink('orders-dr', 'critical')]));

    const attributes = Object.entries(message.messageAttributes).map(
      ([name, a]) =>
        Buffer.byteLength(name) + Buffer.byteLength(a.DataType) + Buffer.byteLength(a.StringValue),
    );
    expect(message.bytes).toBe(
      Buffer.byteLength(message.message) +
        Buffer.byteLength(message.subject) +
        attributes.reduce((a, b) => a + b),
    );
  });

  it('sends a message of exactly the limit whole, as one message and not as a part', () => {
    // Prepare
    const whole = renderSnsMessage(digestOfThree());

    // Act
    const single = renderSnsMessage(digestOfThree(), { maxBytes: whole.bytes });
    const split = renderSnsMessages(digestOfThree(), { maxBytes: whole.bytes });

    // Assess
    expect(single.message).toBe(whole.message);
    expect(split.map((m) => m.message)).toEqual([whole.message]);
    expect(split[0]?.document.messagePart).toBeUndefined();
  });

  it('keeps as many full entries as fit exactly', () => {
    // Prepare: the message of two of the three entries, and its size
    const two = renderSnsMessage(digestOfThree(), { maxBytes: renderSnsMessage(digestOfThree()).bytes - 1 });

    // Act
    const again = renderSnsMessage(digestOfThree(), { maxBytes: two.bytes });

    // Assess
    expect(two.document.links).toHaveLength(2);
    expect(again.message).toBe(two.message);
  });

  it('sends the message without entries when it fits exactly, and refuses a limit below it', () => {
    // Prepare
    const bare = renderSnsMessage(notification('change', [failedLink('orders-dr', 'critical')]), {
      maxBytes: 1_500,
    });

    // Act
    const atLimit = renderSnsMessage(notification('change', [failedLink('orders-dr', 'critical')]), {
      maxBytes: bare.bytes,
    });
    const tooSmall = () =>
      renderSnsMessage(notification('change', [failedLink('orders-dr', 'critical')]), {
        maxBytes: bare.bytes - 1,
      });

    // Assess
    expect(bare.document.links).toHaveLength(0);
    expect(atLimit.message).toBe(bare.message);
    expect(tooSmall).toThrow(NotificationTooLargeError);
    expect(tooSmall).toThrow(
      expect.objectContaining({
        name: 'NotificationTooLargeError',
        clusterId: CLUSTER_ID,
        maxBytes: bare.bytes - 1,
        message: expect.stringMatching(
          new RegExp(
            `^Notification for cluster ${CLUSTER_ID} needs \\d+ bytes, more than the ${bare.bytes - 1} allowed$`,
          ),
        ),
      }),
    );
  });

  it('keeps 2 KiB of headroom below the SNS limit by default', () => {
    // Prepare: a single link whose full message is within 2 KiB under the SNS limit
    const withNames = (length: number) => {
      const topics = Array.from({ length: 60 }, (_, i) => `${'😀'.repeat(length)}${i}`);
      const event = anEvent({ type: 'MIRROR_TOPICS_CHANGED', severity: 'info', from: null, to: null });
      return notification('change', [{ ...event, topicsAdded: topics, topicsRemoved: topics }]);
    };
    const bytesWith = (length: number) =>
      renderSnsMessage(withNames(length), { maxBytes: Number.MAX_SAFE_INTEGER }).bytes;
    // Each character more in every name adds the same number of bytes: aim at 1 KiB under the limit.
    const step = bytesWith(2) - bytesWith(1);
    const guess = 1 + Math.floor((SNS_MAX_MESSAGE_BYTES - 1_024 - bytesWith(1)) / step);
    const length = [guess - 1, guess, guess + 1].find((l) => {
      const bytes = bytesWith(l);
      return bytes > SNS_MAX_MESSAGE_BYTES - 2_048 && bytes <= SNS_MAX_MESSAGE_BYTES;
    });
    if (length === undefined) throw new Error('no topic name length gives a message in the headroom');

    // Act
    const message = renderSnsMessage(withNames(length));

    // Assess: shrunk to its compact entry
    expect(message.bytes).toBeLessThanOrEqual(SNS_MAX_MESSAGE_BYTES - 2_048);
    expect(message.document.links[0]?.changes[0]?.topicsAdded).toEqual([]);
  });

  it('sends a change, and a digest of one link, too large for one message as one shrunk message', () => {
    const change = renderSnsMessages(
      notification('change', [failedLink('orders-dr', 'critical', 'e'.repeat(5_000))]),
      {
        maxBytes: 4_000,
      },
    );
    const digest = renderSnsMessages(
      notification('digest', [failedLink('orders-dr', 'critical', 'e'.repeat(5_000))]),
      {
        maxBytes: 4_000,
      },
    );

    for (const messages of [change, digest]) {
      expect(messages).toHaveLength(1);
      expect(messages[0]?.document.messagePart).toBeUndefined();
      expect(messages[0]?.document.links[0]?.linkErrorMessageTruncated).toBe(true);
    }
  });

  it('gives a part of its own to each link too large for one in full, each shrunk to fit', () => {
    // Act
    const parts = renderSnsMessages(
      notification('digest', [
        failedLink('a-dr', 'critical', 'e'.repeat(5_000)),
        failedLink('b-dr', 'critical', 'e'.repeat(5_000)),
      ]),
      { maxBytes: 4_000 },
    );

    // Assess
    expect(parts.map((part) => part.document.links.map((link) => link.linkName))).toEqual([
      ['a-dr'],
      ['b-dr'],
    ]);
    expect(parts.every((part) => part.bytes <= 4_000)).toBe(true);
  });

  it('keeps the entries of one link in one part of a split digest', () => {
    // Prepare: a link with a change and a reminder, among many links
    const reminder = anEvent({
      linkName: 'link-05',
      type: 'LINK_STILL_UNHEALTHY',
      severity: 'warning',
      from: null,
      to: 'FAILED',
      link: aLink({ linkName: 'link-05', linkState: 'FAILED', linkErrorMessage: 'x'.repeat(900) }),
    });
    const links = Array.from({ length: 20 }, (_, i) =>
      failedLink(`link-${String(i).padStart(2, '0')}`, 'warning', 'x'.repeat(900)),
    );

    // Act
    const parts = renderSnsMessages(notification('digest', [...links, reminder]), { maxBytes: 12_000 });

    // Assess
    const holding = parts.filter((part) => part.document.links.some((link) => link.linkName === 'link-05'));
    expect(parts.length).toBeGreaterThan(1);
    expect(holding).toHaveLength(1);
    expect(holding[0]?.document.links.filter((link) => link.linkName === 'link-05')).toHaveLength(2);
  });
});

describe('Splitting a digest with a long cluster event', () => {
  it('leaves no entry out and shortens none, whatever the limit, the first part carrying the event too', () => {
    // Prepare: the cluster event's reason is as long as carried, and rides in the first part only
    const clusterEvent = anEvent({
      linkName: null,
      link: null,
      type: 'CLUSTER_UNREACHABLE',
      from: null,
      to: null,
      detail: `ConfluentApiError: ${'refused '.repeat(200)}`,
    });
    const links = Array.from({ length: 12 }, (_, i) =>
      failedLink(`link-${String(i).padStart(2, '0')}`, 'critical', 'x'.repeat(900)),
    );
    const digest = notification('digest', [clusterEvent, ...links]);

    for (let maxBytes = 9_000; maxBytes <= 16_000; maxBytes += 250) {
      // Act
      const parts = renderSnsMessages(digest, { maxBytes });

      // Assess
      const carried = parts.flatMap((part) => part.document.links);
      expect(parts.every((part) => part.document.omittedLinkCount === 0 && part.bytes <= maxBytes)).toBe(
        true,
      );
      expect(carried).toHaveLength(12);
      expect(carried.every((link) => !link.linkErrorMessageTruncated)).toBe(true);
      expect(parts[0]?.document.clusterEvent?.type).toBe('CLUSTER_UNREACHABLE');
    }
  });
});

describe('Splitting a digest, part by part', () => {
  it('fills the parts after the first with the room the cluster event takes in the first', () => {
    // Prepare: a cluster event larger than one link entry, though smaller than two
    const clusterEvent = anEvent({
      linkName: null,
      link: null,
      type: 'CLUSTER_UNREACHABLE',
      from: null,
      to: null,
      detail: `ConfluentApiError: ${'refused '.repeat(200)}`,
    });
    const links = Array.from({ length: 12 }, (_, i) =>
      failedLink(`link-${String(i).padStart(2, '0')}`, 'critical', 'x'.repeat(300)),
    );

    // Act
    const parts = renderSnsMessages(notification('digest', [clusterEvent, ...links]), { maxBytes: 10_000 });

    // Assess: the second part, without the event, carries more links than the first
    expect(parts.length).toBeGreaterThan(2);
    expect(parts[1]?.document.links.length).toBeGreaterThan(parts[0]?.document.links.length ?? 0);
  });
});
