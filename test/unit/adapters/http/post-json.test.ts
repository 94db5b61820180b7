import { describe, expect, it } from 'vitest';
import { postJson } from '../../../../adapters/http/post-json.js';

const POLICY = { baseDelayMs: 100, maxDelayMs: 400, minDelayMs: 100, minAttemptMs: 50 };

/** A fetch that answers from a list, recording each request. */
function scriptedFetch(answers: readonly (Response | Error)[]) {
  const requests: RequestInit[] = [];
  const fetchFn = async (_url: URL | string, init?: RequestInit): Promise<Response> => {
    requests.push(init ?? {});
    const answer = answers[Math.min(requests.length - 1, answers.length - 1)];
    if (answer instanceof Error) throw answer;
    return (answer as Response).clone();
  };
  return { fetch: fetchFn as typeof fetch, requests };
}

function clock(start = 1_000_000) {
  let now = start;
  return {
    now: () => now,
    sleep: async (ms: number) => {
      now += ms;
    },
  };
}

const base = {
  url: new URL('https://hooks.example.com/x'),
  body: '{"a":1}',
  contentType: 'application/json',
  policy: POLICY,
  describeErrorBody: (body: string) => body.slice(0, 20),
  random: () => 0.5,
};

describe('postJson', () => {
  it('retries a 429 after its Retry-After and reports the attempts when delivered', async () => {
    const { fetch, requests } = scriptedFetch([
      new Response('slow down', { status: 429, headers: { 'retry-after': '2' } }),
      new Response('', { status: 202 }),
    ]);
    const time = clock();
    const waits: number[] = [];

    const outcome = await postJson({
      ...base,
      ...time,
      fetch,
      deadline: time.now() + 10_000,
      onRetry: (r) => waits.push(r.waitMs),
    });

    expect(outcome).toEqual({ kind: 'delivered', attempts: 2 });
    expect(waits).toEqual([2_000]);
    expect(requests[0]).toMatchObject({ method: 'POST', redirect: 'manual', body: '{"a":1}' });
  });

  it('gives a 400 up at once, with the described body', async () => {
    const { fetch, requests } = scriptedFetch([new Response('invalid routing key', { status: 400 })]);
    const time = clock();

    const outcome = await postJson({ ...base, ...time, fetch, deadline: time.now() + 10_000 });

    expect(outcome).toEqual({ kind: 'refused', status: 400, detail: 'invalid routing key', attempts: 1 });
    expect(requests).toHaveLength(1);
  });

  it('gives up with the last reason when the deadline leaves no room for another attempt', async () => {
    const reset = Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNRESET' } });
    const { fetch, requests } = scriptedFetch([new Response('down', { status: 503 }), reset]);
    const time = clock();

    const outcome = await postJson({ ...base, ...time, fetch, deadline: time.now() + 1_000 });

    expect(outcome).toMatchObject({ kind: 'gave-up', reason: 'ECONNRESET' });
    expect(outcome.attempts).toBe(requests.length);
    expect(requests.length).toBeGreaterThan(1);
  });
});
