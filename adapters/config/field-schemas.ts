/**
 * The building blocks the config file's schemas share: a type error that says "is required" for
 * a missing field, durations with their bounds, counts, flags, names and cluster references.
 */
import { z } from 'zod';
import { describeDuration, parseDurationMs } from './durations.js';

/** A type error message, except for a missing field which is simply "is required". */
export const typeError =
  (message: string) =>
  (issue: { readonly input?: unknown }): string =>
    issue.input === undefined ? 'is required' : message;

/** A duration such as `50s`, `5 minutes`, `4h`; `0` only where `allowZero`. */
export const duration = (options: { min: number; max?: number; allowZero?: boolean }) =>
  z
    .union([z.string(), z.number()], { error: typeError('must be a duration such as 50s, 5m or 4h') })
    .transform((value, ctx) => {
      const ms = typeof value === 'number' ? (value === 0 ? 0 : null) : parseDurationMs(value);
      if (ms === null) {
        ctx.addIssue({ code: 'custom', message: 'must be a duration with a unit, such as 50s, 5m or 4h' });
        return z.NEVER;
      }
      if (ms === 0 && options.allowZero) return 0;
      if (ms < options.min) {
        ctx.addIssue({
          code: 'custom',
          message: `must be at least ${describeDuration(options.min)}${options.allowZero ? ' (or 0 to turn it off)' : ''}`,
        });
        return z.NEVER;
      }
      if (options.max !== undefined && ms > options.max) {
        ctx.addIssue({ code: 'custom', message: `must be at most ${describeDuration(options.max)}` });
        return z.NEVER;
      }
      return ms;
    });

export const count = (min: number, max: number) =>
  z
    .number({ error: typeError('must be a whole number') })
    .int('must be a whole number')
    .min(min, `must be at least ${min}`)
    .max(max, `must be at most ${max}`);

export const flag = z.boolean({ error: typeError('must be true or false') });

/** A route or window name: it appears in silence ids and construct ids. */
const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
export const name = z
  .string({ error: typeError('must be a name') })
  .regex(NAME, 'must be 1 to 64 letters, digits, ".", "_" or "-"');

/** Cluster ids or labels; resolved to ids (and checked to exist) across fields. */
export const clusterRefs = z
  .array(
    z
      .string({ error: typeError('must be a cluster id or label') })
      .trim()
      .min(1, 'must not be empty'),
    {
      error: typeError('must be a list of cluster ids or labels'),
    },
  )
  .min(1, 'must name at least one cluster (leave it out to match every cluster)');
