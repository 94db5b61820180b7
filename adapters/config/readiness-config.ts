/**
 * The `readiness` block of the config file: opt-in failover readiness checks (lag in time, stalls,
 * stuck transitions, link config drift, and, only when asked, failover dry runs). Absent, none of
 * their reads is made. Rules are bounded, as the settings travel in the poller's 4 KB environment.
 */
import { z } from 'zod';
import type { ReadinessSettings } from '../../core/poll/poll-settings.js';
import { count, duration, flag, typeError } from './field-schemas.js';

/** Most per-link rules: each costs its share of the poller's 4 KB environment. */
export const MAX_READINESS_RULES = 10;
/** Confluent link names are letters, digits, `.`, `_` and `-`; `*` and `?` make a glob. */
const LINK_PATTERN = /^[A-Za-z0-9._*?-]{1,64}$/;
/** A week: an RPO target beyond it is a typo. */
const MAX_SECONDS_BEHIND = 7 * 24 * 3600;
const MINUTE_MS = 60_000;

const rule = z.strictObject({
  link: z
    .string({ error: typeError('must be a link name or a glob such as orders-*') })
    .regex(
      LINK_PATTERN,
      'must be a link name or a glob such as orders-* (letters, digits, . _ - * ?, at most 64)',
    ),
  maxSecondsBehind: count(0, MAX_SECONDS_BEHIND).describe('0 leaves the link without a target'),
});

export const readinessConfig = z
  .strictObject({
    everyPolls: count(1, 60).default(5),
    stallReads: count(2, 20).default(3),
    maxSecondsBehind: count(1, MAX_SECONDS_BEHIND).optional(),
    links: z
      .array(rule, { error: typeError('must be a list of { link, maxSecondsBehind }') })
      .max(MAX_READINESS_RULES, `must have at most ${MAX_READINESS_RULES} rules`)
      .default([]),
    stuckAfter: duration({ min: MINUTE_MS, max: 7 * 24 * 60 * MINUTE_MS }).default(10 * MINUTE_MS),
    configReadsPerPoll: count(0, 5).default(3),
    dryRunFailover: flag.default(false),
    dryRunsPerPoll: count(1, 3).default(1),
  })
  .superRefine((block, ctx) => {
    const seen = new Map<string, number>();
    block.links.forEach((r, index) => {
      const first = seen.get(r.link);
      if (first === undefined) seen.set(r.link, index);
      else
        ctx.addIssue({
          code: 'custom',
          path: ['links', index, 'link'],
          message: `duplicates readiness.links[${first}].link`,
        });
    });
  })
  .transform(
    (block): ReadinessSettings =>
      Object.freeze({
        everyPolls: block.everyPolls,
        stallReads: block.stallReads,
        maxSecondsBehind: block.maxSecondsBehind ?? null,
        links: Object.freeze(block.links.map((r) => Object.freeze({ ...r }))),
        stuckAfterMs: block.stuckAfter,
        configReadsPerPoll: block.configReadsPerPoll,
        dryRunsPerPoll: block.dryRunFailover ? block.dryRunsPerPoll : 0,
      }),
  );

/** The keys of the `readiness` block (the README's table documents each). */
export const READINESS_KEYS: readonly string[] = Object.freeze([
  'everyPolls',
  'stallReads',
  'maxSecondsBehind',
  'links',
  'stuckAfter',
  'configReadsPerPoll',
  'dryRunFailover',
  'dryRunsPerPoll',
]);
