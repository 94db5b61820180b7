/**
 * The `readiness` block of the config file: opt-in failover readiness checks (lag in time, stalls,
 * stuck transitions, link config drift, and, only when asked, failover dry runs). Absent, none of
 * their reads is made. Rules are bounded, as the settings travel in the poller's 4 KB environment.
 */
import { z } from 'zod';
import type { ReadinessSettings } from '../../core/poll/poll-settings.js';
import { count, duration, flag } from './field-schemas.js';
import { flagRepeatedLinks, linkRules } from './link-rules.js';

/** Most per-link rules: each costs its share of the poller's 4 KB environment. */
export const MAX_READINESS_RULES = 10;
/** A week: an RPO target beyond it is a typo. */
const MAX_SECONDS_BEHIND = 7 * 24 * 3600;
const MINUTE_MS = 60_000;

export const readinessConfig = z
  .strictObject({
    everyPolls: count(1, 60).default(5),
    stallReads: count(2, 20).default(3),
    maxSecondsBehind: count(1, MAX_SECONDS_BEHIND).optional(),
    links: linkRules(
      'maxSecondsBehind',
      count(0, MAX_SECONDS_BEHIND).describe('0 leaves the link without a target'),
      MAX_READINESS_RULES,
    ),
    stuckAfter: duration({ min: MINUTE_MS, max: 7 * 24 * 60 * MINUTE_MS }).default(10 * MINUTE_MS),
    configReadsPerPoll: count(0, 5).default(3),
    dryRunFailover: flag.default(false),
    dryRunsPerPoll: count(1, 3).default(1),
  })
  .superRefine((block, ctx) => flagRepeatedLinks(block.links, ctx, 'readiness'))
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
