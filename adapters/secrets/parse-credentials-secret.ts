/**
 * The JSON shape of a cluster's credentials secret:
 * `{"api_key": "...", "api_secret": "..."}` (a Confluent API key) or `{"token": "..."}` (an OAuth token).
 * Other keys are ignored, so a secret may carry notes such as the key's owner.
 */
import type { ConfluentCredentials } from '../confluent/credentials.js';
import { MalformedSecretError } from './secret-errors.js';

function field(object: Readonly<Record<string, unknown>>, key: string): string | undefined | null {
  if (!(key in object)) return undefined;
  const value = object[key];
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : null;
}

/**
 * Reads credentials from a secret's string value; with `key`, from that entry of a secret shared by
 * several clusters (`{"KEY": {"api_key": ..., "api_secret": ...}, ...}`).
 * @throws MalformedSecretError naming `secretId` (and the key) and what is wrong with the shape, never quoting the value.
 */
export function parseCredentialsSecret(
  secretString: string,
  secretId: string,
  key?: string,
): ConfluentCredentials {
  return credentialsFromSecretObject(parseSecretObject(secretString, secretId), secretId, key);
}

/**
 * The secret's JSON object, parsed once so that a secret shared by many clusters is not parsed
 * again for each of them.
 * @throws MalformedSecretError when the value is not a JSON object
 */
export function parseSecretObject(secretString: string, secretId: string): Readonly<Record<string, unknown>> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(secretString);
  } catch {
    // JSON.parse quotes the text in its message, so the cause is dropped.
    throw new MalformedSecretError(
      secretId,
      'secret is not JSON; expected {"api_key","api_secret"} or {"token"}',
    );
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new MalformedSecretError(
      secretId,
      'secret is not a JSON object; expected {"api_key","api_secret"} or {"token"}',
    );
  }
  return parsed as Record<string, unknown>;
}

/**
 * Credentials from a parsed secret, or from its entry `key` when the secret is shared.
 * @throws MalformedSecretError naming the secret and key and what is wrong, never quoting a value
 */
export function credentialsFromSecretObject(
  secret: Readonly<Record<string, unknown>>,
  secretId: string,
  key?: string,
): ConfluentCredentials {
  if (key === undefined) return credentialsFromObject(secret, secretId);
  const source = `${secretId} key ${key}`;
  const entry = Object.hasOwn(secret, key) ? secret[key] : undefined;
  if (entry === undefined)
    throw new MalformedSecretError(source, 'the shared secret has no entry for this key');
  if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) {
    throw new MalformedSecretError(
      source,
      'the entry is not a JSON object; expected {"api_key","api_secret"} or {"token"}',
    );
  }
  return credentialsFromObject(entry as Record<string, unknown>, source);
}

function credentialsFromObject(
  object: Readonly<Record<string, unknown>>,
  secretId: string,
): ConfluentCredentials {
  const apiKey = field(object, 'api_key');
  const apiSecret = field(object, 'api_secret');
  const token = field(object, 'token');
  if (token !== undefined && (apiKey !== undefined || apiSecret !== undefined)) {
    throw new MalformedSecretError(
      secretId,
      'secret has both "token" and "api_key"/"api_secret"; keep one kind',
    );
  }
  if (token !== undefined) {
    if (token === null)
      throw new MalformedSecretError(secretId, 'secret field "token" must be a non-empty string');
    return Object.freeze({ kind: 'bearer', token });
  }
  if (apiKey === undefined || apiSecret === undefined) {
    throw new MalformedSecretError(secretId, 'secret needs "api_key" and "api_secret" (or "token")');
  }
  for (const [key, value] of [
    ['api_key', apiKey],
    ['api_secret', apiSecret],
  ] as const) {
    if (value === null)
      throw new MalformedSecretError(secretId, `secret field "${key}" must be a non-empty string`);
  }
  return Object.freeze({ kind: 'basic', apiKey: apiKey as string, apiSecret: apiSecret as string });
}
