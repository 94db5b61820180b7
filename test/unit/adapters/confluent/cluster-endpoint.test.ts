import { describe, expect, it } from 'vitest';
import { resolveCluster } from '../../../../adapters/confluent/cluster-endpoint.js';
import { ConfluentConfigError } from '../../../../adapters/confluent/confluent-errors.js';
import {
  authorizationHeader,
  scrubSecrets,
  secretStrings,
} from '../../../../adapters/confluent/credentials.js';

const basic = { kind: 'basic', apiKey: 'ABCDKEY123', apiSecret: 'sEcReT/value+xyz' } as const;

function configError(action: () => unknown): ConfluentConfigError {
  try {
    action();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfluentConfigError);
    return error as ConfluentConfigError;
  }
  throw new Error('expected ConfluentConfigError');
}

describe('Function: resolveCluster', () => {
  it('builds the links URL on the endpoint, keeping a path prefix and encoding the cluster id', () => {
    const cluster = resolveCluster({
      clusterId: 'lkc 1',
      restEndpoint: 'https://rest.example.com:8443/proxy/',
      credentials: basic,
    });

    expect(cluster.linksUrl.href).toBe('https://rest.example.com:8443/proxy/kafka/v3/clusters/lkc%201/links');
    expect(cluster.origin).toBe('https://rest.example.com:8443');
  });

  it.each(['.', '..'])(
    'refuses the cluster id %s, which the request path would resolve away',
    (clusterId) => {
      const error = configError(() =>
        resolveCluster({ clusterId, restEndpoint: 'https://rest.example.com', credentials: basic }),
      );
      expect(error.message).toContain('must not be');
    },
  );

  it.each(['http://127.0.0.1:8082', 'http://localhost:8082', 'http://[::1]:8082'])(
    'accepts plain http on loopback: %s',
    (endpoint) => {
      expect(resolveCluster({ clusterId: 'lkc-1', restEndpoint: endpoint, credentials: basic }).origin).toBe(
        endpoint,
      );
    },
  );

  it('refuses http:// on a non-loopback host, saying only https is allowed', () => {
    const error = configError(() =>
      resolveCluster({
        clusterId: 'lkc-1',
        restEndpoint: 'http://pkc-00000.example.confluent.cloud',
        credentials: basic,
      }),
    );

    expect(error.kind).toBe('config');
    expect(error.message).toContain('restEndpoint of cluster lkc-1 uses http://');
    expect(error.message).toContain('only https is allowed');
  });

  it.each([
    ['not a url', 'is not a valid absolute URL'],
    ['ftp://files.example.com', 'must be an https:// URL'],
    ['https://rest.example.com/?x=1', 'must not have a query or fragment'],
  ])('refuses the endpoint %j', (endpoint, expected) => {
    expect(
      configError(() => resolveCluster({ clusterId: 'lkc-1', restEndpoint: endpoint, credentials: basic }))
        .message,
    ).toContain(expected);
  });

  it('refuses credentials embedded in the endpoint without echoing them', () => {
    const error = configError(() =>
      resolveCluster({
        clusterId: 'lkc-1',
        restEndpoint: 'https://ABCDKEY123:hunter22@rest.example.com',
        credentials: basic,
      }),
    );

    expect(error.message).toContain('must not contain credentials');
    expect(error.message).not.toContain('hunter22');
  });

  it.each([
    [{ kind: 'basic', apiKey: '', apiSecret: 'x' }, 'credentials.apiKey'],
    [{ kind: 'basic', apiKey: 'KEY', apiSecret: 'line\nbreak-secret' }, 'credentials.apiSecret'],
    [{ kind: 'bearer', token: 'tok en-secret' }, 'credentials.token'],
    [{ kind: 'mtls' }, 'credentials'],
  ])('refuses unusable credentials, naming the field but not the value: %j', (credentials, field) => {
    const error = configError(() =>
      resolveCluster({
        clusterId: 'lkc-1',
        restEndpoint: 'https://rest.example.com',
        credentials: credentials as never,
      }),
    );

    expect(error.message).toContain(field);
    expect(error.message).not.toContain('secret');
  });

  it('refuses an empty cluster id', () => {
    expect(
      configError(() =>
        resolveCluster({ clusterId: ' ', restEndpoint: 'https://x.example.com', credentials: basic }),
      ).message,
    ).toContain('clusterId');
  });
});

describe('Function: authorizationHeader', () => {
  it('encodes an API key and secret as HTTP Basic', () => {
    expect(authorizationHeader(basic)).toBe(
      `Basic ${Buffer.from('ABCDKEY123:sEcReT/value+xyz').toString('base64')}`,
    );
  });

  it('sends a token as Bearer', () => {
    expect(authorizationHeader({ kind: 'bearer', token: 'eyJhbGciOi.x.y' })).toBe('Bearer eyJhbGciOi.x.y');
  });
});

describe('Function: scrubSecrets', () => {
  it('removes the key, the secret and the encoded header from text', () => {
    const header = authorizationHeader(basic);
    const text = `key ABCDKEY123 secret sEcReT/value+xyz header ${header}`;

    const scrubbed = scrubSecrets(text, secretStrings(basic));

    expect(scrubbed).not.toContain('ABCDKEY123');
    expect(scrubbed).not.toContain('sEcReT/value+xyz');
    expect(scrubbed).not.toContain(header.slice(6));
    expect(scrubbed).toContain('[redacted]');
  });
});
