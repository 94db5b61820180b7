/**
 * The words of the link, part and cluster events, as every rendering shows them: a sentence for
 * the body (`describeEvent`), a few words for the headline (`headlinePart`) and how long the
 * condition before it held (`durationNote`). The readiness events have theirs in
 * change-phrases.test.ts.
 */
import { describe, expect, it } from 'vitest';
import type { HistoryEvent } from '../../../../../core/model/change-events.js';
import type { ClusterLink } from '../../../../../core/model/link-model.js';
import {
  describeEvent,
  durationNote,
  errorText,
  headlinePart,
  isFirstSighting,
  remindedParts,
  stateText,
} from '../../../../../core/notify/render/change-phrases.js';
import { aLink, anEvent, aTaskPart, aTopicPart } from './notification-fixtures.js';

/** 3 days, 2 hours and 15 minutes before the fixtures' poll. */
const SINCE = '2025-05-31T08:00:00.000Z';
/** After the fixtures' poll: a clock skew, which gives no span. */
const LATER = '2025-06-03T11:00:00.000Z';

function event(overrides: Partial<HistoryEvent>): HistoryEvent {
  return anEvent({ from: null, to: null, previousSince: null, ...overrides });
}

describe('Function: stateText and errorText', () => {
  it('say a value as it is, and what its absence means', () => {
    expect([stateText('PAUSED'), stateText(null)]).toEqual(['PAUSED', 'not reported']);
    expect([errorText('AUTHENTICATION_ERROR'), errorText(null)]).toEqual([
      'AUTHENTICATION_ERROR',
      'NO_ERROR',
    ]);
  });
});

describe('Function: isFirstSighting', () => {
  it('is a link state or error with neither a value nor a condition before', () => {
    expect(isFirstSighting({ type: 'LINK_STATE_CHANGED', from: null, previousSince: null })).toBe(true);
    expect(isFirstSighting({ type: 'LINK_ERROR_CHANGED', from: null, previousSince: null })).toBe(true);
  });

  it('is not a change from a value, nor from a condition with a start', () => {
    expect(isFirstSighting({ type: 'LINK_STATE_CHANGED', from: 'ACTIVE', previousSince: null })).toBe(false);
    expect(isFirstSighting({ type: 'LINK_ERROR_CHANGED', from: null, previousSince: SINCE })).toBe(false);
  });

  it('is never an event of another kind', () => {
    expect(isFirstSighting({ type: 'MIRROR_TOPIC_STATE_CHANGED', from: null, previousSince: null })).toBe(
      false,
    );
  });
});

