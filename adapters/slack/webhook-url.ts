/**
 * The Slack incoming-webhook URL, read from Secrets Manager once per cold
 * start. The URL is a credential: it is validated, cached in memory, and
 * never logged or put into an error.
 */
import { GetSecretValueCommand, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SlackConfigError } from './slack-errors.js';

const LOOPBACK_HOSTS = new Set(['localhost', '[::1]']);

function isLoopback(hostname: string): boolean {
  return LOOPBACK_HOSTS.has(hostname) || /^127(?:\.\d{1,3}){3}$/.test(hostname);
}

/**
 * Reads a secret value that is either the bare webhook URL or JSON
 * `{"webhook_url": "..."}`. Only https is accepted, except plain http to a
 * loopback address (a local stand-in for Slack), so the URL never travels in clear text.
 *
 * @throws SlackConfigError naming the secret id, never its content.
 */
export function parseWebhookSecret(secretValue: string, secretId: string): URL {
  const trimmed = secretValue.trim();
  let candidate: unknown = trimmed;
  if (trimmed.startsWith('{')) {
    try {
      candidate = (JSON.parse(trimmed) as { webhook_url?: unknown }).webhook_url;
    } catch {
      throw new SlackConfigError(`Secret ${secretId} looks like JSON but does not parse`, 'webhook_url');
    }
    if (typeof candidate !== 'string') {
      throw new SlackConfigError(`Secret ${secretId} is JSON without a "webhook_url" string`, 'webhook_url');
    }
  }
  let url: URL;
  try {
    url = new URL(String(candidate).trim());
  } catch {
    throw new SlackConfigError(`Secret ${secretId} does not hold a valid URL`, 'webhook_url');
  }
  const allowed = url.protocol === 'https:' || (url.protocol === 'http:' && isLoopback(url.hostname));
  if (!allowed) {
    throw new SlackConfigError(`Secret ${secretId} must hold an https webhook URL`, 'webhook_url');
  }
  if (url.username !== '' || url.password !== '') {
    throw new SlackConfigError(
      `Secret ${secretId} holds a URL with user info, which is not a Slack webhook`,
      'webhook_url',
    );
  }
  return url;
}

export interface WebhookUrlSourceOptions {
  readonly client: SecretsManagerClient;
  readonly secretId: string;
}

/**
 * Returns a function that fetches and validates the webhook URL on first
 * call and then serves it from memory. A failed fetch is not cached, so the
 * next invocation tries again.
 */
export function webhookUrlSource(options: WebhookUrlSourceOptions): () => Promise<URL> {
  let cached: Promise<URL> | undefined;
  return () => {
    cached ??= (async () => {
      const output = await options.client.send(new GetSecretValueCommand({ SecretId: options.secretId }));
      if (output.SecretString === undefined) {
        throw new SlackConfigError(`Secret ${options.secretId} has no string value`, 'SecretString');
      }
      return parseWebhookSecret(output.SecretString, options.secretId);
    })().catch((error: unknown) => {
      cached = undefined;
      throw error;
    });
    return cached;
  };
}
