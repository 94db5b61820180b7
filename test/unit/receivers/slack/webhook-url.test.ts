import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { MalformedSecretError } from '../../../../adapters/secrets/secret-errors.js';
import { parseWebhookSecret, webhookUrlSource } from '../../../../receivers/slack/webhook-url.js';

const URL_TEXT = 'https://hooks.slack.com/services/T000/B000/t0k3n';
const SECRET_ID = 'cluster-link-monitor/slack-webhook';

describe('Function: parseWebhookSecret', () => {
  it('reads a bare URL or JSON with webhook_url', () => {
    expect(parseWebhookSecret(`  ${URL_TEXT}\n`, 'slack').href).toBe(URL_TEXT);
    expect(parseWebhookSecret(JSON.stringify({ webhook_url: URL_TEXT }), 'slack').href).toBe(URL_TEXT);
  });

  it("accepts only https to Slack's webhook hosts by default, so the secret cannot send alerts elsewhere", () => {
    expect(parseWebhookSecret('https://hooks.slack-gov.com/services/T0/B0/t0k3n', 'slack').hostname).toBe(
      'hooks.slack-gov.com',
    );
    for (const url of [
      'http://hooks.slack.com/services/T000/B000/t0k3n',
      'https://hooks.slack.com.evil.example/services/T000/B000/t0k3n',
      'https://hooks.slack.com:8443/services/T000/B000/t0k3n',
      'https://example.com/services/T000/B000/t0k3n',
      'http://127.0.0.1:8080/hook',
    ]) {
      expect(() => parseWebhookSecret(url, 'slack'), url).toThrow(MalformedSecretError);
    }
  });

  it('accepts a local stand-in only when asked, and only on 127.0.0.1, ::1 or localhost', () => {
    const local = { allowLoopback: true };
    expect(parseWebhookSecret('http://127.0.0.1:8080/hook', 'slack', local).port).toBe('8080');
    expect(parseWebhookSecret('http://[::1]:8080/hook', 'slack', local).port).toBe('8080');
    expect(() => parseWebhookSecret('http://127.1.2.3:8080/hook', 'slack', local)).toThrow(
      MalformedSecretError,
    );
    expect(() => parseWebhookSecret('http://10.0.0.1:8080/hook', 'slack', local)).toThrow(
      MalformedSecretError,
    );
  });

  it.each([
    ['not a url at all t0k3n'],
    ['{"webhook_url": 42, "t0k3n": 1}'],
    ['{"t0k3n": '],
    ['ftp://hooks.slack.com/t0k3n'],
    ['https://user:t0k3n@hooks.slack.com/services/T000'],
  ])('rejects %j naming the secret, never its value', (value) => {
    // Act
    let caught: unknown;
    try {
      parseWebhookSecret(value, 'slack/webhook');
    } catch (error) {
      caught = error;
    }

    // Assess
    expect(caught).toBeInstanceOf(MalformedSecretError);
    expect(String(caught)).toContain('slack/webhook');
    expect(String(caught)).not.toContain('t0k3n');
  });
});

const sm = mockClient(SecretsManagerClient);
afterEach(() => sm.reset());

describe('Function: webhookUrlSource', () => {
  it('reads the secret once and serves the URL from the cache until it is older than the maximum age', async () => {
    // Prepare
    let now = 0;
    sm.on(GetSecretValueCommand, { SecretId: SECRET_ID }).resolves({ SecretString: URL_TEXT });
    const webhookUrl = webhookUrlSource({
      client: new SecretsManagerClient({ region: 'eu-west-1' }),
      secretId: SECRET_ID,
      maxAgeMs: 60_000,
      now: () => now,
    });

    // Act
    const first = await webhookUrl();
    now = 59_999;
    await webhookUrl();
    const readsWhileFresh = sm.commandCalls(GetSecretValueCommand).length;
    now = 60_000;
    await webhookUrl();

    // Assess
    expect(first.href).toBe(URL_TEXT);
    expect(readsWhileFresh).toBe(1);
    expect(sm.commandCalls(GetSecretValueCommand)).toHaveLength(2);
  });

  it('reads a replaced webhook after invalidate', async () => {
    // Prepare
    const replacement = 'https://hooks.slack.com/services/T000/B001/n3w';
    sm.on(GetSecretValueCommand)
      .resolvesOnce({ SecretString: URL_TEXT })
      .resolves({ SecretString: replacement });
    const webhookUrl = webhookUrlSource({
      client: new SecretsManagerClient({ region: 'eu-west-1' }),
      secretId: SECRET_ID,
    });
    await webhookUrl();

    // Act
    webhookUrl.invalidate();
    const url = await webhookUrl();

    // Assess
    expect(url.href).toBe(replacement);
  });

  it('turns a malformed secret into a MalformedSecretError that names the secret, not its value', async () => {
    // Prepare
    sm.on(GetSecretValueCommand).resolves({
      SecretString: 'http://hooks.slack.com/services/T000/B000/t0k3n',
    });
    const webhookUrl = webhookUrlSource({
      client: new SecretsManagerClient({ region: 'eu-west-1' }),
      secretId: SECRET_ID,
    });

    // Act
    const failure = await webhookUrl().catch((error: unknown) => error);

    // Assess
    expect(failure).toBeInstanceOf(MalformedSecretError);
    expect((failure as Error).message).toBe(`credentials ${SECRET_ID}: value must be an https webhook URL`);
    expect((failure as Error).message).not.toContain('t0k3n');
  });
});
