/**
 * The Confluent client's tuning (timeouts, attempts, backoff, page and body caps, extra headers):
 * every field has a default, and a bad value is refused with the field named.
 */
import * as z from '../../core/zod-mini.js';
import { ConfluentConfigError } from './confluent-errors.js';

/** Tuning of the client; every field has a default. */
export interface ClientOptions {
  /** Longest wait for one complete response (headers and body), in ms. @default 10000 */
  readonly requestTimeoutMs?: number;
  /** Requests per page, including the first, before giving up. @default 4 */
  readonly maxAttempts?: number;
  /** Upper bound of the first retry delay, in ms; doubles per retry. @default 500 */
  readonly baseDelayMs?: number;
  /** Cap of any backoff delay, in ms (a server's `Retry-After` is honoured as given). @default 8000 */
  readonly maxDelayMs?: number;
  /**
   * Shortest wait between attempts, in ms, even for `Retry-After: 0`; at most `maxDelayMs`.
   * @default 100, or `maxDelayMs` when that is lower
   */
  readonly minDelayMs?: number;
  /** Most pages one listing may span; more is treated as a pagination fault. @default 1000 */
  readonly maxPages?: number;
  /** Largest page body accepted, enforced while reading. @default 10485760 (10 MiB) */
  readonly maxBodyBytes?: number;
  /** Extra request headers (e.g. Prism's `Prefer`); may not set `Authorization`. @default {} */
  readonly extraHeaders?: Readonly<Record<string, string>>;
}

const positiveInt = z.int().check(z.positive());
const nonNegativeInt = z.int().check(z.nonnegative());
const optionsSchema = z.object({
  requestTimeoutMs: z._default(positiveInt, 10_000),
  maxAttempts: z._default(positiveInt, 4),
  baseDelayMs: z._default(nonNegativeInt, 500),
  maxDelayMs: z._default(nonNegativeInt, 8_000),
  minDelayMs: z.optional(positiveInt),
  maxPages: z._default(positiveInt, 1_000),
  maxBodyBytes: z._default(positiveInt, 10 * 1024 * 1024),
  extraHeaders: z._default(
    z.record(z.string(), z.string()).check(
      z.refine((h) => !Object.keys(h).some((k) => k.toLowerCase() === 'authorization'), {
        message: 'may not set Authorization',
      }),
    ),
    {},
  ),
});

export type ResolvedOptions = Omit<z.infer<typeof optionsSchema>, 'minDelayMs'> & {
  readonly minDelayMs: number;
};

/** The floor of every wait unless the options set one: keeps a `Retry-After: 0` from turning retries into a burst. */
const DEFAULT_MIN_DELAY_MS = 100;

/** @throws ConfluentConfigError naming the option that is unusable */
export function resolveClientOptions(given: ClientOptions): ResolvedOptions {
  const parsed = optionsSchema.safeParse(given);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ConfluentConfigError(
      '(all)',
      `option ${issue?.path.join('.') ?? ''} is invalid: ${issue?.message}`,
    );
  }
  const { minDelayMs, ...options } = parsed.data;
  // A caller who caps backoff below the default floor (tests, the demo) asked for quick retries.
  const resolved: ResolvedOptions = {
    ...options,
    minDelayMs: minDelayMs ?? Math.min(DEFAULT_MIN_DELAY_MS, options.maxDelayMs),
  };
  if (resolved.minDelayMs > resolved.maxDelayMs) {
    throw new ConfluentConfigError('(all)', 'option minDelayMs is invalid: must not exceed maxDelayMs');
  }
  return resolved;
}
