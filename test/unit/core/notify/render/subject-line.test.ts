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

describe('Function: fitSubject, what it gives up and what it keeps', () => {
  const authError = 'ACTIVE -> UNAVAILABLE (AUTHENTICATION_ERROR)';
  const tcpError = 'ACTIVE -> UNAVAILABLE (BOOTSTRAP_TCP_CONNECTION_FAILED_ERROR)';

  it('names the cluster by its id alone when the label is empty or the id itself', () => {
    expect(fitSubject({ ...parts, clusterLabel: '', summary: authError })).toBe(
      `[CRITICAL] lkc-dr1eu: link payments-from-prod ${authError}`,
    );
    expect(fitSubject({ ...parts, clusterLabel: 'lkc-dr1eu', summary: 'ACTIVE -> FAILED' })).toBe(
      '[CRITICAL] lkc-dr1eu: link payments-from-prod ACTIVE -> FAILED',
    );
  });

  it('ends without a blank when there is nothing to say after the link', () => {
    expect(fitSubject({ ...parts, summary: '' })).toBe('[CRITICAL] dr-eu lkc-dr1eu: link payments-from-prod');
  });

  it('gives up a trailing duration of several digits', () => {
    const subject = fitSubject({
      ...parts,
      summary: `still UNAVAILABLE (BOOTSTRAP_TCP_CONNECTION_FAILED_ERROR) for 12d 23h`,
    });

    expect(subject).toBe(
      '[CRITICAL] dr-eu: link payments-from-prod still UNAVAILABLE (BOOTSTRAP_TCP_CONNECTION_FAILED_ERROR)',
    );
  });

  it('keeps a duration that is not at the end of the summary', () => {
    // Prepare: 3 characters too long with the cluster; the words after the duration are no duration
    const summary = 'still UNAVAILABLE for 4h (AUTHENTICATION_ERROR) now';

    // Act
    const subject = fitSubject({ ...parts, summary }, 90);

    // Assess: the cluster gives way instead
    expect(subject).toBe(`[CRITICAL] link payments-from-prod ${summary}`);
  });

  it('gives up the duration before it counts the findings', () => {
    // Prepare
    const findings = [
      { text: 'task AclSync IN_ERROR (MISCONFIGURATION_ERROR)' },
      { text: 'PAUSED for 4h 1m' },
    ];
    const summary = findings.map((f) => f.text).join('; ');

    // Act
    const subject = fitSubject({ ...parts, summary, findings });

    // Assess
    expect(subject).toBe(
      '[CRITICAL] dr-eu: link payments-from-prod task AclSync IN_ERROR (MISCONFIGURATION_ERROR); PAUSED',
    );
  });

  it('gives up only a detail in brackets that ends the first finding', () => {
    // Prepare: the first finding's brackets are in its middle
    const findings = [
      { text: 'task AclSync (legacy) IN_ERROR MISCONFIGURATION_ERROR' },
      { text: 'sync of ACLs broken' },
    ];

    // Act
    const subject = fitSubject({ ...parts, summary: findings.map((f) => f.text).join('; '), findings }, 80);

    // Assess
    expect(subject).toContain('task AclSync (legacy) IN_ERROR');
  });

  it('keeps the word cluster where it is not the start of a cluster event', () => {
    // Prepare
    const summary = `unreachable: cluster lkc-src77 refused ${'the connection '.repeat(5)}`;

    // Act
    const subject = fitSubject({ ...parts, linkName: null, summary });

    // Assess
    expect(subject.startsWith('[CRITICAL] dr-eu: unreachable: cluster lkc-src77 refused')).toBe(true);
  });

  it('cuts the end of a long cluster label once the link name is as short as it goes', () => {
    // Prepare: 19 characters of frame, a 28-character label, a 40-character link, 44 of summary
    const subject = fitSubject({
      ...parts,
      clusterLabel: 'analytics-us-east-production',
      linkName: 'orders-from-the-primary-datacenter-to-dr',
      summary: authError,
    });

    // Assess: the link name at its 17 characters, the label cut by the 9 still over, to 19
    expect(subject).toBe(`[CRITICAL] analytics-us-eas...: link orders-...r-to-dr ${authError}`);
    expect(subject).toHaveLength(99);
  });

  it('leaves out a short cluster label rather than cut a link name that is already at its shortest', () => {
    // Prepare: a 17-character link name, 3 characters over with the cluster
    const subject = fitSubject({ ...parts, linkName: 'payments-from-eu1', summary: tcpError });

    // Assess
    expect(subject).toBe(`[CRITICAL] link payments-from-eu1 ${tcpError}`);
  });
});