describe('Function: describeEvent, link events', () => {
  it('says a link added or removed with its state', () => {
    const link = aLink({ linkState: 'PAUSED' });

    expect(describeEvent(event({ type: 'LINK_ADDED', link }))).toBe('link added (link_state PAUSED)');
    expect(describeEvent(event({ type: 'LINK_REMOVED', link }))).toBe('link removed (last seen PAUSED)');
    expect(describeEvent(event({ type: 'LINK_ADDED', link: null }))).toBe(
      'link added (link_state not reported)',
    );
    expect(describeEvent(event({ type: 'LINK_REMOVED', link: null }))).toBe(
      'link removed (last seen not reported)',
    );
  });

  it('says a link recreated by its old and new ids, and a question mark for one it lacks', () => {
    expect(describeEvent(event({ type: 'LINK_RECREATED', from: 'id-old', to: 'id-new' }))).toBe(
      'link recreated: cluster_link_id id-old -> id-new',
    );
    expect(describeEvent(event({ type: 'LINK_RECREATED' }))).toBe('link recreated: cluster_link_id ? -> ?');
  });

  it('says a state seen for the first time as such, and a change from one state to another', () => {
    expect(describeEvent(event({ type: 'LINK_STATE_CHANGED', to: 'FAILED' }))).toBe(
      'link_state first seen FAILED',
    );
    expect(describeEvent(event({ type: 'LINK_STATE_CHANGED', from: 'ACTIVE', to: null }))).toBe(
      'link_state ACTIVE -> not reported',
    );
    expect(describeEvent(event({ type: 'LINK_STATE_CHANGED', to: 'ACTIVE', previousSince: SINCE }))).toBe(
      'link_state not reported -> ACTIVE',
    );
  });

  it('says an error seen for the first time as such, and an error that cleared as NO_ERROR', () => {
    expect(describeEvent(event({ type: 'LINK_ERROR_CHANGED', to: 'AUTHENTICATION_ERROR' }))).toBe(
      'link_error first seen AUTHENTICATION_ERROR',
    );
    expect(describeEvent(event({ type: 'LINK_ERROR_CHANGED', from: 'AUTHENTICATION_ERROR', to: null }))).toBe(
      'link_error AUTHENTICATION_ERROR -> NO_ERROR',
    );
  });

  it('says that the error message changed without quoting it', () => {
    expect(describeEvent(event({ type: 'LINK_ERROR_MESSAGE_CHANGED', from: 'old', to: 'new' }))).toBe(
      'link_error_message changed',
    );
  });

  it('counts the mirror topics added and removed, and the topics by state', () => {
    const topics = event({ type: 'MIRROR_TOPICS_CHANGED', topicsAdded: ['a', 'b'], topicsRemoved: ['c'] });
    const byState = event({
      type: 'MIRROR_STATE_COUNTS_CHANGED',
      from: 'ACTIVE 3',
      to: 'ACTIVE 2, FAILED 1',
    });
    const fromNone = event({ type: 'MIRROR_STATE_COUNTS_CHANGED' });

    expect(describeEvent(topics)).toBe('mirror topics: 2 added, 1 removed');
    expect(describeEvent(byState)).toBe('mirror topics by state: ACTIVE 3 -> ACTIVE 2, FAILED 1');
    expect(describeEvent(fromNone)).toBe('mirror topics by state: none -> none');
  });

  it('says what the monitor can no longer and again list', () => {
    const unreachable = event({ type: 'CLUSTER_UNREACHABLE', linkName: null });
    const recovered = event({ type: 'CLUSTER_RECOVERED', linkName: null });

    expect(describeEvent(unreachable)).toBe("The monitor cannot list this cluster's links");
    expect(describeEvent(recovered)).toBe("The monitor can list this cluster's links again");
    expect(headlinePart(unreachable)).toBe("The monitor cannot list this cluster's links");
  });

  it('says an event of a kind it has no words for by its type and values', () => {
    const unknown = (from: string | null, to: string | null) =>
      event({ type: 'SOMETHING_NEW' as HistoryEvent['type'], from, to });

    expect(describeEvent(unknown('a', null))).toBe('SOMETHING_NEW: a -> -');
    expect(describeEvent(unknown(null, 'b'))).toBe('SOMETHING_NEW: - -> b');
    expect(describeEvent(unknown(null, null))).toBe('SOMETHING_NEW');
  });
});

