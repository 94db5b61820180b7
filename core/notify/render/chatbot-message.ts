/**
 * Rendering for Amazon Q Developer in chat applications (formerly AWS
 * Chatbot) custom notifications: the whole SNS message body must be this
 * JSON, so it goes to a topic of its own that the chat channel subscribes to.
 */

import { readinessText, SHORT_READINESS } from './change-phrases.js';
import { messageAttributes } from './message-attributes.js';
import type { NotificationDocument } from './notification-document.js';
import { truncate } from './plain-text.js';
import { SEVERITY_EMOJI } from './severity-emoji.js';

export interface ChatbotNotification {
  readonly version: '1.0';
  readonly source: 'custom';
  readonly id: string;
  readonly content: {
    readonly textType: 'client-markdown';
    readonly title: string;
    readonly description: string;
    readonly nextSteps: readonly string[];
    readonly keywords: readonly string[];
  };
  readonly metadata: {
    readonly threadId: string;
    readonly summary: string;
    readonly eventType: string;
    readonly relatedResources: readonly string[];
    readonly additionalContext: Readonly<Record<string, string>>;
  };
}

const DESCRIPTION_MAX = 3500;
const MAX_NEXT_STEPS = 5;
const MAX_DIGEST_LINES = 30;

function descriptionOf(doc: NotificationDocument): string {
  const lines: string[] = [];
  if (doc.clusterEvent !== null) {
    const event = doc.clusterEvent;
    lines.push(event.description);
    if (event.durationNote !== null) lines.push(event.durationNote);
    if (event.detail !== null) lines.push(`Reason: \`${event.detail.replace(/`/g, "'")}\``);
  } else if (doc.kind === 'digest') {
    for (const link of doc.links.slice(0, MAX_DIGEST_LINES)) {
      const readiness = link.readiness === undefined ? '' : ` · failover: ${link.readiness.verdict}`;
      lines.push(`${SEVERITY_EMOJI[link.severity]} *${link.linkName}* ${link.summary}${readiness}`);
    }
    const more = doc.linkCount - Math.min(doc.links.length, MAX_DIGEST_LINES);
    if (more > 0) lines.push(`…and ${more} more (see the email or the history)`);
  } else {
    const link = doc.links[0];
    if (link !== undefined) {
      let shownNote: string | null = null;
      for (const change of link.changes) {
        const note = change.durationNote !== shownNote ? change.durationNote : null;
        shownNote = change.durationNote ?? shownNote;
        lines.push(`• ${change.description}${note === null ? '' : ` — ${note}`}`);
      }
      if (link.readiness !== undefined)
        lines.push(`*Failover readiness:* ${readinessText(link.readiness, SHORT_READINESS)}`);
      lines.push(
        `*link_state* ${link.linkState ?? 'not reported'} · *link_error* ${link.linkError ?? 'NO_ERROR'} · *mirror topics* ${link.mirrorTopicCount ?? '-'}`,
        `*cluster_link_id* \`${link.clusterLinkId ?? '-'}\` · *remote* \`${link.remoteClusterId ?? '-'}\``,
      );
      if (link.linkErrorMessage !== null)
        lines.push(`*link_error_message* \`${link.linkErrorMessage.replace(/`/g, "'")}\``);
    }
  }
  lines.push(`Observed ${doc.observedAt}`);
  return truncate(lines.join('\n'), DESCRIPTION_MAX);
}

/**
 * Renders a document as a custom notification. `threadId` is the cluster and
 * link, so a link's alerts and its recovery land in one thread; digests and
 * cluster events thread per cluster.
 */
export function renderChatbotNotification(doc: NotificationDocument): ChatbotNotification {
  const attributes = messageAttributes(doc);
  const single = doc.kind === 'change' || doc.kind === 'reminder' ? doc.links[0] : undefined;
  const hints = new Set<string>();
  for (const hint of [
    doc.clusterEvent?.firstThingToCheck ?? null,
    ...doc.links.map((l) => l.firstThingToCheck),
  ]) {
    if (hint !== null) hints.add(hint);
  }
  const firstEventId = doc.clusterEvent?.eventId ?? doc.links[0]?.changes[0]?.eventId ?? doc.observedAt;
  return {
    version: '1.0',
    source: 'custom',
    id: doc.kind === 'digest' ? `${doc.cluster.id}#digest#${doc.observedAt}` : firstEventId,
    content: {
      textType: 'client-markdown',
      title: `${SEVERITY_EMOJI[doc.severity]} ${doc.title}`,
      description: descriptionOf(doc),
      nextSteps: [...hints].slice(0, MAX_NEXT_STEPS),
      keywords: [doc.severity, doc.cluster.id, ...(single === undefined ? [] : [single.linkName])],
    },
    metadata: {
      threadId: single === undefined ? doc.cluster.id : `${doc.cluster.id}/${single.linkName}`,
      summary: doc.subject,
      eventType: attributes.event_type.StringValue,
      relatedResources: [doc.cluster.id, ...(single?.clusterLinkId ? [single.clusterLinkId] : [])],
      additionalContext: Object.fromEntries(
        Object.entries(attributes).map(([name, attribute]) => [
          name,
          // Chat shows text: a list reads as `critical, warning`.
          attribute.DataType === 'String.Array'
            ? (JSON.parse(attribute.StringValue) as string[]).join(', ')
            : attribute.StringValue,
        ]),
      ),
    },
  };
}
