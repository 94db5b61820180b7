import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfluentLinksClient } from '../../../../adapters/confluent/confluent-links-client.js';
import { CredentialedLinkSource } from '../../../../adapters/poll-pipeline/credentialed-link-source.js';
import { CredentialsError } from '../../../../adapters/secrets/credentials-error.js';
import { SecretsManagerCredentials } from '../../../../adapters/secrets/secrets-manager-credentials.js';

const CLUSTER = {
  clusterId: 'lkc-abc123',
  label: 'prod-eu',
  restEndpoint: 'https://pkc-abc12.eu-west-1.aws.confluent.cloud',
  secretId: 'monitor/prod-eu',
  credentials: { kind: 'secret', secretId: 'monitor/prod-eu' },
} as const;

const ENV_CLUSTER = {
  clusterId: 'lkc-env',
  label: 'local',
  restEndpoint: 'https://pkc-env.eu-west-1.aws.confluent.cloud',
  credentials: { kind: 'env-basic', apiKeyVar: 'KEY', apiSecretVar: 'SECRET' },
} as const;

const EMPTY_LISTING = JSON.stringify({
  kind: 'KafkaLinkDataList',
  metadata: { self: 'x', next: null },
  data: [],
});

const sm = mockClient(SecretsManagerClient);
afterEach(() => sm.reset());

function sourceWith(fetch: typeof globalThis.fetch, env: NodeJS.ProcessEnv = {}) {
  const requests: Request[] = [];
  const recordingFetch: typeof globalThis.fetch = async (input, init) => {
    requests.push(new Request(input, init));
    return fetch(input, init);
  };
  const source = new CredentialedLinkSource({
    clusters: [CLUSTER, ENV_CLUSTER],
    secrets: new SecretsManagerCredentials({ client: new SecretsManagerClient({ region: 'eu-west-1' }) }),
    client: new ConfluentLinksClient({ fetch: recordingFetch, options: { maxAttempts: 1 } }),
    env,
  });
  return { source, requests };
}

describe('CredentialedLinkSource', () => {
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

  it('reads the secret again at once after a 401, and does not resend an unchanged key', async () => {
    // Prepare
    sm.on(GetSecretValueCommand).resolves({ SecretString: JSON.stringify({ token: 'old' }) });
    const { source, requests } = sourceWith(async () => new Response('{}', { status: 401 }));

    // Act
    const attempt = source.listLinks({ clusterId: CLUSTER.clusterId, deadline: Date.now() + 10_000 });

    // Assess
    await expect(attempt).rejects.toMatchObject({ kind: 'auth', status: 401 });
    expect(sm.commandCalls(GetSecretValueCommand)).toHaveLength(2);
    expect(requests).toHaveLength(1);
  });

  it('lists with a rotated key in the same listing when the secret changed since it was cached', async () => {
    // Prepare: the cached key is rejected; the secret now holds a new one, which the cluster accepts
    sm.on(GetSecretValueCommand)
      .resolvesOnce({ SecretString: JSON.stringify({ token: 'old' }) })
      .resolves({ SecretString: JSON.stringify({ token: 'new' }) });
    const { source, requests } = sourceWith(async (input, init) =>
      new Request(input, init).headers.get('authorization') === 'Bearer new'
        ? new Response(EMPTY_LISTING, { status: 200, headers: { 'content-type': 'application/json' } })
        : new Response('{}', { status: 401 }),
    );

    // Act
    const listing = await source.listLinks({ clusterId: CLUSTER.clusterId, deadline: Date.now() + 10_000 });

    // Assess
    expect(listing.links).toEqual([]);
    expect(requests.map((r) => r.headers.get('authorization'))).toEqual(['Bearer old', 'Bearer new']);
  });

  it('keeps the 401 when the secret cannot be read again, and reads it on the next listing', async () => {
    // Prepare
    sm.on(GetSecretValueCommand)
      .resolvesOnce({ SecretString: JSON.stringify({ token: 'old' }) })
      .rejectsOnce(Object.assign(new Error('throttled'), { name: 'ThrottlingException' }))
      .resolves({ SecretString: JSON.stringify({ token: 'old' }) });
    const { source } = sourceWith(async () => new Response('{}', { status: 401 }));

    // Act
    const first = source.listLinks({ clusterId: CLUSTER.clusterId, deadline: Date.now() + 10_000 });
    await expect(first).rejects.toMatchObject({ kind: 'auth' });
    await source
      .listLinks({ clusterId: CLUSTER.clusterId, deadline: Date.now() + 10_000 })
      .catch(() => undefined);

    // Assess: read, failed re-read; then the second listing read it again (nothing was cached) and re-read after its 401
    expect(sm.commandCalls(GetSecretValueCommand)).toHaveLength(4);
  });

  it('sends environment-variable credentials, without Secrets Manager', async () => {
    // Prepare
    const { source, requests } = sourceWith(async () => new Response('{}', { status: 500 }), {
      KEY: 'ENVKEY',
      SECRET: 'ENVSECRET',
    });

    // Act
    await source
      .listLinks({ clusterId: ENV_CLUSTER.clusterId, deadline: Date.now() + 10_000 })
      .catch(() => undefined);

    // Assess
    expect(requests[0]?.headers.get('authorization')).toBe(
      `Basic ${Buffer.from('ENVKEY:ENVSECRET').toString('base64')}`,
    );
    expect(sm.commandCalls(GetSecretValueCommand)).toHaveLength(0);
  });

  it('fails only this cluster, without a request, when its environment variable is not set', async () => {
    // Prepare
    const { source, requests } = sourceWith(async () => new Response('{}', { status: 200 }), { KEY: 'k' });

    // Act
    const attempt = source.listLinks({ clusterId: ENV_CLUSTER.clusterId, deadline: Date.now() + 10_000 });

    // Assess
    await expect(attempt).rejects.toThrow(CredentialsError);
    await expect(attempt).rejects.toThrow('credentials env:SECRET: environment variable SECRET is not set');
    expect(requests).toHaveLength(0);
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
