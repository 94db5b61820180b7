import { describe, expect, it } from 'vitest';
import { fitSubject } from '../../../../../core/notify/render/subject-line.js';

const parts = {
  tag: '[CRITICAL]',
  clusterLabel: 'dr-eu',
  clusterId: 'lkc-dr1eu',
  linkName: 'payments-from-prod',
};

describe('Function: fitSubject', () => {
  it('keeps a subject that fits whole, with the cluster label and id', () => {
    // Act
    const subject = fitSubject({ ...parts, summary: 'ACTIVE -> UNAVAILABLE (AUTHENTICATION_ERROR)' });

    // Assess
    expect(subject).toBe(
      '[CRITICAL] dr-eu lkc-dr1eu: link payments-from-prod ACTIVE -> UNAVAILABLE (AUTHENTICATION_ERROR)',
    );
  });

  it('gives up the cluster id before the duration, and the duration before the error code', () => {
    // Prepare
    const summary = 'still UNAVAILABLE (BOOTSTRAP_TCP_CONNECTION_FAILED_ERROR) for 4h 1m';

    // Act
    const withoutId = fitSubject({ ...parts, linkName: 'payments', summary });
    const withoutDuration = fitSubject({ ...parts, summary });

    // Assess
    expect(withoutId).toBe(
      '[CRITICAL] dr-eu: link payments still UNAVAILABLE (BOOTSTRAP_TCP_CONNECTION_FAILED_ERROR) for 4h 1m',
    );
    expect(withoutDuration).toBe(
      '[CRITICAL] dr-eu: link payments-from-prod still UNAVAILABLE (BOOTSTRAP_TCP_CONNECTION_FAILED_ERROR)',
    );
  });

  it('cuts the middle of a long link name, keeping both ends and the whole error code', () => {
    // Act
    const subject = fitSubject({
      ...parts,
      linkName: 'orders-from-the-primary-datacenter-in-frankfurt-to-dr',
      summary: 'ACTIVE -> UNAVAILABLE (AUTHENTICATION_ERROR)',
    });

    // Assess
    expect(subject.length).toBeLessThanOrEqual(99);
    expect(subject).toMatch(
      /^\[CRITICAL\] dr-eu: link orders-from-.*\.\.\..*-to-dr ACTIVE -> UNAVAILABLE \(AUTHENTICATION_ERROR\)$/,
    );
  });

  it('keeps the cluster label of a cluster event whole, gives up its id and the word cluster, then cuts its text', () => {
    // Act
    const subject = fitSubject({
      ...parts,
      linkName: null,
      summary: `cluster unreachable: ${'connection refused '.repeat(10)}`,
    });

    // Assess
    expect(subject).toHaveLength(99);
    expect(subject.startsWith('[CRITICAL] dr-eu: unreachable: connection refused')).toBe(true);
    expect(subject.endsWith('...')).toBe(true);
  });
});
