import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CLUSTER_A,
  CLUSTER_B,
  CLUSTER_C,
  changeEveryCluster,
  linkOf,
  resultOf,
  runFaultCase,
} from '../../support/fault-cases.js';
import { startReport } from '../../support/fault-report.js';
import { type FaultServer, startFaultServer } from '../../support/fault-server.js';
import { FaultWorld, linksPath } from '../../support/fault-world.js';
import { formatReport } from '../../support/invariants.js';

const record = startReport('rest-faults');

type Page = Record<string, unknown> & { data: Record<string, unknown>[]; metadata: Record<string, unknown> };
const asPage = (page: Record<string, unknown>) => page as Page;

describe('Fault suite: Confluent REST faults', () => {
  let elsewhere: FaultServer;
  beforeAll(async () => {
    elsewhere = await startFaultServer();
  });
  afterAll(async () => {
    await elsewhere.close();
  });

  it('rides out a storm of 429s with HTML bodies on one cluster, then records what changed', async () => {
    await runFaultCase(
      {
        category: 'rest',
        name: '429 storm with HTML bodies',
        injected:
          'Every request for cluster lkc-a answered 429 with a Jetty HTML page (no Retry-After) for two polls.',
        inject: (w) => w.sim.failCluster(CLUSTER_A, { kind: 'rate-limited' }),
        assess: (w, during) => {
          for (const summary of during) {
            expect(resultOf(summary, CLUSTER_A)).toMatchObject({ outcome: 'failed', failedStep: 'list' });
            expect(resultOf(summary, CLUSTER_A).error).toMatch(
              /rate-limited.*HTTP 429.*gave up after 3 attempts/,
            );
          }
          expect(w.retries.filter((r) => r.status === 429).length).toBe(4);
        },
      },
      record,
    );
  });

  it('absorbs a short 5xx burst within one poll and fails only the poll a long burst covers', async () => {
    await runFaultCase(
      {
        category: 'rest',
        name: '5xx bursts',
        injected: 'lkc-a answered 503 to its next 2 requests (first poll), then to its next 4 (second poll).',
        inject: (w) => w.sim.failCluster(CLUSTER_A, { kind: 'server-error', status: 503, times: 2 }),
        pollOptions: (w, i) => {
          if (i === 1) w.sim.failCluster(CLUSTER_A, { kind: 'server-error', status: 503, times: 4 });
          return { faulty: i === 1 ? [CLUSTER_A] : [] };
        },
        assess: (_w, during) => {
          expect(resultOf(during[0], CLUSTER_A).outcome).toBe('ok');
          expect(resultOf(during[1], CLUSTER_A)).toMatchObject({ outcome: 'failed', failedStep: 'list' });
          expect(resultOf(during[1], CLUSTER_A).error).toMatch(/HTTP 503/);
        },
      },
      record,
    );
  });

  it('never takes a listing cut off by connection resets on its second page as removed links', async () => {
    await runFaultCase(
      {
        category: 'rest',
        name: 'connection resets part-way through a listing',
        injected:
          'Requests for page 2 of lkc-a reset the TCP connection (no response) for two polls; page 1 answered normally.',
        inject: (w) => w.sim.failCluster(CLUSTER_A, { kind: 'reset', fromPage: 1 }),
        assess: async (w, during) => {
          expect(resultOf(during[0], CLUSTER_A).error).toMatch(/Could not reach|cut off|ECONNRESET|socket/i);
          const removed = (await w.history()).filter((e) => e.type === 'LINK_REMOVED');
          expect(removed).toEqual([]);
        },
      },
      record,
    );
  });

  it('gives up on responses that stall past the request timeout without holding up other clusters', async () => {
    await runFaultCase(
      {
        category: 'rest',
        name: 'responses stalling',
        injected:
          'lkc-a accepted every request and never answered, for two polls (request timeout 250 ms, 3 attempts).',
        world: { client: { requestTimeoutMs: 250 } },
        inject: (w) => w.sim.failCluster(CLUSTER_A, { kind: 'hang' }),
        assess: (w, during) => {
          for (const summary of during) {
            expect(resultOf(summary, CLUSTER_A).error).toMatch(/No complete response .* within 250 ms/);
            expect(resultOf(summary, CLUSTER_B).outcome).toBe('ok');
          }
          expect(w.retries.filter((r) => r.kind === 'timeout')).toHaveLength(4);
        },
      },
      record,
    );
  });

  it('refuses truncated bodies, both a cut-short JSON text and a connection closed before Content-Length', async () => {
    await runFaultCase(
      {
        category: 'rest',
        name: 'truncated bodies',
        injected:
          'Poll 1: lkc-a page 1 was a 200 whose JSON stopped half-way. Poll 2: three 200s declaring more Content-Length than sent, then the connection closed.',
        inject: (w) => w.sim.failCluster(CLUSTER_A, { kind: 'truncated', times: 1 }),
        pollOptions: (w, i) => {
          if (i === 1) {
            const cut = {
              kind: 'truncate',
              body: '{"kind":"KafkaLinkDataList","metadata":{"next":null},"data":[{"link_na',
            } as const;
            w.route(CLUSTER_A, [cut, cut, cut]);
          }
          return { faulty: [CLUSTER_A] };
        },
        assess: (_w, during) => {
          expect(resultOf(during[0], CLUSTER_A).error).toMatch(/JSON ends early|not valid JSON/);
          expect(resultOf(during[1], CLUSTER_A).error).toMatch(/cut off before the body was complete/);
        },
      },
      record,
    );
  });

  it('refuses malformed 200 bodies: HTML login pages, non-JSON, JSON that is not a links page', async () => {
    const bodies = [
      '<html><body>Sign in</body></html>',
      'null',
      '[]',
      '{"data":[]}',
      '{"metadata":{},"data":{}}',
      'not json at all',
    ];
    await runFaultCase(
      {
        category: 'rest',
        name: 'malformed bodies',
        injected: `lkc-a answered 200 with, in turn: ${bodies.map((b) => JSON.stringify(b)).join(', ')}; one per poll.`,
        faultPolls: bodies.length,
        inject: () => undefined,
        pollOptions: (w, i) => {
          w.route(CLUSTER_A, [
            {
              kind: 'text',
              status: 200,
              body: bodies[i] ?? '',
              headers: { 'content-type': 'application/json' },
            },
          ]);
          return { faulty: [CLUSTER_A] };
        },
        assess: (_w, during) => {
          for (const summary of during) {
            expect(resultOf(summary, CLUSTER_A)).toMatchObject({ outcome: 'failed', failedStep: 'list' });
            expect(resultOf(summary, CLUSTER_A).error).toMatch(/^InvalidLinksResponseError: /);
          }
        },
      },
      record,
    );
  });

  it('sets aside a schema-violating link and records the rest of the listing, never taking a link for removed for it', async () => {
    const violations: [string, (link: Record<string, unknown>) => void][] = [
      ['link_state is a number', (l) => Object.assign(l, { link_state: 3 })],
      ['topic_names is a string', (l) => Object.assign(l, { topic_names: 'orders' })],
      ['link_name is empty', (l) => Object.assign(l, { link_name: '' })],
      ['cluster_link_id is missing', (l) => Object.assign(l, { cluster_link_id: undefined })],
      [
        'category_counts count is fractional',
        (l) => Object.assign(l, { category_counts: [{ state_category: 'ACTIVE', count: 1.5 }] }),
      ],
    ];
    await runFaultCase(
      {
        category: 'rest',
        name: 'schema-violating links',
        injected: `One link on page 2 of lkc-a violated the schema, one way per poll: ${violations.map(([what]) => what).join('; ')}.`,
        faultPolls: violations.length,
        inject: () => undefined,
        pollOptions: (w, i) => {
          const [, violate] = violations[i] ?? ['', () => undefined];
          w.route(CLUSTER_A, [
            w.forward(),
            w.forward((page) => {
              const p = asPage(page);
              if (p.data[0] !== undefined) violate(p.data[0]);
              return p;
            }),
          ]);
          return { faulty: [CLUSTER_A] };
        },
        assess: async (w, during) => {
          for (const summary of during)
            expect(resultOf(summary, CLUSTER_A)).toMatchObject({ outcome: 'ok', refusedEntries: 1 });
          // The one real removal (made before the fault) is the only one: the odd link is never taken for removed.
          const removed = (await w.history()).filter((e) => e.type === 'LINK_REMOVED').map((e) => e.linkName);
          expect(removed).toEqual([linkOf(CLUSTER_A, 3)]);
        },
      },
      record,
    );
  });

  it('sets aside a link name that appears twice, on one page or across pages, and takes no link for removed meanwhile', async () => {
    await runFaultCase(
      {
        category: 'rest',
        name: 'duplicate link names in one listing',
        injected:
          'Poll 1: page 1 of lkc-a listed its first link twice. Poll 2: page 2 repeated a link of page 1.',
        inject: () => undefined,
        pollOptions: (w, i) => {
          let firstName: unknown;
          w.route(
            CLUSTER_A,
            i === 0
              ? [w.forward((page) => ({ ...page, data: [...asPage(page).data, asPage(page).data[0]] }))]
              : [
                  w.forward((page) => {
                    firstName = asPage(page).data[0]?.link_name;
                    return page;
                  }),
                  w.forward((page) => {
                    const p = asPage(page);
                    return {
                      ...p,
                      data: p.data.map((l, n) => (n === 0 ? { ...l, link_name: firstName } : l)),
                    };
                  }),
                ],
          );
          return { faulty: [CLUSTER_A] };
        },
        assess: async (w, during) => {
          for (const summary of during)
            expect(resultOf(summary, CLUSTER_A)).toMatchObject({ outcome: 'ok', refusedEntries: 2 });
          // Poll 2's repeated name hid the link whose entry it replaced: that link is not taken for removed.
          const removed = (await w.history()).filter((e) => e.type === 'LINK_REMOVED').map((e) => e.linkName);
          expect(removed).not.toContain(linkOf(CLUSTER_A, 2));
        },
      },
      record,
    );
  });

  it('reads a large listing over many pages, and refuses a body beyond the size cap while reading it', async () => {
    await runFaultCase(
      {
        category: 'rest',
        name: 'huge listings',
        injected:
          'lkc-a held 400 links over 8 pages of 50. Poll 1: its page 3 was an endless body (cut at maxBodyBytes 256 KiB). Poll 2: a 2 MB single page.',
        world: {
          clusters: [
            { clusterId: CLUSTER_A, links: 400 },
            { clusterId: CLUSTER_B, links: 4 },
            { clusterId: CLUSTER_C, links: 4 },
          ],
          pageSize: 50,
          client: { maxBodyBytes: 256 * 1024 },
        },
        inject: (w) => {
          w.sim.setLinkState(CLUSTER_A, linkOf(CLUSTER_A, 377), 'FAILED');
        },
        pollOptions: (w, i) => {
          const huge = JSON.stringify({ metadata: { next: null }, data: [], padding: 'x'.repeat(2_000_000) });
          w.route(
            CLUSTER_A,
            i === 0
              ? [w.forward(), w.forward(), { kind: 'endless', chunk: '{"link_name":"x"},'.repeat(1000) }]
              : [{ kind: 'text', status: 200, body: huge, headers: { 'content-type': 'application/json' } }],
          );
          return { faulty: [CLUSTER_A] };
        },
        assess: (_w, during) => {
          for (const summary of during)
            expect(resultOf(summary, CLUSTER_A).error).toMatch(/body exceeds 262144 bytes/);
        },
      },
      record,
    );
  });

  it('stops a pagination loop instead of reading forever', async () => {
    await runFaultCase(
      {
        category: 'rest',
        name: 'pagination loop',
        injected: 'Every page of lkc-a named itself as metadata.next, for two polls.',
        inject: (w) => w.sim.failCluster(CLUSTER_A, { kind: 'next-loop' }),
        assess: (w, during) => {
          for (const summary of during) expect(resultOf(summary, CLUSTER_A).error).toMatch(/a loop/);
          expect(w.sim.requestCountFor(CLUSTER_A)).toBeLessThan(20);
        },
      },
      record,
    );
  });

  it('refuses a metadata.next on another host: that host receives nothing, credentials included', async () => {
    await runFaultCase(
      {
        category: 'rest',
        name: 'metadata.next to another host',
        injected:
          "lkc-a's first page pointed metadata.next at another loopback server (another origin), for two polls.",
        inject: (w) => {
          const steps = [
            w.forward((page) => ({
              ...page,
              metadata: {
                ...asPage(page).metadata,
                next: `${elsewhere.url}${linksPath(CLUSTER_A)}?page_token=stolen`,
              },
            })),
          ];
          w.route(CLUSTER_A, [...steps, ...steps]);
        },
        assess: (_w, during) => {
          for (const summary of during)
            expect(resultOf(summary, CLUSTER_A).error).toMatch(/another origin .* not followed/);
          expect(elsewhere.requests).toEqual([]);
        },
        notes: () => [`requests received by the other host: ${elsewhere.requests.length}`],
      },
      record,
    );
  });

  it('treats a key revoked mid-listing as an unreachable cluster, without retrying the 401, and recovers', async () => {
    await runFaultCase(
      {
        category: 'rest',
        name: 'API key revoked mid-way',
        injected:
          'From page 2 of lkc-a on, the simulator rejected the key with 401 (error_code 40101), for three polls; then the key worked again.',
        faultPolls: 3,
        inject: (w) => w.sim.failCluster(CLUSTER_A, { kind: 'unauthorized', fromPage: 1 }),
        assess: async (w, during) => {
          for (const summary of during)
            expect(resultOf(summary, CLUSTER_A).error).toMatch(/rejected the API key .*HTTP 401/);
          expect(w.retries.filter((r) => r.status === 401)).toEqual([]);
          const unreachable = (await w.history()).filter((e) => e.type === 'CLUSTER_UNREACHABLE');
          expect(unreachable.map((e) => e.clusterId)).toEqual([CLUSTER_A]);
          expect(unreachable[0]?.detail).not.toContain(w.credentials.apiKey);
        },
      },
      record,
    );
  });

  it('keeps polling, recording and notifying the other clusters while one fails throughout', async () => {
    await runFaultCase(
      {
        category: 'rest',
        name: 'one cluster failing, others fine',
        injected: 'lkc-a answered 403 for four polls while lkc-b and lkc-c changed every poll.',
        faultPolls: 4,
        inject: (w) => w.sim.failCluster(CLUSTER_A, { kind: 'forbidden' }),
        pollOptions: (w, i) => {
          w.sim.setLinkState(CLUSTER_C, linkOf(CLUSTER_C, 1), i % 2 === 0 ? 'PAUSED' : 'ACTIVE');
          return { faulty: [CLUSTER_A] };
        },
        assess: (w, during) => {
          for (const summary of during) {
            expect(resultOf(summary, CLUSTER_B).outcome).toBe('ok');
            expect(resultOf(summary, CLUSTER_C)).toMatchObject({ outcome: 'ok' });
            expect(resultOf(summary, CLUSTER_C).published).toBeGreaterThan(0);
          }
          expect(
            w.notifier.delivered.some(
              (a) => a.notification.kind === 'cluster' && a.notification.clusterId === CLUSTER_A,
            ),
          ).toBe(true);
        },
      },
      record,
    );
  });
});

