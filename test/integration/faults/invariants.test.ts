/**
 * The invariant checker itself: a clean run passes, and each kind of damage the fault suite looks
 * for is caught (a checker that never fails would prove nothing).
 */
import { describe, expect, it } from 'vitest';
import type { EventType, HistoryEvent } from '../../../core/model/change-events.js';
import type { ClusterPollResult } from '../../../core/poll/poll-results.js';
import type { ClusterState } from '../../../core/ports.js';
import {
  checkInvariants,
  type InvariantInput,
  type PollRecord,
  type TruthLink,
} from '../../support/invariants.js';
import { aLink } from '../../support/link-fixtures.js';

const C = 'lkc-x';
const T0 = '2026-01-01T00:00:00.000Z';
const T1 = '2026-01-01T00:01:00.000Z';
const T2 = '2026-01-01T00:02:00.000Z';
const healthy: TruthLink = { clusterLinkId: 'id-a', linkState: 'ACTIVE', linkError: null };
const failed: TruthLink = { clusterLinkId: 'id-a', linkState: 'FAILED', linkError: null };

function result(
  outcome: ClusterPollResult['outcome'] = 'ok',
  failedStep?: ClusterPollResult['failedStep'],
): ClusterPollResult {
  return {
    clusterId: C,
    clusterLabel: 'x',
    outcome,
    ...(failedStep && { failedStep, error: 'boom' }),
    unreachable: false,
    links: 1,
    linksByState: {},
    events: 0,
    published: 0,
    publishFailures: 0,
    conflicts: 0,
    linkFailures: 0,
    failedLinks: [],
    quarantined: 0,
    deferredLinks: 0,
    durationMs: 1,
  };
}

function poll(at: string, link: TruthLink | null, r = result(), faulty: string[] = []): PollRecord {
  return {
    at,
    truth: new Map([[C, new Map(link === null ? [] : [['a', link]])]]),
    results: [r],
    faulty: new Set(faulty),
  };
}

function event(
  type: EventType,
  at: string,
  version: number,
  fields: Partial<HistoryEvent> = {},
): HistoryEvent {
  return {
    eventId: `${C}#a#${at}#v${version}#0`,
    clusterId: C,
    clusterLabel: 'x',
    linkName: 'a',
    clusterLinkId: 'id-a',
    type,
    severity: 'critical',
    observedAt: at,
    from: null,
    to: null,
    topicsAdded: [],
    topicsRemoved: [],
    previousSince: T0,
    link: aLink({ linkName: 'a', clusterLinkId: 'id-a' }),
    detail: null,
    notification: 'SENT',
    expiresAt: 0,
    ...fields,
  };
}

function finalState(link: TruthLink | null): Map<string, ClusterState> {
  const cluster = {
    clusterId: C,
    clusterLabel: 'x',
    version: 1,
    baselineAt: T0,
    consecutiveFailures: 0,
    failingSince: null,
    lastError: null,
    unreachableNotified: false,
  };
  const links =
    link === null
      ? []
      : [
          {
            clusterId: C,
            link: aLink({ linkName: 'a', ...link }),
            version: 2,
            stateSince: T1,
            unhealthySince: null,
            lastRemindedAt: null,
            pendingCondition: null,
          },
        ];
  return new Map([[C, { cluster, links }]]);
}

const stateChange = event('LINK_STATE_CHANGED', T1, 2, { from: 'ACTIVE', to: 'FAILED' });

function input(overrides: Partial<InvariantInput> = {}): InvariantInput {
  return {
    clusterIds: [C],
    polls: [poll(T0, healthy), poll(T1, failed), poll(T2, failed)],
    history: [stateChange],
    finalState: finalState(failed),
    pending: new Map([[C, []]]),
    publishAttempts: [{ eventIds: [stateChange.eventId], delivered: true }],
    strict: true,
    ...overrides,
  };
}

const failing = (overrides: Partial<InvariantInput>) =>
  checkInvariants(input(overrides))
    .verdicts.filter((v) => !v.passed)
    .map((v) => v.name);

describe('Function: checkInvariants', () => {
  it('passes a run whose history, notifications and final state agree with the truth', () => {
    expect(checkInvariants(input()).violations).toEqual([]);
  });

  it('catches a transition recorded twice', () => {
    const again = event('LINK_STATE_CHANGED', T2, 3, { from: 'ACTIVE', to: 'FAILED' });
    expect(
      failing({
        history: [stateChange, again],
        publishAttempts: [{ eventIds: [stateChange.eventId, again.eventId], delivered: true }],
      }),
    ).toContain('history-exactly-once');
  });

  it('catches a removal that did not happen', () => {
    const removed = event('LINK_REMOVED', T2, 3, {
      link: aLink({ linkName: 'a', clusterLinkId: 'id-a', linkState: 'FAILED' }),
    });
    expect(
      failing({
        history: [stateChange, removed],
        publishAttempts: [{ eventIds: [stateChange.eventId, removed.eventId], delivered: true }],
      }),
    ).toEqual(expect.arrayContaining(['no-phantom-removal', 'history-matches-timeline']));
  });

  it('catches a change a complete poll saw but history lacks', () => {
    expect(failing({ history: [], publishAttempts: [] })).toContain('history-matches-timeline');
  });

  it('tolerates a change no complete poll saw, unless strict', () => {
    const blip = {
      polls: [poll(T0, healthy), poll(T1, failed, result('failed', 'list'), [C]), poll(T2, healthy)],
      history: [],
      publishAttempts: [],
      finalState: finalState(healthy),
    };
    expect(failing({ ...blip, strict: false })).toEqual([]);
    expect(failing({ ...blip, strict: true })).toEqual(['history-matches-timeline']);
  });

  it('catches an event marked sent but never delivered, and one delivered twice without a failure', () => {
    expect(failing({ publishAttempts: [] })).toContain('published-at-least-once');
    const twice = [
      { eventIds: [stateChange.eventId], delivered: true },
      { eventIds: [stateChange.eventId], delivered: true },
    ];
    expect(failing({ publishAttempts: twice })).toEqual(['published-exactly-once-unless-failed']);
    expect(
      failing({ publishAttempts: [...twice, { eventIds: [stateChange.eventId], delivered: false }] }),
    ).toEqual([]);
  });

  it('catches a cluster failing without a fault of its own, and anything left pending', () => {
    expect(
      failing({ polls: [poll(T0, healthy), poll(T1, failed, result('failed', 'store')), poll(T2, failed)] }),
    ).toContain('failures-contained');
    expect(failing({ pending: new Map([[C, [stateChange]]]) })).toEqual(['nothing-pending-after-recovery']);
    expect(failing({ finalState: finalState(healthy) })).toEqual(['nothing-pending-after-recovery']);
  });
});
