import { describe, expect, it } from 'vitest';
import { causeInWords } from '../../../../../core/notify/render/failure-cause.js';
import { buildNotificationDocument } from '../../../../../core/notify/render/notification-document.js';
import type { Notification } from '../../../../../core/ports.js';

/** The detail a poll records for a rejected API key: `describeError` of the REST client's error. */
const REJECTED_KEY =
  'ConfluentApiError: Confluent rejected the API key for cluster lkc-dr1eu (error_code 40101: Kafka authentication failed); ' +
  'check the API key and secret [GET /kafka/v3/clusters/lkc-dr1eu/links, HTTP 401, error_code 40101: Unauthorized]';

function unreachable(label: string, detail: string): Notification {
  return {
    kind: 'single',
    severity: 'critical',
    clusterId: 'lkc-dr1eu',
    clusterLabel: label,
    events: [
      {
        eventId: 'lkc-dr1eu#-#4#0',
        clusterId: 'lkc-dr1eu',
        clusterLabel: label,
        linkName: null,
        type: 'CLUSTER_UNREACHABLE',
        severity: 'critical',
        observedAt: '2026-03-07T12:00:00.000Z',
        from: null,
        to: null,
        detail,
        previousSince: '2026-03-07T11:57:00.000Z',
        silencedBy: null,
      },
    ],
  } as unknown as Notification;
}

describe('Function: causeInWords', () => {
  it.each([
    [REJECTED_KEY, 'Confluent rejected the API key (401)'],
    [
      'SecretNotFoundError: credentials monitor/missing: Secrets Manager has no such secret in this region (ResourceNotFoundException)',
      'credentials monitor/missing: Secrets Manager has no such secret in this region',
    ],
    [
      'ConfluentApiError: Confluent had a server error listing the links of cluster lkc-1 [GET /kafka/v3/clusters/lkc-1/links, HTTP 503]; retried, gave up after 3 attempts',
      'Confluent had a server error listing the links of cluster lkc-1 (503)',
    ],
    ['Error: socket hang up', 'socket hang up'],
  ])('says %j as %j', (detail, expected) => {
    // Act
    const cause = causeInWords(detail);

    // Assess
    expect(cause).toBe(expected);
  });
});

describe('Function: buildNotificationDocument, cluster unreachable', () => {
  it('names the cause in words in the subject, without a class name, and keeps the whole detail in the body', () => {
    // Act
    const document = buildNotificationDocument(unreachable('dr-eu', REJECTED_KEY));

    // Assess
    expect(document.subject).toBe(
      '[CRITICAL] dr-eu lkc-dr1eu: cluster unreachable: Confluent rejected the API key (401)',
    );
    expect(JSON.stringify(document)).toContain('check the API key and secret');
  });

  it('keeps a long cluster label and the cause whole, giving up the cluster id and the word cluster first', () => {
    // Prepare
    const label = 'dr-eu-central-frankfurt-primary-site';

    // Act
    const { subject } = buildNotificationDocument(unreachable(label, REJECTED_KEY));

    // Assess
    expect(subject).toBe(`[CRITICAL] ${label}: unreachable: Confluent rejected the API key (401)`);
    expect(subject.length).toBeLessThanOrEqual(99);
  });
});
