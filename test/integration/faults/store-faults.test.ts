import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { DynamoDbLinkStateStore } from '../../../adapters/dynamodb/dynamodb-link-state-store.js';
import { CLUSTER_A, CLUSTER_B, CLUSTER_C, resultOf, runFaultCase } from '../../support/fault-cases.js';
import { mentioning, unreachableDynamoDbClient } from '../../support/fault-dynamodb.js';
import { startReport } from '../../support/fault-report.js';

const record = startReport('store-faults');

/** A loopback port that was free a moment ago and has nothing listening on it. */
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

describe('Fault suite: DynamoDB faults', () => {
  it('absorbs brief throttling of its writes through the SDK retries', async () => {
    await runFaultCase(
      {
        category: 'store',
        name: 'brief write throttling',
        injected:
          'The first 2 attempts of TransactWriteItems, PutItem and UpdateItem each answered ProvisionedThroughputExceededException (the SDK makes 3).',
        inject: (w) => {
          for (const operation of ['TransactWriteItems', 'PutItem', 'UpdateItem'])
            w.dynamo.faults.add({ operation, fault: 'throttling', times: 2 });
        },
        pollOptions: () => ({ faulty: [] }),
        assess: (w, during) => {
          expect(during[0]?.clustersFailed).toBe(0);
          expect(w.dynamo.faults.injected.filter((f) => f === 'TransactWriteItems:throttling')).toHaveLength(
            2,
          );
          expect(w.dynamo.faults.injected.filter((f) => f === 'UpdateItem:throttling')).toHaveLength(2);
        },
      },
      record,
    );
  });

  it('fails only the throttled cluster when throttling outlasts the retries, and records its changes next poll', async () => {
    await runFaultCase(
      {
        category: 'store',
        name: 'write throttling beyond the retries',
        injected:
          "Every TransactWriteItems attempt touching lkc-a's items answered ProvisionedThroughputExceededException for two polls.",
        inject: (w) =>
          w.dynamo.faults.add({
            operation: 'TransactWriteItems',
            fault: 'throttling',
            times: 1_000,
            match: mentioning(CLUSTER_A),
          }),
        assess: (_w, during) => {
          for (const summary of during) {
            expect(resultOf(summary, CLUSTER_A)).toMatchObject({ outcome: 'failed', failedStep: 'store' });
            expect(resultOf(summary, CLUSTER_B).outcome).toBe('ok');
          }
          expect(resultOf(during[0], CLUSTER_A).error).toMatch(/ProvisionedThroughputExceeded|throughput/);
        },
      },
      record,
    );
  });

  it('retries a cancelled transaction (TransactionConflict) on the next poll without duplicating anything', async () => {
    await runFaultCase(
      {
        category: 'store',
        name: 'transaction cancelled',
        injected:
          "lkc-a's first TransactWriteItems of each of two polls was cancelled with reasons [None, TransactionConflict].",
        inject: (w) =>
          w.dynamo.faults.add({
            operation: 'TransactWriteItems',
            fault: 'transaction-conflict',
            times: 1,
            match: mentioning(CLUSTER_A),
          }),
        pollOptions: (w, i) => {
          if (i === 1)
            w.dynamo.faults.add({
              operation: 'TransactWriteItems',
              fault: 'transaction-conflict',
              times: 1,
              match: mentioning(CLUSTER_A),
            });
          return { faulty: [CLUSTER_A] };
        },
        assess: (_w, during) => {
          for (const summary of during) {
            expect(resultOf(summary, CLUSTER_A)).toMatchObject({ outcome: 'failed', failedStep: 'store' });
            expect(resultOf(summary, CLUSTER_A).error).toMatch(/transaction cancelled/);
          }
        },
      },
      record,
    );
  });

  it('discards its own result when a concurrent poll committed first (condition check lost)', async () => {
    let competing = 0;
    await runFaultCase(
      {
        category: 'store',
        name: 'condition lost to a concurrent poll',
        injected:
          "Just before lkc-a's first TransactWriteItems went out, a complete poll by a second instance (own DynamoDB client) ran and committed the same changes.",
        faultPolls: 1,
        inject: (w) =>
          w.dynamo.faults.add({
            operation: 'TransactWriteItems',
            match: mentioning(CLUSTER_A),
            before: async () => {
              competing++;
              await w.poll({ store: w.newStore() });
            },
          }),
        pollOptions: () => ({ faulty: [] }),
        assess: (w, during) => {
          expect(competing).toBe(1);
          expect(resultOf(during[0], CLUSTER_A)).toMatchObject({ outcome: 'ok' });
          expect(resultOf(during[0], CLUSTER_A).conflicts).toBeGreaterThan(0);
          expect(w.polls).toHaveLength(3);
        },
      },
      record,
    );
  });

  it('fails every cluster cleanly when the store is unreachable for a whole poll, and catches up after', async () => {
    const port = await closedPort();
    const unreachable = unreachableDynamoDbClient(port);
    try {
      await runFaultCase(
        {
          category: 'store',
          name: 'store unreachable for a whole poll',
          injected: `For two polls the store's DynamoDB client pointed at 127.0.0.1:${port}, where nothing listens (connection refused).`,
          inject: () => undefined,
          // lkc-b is paused and resumed while no poll can record anything: that blip is never seen.
          strict: false,
          pollOptions: (w) => ({
            faulty: 'all',
            store: new DynamoDbLinkStateStore({ client: unreachable, ...w.tables }),
          }),
          assess: (w, during) => {
            for (const summary of during) {
              for (const clusterId of [CLUSTER_A, CLUSTER_B, CLUSTER_C]) {
                expect(resultOf(summary, clusterId)).toMatchObject({
                  outcome: 'failed',
                  failedStep: 'store',
                });
              }
            }
            expect(w.sim.requestCountFor(CLUSTER_A)).toBeGreaterThan(0);
            expect(w.notifier.attempts.length).toBe(0);
          },
        },
        record,
      );
    } finally {
      unreachable.destroy();
    }
  });

  it('publishes again an event whose delivery could not be marked sent (at least once, never lost)', async () => {
    await runFaultCase(
      {
        category: 'store',
        name: 'marking events sent fails',
        injected:
          'Every UpdateItem that marks an event SENT (and later ones) failed with throttling for the first fault poll.',
        faultPolls: 1,
        inject: (w) =>
          w.dynamo.faults.add({
            operation: 'UpdateItem',
            fault: 'throttling',
            times: 1_000,
            match: mentioning(':sent'),
          }),
        pollOptions: () => ({ faulty: 'all' }),
        assess: (w, during) => {
          expect(during[0]?.results.some((r) => r.failedStep === 'publish')).toBe(true);
          w.dynamo.faults.clear();
        },
        notes: (w) => {
          const counts = new Map<string, number>();
          for (const a of w.notifier.delivered)
            for (const id of a.eventIds) counts.set(id, (counts.get(id) ?? 0) + 1);
          return [
            `events delivered more than once (allowed: their delivery was never recorded): ${[...counts.values()].filter((n) => n > 1).length}`,
          ];
        },
      },
      record,
    );
  });
});