describe('Function: describeEvent, part events', () => {
  it('says a mirror topic’s status change with its error, and a topic new on record by its state alone', () => {
    const failed = event({
      type: 'MIRROR_TOPIC_STATE_CHANGED',
      from: 'ACTIVE',
      to: 'FAILED',
      part: aTopicPart({ state: 'FAILED', errorCode: 'SOURCE_TOPIC_MAY_BE_DELETED' }),
    });
    const newOnRecord = event({
      type: 'MIRROR_TOPIC_STATE_CHANGED',
      to: 'PAUSED',
      part: aTopicPart({ state: 'PAUSED' }),
    });

    expect(describeEvent(failed)).toBe(
      'mirror topic orders: mirror_status ACTIVE -> FAILED (SOURCE_TOPIC_MAY_BE_DELETED)',
    );
    expect(describeEvent(newOnRecord)).toBe('mirror topic orders: mirror_status PAUSED');
  });

  it('says a topic gone from the listing is not listed, and a task gone is not reported', () => {
    const topicGone = event({
      type: 'MIRROR_TOPIC_STATE_CHANGED',
      from: 'FAILED',
      to: null,
      part: aTopicPart({ state: null }),
    });
    const taskGone = event({ type: 'TASK_STATE_CHANGED', from: 'IN_ERROR', to: null, part: aTaskPart() });

    expect(describeEvent(topicGone)).toBe('mirror topic orders: mirror_status FAILED -> not listed');
    expect(describeEvent(taskGone)).toBe('task AclSync: state IN_ERROR -> not reported');
    expect(headlinePart(topicGone)).toBe('mirror topic orders not listed');
    expect(headlinePart(taskGone)).toBe('task AclSync not reported');
  });

  it('says a task’s state change with its error code', () => {
    const broken = event({
      type: 'TASK_STATE_CHANGED',
      from: 'ACTIVE',
      to: 'IN_ERROR',
      part: aTaskPart({ errorCode: 'MISCONFIGURATION_ERROR' }),
    });

    expect(describeEvent(broken)).toBe('task AclSync: state ACTIVE -> IN_ERROR (MISCONFIGURATION_ERROR)');
    expect(headlinePart(broken)).toBe('task AclSync IN_ERROR (MISCONFIGURATION_ERROR)');
  });

  it('says a part’s error change from and to NO_ERROR', () => {
    const topicError = event({
      type: 'MIRROR_TOPIC_ERROR_CHANGED',
      to: 'SOURCE_TOPIC_MAY_BE_DELETED',
      part: aTopicPart(),
    });
    const taskError = event({ type: 'TASK_ERROR_CHANGED', from: 'AUTHORIZATION_ERROR', part: aTaskPart() });

    expect(describeEvent(topicError)).toBe(
      'mirror topic orders: mirror_topic_error NO_ERROR -> SOURCE_TOPIC_MAY_BE_DELETED',
    );
    expect(describeEvent(taskError)).toBe('task AclSync: error AUTHORIZATION_ERROR -> NO_ERROR');
  });

  it('calls a part it has no record of a part', () => {
    const nameless = event({ type: 'MIRROR_TOPIC_STATE_CHANGED', from: 'ACTIVE', to: 'FAILED' });

    expect(describeEvent(nameless)).toBe('part: mirror_status ACTIVE -> FAILED');
    expect(headlinePart(nameless)).toBe('part FAILED');
    expect(headlinePart({ ...nameless, to: null })).toBe('part not reported');
  });

  it('compares a topic’s lag with its threshold, in grouped digits, on the way over and back', () => {
    const lag = { messagesBehind: 1_234_567, threshold: 100_000, worstPartitions: [] };
    const over = event({ type: 'MIRROR_LAG_HIGH', severity: 'warning', part: aTopicPart({ lag }) });
    const back = event({
      type: 'MIRROR_LAG_HIGH',
      severity: 'resolved',
      part: aTopicPart({ lag: { ...lag, messagesBehind: 999 } }),
    });
    const gone = event({ type: 'MIRROR_LAG_HIGH', severity: 'resolved', part: aTopicPart({ state: null }) });

    expect(describeEvent(over)).toBe(
      'mirror topic orders: lag over threshold (1,234,567 messages behind, threshold 100,000)',
    );
    expect(describeEvent(back)).toBe(
      'mirror topic orders: lag back under threshold (999 messages behind, threshold 100,000)',
    );
    expect(describeEvent(gone)).toBe('mirror topic orders: no longer listed, lag no longer checked');
    expect([headlinePart(over), headlinePart(back), headlinePart(gone)]).toEqual([
      'mirror topic orders lagging 1,234,567 messages',
      'mirror topic orders lag back under 100,000',
      'mirror topic orders no longer listed',
    ]);
  });

  it('says what a summary of parts stands for, with its first names when it has them', () => {
    const summary = event({
      type: 'PART_CHANGES_SUMMARISED',
      to: '40 mirror topics FAILED',
      detail: 'orders, payments, ...',
    });
    const bare = event({ type: 'PART_CHANGES_SUMMARISED' });

    expect(describeEvent(summary)).toBe(
      'more mirror topics and tasks, not listed one by one: 40 mirror topics FAILED (orders, payments, ...)',
    );
    expect(describeEvent(bare)).toBe('more mirror topics and tasks, not listed one by one: -');
    expect(headlinePart(summary)).toBe('and more: 40 mirror topics FAILED');
    expect(headlinePart(bare)).toBe('and more: -');
  });
});

