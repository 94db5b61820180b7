/**
 * The attributes SNS filter policies route on: values SNS accepts, the event type of what the
 * message is about, and the severities of every problem it is news of.
 */
import { describe, expect, it } from 'vitest';
import type { HistoryEvent } from '../../../../../core/model/change-events.js';
import { messageAttributes } from '../../../../../core/notify/render/message-attributes.js';
import {
  buildNotificationDocument,
  documentOf,
  draftDocument,
} from '../../../../../core/notify/render/notification-document.js';
import type { Notification } from '../../../../../core/ports.js';
import { aLink, anEvent, CLUSTER_ID, CLUSTER_LABEL } from './notification-fixtures.js';

function notification(
  kind: Notification['kind'],
  severity: Notification['severity'],
  events: HistoryEvent[],
  clusterLabel = CLUSTER_LABEL,
): Notification {
  return { kind, clusterId: CLUSTER_ID, clusterLabel, severity, events };
}

const problemSeverities = (doc: ReturnType<typeof buildNotificationDocument>): unknown =>
  JSON.parse(messageAttributes(doc).problem_severity.StringValue);

describe('Function: messageAttributes', () => {
  it('sends a label with line breaks, control characters and runs of blanks as one trimmed line', () => {
    // Act
    const attributes = messageAttributes(
      buildNotificationDocument(
        notification('change', 'critical', [anEvent()], '  prod \t\n  eu\u0007west  '),
      ),
    );

    // Assess
    expect(attributes.cluster_label).toEqual({ DataType: 'String', StringValue: 'prod eu west' });
  });

  it('routes a link leaving a warning condition for a critical one to both severities', () => {
    // Prepare: PAUSED (a warning) -> FAILED (critical)
    const event = anEvent({ from: 'PAUSED', to: 'FAILED', link: aLink({ linkState: 'FAILED' }) });

    // Act
    const attributes = messageAttributes(
      buildNotificationDocument(notification('change', 'critical', [event])),
    );

    // Assess
    expect(JSON.parse(attributes.problem_severity.StringValue)).toEqual(['critical', 'warning']);
  });

  it('routes a digest whose entries were all left out by its own severity', () => {
    // Prepare
    const events = [anEvent({ linkName: 'a-dr' }), anEvent({ linkName: 'b-dr', severity: 'warning' })];

    // Act
    const doc = documentOf(draftDocument(notification('digest', 'critical', events)), { maxLinks: 0 });

    // Assess
    expect(doc.links).toHaveLength(0);
    expect(problemSeverities(doc)).toEqual(['critical']);
  });

  it('routes a recovery digest whose entries were all left out to warning receivers at least', () => {
    // Prepare
    const recovered = (linkName: string) =>
      anEvent({ linkName, severity: 'resolved', from: 'UNAVAILABLE', to: 'ACTIVE' });

    // Act
    const doc = documentOf(
      draftDocument(notification('digest', 'resolved', [recovered('a-dr'), recovered('b-dr')])),
      { maxLinks: 0 },
    );

    // Assess
    expect(problemSeverities(doc)).toEqual(['warning']);
  });

  it('routes a cluster recovery to those told the cluster was unreachable', () => {
    // Prepare
    const event = anEvent({
      linkName: null,
      link: null,
      type: 'CLUSTER_RECOVERED',
      severity: 'resolved',
      from: null,
      to: null,
    });

    // Act
    const doc = buildNotificationDocument(notification('cluster', 'resolved', [event]));

    // Assess
    expect(problemSeverities(doc)).toEqual(['critical']);
  });

  it('gives a digest the digest event type even when it carries a cluster event', () => {
    // Prepare
    const clusterEvent = anEvent({
      linkName: null,
      link: null,
      type: 'CLUSTER_RECOVERED',
      severity: 'resolved',
      from: null,
      to: null,
    });

    // Act
    const attributes = messageAttributes(
      buildNotificationDocument(notification('digest', 'critical', [clusterEvent, anEvent()])),
    );

    // Assess
    expect(attributes.event_type.StringValue).toBe('DIGEST');
    expect(attributes.link_name.StringValue).toBe('*');
  });
});
