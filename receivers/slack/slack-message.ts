/**
 * Slack Block Kit rendering of a notification document, for incoming
 * webhooks. Blocks sit inside one attachment so that the severity colour
 * shows as the bar on the left; `text` is what Slack puts in push notifications.
 */
import type { Severity } from '../../core/model/link-model.js';
import {
  errorText,
  groupedHints,
  isFirstSighting,
  mirrorTopicsText,
  partErrorText,
  readinessText,
  SHORT_READINESS,
  stateText,
  worstPartitionsText,
} from '../../core/notify/render/change-phrases.js';
import type { DocumentLink, NotificationDocument } from '../../core/notify/render/notification-document.js';
import { truncate } from '../../core/notify/render/plain-text.js';
import { SEVERITY_EMOJI } from '../../core/notify/render/severity-emoji.js';

export interface SlackTextObject {
  readonly type: 'plain_text' | 'mrkdwn';
  readonly text: string;
  readonly emoji?: boolean;
}

export type SlackBlock =
  | { readonly type: 'header'; readonly text: SlackTextObject }
  | {
      readonly type: 'section';
      readonly text?: SlackTextObject;
      readonly fields?: readonly SlackTextObject[];
    }
  | { readonly type: 'context'; readonly elements: readonly SlackTextObject[] }
  | { readonly type: 'divider' };

export interface SlackMessage {
  readonly text: string;
  readonly attachments: readonly [
    { readonly color: string; readonly fallback: string; readonly blocks: readonly SlackBlock[] },
  ];
}

/** Block Kit limits (api.slack.com/reference/block-kit/blocks). */
const HEADER_MAX = 150;
const SECTION_TEXT_MAX = 3000;
const FIELD_MAX = 2000;
const MAX_BLOCKS = 50;
const TEXT_MAX = 3000;
/** A channel message listing more links than this is read by nobody; the email has them all. */
const MAX_DIGEST_LINES = 100;

export const SEVERITY_COLOR: Readonly<Record<Severity, string>> = {
  critical: '#D0021B',
  warning: '#F2A900',
  resolved: '#2EB67D',
  info: '#439FE0',
};

/** Slack's three control characters; escaping `<` also stops `<!channel>` style mentions in untrusted text. */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function mrkdwn(text: string, max: number = SECTION_TEXT_MAX): SlackTextObject {
  return { type: 'mrkdwn', text: truncate(text, max) };
}

function fieldOf(label: string, value: string | number | null): SlackTextObject {
  return mrkdwn(`*${label}*\n${value === null ? '-' : escapeMrkdwn(String(value))}`, FIELD_MAX);
}

function code(text: string): string {
  // A backtick would end the code span early; the look-alike keeps the text readable.
  return `\`${escapeMrkdwn(text).replace(/`/g, "'")}\``;
}

function clusterText(doc: NotificationDocument): string {
  const { id, label } = doc.cluster;
  return label === '' || label === id ? id : `${label} (${id})`;
}

function header(doc: NotificationDocument): SlackBlock {
  return {
    type: 'header',
    text: {
      type: 'plain_text',
      text: truncate(`${SEVERITY_EMOJI[doc.severity]} ${doc.title}`, HEADER_MAX),
      emoji: true,
    },
  };
}

/** `ACTIVE → UNAVAILABLE`, or `UNAVAILABLE (first seen)` for a link the monitor had no record of. */
function transitionText(
  change: {
    readonly type: string;
    readonly from: string | null;
    readonly to: string | null;
    readonly previousSince: string | null;
  },
  text: (value: string | null) => string,
): string {
  return isFirstSighting(change)
    ? `${text(change.to)} (first seen)`
    : `${text(change.from)} → ${text(change.to)}`;
}

/**
 * Each change of the entry, with what its one line cannot hold: a part's error, worst partitions
 * and what to check. A part's error or check line that an earlier change of the entry already gave
 * for the same part (a task's state, then the sync it breaks) is not repeated, as in the email.
 */
