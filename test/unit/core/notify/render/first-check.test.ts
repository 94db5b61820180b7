/**
 * Where to look first for a mirror topic, task or config after an event: the conditions a part has
 * beside its state (a stall, time behind target, a stuck transition, a sync switched off or
 * broken) each get their own line while they hold, and none once they end.
 */
import { describe, expect, it } from 'vitest';
import type { EventPart, EventType } from '../../../../../core/model/change-events.js';
import { KNOWN_LINK_ERRORS } from '../../../../../core/model/link-model.js';
import {
  firstThingToCheck,
  firstThingToCheckForPart,
} from '../../../../../core/notify/render/first-check.js';

function part(overrides: Partial<EventPart> = {}): EventPart {
  return {
    kind: 'mirror-topic',
    name: 'orders',
    state: 'ACTIVE',
    errorCode: null,
    errorMessage: null,
    stateSince: null,
    ...overrides,
  };
}

describe('Function: firstThingToCheckForPart', () => {
  it('has a line of its own for each readiness problem while it holds', () => {
    // Act
    const lines = [
      firstThingToCheckForPart(part(), { type: 'MIRROR_TOPIC_STALLED', severity: 'critical' }),
      firstThingToCheckForPart(part(), { type: 'MIRROR_BEHIND_TARGET', severity: 'warning' }),
      firstThingToCheckForPart(part({ state: 'PENDING_STOPPED' }), {
        type: 'MIRROR_TRANSITION_STUCK',
        severity: 'critical',
      }),
      firstThingToCheckForPart(part({ state: 'PENDING_RESTORE' }), {
        type: 'MIRROR_TRANSITION_STUCK',
        severity: 'critical',
      }),
      firstThingToCheckForPart(part({ kind: 'config', name: 'acl.sync.enable', state: 'false' }), {
        type: 'LINK_CONFIG_CHANGED',
        severity: 'warning',
      }),
      firstThingToCheckForPart(part({ kind: 'task', name: 'AclSync', state: 'NOT_CONFIGURED' }), {
        type: 'LINK_SYNC_BROKEN',
        severity: 'warning',
      }),
    ];

    // Assess
    expect(lines.every((line) => typeof line === 'string' && line.length > 0)).toBe(true);
    expect(new Set(lines).size).toBe(lines.length);
    expect(lines[0]).toMatch(/not catching up/);
    expect(lines[1]).toMatch(/more than the link's target/);
    expect(lines[2]).toMatch(/promote or failover has not completed/);
    expect(lines[4]).toMatch(/switched off/);
    expect(lines[5]).toMatch(/switched on but its task is not configured/);
  });

  it("keys a broken sync's task on its error, as any task's", () => {
    const line = firstThingToCheckForPart(
      part({ kind: 'task', name: 'ConsumerOffsetSync', state: 'IN_ERROR', errorCode: 'AUTHORIZATION_ERROR' }),
      { type: 'LINK_SYNC_BROKEN', severity: 'warning' },
    );

    expect(line).toMatch(/lacks a permission/);
  });

  it('has nothing to check once a readiness problem ends', () => {
    const ended = (
      [
        'MIRROR_TOPIC_STALLED',
        'MIRROR_BEHIND_TARGET',
        'MIRROR_TRANSITION_STUCK',
        'LINK_CONFIG_CHANGED',
        'LINK_SYNC_BROKEN',
      ] as const
    ).map((type) =>
      firstThingToCheckForPart(part({ state: 'PENDING_STOPPED', errorCode: 'E' }), {
        type,
        severity: 'resolved',
      }),
    );

    expect(ended).toEqual([null, null, null, null, null]);
  });

  it('has nothing to check for a config change that switches no sync off', () => {
    const changed = part({ kind: 'config', name: 'consumer.offset.sync.ms', state: 'FAILED' });

    expect(firstThingToCheckForPart(changed, { type: 'LINK_CONFIG_CHANGED', severity: 'info' })).toBeNull();
    // A config's state is its value, never a state to look up, whatever the value says.
    expect(
      firstThingToCheckForPart(changed, { type: 'LINK_STILL_UNHEALTHY', severity: 'warning' }),
    ).toBeNull();
  });

  it('keeps the lines of state and lag events as they were', () => {
    expect(
      firstThingToCheckForPart(part({ state: 'PENDING_STOPPED' }), {
        type: 'MIRROR_TOPIC_STATE_CHANGED',
        severity: 'info',
      }),
    ).toMatch(/being promoted or failed over/);
    expect(
      firstThingToCheckForPart(part({ lag: { messagesBehind: 10, threshold: 5, worstPartitions: [] } }), {
        type: 'MIRROR_LAG_HIGH',
        severity: 'warning',
      }),
    ).toMatch(/fetches slower than the source topic grows/);
  });

  it('checks a reminder’s part as the problem it reminds of, the same as the event that opened it', () => {
    // Prepare
    const reminder = { type: 'LINK_STILL_UNHEALTHY', severity: 'critical' } as const;
    const cases: [EventPart, EventType][] = [
      [part({ state: 'stalled' }), 'MIRROR_TOPIC_STALLED'],
      [part({ state: 'behind its target' }), 'MIRROR_BEHIND_TARGET'],
      [part({ state: 'PENDING_STOPPED' }), 'MIRROR_TRANSITION_STUCK'],
      [part({ kind: 'task', name: 'AclSync', state: 'NOT_CONFIGURED' }), 'LINK_SYNC_BROKEN'],
    ];

    // Act
    const reminded = cases.map(([p, type]) =>
      firstThingToCheckForPart({ ...p, problemType: type }, reminder),
    );
    const opened = cases.map(([p, type]) => firstThingToCheckForPart(p, { type, severity: 'critical' }));

    // Assess
    expect(reminded).toEqual(opened);
    expect(reminded.every((line) => line !== null && !line.includes('Confluent reports'))).toBe(true);
  });

  it('checks a reminder of a lag breach, which carries no figures, as lag', () => {
    const lagging = part({ state: 'lagging', problemType: 'MIRROR_LAG_HIGH' });

    expect(firstThingToCheckForPart(lagging, { type: 'LINK_STILL_UNHEALTHY', severity: 'warning' })).toMatch(
      /fetches slower than the source topic grows/,
    );
  });
});

/** The endings of the lines for values the monitor does not know. */
const GENERIC_ADVICE = /does not know yet|with the Confluent CLI or Cloud Console\.$/;

/** Each line is real advice: present, its own, and not the line for a value the monitor does not know. */
function expectOwnAdvice(lines: readonly (string | null)[]): void {
  expect(lines.every((line) => typeof line === 'string' && line.length > 20)).toBe(true);
  expect(new Set(lines).size).toBe(lines.length);
  expect(lines.some((line) => GENERIC_ADVICE.test(line ?? ''))).toBe(false);
}

describe('Function: firstThingToCheck, by value', () => {
  it('has advice of its own for every documented link_error', () => {
    expectOwnAdvice(
      KNOWN_LINK_ERRORS.map((linkError) => firstThingToCheck({ linkState: 'FAILED', linkError })),
    );
  });

  it('has advice of its own for every unhealthy link_state without an error', () => {
    expectOwnAdvice(
      ['UNAVAILABLE', 'FAILED', 'PAUSED', 'UNKNOWN'].map((linkState) =>
        firstThingToCheck({ linkState, linkError: null }),
      ),
    );
  });

  it('has nothing to check for a link that reports neither a state nor an error', () => {
    expect(firstThingToCheck({ linkState: null, linkError: null })).toBeNull();
  });
});

describe('Function: firstThingToCheckForPart, by value', () => {
  const stateChange = { type: 'MIRROR_TOPIC_STATE_CHANGED', severity: 'critical' } as const;
  const taskChange = { type: 'TASK_STATE_CHANGED', severity: 'warning' } as const;
  const task = (overrides: Partial<EventPart>) => part({ kind: 'task', name: 'AclSync', ...overrides });

  it('has advice of its own for every documented mirror topic error', () => {
    const errors = [
      'SOURCE_TOPIC_MAY_BE_DELETED',
      'SOURCE_TOPIC_ID_CHANGED',
      'SOURCE_PARTITIONS_DECREASED',
      'UNEXPECTED_TRUNCATION',
      'NON_MONOTONIC_LOG_APPEND_EPOCH',
      'NON_MONOTONIC_SOURCE_EPOCH',
      'UNSUPPORTED_MESSAGE_FORMAT',
    ];

    expectOwnAdvice(
      errors.map((errorCode) => firstThingToCheckForPart(part({ state: 'FAILED', errorCode }), stateChange)),
    );
  });

  it('has advice of its own for every unhealthy mirror topic state without an error', () => {
    const states = ['FAILED', 'SOURCE_UNAVAILABLE', 'PAUSED', 'STOPPED', 'PENDING_STOPPED'];

    expectOwnAdvice(states.map((state) => firstThingToCheckForPart(part({ state }), stateChange)));
  });

  it('has advice of its own for every documented task error, and for a task in error without one', () => {
    const errors = [
      'MISCONFIGURATION_ERROR',
      'AUTHENTICATION_ERROR',
      'AUTHORIZATION_ERROR',
      'REMOTE_LINK_NOT_FOUND_ERROR',
      'ACL_LIMIT_EXCEEDED',
    ];

    const lines = [
      ...errors.map((errorCode) =>
        firstThingToCheckForPart(task({ state: 'IN_ERROR', errorCode }), taskChange),
      ),
      firstThingToCheckForPart(task({ state: 'IN_ERROR' }), taskChange),
    ];

    expectOwnAdvice(lines);
    expect(lines.at(-1)).toMatch(/task is in error/);
  });

  it('names the field, the value and the kind of part for an error it does not know', () => {
    expect(
      firstThingToCheckForPart(part({ state: 'FAILED', errorCode: 'NEW_TOPIC_ERROR' }), stateChange),
    ).toBe(
      'Confluent reports mirror_topic_error NEW_TOPIC_ERROR for this mirror topic: read the error message and check the mirror topic with the Confluent CLI or Cloud Console.',
    );
    expect(
      firstThingToCheckForPart(task({ state: 'IN_ERROR', errorCode: 'NEW_TASK_ERROR' }), taskChange),
    ).toBe(
      'Confluent reports error_code NEW_TASK_ERROR for this task: read the error message and check the task with the Confluent CLI or Cloud Console.',
    );
  });

  it('names the kind of part and the state for a state it does not know', () => {
    expect(firstThingToCheckForPart(part({ state: 'RESHARDING' }), stateChange)).toBe(
      'Confluent reports the mirror topic in state RESHARDING: check it with the Confluent CLI or Cloud Console.',
    );
    expect(firstThingToCheckForPart(task({ state: 'DRAINING' }), taskChange)).toBe(
      'Confluent reports the task in state DRAINING: check it with the Confluent CLI or Cloud Console.',
    );
  });

  it('has nothing to check for a part without a state, or a task not configured outside a broken sync', () => {
    expect(firstThingToCheckForPart(part({ state: null }), stateChange)).toBeNull();
    expect(firstThingToCheckForPart(task({ state: 'NOT_CONFIGURED' }), taskChange)).toBeNull();
  });

  it('keys a broken sync on its task’s state when the task has no error, and on the error when it has one', () => {
    const broken = { type: 'LINK_SYNC_BROKEN', severity: 'warning' } as const;

    const inError = firstThingToCheckForPart(task({ state: 'IN_ERROR' }), broken);
    const notConfiguredWithError = firstThingToCheckForPart(
      task({ state: 'NOT_CONFIGURED', errorCode: 'MISCONFIGURATION_ERROR' }),
      broken,
    );

    expect(inError).toMatch(/task is in error/);
    expect(notConfiguredWithError).toMatch(/settings on the link are wrong/);
  });

  it('points a topic over its lag threshold at its state, or at its error when it has one', () => {
    const lag = { messagesBehind: 10, threshold: 5, worstPartitions: [] };
    const lagHigh = { type: 'MIRROR_LAG_HIGH', severity: 'warning' } as const;

    expect(firstThingToCheckForPart(part({ state: 'PAUSED', lag }), lagHigh)).toMatch(
      /Mirroring of this topic is paused/,
    );
    expect(
      firstThingToCheckForPart(part({ state: 'ACTIVE', errorCode: 'SOURCE_TOPIC_ID_CHANGED', lag }), lagHigh),
    ).toMatch(/source topic was recreated/);
  });

  it('has nothing to check for a topic exactly at its lag threshold', () => {
    const atThreshold = part({ lag: { messagesBehind: 5, threshold: 5, worstPartitions: [] } });

    expect(
      firstThingToCheckForPart(atThreshold, { type: 'MIRROR_LAG_HIGH', severity: 'warning' }),
    ).toBeNull();
  });

  it('still points at the state of a topic whose lag is back under its threshold', () => {
    const recovered = part({
      state: 'PAUSED',
      lag: { messagesBehind: 1, threshold: 5, worstPartitions: [] },
    });

    expect(firstThingToCheckForPart(recovered, { type: 'MIRROR_LAG_HIGH', severity: 'resolved' })).toMatch(
      /Mirroring of this topic is paused/,
    );
  });
});
