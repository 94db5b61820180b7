/**
 * The custom notification for chat applications: a short description of what happened, the first
 * things to check, and the attributes as chat context.
 */
import { describe, expect, it } from 'vitest';
import type { HistoryEvent } from '../../../../../core/model/change-events.js';
import { KNOWN_LINK_ERRORS } from '../../../../../core/model/link-model.js';
import { renderChatbotNotification } from '../../../../../core/notify/render/chatbot-message.js';
import {
  buildNotificationDocument,
  documentOf,
  draftDocument,
} from '../../../../../core/notify/render/notification-document.js';
import type { Notification } from '../../../../../core/ports.js';
import { aLink, anEvent, CLUSTER_ID, CLUSTER_LABEL } from './notification-fixtures.js';

function notification(kind: Notification['kind'], events: HistoryEvent[]): Notification {
  return { kind, clusterId: CLUSTER_ID, clusterLabel: CLUSTER_LABEL, severity: 'critical', events };
}

const descriptionLines = (kind: Notification['kind'], events: HistoryEvent[]): string[] =>
  renderChatbotNotification(buildNotificationDocument(notification(kind, events))).content.description.split(
    '\n',
  );

describe('Function: renderChatbotNotification', () => {
  it('describes a cluster event without a duration by its description and its reason, backticks made quotes', () => {
    // Prepare: no time since the cluster was last fine, so no duration to tell
    const event = anEvent({
      linkName: null,
      link: null,
      type: 'CLUSTER_UNREACHABLE',
      from: null,
      to: null,
      previousSince: null,
      detail: 'call `describeCluster` refused',
    });
    const doc = buildNotificationDocument(notification('cluster', [event]));

    // Act
    const lines = renderChatbotNotification(doc).content.description.split('\n');

    // Assess
    expect(lines).toEqual([
      doc.clusterEvent?.description,
      "Reason: `call 'describeCluster' refused`",
      `Observed ${doc.observedAt}`,
    ]);
  });

  it('lists every link of a small digest without a line counting more', () => {
    // Prepare
    const events = ['a-dr', 'b-dr', 'c-dr'].map((linkName) => anEvent({ linkName }));

    // Act
    const lines = descriptionLines('digest', events);

    // Assess
    expect(lines).toHaveLength(4);
    expect(lines.slice(0, 3).every((line) => line.includes('-dr*'))).toBe(true);
    expect(lines.join('\n')).not.toContain('more');
  });

  it('says what a link reported nothing of, and quotes its error message with backticks made quotes', () => {
    // Prepare: a link removed before it was ever seen, then one with a message quoting code
    const removed = anEvent({
      type: 'LINK_REMOVED',
      severity: 'info',
      from: null,
      to: null,
      link: null,
      clusterLinkId: null,
    });
    const failed = anEvent({
      from: 'ACTIVE',
      to: 'FAILED',
      link: aLink({ linkState: 'FAILED', linkError: null, linkErrorMessage: 'task `AclSync` failed' }),
    });

    // Act
    const removedLines = descriptionLines('change', [removed]);
    const failedLines = descriptionLines('change', [failed]);

    // Assess
    expect(removedLines).toContain('*link_state* not reported · *link_error* NO_ERROR · *mirror topics* -');
    expect(removedLines).toContain('*cluster_link_id* `-` · *remote* `-`');
    expect(failedLines).toContain("*link_error_message* `task 'AclSync' failed`");
  });

  it('still renders a change whose link entry was left out to fit, keyed and threaded by its cluster', () => {
    // Prepare
    const doc = documentOf(draftDocument(notification('change', [anEvent()])), { maxLinks: 0 });

    // Act
    const message = renderChatbotNotification(doc);

    // Assess
    expect(message.id).toBe(doc.observedAt);
    expect(message.content.description).toBe(`Observed ${doc.observedAt}`);
    expect(message.metadata.threadId).toBe(CLUSTER_ID);
  });

  it('keeps the first five distinct things to check, in order', () => {
    // Prepare: six links, each failing with a different documented error
    const events = KNOWN_LINK_ERRORS.map((linkError, i) =>
      anEvent({
        linkName: `link-${i}`,
        link: aLink({ linkName: `link-${i}`, linkState: 'UNAVAILABLE', linkError }),
      }),
    );
    const doc = buildNotificationDocument(notification('digest', events));
    const hints = [...new Set(doc.links.map((link) => link.firstThingToCheck))];

    // Act
    const { nextSteps } = renderChatbotNotification(doc).content;

    // Assess
    expect(hints).toHaveLength(6);
    expect(nextSteps).toEqual(hints.slice(0, 5));
  });

  it('shows a list attribute as comma-separated text in the chat context', () => {
    // Prepare: PAUSED (a warning) -> FAILED (critical) is news to both
    const event = anEvent({ from: 'PAUSED', to: 'FAILED', link: aLink({ linkState: 'FAILED' }) });

    // Act
    const message = renderChatbotNotification(buildNotificationDocument(notification('change', [event])));

    // Assess
    expect(message.metadata.additionalContext.problem_severity).toBe('critical, warning');
  });
});
