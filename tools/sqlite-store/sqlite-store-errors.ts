/** Errors of the SQLite link-state store. They carry identifiers only, never stored payloads. */

/**
 * A commit carried an event id that is already recorded (or twice in one commit). The whole
 * commit was rolled back. Not a `conflict`: the snapshot's version check passed, so this is a
 * bug in how event ids were derived, not another poll winning the race.
 */
export class DuplicateEventError extends Error {
  override readonly name = 'DuplicateEventError';

  constructor(
    readonly clusterId: string,
    readonly linkName: string | null,
    readonly eventId: string,
  ) {
    super(`event ${eventId} of cluster ${clusterId} is already recorded; the commit was rolled back`);
  }
}

/** A commit whose parts disagree, e.g. a snapshot for another cluster or link than the commit names. */
export class InvalidCommitError extends Error {
  override readonly name = 'InvalidCommitError';

  constructor(
    readonly clusterId: string,
    readonly linkName: string | null,
    reason: string,
  ) {
    super(
      `invalid commit for cluster ${clusterId}${linkName === null ? '' : `, link ${linkName}`}: ${reason}`,
    );
  }
}

/** A history cursor that this store did not issue. */
export class InvalidCursorError extends Error {
  override readonly name = 'InvalidCursorError';

  constructor() {
    super('history cursor is not valid for this store');
  }
}
