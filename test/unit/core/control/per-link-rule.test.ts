import { describe, expect, it } from 'vitest';
import { perLinkRuleValue } from '../../../../core/control/per-link-rule.js';

const RULES = [
  { link: 'orders-*', limit: 300 },
  { link: 'orders-dr', limit: 5 },
  { link: 'audit-?', limit: 0 },
];

const valueFor = (linkName: string, fallback: number | null = 60) =>
  perLinkRuleValue(linkName, RULES, (rule) => rule.limit, fallback);

describe('Function: perLinkRuleValue', () => {
  it('takes the value of the first rule whose glob matches the link, not of a later exact one', () => {
    expect(valueFor('orders-dr')).toBe(300);
  });

  it('gives none to a link whose first matching rule says 0', () => {
    expect(valueFor('audit-1')).toBeNull();
    expect(valueFor('audit-1', null)).toBeNull();
  });

  it('gives a link no rule matches the fallback, none when there is no fallback', () => {
    expect(valueFor('audit-10')).toBe(60);
    expect(valueFor('billing', null)).toBeNull();
  });

  it('gives the fallback to every link when there are no rules', () => {
    expect(perLinkRuleValue('orders-dr', [], () => 1, 42)).toBe(42);
  });
});
