/**
 * Where to look first for a mirror topic, task or config after an event: the conditions a part has
 * beside its state (a stall, time behind target, a stuck transition, a sync switched off or
 * broken) each get their own line while they hold, and none once they end.
 */
import { describe, expect, it } from 'vitest';
import type { EventPart, EventType } from '../../../../../core/model/change-events.js';
import { firstThingToCheckForPart } from '../../../../../core/notify/render/first-check.js';

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
