/**
 * Reads secrets from AWS Secrets Manager through a cache, so that a warm Lambda
 * does not call Secrets Manager on every invocation, yet picks up a rotated
 * value after `maxAgeMs` or as soon as a caller says the value was refused.
 * The one secret cache of the project: cluster credentials, the Slack webhook
 * URL and the CLI all read through it.
 */
import { GetSecretValueCommand, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { MalformedSecretError, SecretReadError, secretReadErrorFor } from './secret-errors.js';

export interface CachedSecretReaderProps<T> {
  readonly client: SecretsManagerClient;
  /**
   * Turns the secret's string into what callers use. Throws a
   * {@link MalformedSecretError} describing what is wrong with the shape (never
   * quoting the value); any other error it throws is reported by name only.
   */
  readonly parse: (secretString: string, secretId: string) => T;
  /**
   * How long a value is reused. A finite age lets a long-lived container pick
   * up a rotated secret. @default Infinity (once per cold start)
   */
  readonly maxAgeMs?: number;
  /** @default Date.now */
  readonly now?: () => number;
}

interface CacheEntry<T> {
  readonly fetchedAt: number;
  readonly value: Promise<T>;
}

export class CachedSecretReader<T> {
  readonly #client: SecretsManagerClient;
  readonly #parse: (secretString: string, secretId: string) => T;
  readonly #maxAgeMs: number;
  readonly #now: () => number;
  readonly #cache = new Map<string, CacheEntry<T>>();

  constructor(props: CachedSecretReaderProps<T>) {
    this.#client = props.client;
    this.#parse = props.parse;
    this.#maxAgeMs = props.maxAgeMs ?? Number.POSITIVE_INFINITY;
    this.#now = props.now ?? Date.now;
  }

  /**
   * The parsed value of secret `secretId` (name or ARN). Concurrent callers
   * share one request; a failure is not cached, so the next call asks again.
   * @throws SecretNotFoundError, SecretAccessDeniedError, SecretsManagerUnreachableError,
   *   MalformedSecretError, or a SecretReadError for anything else AWS answers
   */
  get(secretId: string): Promise<T> {
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

  /** Forgets a secret, e.g. after the server it is for refused it: the next `get` reads it again. */
  invalidate(secretId: string): void {
    this.#cache.delete(secretId);
  }

  async #fetch(secretId: string): Promise<T> {
    let secretString: string | undefined;
    try {
      const response = await this.#client.send(new GetSecretValueCommand({ SecretId: secretId }));
      secretString = response.SecretString;
    } catch (error) {
      throw secretReadErrorFor(secretId, error);
    }
    if (secretString === undefined) {
      throw new MalformedSecretError(
        secretId,
        'secret has no string value (binary secrets are not supported)',
      );
    }
    try {
      return this.#parse(secretString, secretId);
    } catch (error) {
      if (error instanceof SecretReadError) throw error;
      // Any other error's message may quote the value (JSON.parse's does): only its name is kept.
      const name = error instanceof Error ? error.name : typeof error;
      throw new MalformedSecretError(secretId, `secret is malformed (${name})`);
    }
  }
}
