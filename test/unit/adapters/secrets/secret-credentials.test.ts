import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { CredentialsError } from '../../../../adapters/secrets/credentials-error.js';
import { credentialsFromEnv } from '../../../../adapters/secrets/env-credentials.js';
import { parseCredentialsSecret } from '../../../../adapters/secrets/parse-credentials-secret.js';
import { resolveCredentials } from '../../../../adapters/secrets/resolve-credentials.js';
import { SecretsManagerCredentials } from '../../../../adapters/secrets/secrets-manager-credentials.js';

const SECRET_ID = 'cluster-link-monitor/prod-eu';
const API_SECRET = 'Zm9vYmFyLXNlY3JldC12YWx1ZQ';

describe('parseCredentialsSecret', () => {
  it("reads one cluster's entry of a shared secret", () => {
    // Act
    const credentials = parseCredentialsSecret(
      JSON.stringify({ 'prod-eu': { api_key: 'KEY1', api_secret: API_SECRET }, 'prod-us': { token: 't' } }),
      'monitor/all',
      'prod-eu',
    );

    // Assess
    expect(credentials).toEqual({ kind: 'basic', apiKey: 'KEY1', apiSecret: API_SECRET });
  });

  it.each([
    [
      { other: { token: 't' } },
      'credentials monitor/all key prod-eu: the shared secret has no entry for this key',
    ],
    [{ 'prod-eu': API_SECRET }, 'credentials monitor/all key prod-eu: the entry is not a JSON object'],
    [
      { 'prod-eu': { api_key: 'KEY1' } },
      'credentials monitor/all key prod-eu: secret needs "api_key" and "api_secret"',
    ],
  ])('names the secret and key of an unusable shared entry, never its value: %j', (secret, message) => {
    // Act
    const act = () => parseCredentialsSecret(JSON.stringify(secret), 'monitor/all', 'prod-eu');

    // Assess
    expect(act).toThrow(CredentialsError);
    expect(act).toThrow(message);
    expect(() => act()).not.toThrow(API_SECRET);
  });

  it('does not take an inherited property for a key', () => {
    // Act
    const act = () => parseCredentialsSecret('{}', 'monitor/all', 'constructor');

    // Assess
    expect(act).toThrow('the shared secret has no entry for this key');
  });

  it('reads an API key and secret as basic credentials', () => {
    // Act
    const credentials = parseCredentialsSecret(
      JSON.stringify({ api_key: 'KEY1', api_secret: API_SECRET }),
      SECRET_ID,
    );

    // Assess
    expect(credentials).toEqual({ kind: 'basic', apiKey: 'KEY1', apiSecret: API_SECRET });
  });

  it('reads a token as bearer credentials and ignores unrelated keys', () => {
    // Act
    const credentials = parseCredentialsSecret(
      JSON.stringify({ token: 'tok', owner: 'platform' }),
      SECRET_ID,
    );

    // Assess
    expect(credentials).toEqual({ kind: 'bearer', token: 'tok' });
  });

  it.each([
    ['not JSON', `api_key=KEY1 api_secret=${API_SECRET}`, 'secret is not JSON'],
    ['a JSON string', JSON.stringify(API_SECRET), 'secret is not a JSON object'],
    ['a missing api_secret', JSON.stringify({ api_key: 'KEY1' }), 'secret needs "api_key" and "api_secret"'],
    [
      'an empty api_secret',
      JSON.stringify({ api_key: 'KEY1', api_secret: ' ' }),
      '"api_secret" must be a non-empty string',
    ],
    [
      'a numeric api_key',
      JSON.stringify({ api_key: 5, api_secret: API_SECRET }),
      '"api_key" must be a non-empty string',
    ],
    [
      'both kinds',
      JSON.stringify({ token: 't', api_key: 'KEY1', api_secret: API_SECRET }),
      'has both "token"',
    ],
    ['an empty token', JSON.stringify({ token: '' }), '"token" must be a non-empty string'],
  ])('refuses %s, naming the secret but never its value', (_name, value, problem) => {
    // Act
    const act = () => parseCredentialsSecret(value, SECRET_ID);

    // Assess
    expect(act).toThrow(CredentialsError);
    expect(act).toThrow(`credentials ${SECRET_ID}: `);
    expect(act).toThrow(problem);
    try {
      act();
    } catch (error) {
      expect((error as Error).message).not.toContain(API_SECRET);
      expect((error as Error).cause).toBeUndefined();
    }
  });
});

