/**
 * The plain-text email people read: what changed first, then what to check,
 * then every identifier needed to find the link in Confluent.
 */
import {
  errorText,
  groupedHints,
  mirrorTopicsText,
  partErrorText,
  readinessText,
  severityTag,
  stateText,
  worstPartitionsText,
} from './change-phrases.js';
import type { DocumentChange, DocumentLink, NotificationDocument } from './notification-document.js';
import { replaceControlCharacters } from './plain-text.js';

const FOOTER = 'Sent by cluster-link-monitor (notification schema version 1).';

function field(label: string, value: string | number | null): string {
  return `  ${`${label}:`.padEnd(22)}${value ?? '-'}`;
}

function clusterLine(doc: NotificationDocument): string {
  const { id, label } = doc.cluster;
  return label === '' || label === id ? id : `${label} (${id})`;
}

function topicList(names: readonly string[], count: number): string {
  if (names.length === 0) return `${count} ${count === 1 ? 'topic' : 'topics'} (names left out to fit)`;
  const more = count - names.length;
  return `${names.join(', ')}${more > 0 ? ` (and ${more} more)` : ''}`;
}

function changeLines(
  change: DocumentChange,
  indent: string,
  shownNote: string | null,
  shown: Set<string>,
): string[] {
  const lines = [`${indent}- ${change.description}`];
  const detail = `${indent}  `;
  lines.push(...changeDetails(change, detail, shown));
  // A state and an error change of one poll usually share their start time: say it once.
  if (change.durationNote !== null && change.durationNote !== shownNote)
    lines.push(`${detail}${change.durationNote}`);
  return lines;
}

/**
 * The parts of a change its one-line description cannot hold: old and new message, topic names,
 * a part's error and what to check. A part's error or check line that an earlier change of the
 * entry already gave for the same part (a task's state, then the sync it breaks) is not repeated:
 * `shown` holds those given so far.
 */
function changeDetails(change: DocumentChange, indent: string, shown: Set<string>): string[] {
  const lines: string[] = [];
  if (change.type === 'LINK_ERROR_MESSAGE_CHANGED') {
    lines.push(`${indent}from: ${change.from ?? '(none)'}`, `${indent}to:   ${change.to ?? '(none)'}`);
  }
  if (change.part !== undefined) {
    const part = change.part;
    const once = (line: string): void => {
      const key = `${part.kind}\u0000${part.name}\u0000${line}`;
      if (shown.has(key)) return;
      shown.add(key);
      lines.push(`${indent}${line}`);
    };
    const error = partErrorText(part);
    if (error !== null) once(`error: ${error}`);
    const worst = worstPartitionsText(part);
    if (worst !== null) lines.push(`${indent}worst partitions: ${worst}`);
    if (part.firstThingToCheck !== null) once(`check: ${part.firstThingToCheck}`);
  }
  if (change.topicsAddedCount > 0)
    lines.push(`${indent}added: ${topicList(change.topicsAdded, change.topicsAddedCount)}`);
  if (change.topicsRemovedCount > 0) {
    lines.push(`${indent}removed: ${topicList(change.topicsRemoved, change.topicsRemovedCount)}`);
  }
  return lines;
}

function allChangeLines(changes: readonly DocumentChange[], indent: string): string[] {
  const lines: string[] = [];
  let shownNote: string | null = null;
  const shown = new Set<string>();
  for (const change of changes) {
    lines.push(...changeLines(change, indent, shownNote, shown));
    shownNote = change.durationNote ?? shownNote;
  }
  return lines;
}

function linkDetails(doc: NotificationDocument, link: DocumentLink): string[] {
  return [
    field('Cluster', clusterLine(doc)),
    field('Link name', link.linkName),
    field('cluster_link_id', link.clusterLinkId),
    field('Source cluster', link.sourceClusterId),
    field('Destination cluster', link.destinationClusterId),
    field('Remote cluster', link.remoteClusterId),
    field('link_state', stateText(link.linkState)),
    field('link_error', errorText(link.linkError)),
    field('link_error_message', link.linkErrorMessage),
    field('Mirror topics', mirrorTopicsText(link)),
    field('Observed at (UTC)', link.observedAt),
  ];
}

/** The line under a link's changes that says whether a failover would now work, when known. */
function readinessLines(link: DocumentLink, indent: string): string[] {
  return link.readiness === undefined
    ? []
    : [`${indent}Failover readiness: ${readinessText(link.readiness)}`];
}

