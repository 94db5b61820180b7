/** Errors of the DynamoDB store. They carry ids and DynamoDB reason codes, never item contents. */

export interface StoreErrorContext {
  /** The store method that failed, e.g. `commitLink`. */
  readonly operation: string;
  readonly clusterId?: string;
  readonly linkName?: string;
  /**
   * Why DynamoDB refused: the cancellation reason codes of a transaction, in item order
   * (`None`, `ThrottlingError`, `TransactionConflict`...), or the one error name of a single call.
   */
  readonly reasons?: readonly string[];
  readonly cause?: unknown;
}

/** A store call failed for a reason other than a version conflict; the poll should count it as failed. */
export class StoreError extends Error {
  override readonly name: string = 'StoreError';
  readonly operation: string;
  readonly clusterId: string | undefined;
  readonly linkName: string | undefined;
  readonly reasons: readonly string[];

  constructor(message: string, context: StoreErrorContext) {
    const where = [
      context.clusterId !== undefined && `cluster ${context.clusterId}`,
      context.linkName !== undefined && `link ${context.linkName}`,
    ].filter(Boolean);
    const reasons = context.reasons ?? [];
    super(
      `${context.operation}${where.length > 0 ? ` (${where.join(', ')})` : ''}: ${message}` +
        (reasons.length > 0 ? ` [${reasons.join(', ')}]` : ''),
      context.cause === undefined ? undefined : { cause: context.cause },
    );
    this.operation = context.operation;
    this.clusterId = context.clusterId;
    this.linkName = context.linkName;
    this.reasons = reasons;
  }
}

/** A query argument (time range, limit, cursor) the store cannot use; a caller error, not a store failure. */
export class InvalidQueryError extends StoreError {
  override readonly name = 'InvalidQueryError';
}
