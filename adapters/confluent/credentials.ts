/**
 * How the monitor authenticates to a Confluent Kafka REST endpoint. Values are
 * handed in by the caller (read from Secrets Manager elsewhere); this module
 * never reads the environment or the disk.
 */

/** A cluster API key and secret (spec: `resource-api-key`, HTTP Basic) or an OAuth access token (`external-access-token`). */
export type ConfluentCredentials =
  | { readonly kind: 'basic'; readonly apiKey: string; readonly apiSecret: string }
  | { readonly kind: 'bearer'; readonly token: string };

/** The `Authorization` header value for these credentials. */
export function authorizationHeader(credentials: ConfluentCredentials): string {
  if (credentials.kind === 'basic') {
    const pair = `${credentials.apiKey}:${credentials.apiSecret}`;
    return `Basic ${Buffer.from(pair, 'utf8').toString('base64')}`;
  }
  return `Bearer ${credentials.token}`;
}

/**
 * Every string that would reveal the credentials if it appeared in a message:
 * the raw values and the encoded header. Used to scrub text that came from the
 * server before it goes into an error.
 */
export function secretStrings(credentials: ConfluentCredentials): readonly string[] {
  const header = authorizationHeader(credentials);
  const raw =
    credentials.kind === 'basic' ? [credentials.apiKey, credentials.apiSecret] : [credentials.token];
  return [header, header.slice(header.indexOf(' ') + 1), ...raw].filter((s) => s.length > 0);
}

/** Replaces every occurrence of a secret in `text`, longest first so that no fragment survives. */
export function scrubSecrets(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of [...secrets].sort((a, b) => b.length - a.length)) {
    out = out.split(secret).join('[redacted]');
  }
  return out;
}
