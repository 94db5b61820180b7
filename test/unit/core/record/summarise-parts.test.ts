/**
 * How a link's events of one poll are made to fit the commit that records them: the part events
 * beyond what it carries become summaries with counts and the first names, and the end of every
 * part problem announced on its own stays an event of its own.
 */
import { describe, expect, it } from 'vitest';
import type { EventType, HistoryEvent } from '../../../../core/model/change-events.js';
import type { Severity } from '../../../../core/model/link-model.js';
import { MAX_EVENTS_PER_COMMIT } from '../../../../core/record/store-input.js';
import {
  MAX_ANNOUNCED_PARTS,
  MAX_CHANGE_EVENTS,
  SUMMARY_NAMES,
  summariseParts,
} from '../../../../core/record/summarise-parts.js';

const CLUSTER = 'lkc-prod';
const LINK = 'orders-dr';
const T0 = '2026-03-01T12:00:00.000Z';

const idAt = (index: number): string => `${CLUSTER}#${LINK}#${T0}#v5#${index}`;

function topicName(n: number): string {
  return `topic-${String(n).padStart(3, '0')}`;
}

function linkEvent(type: EventType, overrides: Partial<HistoryEvent> = {}): HistoryEvent {
  return {
    eventId: 'unset',
    clusterId: CLUSTER,
    clusterLabel: 'Production',
    linkName: LINK,
    clusterLinkId: 'eEBkTffYSESld6EO898x3w',
    type,
    severity: 'info',
    observedAt: T0,
    from: null,
    to: null,
    topicsAdded: [],
    topicsRemoved: [],
    previousSince: null,
    link: null,
    detail: null,
    notification: 'NOT_NOTIFIED',
    expiresAt: 1_780_000_000,
    ...overrides,
  };
}

/** A mirror topic's state change to `state`, notified unless said otherwise. */
function topicEvent(
  name: string,
  state: string | null,
  severity: Severity,
  overrides: Partial<HistoryEvent> = {},
): HistoryEvent {
  return linkEvent('MIRROR_TOPIC_STATE_CHANGED', {
    severity,
    to: state,
    notification: 'PENDING',
    part: { kind: 'mirror-topic', name, state, errorCode: null, errorMessage: null, stateSince: null },
    ...overrides,
  });
}

/** `count` topics from `first` on, each changed to `state`. */
function topicEvents(first: number, count: number, state: string | null, severity: Severity): HistoryEvent[] {
  return Array.from({ length: count }, (_, n) => topicEvent(topicName(first + n), state, severity));
}

function withIds(events: readonly HistoryEvent[]): HistoryEvent[] {
  return events.map((event, index) => ({ ...event, eventId: idAt(index) }));
}

/** The same event, only recorded (not notified). */
const quiet = (event: HistoryEvent): HistoryEvent => ({ ...event, notification: 'NOT_NOTIFIED' });

const counts = linkEvent('MIRROR_STATE_COUNTS_CHANGED', { from: 'ACTIVE 120', to: 'ACTIVE 20, PAUSED 100' });
const scopes = (first: number, count: number): string[] =>
  Array.from({ length: count }, (_, n) => `mirror-topic:${topicName(first + n)}`);

