import { describe, expect, it } from 'vitest';
import { settleClaims } from '../../../../core/notify/settle-claims.js';
import type { Notification } from '../../../../core/ports.js';
import { aPendingEvent, RecordingOutbox } from '../../../support/recording-outbox.js';

const REQUEST = { clusterId: 'lkc-prod1', claimant: 'poll-1' };

function changeOf(linkName: string, n: number): Notification {
  return {
    kind: 'change',
    clusterId: 'lkc-prod1',
    clusterLabel: 'prod-eu',
    severity: 'critical',
    events: [aPendingEvent(n, { linkName })],
  };
}

describe('Function: settleClaims', () => {
  it('marks the outbox drained when nothing is left to retry', async () => {
    // Prepare
    const store = new RecordingOutbox();

    // Act
    await settleClaims(REQUEST, { published: 3, toRetry: [] }, store);

    // Assess
    expect(store.calls).toEqual([{ method: 'outboxDrained', eventIds: [], claimant: 'poll-1' }]);
  });

  it('counts the attempt of what failed when others went out: the failure was its own', async () => {
    // Prepare
    const store = new RecordingOutbox();

    // Act
    await settleClaims(REQUEST, { published: 1, toRetry: [changeOf('a', 1)] }, store);

    // Assess
    expect(store.log()).toEqual(['recordPublishFailure a#1']);
  });

  it('hands back what failed without counting the attempt when nothing went out: the service looked down', async () => {
    // Prepare
    const store = new RecordingOutbox();

    // Act
    await settleClaims(REQUEST, { published: 0, toRetry: [changeOf('a', 1)] }, store);

    // Assess
    expect(store.log()).toEqual(['releaseClaim a#1']);
  });

  it('hands back what was not tried first, so that the next poll tries it at once', async () => {
    // Prepare
    const store = new RecordingOutbox();

    // Act
    await settleClaims(
      REQUEST,
      { published: 1, toRetry: [changeOf('a', 1), changeOf('b', 2)], untried: [changeOf('c', 3)] },
      store,
    );

    // Assess
    expect(store.log()).toEqual(['releaseClaim c#3', 'recordPublishFailure a#1,b#2']);
  });

  it('throws what the store throws', async () => {
    // Prepare
    const store = new RecordingOutbox().failOn('outboxDrained');

    // Act and assess
    await expect(settleClaims(REQUEST, { published: 1, toRetry: [] }, store)).rejects.toThrow(
      /outboxDrained failed/,
    );
  });
});
