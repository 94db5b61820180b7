/**
 * The `mirrorLag` block of the config file: opt-in lag thresholds for mirror topics. Absent, no
 * lag is read. Each rule names a link or a glob of link names; rules and patterns are bounded, as
 * the settings travel in the poller's environment (4 KB for every variable together).
 */
import { z } from 'zod';
import type { MirrorLagSettings } from '../../core/poll/poll-settings.js';

/** Most per-link rules: each costs its share of the poller's 4 KB environment. */
export const MAX_MIRROR_LAG_RULES = 10;
/** Confluent link names are letters, digits, `.`, `_` and `-`; `*` and `?` make a glob. */
const LINK_PATTERN = /^[A-Za-z0-9._*?-]{1,64}$/;
/** About the messages a Kafka partition can hold: anything larger is a typo. */
const MAX_MESSAGES = 1e15;

const typeError =
  (message: string) =>
  (issue: { readonly input?: unknown }): string =>
    issue.input === undefined ? 'is required' : message;

const wholeNumber = (min: number, max: number) =>
  z
    .number({ error: typeError('must be a whole number') })
    .int('must be a whole number')
    .min(min, `must be at least ${min}`)
    .max(max, `must be at most ${max}`);

const rule = z.strictObject({
  link: z
    .string({ error: typeError('must be a link name or a glob such as orders-*') })
    .regex(
      LINK_PATTERN,
      'must be a link name or a glob such as orders-* (letters, digits, . _ - * ?, at most 64)',
    ),
  maxMessagesBehind: wholeNumber(0, MAX_MESSAGES).describe('0 leaves the link unchecked'),
});

export const mirrorLagConfig = z
  .strictObject({
    maxMessagesBehind: wholeNumber(1, MAX_MESSAGES).optional(),
    heldChecks: wholeNumber(1, 100).default(3),
    everyPolls: wholeNumber(1, 60).default(5),
    links: z
      .array(rule, { error: typeError('must be a list of { link, maxMessagesBehind }') })
      .max(MAX_MIRROR_LAG_RULES, `must have at most ${MAX_MIRROR_LAG_RULES} rules`)
      .default([]),
  })
  .superRefine((block, ctx) => {
    if (block.maxMessagesBehind === undefined && block.links.length === 0) {
      ctx.addIssue({
        code: 'custom',
        message: 'needs maxMessagesBehind (a threshold for every link) or links (thresholds per link name)',
      });
    }
    const seen = new Map<string, number>();
    block.links.forEach((r, index) => {
      const first = seen.get(r.link);
      if (first === undefined) seen.set(r.link, index);
      else
        ctx.addIssue({
          code: 'custom',
          path: ['links', index, 'link'],
          message: `duplicates mirrorLag.links[${first}].link`,
        });
    });
  })
  .transform(
    (block): MirrorLagSettings =>
      Object.freeze({
        everyPolls: block.everyPolls,
        heldChecks: block.heldChecks,
        maxMessagesBehind: block.maxMessagesBehind ?? null,
        links: Object.freeze(block.links.map((r) => Object.freeze({ ...r }))),
      }),
  );

/** The keys of the `mirrorLag` block (the README's table documents each). */
export const MIRROR_LAG_KEYS: readonly string[] = Object.freeze([
  'maxMessagesBehind',
  'heldChecks',
  'everyPolls',
  'links',
]);
