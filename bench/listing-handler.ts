/**
 * The lower bound of a poll, bundled and run by the benchmark like the real poller's handler: the
 * same clusters, credentials, Confluent client and concurrency, and nothing else. It lists every
 * cluster's links and drops them: no state read, no diff, no write, no publish, no log line, no
 * metric. A steady-state poll cannot be faster than this on the same machine in the same run, so
 * the poll's time over this one says what the state work costs.
 */
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import pLimit from 'p-limit';
import { ConfluentLinksClient } from '../adapters/confluent/confluent-links-client.js';
import { readPollerRuntimeConfig } from '../adapters/lambda/poller-environment.js';
import { CredentialedLinkSource } from '../adapters/poll-pipeline/credentialed-link-source.js';
import { CREDENTIALS_MAX_AGE_MS, secretCredentialClusters } from '../adapters/poll-pipeline/poll-pipeline.js';
import { SecretsManagerCredentials } from '../adapters/secrets/secrets-manager-credentials.js';

const runtime = readPollerRuntimeConfig(process.env);
const source = new CredentialedLinkSource({
  clusters: secretCredentialClusters(runtime.clusters),
  secrets: new SecretsManagerCredentials({
    client: new SecretsManagerClient({}),
    maxAgeMs: CREDENTIALS_MAX_AGE_MS,
  }),
  client: new ConfluentLinksClient(),
});

export interface ListingSummary {
  readonly clusters: number;
  readonly links: number;
  readonly failed: number;
}

export async function handler(
  _event: unknown,
  context: { getRemainingTimeInMillis(): number },
): Promise<ListingSummary> {
  const deadline = Date.now() + context.getRemainingTimeInMillis();
  const limit = pLimit(Math.max(1, runtime.settings.concurrency));
  const counts = await Promise.all(
    runtime.clusters.map((cluster) =>
      limit(async () => {
        try {
          return (await source.listLinks({ clusterId: cluster.clusterId, deadline })).links.length;
        } catch {
          return -1;
        }
      }),
    ),
  );
  return {
    clusters: counts.length,
    links: counts.filter((n) => n >= 0).reduce((total, n) => total + n, 0),
    failed: counts.filter((n) => n < 0).length,
  };
}
