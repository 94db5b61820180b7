import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InvalidLinksResponseError } from '../../../../adapters/confluent/confluent-errors.js';
import { parseLinksPage } from '../../../../adapters/confluent/parse-links-page.js';
import { BOUNDS } from '../../../../core/model/bounds.js';

const context = { clusterId: 'lkc-1', path: '/kafka/v3/clusters/lkc-1/links' };

/**
 * Either a valid page or the project's typed error: nothing else may escape. A page's links have
 * unique names, none of them a name a refused entry gives, and what is refused says why.
 */
function parsesOrRejectsCleanly(body: unknown): boolean {
  try {
    const page = parseLinksPage(body, context);
    const names = page.links.map((l) => l.linkName);
    expect(new Set(names).size).toBe(names.length);
    expect(page.refused.length).toBeLessThanOrEqual(BOUNDS.refusedEntries);
    for (const entry of page.refused) {
      expect(entry.problem).toMatch(/^data\[\d+\]/);
      expect(entry.linkName === null || !names.includes(entry.linkName)).toBe(true);
      expect(entry.linkName).not.toBe('');
    }
    for (const link of page.links) {
      expect(link.linkName.length).toBeGreaterThan(0);
      expect([...link.topicNames].sort()).toEqual(link.topicNames);
      expect(link.linkError).not.toBe('NO_ERROR');
      expect(link.linkErrorMessage).not.toBe('');
    }
    expect(page.next === null || typeof page.next === 'string').toBe(true);
    return true;
  } catch (error) {
    if (!(error instanceof InvalidLinksResponseError)) throw error;
    expect(error.problem.length).toBeGreaterThan(0);
    return true;
  }
}

const enumish = fc.oneof(fc.constantFrom('ACTIVE', 'FAILED', 'NO_ERROR', '', 'UNKNOWN'), fc.string());
const nullable = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: null });

/** Items that are mostly well-formed, so that the happy path is exercised too. */
const nearLink = fc.record(
  {
    kind: fc.constant('KafkaLinkData'),
    link_name: fc.string(),
    cluster_link_id: fc.oneof(fc.string(), fc.integer()),
    topic_names: fc.oneof(fc.array(fc.string()), fc.jsonValue()),
    link_state: nullable(enumish),
    link_error: nullable(enumish),
    link_error_message: nullable(fc.string()),
    tasks: nullable(
      fc.array(
        fc.record({
          task_name: fc.string(),
          state: enumish,
          errors: fc.array(fc.record({ error_code: fc.string(), error_message: fc.string() })),
        }),
      ),
    ),
    category_counts: nullable(
      fc.array(fc.record({ state_category: enumish, count: fc.oneof(fc.integer(), fc.double()) })),
    ),
  },
  { requiredKeys: ['link_name', 'cluster_link_id'] },
);

describe('Property: parseLinksPage on arbitrary input', () => {
  it('returns a valid page or throws InvalidLinksResponseError for any JSON value', () => {
    fc.assert(fc.property(fc.jsonValue(), parsesOrRejectsCleanly), { numRuns: 500 });
  });

  it('returns a valid page, odd entries set aside, or throws InvalidLinksResponseError for pages of near-valid links', () => {
    const page = fc.record({
      kind: fc.string(),
      metadata: fc.record({ self: fc.string(), next: nullable(fc.string()) }, { requiredKeys: [] }),
      data: fc.array(fc.oneof(nearLink, fc.jsonValue()), { maxLength: 8 }),
    });
    fc.assert(fc.property(page, parsesOrRejectsCleanly), { numRuns: 500 });
  });
});
