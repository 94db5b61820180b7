/**
 * The Slack incoming-webhook URL, read from Secrets Manager through the
 * project's one secret cache. The URL is a credential: it is validated, cached
 * in memory, and never logged or put into an error.
 */
import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { CachedSecretReader } from '../secrets/cached-secret-reader.js';
import { MalformedSecretError } from '../secrets/secret-errors.js';

const LOOPBACK_HOSTS = new Set(['localhost', '[::1]']);

function isLoopback(hostname: string): boolean {
  return LOOPBACK_HOSTS.has(hostname) || /^127(?:\.\d{1,3}){3}$/.test(hostname);
}

/**
 * Reads a secret value that is either the bare webhook URL or JSON
 * `{"webhook_url": "..."}`. Only https is accepted, except plain http to a
 * loopback address (a local stand-in for Slack), so the URL never travels in clear text.
 *
 * @param source - the secret id, or `env:NAME` for an environment variable; named in errors
 * @throws MalformedSecretError naming the source, never its content.
 */
export function parseWebhookSecret(secretValue: string, source: string): URL {
  const trimmed = secretValue.trim();
  let candidate: unknown = trimmed;
  if (trimmed.startsWith('{')) {
    try {
      candidate = (JSON.parse(trimmed) as { webhook_url?: unknown }).webhook_url;
    } catch {
      throw new MalformedSecretError(source, 'value looks like JSON but does not parse');
    }
    if (typeof candidate !== 'string') {
      throw new MalformedSecretError(source, 'value is JSON without a "webhook_url" string');
    }
  }
  let url: URL;
  try {
    url = new URL(String(candidate).trim());
  } catch {
    throw new MalformedSecretError(source, 'value is not a valid URL');
  }
  const allowed = url.protocol === 'https:' || (url.protocol === 'http:' && isLoopback(url.hostname));
  if (!allowed) {
    throw new MalformedSecretError(source, 'value must be an https webhook URL');
  }
  if (url.username !== '' || url.password !== '') {
    throw new MalformedSecretError(source, 'value is a URL with user info, which is not a Slack webhook');
  }
  return url;
}

export interface WebhookUrlSourceOptions {
  readonly client: SecretsManagerClient;
  readonly secretId: string;
  /**
   * How long the URL is reused before the secret is read again, so a replaced
   * webhook reaches a warm container. @default WEBHOOK_URL_MAX_AGE_MS
   */
  readonly maxAgeMs?: number;
  /** @default Date.now */
  readonly now?: () => number;
}

/** A warm container reads the webhook secret again after this long. */
export const WEBHOOK_URL_MAX_AGE_MS = 15 * 60 * 1000;

/** Resolves the webhook URL; `invalidate` after Slack refused it, so the next call reads a replacement. */
export type WebhookUrlSource = (() => Promise<URL>) & { readonly invalidate: () => void };

/** The webhook URL in secret `secretId`, read through the project's secret cache. */
export function webhookUrlSource(options: WebhookUrlSourceOptions): WebhookUrlSource {
  const reader = new CachedSecretReader({
    client: options.client,
    parse: parseWebhookSecret,
    maxAgeMs: options.maxAgeMs ?? WEBHOOK_URL_MAX_AGE_MS,
    ...(options.now === undefined ? {} : { now: options.now }),
  });
  return Object.assign(() => reader.get(options.secretId), {
    invalidate: () => reader.invalidate(options.secretId),
  });
}