function changeLines(link: DocumentLink): string[] {
  let shownNote: string | null = null;
  const shown = new Set<string>();
  return link.changes.map((change) => {
    const note =
      change.durationNote !== null && change.durationNote !== shownNote ? change.durationNote : null;
    shownNote = change.durationNote ?? shownNote;
    const line = `• ${escapeMrkdwn(change.description)}${note === null ? '' : ` — ${escapeMrkdwn(note)}`}`;
    const part = change.part;
    if (part === undefined) return line;
    const lines = [line];
    const once = (detail: string): void => {
      const key = `${part.kind}\u0000${part.name}\u0000${detail}`;
      if (shown.has(key)) return;
      shown.add(key);
      lines.push(`    ${escapeMrkdwn(detail)}`);
    };
    const error = partErrorText(part);
    if (error !== null) once(`error: ${error}`);
    const worst = worstPartitionsText(part);
    if (worst !== null) lines.push(`    worst partitions: ${escapeMrkdwn(worst)}`);
    if (part.firstThingToCheck !== null) once(`check: ${part.firstThingToCheck}`);
    return lines.join('\n');
  });
}

function linkBlocks(doc: NotificationDocument, link: DocumentLink): SlackBlock[] {
  const stateChange = link.changes.find((change) => change.type === 'LINK_STATE_CHANGED');
  const errorChange = link.changes.find((change) => change.type === 'LINK_ERROR_CHANGED');
  const blocks: SlackBlock[] = [
    {
      type: 'section',
      fields: [
        fieldOf('Cluster', clusterText(doc)),
        fieldOf('Link', link.linkName),
        fieldOf(
          'link_state',
          stateChange ? transitionText(stateChange, stateText) : stateText(link.linkState),
        ),
        fieldOf(
          'link_error',
          errorChange ? transitionText(errorChange, errorText) : errorText(link.linkError),
        ),
        fieldOf('Remote cluster', link.remoteClusterId),
        fieldOf('Mirror topics', mirrorTopicsText(link)),
      ],
    },
  ];
  blocks.push({
    type: 'section',
    text: mrkdwn(
      `*${doc.kind === 'reminder' ? 'Still unhealthy' : 'What changed'}*\n${changeLines(link).join('\n')}`,
    ),
  });
  if (link.readiness !== undefined) {
    blocks.push({
      type: 'section',
      text: mrkdwn(`*Failover readiness:* ${escapeMrkdwn(readinessText(link.readiness, SHORT_READINESS))}`),
    });
  }
  if (link.linkErrorMessage !== null) {
    blocks.push({ type: 'section', text: mrkdwn(`*link_error_message*\n${code(link.linkErrorMessage)}`) });
  }
  if (link.firstThingToCheck !== null) {
    blocks.push({
      type: 'section',
      text: mrkdwn(`*First thing to check*\n${escapeMrkdwn(link.firstThingToCheck)}`),
    });
  }
  blocks.push({
    type: 'context',
    elements: [
      mrkdwn(
        [
          `cluster_link_id ${code(link.clusterLinkId ?? '-')}`,
          `source ${code(link.sourceClusterId ?? '-')}`,
          `destination ${code(link.destinationClusterId ?? '-')}`,
          `observed ${escapeMrkdwn(link.observedAt)}`,
        ].join(' · '),
      ),
    ],
  });
  return blocks;
}

