import { describe, expect, it } from 'vitest';
import { InvalidLinksResponseError } from '../../../../adapters/confluent/confluent-errors.js';
import { decodeJsonBody, parseLinksPage } from '../../../../adapters/confluent/parse-links-page.js';
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
    ['cluster_link_id', 'data[1].cluster_link_id: Required'],
    ['link_name', 'data[1].link_name: Required'],
    ['topic_names', 'data[1].topic_names: Required'],
  ])('rejects a link without %s, naming the item and field', (field, expected) => {
    const broken = rawLink('b');
    delete broken[field];

    const problem = problemOf(() => parseLinksPage(linksPage([rawLink('a'), broken]), context));

    expect(problem).toBe(expected);
  });

  it.each([
    [{ topic_names: 'orders' }, 'data[0].topic_names: expected array, got string'],
    [{ topic_names: ['a', 7] }, 'data[0].topic_names[1]: expected string, got number'],
    [{ link_state: 5 }, 'data[0].link_state: expected string, got number'],
    [{ link_name: '' }, 'data[0].link_name'],
    [
      { tasks: [{ task_name: 'x', state: 'ACTIVE', errors: [{ error_code: 1 }] }] },
      'data[0].tasks[0].errors[0]',
    ],
    [{ category_counts: [{ state_category: 'ACTIVE', count: 1.5 }] }, 'data[0].category_counts[0].count'],
  ])('rejects a field of the wrong type: %j', (overrides, expected) => {
    const problem = problemOf(() => parseLinksPage(linksPage([rawLink('a', overrides)]), context));

    expect(problem).toContain(expected);
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

  it('rejects a page that lists the same link name twice', () => {
    const problem = problemOf(() => parseLinksPage(linksPage([rawLink('a'), rawLink('a')]), context));

    expect(problem).toBe('data[1].link_name: duplicate link name "a"');
  });

  it('counts further problems after the first', () => {
    const problem = problemOf(() => parseLinksPage(linksPage([{ kind: 'KafkaLinkData' }]), context));

    expect(problem).toMatch(/^data\[0\]\.link_name: Required \(and 2 more problem\(s\)\)$/);
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