const sm = mockClient(SecretsManagerClient);
afterEach(() => sm.reset());

describe('SecretsManagerCredentials', () => {
  it('fetches a secret once and serves later calls from the cache', async () => {
    // Prepare
    sm.on(GetSecretValueCommand, { SecretId: SECRET_ID }).resolves({
      SecretString: JSON.stringify({ api_key: 'KEY1', api_secret: API_SECRET }),
    });
    const credentials = new SecretsManagerCredentials({
      client: new SecretsManagerClient({ region: 'eu-west-1' }),
    });

    // Act
    const [first, second] = await Promise.all([credentials.get(SECRET_ID), credentials.get(SECRET_ID)]);
    const third = await credentials.get(SECRET_ID);

    // Assess
    expect(first).toEqual({ kind: 'basic', apiKey: 'KEY1', apiSecret: API_SECRET });
    expect(second).toEqual(first);
    expect(third).toEqual(first);
    expect(sm.commandCalls(GetSecretValueCommand)).toHaveLength(1);
  });

  it('fetches a secret shared by several clusters once for all of them', async () => {
    // Prepare
    sm.on(GetSecretValueCommand, { SecretId: 'monitor/all' }).resolves({
      SecretString: JSON.stringify({
        'prod-eu': { api_key: 'KEY1', api_secret: API_SECRET },
        'prod-us': { token: 'tok' },
      }),
    });
    const credentials = new SecretsManagerCredentials({
      client: new SecretsManagerClient({ region: 'eu-west-1' }),
    });

    // Act
    const [eu, us] = await Promise.all([
      credentials.get('monitor/all', 'prod-eu'),
      credentials.get('monitor/all', 'prod-us'),
    ]);
    const missing = await credentials.get('monitor/all', 'prod-ap').catch((error: unknown) => error);

    // Assess
    expect(eu).toEqual({ kind: 'basic', apiKey: 'KEY1', apiSecret: API_SECRET });
    expect(us).toEqual({ kind: 'bearer', token: 'tok' });
    expect(missing).toBeInstanceOf(CredentialsError);
    expect(String(missing)).toContain('monitor/all key prod-ap: the shared secret has no entry for this key');
    expect(sm.commandCalls(GetSecretValueCommand)).toHaveLength(1);
  });

  it('fetches again once the maximum age has passed', async () => {
    // Prepare
    let now = 0;
    sm.on(GetSecretValueCommand).resolves({ SecretString: JSON.stringify({ token: 't' }) });
    const credentials = new SecretsManagerCredentials({
      client: new SecretsManagerClient({ region: 'eu-west-1' }),
      maxAgeMs: 1000,
      now: () => now,
    });

    // Act
    await credentials.get(SECRET_ID);
    now = 999;
    await credentials.get(SECRET_ID);
    now = 1000;
    await credentials.get(SECRET_ID);

    // Assess
    expect(sm.commandCalls(GetSecretValueCommand)).toHaveLength(2);
  });

  it('fetches again after invalidate', async () => {
    // Prepare
    sm.on(GetSecretValueCommand).resolves({ SecretString: JSON.stringify({ token: 't' }) });
    const credentials = new SecretsManagerCredentials({
      client: new SecretsManagerClient({ region: 'eu-west-1' }),
    });
    await credentials.get(SECRET_ID);

    // Act
    credentials.invalidate(SECRET_ID);
    await credentials.get(SECRET_ID);

    // Assess
    expect(sm.commandCalls(GetSecretValueCommand)).toHaveLength(2);
  });

  it('names the secret and the AWS error when Secrets Manager refuses, and does not cache the failure', async () => {
    // Prepare
    const denied = Object.assign(new Error('User is not authorized'), { name: 'AccessDeniedException' });
    sm.on(GetSecretValueCommand)
      .rejectsOnce(denied)
      .resolves({ SecretString: JSON.stringify({ token: 't' }) });
    const credentials = new SecretsManagerCredentials({
      client: new SecretsManagerClient({ region: 'eu-west-1' }),
    });

    // Act
    const failure = await credentials.get(SECRET_ID).catch((error: unknown) => error);
    const retry = await credentials.get(SECRET_ID);

    // Assess
    expect(failure).toBeInstanceOf(CredentialsError);
    expect((failure as CredentialsError).message).toBe(
      `credentials ${SECRET_ID}: Secrets Manager refused to give the secret (AccessDeniedException); check the permissions`,
    );
    expect((failure as CredentialsError).awsErrorName).toBe('AccessDeniedException');
    expect(retry).toEqual({ kind: 'bearer', token: 't' });
  });

  it('refuses a binary secret', async () => {
    // Prepare
    sm.on(GetSecretValueCommand).resolves({ SecretBinary: new Uint8Array([1, 2, 3]) });
    const credentials = new SecretsManagerCredentials({
      client: new SecretsManagerClient({ region: 'eu-west-1' }),
    });

    // Act
    const promise = credentials.get(SECRET_ID);

    // Assess
    await expect(promise).rejects.toThrow(`credentials ${SECRET_ID}: secret has no string value`);
  });
});

