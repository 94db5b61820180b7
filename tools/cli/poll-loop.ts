/**
 * Runs polls one after another at a fixed interval until stopped. A stop
 * request never interrupts a poll: the poll in flight finishes (its changes
 * are committed and notified) and no new one starts.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { PollSummary } from '../../core/poll/poll-results.js';

export interface PollLoopOptions {
  readonly poll: () => Promise<PollSummary>;
  /** Time from the start of one poll to the start of the next; null polls once. */
  readonly intervalMs: number | null;
  /** Aborting it stops the loop after the poll in flight. */
  readonly signal?: AbortSignal;
  /** Called after each poll with its summary and its 1-based number. */
  readonly onPoll?: (summary: PollSummary, count: number) => void;
  /** @default Date.now */
  readonly now?: () => number;
}

export interface PollLoopResult {
  readonly polls: number;
  readonly last: PollSummary | null;
  /** True when the loop ended because of the signal. */
  readonly stopped: boolean;
}

/** Polls until `intervalMs` is null (once) or the signal aborts. */
export async function runPollLoop(options: PollLoopOptions): Promise<PollLoopResult> {
  const now = options.now ?? Date.now;
  let polls = 0;
  let last: PollSummary | null = null;
  while (!options.signal?.aborted) {
    const started = now();
    last = await options.poll();
    polls += 1;
    options.onPoll?.(last, polls);
    if (options.intervalMs === null) return { polls, last, stopped: false };
    const wait = Math.max(0, started + options.intervalMs - now());
    try {
      await sleep(wait, undefined, options.signal === undefined ? {} : { signal: options.signal });
    } catch {
      break; // aborted while waiting
    }
  }
  return { polls, last, stopped: true };
}
