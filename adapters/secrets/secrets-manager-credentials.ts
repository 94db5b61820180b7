/**
 * Cluster credentials read from AWS Secrets Manager, fetched once and cached so
 * that a warm Lambda does not call Secrets Manager on every poll.
 */
import { GetSecretValueCommand, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { ConfluentCredentials } from '../confluent/credentials.js';
import { CredentialsError } from './credentials-error.js';
import { parseCredentialsSecret } from './parse-credentials-secret.js';

export interface SecretsManagerCredentialsProps {
  readonly client: SecretsManagerClient;
  /**
   * How long a fetched secret is reused. A finite age lets a long-lived
   * container pick up a rotated key. @default Infinity (once per cold start)
   */
  readonly maxAgeMs?: number;
  /** @default Date.now */
  readonly now?: () => number;
}

interface CacheEntry {
  readonly fetchedAt: number;
  readonly value: Promise<ConfluentCredentials>;
}

export class SecretsManagerCredentials {
  readonly #client: SecretsManagerClient;
  readonly #maxAgeMs: number;
  readonly #now: () => number;
  readonly #cache = new Map<string, CacheEntry>();

  constructor(props: SecretsManagerCredentialsProps) {
    this.#client = props.client;
    this.#maxAgeMs = props.maxAgeMs ?? Number.POSITIVE_INFINITY;
    this.#now = props.now ?? Date.now;
  }

  /**
   * The credentials in secret `secretId` (name or ARN). Concurrent callers share
   * one request; a failed fetch is not cached, so the next poll tries again.
   * @throws CredentialsError naming the secret and the reason (AWS error name or shape problem)
   */
  get(secretId: string): Promise<ConfluentCredentials> {
    const cached = this.#cache.get(secretId);
    if (cached !== undefined && this.#now() - cached.fetchedAt < this.#maxAgeMs) return cached.value;
    const value = this.#fetch(secretId);
    const entry = { fetchedAt: this.#now(), value };
    this.#cache.set(secretId, entry);
    value.catch(() => {
      if (this.#cache.get(secretId) === entry) this.#cache.delete(secretId);
    });
    return value;
  }

  /** Forgets a secret, e.g. after the cluster answered 401 with it. */
  invalidate(secretId: string): void {
    this.#cache.delete(secretId);
  }

  async #fetch(secretId: string): Promise<ConfluentCredentials> {
    let secretString: string | undefined;
    try {
      const response = await this.#client.send(new GetSecretValueCommand({ SecretId: secretId }));
      secretString = response.SecretString;
    } catch (error) {
      const awsErrorName = error instanceof Error ? error.name : 'UnknownError';
      throw new CredentialsError(secretId, `Secrets Manager GetSecretValue failed (${awsErrorName})`, {
        awsErrorName,
      });
    }
    if (secretString === undefined) {
      throw new CredentialsError(secretId, 'secret has no string value (binary secrets are not supported)');
    }
    return parseCredentialsSecret(secretString, secretId);
  }
}
