import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { InvalidLinksResponseError } from '../../../../adapters/confluent/confluent-errors.js';
import {
  MAX_CONFIG_VALUE_CHARS,
  MAX_DRY_RUN_TOPICS,
  MAX_LINK_CONFIGS,
  parseLinkConfigs,
  parseMirrorActionResults,
} from '../../../../adapters/confluent/parse-link-readiness.js';
import { parseLinksPage } from '../../../../adapters/confluent/parse-links-page.js';
import { BOUNDS, boundIdentifier, boundText } from '../../../../core/model/bounds.js';
import { WATCHED_LINK_CONFIGS } from '../../../../core/model/link-syncs.js';
import { linksPage, rawLink } from './rest-pages.js';

const context = { clusterId: 'lkc-1', path: '/kafka/v3/clusters/lkc-1/links/orders-dr/configs' };
const SECRET = 'sasl-jaas-S3cr3t-pa55word';

/** A config entry as Confluent sends it (`KafkaLinkConfigData`); override any field. */
function rawConfig(name: string, value: unknown, overrides: Record<string, unknown> = {}) {
  return {
    kind: 'KafkaLinkConfigData',
    metadata: { self: `https://pkc-00000.example.confluent.cloud/kafka/v3/clusters/lkc-1/links/orders-dr` },
    cluster_id: 'lkc-1',
    name,
    value,
    is_default: false,
    is_read_only: false,
    is_sensitive: false,
    source: 'DYNAMIC_CLUSTER_LINK_CONFIG',
    synonyms: [],
    link_name: 'orders-dr',
    ...overrides,
  };
}

function configsPage(data: readonly unknown[], next: string | null = null) {
  return { kind: 'KafkaLinkConfigDataList', metadata: { self: 'https://x/configs', next }, data };
}

