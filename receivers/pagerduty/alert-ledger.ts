/**
 * The alert ledger port: which alerts one PagerDuty receiver opened and has not resolved, and
 * the time of the last event it sent for each. With it the receiver resolves what it opened even
 * when a document no longer names it (`reconcile-alerts.ts`), and never sends an event older than
 * one already sent for the same alert: Lambda's asynchronous retries can deliver a stale trigger
 * after the resolve that followed it, and nothing orders separate notifications. On Lambda,
 * `dynamodb-alert-ledger.ts`; its errors are in `alert-ledger-errors.ts`.
 */
import type { AlertKind } from './pagerduty-events.js';

/** An alert the receiver triggered and has not resolved since. */
export interface OpenAlert {
  readonly dedupKey: string;
  /** Null for the cluster's own alert. */
  readonly linkName: string | null;
  readonly kind: AlertKind;
}

/** One event about to be sent, as the ledger records it. */
export interface LedgerEntry extends OpenAlert {
  readonly clusterId: string;
  readonly action: 'trigger' | 'resolve';
  /** Epoch ms of what the event reports (`event-time.ts`). */
  readonly at: number;
}

/** `recorded`: send the event. `stale`: one observed later was already recorded for its alert. */
export type LedgerOutcome = 'recorded' | 'stale';

/** One receiver's ledger: every call is about that receiver's alerts only. */
export interface AlertLedger {
  /**
   * The cluster's alerts this receiver holds open, in one read.
   * @throws AlertLedgerError when the ledger could not be read
   */
  openAlerts(clusterId: string): Promise<readonly OpenAlert[]>;
  /**
   * Records an event just before it is sent, unless an event observed later was recorded for the
   * same alert; one observed at the same time (the same event, retried) is recorded again.
   * @throws AlertLedgerError when the ledger could not be written
   */
  record(entry: LedgerEntry): Promise<LedgerOutcome>;
}
