/**
 * Per-link rules, as the `mirrorLag` and `readiness` blocks hold them: each names a link or a glob
 * of link names and sets one threshold. The list is bounded, as the settings travel in the
 * poller's 4 KB environment, and a link may be named by one rule only.
 */
import { z } from 'zod';
import { typeError } from './field-schemas.js';

/** Confluent link names are letters, digits, `.`, `_` and `-`; `*` and `?` make a glob. */
const LINK_PATTERN = /^[A-Za-z0-9._*?-]{1,64}$/;

/** A rule's `link`: a link name or a glob of link names. */
const linkPattern = z
  .string({ error: typeError('must be a link name or a glob such as orders-*') })
  .regex(
    LINK_PATTERN,
    'must be a link name or a glob such as orders-* (letters, digits, . _ - * ?, at most 64)',
  );

/**
 * The `links` list: at most `max` rules, each `{ link, [key]: threshold }`, empty when left out.
 * @param key the threshold's field, e.g. `maxSecondsBehind`
 */
export const linkRules = <Key extends string, Threshold extends z.ZodType<number>>(
  key: Key,
  threshold: Threshold,
  max: number,
) => {
  const shape = { link: linkPattern, [key]: threshold } as { link: typeof linkPattern } & {
    [K in Key]: Threshold;
  };
  return z
    .array(z.strictObject(shape), { error: typeError(`must be a list of { link, ${key} }`) })
    .max(max, `must have at most ${max} rules`)
    .default([]);
};

/** Flags every rule whose `link` an earlier rule of the block's `links` already names. */
export const flagRepeatedLinks = (
  links: readonly { readonly link: string }[],
  ctx: z.RefinementCtx,
  block: string,
): void => {
  const seen = new Map<string, number>();
  links.forEach((r, index) => {
    const first = seen.get(r.link);
    if (first === undefined) seen.set(r.link, index);
    else
      ctx.addIssue({
        code: 'custom',
        path: ['links', index, 'link'],
        message: `duplicates ${block}.links[${first}].link`,
      });
  });
};
