/**
 * A sync switched off by its config on a healthy link is a part problem going on until it is
 * switched back on: the end of the silence that hid its warning is told, under the switch-off's
 * own key, it is reminded of, and a summary that told of it stays heard while it is off.
 */
import { describe, expect, it } from 'vitest';
import type { Silence } from '../../../../core/control/silence.js';
import type { LinkChangeEvent } from '../../../../core/model/change-events.js';
import type { ClusterLink, Severity } from '../../../../core/model/link-model.js';
import type { LinkSnapshot } from '../../../../core/ports.js';
import { problemScope, SILENCE_ENDED, withoutSettledSummary } from '../../../../core/record/link-notices.js';
import { commitForChange, commitForUnchanged } from '../../../../core/record/record-changes.js';
import type { RecordContext } from '../../../../core/record/record-context.js';
import { aLink } from '../../../support/link-fixtures.js';
import {
  aChange,
  aChangeEvent,
  aConfigPart,
  aSnapshot,
  aTopicPart,
  at,
  drill,
  HOUR,
  recordContext,
  recordedUnderDrill,
  T0,
} from './link-notices-fixtures.js';

const CONFIG = 'consumer.offset.sync.enable';
const KEY = `config:${CONFIG}:config`;
const LOSS = 'consumer offsets are not synced: consumers would reprocess after failover';

const context = (now: Date, silences: readonly Silence[] = [drill]): RecordContext =>
  recordContext(now, silences);

const switchedOn = aLink({ configs: { values: [{ name: CONFIG, value: 'true', sensitive: false }] } });
const switchedOff = aLink({
  configs: { values: [{ name: CONFIG, value: 'false', sensitive: false }], switchedOff: [CONFIG] },
});

function configEvent(severity: Severity, value: string, lost: string | null): LinkChangeEvent {
  return aChangeEvent({
    type: 'LINK_CONFIG_CHANGED',
    severity,
    from: value === 'true' ? 'false' : 'true',
    to: value,
    part: { ...aConfigPart(CONFIG, value), errorMessage: lost },
  });
}

const before = aSnapshot(switchedOn);

/** The snapshot a switch-off under the drill leaves, and the events it recorded. */
function switchedOffUnderSilence() {
  return recordedUnderDrill(
    aChange(switchedOn, switchedOff, [configEvent('warning', 'false', LOSS)]),
    before,
  );
}

