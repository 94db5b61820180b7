import { describe, expect, it } from 'vitest';
import { DEFAULT_POLL_SETTINGS, type PollSettings } from '../../../../core/poll/poll-settings.js';

const SECOND = 1_000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

describe('Constant: DEFAULT_POLL_SETTINGS', () => {
  // The defaults the README's settings table promises a config that leaves a setting out.
  it('notifies at once, digests more than 3 changes, and counts a cluster unreachable after 3 failed listings', () => {
    // Assess
    expect(DEFAULT_POLL_SETTINGS.dampingPolls).toBe(1);
    expect(DEFAULT_POLL_SETTINGS.digestThreshold).toBe(3);
    expect(DEFAULT_POLL_SETTINGS.unreachableAfterPolls).toBe(3);
  });

  it('reminds about a link still unhealthy after 4 hours and keeps history for 90 days', () => {
    // Assess
    expect(DEFAULT_POLL_SETTINGS.reminderIntervalMs).toBe(4 * HOUR);
    expect(DEFAULT_POLL_SETTINGS.retentionDays).toBe(90);
  });

  it('notifies neither mirror-topic list changes nor message-only changes', () => {
    // Assess
    expect(DEFAULT_POLL_SETTINGS.notifyTopicChanges).toBe(false);
    expect(DEFAULT_POLL_SETTINGS.notifyMessageChanges).toBe(false);
  });

  it('polls 32 clusters at once, once a minute, keeping 10 seconds back and 20 detail requests a cluster', () => {
    // Assess
    expect(DEFAULT_POLL_SETTINGS.concurrency).toBe(32);
    expect(DEFAULT_POLL_SETTINGS.pollIntervalMs).toBe(MINUTE);
    expect(DEFAULT_POLL_SETTINGS.reserveMs).toBe(10 * SECOND);
    expect(DEFAULT_POLL_SETTINGS.detailRequestsPerCluster).toBe(20);
  });

  it('leaves the mirror lag thresholds and the readiness checks off', () => {
    // Assess
    expect(DEFAULT_POLL_SETTINGS.mirrorLag).toBeNull();
    expect(DEFAULT_POLL_SETTINGS.readiness).toBeNull();
  });

  it('cannot be changed by a caller that shares it', () => {
    // Act
    const change = () => {
      (DEFAULT_POLL_SETTINGS as { -readonly [K in keyof PollSettings]: PollSettings[K] }).concurrency = 1;
    };

    // Assess
    expect(change).toThrow(TypeError);
    expect(DEFAULT_POLL_SETTINGS.concurrency).toBe(32);
  });
});
