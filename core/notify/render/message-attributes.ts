/**
 * The message attributes every publish carries, so that SNS filter policies can route on them:
 * which cluster and link, what kind of event, and the severity of the problem it is about.
 */
import { endedSeverities, problemSeverity } from '../../control/problem-severity.js';
import { wellFormed } from '../../model/bounds.js';
import { SEVERITIES, type Severity } from '../../model/link-model.js';
import { mostSevere } from '../plan-notifications.js';
import type { NotificationDocument } from './notification-document.js';
import { replaceControlCharacters } from './plain-text.js';

/** Value of `link_name` on digests and cluster events, which concern more than one link. */
export const ALL_LINKS = '*';
/** Value of `event_type` on digests. */
export const DIGEST_EVENT_TYPE = 'DIGEST';

export interface StringAttribute {
  /** `String.Array` holds a JSON array: a filter policy matches it when any element matches. */
  readonly DataType: 'String' | 'String.Array';
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
 * The severities of the problems a message is news of, most severe first: the worst problem it
 * is about (a recovery is about the condition that ended), and the severity of every problem it
 * ends or turns into another (`endedSeverities`). Subscriptions filter on them, so a message
 * reaches the receivers of its worst problem, and whoever was told of a problem it ends.
 */
export function documentProblemSeverities(doc: NotificationDocument): Severity[] {
  const facts = [
    ...doc.links.flatMap((link) =>
      link.changes.map((c) => ({ type: c.type, severity: c.severity, from: c.from, link })),
    ),
    ...(doc.clusterEvent === null ? [] : [{ ...doc.clusterEvent, from: null }]),
  ];
  const about = facts.map(problemSeverity);
  if (doc.severity !== 'resolved') about.push(doc.severity);
  // A recovery whose entries were all left out of a digest still ended a problem.
  const severities = new Set<Severity>([about.length === 0 ? 'warning' : mostSevere(about)]);
  for (const ended of facts.flatMap(endedSeverities)) severities.add(ended);
  return SEVERITIES.filter((severity) => severities.has(severity));
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
    problem_severity: {
      DataType: 'String.Array',
      StringValue: JSON.stringify(documentProblemSeverities(doc)),
    },
    kind: attributeValue(doc.kind),
  };
}
