/**
 * Counts the DynamoDB calls and capacity a `DynamoDbLinkStateStore` uses, by store method and API:
 * pass `meter.onCall` as the store's `onCall` option, read `meter.totals()`.
 */
import type { StoreCall } from '../../adapters/dynamodb/dynamodb-link-state-store.js';

export interface CallTotals {
  readonly calls: number;
  readonly failedCalls: number;
  /** Capacity units, read and write together, as DynamoDB reported them. */
  readonly consumedCapacity: number;
}

export interface CallMeter {
  readonly onCall: (call: StoreCall) => void;
  /** Totals overall and keyed `{method}/{operation}` (e.g. `readClusterState/Query`). */
  totals(): CallTotals & { readonly byCall: Readonly<Record<string, CallTotals>> };
  reset(): void;
}

export function createCallMeter(): CallMeter {
  let byCall = new Map<string, { calls: number; failedCalls: number; consumedCapacity: number }>();
  return {
    onCall: (call) => {
      const key = `${call.method}/${call.operation}`;
      const entry = byCall.get(key) ?? { calls: 0, failedCalls: 0, consumedCapacity: 0 };
      entry.calls += 1;
      if (call.failed) entry.failedCalls += 1;
      entry.consumedCapacity += call.consumedCapacity;
      byCall.set(key, entry);
    },
    totals: () => {
      const entries = [...byCall.values()];
      return {
        calls: entries.reduce((sum, e) => sum + e.calls, 0),
        failedCalls: entries.reduce((sum, e) => sum + e.failedCalls, 0),
        consumedCapacity: entries.reduce((sum, e) => sum + e.consumedCapacity, 0),
        byCall: Object.fromEntries([...byCall].map(([key, e]) => [key, { ...e }])),
      };
    },
    reset: () => {
      byCall = new Map();
    },
  };
}
