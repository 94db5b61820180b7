import { describe, expect, it } from 'vitest';
import { type ClaimRequest, claimPending } from '../../../../core/notify/claim-pending.js';
import { CLAIM_OUTLIVES_DEADLINE_MS, PollBudget } from '../../../../core/poll/poll-budget.js';
import { aPendingEvent, RecordingOutbox } from '../../../support/recording-outbox.js';

const NOW = Date.parse('2026-11-26T08:00:00Z');
const DEADLINE = NOW + 60_000;
const REQUEST: ClaimRequest = {
  clusterId: 'lkc-prod1',
  claimant: 'poll-1',
  justCommitted: [],
  outboxEmpty: false,
};

function depsWith(store: RecordingOutbox) {
  return { store, now: () => new Date(NOW), budget: new PollBudget(DEADLINE, { reserveMs: 10_000 }) };
}

describe('Function: claimPending', () => {
  it('asks the store nothing when no event was waiting and the poll recorded none', async () => {
    // Prepare
    const store = new RecordingOutbox([aPendingEvent(1)]);

    // Act
    const claimed = await claimPending({ ...REQUEST, outboxEmpty: true }, depsWith(store));

    // Assess
    expect(claimed).toBeNull();
    expect(store.calls).toEqual([]);
  });

  it('claims what the poll just recorded even when the outbox was empty, naming it', async () => {
    // Prepare
    const event = aPendingEvent(1);
    const store = new RecordingOutbox([event]);

    // Act
    const claimed = await claimPending(
      { ...REQUEST, outboxEmpty: true, justCommitted: [{ clusterId: 'lkc-prod1', eventId: event.eventId }] },
      depsWith(store),
    );

    // Assess
    expect(claimed).toEqual([event]);
    expect(store.log()).toEqual(['claimPendingEvents orders-dr#1']);
  });

  it('claims for the poll until a few seconds past its deadline, so a crashed poll delays its events by one poll', async () => {
    // Prepare
    const store = new RecordingOutbox();

    // Act
    const claimed = await claimPending(REQUEST, depsWith(store));

    // Assess
    expect(claimed).toEqual([]);
    expect(store.calls[0]).toMatchObject({
      claimant: 'poll-1',
      now: new Date(NOW).toISOString(),
      claimUntil: new Date(DEADLINE + CLAIM_OUTLIVES_DEADLINE_MS).toISOString(),
    });
  });

  it('throws what the store throws', async () => {
    // Prepare
    const store = new RecordingOutbox().failOn('claimPendingEvents');

    // Act and assess
    await expect(claimPending(REQUEST, depsWith(store))).rejects.toThrow(/claimPendingEvents failed/);
  });
});
