/**
 * The notification pipeline, one test per way through its stages: claim, group, publish, settle.
 * Plain objects in, the outcome and the store calls out, in the order the stages make them.
 */
import { describe, expect, it } from 'vitest';
import type { HistoryEvent } from '../../../../core/model/change-events.js';
import { type NotifyDependencies, notifyPending } from '../../../../core/notify/notify-pipeline.js';
import { MAX_PUBLISH_ATTEMPTS } from '../../../../core/notify/publish-notifications.js';
import { PollBudget } from '../../../../core/poll/poll-budget.js';
import { aPendingEvent, type OutboxMethod, RecordingOutbox } from '../../../support/recording-outbox.js';
import {
  failingFor,
  type NotifierScript,
  permanentFailure,
  ScriptedNotifier,
  transientFailure,
} from '../../../support/scripted-notifier.js';

const NOW = Date.parse('2026-11-26T08:00:00Z');
const REQUEST = { clusterId: 'lkc-prod1', claimant: 'poll-1', justCommitted: [], outboxEmpty: false };

function world(
  pending: readonly HistoryEvent[],
  options: { script?: NotifierScript; failOn?: OutboxMethod } = {},
) {
  const store = new RecordingOutbox(pending);
  if (options.failOn !== undefined) store.failOn(options.failOn);
  const notifier = new ScriptedNotifier(options.script);
  const deps: NotifyDependencies = {
    store,
    notifier,
    now: () => new Date(NOW),
    budget: new PollBudget(NOW + 60_000, { reserveMs: 10_000 }),
    digestThreshold: 3,
  };
  return { store, notifier, deps };
}

/** Changes of `count` links, one event each. */
function changesOf(count: number, overrides: Partial<HistoryEvent> = {}): HistoryEvent[] {
  return Array.from({ length: count }, (_, i) =>
    aPendingEvent(i + 1, { linkName: `link-${i + 1}`, ...overrides }),
  );
}

describe('Function: notifyPending', () => {
  it('claim: does nothing at all when nothing can be waiting', async () => {
    // Prepare
    const { store, notifier, deps } = world(changesOf(1));

    // Act
    const outcome = await notifyPending({ ...REQUEST, outboxEmpty: true }, deps);

    // Assess
    expect(outcome).toEqual({ published: 0, publishFailures: 0, givenUp: [] });
    expect(store.calls).toEqual([]);
    expect(notifier.tried).toEqual([]);
  });

  it('claim fails: stops before grouping and publishing, the events stay pending', async () => {
    // Prepare
    const { store, notifier, deps } = world(changesOf(2), { failOn: 'claimPendingEvents' });

    // Act
    const outcome = await notifyPending(REQUEST, deps);

    // Assess
    expect(outcome).toEqual({
      published: 0,
      publishFailures: 0,
      givenUp: [],
      failure: 'Error: ProvisionedThroughputExceededException: claimPendingEvents failed',
    });
    expect(notifier.tried).toEqual([]);
    expect(store.log()).toEqual(['claimPendingEvents']);
  });

  it('claim, settle: nothing claimed marks the outbox drained', async () => {
    // Prepare
    const { store, deps } = world([]);

    // Act
    const outcome = await notifyPending(REQUEST, deps);

    // Assess
    expect(outcome).toEqual({ published: 0, publishFailures: 0, givenUp: [] });
    expect(store.log()).toEqual(['claimPendingEvents', 'outboxDrained']);
  });

  it('claim, group, publish, settle: many links go out as one digest, then the outbox is drained', async () => {
    // Prepare
    const { store, notifier, deps } = world(changesOf(4));

    // Act
    const outcome = await notifyPending(REQUEST, deps);

    // Assess
    expect(outcome).toEqual({ published: 1, publishFailures: 0, givenUp: [] });
    expect(notifier.published.map((n) => [n.kind, n.events.length])).toEqual([['digest', 4]]);
    expect(store.log()).toEqual([
      'claimPendingEvents',
      'markSent link-1#1,link-2#2,link-3#3,link-4#4',
      'outboxDrained',
    ]);
  });

  it('publish fails: the failure is counted and the claim handed back, the events stay pending', async () => {
    // Prepare
    const { store, deps } = world(changesOf(1), { script: () => transientFailure() });

    // Act
    const outcome = await notifyPending(REQUEST, deps);

    // Assess
    expect(outcome).toEqual({ published: 0, publishFailures: 1, givenUp: [] });
    expect(store.log()).toEqual(['claimPendingEvents', 'releaseClaim link-1#1']);
  });

  it(`publish fails for the ${MAX_PUBLISH_ATTEMPTS}th time: the notification is quarantined and the outbox drained`, async () => {
    // Prepare
    const events = changesOf(1, { publishAttempts: MAX_PUBLISH_ATTEMPTS - 1 });
    const { store, deps } = world(events, { script: () => transientFailure() });

    // Act
    const outcome = await notifyPending(REQUEST, deps);

    // Assess
    expect(outcome).toEqual({
      published: 0,
      publishFailures: 1,
      givenUp: [{ linkName: 'link-1', error: 'Error: ThrottledException: rate exceeded' }],
    });
    expect(store.log()).toEqual(['claimPendingEvents', 'quarantine link-1#1', 'outboxDrained']);
  });

  it('publish refused for good: a digest is split by link and only the refused link is quarantined', async () => {
    // Prepare
    const { store, notifier, deps } = world(changesOf(4), { script: failingFor('link-3', permanentFailure) });

    // Act
    const outcome = await notifyPending(REQUEST, deps);

    // Assess
    expect(outcome).toMatchObject({ published: 3, publishFailures: 2 });
    expect(outcome.givenUp.map((g) => g.linkName)).toEqual(['link-3']);
    expect(notifier.published.map((n) => n.kind)).toEqual(['change', 'change', 'change']);
    expect(store.log()).toEqual([
      'claimPendingEvents',
      'markSent link-1#1',
      'markSent link-2#2',
      'quarantine link-3#3',
      'markSent link-4#4',
      'outboxDrained',
    ]);
  });

  it('publish cannot record a send: stops before settling, the claim held, what was sent counted', async () => {
    // Prepare
    const { store, deps } = world(changesOf(2), { failOn: 'markSent' });

    // Act
    const outcome = await notifyPending(REQUEST, deps);

    // Assess
    expect(outcome).toMatchObject({ published: 0, publishFailures: 0 });
    expect(outcome.failure).toMatch(/markSent failed/);
    expect(store.log()).toEqual(['claimPendingEvents', 'markSent link-1#1']);
  });

  it('settle fails: the failure is the outcome, with what was published counted', async () => {
    // Prepare
    const { deps } = world(changesOf(2), { failOn: 'outboxDrained' });

    // Act
    const outcome = await notifyPending(REQUEST, deps);

    // Assess
    expect(outcome).toMatchObject({ published: 2, publishFailures: 0, givenUp: [] });
    expect(outcome.failure).toMatch(/outboxDrained failed/);
  });
});
