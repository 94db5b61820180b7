import { describe, expect, it } from 'vitest';
import {
  effectiveEnd,
  isActive,
  matches,
  type Silence,
  silenceAfter,
  silenceFor,
} from '../../../../core/control/silence.js';

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

  it('matches a silence of several clusters on each of them, and on no other', () => {
    // Prepare
    const both = { clusters: ['prod-us', 'lkc-abc'] };

    // Act + Assess
    expect(matches(both, linkSubject)).toBe(true);
    expect(matches(both, { ...linkSubject, clusterId: 'lkc-us1', clusterLabel: 'prod-us' })).toBe(true);
    expect(matches(both, { ...linkSubject, clusterId: 'lkc-ap1', clusterLabel: 'prod-ap' })).toBe(false);
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

  it('keeps a silence of cluster outages from hiding what happens to links', () => {
    // Prepare
    const outages = { eventTypes: ['CLUSTER_UNREACHABLE' as const] };

    // Act + Assess
    expect(matches(outages, linkSubject)).toBe(false);
    expect(matches(outages, { ...linkSubject, type: 'LINK_REMOVED', severity: 'info' })).toBe(false);
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

  it('picks the oldest active silence whatever order the silences are listed in', () => {
    // Prepare
    const later = { ...base, id: 's-2', startsAt: '2026-03-01T10:10:00.000Z' };
    const now = new Date('2026-03-01T11:00:00.000Z');

    // Act + Assess
    expect(silenceFor(linkSubject, [base, later], now)?.id).toBe('s-1');
    expect(silenceFor(linkSubject, [later, base], now)?.id).toBe('s-1');
  });

  it('passes over silences that are not active, however old', () => {
    // Prepare
    const ended = {
      ...base,
      id: 's-0',
      startsAt: '2026-03-01T08:00:00.000Z',
      endsAt: '2026-03-01T09:00:00.000Z',
    };
    const now = new Date('2026-03-01T11:00:00.000Z');

    // Act + Assess
    expect(silenceFor(linkSubject, [ended, base], now)?.id).toBe('s-1');
  });

  it('ends at its end when expired after it: a late expiry does not lengthen it', () => {
    // Prepare
    const lateExpiry = { ...base, expiredAt: '2026-03-01T13:00:00.000Z' };

    // Act + Assess
    expect(effectiveEnd(lateExpiry)).toBe(base.endsAt);
    expect(isActive(lateExpiry, new Date('2026-03-01T12:30:00.000Z'))).toBe(false);
  });
});

describe('Function: silenceAfter', () => {
  const now = new Date('2026-03-01T13:00:00.000Z');
  const ended = { ...base, id: 's-ended' };
  const running = (id: string, matchers: Silence['matchers'] = {}): Silence => ({
    ...base,
    id,
    matchers,
    startsAt: '2026-03-01T11:00:00.000Z',
    endsAt: '2026-03-01T15:00:00.000Z',
  });

  it('keeps the silence that hid the condition while it runs', () => {
    expect(silenceAfter('s-1', linkSubject, [running('s-1')], now)).toEqual({ kind: 'kept', id: 's-1' });
  });

  it('ends the silence when it has ended, though a silence of something else is running', () => {
    // Prepare
    const elsewhere = running('s-other', { clusters: ['prod-us'] });

    // Act
    const outcome = silenceAfter('s-ended', linkSubject, [ended, elsewhere], now);

    // Assess
    expect(outcome).toEqual({ kind: 'ended' });
  });

  it('hands the condition over to another running silence that covers it', () => {
    // Prepare
    const successor = running('s-next', { linkName: 'orders-*' });

    // Act
    const outcome = silenceAfter('s-ended', linkSubject, [ended, successor], now);

    // Assess
    expect(outcome).toEqual({ kind: 'kept', id: 's-next' });
  });

  it('ends a silence that is gone from the store', () => {
    expect(silenceAfter('s-deleted', linkSubject, [], now)).toEqual({ kind: 'ended' });
  });

  it('keeps the silence while the silences could not be read', () => {
    expect(silenceAfter('s-ended', linkSubject, [ended], now, false)).toEqual({
      kind: 'kept',
      id: 's-ended',
    });
  });
});