describe('a sync switched off under a silence', () => {
  it('is told once, when the silence ends and it is still off, under the switch-off’s own key', () => {
    // Prepare
    const { snapshot, events } = switchedOffUnderSilence();

    // Act
    const ended = commitForUnchanged(snapshot, switchedOff, context(at(3 * HOUR)));
    const after = ended?.commit.next;
    const again =
      after == null ? null : commitForUnchanged(after, switchedOff, context(at(3 * HOUR + 60_000)));

    // Assess
    expect(events.map((e) => [e.type, e.notification, e.silencedBy])).toEqual([
      ['LINK_CONFIG_CHANGED', 'NOT_NOTIFIED', 's-drill'],
    ]);
    expect(snapshot).toMatchObject({ silencedBy: 's-drill', partsUnhealthySince: at(HOUR).toISOString() });
    expect(ended?.commit.events).toEqual([
      expect.objectContaining({
        type: 'LINK_STILL_UNHEALTHY',
        severity: 'warning',
        notification: 'PENDING',
        detail: `${SILENCE_ENDED} s-drill`,
        part: {
          kind: 'config',
          name: CONFIG,
          state: 'false',
          errorCode: null,
          errorMessage: LOSS,
          stateSince: null,
          problemType: 'LINK_CONFIG_CHANGED',
        },
      }),
    ]);
    const notice = ended?.commit.events[0];
    expect(notice === undefined ? null : problemScope(notice)).toBe(KEY);
    expect(after?.announced).toEqual([KEY]);
    expect(after?.silencedBy).toBeUndefined();
    expect(again).toBeNull();
  });

  it('then tells whoever heard that notice when it is switched back on, even under a later silence', () => {
    // Prepare
    const { snapshot } = switchedOffUnderSilence();
    const heard = commitForUnchanged(snapshot, switchedOff, context(at(3 * HOUR)))?.commit.next;
    if (heard == null) throw new Error('expected a snapshot');
    const later: Silence = {
      ...drill,
      id: 's-later',
      startsAt: at(4 * HOUR).toISOString(),
      endsAt: at(9 * HOUR).toISOString(),
    };

    // Act
    const { commit } = commitForChange(
      aChange(switchedOff, switchedOn, [configEvent('resolved', 'true', null)]),
      heard,
      context(at(5 * HOUR), [later]),
    );

    // Assess
    expect(commit.events.map((e) => [e.type, e.severity, e.notification])).toEqual([
      ['LINK_CONFIG_CHANGED', 'resolved', 'PENDING'],
    ]);
    expect(commit.next?.announced).toBeUndefined();
    expect(commit.next?.partsUnhealthySince).toBeUndefined();
  });

  it('is reminded of while it stays off past the reminder interval', () => {
    // Prepare
    const heard: LinkSnapshot = { ...before, link: switchedOff, partsUnhealthySince: T0, announced: [KEY] };

    // Act
    const early = commitForUnchanged(heard, switchedOff, context(at(4 * HOUR - 1), []));
    const reminded = commitForUnchanged(heard, switchedOff, context(at(4 * HOUR), []));

    // Assess
    expect(early).toBeNull();
    expect(reminded?.commit.events).toEqual([
      expect.objectContaining({
        type: 'LINK_STILL_UNHEALTHY',
        severity: 'warning',
        notification: 'PENDING',
        previousSince: T0,
        part: expect.objectContaining({ name: CONFIG, problemType: 'LINK_CONFIG_CHANGED' }),
      }),
    ]);
    expect(reminded?.commit.next?.announced).toEqual([KEY]);
  });
});

describe('a sync switched off that a summary told of', () => {
  it('keeps the summary heard while the sync is off, and settles it once the switch-off is heard on its own', () => {
    expect(withoutSettledSummary(['parts'], switchedOff)).toEqual(['parts']);
    expect(withoutSettledSummary([KEY, 'parts'], switchedOff)).toEqual([KEY]);
    expect(withoutSettledSummary(['parts'], switchedOn)).toEqual([]);
  });

  it('tells its end under a silence that began after the summary, once the other summarised parts recovered', () => {
    // Prepare: a summary told of a paused topic and of the switch-off; the topic then resumes
    const pausedAndOff: ClusterLink = {
      ...switchedOff,
      mirrorTopics: [
        { topicName: 'orders', status: 'PAUSED', error: null, stateTimeMs: null, transitionErrors: [] },
      ],
    };
    const summarised: LinkSnapshot = {
      ...before,
      link: pausedAndOff,
      partsUnhealthySince: T0,
      announced: ['parts'],
    };
    const resumed: LinkChangeEvent = {
      ...configEvent('resolved', 'true', null),
      type: 'MIRROR_TOPIC_STATE_CHANGED',
      from: 'PAUSED',
      to: 'ACTIVE',
      part: aTopicPart('orders'),
    };
    const afterResume = commitForChange(
      aChange(pausedAndOff, switchedOff, [resumed]),
      summarised,
      context(at(HOUR), []),
    ).commit.next;
    if (afterResume === null) throw new Error('expected a snapshot');
    const late: Silence = {
      ...drill,
      id: 's-late',
      startsAt: at(2 * HOUR).toISOString(),
      endsAt: at(9 * HOUR).toISOString(),
    };

    // Act
    const { commit } = commitForChange(
      aChange(switchedOff, switchedOn, [configEvent('resolved', 'true', null)]),
      afterResume,
      context(at(3 * HOUR), [late]),
    );

    // Assess
    expect(afterResume.announced).toEqual(['parts']);
    expect(commit.events.map((e) => [e.type, e.severity, e.notification, e.silencedBy ?? null])).toEqual([
      ['LINK_CONFIG_CHANGED', 'resolved', 'PENDING', null],
    ]);
    expect(commit.next?.announced).toBeUndefined();
  });
});
