import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfluentApiError } from '../../../../adapters/confluent/confluent-errors.js';
import { ConfluentLinkDetailsClient } from '../../../../adapters/confluent/confluent-link-details.js';
import { ConfluentLinksClient } from '../../../../adapters/confluent/confluent-links-client.js';
import type { ConfluentCredentials } from '../../../../adapters/confluent/credentials.js';
import { type PrismMock, startPrism } from '../../../support/prism.js';

/** A link's configs, and the failover and promote actions (dry runs). */
const READINESS_SPEC = fileURLToPath(
  new URL('../../../../spec/link-configs-and-failover.openapi.yaml', import.meta.url),
);

const CREDENTIALS: ConfluentCredentials = {
  kind: 'basic',
  apiKey: 'PRISMKEY03',
  apiSecret: 'prism-readiness-secret',
};

/** What Prism said of one exchange: its status and the contract violations it found in the request. */
interface Exchange {
  readonly method: string;
  readonly url: string;
  readonly status: number;
  readonly violations: string | null;
}

let prism: PrismMock;

beforeAll(async () => {
  prism = await startPrism(60_000, READINESS_SPEC);
});

afterAll(async () => {
  await prism?.stop();
});

/**
 * Prism checks every request against the contract and answers a violation with 400 and an
 * `sl-violations` header; the client is given a fetch that records both, so a test can show that
 * its requests are valid and not only that they were answered.
 */
function clientFor(extraHeaders: Record<string, string> = {}) {
  const exchanges: Exchange[] = [];
  const recordingFetch: typeof fetch = async (input, init) => {
    const response = await fetch(input, init);
    exchanges.push({
      method: init?.method ?? 'GET',
      url: String(input),
      status: response.status,
      violations: response.headers.get('sl-violations'),
    });
    return response;
  };
  const links = new ConfluentLinksClient({
    options: { extraHeaders, maxAttempts: 1 },
    fetch: recordingFetch,
  });
  const cluster = { clusterId: 'lkc-contract', restEndpoint: prism.url, credentials: CREDENTIALS };
  return {
    links,
    details: new ConfluentLinkDetailsClient(links),
    cluster,
    exchanges,
    request: { deadline: Date.now() + 20_000 },
  };
}

describe('ConfluentLinkDetailsClient against a mock generated from the link configs and failover contract', () => {
  it('reads a link’s configs with a request the contract accepts, and keeps the watched ones of its example', async () => {
    // Prepare
    const { details, cluster, exchanges, request } = clientFor();

    // Act
    const configs = await details.listLinkConfigs(cluster, 'link-sb1', request);

    // Assess
    expect(configs).toEqual([
      { name: 'acl.sync.ms', value: '5000', sensitive: false },
      { name: 'consumer.offset.sync.ms', value: '3825940', sensitive: false },
    ]);
    expect(exchanges).toEqual([
      {
        method: 'GET',
        url: `${prism.url}/kafka/v3/clusters/lkc-contract/links/link-sb1/configs`,
        status: 200,
        violations: null,
      },
    ]);
  });

  it('sends a failover dry run the contract accepts (validate_only=true, mirror_topic_names) and parses its example', async () => {
    // Prepare
    const { details, cluster, exchanges, request } = clientFor();

    // Act
    const checks = await details.validateFailover(cluster, 'link-sb1', {
      ...request,
      topicNames: ['topic-sb', 'topic-2'],
    });

    // Assess
    expect(checks).toEqual([
      {
        topicName: 'topic-2',
        errorCode: 400,
        errorMessage: "Topic 'topic-2' has already stopped its mirror from 'my-new-link-1'",
      },
      { topicName: 'topic-sb', errorCode: null, errorMessage: null },
    ]);
    expect(exchanges).toEqual([
      {
        method: 'POST',
        url: `${prism.url}/kafka/v3/clusters/lkc-contract/links/link-sb1/mirrors:failover?validate_only=true`,
        status: 200,
        violations: null,
      },
    ]);
  });

  it('sends a promote dry run the contract accepts too', async () => {
    // Prepare
    const { links, cluster, exchanges, request } = clientFor();

    // Act
    const checks = await links.validateMirrorAction(cluster, {
      ...request,
      linkName: 'link-sb1',
      action: 'promote',
      topicNames: ['topic-sb'],
    });

    // Assess
    expect(checks.map((c) => c.topicName)).toEqual(['topic-2', 'topic-sb']);
    expect(exchanges.map((e) => [e.status, e.violations])).toEqual([[200, null]]);
  });

  it('would see a request that breaks the contract refused, which is what makes the checks above meaningful', async () => {
    // Act: the body and the flag the contract would refuse, sent around the client
    const response = await fetch(
      `${prism.url}/kafka/v3/clusters/lkc-contract/links/link-sb1/mirrors:failover?validate_only=yes`,
      {
        method: 'POST',
        headers: {
          authorization: `Basic ${Buffer.from('k:s').toString('base64')}`,
          'content-type': 'application/json',
        },
        body: JSON.stringify({ mirror_topic_names: 'topic-sb' }),
      },
    );
    await response.body?.cancel();

    // Assess
    expect(response.status).toBe(400);
    expect(response.headers.get('sl-violations')).toContain('mirror_topic_names');
    expect(response.headers.get('sl-violations')).toContain('validate_only');
  });

  it('reports the contract’s 429 (Jetty’s HTML page) to a dry run as rate limiting', async () => {
    const { details, cluster, request } = clientFor({ Prefer: 'code=429' });

    const error = await details
      .validateFailover(cluster, 'link-sb1', { ...request, topicNames: ['topic-sb'] })
      .catch((e: unknown) => e);

    expect(error).toBeInstanceOf(ConfluentApiError);
    expect(error).toMatchObject({ kind: 'rate-limited', status: 429 });
  });

  it('reports the contract’s 401 to a configs read without the secret', async () => {
    const { details, cluster, request } = clientFor({ Prefer: 'code=401' });

    const error = await details.listLinkConfigs(cluster, 'link-sb1', request).catch((e: unknown) => e);

    expect(error).toMatchObject({ kind: 'auth', status: 401, errorCode: 40101 });
    expect((error as Error).message).not.toContain('prism-readiness-secret');
  });
});
