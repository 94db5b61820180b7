import type {
  AlertLedger,
  LedgerEntry,
  LedgerOutcome,
  OpenAlert,
} from '../../receivers/pagerduty/alert-ledger.js';

interface LedgerItem extends OpenAlert {
  readonly open: boolean;
  readonly lastEventAt: number;
}

/**
 * An `AlertLedger` in memory, for driving the PagerDuty receiver in-process. It keeps the port's
 * contract as the DynamoDB ledger does: an event is recorded when its alert has none yet or its
 * last one was observed no later (`lastEventAt <= at`, so a retry of the same event passes), and
 * is stale otherwise; a trigger opens the alert, a resolve closes it.
 */
export class InMemoryAlertLedger implements AlertLedger {
  /** By cluster, then dedup key. */
  readonly #items = new Map<string, Map<string, LedgerItem>>();

  async openAlerts(clusterId: string): Promise<readonly OpenAlert[]> {
    return [...(this.#items.get(clusterId)?.values() ?? [])]
      .filter((item) => item.open)
      .map(({ dedupKey, linkName, kind }) => ({ dedupKey, linkName, kind }));
  }

  async record(entry: LedgerEntry): Promise<LedgerOutcome> {
    const cluster = this.#items.get(entry.clusterId) ?? new Map<string, LedgerItem>();
    this.#items.set(entry.clusterId, cluster);
    const last = cluster.get(entry.dedupKey);
    if (last !== undefined && last.lastEventAt > entry.at) return 'stale';
    cluster.set(entry.dedupKey, {
      dedupKey: entry.dedupKey,
      // A resolve does not name the link of a cluster alert; the item keeps what it had.
      linkName: entry.linkName ?? last?.linkName ?? null,
      kind: entry.kind,
      open: entry.action === 'trigger',
      lastEventAt: entry.at,
    });
    return 'recorded';
  }
}
