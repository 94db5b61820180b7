import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfluentApiError } from '../../../../adapters/confluent/confluent-errors.js';
import { ConfluentLinksClient } from '../../../../adapters/confluent/confluent-links-client.js';
import type { ConfluentCredentials } from '../../../../adapters/confluent/credentials.js';
import { type PrismMock, startPrism } from '../../../support/prism.js';

const CREDENTIALS: ConfluentCredentials = {
  kind: 'basic',
  apiKey: 'PRISMKEY01',
  apiSecret: 'prism-secret-value',
};

let prism: PrismMock;

beforeAll(async () => {
  prism = await startPrism();
});

afterAll(async () => {
  await prism?.stop();
});

function clientFor(extraHeaders: Record<string, string> = {}): ConfluentLinksClient {
  return new ConfluentLinksClient({
    clusters: [{ clusterId: 'lkc-contract', restEndpoint: prism.url, credentials: CREDENTIALS }],
    options: { extraHeaders, maxAttempts: 1 },
  });
}

describe('ConfluentLinksClient against a mock generated from the OpenAPI contract', () => {
  it('parses the specification’s own example into three normalised links', async () => {
    // Act
    const listing = await clientFor().listLinks({ clusterId: 'lkc-contract', deadline: Date.now() + 20_000 });

    // Assess
    expect(listing.pages).toBe(1);
    expect(listing.links).toEqual([
      {
        linkName: 'my-new-link-1',
        clusterLinkId: 'eEBkTffYSESld6EO898x3w',
        linkState: 'ACTIVE',
        linkError: null,
        linkErrorMessage: null,
        sourceClusterId: 'src-cluster-id',
        destinationClusterId: null,
        remoteClusterId: null,
        topicNames: ['topic-sb-1', 'topic-sb-2'],
        tasks: [],
        categoryCounts: [],
      },
      {
        linkName: 'my-new-link-2',
        clusterLinkId: '90kRbvhHS9Kx9lxOUYoGeA',
        linkState: 'UNAVAILABLE',
        linkError: 'AUTHENTICATION_ERROR',
        linkErrorMessage: 'Please check your api key and secret',
        sourceClusterId: null,
        destinationClusterId: null,
        remoteClusterId: 'src-cluster-id',
        topicNames: ['topic-db-1', 'topic-db-2'],
        tasks: [],
        categoryCounts: [],
      },
      {
        linkName: 'my-new-link-3',
        clusterLinkId: 'nNFxHqTvQ5CjXt_XWNl6gg',
        linkState: 'ACTIVE',
        linkError: null,
        linkErrorMessage: null,
        sourceClusterId: null,
        destinationClusterId: 'dest-cluster-id',
        remoteClusterId: null,
        topicNames: [],
        tasks: [],
        categoryCounts: [],
      },
    ]);
  });

  it('reports the contract’s 401 example as a rejected API key', async () => {
    // Act
    const error = await clientFor({ Prefer: 'code=401' })
      .listLinks({ clusterId: 'lkc-contract', deadline: Date.now() + 20_000 })
      .catch((e: unknown) => e);

    // Assess
    expect(error).toBeInstanceOf(ConfluentApiError);
    expect(error).toMatchObject({
      kind: 'auth',
      status: 401,
      errorCode: 40101,
      confluentMessage: 'Authentication failed',
    });
    expect((error as Error).message).toContain('rejected the API key');
    expect((error as Error).message).not.toContain('prism-secret-value');
  });

  it('reports the contract’s 429 (an HTML page from Jetty) as rate limiting, without trying to parse it as JSON', async () => {
    // Act
    const error = await clientFor({ Prefer: 'code=429' })
      .listLinks({ clusterId: 'lkc-contract', deadline: Date.now() + 20_000 })
      .catch((e: unknown) => e);

    // Assess
    expect(error).toBeInstanceOf(ConfluentApiError);
    expect(error).toMatchObject({ kind: 'rate-limited', status: 429 });
  });
});
