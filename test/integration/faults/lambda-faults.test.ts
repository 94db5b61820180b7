import { describe, expect, it } from 'vitest';
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

describe('Fault suite: Lambda-level faults', () => {
  it('stops at the deadline mid-poll: the slow cluster fails, the ones not reached are skipped, all caught up next poll', async () => {
    await runFaultCase(
      {
        category: 'lambda',
        name: 'deadline reached mid-poll',
        injected:
          'The Lambda had 3 s left (reserve 1 s, one cluster at a time) and lkc-a never answered: its listing ran into the deadline.',
        world: { settings: { concurrency: 1, reserveMs: 1_000 } },
        faultPolls: 1,
        // lkc-b is paused and resumed around a poll that never reached it: that blip is never seen.
        strict: false,
        inject: (w) =>
          w.route(CLUSTER_A, [{ kind: 'stall' }, { kind: 'stall' }, { kind: 'stall' }, { kind: 'stall' }]),
        pollOptions: () => ({ faulty: 'all', remainingMs: 3_000 }),
        assess: (_w, during) => {
          expect(resultOf(during[0], CLUSTER_A).error).toMatch(/deadline passed/);
          expect(resultOf(during[0], CLUSTER_B).outcome).toBe('skipped');
          expect(resultOf(during[0], CLUSTER_C).outcome).toBe('skipped');
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
