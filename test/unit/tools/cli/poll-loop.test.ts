import { describe, expect, it } from 'vitest';
import type { PollSummary } from '../../../../core/poll/poll-results.js';
import { runPollLoop } from '../../../../tools/cli/poll-loop.js';

const SUMMARY: PollSummary = {
  clustersPolled: 1,
  clustersFailed: 0,
  clustersSkipped: 0,
  events: 0,
  published: 0,
  publishFailures: 0,
  conflicts: 0,
  linkFailures: 0,
  quarantined: 0,
  deferredLinks: 0,
  results: [],
};

describe('Function: runPollLoop', () => {
  it('polls once when no interval is given', async () => {
    // Act
    const result = await runPollLoop({ intervalMs: null, poll: async () => SUMMARY });

    // Assess
    expect(result).toEqual({ polls: 1, last: SUMMARY, stopped: false });
  });

  it('lets the poll in flight finish when stopped during it, and starts no other', async () => {
    // Prepare
    const stop = new AbortController();
    const finished: number[] = [];
    let calls = 0;

    // Act
    const result = await runPollLoop({
      intervalMs: 0,
      signal: stop.signal,
      poll: async () => {
        calls += 1;
        stop.abort();
        await new Promise((resolve) => setImmediate(resolve));
        finished.push(calls);
        return SUMMARY;
      },
    });

    // Assess
    expect(finished).toEqual([1]);
    expect(result).toEqual({ polls: 1, last: SUMMARY, stopped: true });
  });

  it('keeps polling at the interval until stopped', async () => {
    // Prepare
    const stop = new AbortController();

    // Act
    const result = await runPollLoop({
      intervalMs: 0,
      signal: stop.signal,
      poll: async () => SUMMARY,
      onPoll: (_summary, count) => {
        if (count === 3) stop.abort();
      },
    });

    // Assess
    expect(result.polls).toBe(3);
    expect(result.stopped).toBe(true);
  });

  it('does not poll at all when stopped before it starts', async () => {
    // Prepare
    const stop = new AbortController();
    stop.abort();

    // Act
    const result = await runPollLoop({ intervalMs: 1000, signal: stop.signal, poll: async () => SUMMARY });

    // Assess
    expect(result).toEqual({ polls: 0, last: null, stopped: true });
  });
});
