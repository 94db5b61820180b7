import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { DynamoDbLinkStateStore } from '../../../adapters/dynamodb/dynamodb-link-state-store.js';
import { unreachableDynamoDbClient } from '../../support/fault-dynamodb.js';
import { startReport } from '../../support/fault-report.js';
import { FaultWorld, type PollOptions } from '../../support/fault-world.js';
import { formatReport } from '../../support/invariants.js';
import { type LinkMutation, soakSeeds, soakTimeline } from '../../support/soak-timeline.js';

const record = startReport('soak');
const CLUSTERS = ['lkc-s1', 'lkc-s2', 'lkc-s3', 'lkc-s4'];
/** Polls per seed; raise it with SOAK_STEPS for a longer local run. */
const STEPS = Number(process.env.SOAK_STEPS ?? 30);

async function closedPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function apply(world: FaultWorld, mutation: LinkMutation): void {
  const links = world.sim.links(mutation.clusterId);
  const target = 'pick' in mutation ? links[Math.floor(mutation.pick * links.length)] : undefined;
  switch (mutation.kind) {
    case 'state':
      if (target)
        world.sim.setLinkState(mutation.clusterId, target.linkName, mutation.linkState, mutation.linkError);
      return;
    case 'add':
      world.sim.addLink(mutation.clusterId, { linkName: mutation.linkName });
      return;
    case 'remove':
      if (target && links.length > 1) world.sim.removeLink(mutation.clusterId, target.linkName);
      return;
    case 'recreate':
      if (target) world.sim.recreateLink(mutation.clusterId, target.linkName);
      return;
  }
}

describe('Soak: a long random timeline of link changes and faults', () => {
  for (const seed of soakSeeds()) {
    it(`keeps every invariant over ${STEPS} polls (seed ${seed})`, async () => {
      console.info(
        `soak seed ${seed}: replay with SOAK_SEED=${seed} npx vitest run test/integration/faults/soak.test.ts`,
      );
      const world = await FaultWorld.start({
        name: 'soak',
        clusters: CLUSTERS.map((clusterId) => ({ clusterId, links: 6 })),
        pageSize: 4,
        // Short enough that hangs cost little, long enough that a loaded machine's own requests never time out.
        client: { requestTimeoutMs: 1_000 },
        settings: { unreachableAfterPolls: 2, digestThreshold: 3 },
      });
      const unreachable = unreachableDynamoDbClient(await closedPort());
      const injected = new Map<string, number>();
      const count = (what: string) => injected.set(what, (injected.get(what) ?? 0) + 1);
      let problem: unknown;
      try {
        for (const step of soakTimeline(seed, CLUSTERS, STEPS)) {
          for (const mutation of step.mutations) apply(world, mutation);
          const { faults } = step;
          for (const [clusterId, kind] of faults.rest) {
            world.sim.failCluster(clusterId, { kind });
            count(`REST ${kind}`);
          }
          if (faults.dynamo !== null) {
            world.dynamo.faults.add(faults.dynamo);
            count(`DynamoDB ${faults.dynamo.operation} ${faults.dynamo.fault}`);
          }
          if (faults.publishFailures > 0) {
            world.notifier.failNext(faults.publishFailures);
            count('publish failure');
          }
          const global = faults.dynamo !== null || faults.publishFailures > 0 || faults.storeUnreachable;
          const options: PollOptions = {
            faulty: global ? 'all' : [...faults.rest.keys()],
            ...(faults.storeUnreachable && {
              store: new DynamoDbLinkStateStore({ client: unreachable, ...world.tables }),
            }),
          };
          if (faults.storeUnreachable) count('store unreachable');
          if (faults.concurrent) {
            count('two polls at once');
            await world.pollTogether([options, { ...options, store: options.store ?? world.newStore() }]);
          } else {
            await world.poll(options);
          }
          for (const clusterId of CLUSTERS) world.sim.clearFault(clusterId);
          world.dynamo.faults.clear();
          world.notifier.heal();
          world.advance();
        }
        const report = await world.finish();
        const lines = world.monitorLines();
        const failedResults = world.polls.flatMap((p) => p.results).filter((r) => r.outcome !== 'ok').length;
        record({
          category: 'soak',
          name: `soak, seed ${seed}`,
          injected: `${STEPS} polls of 4 clusters with random link changes; faults: ${[...injected].map(([k, n]) => `${k} x${n}`).join(', ')}.`,
          monitor: [
            `${world.polls.length} polls (3 clean at the end), ${failedResults} cluster results not ok, ${report.stats.events} history events, ${report.stats.deliveredEvents} event deliveries`,
            ...lines.slice(-2),
          ],
          invariants: report,
          seed,
          passed: report.violations.length === 0,
        });
        expect(
          report.violations,
          `soak seed ${seed} (replay: SOAK_SEED=${seed})\n${formatReport(report)}`,
        ).toEqual([]);
        expect(report.stats.events).toBeGreaterThan(0);
      } catch (error) {
        problem = error;
      } finally {
        unreachable.destroy();
        await world.close();
      }
      if (problem !== undefined) throw problem;
      // Hangs cost up to three request timeouts each: about 10 to 30 s on a quiet machine.
    }, 180_000);
  }
});