describe('Fault suite: an invalid listing changes nothing', () => {
  it('leaves history and snapshots exactly as they were after a poll whose listing is invalid', async () => {
    // Prepare
    const world = await FaultWorld.start({
      name: 'faults',
      clusters: [CLUSTER_A, CLUSTER_B, CLUSTER_C].map((clusterId) => ({ clusterId, links: 4 })),
      pageSize: 2,
    });
    try {
      await world.poll();
      world.advance();
      changeEveryCluster(world);
      const historyOfA = async () => (await world.history()).filter((e) => e.clusterId === CLUSTER_A);
      const before = { history: await historyOfA(), state: await world.store.readClusterState(CLUSTER_A) };
      world.route(CLUSTER_A, [
        world.forward(),
        // Not a links page at all (one odd entry would only be set aside).
        { kind: 'json', body: { data: [{ link_name: 'x' }] } },
      ]);

      // Act
      const summary = await world.poll({ faulty: [CLUSTER_A] });

      // Assess
      expect(resultOf(summary, CLUSTER_A).failedStep).toBe('list');
      expect(await historyOfA()).toEqual(before.history);
      expect((await world.store.readClusterState(CLUSTER_A)).links).toEqual(before.state.links);
      const report = await world.finish({ strict: true });
      expect(report.violations, formatReport(report)).toEqual([]);
    } finally {
      await world.close();
    }
  });
});
