/**
 * Errors of the alert ledger port (`alert-ledger.ts`). Each names the call, the cluster (and for a
 * write the alert's dedup key) and the store's reason, never an event's payload or the routing key.
 */

/** What the ledger was asked to do. */
export type AlertLedgerOperation = 'openAlerts' | 'record';

/**
 * The ledger could not be read or written (the table refused the call or could not be reached).
 * Nothing of the record is sent past that point: the invocation fails, and Lambda retries it.
 */
export class AlertLedgerError extends Error {
  override readonly name = 'AlertLedgerError';
  /** The alert a failed write was about; undefined for a read. */
  readonly dedupKey: string | undefined;

  constructor(
    readonly operation: AlertLedgerOperation,
    readonly clusterId: string,
    /** The store's name for what went wrong, e.g. `ProvisionedThroughputExceededException`. */
    readonly reason: string,
    options: { readonly dedupKey?: string; readonly cause?: unknown } = {},
  ) {
    super(
      `The alert ledger could not ${operation === 'record' ? 'record an event' : 'list the open alerts'} of cluster ${clusterId}${options.dedupKey === undefined ? '' : ` (${options.dedupKey})`}: ${reason}`,
      options.cause === undefined ? undefined : { cause: options.cause },
    );
    this.dedupKey = options.dedupKey;
  }
}
