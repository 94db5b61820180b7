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

describe('Function: fitSubject, with several findings', () => {
  const findings = [
    { text: 'task AclSync IN_ERROR (MISCONFIGURATION_ERROR)' },
    { text: 'sync of ACLs broken (IN_ERROR)' },
    { text: 'task ConsumerOffsetSync error ACL_LIMIT_EXCEEDED' },
  ];
  const summary = findings.map((f) => f.text).join('; ');

  it('keeps them all when they fit, as the summary says them', () => {
    const subject = fitSubject({ ...parts, linkName: 'dr', summary, findings }, 200);

    expect(subject).toBe(`[CRITICAL] dr-eu lkc-dr1eu: link dr ${summary}`);
  });

  it('gives up the last ones before the cluster or the link name, and counts them', () => {
    // Act
    const two = fitSubject({ ...parts, summary, findings }, 131);
    const one = fitSubject({ ...parts, summary, findings });

    // Assess
    expect(two).toBe(
      '[CRITICAL] dr-eu: link payments-from-prod task AclSync IN_ERROR (MISCONFIGURATION_ERROR); sync of ACLs broken (IN_ERROR) and 1 more',
    );
    expect(one).toBe(
      '[CRITICAL] dr-eu: link payments-from-prod task AclSync IN_ERROR (MISCONFIGURATION_ERROR) and 2 more',
    );
  });

  it('then gives up the first one’s detail in brackets, before the cluster or the link name', () => {
    const subject = fitSubject({ ...parts, clusterLabel: 'analytics-us-east', summary, findings });

    expect(subject).toBe(
      '[CRITICAL] analytics-us-east: link payments-from-prod task AclSync IN_ERROR and 2 more',
    );
  });

  it('says “and more” for what stands for an unknown number (a summary of parts)', () => {
    // Prepare
    const summarised = [
      { text: 'mirror topic orders.000 PAUSED' },
      { text: 'and more: PAUSED 98', many: true },
    ];

    // Act
    const subject = fitSubject(
      { ...parts, summary: summarised.map((f) => f.text).join('; '), findings: summarised },
      90,
    );

    // Assess
    expect(subject).toBe('[CRITICAL] dr-eu: link payments-from-prod mirror topic orders.000 PAUSED and more');
  });

  it('still cuts the link name and the cluster when even the first finding alone is too long', () => {
    // Act
    const subject = fitSubject({
      ...parts,
      linkName: 'orders-from-the-primary-datacenter-in-frankfurt-to-dr',
      summary,
      findings,
    });

    // Assess
    expect(subject.length).toBeLessThanOrEqual(99);
    expect(subject).toMatch(
      /^\[CRITICAL\] dr-eu: link orders-from-.*\.\.\..*-to-dr task AclSync IN_ERROR and 2 more$/,
    );
  });
});
