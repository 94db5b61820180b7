import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { ConfluentLinksClient } from '../../../../adapters/confluent/confluent-links-client.js';

const SECRET = 'sEcReT/value+xyz';

describe('Class: ConfluentLinksClient (network error text)', () => {
  it('scrubs a secret before cutting the error text, so no fragment of it survives, and keeps no raw cause', async () => {
    // Prepare: the secret straddles the 300th character of the error text.
    const prefix = 'fetch failed <- ECONNRESET: ';
    const cause = Object.assign(new Error(`${'x'.repeat(296 - prefix.length)}${SECRET} tail`), {
      code: 'ECONNRESET',
    });
    const client = new ConfluentLinksClient({
      clusters: [
        {
          clusterId: 'lkc-1',
          restEndpoint: 'https://rest.example.com',
          credentials: { kind: 'basic', apiKey: 'KEY123', apiSecret: SECRET },
        },
      ],
      options: { maxAttempts: 1 },
      fetch: async () => {
        throw new TypeError('fetch failed', { cause });
      },
    });

    // Act
    const error = await client.listLinks({ clusterId: 'lkc-1', deadline: Date.now() + 10_000 }).then(
      () => null,
      (e: unknown) => e as Error,
    );

    // Assess
    expect(error).not.toBeNull();
    const shown = `${error?.message}\n${inspect(error, { depth: 10 })}\n${JSON.stringify(error)}`;
    expect(shown).not.toContain('sEcReT');
    expect(error?.cause).toBeUndefined();
  });
});
