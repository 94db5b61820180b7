import { describe, expect, it } from 'vitest';
import { resolveCluster } from '../../../../adapters/confluent/cluster-endpoint.js';
import { ConfluentConfigError } from '../../../../adapters/confluent/confluent-errors.js';
import {
  assertDryRunOnly,
  dryRunRequest,
  type MirrorActionDryRun,
} from '../../../../adapters/confluent/mirror-action-dry-run.js';
import { MAX_DRY_RUN_TOPICS } from '../../../../adapters/confluent/parse-link-readiness.js';

const API_KEY = 'DRYRUNKEY4Q';
const CLUSTER = resolveCluster({
  clusterId: 'lkc-1',
  restEndpoint: 'https://rest.example.com',
  credentials: { kind: 'basic', apiKey: API_KEY, apiSecret: 'DryRunSecret/7zq+Lm' },
});
const LINKS = 'https://rest.example.com/kafka/v3/clusters/lkc-1/links';

function refusal(action: () => unknown): ConfluentConfigError {
  try {
    action();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfluentConfigError);
    return error as ConfluentConfigError;
  }
  throw new Error('expected a refusal');
}

describe('Function: dryRunRequest', () => {
  it('POSTs the topics, each once, to the action below the link, with validate_only=true', () => {
    // Act
    const request = dryRunRequest(CLUSTER, {
      linkName: 'orders-dr',
      action: 'promote',
      topicNames: ['orders', 'payments', 'orders'],
    });

    // Assess
    expect(request.method).toBe('POST');
    expect(request.url.href).toBe(`${LINKS}/orders-dr/mirrors:promote?validate_only=true`);
    expect(request.body).toBe('{"mirror_topic_names":["orders","payments"]}');
  });

  it('keeps a hostile link name inside its own path segment', () => {
    // Act
    const request = dryRunRequest(CLUSTER, {
      linkName: 'x/mirrors:failover?validate_only=false#',
      action: 'failover',
      topicNames: ['orders'],
    });

    // Assess
    expect(request.url.pathname).toBe(
      '/kafka/v3/clusters/lkc-1/links/x%2Fmirrors%3Afailover%3Fvalidate_only%3Dfalse%23/mirrors:failover',
    );
    expect(request.url.searchParams.getAll('validate_only')).toEqual(['true']);
  });

  it.each<[string, MirrorActionDryRun, string]>([
    [
      'an action other than failover or promote',
      { linkName: 'l', action: 'delete' as never, topicNames: ['t'] },
      'failover or promote only',
    ],
    ['no link name', { linkName: '', action: 'failover', topicNames: ['t'] }, 'needs the name of a link'],
    [
      'a link name that is a path step',
      { linkName: '.', action: 'failover', topicNames: ['t'] },
      'needs the name of a link',
    ],
    [
      'topic names that are not a list',
      { linkName: 'l', action: 'failover', topicNames: 't' as never },
      'an array of topic names',
    ],
    [
      'a topic name that is not a string',
      { linkName: 'l', action: 'failover', topicNames: ['t', 7 as never] },
      'topicNames[1]',
    ],
    ['no topic', { linkName: 'l', action: 'failover', topicNames: [] }, 'names 1 to'],
    [
      'too many topics',
      {
        linkName: 'l',
        action: 'failover',
        topicNames: Array.from({ length: MAX_DRY_RUN_TOPICS + 1 }, (_, i) => `t${i}`),
      },
      `not ${MAX_DRY_RUN_TOPICS + 1}`,
    ],
  ])('refuses %s', (_label, dryRun, message) => {
    expect(refusal(() => dryRunRequest(CLUSTER, dryRun)).message).toContain(message);
  });
});

describe('Function: assertDryRunOnly', () => {
  const at = (method: string, href: string) => () =>
    assertDryRunOnly(CLUSTER, { method, url: new URL(href) });

  it('lets a read through, with or without a query', () => {
    expect(at('GET', LINKS)).not.toThrow();
    expect(at('GET', `${LINKS}/orders-dr/mirrors?mirror_status=ACTIVE`)).not.toThrow();
    expect(at('GET', `${LINKS}/orders-dr/configs`)).not.toThrow();
  });

  it('lets a request to an action through only with one validate_only=true', () => {
    expect(at('POST', `${LINKS}/orders-dr/mirrors:failover?validate_only=true`)).not.toThrow();
    expect(at('GET', `${LINKS}/orders-dr/mirrors:promote?validate_only=true`)).not.toThrow();
  });

  it.each([
    ['a POST without the flag', 'POST', `${LINKS}/orders-dr/mirrors:failover`],
    ['a POST to a plain path without the flag', 'POST', `${LINKS}/orders-dr/mirrors`],
    ['a DELETE without the flag', 'DELETE', `${LINKS}/orders-dr`],
    ['a GET of an action without the flag', 'GET', `${LINKS}/orders-dr/mirrors:failover`],
    ['validate_only=false', 'POST', `${LINKS}/orders-dr/mirrors:failover?validate_only=false`],
    ['validate_only=TRUE', 'POST', `${LINKS}/orders-dr/mirrors:failover?validate_only=TRUE`],
    ['the flag twice', 'POST', `${LINKS}/orders-dr/mirrors:failover?validate_only=true&validate_only=false`],
    ['an action encoded once', 'GET', `${LINKS}/orders-dr/mirrors%3Afailover`],
    ['an action encoded three times', 'GET', `${LINKS}/orders-dr/mirrors%25253Afailover`],
    ['a last segment that cannot be decoded', 'GET', `${LINKS}/orders-dr/mirrors%E0%A4%A`],
  ])('refuses %s', (_label, method, href) => {
    expect(refusal(at(method, href)).message).toContain('without validate_only=true');
  });

  it('names the request it refused without a credential echoed in its path', () => {
    // Act
    const error = refusal(at('POST', `${LINKS}/${API_KEY}/mirrors:failover`));

    // Assess
    expect(error.message).toContain('refused to send POST');
    expect(error.message).not.toContain(API_KEY);
  });
});
