/**
 * The message attributes every publish carries, so that SNS filter policies can route on them:
 * which cluster and link, what kind of event, and the severity of the problem it is about.
 */
import { problemSeverity } from '../../control/problem-severity.js';
import { wellFormed } from '../../model/bounds.js';
import { mostSevere } from '../plan-notifications.js';
import type { NotificationDocument } from './notification-document.js';
import { replaceControlCharacters } from './plain-text.js';

/** Value of `link_name` on digests and cluster events, which concern more than one link. */
export const ALL_LINKS = '*';
/** Value of `event_type` on digests. */
export const DIGEST_EVENT_TYPE = 'DIGEST';

export interface StringAttribute {
  readonly DataType: 'String';
  readonly StringValue: string;
}

/** Names are snake_case so that they read the same in filter policies as in Confluent's API. */
export type AttributeName =
  | 'cluster_id'
  | 'cluster_label'
  | 'link_name'
  | 'event_type'
  | 'severity'
  | 'problem_severity'
  | 'kind';

/** SNS rejects empty attribute values and control characters; this keeps every value sendable. */
function attributeValue(value: string): StringAttribute {
  // The SDK cannot encode a lone surrogate: history written before bounds existed may hold one.
  const clean = replaceControlCharacters(wellFormed(value), ' ').replace(/\s+/gu, ' ').trim();
  return { DataType: 'String', StringValue: clean === '' ? '-' : clean };
}

/**
 * The severity of the problem a message is about: its own severity, except that a recovery
 * carries the severity of the condition that ended. Subscriptions filter on it, so a recovery
 * reaches exactly those who were told of the problem.
 */
export function documentProblemSeverity(doc: NotificationDocument): NotificationDocument['severity'] {
  const severities = [
    ...doc.links.flatMap((link) =>
      link.changes.map((c) => problemSeverity({ type: c.type, severity: c.severity, from: c.from, link })),
    ),
    ...(doc.clusterEvent === null ? [] : [problemSeverity({ ...doc.clusterEvent, from: null })]),
  ];
  if (doc.severity !== 'resolved') severities.push(doc.severity);
  // A recovery whose entries were all left out of a digest still ended a problem.
  if (severities.length === 0) return 'warning';
  return mostSevere(severities);
}

/** The attribute set every publish carries, so SNS filter policies can route on it. */
export function messageAttributes(doc: NotificationDocument): Record<AttributeName, StringAttribute> {
  const singleLink = doc.kind === 'change' || doc.kind === 'reminder' ? doc.links[0] : undefined;
  let eventType: string;
  if (doc.kind === 'digest') eventType = DIGEST_EVENT_TYPE;
  else if (doc.clusterEvent !== null) eventType = doc.clusterEvent.type;
  else eventType = singleLink?.changes[0]?.type ?? DIGEST_EVENT_TYPE;
  return {
    cluster_id: attributeValue(doc.cluster.id),
    cluster_label: attributeValue(doc.cluster.label || doc.cluster.id),
    link_name: attributeValue(singleLink?.linkName ?? ALL_LINKS),
    event_type: attributeValue(eventType),
    severity: attributeValue(doc.severity),
    problem_severity: attributeValue(documentProblemSeverity(doc)),
    kind: attributeValue(doc.kind),
  };
}
