/**
 * Where `link-monitor run` sends notifications: the terminal (as the email and
 * Slack would show them) or the deployed SNS topic, named by `--topic-arn` or
 * by the stack's `NotificationTopicArn` output.
 */
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SNSClient } from '@aws-sdk/client-sns';
import { type MonitorConfig, severitiesAtOrAbove } from '../../adapters/config/monitor-config.js';
import { CredentialsError } from '../../adapters/secrets/credentials-error.js';
import { SnsNotifier } from '../../adapters/sns/sns-notifier.js';
import type { Notifier } from '../../core/ports.js';
import { SlackWebhookNotifier } from '../../receivers/slack/slack-webhook-notifier.js';
import { parseWebhookSecret, webhookUrlSource } from '../../receivers/slack/webhook-url.js';
import { CliError } from './cli-errors.js';
import type { CommandContext } from './command-context.js';
import { ConsoleNotifier } from './console-notifier.js';
import { STACK_OUTPUTS, stackOutputs } from './store-selection.js';

export type NotifyKind = 'console' | 'sns' | 'slack';
export const NOTIFY_KINDS: readonly NotifyKind[] = ['console', 'sns', 'slack'];

/** Holds the webhook URL for `--notify slack` when the config's secret is not to be used. */
export const SLACK_WEBHOOK_ENV = 'SLACK_WEBHOOK_URL';

export interface SelectedNotifier {
  readonly notifier: Notifier;
  readonly description: string;
  close(): void;
}

/**
 * Builds the notifier `--notify` names.
 *
 * @throws CliError when SNS has no topic or Slack no webhook
 */
export async function selectNotifier(
  kind: NotifyKind,
  flags: { readonly topicArn?: string; readonly stack?: string },
  config: Pick<MonitorConfig, 'slack'>,
  context: CommandContext,
): Promise<SelectedNotifier> {
  if (kind === 'slack') return selectSlack(config, context);
  if (kind === 'console') {
    return {
      notifier: new ConsoleNotifier({ write: (line) => context.io.stdout.write(`${line}\n`) }),
      description: 'console',
      close: () => {},
    };
  }
  const topicArn =
    flags.topicArn ??
    (await stackOutputs(flags.stack ?? 'ClusterLinkMonitor', context)).get(STACK_OUTPUTS.topicArn);
  if (topicArn === undefined) {
    throw new CliError(
      `stack ${flags.stack ?? 'ClusterLinkMonitor'} has no ${STACK_OUTPUTS.topicArn} output`,
      {
        hint: 'pass --topic-arn ARN',
      },
    );
  }
  const client = context.sns?.() ?? new SNSClient({});
  return {
    notifier: new SnsNotifier({ client, topicArn }),
    description: `sns ${topicArn}`,
    close: () => client.destroy(),
  };
}

function selectSlack(config: Pick<MonitorConfig, 'slack'>, context: CommandContext): SelectedNotifier {
  const severities = severitiesAtOrAbove(config.slack?.minSeverity ?? 'info');
  const fromEnv = context.io.env[SLACK_WEBHOOK_ENV];
  if (fromEnv !== undefined && fromEnv.trim() !== '') {
    let url: URL;
    try {
      // The user's own environment may point a local run at a local stand-in; a secret may not.
      url = parseWebhookSecret(fromEnv, `env:${SLACK_WEBHOOK_ENV}`, { allowLoopback: true });
    } catch (error) {
      throw new CliError(
        error instanceof CredentialsError ? error.message : `${SLACK_WEBHOOK_ENV} is not usable`,
        {
          hint: 'set it to the https://hooks.slack.com/services/... URL of an incoming webhook',
        },
      );
    }
    return {
      notifier: new SlackWebhookNotifier({ webhookUrl: async () => url, severities }),
      description: `slack (webhook from ${SLACK_WEBHOOK_ENV})`,
      close: () => {},
    };
  }
  const secretId = config.slack?.webhookSecret;
  if (secretId === undefined) {
    throw new CliError('no Slack webhook to post to', {
      hint: `set ${SLACK_WEBHOOK_ENV}, or slack.webhookSecret in the config`,
    });
  }
  const client = context.secretsManager?.() ?? new SecretsManagerClient({});
  return {
    notifier: new SlackWebhookNotifier({
      webhookUrl: webhookUrlSource({ client, secretId, allowLoopback: context.slackStandIn === true }),
      severities,
    }),
    description: `slack (webhook from secret ${secretId})`,
    close: () => client.destroy(),
  };
}
