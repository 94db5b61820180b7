/**
 * Cluster credentials from environment variables, for local runs where a
 * config names `credentials.env` instead of a secret.
 */

import type { CredentialsSource } from '../config/monitor-config.js';
import type { ConfluentCredentials } from '../confluent/credentials.js';
import { CredentialsError } from './credentials-error.js';

function read(env: NodeJS.ProcessEnv, name: string): string {
  const value = env[name];
  if (value === undefined) {
    throw new CredentialsError(`env:${name}`, `environment variable ${name} is not set`);
  }
  // Set but empty is its own mistake (an `export VAR=` with nothing after it, a blank line in an .env file).
  if (value.trim() === '') {
    throw new CredentialsError(`env:${name}`, `environment variable ${name} is set but empty`);
  }
  return value.trim();
}

/**
 * Reads the credentials an `env-*` source names.
 * @throws CredentialsError naming the missing variable
 */
export function credentialsFromEnv(
  source: Exclude<CredentialsSource, { kind: 'secret' }>,
  env: NodeJS.ProcessEnv = process.env,
): ConfluentCredentials {
  if (source.kind === 'env-bearer')
    return Object.freeze({ kind: 'bearer', token: read(env, source.tokenVar) });
  return Object.freeze({
    kind: 'basic',
    apiKey: read(env, source.apiKeyVar),
    apiSecret: read(env, source.apiSecretVar),
  });
}