describe('Function: summariseParts', () => {
  it('leaves the events as they are when they fit and announce few enough parts', () => {
    // Prepare
    const events = withIds([counts, ...topicEvents(0, 30, 'PAUSED', 'warning')]);

    // Act
    const fitted = summariseParts(events, [], idAt);

    // Assess
    expect(fitted.events).toBe(events);
    expect(fitted.endedInSummary).toEqual([]);
  });

  it('keeps 100 paused topics within one commit: each one up to the bound, then one summary with counts and the first names', () => {
    // Prepare
    const events = withIds([counts, ...topicEvents(0, 100, 'PAUSED', 'warning')]);

    // Act
    const fitted = summariseParts(events, [], idAt);

    // Assess
    expect(fitted.events.length).toBeLessThanOrEqual(MAX_CHANGE_EVENTS);
    const one = fitted.events.filter((e) => e.type === 'MIRROR_TOPIC_STATE_CHANGED');
    expect(one).toHaveLength(MAX_ANNOUNCED_PARTS);
    expect(one.map((e) => e.part?.name)).toEqual(
      Array.from({ length: MAX_ANNOUNCED_PARTS }, (_, n) => topicName(n)),
    );
    const left = 100 - MAX_ANNOUNCED_PARTS;
    const firstLeft = Array.from({ length: left }, (_, n) => topicName(MAX_ANNOUNCED_PARTS + n));
    expect(fitted.events.at(-1)).toMatchObject({
      type: 'PART_CHANGES_SUMMARISED',
      severity: 'warning',
      notification: 'PENDING',
      linkName: LINK,
      observedAt: T0,
      to: `PAUSED ${left}`,
      detail: firstLeft.slice(0, SUMMARY_NAMES).join(', '),
    });
    expect(fitted.events.map((e) => e.eventId)).toEqual(fitted.events.map((_, index) => idAt(index)));
  });

  it('names the first parts it summarises and counts the others', () => {
    // Prepare: more left out than a summary names
    const events = withIds(topicEvents(0, 200, 'FAILED', 'critical'));

    // Act
    const summary = summariseParts(events, [], idAt).events.at(-1);

    // Assess
    const left = 200 - MAX_ANNOUNCED_PARTS;
    expect(summary?.to).toBe(`FAILED ${left}`);
    expect(summary?.detail).toBe(
      `${Array.from({ length: SUMMARY_NAMES }, (_, n) => topicName(MAX_ANNOUNCED_PARTS + n)).join(', ')} and ${left - SUMMARY_NAMES} more`,
    );
  });

  it('keeps the end of every part problem announced on its own as an event of its own, however much else changed', () => {
    // Prepare: 80 announced topics resume while 100 others fail, and tasks go wrong
    const heard = scopes(0, MAX_ANNOUNCED_PARTS);
    const tasks = ['AclSync', 'ConsumerOffsetSync'].map((name) =>
      linkEvent('TASK_STATE_CHANGED', {
        severity: 'warning',
        to: 'IN_ERROR',
        notification: 'PENDING',
        part: {
          kind: 'task',
          name,
          state: 'IN_ERROR',
          errorCode: null,
          errorMessage: null,
          stateSince: null,
        },
      }),
    );
    const events = withIds([
      counts,
      ...topicEvents(0, MAX_ANNOUNCED_PARTS, 'ACTIVE', 'resolved'),
      ...topicEvents(200, 100, 'FAILED', 'critical'),
      ...tasks,
    ]);

    // Act
    const fitted = summariseParts(events, heard, idAt);

    // Assess
    expect(fitted.events.length).toBeLessThanOrEqual(MAX_CHANGE_EVENTS);
    const resolvedOneByOne = fitted.events
      .filter((e) => e.type === 'MIRROR_TOPIC_STATE_CHANGED' && e.severity === 'resolved')
      .map((e) => `mirror-topic:${e.part?.name}`);
    expect(resolvedOneByOne).toEqual(heard);
    expect(fitted.endedInSummary).toEqual([]);
    const summary = fitted.events.find((e) => e.type === 'PART_CHANGES_SUMMARISED');
    expect(summary).toMatchObject({ severity: 'critical', notification: 'PENDING' });
    expect(summary?.to).toMatch(/^FAILED \d+, task IN_ERROR 2$/);
  });

  it('keeps a critical part on its own before warnings, wherever it comes in the order', () => {
    // Prepare
    const events = withIds([
      ...topicEvents(0, 100, 'PAUSED', 'warning'),
      topicEvent('zz-last', 'FAILED', 'critical'),
    ]);

    // Act
    const fitted = summariseParts(events, [], idAt);

    // Assess
    expect(fitted.events.filter((e) => e.part?.name === 'zz-last')).toHaveLength(1);
    expect(fitted.events.at(-1)?.to).toBe(`PAUSED ${101 - MAX_ANNOUNCED_PARTS}`);
  });

  it('announces no more parts on their own than the bound, even when the events would fit', () => {
    // Prepare: 75 announced, 10 more fail
    const heard = scopes(0, 75);
    const events = withIds(topicEvents(100, 10, 'FAILED', 'critical'));

    // Act
    const fitted = summariseParts(events, heard, idAt);

    // Assess
    expect(fitted.events.filter((e) => e.part !== undefined)).toHaveLength(MAX_ANNOUNCED_PARTS - 75);
    expect(fitted.events.at(-1)).toMatchObject({ type: 'PART_CHANGES_SUMMARISED', to: 'FAILED 5' });
  });

  it('summarises ends apart from news, and what is only recorded apart from what is notified', () => {
    // Prepare: topics failing, topics whose unannounced problems end, topics stopped on purpose, silenced ones
    const silenced = topicEvents(400, 30, 'FAILED', 'critical').map((e) => ({
      ...e,
      notification: 'NOT_NOTIFIED' as const,
      silencedBy: 's-migration',
    }));
    const stopped = topicEvents(500, 30, 'STOPPED', 'info').map((e) => ({
      ...e,
      notification: 'NOT_NOTIFIED' as const,
    }));
    const events = withIds([
      ...topicEvents(0, 100, 'FAILED', 'critical'),
      ...topicEvents(200, 60, 'ACTIVE', 'resolved'),
      ...silenced,
      ...stopped,
    ]);

    // Act
    const summaries = summariseParts(events, [], idAt).events.filter(
      (e) => e.type === 'PART_CHANGES_SUMMARISED',
    );

    // Assess
    expect(summaries.map((e) => [e.severity, e.notification, e.silencedBy ?? null])).toEqual([
      ['critical', 'PENDING', null],
      ['resolved', 'PENDING', null],
      ['critical', 'NOT_NOTIFIED', null],
    ]);
    expect(summaries[2]?.to).toBe('FAILED 30, STOPPED 30');
  });

  it('keeps the silence on a summary of events that one silence kept quiet', () => {
    // Prepare
    const events = withIds(
      topicEvents(0, 120, 'FAILED', 'critical').map((e) => ({
        ...e,
        notification: 'NOT_NOTIFIED' as const,
        silencedBy: 's-migration',
      })),
    );

    // Act
    const summary = summariseParts(events, [], idAt).events.at(-1);

    // Assess
    expect(summary).toMatchObject({
      type: 'PART_CHANGES_SUMMARISED',
      notification: 'NOT_NOTIFIED',
      silencedBy: 's-migration',
    });
  });

  it('ends in a summary the announced problems that cannot all have an event of their own (snapshots from before the bound)', () => {
    // Prepare: 120 topics announced one by one, all resume
    const heard = scopes(0, 120);
    const events = withIds(topicEvents(0, 120, 'ACTIVE', 'resolved'));

    // Act
    const fitted = summariseParts(events, heard, idAt);

    // Assess
    expect(fitted.events.length).toBeLessThanOrEqual(MAX_CHANGE_EVENTS);
    const oneByOne = fitted.events.filter((e) => e.part !== undefined).length;
    expect(fitted.endedInSummary).toEqual(scopes(oneByOne, 120 - oneByOne));
    expect(fitted.events.at(-1)).toMatchObject({ severity: 'resolved', to: `ACTIVE ${120 - oneByOne}` });
  });

  it('never makes a commit larger than one may be, with a notice still to come', () => {
    for (const parts of [97, 98, 99, 150, 280]) {
      // Prepare: the most the link itself can say, then its parts
      const own: HistoryEvent[] = [
        linkEvent('LINK_RECREATED'),
        linkEvent('LINK_STATE_CHANGED'),
        linkEvent('LINK_ERROR_CHANGED'),
        linkEvent('MIRROR_TOPICS_CHANGED'),
        counts,
      ];
      const events = withIds([
        ...own,
        ...topicEvents(0, Math.ceil(parts / 2), 'FAILED', 'critical'),
        ...topicEvents(500, Math.floor(parts / 2), null, 'resolved'),
      ]);

      // Act
      const fitted = summariseParts(events, scopes(500, 40), idAt);

      // Assess
      expect(fitted.events.length + 1, `${parts} part events`).toBeLessThanOrEqual(MAX_EVENTS_PER_COMMIT);
      expect(fitted.events.slice(0, own.length).map((e) => e.type)).toEqual(own.map((e) => e.type));
      expect(new Set(fitted.events.map((e) => e.eventId)).size).toBe(fitted.events.length);
    }
  });
  it('leaves the events as they are when they fill exactly the room of a commit', () => {
    // Prepare: only recorded, so that none of them counts towards the bound of announced parts
    const events = withIds(topicEvents(0, MAX_CHANGE_EVENTS, 'STOPPED', 'info').map(quiet));

    // Act
    const fitted = summariseParts(events, [], idAt);

    // Assess
    expect(fitted.events).toBe(events);
  });

  it('leaves the events as they are when they announce exactly as many parts as the bound allows', () => {
    // Prepare
    const events = withIds([counts, ...topicEvents(0, MAX_ANNOUNCED_PARTS, 'PAUSED', 'warning')]);

    // Act
    const fitted = summariseParts(events, [], idAt);

    // Assess
    expect(fitted.events).toBe(events);
  });

  it("counts only parts among what was heard towards the bound, not the link's own condition or a summary", () => {
    // Prepare: one part short of the bound, beside the link's own condition and a summary of parts
    const heard = ['link', 'parts', ...scopes(0, MAX_ANNOUNCED_PARTS - 1)];
    const events = withIds([counts, topicEvent(topicName(200), 'FAILED', 'critical')]);

    // Act
    const fitted = summariseParts(events, heard, idAt);

    // Assess
    expect(fitted.events).toBe(events);
  });

  it('counts only the events that announce a new problem towards the bound', () => {
    // Prepare: as many parts announced as the bound allows; some of their problems end, others are only recorded
    const heard = scopes(0, MAX_ANNOUNCED_PARTS);
    const events = withIds([
      ...topicEvents(0, 10, 'ACTIVE', 'resolved'),
      ...topicEvents(200, 10, 'STOPPED', 'info').map(quiet),
    ]);

    // Act
    const fitted = summariseParts(events, heard, idAt);

    // Assess
    expect(fitted.events).toBe(events);
  });

  it('keeps the end of an announced problem on its own before news that is not a problem', () => {
    // Prepare: more notified news than a commit carries comes first, the ends of announced problems last
    const heard = scopes(0, 20);
    const events = withIds([
      ...topicEvents(100, MAX_CHANGE_EVENTS, 'STOPPED', 'info'),
      ...topicEvents(0, 20, 'ACTIVE', 'resolved'),
    ]);

    // Act
    const fitted = summariseParts(events, heard, idAt);

    // Assess
    const endsOneByOne = fitted.events
      .filter((e) => e.type === 'MIRROR_TOPIC_STATE_CHANGED' && e.severity === 'resolved')
      .map((e) => `mirror-topic:${e.part?.name}`);
    expect(endsOneByOne).toEqual(heard);
    expect(fitted.endedInSummary).toEqual([]);
    expect(fitted.events.at(-1)).toMatchObject({ type: 'PART_CHANGES_SUMMARISED', severity: 'info' });
  });

  it('keeps warnings on their own before news that is not a problem, wherever they come in the order', () => {
    // Prepare
    const events = withIds([
      ...topicEvents(100, MAX_CHANGE_EVENTS, 'STOPPED', 'info'),
      ...topicEvents(0, 5, 'PAUSED', 'warning'),
    ]);

    // Act
    const fitted = summariseParts(events, [], idAt);

    // Assess
    expect(fitted.events.filter((e) => e.to === 'PAUSED').map((e) => e.part?.name)).toEqual(
      Array.from({ length: 5 }, (_, n) => topicName(n)),
    );
    // One event of the commit's room goes to the summary.
    const left = MAX_CHANGE_EVENTS + 5 - (MAX_CHANGE_EVENTS - 1);
    expect(fitted.events.at(-1)).toMatchObject({ type: 'PART_CHANGES_SUMMARISED', to: `STOPPED ${left}` });
  });

  it('lets the changes and ends of announced problems take no place among the new parts the bound allows', () => {
    // Prepare: 40 announced problems end while 60 other topics fail
    const heard = scopes(0, 40);
    const events = withIds([
      ...topicEvents(0, 40, 'ACTIVE', 'resolved'),
      ...topicEvents(100, 60, 'FAILED', 'critical'),
    ]);

    // Act
    const fitted = summariseParts(events, heard, idAt);

    // Assess
    const failedOneByOne = fitted.events.filter(
      (e) => e.type === 'MIRROR_TOPIC_STATE_CHANGED' && e.to === 'FAILED',
    );
    expect(failedOneByOne).toHaveLength(MAX_ANNOUNCED_PARTS - 40);
    expect(fitted.events.at(-1)).toMatchObject({
      type: 'PART_CHANGES_SUMMARISED',
      to: `FAILED ${60 - (MAX_ANNOUNCED_PARTS - 40)}`,
    });
  });

  it('keeps announced a problem that changes but goes on, when its change is told in a summary', () => {
    // Prepare: 120 topics announced one by one (snapshots from before the bound) all get worse
    const heard = scopes(0, 120);
    const events = withIds(topicEvents(0, 120, 'FAILED', 'critical'));

    // Act
    const fitted = summariseParts(events, heard, idAt);

    // Assess
    expect(fitted.events.at(-1)).toMatchObject({ type: 'PART_CHANGES_SUMMARISED', severity: 'critical' });
    expect(fitted.endedInSummary).toEqual([]);
  });

  it('ends in a summary only problems that were announced on their own', () => {
    // Prepare: 120 announced topics resume, and 20 others whose problems were never announced on their own
    const heard = scopes(0, 120);
    const events = withIds([
      ...topicEvents(0, 120, 'ACTIVE', 'resolved'),
      ...topicEvents(300, 20, 'ACTIVE', 'resolved'),
    ]);

    // Act
    const fitted = summariseParts(events, heard, idAt);

    // Assess
    const oneByOne = fitted.events.filter((e) => e.part !== undefined).length;
    expect(oneByOne).toBeLessThan(120);
    expect(fitted.endedInSummary).toEqual(scopes(oneByOne, 120 - oneByOne));
  });

  it('makes a summary about the link and poll of the parts it stands for, with no part and no topics of its own', () => {
    // Prepare: 20 more topics fail than the bound announces on their own
    const events = withIds(topicEvents(0, MAX_ANNOUNCED_PARTS + 20, 'FAILED', 'critical'));

    // Act
    const summary = summariseParts(events, [], idAt).events.at(-1);

    // Assess
    expect(summary).toEqual({
      eventId: idAt(MAX_ANNOUNCED_PARTS),
      clusterId: CLUSTER,
      clusterLabel: 'Production',
      linkName: LINK,
      clusterLinkId: 'eEBkTffYSESld6EO898x3w',
      type: 'PART_CHANGES_SUMMARISED',
      severity: 'critical',
      observedAt: T0,
      from: null,
      to: 'FAILED 20',
      topicsAdded: [],
      topicsRemoved: [],
      previousSince: null,
      link: null,
      detail: Array.from({ length: 20 }, (_, n) => topicName(MAX_ANNOUNCED_PARTS + n)).join(', '),
      notification: 'PENDING',
      expiresAt: 1_780_000_000,
    });
  });

  it('counts the conditions in the order of their names, whatever the order of the events', () => {
    // Prepare: only recorded, so the commit keeps them in their order and leaves out the last
    const events = withIds(
      [
        ...topicEvents(0, MAX_CHANGE_EVENTS, 'STOPPED', 'info'),
        ...topicEvents(200, 3, 'PAUSED', 'warning'),
      ].map(quiet),
    );

    // Act
    const summary = summariseParts(events, [], idAt).events.at(-1);

    // Assess: one event of the room goes to the summary, so the last stopped topic is left out too
    expect(summary?.to).toBe('PAUSED 3, STOPPED 1');
  });

  it('counts a part by its state and error, or as no longer listed or reported', () => {
    // Prepare: only recorded, so the commit keeps them in their order and leaves out the last
    const task = (name: string, state: string | null, errorCode: string | null): HistoryEvent =>
      quiet(
        linkEvent('TASK_STATE_CHANGED', {
          severity: 'warning',
          to: state,
          part: { kind: 'task', name, state, errorCode, errorMessage: null, stateSince: null },
        }),
      );
    const failing = topicEvent('payments', 'FAILED', 'critical', {
      part: {
        kind: 'mirror-topic',
        name: 'payments',
        state: 'FAILED',
        errorCode: 'SOURCE_TOPIC_MISSING',
        errorMessage: null,
        stateSince: null,
      },
    });
    const events = withIds([
      ...topicEvents(0, MAX_CHANGE_EVENTS - 1, 'ACTIVE', 'info').map(quiet),
      quiet(failing),
      ...topicEvents(200, 2, null, 'warning').map(quiet),
      task('AclSync', 'IN_ERROR', 'MISCONFIGURATION_ERROR'),
      task('ConsumerOffsetSync', null, null),
    ]);

    // Act
    const summary = summariseParts(events, [], idAt).events.at(-1);

    // Assess
    expect(summary?.to).toBe(
      'FAILED SOURCE_TOPIC_MISSING 1, not listed 2, task IN_ERROR MISCONFIGURATION_ERROR 1, task not reported 1',
    );
  });

  it('names parts in a summary up to 2,000 characters in all', () => {
    // Prepare: beyond the bound, topics with names of 200 characters fail; ten of them make 2,000
    const longName = (n: number): string =>
      `${'orders-eu-west-'.padEnd(196, 'x')}${String(n).padStart(4, '0')}`;
    const longNames = Array.from({ length: 12 }, (_, n) => longName(n));
    const events = withIds([
      ...topicEvents(0, MAX_ANNOUNCED_PARTS, 'FAILED', 'critical'),
      ...longNames.map((name) => topicEvent(name, 'FAILED', 'critical')),
    ]);

    // Act
    const summary = summariseParts(events, [], idAt).events.at(-1);

    // Assess
    expect(longName(0)).toHaveLength(200);
    expect(summary?.detail).toBe(`${longNames.slice(0, 10).join(', ')} and 2 more`);
  });
});
