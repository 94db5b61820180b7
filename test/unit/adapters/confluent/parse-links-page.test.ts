import { describe, expect, it } from 'vitest';
import { InvalidLinksResponseError } from '../../../../adapters/confluent/confluent-errors.js';
import { decodeJsonBody, parseLinksPage } from '../../../../adapters/confluent/parse-links-page.js';
import { BOUNDS } from '../../../../core/model/bounds.js';
import { linksPage, rawLink } from './rest-pages.js';

const context = { clusterId: 'lkc-1', path: '/kafka/v3/clusters/lkc-1/links' };

function problemOf(action: () => unknown): string {
  try {
    action();
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidLinksResponseError);
    const invalid = error as InvalidLinksResponseError;
    expect(invalid.kind).toBe('invalid-response');
    expect(invalid.path).toBe(context.path);
    expect(invalid.message).toContain(context.path);
    return invalid.problem;
  }
  throw new Error('expected InvalidLinksResponseError');
}

describe('Function: parseLinksPage', () => {
  it('maps every field of a fully populated link', () => {
    // Prepare
    const body = linksPage([
      rawLink('dr', {
        source_cluster_id: 'lkc-src',
        destination_cluster_id: 'lkc-dst',
        remote_cluster_id: 'lkc-rem',
        link_state: 'UNAVAILABLE',
        link_error: 'AUTHENTICATION_ERROR',
        link_error_message: 'Please check your api key and secret',
        tasks: [
          {
            task_name: 'TopicConfigsSync',
            state: 'IN_ERROR',
            errors: [{ error_code: 'AUTHORIZATION_ERROR', error_message: 'denied' }],
          },
          { task_name: 'AclSync', state: 'ACTIVE', errors: [] },
        ],
        category_counts: [
          { state_category: 'PENDING', count: 1 },
          { state_category: 'ACTIVE', count: 3 },
        ],
      }),
    ]);

    // Act
    const page = parseLinksPage(body, context);

    // Assess
    expect(page.next).toBeNull();
    expect(page.links).toEqual([
      {
        linkName: 'dr',
        clusterLinkId: 'id-dr',
        linkState: 'UNAVAILABLE',
        linkError: 'AUTHENTICATION_ERROR',
        linkErrorMessage: 'Please check your api key and secret',
        sourceClusterId: 'lkc-src',
        destinationClusterId: 'lkc-dst',
        remoteClusterId: 'lkc-rem',
        topicNames: ['orders'],
        tasks: [
          { taskName: 'AclSync', state: 'ACTIVE', errors: [] },
          {
            taskName: 'TopicConfigsSync',
            state: 'IN_ERROR',
            errors: [{ errorCode: 'AUTHORIZATION_ERROR', errorMessage: 'denied' }],
          },
        ],
        categoryCounts: [
          { stateCategory: 'ACTIVE', count: 3 },
          { stateCategory: 'PENDING', count: 1 },
        ],
      },
    ]);
  });

  it('normalises absent, null and NO_ERROR link_error to null', () => {
    // Prepare
    const absent = rawLink('a');
    const nulled = rawLink('b', { link_error: null });
    const noError = rawLink('c', { link_error: 'NO_ERROR' });

    // Act
    const { links } = parseLinksPage(linksPage([absent, nulled, noError]), context);

    // Assess
    expect(links.map((l) => l.linkError)).toEqual([null, null, null]);
  });

  it('normalises absent, null and empty link_error_message to null', () => {
    const links = parseLinksPage(
      linksPage([
        rawLink('a'),
        rawLink('b', { link_error_message: null }),
        rawLink('c', { link_error_message: '' }),
      ]),
      context,
    ).links;

    expect(links.map((l) => l.linkErrorMessage)).toEqual([null, null, null]);
  });

  it('turns absent or null tasks and category_counts into empty lists, and absent state into null', () => {
    const raw = rawLink('a', { tasks: null });
    delete raw.link_state;

    const [link] = parseLinksPage(linksPage([raw, rawLink('b', { category_counts: null })]), context).links;

    expect(link).toMatchObject({ tasks: [], categoryCounts: [], linkState: null });
  });

  it('sorts and de-duplicates topic names by code unit, whatever the locale', () => {
    const body = linksPage([rawLink('a', { topic_names: ['b', 'B', 'a', 'b', 'ä', 'a'] })]);

    const [link] = parseLinksPage(body, context).links;

    expect(link?.topicNames).toEqual(['B', 'a', 'b', 'ä']);
  });

  it('keeps unknown enum values verbatim instead of rejecting them', () => {
    const body = linksPage([
      rawLink('a', {
        link_state: 'DEGRADED_NEW_STATE',
        link_error: 'QUOTA_EXCEEDED_ERROR',
        tasks: [{ task_name: 'NewSync', state: 'WARMING_UP', errors: [] }],
        category_counts: [{ state_category: 'THROTTLED', count: 2 }],
      }),
    ]);

    const [link] = parseLinksPage(body, context).links;

    expect(link).toMatchObject({
      linkState: 'DEGRADED_NEW_STATE',
      linkError: 'QUOTA_EXCEEDED_ERROR',
      tasks: [{ taskName: 'NewSync', state: 'WARMING_UP', errors: [] }],
      categoryCounts: [{ stateCategory: 'THROTTLED', count: 2 }],
    });
  });

  it('ignores the deprecated link_id and unknown properties', () => {
    const [link] = parseLinksPage(
      linksPage([rawLink('a', { link_id: 'deprecated-id', some_future_field: { x: 1 } })]),
      context,
    ).links;

    expect(link?.clusterLinkId).toBe('id-a');
    expect(Object.keys(link ?? {})).not.toContain('linkId');
    expect(JSON.stringify(link)).not.toContain('deprecated-id');
  });

  it('returns metadata.next verbatim, and null when it is absent, null or empty', () => {
    expect(parseLinksPage(linksPage([], '/kafka/v3/clusters/lkc-1/links?page_token=2'), context).next).toBe(
      '/kafka/v3/clusters/lkc-1/links?page_token=2',
    );
    expect(parseLinksPage(linksPage([]), context).next).toBeNull();
    expect(parseLinksPage(linksPage([], null), context).next).toBeNull();
    expect(parseLinksPage(linksPage([], ''), context).next).toBeNull();
  });

  it.each([
    ['cluster_link_id', 'data[1].cluster_link_id: Required', 'b'],
    ['link_name', 'data[1].link_name: Required', null],
    ['topic_names', 'data[1].topic_names: Required', 'b'],
  ])(
    'sets aside a link without %s, naming the entry, the field and the link when it can',
    (field, problem, linkName) => {
      // Prepare
      const broken = rawLink('b');
      delete broken[field];

      // Act
      const page = parseLinksPage(linksPage([rawLink('a'), broken, rawLink('c')]), context);

      // Assess
      expect(page.links.map((l) => l.linkName)).toEqual(['a', 'c']);
      expect(page.refused).toEqual([{ linkName, problem }]);
    },
  );

  it.each([
    [{ topic_names: 'orders' }, 'data[0].topic_names: expected array, got string', 'a'],
    [{ topic_names: ['a', 7] }, 'data[0].topic_names[1]: expected string, got number', 'a'],
    [{ link_state: 5 }, 'data[0].link_state: expected string, got number', 'a'],
    [{ link_name: '' }, 'data[0].link_name', null],
    [{ link_name: 42 }, 'data[0].link_name: expected string, got number', null],
    [
      { tasks: [{ task_name: 'x', state: 'ACTIVE', errors: [{ error_code: 1 }] }] },
      'data[0].tasks[0].errors[0]',
      'a',
    ],
    [
      { category_counts: [{ state_category: 'ACTIVE', count: 1.5 }] },
      'data[0].category_counts[0].count',
      'a',
    ],
  ])('sets aside an entry with a field of the wrong type: %j', (overrides, problem, linkName) => {
    // Act
    const page = parseLinksPage(linksPage([rawLink('a', overrides), rawLink('b')]), context);

    // Assess
    expect(page.links.map((l) => l.linkName)).toEqual(['b']);
    expect(page.refused).toEqual([{ linkName, problem: expect.stringContaining(problem) }]);
  });

  it.each([null, 7, 'orders-dr', [], [{ link_name: 'a' }]])(
    'sets aside an entry that is not an object (%j) as naming no link',
    (entry) => {
      const page = parseLinksPage(linksPage([entry, rawLink('b')]), context);

      expect(page.links.map((l) => l.linkName)).toEqual(['b']);
      expect(page.refused).toEqual([{ linkName: null, problem: expect.stringContaining('data[0]') }]);
    },
  );

  it('names the link of a refused entry as every link name is bounded, so that it matches the recorded one', () => {
    // Prepare
    const name = `long-${'ü'.repeat(3_000)}`;
    const valid = parseLinksPage(linksPage([rawLink(name)]), context).links[0]?.linkName;

    // Act
    const page = parseLinksPage(linksPage([rawLink(name, { cluster_link_id: null })]), context);

    // Assess
    expect(page.refused[0]?.linkName).toBe(valid);
    expect([...(valid ?? '')].length).toBe(BOUNDS.identifierChars);
  });

  it.each([
    [null, '(body)'],
    [[], '(body)'],
    ['<html></html>', '(body)'],
    [{ metadata: { next: null } }, 'data: Required'],
    [{ data: [] }, 'metadata: Required'],
    [{ metadata: { next: 3 }, data: [] }, 'metadata.next: expected string, got number'],
    [{ metadata: {}, data: {} }, 'data: expected array, got object'],
  ])('rejects a page of the wrong shape: %j', (body, expected) => {
    const problem = problemOf(() => parseLinksPage(body, context));

    expect(problem).toContain(expected);
  });

  it('sets aside every entry of a name the page gives twice: which of them is the link cannot be told', () => {
    // Act
    const page = parseLinksPage(
      linksPage([rawLink('a'), rawLink('b'), rawLink('a', { link_state: 'FAILED' })]),
      context,
    );

    // Assess
    expect(page.links.map((l) => l.linkName)).toEqual(['b']);
    expect(page.refused).toEqual([
      { linkName: 'a', problem: 'data[0].link_name: link name "a" is given by more than one entry' },
      { linkName: 'a', problem: 'data[2].link_name: link name "a" is given by more than one entry' },
    ]);
  });

  it('sets aside a valid entry whose name a refused entry gives too', () => {
    // Act
    const page = parseLinksPage(linksPage([rawLink('a'), rawLink('a', { topic_names: null })]), context);

    // Assess
    expect(page.links).toEqual([]);
    expect(page.refused).toEqual([
      { linkName: 'a', problem: 'data[1].topic_names: expected array, got null' },
      { linkName: 'a', problem: 'data[0].link_name: link name "a" is given by more than one entry' },
    ]);
  });

  it('counts further problems of an entry after the first', () => {
    const page = parseLinksPage(linksPage([{ kind: 'KafkaLinkData' }]), context);

    expect(page.refused).toEqual([
      {
        linkName: null,
        problem: expect.stringMatching(/^data\[0\]\.link_name: Required \(and 2 more problem\(s\)\)$/),
      },
    ]);
  });

  it(`rejects a page with more than ${BOUNDS.refusedEntries} entries refused: a server that changed its shape, not an odd link`, () => {
    // Prepare
    const odd = Array.from({ length: BOUNDS.refusedEntries + 1 }, () => ({ link_name: '' }));

    // Act
    const problem = problemOf(() => parseLinksPage(linksPage([rawLink('a'), ...odd]), context));

    // Assess
    expect(problem).toMatch(
      new RegExp(`^more than ${BOUNDS.refusedEntries} entries refused; the first: data\\[1\\]\\.link_name`),
    );
  });

  it(`sets aside up to ${BOUNDS.refusedEntries} entries`, () => {
    const odd = Array.from({ length: BOUNDS.refusedEntries }, () => ({ link_name: '' }));

    const page = parseLinksPage(linksPage([rawLink('a'), ...odd]), context);

    expect(page.refused).toHaveLength(BOUNDS.refusedEntries);
    expect(page.links).toHaveLength(1);
  });
});

describe('Function: decodeJsonBody', () => {
  it('decodes JSON', () => {
    expect(decodeJsonBody(' {"a":1} ', 'application/json', context)).toEqual({ a: 1 });
  });

  it.each([
    ['', 'application/json', 'empty body'],
    ['   ', null, 'empty body'],
    [
      '<html><body>Error 502</body></html>',
      'text/html',
      'HTML where JSON was expected (content-type text/html)',
    ],
    ['{"data": [', 'application/json', 'the JSON ends early'],
    ['{data: 1}', 'application/json', 'malformed JSON'],
  ])('rejects %j with a clear problem', (text, contentType, expected) => {
    const problem = problemOf(() => decodeJsonBody(text, contentType, context));

    expect(problem).toContain(expected);
  });

  it('does not quote the body in its message', () => {
    const problem = problemOf(() => decodeJsonBody('{"secret-ish": nope}', 'application/json', context));

    expect(problem).not.toContain('secret-ish');
  });
});
