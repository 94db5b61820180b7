import { describe, expect, it } from 'vitest';
import { InvalidLinksResponseError } from '../../../../adapters/confluent/confluent-errors.js';
import { readJsonBody } from '../../../../adapters/confluent/read-json-body.js';

const CONTEXT = { clusterId: 'lkc-1', path: '/kafka/v3/clusters/lkc-1/links' };

async function problemOf(response: Response, maxBytes = 64): Promise<string> {
  const error = await readJsonBody(response, maxBytes, CONTEXT).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(InvalidLinksResponseError);
  return (error as InvalidLinksResponseError).problem;
}

describe('Function: readJsonBody', () => {
  it('decodes a JSON body within the cap', async () => {
    const response = new Response('{"data":[]}', { headers: { 'content-type': 'application/json' } });

    expect(await readJsonBody(response, 64, CONTEXT)).toEqual({ data: [] });
  });

  it('refuses a body declared larger than the cap without reading it', async () => {
    // Prepare
    let pulled = false;
    const body = new ReadableStream<Uint8Array>({
      pull: () => {
        pulled = true;
      },
    });
    const response = new Response(body, { headers: { 'content-length': '65' } });

    // Act
    const problem = await problemOf(response);

    // Assess
    expect(problem).toBe('body exceeds 64 bytes (maxBodyBytes)');
    expect(pulled).toBe(false);
  });

  it('refuses a body that grows past the cap though it declared no length', async () => {
    expect(await problemOf(new Response(`"${'x'.repeat(100)}"`))).toBe(
      'body exceeds 64 bytes (maxBodyBytes)',
    );
  });

  it('refuses a body that is not UTF-8, and one that is not JSON', async () => {
    expect(await problemOf(new Response(new Uint8Array([0x7b, 0xff, 0x7d])))).toBe('body is not valid UTF-8');
    expect(
      await problemOf(new Response('<html></html>', { headers: { 'content-type': 'text/html' } })),
    ).toContain('HTML where JSON was expected');
  });
});
