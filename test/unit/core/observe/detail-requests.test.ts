import { describe, expect, it } from 'vitest';
import { DetailRequests, RateLimitSignal } from '../../../../core/observe/detail-requests.js';

const DEADLINE = 1_000_000;

function gate(budget: number, now: () => number = () => 0): DetailRequests {
  return new DetailRequests({ budget, deadline: DEADLINE, now });
}

/** A read that records that it ran and answers `value`. */
function counted<T>(value: T): { read: () => Promise<T>; calls: () => number } {
  let calls = 0;
  return {
    read: async () => {
      calls++;
      return value;
    },
    calls: () => calls,
  };
}

const rateLimited = () => Promise.reject(Object.assign(new Error('429'), { kind: 'rate-limited' }));
const serverError = () => Promise.reject(Object.assign(new Error('500'), { kind: 'server-error' }));

describe('Class: DetailRequests', () => {
  describe('before any request', () => {
    it('has made none, failed none, is not rate limited and has its whole budget left', () => {
      // Act
      const requests = gate(5);

      // Assess
      expect(requests.requests).toBe(0);
      expect(requests.failures).toBe(0);
      expect(requests.rateLimited).toBe(false);
      expect(requests.left).toBe(5);
    });

    it('takes a negative budget for none: nothing is left and nothing is made', async () => {
      // Prepare
      const requests = gate(-3);
      const read = counted('x');

      // Act
      const result = await requests.attempt(read.read);

      // Assess
      expect(result).toBeUndefined();
      expect(read.calls()).toBe(0);
      expect(requests.left).toBe(0);
      expect(requests.requests).toBe(0);
    });
  });

  describe('Method: attempt', () => {
    it('makes the request and answers what it read, counting it against the budget', async () => {
      // Prepare
      const requests = gate(3);

      // Act
      const first = await requests.attempt(async () => ['a', 'b']);
      const second = await requests.attempt(async () => 42);

      // Assess
      expect(first).toEqual(['a', 'b']);
      expect(second).toBe(42);
      expect(requests.requests).toBe(2);
      expect(requests.left).toBe(1);
      expect(requests.failures).toBe(0);
    });

    it('makes exactly as many requests as the budget allows, and answers undefined for the rest without making them', async () => {
      // Prepare
      const requests = gate(2);
      const read = counted('x');

      // Act
      const results = [
        await requests.attempt(read.read),
        await requests.attempt(read.read),
        await requests.attempt(read.read),
      ];

      // Assess
      expect(results).toEqual(['x', 'x', undefined]);
      expect(read.calls()).toBe(2);
      expect(requests.requests).toBe(2);
      expect(requests.left).toBe(0);
    });

    it('makes nothing with a budget of 0', async () => {
      // Prepare
      const requests = gate(0);
      const read = counted('x');

      // Act
      const result = await requests.attempt(read.read);

      // Assess
      expect(result).toBeUndefined();
      expect(read.calls()).toBe(0);
    });

    it('counts a request from the moment it starts, so that requests in flight at once never exceed the budget', async () => {
      // Prepare
      const requests = gate(2);
      const read = counted('x');

      // Act
      const results = await Promise.all([
        requests.attempt(read.read),
        requests.attempt(read.read),
        requests.attempt(read.read),
      ]);

      // Assess
      expect(read.calls()).toBe(2);
      expect(results.filter((r) => r === 'x')).toHaveLength(2);
    });

    it('starts a request until the deadline, and none from the deadline on', async () => {
      // Prepare
      let now = DEADLINE - 1;
      const requests = gate(10, () => now);
      const read = counted('x');

      // Act
      const before = await requests.attempt(read.read);
      now = DEADLINE;
      const at = await requests.attempt(read.read);
      now = DEADLINE + 1;
      const after = await requests.attempt(read.read);

      // Assess
      expect([before, at, after]).toEqual(['x', undefined, undefined]);
      expect(read.calls()).toBe(1);
      expect(requests.requests).toBe(1);
      expect(requests.left).toBe(9);
    });

    it('never throws: a failed request answers undefined and counts as made and failed', async () => {
      // Prepare
      const requests = gate(5);

      // Act
      const result = await requests.attempt(serverError);

      // Assess
      expect(result).toBeUndefined();
      expect(requests.requests).toBe(1);
      expect(requests.failures).toBe(1);
      expect(requests.left).toBe(4);
    });

    it('counts a failure whatever was thrown, even something that is not an error object', async () => {
      // Prepare
      const requests = gate(5);

      // Act
      const results = [
        await requests.attempt(() => Promise.reject(null)),
        await requests.attempt(() => Promise.reject(undefined)),
        await requests.attempt(() => Promise.reject('rate-limited')),
        await requests.attempt(() => {
          throw new Error('thrown before any promise');
        }),
      ];

      // Assess
      expect(results).toEqual([undefined, undefined, undefined, undefined]);
      expect(requests.failures).toBe(4);
      expect(requests.rateLimited).toBe(false);
    });

    it('goes on after a failure that is not a rate limit', async () => {
      // Prepare
      const requests = gate(5);
      await requests.attempt(serverError);
      await requests.attempt(() => Promise.reject({ kind: 'rate-limited-soon' }));

      // Act
      const result = await requests.attempt(async () => 'after');

      // Assess
      expect(result).toBe('after');
      expect(requests.rateLimited).toBe(false);
      expect(requests.requests).toBe(3);
      expect(requests.failures).toBe(2);
    });

    it('makes no further request once the server rate-limited one, whatever budget is left', async () => {
      // Prepare
      const requests = gate(10);
      const read = counted('x');

      // Act
      const limited = await requests.attempt(rateLimited);
      const next = await requests.attempt(read.read);

      // Assess
      expect(limited).toBeUndefined();
      expect(next).toBeUndefined();
      expect(read.calls()).toBe(0);
      expect(requests.rateLimited).toBe(true);
      expect(requests.requests).toBe(1);
      expect(requests.failures).toBe(1);
      expect(requests.left).toBe(9);
    });

    it('lets a request already in flight when the rate limit came finish with its answer', async () => {
      // Prepare
      const requests = gate(10);
      let release: (value: string) => void = () => {};
      const slow = new Promise<string>((resolve) => {
        release = resolve;
      });

      // Act
      const inFlight = requests.attempt(() => slow);
      await requests.attempt(rateLimited);
      release('late answer');

      // Assess
      await expect(inFlight).resolves.toBe('late answer');
      expect(requests.rateLimited).toBe(true);
      expect(requests.failures).toBe(1);
      expect(requests.requests).toBe(2);
    });
  });

  describe('a rate limit shared by the gates of one cluster', () => {
    it('stops every gate of the cluster once any of them is rate limited, not only the one refused', async () => {
      // Prepare: the parts' gate and readiness's, over one signal
      const rateLimit = new RateLimitSignal();
      const parts = new DetailRequests({ budget: 10, deadline: DEADLINE, now: () => 0, rateLimit });
      const readiness = new DetailRequests({ budget: 5, deadline: DEADLINE, now: () => 0, rateLimit });
      const later = counted('configs');

      // Act
      await parts.attempt(rateLimited);
      const answer = await readiness.attempt(later.read);

      // Assess
      expect(answer).toBeUndefined();
      expect(later.calls()).toBe(0);
      expect(readiness.rateLimited).toBe(true);
      expect(readiness.requests).toBe(0);
    });

    it('is set by a 429 of a read no gate counts (the mirrors listing), and by nothing else', () => {
      // Prepare
      const signal = new RateLimitSignal();

      // Act
      const other = signal.noteFailure(Object.assign(new Error('500'), { kind: 'server-error' }));
      const afterOther = signal.limited;
      const limited = signal.noteFailure(Object.assign(new Error('429'), { kind: 'rate-limited' }));

      // Assess
      expect([other, afterOther]).toEqual([false, false]);
      expect([limited, signal.limited]).toEqual([true, true]);
    });

    it('leaves gates with signals of their own apart: a cluster limited is not another cluster', async () => {
      // Prepare
      const a = gate(5);
      const b = gate(5);
      const read = counted('tasks');

      // Act
      await a.attempt(rateLimited);
      const answer = await b.attempt(read.read);

      // Assess
      expect(answer).toBe('tasks');
      expect(b.rateLimited).toBe(false);
    });
  });
});
