import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfluentApiError } from '../../../../adapters/confluent/confluent-errors.js';
import { ConfluentLinkDetailsClient } from '../../../../adapters/confluent/confluent-link-details.js';
import { ConfluentLinksClient } from '../../../../adapters/confluent/confluent-links-client.js';
import type { ConfluentCredentials } from '../../../../adapters/confluent/credentials.js';
import { LINK_DETAIL_SPEC, type PrismMock, startPrism } from '../../../support/prism.js';

const CREDENTIALS: ConfluentCredentials = {
  kind: 'basic',
  apiKey: 'PRISMKEY02',
  apiSecret: 'prism-detail-secret',
};

let prism: PrismMock;

beforeAll(async () => {
  prism = await startPrism(60_000, LINK_DETAIL_SPEC);
});

afterAll(async () => {
  await prism?.stop();
});

function clientFor(extraHeaders: Record<string, string> = {}) {
  const cluster = { clusterId: 'lkc-contract', restEndpoint: prism.url, credentials: CREDENTIALS };
  const details = new ConfluentLinkDetailsClient(
    new ConfluentLinksClient({ options: { extraHeaders, maxAttempts: 1 } }),
  );
  return { details, cluster, request: { deadline: Date.now() + 20_000 } };
}

describe('ConfluentLinkDetailsClient against a mock generated from the detail and mirrors contract', () => {
  it('describes a link with include_tasks=true (the contract’s example has no tasks)', async () => {
    const { details, cluster, request } = clientFor();
    const tasks = await details.describeLinkTasks(cluster, 'link-sb1', request);
    expect(tasks).toEqual([]);
  });

  it('lists a link’s mirror topics from the contract’s example, statuses and errors as sent', async () => {
    const { details, cluster, request } = clientFor();
    const read = await details.listLinkMirrorTopics(cluster, 'link-sb1', request);
    expect(read.complete).toBe(true);
    expect(read.topics.map((t) => [t.topicName, t.status, t.error, t.stateTimeMs])).toEqual([
      ['topic-1', 'ACTIVE', null, 1612550939300],
      ['topic-2', 'STOPPED', null, 1612551353640],
    ]);
    expect(read.topics[0]?.lags).toEqual([
      { partition: 0, lag: 0, fetchOffset: 0 },
      { partition: 1, lag: 10000, fetchOffset: 1000 },
      { partition: 2, lag: 40000, fetchOffset: 12030 },
    ]);
  });

  it('passes a mirror_status filter the contract accepts', async () => {
    const { details, cluster, request } = clientFor();
    const read = await details.listLinkMirrorTopics(cluster, 'link-sb1', {
      ...request,
      mirrorStatus: 'FAILED',
    });
    expect(read.topics.length).toBeGreaterThan(0);
  });

  it('lists every mirror topic of the cluster (links/-/mirrors)', async () => {
    const { details, cluster, request } = clientFor();
    const read = await details.listClusterMirrorTopics(cluster, request);
    expect(read.topics.map((t) => t.topicName)).toEqual(['topic-1', 'topic-2']);
  });

  it('describes one mirror topic with include_state_transition_errors=true', async () => {
    const { details, cluster, request } = clientFor();
    const topic = await details.describeMirrorTopic(cluster, 'link-sb1', 'topic-1', request);
    expect(topic).toMatchObject({ topicName: 'topic-1', status: 'ACTIVE', transitionErrors: [] });
  });

  it('reports the contract’s 429 (Jetty’s HTML page) as rate limiting, which the poll takes as "stop reading details"', async () => {
    const { details, cluster, request } = clientFor({ Prefer: 'code=429' });
    const error = await details.listLinkMirrorTopics(cluster, 'link-sb1', request).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfluentApiError);
    expect(error).toMatchObject({ kind: 'rate-limited', status: 429 });
  });

  it('reports the contract’s 401 without the secret', async () => {
    const { details, cluster, request } = clientFor({ Prefer: 'code=401' });
    const error = await details.describeLinkTasks(cluster, 'link-sb1', request).catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'auth', status: 401, errorCode: 40101 });
    expect((error as Error).message).not.toContain('prism-detail-secret');
  });
});
