/**
 * Cluster credentials read from AWS Secrets Manager through the project's one
 * secret cache, parsed as `{"api_key","api_secret"}` or `{"token"}`, or as one
 * entry of a secret shared by several clusters (`{"KEY": {...}, ...}`). A shared
 * secret is fetched and parsed once for all of its clusters.
 */
import type { ConfluentCredentials } from '../confluent/credentials.js';
import { CachedSecretReader, type CachedSecretReaderProps } from './cached-secret-reader.js';
import { credentialsFromSecretObject, parseSecretObject } from './parse-credentials-secret.js';

type SecretObject = Readonly<Record<string, unknown>>;

export type SecretsManagerCredentialsProps = Omit<CachedSecretReaderProps<SecretObject>, 'parse'>;

export class SecretsManagerCredentials {
  readonly #secrets: CachedSecretReader<SecretObject>;

  constructor(props: SecretsManagerCredentialsProps) {
    this.#secrets = new CachedSecretReader({ ...props, parse: parseSecretObject });
  }

  /**
   * The credentials in secret `secretId`, or in its entry `key` when the secret is shared.
   * @throws the cached reader's SecretReadErrors, or MalformedSecretError naming the secret (and key)
   */
  async get(secretId: string, key?: string): Promise<ConfluentCredentials> {
    return credentialsFromSecretObject(await this.#secrets.get(secretId), secretId, key);
  }

  /** Forgets a secret, e.g. after the cluster refused its key: the next `get` reads it again. */
  invalidate(secretId: string): void {
    this.#secrets.invalidate(secretId);
  }
}
