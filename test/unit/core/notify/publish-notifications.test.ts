import { describe, expect, it } from 'vitest';
import {
  FAILURES_BEFORE_STOPPING,
  MAX_PUBLISH_ATTEMPTS,
  publishNotifications,
} from '../../../../core/notify/publish-notifications.js';
import type { Notification } from '../../../../core/ports.js';
import { aPendingEvent, RecordingOutbox } from '../../../support/recording-outbox.js';
import {
  failingFor,
  type NotifierScript,
  permanentFailure,
  ScriptedNotifier,
  transientFailure,
} from '../../../support/scripted-notifier.js';

const NOW = new Date('2026-11-26T08:00:00Z');

function changeOf(linkName: string, n: number, attempts?: number): Notification {
  return {
    kind: 'change',
    clusterId: 'lkc-prod1',
    clusterLabel: 'prod-eu',
    severity: 'critical',
    events: [
      aPendingEvent(n, { linkName, ...(attempts === undefined ? {} : { publishAttempts: attempts }) }),
    ],
  };
}

function digestOf(...links: string[]): Notification {
  return {
    kind: 'digest',
    clusterId: 'lkc-prod1',
    clusterLabel: 'prod-eu',
    severity: 'critical',
    events: links.map((linkName, i) => aPendingEvent(i + 1, { linkName })),
  };
}

function world(script?: NotifierScript) {
  const store = new RecordingOutbox();
  const notifier = new ScriptedNotifier(script);
  return { store, notifier, deps: { store, notifier, now: () => NOW } };
}