describe('Function: headlinePart, link events', () => {
  it('says a link added, removed or recreated in a word', () => {
    expect(
      (['LINK_ADDED', 'LINK_REMOVED', 'LINK_RECREATED'] as const).map((type) =>
        headlinePart(event({ type, from: 'a', to: 'b' })),
      ),
    ).toEqual(['added', 'removed', 'recreated']);
  });

  it('says a state or error seen for the first time as such, and a change by its values', () => {
    expect(headlinePart(event({ type: 'LINK_STATE_CHANGED', to: 'FAILED' }))).toBe('first seen FAILED');
    expect(headlinePart(event({ type: 'LINK_STATE_CHANGED', from: 'ACTIVE', to: null }))).toBe(
      'ACTIVE -> not reported',
    );
    expect(headlinePart(event({ type: 'LINK_ERROR_CHANGED', to: 'TIMEOUT_ERROR' }))).toBe(
      'first seen with error TIMEOUT_ERROR',
    );
    expect(
      headlinePart(event({ type: 'LINK_ERROR_CHANGED', to: 'TIMEOUT_ERROR', previousSince: SINCE })),
    ).toBe('error NO_ERROR -> TIMEOUT_ERROR');
    expect(headlinePart(event({ type: 'LINK_ERROR_MESSAGE_CHANGED', from: 'a', to: 'b' }))).toBe(
      'error message changed',
    );
  });

  it('counts the mirror topics in short, and says their states as they are now', () => {
    expect(
      headlinePart(event({ type: 'MIRROR_TOPICS_CHANGED', topicsAdded: ['a', 'b'], topicsRemoved: ['c'] })),
    ).toBe('mirror topics +2 -1');
    expect(
      headlinePart(event({ type: 'MIRROR_STATE_COUNTS_CHANGED', from: 'ACTIVE 3', to: 'ACTIVE 2' })),
    ).toBe('mirror topics ACTIVE 2');
    expect(headlinePart(event({ type: 'MIRROR_STATE_COUNTS_CHANGED', from: 'ACTIVE 3' }))).toBe(
      'mirror topics none',
    );
  });

  it('says a part’s new error, or that its error cleared', () => {
    const set = event({ type: 'TASK_ERROR_CHANGED', to: 'AUTHORIZATION_ERROR', part: aTaskPart() });
    const cleared = event({ type: 'MIRROR_TOPIC_ERROR_CHANGED', from: 'X', part: aTopicPart() });

    expect(headlinePart(set)).toBe('task AclSync error AUTHORIZATION_ERROR');
    expect(headlinePart(cleared)).toBe('mirror topic orders error cleared');
  });
});

