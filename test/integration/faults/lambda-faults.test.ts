import { describe, expect, it } from 'vitest';
import type { HistoryEvent } from '../../../core/model/change-events.js';
import { configOrder } from '../../../core/poll/start-order.js';
import type { LinkStateStore } from '../../../core/ports.js';
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
import { FaultWorld } from '../../support/fault-world.js';
import { formatReport } from '../../support/invariants.js';

const record = startReport('lambda-faults');

/**
 * The store of a poll whose Lambda stops right after each claim: the claim is written, and
 * nothing after it (no publish, no claim handed back, no outbox drained) happens.
 */
function stoppingAfterClaims(store: LinkStateStore, claimed: HistoryEvent[]): LinkStateStore {
  return new Proxy(store, {
    get(target, property) {
      if (property === 'claimPendingEvents')
        return async (q: Parameters<LinkStateStore['claimPendingEvents']>[0]) => {
          claimed.push(...(await target.claimPendingEvents(q)));
          throw new Error('the Lambda stopped after claiming (injected)');
        };
      const value: unknown = Reflect.get(target, property);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

describe('Fault suite: Lambda-level faults', () => {
  it('stops at the deadline mid-poll: the slow cluster fails, the ones not reached are skipped, all caught up next poll', async () => {
    await runFaultCase(
      {
        category: 'lambda',
        name: 'deadline reached mid-poll',
        injected:
          'The Lambda had 3 s left (reserve 1 s, one cluster at a time, lkc-a started first) and lkc-a never answered: its listing ran into the deadline.',
        world: { settings: { concurrency: 1, reserveMs: 1_000 } },
        faultPolls: 1,
        // lkc-b is paused and resumed around a poll that never reached it: that blip is never seen.
        strict: false,
        inject: (w) =>
          w.route(CLUSTER_A, [{ kind: 'stall' }, { kind: 'stall' }, { kind: 'stall' }, { kind: 'stall' }]),
        // The config's order, so that the hanging cluster starts first (the poller's own changes every poll).
        pollOptions: () => ({ faulty: 'all', remainingMs: 3_000, startOrder: configOrder }),
        assess: (_w, during) => {
          expect(resultOf(during[0], CLUSTER_A).error).toMatch(/deadline passed/);
          for (const behind of [CLUSTER_B, CLUSTER_C])
            expect(resultOf(during[0], behind)).toMatchObject({
              outcome: 'skipped',
              error: expect.stringMatching(
                /^not reached within the poll's time: 1 cluster ahead of it .*\(label-lkc-a\)/,
              ),
            });
        },
      },
      record,
    );
  });

  it('does nothing twice when the same scheduled event is delivered twice (same time, one after the other)', async () => {
    let at: Date | undefined;
    await runFaultCase(
      {
        category: 'lambda',
        name: 'scheduled event delivered twice',
        injected:
          'Two polls ran one after the other with the same scheduled time; the first one could not publish.',
        faultPolls: 2,
        changeDuringFault: false,
        advance: false,
        inject: (w) => {
          w.notifier.failNext(1);
        },
        pollOptions: (w, i) => {
          at ??= w.now();
          return { faulty: i === 0 ? 'all' : [], at };
        },
        assess: (_w, during) => {
          expect(during[1]?.events).toBe(0);
          expect(during[0]?.publishFailures).toBe(1);
          expect(during[1]?.published).toBeGreaterThan(0);
        },
      },
      record,
    );
  });

  it('sends the notifications a crashed poll had claimed at the next poll, one schedule interval later', async () => {
    const claimed: HistoryEvent[] = [];
    let deliveredBefore = 0;
    await runFaultCase(
      {
        category: 'lambda',
        name: 'crashed after claiming',
        injected:
          'After every cluster had recorded its changes, the Lambda stopped right after claiming them (50 s timeout): nothing was published, no claim handed back. The next poll ran a minute later.',
        faultPolls: 2,
        changeDuringFault: false,
        inject: () => undefined,
        pollOptions: (w, i) => {
          if (i === 0) return { faulty: 'all', store: stoppingAfterClaims(w.store, claimed) };
          deliveredBefore = w.notifier.delivered.length;
          return { faulty: [] };
        },
        assess: (w, during) => {
          const sentNext = new Set(w.notifier.delivered.slice(deliveredBefore).flatMap((a) => a.eventIds));
          expect(claimed.length).toBeGreaterThan(0);
          expect(during[0]?.published).toBe(0);
          expect(claimed.map((e) => e.eventId).filter((id) => !sentNext.has(id))).toEqual([]);
        },
        notes: () => [`events claimed by the crashed poll: ${claimed.length}, all sent by the next poll`],
      },
      record,
    );
  });

  it('records and notifies each change once when two instances poll the same state at once', async () => {
    const world = await FaultWorld.start({
      name: 'faults',
      clusters: [CLUSTER_A, CLUSTER_B, CLUSTER_C].map((clusterId) => ({ clusterId, links: 6 })),
      pageSize: 3,
    });
    const conflicts: number[] = [];
    let problem: unknown;
    try {
      await world.pollTogether([{ store: world.newStore() }, { store: world.newStore() }]);
      for (let round = 0; round < 4; round++) {
        world.advance();
        if (round === 0) changeEveryCluster(world);
        else
          world.sim.setLinkState(CLUSTER_B, linkOf(CLUSTER_B, round), round % 2 === 0 ? 'ACTIVE' : 'FAILED');
        const same = world.now();
        const summaries = await world.pollTogether([
          { store: world.newStore(), at: same },
          { store: world.newStore(), at: same },
        ]);
        conflicts.push(summaries.reduce((n, s) => n + s.conflicts, 0));
      }
      const report = await world.finish({ strict: true });
      record({
        category: 'lambda',
        name: 'two polls at once on the same state',
        injected:
          'Five times, two pollers with their own DynamoDB clients ran pollClusters at the same moment (Promise.all) against DynamoDB Local, after changes on every cluster.',
        monitor: [
          ...world.monitorLines(),
          `conflicts per round (a poll discarding its result for a record the other committed): ${conflicts.join(', ')}`,
        ],
        invariants: report,
        strict: true,
        passed: report.violations.length === 0,
      });
      expect(report.violations, formatReport(report)).toEqual([]);
    } catch (error) {
      problem = error;
    } finally {
      await world.close();
    }
    if (problem !== undefined) throw problem;
  });
});
