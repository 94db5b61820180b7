/**
 * The Slack incoming-webhook URL, read from Secrets Manager through the
 * project's one secret cache. The URL is a credential: it is validated, cached
 * in memory, and never logged or put into an error.
 */
import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { CachedSecretReader } from '../../adapters/secrets/cached-secret-reader.js';
import { MalformedSecretError } from '../../adapters/secrets/secret-errors.js';

/** Where Slack's incoming webhooks live (commercial and GovSlack). */
export const SLACK_WEBHOOK_HOSTS: readonly string[] = ['hooks.slack.com', 'hooks.slack-gov.com'];
/** A local stand-in for Slack: these exact names, not every 127.x address. */
const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

export interface WebhookHostPolicy {
  /**
   * Also accept a local stand-in for Slack on 127.0.0.1, ::1 or localhost (http allowed). Only
   * for tests and for a URL a user gives a local run in their own environment: a deployed
   * function never accepts one, so the secret can only ever send alerts to Slack.
   * @default false
   */
  readonly allowLoopback?: boolean;
}

/**
 * Reads a secret value that is either the bare webhook URL or JSON
 * `{"webhook_url": "..."}`. Only https to Slack's webhook hosts is accepted, so that whoever can
 * change the secret cannot send the alerts (and the URL, a credential) anywhere else; a local
 * stand-in only when `policy.allowLoopback` says so.
 *
 * @param source - the secret id, or `env:NAME` for an environment variable; named in errors
 * @throws MalformedSecretError naming the source, never its content.
 */
export function parseWebhookSecret(secretValue: string, source: string, policy: WebhookHostPolicy = {}): URL {
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
  const standIn = policy.allowLoopback === true && LOOPBACK_HOSTS.has(url.hostname);
  if (!standIn && url.protocol !== 'https:') {
    throw new MalformedSecretError(source, 'value must be an https webhook URL');
  }
  if (!standIn && (!SLACK_WEBHOOK_HOSTS.includes(url.hostname) || url.port !== '')) {
    // The host is not secret, but naming it could echo a mistyped credential: only say what is allowed.
    throw new MalformedSecretError(
      source,
      `value must be a Slack webhook URL (https://${SLACK_WEBHOOK_HOSTS.join(' or ')}/...)`,
    );
  }
  if (url.username !== '' || url.password !== '') {
    throw new MalformedSecretError(source, 'value is a URL with user info, which is not a Slack webhook');
  }
  return url;
}

export interface WebhookUrlSourceOptions extends WebhookHostPolicy {
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
    parse: (value: string, source: string) => parseWebhookSecret(value, source, options),
    maxAgeMs: options.maxAgeMs ?? WEBHOOK_URL_MAX_AGE_MS,
    ...(options.now === undefined ? {} : { now: options.now }),
  });
  return Object.assign(() => reader.get(options.secretId), {
    invalidate: () => reader.invalidate(options.secretId),
  });
}
