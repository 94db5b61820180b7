/**
 * Reads an HTTP body while counting bytes, so an oversized or endless body is
 * cut off as soon as it passes the cap instead of being buffered whole.
 */

export type CappedBody =
  | { readonly kind: 'complete'; readonly bytes: Uint8Array }
  | { readonly kind: 'too-large'; readonly readBytes: number };

/**
 * @param body - a fetch `Response.body` (null for an empty body)
 * @param maxBytes - the largest body accepted
 * @returns the bytes, or `too-large` once more than `maxBytes` arrived (the stream is then cancelled)
 * @throws whatever the stream throws (connection cut, abort)
 */
export async function readCappedBody(
  body: ReadableStream<Uint8Array> | null,
  maxBytes: number,
): Promise<CappedBody> {
  if (body === null) return { kind: 'complete', bytes: new Uint8Array(0) };
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.byteLength;
      if (total > maxBytes) {
        await reader.cancel().catch(() => undefined);
        return { kind: 'too-large', readBytes: total };
      }
      chunks.push(value);
    }
  } finally {
    reader.releaseLock();
  }
  return { kind: 'complete', bytes: Buffer.concat(chunks) };
}

/** Releases a body that will not be read, so the connection can be reused or closed. */
export async function discardBody(body: ReadableStream<Uint8Array> | null): Promise<void> {
  await body?.cancel().catch(() => undefined);
}