function digestBlocks(doc: NotificationDocument): SlackBlock[] {
  const mix = (['critical', 'warning', 'resolved', 'info'] as const)
    .filter((severity) => doc.severityCounts[severity] > 0)
    .map((severity) => `${SEVERITY_EMOJI[severity]} ${doc.severityCounts[severity]} ${severity}`)
    .join('   ');
  const blocks: SlackBlock[] = [
    {
      type: 'section',
      text: mrkdwn(`*${doc.linkCount} links* on ${escapeMrkdwn(clusterText(doc))}\n${mix}`),
    },
  ];

  const hints = groupedHints(doc.links);
  // Room for: summary, hints, the omission note and the closing context.
  const listBudget = MAX_BLOCKS - 2 - (hints.length > 0 ? 1 : 0) - 2;
  let current = '';
  let shown = 0;
  let listBlocks = 0;
  for (const link of doc.links.slice(0, MAX_DIGEST_LINES)) {
    const line = `${SEVERITY_EMOJI[link.severity]} *${escapeMrkdwn(link.linkName)}*  ${escapeMrkdwn(link.summary)}${
      link.linkError === null ? '' : `  ·  ${code(link.linkError)}`
    }${link.readiness === undefined ? '' : `  ·  failover: ${escapeMrkdwn(link.readiness.verdict)}`}`;
    const lineText = truncate(line, SECTION_TEXT_MAX);
    if (current !== '' && current.length + 1 + lineText.length > SECTION_TEXT_MAX) {
      if (listBlocks + 1 >= listBudget) break;
      blocks.push({ type: 'section', text: mrkdwn(current) });
      listBlocks += 1;
      current = '';
    }
    current = current === '' ? lineText : `${current}\n${lineText}`;
    shown += 1;
  }
  if (current !== '') blocks.push({ type: 'section', text: mrkdwn(current) });

  const notShown = doc.linkCount - shown;
  if (notShown > 0) {
    blocks.push({
      type: 'context',
      elements: [
        mrkdwn(`…and ${notShown} more not shown here; the email and the monitor's history list them.`),
      ],
    });
  }
  if (hints.length > 0) {
    const hintLines = hints.map(
      ([hint, count]) => `• (${count} ${count === 1 ? 'link' : 'links'}) ${escapeMrkdwn(hint)}`,
    );
    blocks.push({ type: 'section', text: mrkdwn(`*First thing to check*\n${hintLines.join('\n')}`) });
  }
  blocks.push({ type: 'context', elements: [mrkdwn(`observed ${escapeMrkdwn(doc.observedAt)}`)] });
  return blocks;
}

function clusterBlocks(doc: NotificationDocument): SlackBlock[] {
  const event = doc.clusterEvent;
  const blocks: SlackBlock[] = [
    {
      type: 'section',
      fields: [
        fieldOf('Cluster', clusterText(doc)),
        fieldOf('Observed at', event?.observedAt ?? doc.observedAt),
      ],
    },
  ];
  if (event === null) return blocks;
  const lines = [escapeMrkdwn(event.description)];
  if (event.durationNote !== null) lines.push(escapeMrkdwn(event.durationNote));
  blocks.push({ type: 'section', text: mrkdwn(`*What happened*\n${lines.join('\n')}`) });
  if (event.detail !== null)
    blocks.push({ type: 'section', text: mrkdwn(`*Reason*\n${code(event.detail)}`) });
  if (event.firstThingToCheck !== null) {
    blocks.push({
      type: 'section',
      text: mrkdwn(`*First thing to check*\n${escapeMrkdwn(event.firstThingToCheck)}`),
    });
  }
  return blocks;
}

/** Renders a version 1 notification document as a Slack incoming-webhook payload. */
export function renderSlackMessage(doc: NotificationDocument): SlackMessage {
  // Slack reads the top-level text as mrkdwn too: a title quoting server text could otherwise
  // carry `<!channel>` or a disguised `<https://...|link>` into the push notification.
  const text = truncate(escapeMrkdwn(`${SEVERITY_EMOJI[doc.severity]} ${doc.title}`), TEXT_MAX);
  const blocks = [header(doc)];
  if (doc.kind === 'digest') blocks.push(...digestBlocks(doc));
  else if (doc.kind === 'cluster') blocks.push(...clusterBlocks(doc));
  else if (doc.links[0] !== undefined) blocks.push(...linkBlocks(doc, doc.links[0]));
  return {
    text,
    attachments: [
      { color: SEVERITY_COLOR[doc.severity], fallback: text, blocks: blocks.slice(0, MAX_BLOCKS) },
    ],
  };
}

/**
 * For messages on the topic that are not a notification document (published
 * by hand, or a newer schema): subject and text as they came, so nothing is lost.
 */
export function renderSlackFallback(subject: string | null, body: string): SlackMessage {
  const title = subject ?? 'Cluster link monitor message';
  const blocks: SlackBlock[] = [
    { type: 'header', text: { type: 'plain_text', text: truncate(title, HEADER_MAX), emoji: true } },
    { type: 'section', text: mrkdwn(`\`\`\`${truncate(escapeMrkdwn(body), SECTION_TEXT_MAX - 6)}\`\`\``) },
  ];
  const text = truncate(escapeMrkdwn(title), TEXT_MAX);
  return {
    text,
    attachments: [{ color: SEVERITY_COLOR.info, fallback: text, blocks }],
  };
}
