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

describe('Function: causeInWords, what it leaves out', () => {
  it('reads a detail with space around it as without', () => {
    expect(causeInWords('  Error: socket hang up\n')).toBe('socket hang up');
  });

  it('leaves out the space and line break between the cause and the request that follows it', () => {
    expect(
      causeInWords('Error: connect ETIMEDOUT 10.0.0.7:443\n  [GET /kafka/v3/clusters/lkc-1/links]'),
    ).toBe('connect ETIMEDOUT 10.0.0.7:443');
  });

  it('drops every class name an error was wrapped in, an exception’s as well as an error’s', () => {
    expect(causeInWords('Error: TimeoutError: the request took longer than 10s')).toBe(
      'the request took longer than 10s',
    );
    expect(causeInWords('ThrottlingException: Rate exceeded')).toBe('Rate exceeded');
  });

  it('keeps a class name the message itself quotes: only the start of the detail is the thrown class', () => {
    const detail = 'the secret value is not JSON: SyntaxError: Unexpected token';

    expect(causeInWords(detail)).toBe(detail);
  });

  it('keeps a class name in brackets inside the sentence: only one at its end is an AWS error’s class', () => {
    expect(
      causeInWords('SecretNotFoundError: Secrets Manager refused (AccessDeniedException) for role monitor'),
    ).toBe('Secrets Manager refused (AccessDeniedException) for role monitor');
  });

  it('leaves out the cluster wherever the clause names it, up to the word after it', () => {
    expect(causeInWords('ConfluentApiError: Confluent refused the request for cluster lkc-9')).toBe(
      'Confluent refused the request',
    );
    expect(causeInWords('ConfluentApiError: timed out for cluster lkc-9, after 10s')).toBe(
      'timed out, after 10s',
    );
    expect(causeInWords('ConfluentApiError: timed out for cluster lkc-9: no answer')).toBe(
      'timed out: no answer',
    );
  });

  it('does not repeat an HTTP status the cause already names', () => {
    expect(
      causeInWords(
        'ConfluentApiError: Confluent answered HTTP 429 (too many requests) [GET /kafka/v3/clusters, HTTP 429]',
      ),
    ).toBe('Confluent answered HTTP 429 (too many requests)');
  });

  it('adds no status when the detail names none', () => {
    expect(causeInWords('Error: getaddrinfo ENOTFOUND pkc-1.confluent.cloud; check the REST endpoint')).toBe(
      'getaddrinfo ENOTFOUND pkc-1.confluent.cloud',
    );
  });

  it('shows a detail with nothing before its remedy whole, rather than nothing', () => {
    expect(causeInWords('Error: ; check the API key')).toBe('; check the API key');
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