describe('Function: publishNotifications', () => {
  it('publishes in order and records each one sent before the next goes out', async () => {
    // Prepare
    const { store, notifier, deps } = world();

    // Act
    const outcome = await publishNotifications([changeOf('a', 1), changeOf('b', 2)], deps);

    // Assess
    expect(outcome).toEqual({ published: 2, publishFailures: 0, toRetry: [], givenUp: [] });
    expect(notifier.published.map((n) => n.events[0]?.eventId)).toEqual(['a#1', 'b#2']);
    expect(store.log()).toEqual(['markSent a#1', 'markSent b#2']);
  });

  it('keeps a notification that may work next time to retry, and goes on with the others', async () => {
    // Prepare
    const { store, deps } = world(failingFor('a', transientFailure));
    const failing = changeOf('a', 1);

    // Act
    const outcome = await publishNotifications([failing, changeOf('b', 2)], deps);

    // Assess
    expect(outcome).toEqual({ published: 1, publishFailures: 1, toRetry: [failing], givenUp: [] });
    expect(store.log()).toEqual(['markSent b#2']);
  });

  it(`stops after ${FAILURES_BEFORE_STOPPING} failures in a row, leaving the rest untried`, async () => {
    // Prepare
    const { notifier, deps } = world(() => transientFailure());
    const notifications = [changeOf('a', 1), changeOf('b', 2), changeOf('c', 3)];

    // Act
    const outcome = await publishNotifications(notifications, deps);

    // Assess
    expect(notifier.tried).toHaveLength(FAILURES_BEFORE_STOPPING);
    expect(outcome.toRetry).toEqual(notifications.slice(0, 2));
    expect(outcome.untried).toEqual(notifications.slice(2));
    expect(outcome.publishFailures).toBe(2);
  });

  it("holds back a link's later notifications behind one of its own left to retry, so a recovery never overtakes its problem", async () => {
    // Prepare
    let calls = 0;
    // The problem's post fails once (Slack answered 500); the service works again for the rest.
    const { store, notifier, deps } = world(() => (++calls === 1 ? transientFailure() : undefined));
    const problem = changeOf('a', 1);
    const recovery = changeOf('a', 2);
    const other = changeOf('b', 3);

    // Act
    const outcome = await publishNotifications([problem, other, recovery], deps);

    // Assess
    expect(notifier.published).toEqual([other]);
    expect(outcome.toRetry).toEqual([problem]);
    expect(outcome.untried).toEqual([recovery]);
    expect(store.log()).toEqual(['markSent b#3']);
  });

  it('gives up a notification the service refuses for good, at once, with the reason', async () => {
    // Prepare
    const { store, deps } = world(failingFor('a', permanentFailure));

    // Act
    const outcome = await publishNotifications([changeOf('a', 1), changeOf('b', 2)], deps);

    // Assess
    expect(outcome).toEqual({
      published: 1,
      publishFailures: 1,
      toRetry: [],
      givenUp: [{ linkName: 'a', error: 'Error: InvalidParameterException: message too long' }],
    });
    expect(store.calls[0]).toMatchObject({
      method: 'quarantine',
      eventIds: ['a#1'],
      quarantine: { reason: 'Error: InvalidParameterException: message too long', at: NOW.toISOString() },
    });
  });

  it(`gives up a notification whose publish failed ${MAX_PUBLISH_ATTEMPTS} times, saying so`, async () => {
    // Prepare
    const { store, deps } = world(() => transientFailure());

    // Act
    const outcome = await publishNotifications([changeOf('a', 1, MAX_PUBLISH_ATTEMPTS - 1)], deps);

    // Assess
    expect(outcome.givenUp).toHaveLength(1);
    expect(outcome.toRetry).toEqual([]);
    expect(store.calls[0]?.quarantine?.reason).toBe(
      `Error: ThrottledException: rate exceeded (after ${MAX_PUBLISH_ATTEMPTS} attempts)`,
    );
  });

  it('splits a digest it gives up by link, so that only the link that cannot be sent is quarantined', async () => {
    // Prepare
    const { store, notifier, deps } = world(failingFor('b', permanentFailure));

    // Act
    const outcome = await publishNotifications([digestOf('a', 'b', 'c')], deps);

    // Assess
    expect(outcome).toMatchObject({ published: 2, publishFailures: 2, toRetry: [] });
    expect(outcome.givenUp.map((g) => g.linkName)).toEqual(['b']);
    expect(notifier.published.map((n) => [n.kind, n.events.map((e) => e.eventId)])).toEqual([
      ['change', ['a#1']],
      ['change', ['c#3']],
    ]);
    expect(store.log()).toEqual(['markSent a#1', 'quarantine b#2', 'markSent c#3']);
  });

  it('stops at a send it cannot record, with what was done before counted', async () => {
    // Prepare
    const { store, notifier, deps } = world(failingFor('a', transientFailure));
    store.failOn('markSent');

    // Act
    const outcome = await publishNotifications([changeOf('a', 1), changeOf('b', 2), changeOf('c', 3)], deps);

    // Assess
    expect(outcome).toMatchObject({ published: 0, publishFailures: 1, toRetry: [changeOf('a', 1)] });
    expect(outcome.failure).toBe('Error: ProvisionedThroughputExceededException: markSent failed');
    expect(outcome.untried).toBeUndefined();
    expect(notifier.tried).toHaveLength(2);
  });

  it('stops at a quarantine it cannot record; the failed publish is counted, nothing given up', async () => {
    // Prepare
    const { store, deps } = world(() => permanentFailure());
    store.failOn('quarantine');

    // Act
    const outcome = await publishNotifications([changeOf('a', 1), changeOf('b', 2)], deps);

    // Assess
    expect(outcome).toMatchObject({ published: 0, publishFailures: 1, givenUp: [] });
    expect(outcome.failure).toMatch(/quarantine failed/);
  });

  it('holds back a digest that names a link left to retry, even when it names other links too', async () => {
    // Prepare
    let calls = 0;
    const { notifier, deps } = world(() => (++calls === 1 ? transientFailure() : undefined));
    const problem = changeOf('a', 7);
    const digest = digestOf('b', 'a');

    // Act
    const outcome = await publishNotifications([problem, digest], deps);

    // Assess
    expect(notifier.tried).toEqual([problem]);
    expect(outcome.toRetry).toEqual([problem]);
    expect(outcome.untried).toEqual([digest]);
  });

  it('holds back behind a held-back digest the later notifications about any of its links', async () => {
    // Prepare
    let calls = 0;
    const { notifier, deps } = world(() => (++calls === 1 ? transientFailure() : undefined));
    const problem = changeOf('a', 7);
    const digest = digestOf('a', 'b');
    const laterOfB = changeOf('b', 8);
    const other = changeOf('c', 9);

    // Act
    const outcome = await publishNotifications([problem, digest, laterOfB, other], deps);

    // Assess
    expect(notifier.published).toEqual([other]);
    expect(outcome.untried).toEqual([digest, laterOfB]);
  });

  it('on stopping, hands back the held-back notifications and those not reached, in their order', async () => {
    // Prepare
    const { notifier, deps } = world((n) =>
      n.events.some((e) => e.linkName !== 'c') ? transientFailure() : undefined,
    );
    const problemOfA = changeOf('a', 1);
    const recoveryOfA = changeOf('a', 2);
    const problemOfB = changeOf('b', 3);
    const notReached = changeOf('c', 4);

    // Act
    const outcome = await publishNotifications([problemOfA, recoveryOfA, problemOfB, notReached], deps);

    // Assess
    expect(notifier.tried).toEqual([problemOfA, problemOfB]);
    expect(outcome.toRetry).toEqual([problemOfA, problemOfB]);
    expect(outcome.untried).toEqual([recoveryOfA, notReached]);
  });

  it('starts counting failures in a row again after a notification goes out', async () => {
    // Prepare
    const { notifier, deps } = world((n) =>
      n.events.some((e) => e.linkName === 'a' || e.linkName === 'c') ? transientFailure() : undefined,
    );
    const notifications = [changeOf('a', 1), changeOf('b', 2), changeOf('c', 3), changeOf('d', 4)];

    // Act
    const outcome = await publishNotifications(notifications, deps);

    // Assess
    expect(notifier.tried).toEqual(notifications);
    expect(outcome).toEqual({
      published: 2,
      publishFailures: 2,
      toRetry: [notifications[0], notifications[2]],
      givenUp: [],
    });
  });

  it('does not take notifications refused for good as a sign that the service is down', async () => {
    // Prepare
    const { notifier, deps } = world((n) =>
      n.events.some((e) => e.linkName !== 'c') ? permanentFailure() : undefined,
    );
    const notifications = [changeOf('a', 1), changeOf('b', 2), changeOf('c', 3)];

    // Act
    const outcome = await publishNotifications(notifications, deps);

    // Assess
    expect(notifier.tried).toEqual(notifications);
    expect(outcome).toMatchObject({ published: 1, publishFailures: 2, toRetry: [] });
    expect(outcome.givenUp.map((g) => g.linkName)).toEqual(['a', 'b']);
    expect(outcome.untried).toBeUndefined();
  });

  it('gives up a notification as soon as any of its events has used up its attempts', async () => {
    // Prepare
    const { store, deps } = world(() => transientFailure());
    const notification: Notification = {
      ...changeOf('a', 1),
      events: [
        aPendingEvent(1, { linkName: 'a' }),
        aPendingEvent(2, { linkName: 'a', publishAttempts: MAX_PUBLISH_ATTEMPTS - 1 }),
      ],
    };

    // Act
    const outcome = await publishNotifications([notification], deps);

    // Assess
    expect(outcome).toMatchObject({ publishFailures: 1, toRetry: [] });
    expect(store.log()).toEqual(['quarantine a#1,a#2']);
    expect(store.calls[0]?.quarantine?.reason).toMatch(`(after ${MAX_PUBLISH_ATTEMPTS} attempts)`);
  });

  it('gives up a notification about the cluster itself as about no link', async () => {
    // Prepare
    const { deps } = world(() => permanentFailure());
    const unreachable: Notification = {
      kind: 'cluster',
      clusterId: 'lkc-prod1',
      clusterLabel: 'prod-eu',
      severity: 'critical',
      events: [aPendingEvent(1, { linkName: null })],
    };

    // Act
    const outcome = await publishNotifications([unreachable], deps);

    // Assess
    expect(outcome.givenUp).toEqual([
      { linkName: null, error: 'Error: InvalidParameterException: message too long' },
    ]);
  });

  it('stops publishing the parts of a digest it gives up at a send it cannot record', async () => {
    // Prepare
    const { store, notifier, deps } = world((n) => (n.kind === 'digest' ? permanentFailure() : undefined));
    store.failOn('markSent');

    // Act
    const outcome = await publishNotifications([digestOf('a', 'b', 'c')], deps);

    // Assess
    expect(notifier.tried.map((n) => n.events.map((e) => e.eventId))).toEqual([
      ['a#1', 'b#2', 'c#3'],
      ['a#1'],
    ]);
    expect(outcome).toMatchObject({ published: 0, publishFailures: 1, givenUp: [] });
    expect(outcome.failure).toMatch(/markSent failed/);
  });

  it('leaves the failure out of its outcome altogether when every store write succeeded', async () => {
    // Prepare
    const { deps } = world(failingFor('b', transientFailure));

    // Act
    const outcome = await publishNotifications([changeOf('a', 1), changeOf('b', 2), changeOf('c', 3)], deps);

    // Assess
    expect(outcome).not.toHaveProperty('failure');
  });
});
