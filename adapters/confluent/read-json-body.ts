/**
 * The body of a 2xx answer as JSON, within the client's cap: a body declared or found larger is
 * refused without being buffered, one that is not UTF-8 or not JSON is refused with a plain reason.
 */
import { InvalidLinksResponseError } from './confluent-errors.js';
import { decodeJsonBody, type PageContext } from './parse-links-page.js';
import { discardBody, readCappedBody } from './read-capped-body.js';

/**
 * @param maxBytes - the largest body accepted (`maxBodyBytes`)
 * @returns the decoded JSON, for the caller to validate
 * @throws InvalidLinksResponseError
 */
export async function readJsonBody(
  response: Response,
  maxBytes: number,
  context: PageContext,
): Promise<unknown> {
  const tooLarge = (): never => {
    throw new InvalidLinksResponseError({
      ...context,
      status: response.status,
      problem: `body exceeds ${maxBytes} bytes (maxBodyBytes)`,
    });
  };
  const declared = Number(response.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > maxBytes) {
    await discardBody(response.body);
    tooLarge();
  }
  const body = await readCappedBody(response.body, maxBytes);
  if (body.kind === 'too-large') return tooLarge();
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(body.bytes);
  } catch {
    throw new InvalidLinksResponseError({
      ...context,
      status: response.status,
      problem: 'body is not valid UTF-8',
    });
  }
  return decodeJsonBody(text, response.headers.get('content-type'), context);
}
