import { describe, expect, it } from 'vitest';
import type { ConfluentClusterConfig } from '../../../../adapters/confluent/cluster-endpoint.js';
import { detailSourceForClusters } from '../../../../adapters/confluent/confluent-link-detail-source.js';
import { ConfluentLinksClient } from '../../../../adapters/confluent/confluent-links-client.js';

const CLUSTER: ConfluentClusterConfig = {
  clusterId: 'lkc-1',
  restEndpoint: 'https://pkc-00000.example.confluent.cloud',
  credentials: { kind: 'basic', apiKey: 'KEY', apiSecret: 'secret' },
};

/** A client whose every request is answered with `body`; the URLs asked for are kept. */
function answering(
  body: unknown,
  options: { readonly maxBodyBytes?: number } = {},
): { readonly client: ConfluentLinksClient; readonly urls: string[] } {
  const urls: string[] = [];
  const client = new ConfluentLinksClient({
    options,
    fetch: async (input) => {
      urls.push(String(input));
      return new Response(JSON.stringify(body), {
        status: 200,
        headers: { 'content-type': 'application/json' },
      });
    },
  });
  return { client, urls };
}

describe('Class: ConfluentLinkDetailSource', () => {
  describe('Method: readClusterMirrorLags', () => {
    it('reads every mirror topic of the cluster in one request, with state times and fetch offsets', async () => {
      // Prepare
      const { client, urls } = answering({
        metadata: { next: 'https://pkc-00000.example.confluent.cloud/next' },
        data: [
          {
            link_name: 'orders-dr',
            mirror_topic_name: 'orders',
            mirror_status: 'ACTIVE',
            mirror_topic_error: 'NO_ERROR',
            state_time_ms: 1_767_225_600_000,
            mirror_lags: [
              { partition: 0, lag: 1200, last_source_fetch_offset: 48_000 },
              { partition: 1, lag: 0 },
            ],
            mirror_state_transition_errors: [{ error_code: 'E', error_message: 'm' }],
          },
          { mirror_topic_name: 'audit', mirror_status: 'PENDING_STOPPED' },
        ],
      });
      const source = detailSourceForClusters(client, [CLUSTER]);

      // Act
      const read = await source.readClusterMirrorLags({ clusterId: 'lkc-1', deadline: Date.now() + 10_000 });

      // Assess: only what lag and readiness use is passed on; more pages are not read
      expect(urls).toEqual([
        'https://pkc-00000.example.confluent.cloud/kafka/v3/clusters/lkc-1/links/-/mirrors',
      ]);
      expect(read).toEqual({
        topics: [
          {
            linkName: 'orders-dr',
            topicName: 'orders',
            status: 'ACTIVE',
            stateTimeMs: 1_767_225_600_000,
            lags: [
              { partition: 0, lag: 1200, fetchOffset: 48_000 },
              { partition: 1, lag: 0, fetchOffset: null },
            ],
          },
          { linkName: null, topicName: 'audit', status: 'PENDING_STOPPED', stateTimeMs: null, lags: [] },
        ],
        complete: false,
      });
    });

    it("accepts a listing larger than a page, which a large cluster's lags make, that the link's own reads refuse", async () => {
      // Prepare: 200 topics with their lags, over a page cap of 16 KB
      const topic = (n: number) => ({
        link_name: 'orders-dr',
        mirror_topic_name: `topic-${String(n).padStart(4, '0')}`,
        mirror_status: 'ACTIVE',
        mirror_lags: [0, 1, 2].map((partition) => ({
          partition,
          lag: 0,
          last_source_fetch_offset: 123_456_789,
        })),
      });
      const body = { metadata: { next: null }, data: Array.from({ length: 200 }, (_, n) => topic(n)) };
      const maxBodyBytes = 16 * 1024;
      expect(JSON.stringify(body).length).toBeGreaterThan(maxBodyBytes);
      const source = detailSourceForClusters(answering(body, { maxBodyBytes }).client, [CLUSTER]);
      const deadline = Date.now() + 10_000;

      // Act
      const cluster = await source.readClusterMirrorLags({ clusterId: 'lkc-1', deadline });
      const link = source.readLinkMirrorTopics({ clusterId: 'lkc-1', linkName: 'orders-dr', deadline });

      // Assess
      expect(cluster.topics).toHaveLength(200);
      await expect(link).rejects.toThrow(/maxBodyBytes/);
    });
  });
});