/** The error a parse throws, checked to be the named one. */
function refusal(parse: () => unknown): InvalidLinksResponseError {
  let caught: unknown;
  try {
    parse();
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(InvalidLinksResponseError);
  return caught as InvalidLinksResponseError;
}

/** Every way an error can be printed or stored. */
function printed(error: Error): string {
  return [error.message, String(error), JSON.stringify(error), inspect(error, { depth: 5 })].join('\n');
}

const codePoints = (text: string | null | undefined) => [...(text ?? '')].length;

describe('Function: parseLinkConfigs', () => {
  it('keeps only the watched configs, in name order, values as sent', () => {
    // Prepare
    const body = configsPage([
      rawConfig('consumer.offset.sync.ms', '30000'),
      rawConfig('bootstrap.servers', 'pkc-1.example:9092'),
      rawConfig('acl.sync.enable', 'true'),
      rawConfig('consumer.offset.sync.enable', 'false'),
    ]);

    // Act
    const configs = parseLinkConfigs(body, context);

    // Assess
    expect(configs).toEqual([
      { name: 'acl.sync.enable', value: 'true', sensitive: false },
      { name: 'consumer.offset.sync.enable', value: 'false', sensitive: false },
      { name: 'consumer.offset.sync.ms', value: '30000', sensitive: false },
    ]);
  });

  it('keeps every watched config it is sent, and nothing the monitor does not watch', () => {
    // Prepare
    const body = configsPage(
      [...WATCHED_LINK_CONFIGS, 'sasl.jaas.config', 'security.protocol']
        .reverse()
        .map((name) => rawConfig(name, 'v')),
    );

    // Act
    const names = parseLinkConfigs(body, context).map((c) => c.name);

    // Assess
    expect(names).toEqual([...WATCHED_LINK_CONFIGS]);
  });

  it('keeps a config with no value as null', () => {
    const configs = parseLinkConfigs(
      configsPage([rawConfig('cluster.link.prefix', null), rawConfig('acl.filters', undefined)]),
      context,
    );

    expect(configs).toEqual([
      { name: 'acl.filters', value: null, sensitive: false },
      { name: 'cluster.link.prefix', value: null, sensitive: false },
    ]);
  });

  it('never keeps the value of a config marked sensitive', () => {
    // Prepare
    const body = configsPage([rawConfig('acl.filters', SECRET, { is_sensitive: true })]);

    // Act
    const configs = parseLinkConfigs(body, context);

    // Assess
    expect(configs).toEqual([{ name: 'acl.filters', value: null, sensitive: true }]);
    expect(JSON.stringify(configs)).not.toContain(SECRET);
  });

  it('never reads a sensitive value, whatever its type, so a hostile one cannot refuse the page either', () => {
    const configs = parseLinkConfigs(
      configsPage([
        rawConfig('acl.filters', { nested: SECRET }, { is_sensitive: true }),
        rawConfig('link.mode', 42, { is_sensitive: true }),
      ]),
      context,
    );

    expect(configs).toEqual([
      { name: 'acl.filters', value: null, sensitive: true },
      { name: 'link.mode', value: null, sensitive: true },
    ]);
  });

  it('quotes no value in any error, even when the page is refused because of another entry', () => {
    // Prepare: a sensitive value before the fault, and a value of the wrong type
    const body = configsPage([
      rawConfig('acl.filters', SECRET, { is_sensitive: true }),
      rawConfig('acl.sync.ms', { secret: SECRET }),
    ]);

    // Act
    const error = refusal(() => parseLinkConfigs(body, context));

    // Assess
    expect(error.problem).toBe('data[1].value (acl.sync.ms): expected string or null, got object');
    expect(printed(error)).not.toContain(SECRET);
  });

  it('refuses a watched config without is_sensitive, since its value may not be kept without knowing, and quotes no value', () => {
    // Prepare
    const body = configsPage([rawConfig('acl.filters', SECRET, { is_sensitive: 'yes' })]);

    // Act
    const error = refusal(() => parseLinkConfigs(body, context));

    // Assess
    expect(error.problem).toBe('data[0].is_sensitive (acl.filters): expected boolean, got string');
    expect(printed(error)).not.toContain(SECRET);
  });

  it('ignores what it does not watch, even malformed, except a missing name', () => {
    // Prepare
    const body = configsPage([
      { name: 'sasl.jaas.config', value: { any: SECRET }, is_sensitive: 'unknown' },
      rawConfig('link.mode', 'DESTINATION'),
    ]);

    // Act
    const configs = parseLinkConfigs(body, context);

    // Assess
    expect(configs).toEqual([{ name: 'link.mode', value: 'DESTINATION', sensitive: false }]);
    expect(refusal(() => parseLinkConfigs(configsPage([{ value: SECRET }]), context)).problem).toBe(
      'data[0].name: expected string, got undefined',
    );
  });

  it('bounds a long value, keeping two that differ past the cut apart', () => {
    // Prepare
    const long = `[${'{"name":"*","patternType":"LITERAL","filterType":"INCLUDE"},'.repeat(2_000)}]`;
    const other = `${long.slice(0, -1)}x]`;

    // Act
    const [a] = parseLinkConfigs(configsPage([rawConfig('acl.filters', long)]), context);
    const [b] = parseLinkConfigs(configsPage([rawConfig('acl.filters', other)]), context);

    // Assess
    expect(codePoints(a?.value)).toBe(MAX_CONFIG_VALUE_CHARS);
    expect(a?.value).toBe(boundIdentifier(long, MAX_CONFIG_VALUE_CHARS));
    expect(a?.value).not.toBe(b?.value);
  });

  it('ignores a name of any length it does not watch, and quotes none', () => {
    const hugeName = 'n'.repeat(1_000_000);

    const configs = parseLinkConfigs(
      configsPage([rawConfig(hugeName, 'x'), rawConfig('link.mode', 'DESTINATION')]),
      context,
    );

    expect(configs.map((c) => c.name)).toEqual(['link.mode']);
  });

  it(`refuses more than ${MAX_LINK_CONFIGS} entries`, () => {
    // Prepare
    const body = configsPage(
      Array.from({ length: MAX_LINK_CONFIGS + 1 }, (_, i) => rawConfig(`c.${i}`, 'v')),
    );

    // Act
    const error = refusal(() => parseLinkConfigs(body, context));

    // Assess
    expect(error.problem).toBe(`more than ${MAX_LINK_CONFIGS} configs in one response`);
    expect(error).toMatchObject({ kind: 'invalid-response', clusterId: 'lkc-1', path: context.path });
  });

  it('accepts exactly the bound', () => {
    const body = configsPage(Array.from({ length: MAX_LINK_CONFIGS }, (_, i) => rawConfig(`c.${i}`, 'v')));

    expect(parseLinkConfigs(body, context)).toEqual([]);
  });

  it('refuses a watched config given twice, rather than pick one', () => {
    const body = configsPage([rawConfig('link.mode', 'DESTINATION'), rawConfig('link.mode', 'SOURCE')]);

    expect(refusal(() => parseLinkConfigs(body, context)).problem).toBe(
      'data[1]: config link.mode is given twice',
    );
  });

  it('refuses a second page, which would make its watched configs look removed', () => {
    const body = configsPage([rawConfig('link.mode', 'DESTINATION')], 'https://x/configs?page_token=2');

    expect(refusal(() => parseLinkConfigs(body, context)).problem).toContain('metadata.next is set');
  });

  it.each([
    ['null', null, '(body): expected object, got null'],
    ['an array', [], '(body): expected object, got array'],
    ['a string', 'configs', '(body): expected object, got string'],
    ['no data', { metadata: {} }, '(body).data: expected array, got undefined'],
    ['data as an object', { data: { name: 'link.mode' } }, '(body).data: expected array, got object'],
    [
      'an entry that is not an object',
      { data: ['link.mode=SOURCE'] },
      'data[0]: expected object, got string',
    ],
    ['a name that is a number', { data: [{ name: 7 }] }, 'data[0].name: expected string, got number'],
  ])('refuses a body that is %s', (_label, body, problem) => {
    expect(refusal(() => parseLinkConfigs(body, context)).problem).toBe(problem);
  });
});

describe('Function: parseMirrorActionResults', () => {
  const actionContext = {
    clusterId: 'lkc-1',
    path: '/kafka/v3/clusters/lkc-1/links/orders-dr/mirrors:failover',
  };

  /** One topic's answer as Confluent sends it (`AlterMirrorsData`). */
  function rawAnswer(topic: string, errorCode: unknown, errorMessage: unknown) {
    return {
      kind: 'AlterMirrorsData',
      metadata: { self: `https://x/mirrors/${topic}` },
      mirror_topic_name: topic,
      error_code: errorCode,
      error_message: errorMessage,
      mirror_lags: [{ partition: 0, lag: 10, last_source_fetch_offset: 100 }],
      messages_truncated: null,
      partition_level_truncation_data: [],
    };
  }
  const answers = (data: readonly unknown[]) => ({
    kind: 'KafkaPromoteMirror',
    metadata: { self: 'x' },
    data,
  });

  it('returns each topic’s answer in name order, null when it would fail over', () => {
    // Prepare
    const body = answers([
      rawAnswer('shipments', 400, "Topic 'shipments' has already stopped its mirror from 'orders-dr'"),
      rawAnswer('orders', null, null),
    ]);

    // Act
    const checks = parseMirrorActionResults(body, actionContext);

    // Assess
    expect(checks).toEqual([
      { topicName: 'orders', errorCode: null, errorMessage: null },
      {
        topicName: 'shipments',
        errorCode: 400,
        errorMessage: "Topic 'shipments' has already stopped its mirror from 'orders-dr'",
      },
    ]);
  });

  it('takes an absent or empty message as none', () => {
    const checks = parseMirrorActionResults(
      answers([{ mirror_topic_name: 'a' }, rawAnswer('b', 0, '')]),
      actionContext,
    );

    expect(checks).toEqual([
      { topicName: 'a', errorCode: null, errorMessage: null },
      { topicName: 'b', errorCode: 0, errorMessage: null },
    ]);
  });

  it('bounds topic names as the listing does, so that an answer matches the listed topic', () => {
    // Prepare
    const topicName = `t-${'ü'.repeat(400)}`;
    const [listed] = parseLinksPage(
      linksPage([rawLink('orders-dr', { topic_names: [topicName] })]),
      context,
    ).links;

    // Act
    const [check] = parseMirrorActionResults(answers([rawAnswer(topicName, null, null)]), actionContext);

    // Assess
    expect(check?.topicName).toBe(listed?.topicNames[0]);
    expect(codePoints(check?.topicName)).toBe(BOUNDS.topicNameChars);
  });

  it('bounds a message and makes it well-formed', () => {
    const [long, lone] = parseMirrorActionResults(
      answers([rawAnswer('a', 1, 'm'.repeat(1_000_000)), rawAnswer('b', 1, 'bad \uD800 half')]),
      actionContext,
    );

    expect(long?.errorMessage).toBe(boundText('m'.repeat(1_000_000)));
    expect(lone?.errorMessage).toBe('bad \uFFFD half');
  });

  it(`refuses more than ${MAX_DRY_RUN_TOPICS} answers`, () => {
    const body = answers(
      Array.from({ length: MAX_DRY_RUN_TOPICS + 1 }, (_, i) => rawAnswer(`t${i}`, null, null)),
    );

    expect(refusal(() => parseMirrorActionResults(body, actionContext)).problem).toBe(
      `more than ${MAX_DRY_RUN_TOPICS} topics in one response`,
    );
  });

  it('refuses one topic answered twice, rather than pick an answer', () => {
    const body = answers([rawAnswer('orders', null, null), rawAnswer('orders', 400, 'no')]);

    expect(refusal(() => parseMirrorActionResults(body, actionContext)).problem).toBe(
      'data[1]: topic orders is answered twice',
    );
  });

  it.each([
    [
      'a fractional error_code',
      rawAnswer('a', 1.5, null),
      'data[0].error_code: expected integer or null, got non-integer number',
    ],
    [
      'an error_code past 2^53',
      rawAnswer('a', 2 ** 60, null),
      'data[0].error_code: expected integer or null, got number',
    ],
    [
      'an error_code in text',
      rawAnswer('a', '400', null),
      'data[0].error_code: expected integer or null, got string',
    ],
    [
      'a message that is an object',
      rawAnswer('a', 1, { text: 'x' }),
      'data[0].error_message: expected string or null, got object',
    ],
    [
      'no topic name',
      { error_code: null, error_message: null },
      'data[0].mirror_topic_name: expected a non-empty string, got undefined',
    ],
    [
      'an empty topic name',
      rawAnswer('', null, null),
      'data[0].mirror_topic_name: expected a non-empty string, got string',
    ],
    ['an entry that is not an object', 'orders', 'data[0]: expected object, got string'],
  ])('refuses an answer with %s, quoting no value', (_label, entry, problem) => {
    // Act
    const error = refusal(() => parseMirrorActionResults(answers([entry]), actionContext));

    // Assess
    expect(error.problem).toBe(problem);
    expect(error.path).toBe(actionContext.path);
  });

  it.each([
    ['null', null, '(body): expected object, got null'],
    ['no data', { kind: 'KafkaPromoteMirror' }, '(body).data: expected array, got undefined'],
  ])('refuses a body that is %s', (_label, body, problem) => {
    expect(refusal(() => parseMirrorActionResults(body, actionContext)).problem).toBe(problem);
  });
});
