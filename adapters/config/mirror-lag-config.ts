/**
 * The `mirrorLag` block of the config file: opt-in lag thresholds for mirror topics. Absent, no
 * lag is read. Each rule names a link or a glob of link names; rules and patterns are bounded, as
 * the settings travel in the poller's environment (4 KB for every variable together).
 */
import { z } from 'zod';
import type { MirrorLagSettings } from '../../core/poll/poll-settings.js';
import { count } from './field-schemas.js';
import { flagRepeatedLinks, linkRules } from './link-rules.js';

/** Most per-link rules: each costs its share of the poller's 4 KB environment. */
export const MAX_MIRROR_LAG_RULES = 10;
/** About the messages a Kafka partition can hold: anything larger is a typo. */
const MAX_MESSAGES = 1e15;

export const mirrorLagConfig = z
  .strictObject({
    maxMessagesBehind: count(1, MAX_MESSAGES).optional(),
    heldChecks: count(1, 100).default(3),
    everyPolls: count(1, 60).default(5),
    links: linkRules(
      'maxMessagesBehind',
      count(0, MAX_MESSAGES).describe('0 leaves the link unchecked'),
      MAX_MIRROR_LAG_RULES,
    ),
  })
  .superRefine((block, ctx) => {
    if (block.maxMessagesBehind === undefined && block.links.length === 0) {
      ctx.addIssue({
        code: 'custom',
        message: 'needs maxMessagesBehind (a threshold for every link) or links (thresholds per link name)',
      });
    }
    flagRepeatedLinks(block.links, ctx, 'mirrorLag');
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
