/**
 * The Slack notifier's configuration as it reaches the Lambda: the stack sets
 * the variables with `slackNotifierEnvironment`, the function reads them once at
 * cold start with `readSlackNotifierConfig`, so both sides share one definition.
 * Only the webhook secret's id travels this way, never the URL.
 */
import * as z from '../../core/zod-mini.js';
import { SlackConfigError } from '../slack/slack-errors.js';

/** Environment variable names. */
export const SLACK_NOTIFIER_ENV = {
  /** Secrets Manager id (name or ARN) of the secret that holds the webhook URL. */
  webhookSecretId: 'SLACK_WEBHOOK_SECRET_ID',
  /** Queue that takes messages Slack refused for good (and malformed records), without Lambda's retries. */
  deadLetterQueueUrl: 'SLACK_DLQ_URL',
} as const;

export interface SlackNotifierConfig {
  readonly webhookSecretId: string;
  /** Optional: without it a refused message reaches the on-failure destination after Lambda's retries. */
  readonly deadLetterQueueUrl: string | undefined;
}

const webhookSecretId = z
  .string({ error: 'is required: the secret that holds the webhook URL' })
  .check(z.trim(), z.minLength(1, 'must name the secret that holds the webhook URL'));

const deadLetterQueueUrl = z.optional(
  z.union([
    z.url({ protocol: /^https?$/, error: 'must be an SQS queue URL' }),
    z.pipe(
      z.literal(''),
      z.transform(() => undefined),
    ),
  ]),
);

const configSchema = z.object({
  [SLACK_NOTIFIER_ENV.webhookSecretId]: webhookSecretId,
  [SLACK_NOTIFIER_ENV.deadLetterQueueUrl]: deadLetterQueueUrl,
});

/**
 * The variables the stack sets on the Slack notifier. Values may be CDK tokens
 * (the queue URL), resolved at deploy time.
 */
export function slackNotifierEnvironment(config: {
  readonly webhookSecretId: string;
  readonly deadLetterQueueUrl: string;
}): Record<string, string> {
  return {
    [SLACK_NOTIFIER_ENV.webhookSecretId]: config.webhookSecretId,
    [SLACK_NOTIFIER_ENV.deadLetterQueueUrl]: config.deadLetterQueueUrl,
  };
}

/**
 * Reads and checks the notifier's environment; call once at cold start, so a
 * broken deployment fails on its first invocation with the variable named.
 * @throws SlackConfigError naming the bad variable, never a value
 */
export function readSlackNotifierConfig(
  env: Readonly<Record<string, string | undefined>>,
): SlackNotifierConfig {
  const result = configSchema.safeParse(env);
  if (!result.success) {
    const issue = result.error.issues[0];
    const field = String(issue?.path[0] ?? 'environment');
    throw new SlackConfigError(`${field} ${issue?.message ?? 'is invalid'}`, field);
  }
  return Object.freeze({
    webhookSecretId: result.data[SLACK_NOTIFIER_ENV.webhookSecretId],
    deadLetterQueueUrl: result.data[SLACK_NOTIFIER_ENV.deadLetterQueueUrl],
  });
}
