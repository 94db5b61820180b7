/** One entry point for "the credentials of this cluster", wherever the config says they live. */

import type { CredentialsSource } from '../config/monitor-config.js';
import type { ConfluentCredentials } from '../confluent/credentials.js';
import { CredentialsError } from './credentials-error.js';
import { credentialsFromEnv } from './env-credentials.js';
import type { SecretsManagerCredentials } from './secrets-manager-credentials.js';

export interface ResolveCredentialsDeps {
  /** Needed only when a source is a secret. */
  readonly secrets?: SecretsManagerCredentials;
  readonly env?: NodeJS.ProcessEnv;
}

/**
 * The credentials `source` points at.
 * @throws CredentialsError naming the secret or variable that could not be used
 */
export async function resolveCredentials(
  source: CredentialsSource,
  deps: ResolveCredentialsDeps,
): Promise<ConfluentCredentials> {
  if (source.kind !== 'secret') return credentialsFromEnv(source, deps.env);
  if (deps.secrets === undefined) {
    throw new CredentialsError(
      source.secretId,
      'no Secrets Manager client is configured for secret credentials',
    );
  }
  return deps.secrets.get(source.secretId, source.secretKey);
}
