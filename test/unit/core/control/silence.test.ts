import { describe, expect, it } from 'vitest';
import { isActive, matches, type Silence, silenceFor } from '../../../../core/control/silence.js';

const base: Silence = {
  id: 's-1',
  matchers: {},
  startsAt: '2026-03-01T10:00:00.000Z',
  endsAt: '2026-03-01T12:00:00.000Z',
  reason: 'failover drill',
  createdBy: 'alice',
  createdAt: '2026-03-01T09:59:00.000Z',
  expiredAt: null,
};

const linkSubject = {
  clusterId: 'lkc-abc',
  clusterLabel: 'prod-eu',
  linkName: 'orders-dr',
  type: 'LINK_STATE_CHANGED' as const,
  severity: 'critical' as const,
};

describe('Silence matching', () => {
  it('matches a cluster by id or by label', () => {
    expect(matches({ clusters: ['lkc-abc'] }, linkSubject)).toBe(true);
    expect(matches({ clusters: ['prod-eu'] }, linkSubject)).toBe(true);
    expect(matches({ clusters: ['prod-us'] }, linkSubject)).toBe(false);
  });

  it('matches link names by glob and never matches cluster events by link name', () => {
    expect(matches({ linkName: 'orders-*' }, linkSubject)).toBe(true);
    expect(matches({ linkName: 'pay*' }, linkSubject)).toBe(false);
    expect(
      matches(
        { linkName: '*', eventTypes: ['CLUSTER_UNREACHABLE'] },
        { ...linkSubject, linkName: null, type: 'CLUSTER_UNREACHABLE' },
      ),
    ).toBe(false);
  });

  it('matches event types and severities when given', () => {
    expect(matches({ eventTypes: ['LINK_STATE_CHANGED'] }, linkSubject)).toBe(true);
    expect(matches({ eventTypes: ['LINK_REMOVED'] }, linkSubject)).toBe(false);
    expect(matches({ severities: ['critical'] }, linkSubject)).toBe(true);
    expect(matches({ severities: ['warning'] }, linkSubject)).toBe(false);
  });

  it('never hides CLUSTER_UNREACHABLE unless it names that type', () => {
    const unreachable = { ...linkSubject, linkName: null, type: 'CLUSTER_UNREACHABLE' as const };
    expect(matches({}, unreachable)).toBe(false);
    expect(matches({ clusters: ['lkc-abc'] }, unreachable)).toBe(false);
    expect(matches({ clusters: ['lkc-abc'], eventTypes: ['CLUSTER_UNREACHABLE'] }, unreachable)).toBe(true);
  });

  it('keeps the recovery of an unreachable cluster quiet when the unreachable was silenced', () => {
    const recovered = { ...linkSubject, linkName: null, type: 'CLUSTER_RECOVERED' as const };
    expect(matches({}, recovered)).toBe(false);
    expect(matches({ eventTypes: ['CLUSTER_UNREACHABLE'] }, recovered)).toBe(true);
  });
});

describe('Silence activity', () => {
  it('applies from its start (inclusive) to its end (exclusive)', () => {
    expect(isActive(base, new Date('2026-03-01T09:59:59.999Z'))).toBe(false);
    expect(isActive(base, new Date('2026-03-01T10:00:00.000Z'))).toBe(true);
    expect(isActive(base, new Date('2026-03-01T11:59:59.999Z'))).toBe(true);
    expect(isActive(base, new Date('2026-03-01T12:00:00.000Z'))).toBe(false);
  });

  it('stops applying when expired early', () => {
    const expired = { ...base, expiredAt: '2026-03-01T10:30:00.000Z' };
    expect(isActive(expired, new Date('2026-03-01T10:29:00.000Z'))).toBe(true);
    expect(isActive(expired, new Date('2026-03-01T10:30:00.000Z'))).toBe(false);
  });

  it('picks the oldest active silence that matches', () => {
    const later = { ...base, id: 's-2', startsAt: '2026-03-01T10:10:00.000Z' };
    const other = { ...base, id: 's-3', matchers: { clusters: ['prod-us'] } };
    const now = new Date('2026-03-01T11:00:00.000Z');
    expect(silenceFor(linkSubject, [later, other, base], now)?.id).toBe('s-1');
    expect(silenceFor(linkSubject, [other], now)).toBeNull();
  });
});
