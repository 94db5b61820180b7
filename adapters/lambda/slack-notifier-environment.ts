/** Settings of the Slack notifier Lambda, parsed once from its environment. */
import { z } from 'zod';
import { SlackConfigError } from '../slack/slack-errors.js';

const configSchema = z.object({
  SLACK_WEBHOOK_SECRET_ID: z
    .string({ error: 'is required: the secret that holds the webhook URL' })
    .trim()
    .min(1, 'must name the secret that holds the webhook URL'),
  SLACK_DLQ_URL: z
    .url({ protocol: /^https?$/, error: 'must be an SQS queue URL' })
    .optional()
    .or(z.literal('').transform(() => undefined)),
});

export interface SlackNotifierConfig {
  /** Secrets Manager id (name or ARN) of the webhook secret. */
  readonly webhookSecretId: string;
  /** Queue that takes messages Slack refused for good, without Lambda's retries; optional. */
  readonly deadLetterQueueUrl: string | undefined;
}

/**
 * Reads `SLACK_WEBHOOK_SECRET_ID` (required) and `SLACK_DLQ_URL` (optional).
 * @throws SlackConfigError naming the bad variable.
 */
export function loadSlackNotifierConfig(
  env: Readonly<Record<string, string | undefined>>,
): SlackNotifierConfig {
  const result = configSchema.safeParse(env);
  if (!result.success) {
    const issue = result.error.issues[0];
    const field = String(issue?.path[0] ?? 'environment');
    throw new SlackConfigError(`${field} ${issue?.message ?? 'is invalid'}`, field);
  }
  return Object.freeze({
    webhookSecretId: result.data.SLACK_WEBHOOK_SECRET_ID,
    deadLetterQueueUrl: result.data.SLACK_DLQ_URL,
  });
}
