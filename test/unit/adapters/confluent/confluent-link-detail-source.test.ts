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
function answering(body: unknown): { readonly client: ConfluentLinksClient; readonly urls: string[] } {
  const urls: string[] = [];
  const client = new ConfluentLinksClient({
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
  });
});
