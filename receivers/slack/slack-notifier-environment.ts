/**
 * The Slack notifier's configuration as it reaches the Lambda: the stack sets
 * the variables with `slackNotifierEnvironment`, the function reads them once at
 * cold start with `readSlackNotifierConfig`, so both sides share one definition.
 * Only the webhook secret's id travels this way, never the URL.
 */
import {
  deadLetterQueueUrlVariable,
  environmentNames,
  readReceiverEnvironment,
  secretIdVariable,
} from '../shared/receiver-environment.js';

const SLACK_NOTIFIER_VARIABLES = {
  /** Secrets Manager id (name or ARN) of the secret that holds the webhook URL. */
  webhookSecretId: { name: 'SLACK_WEBHOOK_SECRET_ID', schema: secretIdVariable('the webhook URL') },
  /**
   * Queue that takes messages Slack refused for good (and malformed records), without Lambda's
   * retries. Without it a refused message reaches the on-failure destination after Lambda's retries.
   */
  deadLetterQueueUrl: { name: 'SLACK_DLQ_URL', schema: deadLetterQueueUrlVariable },
} as const;

/** Environment variable names, by config field. */
export const SLACK_NOTIFIER_ENV = environmentNames(SLACK_NOTIFIER_VARIABLES);

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
 * Reads and checks the notifier's environment; call once at cold start.
 * @throws ReceiverConfigError naming the bad variable, never a value
 */
export function readSlackNotifierConfig(env: Readonly<Record<string, string | undefined>>) {
  return readReceiverEnvironment(SLACK_NOTIFIER_VARIABLES, env);
}

/** The webhook secret's id, and the queue for refused messages (`undefined` when none). */
export type SlackNotifierConfig = ReturnType<typeof readSlackNotifierConfig>;