function singleLink(doc: NotificationDocument, link: DocumentLink): string[] {
  const lines = [doc.kind === 'reminder' ? 'Still unhealthy' : 'What changed'];
  lines.push(...allChangeLines(link.changes, '  '), ...readinessLines(link, '  '));
  if (link.firstThingToCheck !== null) lines.push('', 'First thing to check', `  ${link.firstThingToCheck}`);
  lines.push('', 'Link', ...linkDetails(doc, link));
  return lines;
}

function digestEntry(link: DocumentLink, position: number): string[] {
  const indent = ' '.repeat(String(position).length + 2);
  const lines = [`${position}. ${severityTag(link.severity)} ${link.linkName}: ${link.summary}`];
  const condition = `link_state ${stateText(link.linkState)}, link_error ${errorText(link.linkError)}`;
  lines.push(`${indent}${condition}${link.linkErrorMessage === null ? '' : `: ${link.linkErrorMessage}`}`);
  const shown = new Set<string>();
  for (const change of link.changes) lines.push(...changeDetails(change, indent, shown));
  const note = link.changes.find((change) => change.durationNote !== null)?.durationNote;
  if (note !== undefined) lines.push(`${indent}${note}`);
  lines.push(...readinessLines(link, indent));
  const ids = [
    `cluster_link_id ${link.clusterLinkId ?? '-'}`,
    `remote ${link.remoteClusterId ?? '-'}`,
    `${mirrorTopicsText(link) ?? '-'} mirror topics`,
    `observed ${link.observedAt}`,
  ];
  lines.push(`${indent}${ids.join(' | ')}`);
  return lines;
}

function digestBody(doc: NotificationDocument): string[] {
  const mix = (['critical', 'warning', 'resolved', 'info'] as const)
    .filter((severity) => doc.severityCounts[severity] > 0)
    .map((severity) => `${doc.severityCounts[severity]} ${severity}`)
    .join(', ');
  const lines = [
    `${doc.linkCount} link ${doc.linkCount === 1 ? 'entry' : 'entries'} on ${clusterLine(doc)}: ${mix}. Worst first.`,
  ];
  const hints = groupedHints(doc.links);
  if (hints.length > 0) {
    lines.push('', 'First thing to check');
    for (const [hint, count] of hints) lines.push(`  (${count} ${count === 1 ? 'link' : 'links'}) ${hint}`);
  }
  lines.push('', 'Links');
  doc.links.forEach((link, index) => {
    lines.push(...(index === 0 ? [] : ['']), ...digestEntry(link, index + 1));
  });
  lines.push(...omissionNote(doc, 'more '));
  return lines;
}

function omissionNote(doc: NotificationDocument, more: string): string[] {
  if (doc.omittedLinkCount === 0) return [];
  const entries = doc.omittedLinkCount === 1 ? 'entry was' : 'entries were';
  return [
    '',
    `${doc.omittedLinkCount} ${more}link ${entries} left out to keep this message under the SNS size limit; every change is in the monitor's history.`,
  ];
}

/**
 * Server text (names, states, messages) could carry line breaks that forge lines of the email
 * ("From: ...", a fake "Link" block) or terminal escapes: each line stays one line, without them.
 */
function oneLine(line: string): string {
  return replaceControlCharacters(line, '?').replace(/[\r\n\u0085\u2028\u2029]/gu, ' ');
}

function clusterBody(doc: NotificationDocument): string[] {
  const event = doc.clusterEvent;
  if (event === null) return [];
  const lines = ['What happened', `  ${event.description}`];
  if (event.durationNote !== null) lines.push(`  ${event.durationNote}`);
  if (event.detail !== null) lines.push(`  Reason: ${event.detail}`);
  if (event.firstThingToCheck !== null)
    lines.push('', 'First thing to check', `  ${event.firstThingToCheck}`);
  lines.push('', 'Cluster', field('Cluster', clusterLine(doc)), field('Observed at (UTC)', event.observedAt));
  return lines;
}

/** Renders the plain-text email body (the `email` key of the SNS message). */
export function renderEmailText(doc: NotificationDocument): string {
  const lines = [`${severityTag(doc.severity)} ${doc.title}`, ''];
  if (doc.kind === 'cluster') lines.push(...clusterBody(doc));
  else if (doc.kind === 'digest') lines.push(...digestBody(doc));
  else if (doc.links[0] !== undefined) lines.push(...singleLink(doc, doc.links[0]));
  else lines.push(...omissionNote(doc, ''));
  lines.push('', '--', FOOTER);
  return `${lines.map(oneLine).join('\n')}\n`;
}
