/**
 * The setup the link notice tests share: one link of one cluster, silences over it (a failover
 * drill among them), the context a poll records with, and the changes, events and snapshots it
 * records.
 */
import type { Silence } from '../../../../core/control/silence.js';
import type { EventPart, LinkChange, LinkChangeEvent } from '../../../../core/model/change-events.js';
import type { ClusterLink } from '../../../../core/model/link-model.js';
import type { LinkSnapshot } from '../../../../core/ports.js';
import { commitForChange } from '../../../../core/record/record-changes.js';
import type { RecordContext } from '../../../../core/record/record-context.js';

export const CLUSTER = 'lkc-prod';
export const LINK = 'orders-dr';
export const T0 = '2026-03-01T12:00:00.000Z';
export const HOUR = 3_600_000;

/** `plusMs` after T0. */
export const at = (plusMs = 0): Date => new Date(Date.parse(T0) + plusMs);

export function aSilence(
  id: string,
  matchers: Silence['matchers'],
  startsAt: string,
  endsAt: string,
): Silence {
  return {
    id,
    matchers,
    startsAt,
    endsAt,
    reason: 'failover drill',
    createdBy: 'alice',
    createdAt: startsAt,
    expiredAt: null,
  };
}

/** A silence over every `orders-*` link for the two hours from T0. */
export const drill: Silence = aSilence('s-drill', { linkName: 'orders-*' }, T0, at(2 * HOUR).toISOString());

/** A poll of the cluster at `now` that reminds every 4 hours and damps nothing. */
export function recordContext(now: Date, silences: readonly Silence[] = []): RecordContext {
  return {
    clusterId: CLUSTER,
    clusterLabel: 'Production',
    now,
    settings: {
      dampingPolls: 1,
      reminderIntervalMs: 4 * HOUR,
      retentionDays: 90,
      notifyTopicChanges: false,
      notifyMessageChanges: false,
    },
    silences,
  };
}

export function aChange(previous: ClusterLink, current: ClusterLink, events: LinkChangeEvent[]): LinkChange {
  return { linkName: LINK, previous, current, events };
}

/** An alert-worthy event of the link, from nothing to nothing unless told. */
export function aChangeEvent(
  event: Pick<LinkChangeEvent, 'type' | 'severity'> & Partial<LinkChangeEvent>,
): LinkChangeEvent {
  return {
    linkName: LINK,
    from: null,
    to: null,
    topicsAdded: [],
    topicsRemoved: [],
    alertWorthy: true,
    ...event,
  };
}

/** An `ACTIVE` mirror topic with no error. */
export function aTopicPart(name: string): EventPart {
  return {
    kind: 'mirror-topic',
    name,
    state: 'ACTIVE',
    errorCode: null,
    errorMessage: null,
    stateSince: null,
  };
}

/** A link config and its value. */
export function aConfigPart(name: string, value: string | null): EventPart {
  return { kind: 'config', name, state: value, errorCode: null, errorMessage: null, stateSince: null };
}

/** The stored snapshot of a link healthy since February. */
export function aSnapshot(link: ClusterLink, overrides: Partial<LinkSnapshot> = {}): LinkSnapshot {
  return {
    clusterId: CLUSTER,
    link,
    version: 4,
    stateSince: '2026-02-01T00:00:00.000Z',
    unhealthySince: null,
    lastRemindedAt: null,
    pendingCondition: null,
    ...overrides,
  };
}

/** The snapshot a change recorded an hour into the drill leaves, and the events it recorded. */
export function recordedUnderDrill(change: LinkChange, before: LinkSnapshot) {
  const { commit } = commitForChange(change, before, recordContext(at(HOUR), [drill]));
  if (commit.next === null) throw new Error('expected a snapshot');
  return { snapshot: commit.next, events: commit.events };
}
