import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { CachedSecretReader } from '../../../../adapters/secrets/cached-secret-reader.js';
import { CredentialsError } from '../../../../adapters/secrets/credentials-error.js';
import {
  MalformedSecretError,
  SecretAccessDeniedError,
  SecretNotFoundError,
  SecretReadError,
  SecretsManagerUnreachableError,
} from '../../../../adapters/secrets/secret-errors.js';

const SECRET_ID = 'cluster-link-monitor/some-secret';
const VALUE = 'v4lue-that-must-not-leak';

const sm = mockClient(SecretsManagerClient);
afterEach(() => sm.reset());

function reader(options: { maxAgeMs?: number; now?: () => number; parse?: (text: string) => string } = {}) {
  return new CachedSecretReader<string>({
    client: new SecretsManagerClient({ region: 'eu-west-1' }),
    parse: options.parse ?? ((text) => text.toUpperCase()),
    ...(options.maxAgeMs === undefined ? {} : { maxAgeMs: options.maxAgeMs }),
    ...(options.now === undefined ? {} : { now: options.now }),
  });
}

/** An error shaped as the SDK throws for a service answer. */
function awsError(name: string, httpStatusCode: number): Error {
  return Object.assign(new Error(`${name}: details quoting ${SECRET_ID}`), {
    name,
    $metadata: { httpStatusCode },
  });
}

describe('Class: CachedSecretReader', () => {
  it('parses the secret and shares one request among concurrent and later callers', async () => {
    // Prepare
    sm.on(GetSecretValueCommand, { SecretId: SECRET_ID }).resolves({ SecretString: 'abc' });
    const secrets = reader();

    // Act
    const [first, second] = await Promise.all([secrets.get(SECRET_ID), secrets.get(SECRET_ID)]);
    const third = await secrets.get(SECRET_ID);

    // Assess
    expect([first, second, third]).toEqual(['ABC', 'ABC', 'ABC']);
    expect(sm.commandCalls(GetSecretValueCommand)).toHaveLength(1);
  });

  it('reads again once the value is as old as the maximum age', async () => {
    // Prepare
    let now = 1_000;
    sm.on(GetSecretValueCommand).resolvesOnce({ SecretString: 'old' }).resolves({ SecretString: 'new' });
    const secrets = reader({ maxAgeMs: 500, now: () => now });

    // Act
    const first = await secrets.get(SECRET_ID);
    now = 1_499;
    const fresh = await secrets.get(SECRET_ID);
    now = 1_500;
    const aged = await secrets.get(SECRET_ID);

    // Assess
    expect([first, fresh, aged]).toEqual(['OLD', 'OLD', 'NEW']);
  });

  it('reads again after invalidate, and keeps other secrets cached', async () => {
    // Prepare
    sm.on(GetSecretValueCommand).resolves({ SecretString: 'x' });
    const secrets = reader();
    await secrets.get(SECRET_ID);
    await secrets.get('other');

    // Act
    secrets.invalidate(SECRET_ID);
    await secrets.get(SECRET_ID);
    await secrets.get('other');

    // Assess
    expect(sm.commandCalls(GetSecretValueCommand).map((call) => call.args[0].input.SecretId)).toEqual([
      SECRET_ID,
      'other',
      SECRET_ID,
    ]);
  });

  it('does not cache a failure: the next call asks again', async () => {
    // Prepare
    sm.on(GetSecretValueCommand)
      .rejectsOnce(awsError('InternalServiceError', 500))
      .resolves({ SecretString: 'ok' });
    const secrets = reader();

    // Act
    const failure = await secrets.get(SECRET_ID).catch((error: unknown) => error);
    const retry = await secrets.get(SECRET_ID);

    // Assess
    expect(failure).toBeInstanceOf(SecretsManagerUnreachableError);
    expect(retry).toBe('OK');
  });

  it.each([
    ['ResourceNotFoundException', 400, SecretNotFoundError, true],
    ['AccessDeniedException', 400, SecretAccessDeniedError, true],
    ['DecryptionFailure', 400, SecretAccessDeniedError, true],
    ['ExpiredTokenException', 400, SecretAccessDeniedError, true],
    ['ThrottlingException', 400, SecretsManagerUnreachableError, false],
    ['InternalServiceError', 500, SecretsManagerUnreachableError, false],
    ['InvalidRequestException', 400, SecretReadError, true],
  ])('names %s (HTTP %i) as %O', async (name, status, expected, lasting) => {
    // Prepare
    sm.on(GetSecretValueCommand).rejects(awsError(name, status));

    // Act
    const failure = await reader()
      .get(SECRET_ID)
      .catch((error: unknown) => error);

    // Assess
    expect(failure).toBeInstanceOf(expected);
    expect(failure).toBeInstanceOf(CredentialsError);
    expect(failure).toMatchObject({ source: SECRET_ID, awsErrorName: name, lasting });
    expect((failure as Error).message).toContain(`credentials ${SECRET_ID}: `);
    expect((failure as Error).message).toContain(name);
    // The AWS message is left out: only the name and the secret id are ours to vouch for.
    expect((failure as Error).message).not.toContain('details quoting');
  });

  it('says Secrets Manager could not be reached when the network fails, naming the socket code', async () => {
    // Prepare: the SDK's HTTP handler rejects with Node's socket error.
    const refused = Object.assign(new Error('connect ECONNREFUSED 10.0.0.1:443'), { code: 'ECONNREFUSED' });
    sm.on(GetSecretValueCommand).rejects(refused);

    // Act
    const failure = await reader()
      .get(SECRET_ID)
      .catch((error: unknown) => error);

    // Assess
    expect(failure).toBeInstanceOf(SecretsManagerUnreachableError);
    expect((failure as Error).message).toBe(
      `credentials ${SECRET_ID}: Secrets Manager could not be reached (ECONNREFUSED)`,
    );
  });

  it('says Secrets Manager could not be reached when no AWS region is configured', async () => {
    // Prepare: the SDK's own words, thrown before any request is sent.
    sm.on(GetSecretValueCommand).rejects(new Error('Region is missing'));

    // Act
    const failure = await reader()
      .get(SECRET_ID)
      .catch((error: unknown) => error);

    // Assess
    expect(failure).toBeInstanceOf(SecretsManagerUnreachableError);
    expect((failure as Error).message).toContain('no AWS region configured');
  });

  it('refuses a binary secret as malformed', async () => {
    // Prepare
    sm.on(GetSecretValueCommand).resolves({ SecretBinary: new Uint8Array([1, 2, 3]) });

    // Act
    const failure = await reader()
      .get(SECRET_ID)
      .catch((error: unknown) => error);

    // Assess
    expect(failure).toBeInstanceOf(MalformedSecretError);
    expect((failure as Error).message).toContain('binary secrets are not supported');
  });

  it("turns any other parser error into a MalformedSecretError that keeps only the error's name", async () => {
    // Prepare
    sm.on(GetSecretValueCommand).resolves({ SecretString: VALUE });
    const secrets = reader({
      parse: (text) => {
        JSON.parse(text);
        return text;
      },
    });

    // Act
    const failure = await secrets.get(SECRET_ID).catch((error: unknown) => error);

    // Assess
    expect(failure).toBeInstanceOf(MalformedSecretError);
    expect((failure as Error).message).toBe(`credentials ${SECRET_ID}: secret is malformed (SyntaxError)`);
    expect(JSON.stringify(failure)).not.toContain(VALUE);
    expect((failure as Error).cause).toBeUndefined();
    expect(failure).toMatchObject({ lasting: true, awsErrorName: null });
  });
});
