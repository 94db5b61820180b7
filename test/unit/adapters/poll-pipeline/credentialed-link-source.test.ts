import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfluentLinksClient } from '../../../../adapters/confluent/confluent-links-client.js';
import { SecretBackedLinkSource } from '../../../../adapters/poll-pipeline/credentialed-link-source.js';
import { CredentialsError } from '../../../../adapters/secrets/credentials-error.js';
import { SecretsManagerCredentials } from '../../../../adapters/secrets/secrets-manager-credentials.js';

const CLUSTER = {
  clusterId: 'lkc-abc123',
  label: 'prod-eu',
  restEndpoint: 'https://pkc-abc12.eu-west-1.aws.confluent.cloud',
  secretId: 'monitor/prod-eu',
};

const sm = mockClient(SecretsManagerClient);
afterEach(() => sm.reset());

function sourceWith(fetch: typeof globalThis.fetch) {
  const requests: Request[] = [];
  const recordingFetch: typeof globalThis.fetch = async (input, init) => {
    requests.push(new Request(input, init));
    return fetch(input, init);
  };
  const source = new SecretBackedLinkSource({
    clusters: [CLUSTER],
    credentials: new SecretsManagerCredentials({ client: new SecretsManagerClient({ region: 'eu-west-1' }) }),
    client: new ConfluentLinksClient({ fetch: recordingFetch, options: { maxAttempts: 1 } }),
  });
  return { source, requests };
}

describe('SecretBackedLinkSource', () => {
  it('sends the credentials from the cluster secret to the cluster endpoint', async () => {
    // Prepare
    sm.on(GetSecretValueCommand, { SecretId: CLUSTER.secretId }).resolves({
      SecretString: JSON.stringify({ api_key: 'KEY1', api_secret: 'SECRET1' }),
    });
    const { source, requests } = sourceWith(async () => new Response('{}', { status: 401 }));

    // Act
    await source
      .listLinks({ clusterId: CLUSTER.clusterId, deadline: Date.now() + 10_000 })
      .catch(() => undefined);

    // Assess
    expect(requests).toHaveLength(1);
    expect(requests[0]?.url).toBe(`${CLUSTER.restEndpoint}/kafka/v3/clusters/${CLUSTER.clusterId}/links`);
    expect(requests[0]?.headers.get('authorization')).toBe(
      `Basic ${Buffer.from('KEY1:SECRET1').toString('base64')}`,
    );
  });

  it('reads the secret again after the cluster rejected the credentials', async () => {
    // Prepare
    sm.on(GetSecretValueCommand).resolves({ SecretString: JSON.stringify({ token: 'old' }) });
    const { source } = sourceWith(async () => new Response('{}', { status: 401 }));

    // Act
    for (let i = 0; i < 2; i++) {
      await source
        .listLinks({ clusterId: CLUSTER.clusterId, deadline: Date.now() + 10_000 })
        .catch(() => undefined);
    }

    // Assess
    expect(sm.commandCalls(GetSecretValueCommand)).toHaveLength(2);
  });

  it('keeps the cached secret after other failures', async () => {
    // Prepare
    sm.on(GetSecretValueCommand).resolves({ SecretString: JSON.stringify({ token: 't' }) });
    const { source } = sourceWith(async () => new Response('{}', { status: 500 }));

    // Act
    for (let i = 0; i < 2; i++) {
      await source
        .listLinks({ clusterId: CLUSTER.clusterId, deadline: Date.now() + 10_000 })
        .catch(() => undefined);
    }

    // Assess
    expect(sm.commandCalls(GetSecretValueCommand)).toHaveLength(1);
  });

  it('fails only this cluster, without a request, when its secret cannot be read', async () => {
    // Prepare
    sm.on(GetSecretValueCommand).rejects(
      Object.assign(new Error('nope'), { name: 'ResourceNotFoundException' }),
    );
    const { source, requests } = sourceWith(async () => new Response('{}', { status: 200 }));

    // Act
    const promise = source.listLinks({ clusterId: CLUSTER.clusterId, deadline: Date.now() + 10_000 });

    // Assess
    await expect(promise).rejects.toThrow(CredentialsError);
    await expect(promise).rejects.toThrow(
      'credentials monitor/prod-eu: Secrets Manager has no such secret in this region (ResourceNotFoundException)',
    );
    expect(requests).toHaveLength(0);
  });
});