describe('Function: durationNote', () => {
  const since = `since ${SINCE}`;

  it('gives none for an event that carries no start', () => {
    expect(durationNote(event({ type: 'LINK_STATE_CHANGED', from: 'ACTIVE', to: 'FAILED' }))).toBeNull();
  });

  it('says how long the state or error before a change had held, by its value', () => {
    expect(
      durationNote(event({ type: 'LINK_STATE_CHANGED', from: 'ACTIVE', to: 'FAILED', previousSince: SINCE })),
    ).toBe(`had been ACTIVE for 3d 2h (${since})`);
    expect(
      durationNote(event({ type: 'LINK_ERROR_CHANGED', to: 'TIMEOUT_ERROR', previousSince: SINCE })),
    ).toBe(`had been NO_ERROR for 3d 2h (${since})`);
  });

  it('says how long a recovered or still unhealthy condition lasted as unhealthy', () => {
    expect(
      durationNote(
        event({
          type: 'LINK_STATE_CHANGED',
          severity: 'resolved',
          from: 'FAILED',
          to: 'ACTIVE',
          previousSince: SINCE,
        }),
      ),
    ).toBe(`unhealthy for 3d 2h (${since})`);
    expect(
      durationNote(event({ type: 'LINK_STILL_UNHEALTHY', severity: 'critical', previousSince: SINCE })),
    ).toBe(`unhealthy for 3d 2h (${since})`);
  });

  it('says what held before each other kind of change', () => {
    const note = (type: HistoryEvent['type']) =>
      durationNote(event({ type, severity: 'warning', previousSince: SINCE }));

    expect(note('LINK_ERROR_MESSAGE_CHANGED')).toBe(`previous message seen for 3d 2h (${since})`);
    expect(note('LINK_RECREATED')).toBe(`old link had existed for 3d 2h (${since})`);
    expect(note('MIRROR_TOPIC_STATE_CHANGED')).toBe(`previous condition held for 3d 2h (${since})`);
  });

  it('says how long a cluster was unreachable once it recovers, and how long it has failed while not', () => {
    const recovered = event({
      type: 'CLUSTER_RECOVERED',
      severity: 'resolved',
      linkName: null,
      previousSince: SINCE,
    });
    const unreachable = event({
      type: 'CLUSTER_UNREACHABLE',
      severity: 'critical',
      linkName: null,
      previousSince: SINCE,
    });

    expect(durationNote(recovered)).toBe(`unreachable for 3d 2h (${since})`);
    expect(durationNote(unreachable)).toBe(`failing for 3d 2h (${since})`);
  });

  it('keeps the start but leaves out a span the clocks make negative', () => {
    expect(
      durationNote(event({ type: 'LINK_STATE_CHANGED', from: 'ACTIVE', to: 'FAILED', previousSince: LATER })),
    ).toBe(`had been ACTIVE (since ${LATER})`);
    expect(
      durationNote(
        event({ type: 'CLUSTER_UNREACHABLE', severity: 'critical', linkName: null, previousSince: LATER }),
      ),
    ).toBe(`failing since ${LATER}`);
  });
});

