/**
 * How a per-link setting is decided, for every setting given that way (lag thresholds, time-behind
 * targets): the first rule whose glob matches the link's name decides, a rule's 0 meaning none for
 * that link; a link no rule matches takes the default. Pure.
 */
import { matchesGlob } from './link-name-glob.js';

/** A per-link rule: a link name or glob (`*`, `?`), with the setting it gives the links it matches. */
export interface PerLinkRule {
  readonly link: string;
}

/**
 * The value a per-link setting takes for `linkName`.
 *
 * @param rules - in order: the first whose glob matches decides
 * @param pick - the rule's value; 0 (or less) means none for the link
 * @param fallback - the value of a link no rule matches; null: none
 * @returns the value, or null when the link has none
 */
export function perLinkRuleValue<Rule extends PerLinkRule>(
  linkName: string,
  rules: readonly Rule[],
  pick: (rule: Rule) => number,
  fallback: number | null,
): number | null {
  const rule = rules.find((r) => matchesGlob(r.link, linkName));
  if (rule === undefined) return fallback;
  const value = pick(rule);
  return value > 0 ? value : null;
}