describe('credentialsFromEnv', () => {
  it('reads an API key and secret from the named variables', () => {
    // Act
    const credentials = credentialsFromEnv(
      { kind: 'env-basic', apiKeyVar: 'K', apiSecretVar: 'S' },
      { K: 'KEY1', S: API_SECRET },
    );

    // Assess
    expect(credentials).toEqual({ kind: 'basic', apiKey: 'KEY1', apiSecret: API_SECRET });
  });

  it('reads a token', () => {
    // Act
    const credentials = credentialsFromEnv({ kind: 'env-bearer', tokenVar: 'T' }, { T: 'tok' });

    // Assess
    expect(credentials).toEqual({ kind: 'bearer', token: 'tok' });
  });

  it('names a missing variable', () => {
    // Act
    const act = () =>
      credentialsFromEnv({ kind: 'env-basic', apiKeyVar: 'K', apiSecretVar: 'S' }, { K: 'KEY1' });

    // Assess
    expect(act).toThrow('credentials env:S: environment variable S is not set');
  });

  it('tells a variable that is set but empty from one that is not set', () => {
    // Act
    const act = () =>
      credentialsFromEnv({ kind: 'env-basic', apiKeyVar: 'K', apiSecretVar: 'S' }, { K: 'KEY1', S: '  ' });

    // Assess
    expect(act).toThrow('credentials env:S: environment variable S is set but empty');
  });
});

describe('resolveCredentials', () => {
  it('reads a secret source from Secrets Manager', async () => {
    // Prepare
    sm.on(GetSecretValueCommand).resolves({ SecretString: JSON.stringify({ token: 't' }) });
    const secrets = new SecretsManagerCredentials({
      client: new SecretsManagerClient({ region: 'eu-west-1' }),
    });

    // Act
    const credentials = await resolveCredentials({ kind: 'secret', secretId: SECRET_ID }, { secrets });

    // Assess
    expect(credentials).toEqual({ kind: 'bearer', token: 't' });
  });

  it('reads an env source from the environment', async () => {
    // Act
    const credentials = await resolveCredentials(
      { kind: 'env-bearer', tokenVar: 'T' },
      { env: { T: 'tok' } },
    );

    // Assess
    expect(credentials).toEqual({ kind: 'bearer', token: 'tok' });
  });

  it('refuses a secret source without a Secrets Manager client', async () => {
    // Act
    const promise = resolveCredentials({ kind: 'secret', secretId: SECRET_ID }, {});

    // Assess
    await expect(promise).rejects.toThrow(CredentialsError);
  });
});