describe('reminders (LINK_STILL_UNHEALTHY)', () => {
  function reminder(link: ClusterLink | null, overrides: Partial<HistoryEvent> = {}): HistoryEvent {
    return event({
      type: 'LINK_STILL_UNHEALTHY',
      severity: 'critical',
      previousSince: SINCE,
      link,
      ...overrides,
    });
  }

  const failedTopic = (topicName: string, error: string | null = null) => ({
    topicName,
    status: 'FAILED',
    error,
    stateTimeMs: null,
    transitionErrors: [],
  });

  describe('of the link’s own condition', () => {
    it('says the link’s state and error, and for how long', () => {
      const failed = reminder(aLink({ linkState: 'FAILED', linkError: 'AUTHENTICATION_ERROR' }));
      const unavailable = reminder(aLink({ linkState: 'UNAVAILABLE' }));

      expect(describeEvent(failed)).toBe(
        'still unhealthy: link_state FAILED, link_error AUTHENTICATION_ERROR',
      );
      expect(headlinePart(failed)).toBe('still FAILED (AUTHENTICATION_ERROR) for 3d 2h');
      expect(describeEvent(unavailable)).toBe('still unhealthy: link_state UNAVAILABLE, link_error NO_ERROR');
      expect(headlinePart(unavailable)).toBe('still UNAVAILABLE for 3d 2h');
    });

    it('says the link’s condition even when the reminder carries a part: the link speaks for its parts', () => {
      const failed = reminder(aLink({ linkState: 'FAILED', mirrorTopics: [failedTopic('orders')] }), {
        part: aTopicPart({ state: 'FAILED' }),
      });

      expect(remindedParts(failed)).toEqual([]);
      expect(describeEvent(failed)).toBe('still unhealthy: link_state FAILED, link_error NO_ERROR');
    });

    it('says a state it does not have as not reported, and leaves out a span it cannot know', () => {
      const unknown = reminder(null, { previousSince: null });

      expect(describeEvent(unknown)).toBe('still unhealthy: link_state not reported, link_error NO_ERROR');
      expect(headlinePart(unknown)).toBe('still not reported');
    });

    it('names the silence that ended on the notice that it did', () => {
      const afterSilence = reminder(aLink({ linkState: 'UNAVAILABLE' }), { detail: 'was silenced by s-123' });

      expect(describeEvent(afterSilence)).toBe(
        'still unhealthy: link_state UNAVAILABLE, link_error NO_ERROR (was silenced by s-123)',
      );
      expect(headlinePart(afterSilence)).toBe('still UNAVAILABLE for 3d 2h (was silenced by s-123)');
    });
  });

  describe('of its parts', () => {
    it('names the part it carries when the link’s record lists no problem of it', () => {
      const part = aTopicPart({ name: 'refunds', state: 'FAILED', errorCode: 'SOURCE_TOPIC_MAY_BE_DELETED' });
      const unrecorded = reminder(aLink(), { part });
      const noLink = reminder(null, { part, previousSince: null });

      expect(remindedParts(unrecorded)).toEqual([part]);
      expect(remindedParts(noLink)).toEqual([part]);
      expect(describeEvent(unrecorded)).toBe(
        'still unhealthy: mirror topic refunds FAILED (SOURCE_TOPIC_MAY_BE_DELETED)',
      );
      expect(headlinePart(unrecorded)).toBe(
        'mirror topic refunds still FAILED (SOURCE_TOPIC_MAY_BE_DELETED) for 3d 2h',
      );
      expect(headlinePart(noLink)).toBe('mirror topic refunds still FAILED (SOURCE_TOPIC_MAY_BE_DELETED)');
    });

    it('is about no part when it carries none', () => {
      expect(remindedParts(reminder(aLink({ mirrorTopics: [failedTopic('orders')] })))).toEqual([]);
    });

    it('is about no part for an event that is not a reminder', () => {
      const change = event({ type: 'MIRROR_TOPIC_STATE_CHANGED', to: 'FAILED', part: aTopicPart() });

      expect(remindedParts(change)).toEqual([]);
    });

    it('names the first three problems of the record, worst first, and counts the rest', () => {
      const link = aLink({
        mirrorTopics: [failedTopic('d'), failedTopic('b'), failedTopic('a', 'SOURCE_TOPIC_MAY_BE_DELETED')],
        tasks: [{ taskName: 'AclSync', state: 'IN_ERROR', errors: [] }],
      });
      const fourParts = reminder(link, { part: aTopicPart({ name: 'a' }) });

      expect(remindedParts(fourParts).map((p) => p.name)).toEqual(['a', 'b', 'd', 'AclSync']);
      expect(describeEvent(fourParts)).toBe(
        'still unhealthy: mirror topic a FAILED (SOURCE_TOPIC_MAY_BE_DELETED), mirror topic b FAILED, mirror topic d FAILED and 1 more',
      );
      expect(headlinePart(fourParts)).toBe('3 mirror topics and 1 task still unhealthy for 3d 2h');
    });

    it('names three problems without counting any more', () => {
      const link = aLink({
        mirrorTopics: [failedTopic('b')],
        tasks: [
          { taskName: 'AclSync', state: 'IN_ERROR', errors: [] },
          { taskName: 'ConsumerOffsetSync', state: 'IN_ERROR', errors: [] },
        ],
      });
      const threeParts = reminder(link, { part: aTopicPart({ name: 'b' }), previousSince: null });

      expect(describeEvent(threeParts)).toBe(
        'still unhealthy: mirror topic b FAILED, task AclSync IN_ERROR, task ConsumerOffsetSync IN_ERROR',
      );
      expect(headlinePart(threeParts)).toBe('1 mirror topic and 2 tasks still unhealthy');
    });

    it('counts a part once however many of its problems go on, and names only the kinds there are', () => {
      const link = aLink({
        mirrorTopics: [failedTopic('orders')],
        laggingTopics: [{ topicName: 'orders', checks: 3, notified: true }],
      });
      const twoProblems = reminder(link, { part: aTopicPart() });

      expect(remindedParts(twoProblems)).toHaveLength(2);
      expect(headlinePart(twoProblems)).toBe('1 mirror topic still unhealthy for 3d 2h');
    });

    it('says a transition stuck in its PENDING state, and a topic gone as not listed', () => {
      const stuck = reminder(null, {
        part: aTopicPart({
          name: 'payments',
          state: 'PENDING_STOPPED',
          errorCode: 'REMOTE_LINK_NOT_AVAILABLE',
          problemType: 'MIRROR_TRANSITION_STUCK',
        }),
      });
      const gone = reminder(null, { part: aTopicPart({ state: null }) });

      expect(describeEvent(stuck)).toBe(
        'still unhealthy: mirror topic payments stuck in PENDING_STOPPED (REMOTE_LINK_NOT_AVAILABLE)',
      );
      expect(headlinePart(stuck)).toBe(
        'mirror topic payments still stuck in PENDING_STOPPED (REMOTE_LINK_NOT_AVAILABLE) for 3d 2h',
      );
      expect(describeEvent(gone)).toBe('still unhealthy: mirror topic orders not listed');
    });

    it('names a broken sync by what it syncs, with its task’s state and error, or by its task when unknown', () => {
      const broken = (name: string, errorCode: string | null) =>
        reminder(null, {
          previousSince: null,
          part: aTaskPart({ name, state: 'IN_ERROR', errorCode, problemType: 'LINK_SYNC_BROKEN' }),
        });

      expect(describeEvent(broken('AclSync', 'MISCONFIGURATION_ERROR'))).toBe(
        'still unhealthy: sync of ACLs broken (task AclSync IN_ERROR, MISCONFIGURATION_ERROR)',
      );
      expect(headlinePart(broken('AclSync', null))).toBe('sync of ACLs still broken (task AclSync IN_ERROR)');
      expect(describeEvent(broken('SchemaSync', null))).toBe(
        'still unhealthy: sync of task SchemaSync broken (task SchemaSync IN_ERROR)',
      );
    });

    it('says a broken sync’s task by name alone when the reminder names the task’s state beside it', () => {
      const link = aLink({
        tasks: [{ taskName: 'AclSync', state: 'IN_ERROR', errors: [] }],
        brokenSyncs: [
          {
            taskName: 'AclSync',
            taskState: 'IN_ERROR',
            errorCode: null,
            errorMessage: null,
            config: 'acl.sync.enable',
          },
        ],
      });
      const both = reminder(link, { part: aTaskPart() });

      expect(describeEvent(both)).toBe(
        'still unhealthy: task AclSync IN_ERROR, sync of ACLs broken (task AclSync)',
      );
    });

    it('names a broken sync’s task state in full beside another task, or a mirror topic of the same name', () => {
      const link = aLink({
        mirrorTopics: [failedTopic('AclSync')],
        tasks: [{ taskName: 'ConsumerOffsetSync', state: 'IN_ERROR', errors: [] }],
        brokenSyncs: [
          { taskName: 'AclSync', taskState: 'IN_ERROR', errorCode: null, errorMessage: null, config: null },
        ],
      });
      const beside = reminder(link, { part: aTopicPart({ name: 'AclSync' }) });

      expect(describeEvent(beside)).toBe(
        'still unhealthy: mirror topic AclSync FAILED, sync of ACLs broken (task AclSync IN_ERROR), task ConsumerOffsetSync IN_ERROR',
      );
    });

    it('says a switched-off config it knows no sync of by its name', () => {
      const off = reminder(null, {
        previousSince: null,
        part: {
          kind: 'config',
          name: 'schema.sync.enable',
          state: 'false',
          errorCode: null,
          errorMessage: null,
          stateSince: null,
          problemType: 'LINK_CONFIG_CHANGED',
        },
      });

      expect(describeEvent(off)).toBe(
        'still unhealthy: config schema.sync.enable switched off (schema.sync.enable false)',
      );
    });
  });
});
