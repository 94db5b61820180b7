/**
 * Errors of the `LinkStateStore` port. Every store throws these, so a caller (the poll, the CLI)
 * recognises a refusal without knowing which store it talks to. They carry ids, store reason
 * codes and the operation, never stored payloads.
 */

export interface StoreErrorContext {
  /** The store method that failed, e.g. `commitLink`. */
  readonly operation: string;
  readonly clusterId?: string | undefined;
  readonly linkName?: string | undefined;
  /**
   * Why the store refused, as the store names it: e.g. the cancellation reason codes of a
   * DynamoDB transaction in item order (`None`, `ThrottlingError`...), or the one error name of
   * a single call.
   */
  readonly reasons?: readonly string[];
  readonly cause?: unknown;
}

/** A store call failed for a reason other than a version conflict; the poll counts it as failed. */
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

/** A query argument (time range, limit, claim time) the store cannot use: a caller error, not a store failure. */
export class InvalidQueryError extends StoreError {
  override readonly name: string = 'InvalidQueryError';
}

/** A history cursor this store did not issue for this query (cursors come back from users, e.g. CLI flags). */
export class InvalidCursorError extends InvalidQueryError {
  override readonly name = 'InvalidCursorError';

  constructor(context: StoreErrorContext) {
    super('cursor is not one this query returned', context);
  }
}

/**
 * A commit whose parts disagree (a snapshot or event for another cluster or link than the commit
 * names) or that is larger than one commit may be. Nothing was written.
 */
export class InvalidCommitError extends StoreError {
  override readonly name = 'InvalidCommitError';
}

/**
 * A commit carried an event id that is already recorded (or twice in one commit); nothing was
 * written. Not a `conflict`: the version check passed, so this is a bug in how event ids were
 * derived, not another poll winning the race.
 */
export class DuplicateEventError extends StoreError {
  override readonly name = 'DuplicateEventError';
  /** The refused id, when the store can tell which one it was. */
  readonly eventId: string | undefined;

  constructor(context: StoreErrorContext & { readonly eventId?: string | undefined }) {
    super(
      `event ${context.eventId ?? '(unknown)'} is already recorded in history; nothing was written`,
      context,
    );
    this.eventId = context.eventId;
  }
}
