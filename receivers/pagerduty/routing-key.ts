/**
 * The Events API v2 routing (integration) key, read from Secrets Manager through
 * the one cached secret reader: once per cold start, validated, never logged or
 * put into an error.
 */
import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { CachedSecretReader } from '../../adapters/secrets/cached-secret-reader.js';
import { MalformedSecretError } from '../../adapters/secrets/secret-errors.js';

/** Integration keys are 32 characters; global ruleset keys start with R. Only the shape is checked. */
const ROUTING_KEY = /^[A-Za-z0-9+_-]{20,64}$/;

/**
 * The secret holds the key as a plain string or as JSON `{"routing_key": "..."}`.
 * @throws MalformedSecretError naming the secret id, never its content.
 */
export function parseRoutingKeySecret(secretValue: string, secretId: string): string {
  let candidate: unknown = secretValue.trim();
  if (typeof candidate === 'string' && candidate.startsWith('{')) {
    try {
      candidate = (JSON.parse(candidate) as { routing_key?: unknown }).routing_key;
    } catch {
      throw new MalformedSecretError(secretId, 'looks like JSON but does not parse');
    }
  }
  if (typeof candidate !== 'string' || !ROUTING_KEY.test(candidate.trim())) {
    throw new MalformedSecretError(
      secretId,
      'does not hold an Events API v2 routing key (a plain string or {"routing_key": "..."})',
    );
  }
  return candidate.trim();
}

/** The key of one secret, fetched on first use and then served from memory. */
export function routingKeySource(options: {
  readonly client: SecretsManagerClient;
  readonly secretId: string;
}): () => Promise<string> {
  const reader = new CachedSecretReader({ client: options.client, parse: parseRoutingKeySecret });
  return () => reader.get(options.secretId);
}
