/**
 * Opaque history cursors of the SQLite store: the position of the last event returned,
 * base64url-encoded JSON. Validated on the way back in, since cursors come from callers.
 */
import { z } from 'zod';
import { InvalidCursorError, type StoreErrorContext } from '../../core/store-errors.js';

export interface HistoryPosition {
  readonly observedAt: string;
  readonly eventId: string;
}

const positionSchema = z.object({ o: z.string().min(1), e: z.string().min(1) }).strict();

/** Encodes the position of the last item of a page. */
export function encodeHistoryCursor(position: HistoryPosition): string {
  return Buffer.from(JSON.stringify({ o: position.observedAt, e: position.eventId }), 'utf8').toString(
    'base64url',
  );
}

/**
 * Decodes a cursor made by `encodeHistoryCursor`.
 *
 * @throws InvalidCursorError for anything else.
 */
export function decodeHistoryCursor(cursor: string, context: StoreErrorContext): HistoryPosition {
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw new InvalidCursorError(context);
  }
  const parsed = positionSchema.safeParse(decoded);
  if (!parsed.success) throw new InvalidCursorError(context);
  return { observedAt: parsed.data.o, eventId: parsed.data.e };
}
