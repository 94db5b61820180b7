import { describe, expect, it } from 'vitest';
import { isPermanentFailure, type Notification } from '../../../../core/ports.js';
import { SlackWebhookNotifier } from '../../../../receivers/slack/slack-webhook-notifier.js';
import { PollPublishing, PublishWindow } from '../../../../tools/cli/poll-publishing.js';
import { aPendingEvent } from '../../../support/recording-outbox.js';

const NOTIFICATION: Notification = {
  kind: 'change',
  clusterId: 'lkc-prod1',
  clusterLabel: 'prod-eu',
  severity: 'critical',
  events: [aPendingEvent(1, { linkName: 'orders' })],
};

/** A Slack webhook answering every post with `status`, counting the posts. */
function slackAnswering(status: number, window: PublishWindow) {
  const calls = { posts: 0 };
  const notifier = new SlackWebhookNotifier({
    webhookUrl: async () => new URL('https://hooks.slack.com/services/T/B/X'),
    severities: ['critical'],
    deadline: window.deadline,
    sleep: async () => {},
    fetch: async () => {
      calls.posts += 1;
      return new Response(status === 404 ? 'no_service' : 'oops', { status });
    },
  });
  return { notifier, calls };
}

async function failureOf(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => undefined,
    (error: unknown) => error,
  );
}

describe('Class: PollPublishing', () => {
  it("marks Slack's refusal (a revoked webhook, 404) permanent, so the poll quarantines it instead of retrying forever", async () => {
    // Prepare
    const window = new PublishWindow();
    const publishing = new PollPublishing(slackAnswering(404, window).notifier, window);
    publishing.open(Date.now() + 5_000);

    // Act
    const error = await failureOf(publishing.publish(NOTIFICATION));

    // Assess
    expect(isPermanentFailure(error)).toBe(true);
    expect(publishing.failureOf('lkc-prod1')).toBe(
      'PermanentSlackError: Slack webhook refused the message for good: HTTP 404 no_service',
    );
  });

  it("keeps every post within the poll's deadline instead of 30 s of its own, and the failure transient", async () => {
    // Prepare
    const window = new PublishWindow();
    const { notifier, calls } = slackAnswering(500, window);
    const publishing = new PollPublishing(notifier, window);
    // Less time than one retry's wait: one attempt fits, no second.
    publishing.open(Date.now() + 300);

    // Act
    const error = await failureOf(publishing.publish(NOTIFICATION));

    // Assess
    expect(calls.posts).toBe(1);
    expect(isPermanentFailure(error)).toBe(false);
    expect(publishing.failureOf('lkc-prod1')).toMatch(/^SlackDeliveryError: .*HTTP 500/);
  });

  it('sends nothing once the process is asked to stop: the notification stays pending', async () => {
    // Prepare
    const stop = new AbortController();
    const window = new PublishWindow(stop.signal);
    const { notifier, calls } = slackAnswering(200, window);
    const publishing = new PollPublishing(notifier, window);
    publishing.open(Date.now() + 5_000);
    stop.abort();

    // Act
    const error = await failureOf(publishing.publish(NOTIFICATION));

    // Assess
    expect(calls.posts).toBe(0);
    expect((error as Error).name).toBe('PublishStoppedError');
    expect(isPermanentFailure(error)).toBe(false);
  });
});
