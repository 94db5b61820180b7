/**
 * The plain-text email people read: what changed first, then what to check,
 * then every identifier needed to find the link in Confluent.
 */
import { errorText, stateText } from './change-phrases.js';
import type { DocumentChange, DocumentLink, NotificationDocument } from './notification-document.js';
import { severityTag } from './notification-document.js';

const FOOTER = 'Sent by cluster-link-monitor (notification schema version 1).';

function field(label: string, value: string | number | null): string {
  return `  ${`${label}:`.padEnd(22)}${value ?? '-'}`;
}

function clusterLine(doc: NotificationDocument): string {
  const { id, label } = doc.cluster;
  return label === '' || label === id ? id : `${label} (${id})`;
}

function topicList(names: readonly string[], count: number): string {
  const more = count - names.length;
  return `${names.join(', ')}${more > 0 ? ` (and ${more} more)` : ''}`;
}

function changeLines(change: DocumentChange, indent: string): string[] {
  const lines = [`${indent}- ${change.description}`];
  const detail = `${indent}  `;
  if (change.type === 'LINK_ERROR_MESSAGE_CHANGED') {
    lines.push(`${detail}from: ${change.from ?? '(none)'}`, `${detail}to:   ${change.to ?? '(none)'}`);
  }
  if (change.topicsAddedCount > 0) lines.push(`${detail}added: ${topicList(change.topicsAdded, change.topicsAddedCount)}`);
  if (change.topicsRemovedCount > 0) {
    lines.push(`${detail}removed: ${topicList(change.topicsRemoved, change.topicsRemovedCount)}`);
  }
  if (change.durationNote !== null) lines.push(`${detail}${change.durationNote}`);
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
    field('Mirror topics', link.mirrorTopicCount),
    field('Observed at (UTC)', link.observedAt),
  ];
}

function singleLink(doc: NotificationDocument, link: DocumentLink): string[] {
  const lines = [doc.kind === 'reminder' ? 'Still unhealthy' : 'What changed'];
  for (const change of link.changes) lines.push(...changeLines(change, '  '));
  if (link.firstThingToCheck !== null) lines.push('', 'First thing to check', `  ${link.firstThingToCheck}`);
  lines.push('', 'Link', ...linkDetails(doc, link));
  return lines;
}

function digestEntry(link: DocumentLink, position: number): string[] {
  const indent = ' '.repeat(String(position).length + 2);
  const lines = [`${position}. ${severityTag(link.severity)} ${link.linkName}: ${link.summary}`];
  const facts = [
    `cluster_link_id ${link.clusterLinkId ?? '-'}`,
    `remote ${link.remoteClusterId ?? '-'}`,
    `link_state ${stateText(link.linkState)}`,
    `link_error ${errorText(link.linkError)}`,
    `${link.mirrorTopicCount ?? '-'} mirror topics`,
    `observed ${link.observedAt}`,
  ];
  lines.push(`${indent}${facts.join(', ')}`);
  if (link.linkErrorMessage !== null) lines.push(`${indent}link_error_message: ${link.linkErrorMessage}`);
  for (const change of link.changes) lines.push(...changeLines(change, indent));
  if (link.firstThingToCheck !== null) lines.push(`${indent}First thing to check: ${link.firstThingToCheck}`);
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
  doc.links.forEach((link, index) => {
    lines.push('', ...digestEntry(link, index + 1));
  });
  if (doc.omittedLinkCount > 0) {
    lines.push(
      '',
      `${doc.omittedLinkCount} more link ${doc.omittedLinkCount === 1 ? 'entry was' : 'entries were'} left out to keep this message under the SNS size limit; every change is in the monitor's history.`,
    );
  }
  return lines;
}

function clusterBody(doc: NotificationDocument): string[] {
  const event = doc.clusterEvent;
  if (event === null) return [];
  const lines = ['What happened', `  ${event.description}`];
  if (event.durationNote !== null) lines.push(`  ${event.durationNote}`);
  if (event.detail !== null) lines.push(`  Reason: ${event.detail}`);
  if (event.firstThingToCheck !== null) lines.push('', 'First thing to check', `  ${event.firstThingToCheck}`);
  lines.push('', 'Cluster', field('Cluster', clusterLine(doc)), field('Observed at (UTC)', event.observedAt));
  return lines;
}

/** Renders the plain-text email body (the `email` key of the SNS message). */
export function renderEmailText(doc: NotificationDocument): string {
  const lines = [`${severityTag(doc.severity)} ${doc.title}`, ''];
  if (doc.kind === 'cluster') lines.push(...clusterBody(doc));
  else if (doc.kind === 'digest') lines.push(...digestBody(doc));
  else if (doc.links[0] !== undefined) lines.push(...singleLink(doc, doc.links[0]));
  lines.push('', '--', FOOTER);
  return `${lines.join('\n')}\n`;
}
