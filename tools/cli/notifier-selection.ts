/**
 * Where `link-monitor run` sends notifications: the terminal (as the email and
 * Slack would show them), the deployed SNS topic, named by `--topic-arn` or
 * by the stack's `NotificationTopicArn` output, a Slack webhook, or the PagerDuty
 * Events API (or a local stand-in of either).
 */
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SNSClient } from '@aws-sdk/client-sns';
import { type MonitorConfig, severitiesAtOrAbove } from '../../adapters/config/monitor-config.js';
import { CredentialsError } from '../../adapters/secrets/credentials-error.js';
import { SnsNotifier } from '../../adapters/sns/sns-notifier.js';
import type { Notifier } from '../../core/ports.js';
import { eventsEndpoint, PAGERDUTY_EVENTS_URL } from '../../receivers/pagerduty/events-endpoint.js';
import type { PagerDutyPageSeverity } from '../../receivers/pagerduty/pagerduty-events.js';
import { parseRoutingKeySecret } from '../../receivers/pagerduty/routing-key.js';
import { SlackWebhookNotifier } from '../../receivers/slack/slack-webhook-notifier.js';
import { parseWebhookSecret, webhookUrlSource } from '../../receivers/slack/webhook-url.js';
import { CliError } from './cli-errors.js';
import type { CommandContext } from './command-context.js';
import { ConsoleNotifier } from './console-notifier.js';
import { JsonNotifier } from './json-notifier.js';
import { PagerDutyEventsNotifier } from './pagerduty-events-notifier.js';
import type { PublishBounds } from './poll-publishing.js';
import { describeStack, type StackFlags } from './stack-name.js';
import { readStackOutputs, STACK_OUTPUTS } from './store-selection.js';

export type NotifyKind = 'console' | 'sns' | 'slack' | 'pagerduty';
export const NOTIFY_KINDS: readonly NotifyKind[] = ['console', 'sns', 'slack', 'pagerduty'];

/** Holds the webhook URL for `--notify slack` when the config's secret is not to be used. */
export const SLACK_WEBHOOK_ENV = 'SLACK_WEBHOOK_URL';

/**
 * `--notify pagerduty` reads its receiver from the user's own environment: a config may name
 * several routing keys (one per route), and a local run tries one.
 */
export const PAGERDUTY_ENV = Object.freeze({
  /** The Events API v2 routing (integration) key. Required. */
  routingKey: 'PAGERDUTY_ROUTING_KEY',
  /** Where events go: PagerDuty (the default), or a stand-in on a loopback address over http. */
  eventsUrl: 'PAGERDUTY_EVENTS_URL',
  /** `critical` (the default) or `warning`, as a receiver's `minSeverity`. */
  minSeverity: 'PAGERDUTY_MIN_SEVERITY',
});

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
  flags: StackFlags & { readonly topicArn?: string; readonly store?: string },
  config: Pick<MonitorConfig, 'slack' | 'stackName'>,
  context: CommandContext,
  options: NotifierOptions = {},
): Promise<SelectedNotifier> {
  const bounds = options.bounds ?? {};
  if (kind === 'slack') return selectSlack(config, context, bounds);
  if (kind === 'pagerduty') return selectPagerDuty(context, bounds);
  if (kind === 'console') {
    return {
      notifier:
        options.json === true
          ? new JsonNotifier((line) => context.io.stdout.write(`${line}\n`))
          : new ConsoleNotifier({ write: (line) => context.io.stdout.write(`${line}\n`) }),
      description: 'console',
      close: () => {},
    };
  }
  let topicArn = flags.topicArn;
  if (topicArn === undefined) {
    const { stack, outputs } = await readStackOutputs(flags, context, config).catch((error: unknown) => {
      throw snsHint(error, flags.store ?? 'embedded');
    });
    topicArn = outputs.get(STACK_OUTPUTS.topicArn);
    if (topicArn === undefined) {
      throw new CliError(`${describeStack(stack)} has no ${STACK_OUTPUTS.topicArn} output`, {
        hint: 'pass --topic-arn ARN',
      });
    }
  }
  const client = context.sns?.() ?? new SNSClient({});
  return {
    notifier: new SnsNotifier({ client, topicArn }),
    description: `sns ${topicArn}`,
    close: () => client.destroy(),
  };
}

/** How `run` bounds the posts of a notifier that posts over HTTP. */
export interface NotifierOptions {
  /** The poll's deadline and the stop signal (Slack and PagerDuty). @default 30 s a notification, no stop */
  readonly bounds?: Partial<PublishBounds>;
  /** `--log-format json`: the console shows each notification as its JSON document. @default false */
  readonly json?: boolean;
}

/**
 * Missing AWS credentials for the SNS topic: the store's own hint (`or use --store embedded`)
 * would tell a user already on the embedded store to switch to it; the way out is another
 * `--notify`, or a topic named outright.
 */
function snsHint(error: unknown, store: string): unknown {
  if (!(error instanceof CliError) || !/^no AWS credentials/.test(error.message)) return error;
  const alternatives =
    store === 'dynamodb'
      ? 'the DynamoDB store needs them too'
      : 'or use --notify console (the embedded store needs no AWS access)';
  return new CliError(
    error.message.replace(/^no AWS credentials found for/, 'no AWS credentials to find the SNS topic of'),
    {
      hint: `set AWS_PROFILE (or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY) to publish to SNS; ${alternatives}`,
      cause: error,
    },
  );
}

function selectSlack(
  config: Pick<MonitorConfig, 'slack'>,
  context: CommandContext,
  bounds: Partial<PublishBounds>,
): SelectedNotifier {
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
      notifier: new SlackWebhookNotifier({ webhookUrl: async () => url, severities, ...bounds }),
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
      ...bounds,
    }),
    description: `slack (webhook from secret ${secretId})`,
    close: () => client.destroy(),
  };
}

function selectPagerDuty(context: CommandContext, bounds: Partial<PublishBounds>): SelectedNotifier {
  const { env } = context.io;
  const keyText = env[PAGERDUTY_ENV.routingKey];
  if (keyText === undefined || keyText.trim() === '') {
    throw new CliError('no PagerDuty routing key to send events with', {
      hint: `set ${PAGERDUTY_ENV.routingKey} to an Events API v2 integration key, and ${PAGERDUTY_ENV.eventsUrl} to try it against a local stand-in`,
    });
  }
  let routingKey: string;
  try {
    routingKey = parseRoutingKeySecret(keyText, `env:${PAGERDUTY_ENV.routingKey}`);
  } catch {
    // The key's value is a credential: the message names the variable only.
    throw new CliError(`${PAGERDUTY_ENV.routingKey} does not hold an Events API v2 routing key`, {
      hint: "copy the integration key of the service's Events API v2 integration (20 to 64 letters, digits, +, _ or -)",
    });
  }
  let eventsUrl: URL;
  try {
    // The same rule as the deployed receiver: PagerDuty's hosts over https, or loopback over http.
    eventsUrl = eventsEndpoint(env[PAGERDUTY_ENV.eventsUrl]);
  } catch {
    throw new CliError(`${PAGERDUTY_ENV.eventsUrl} is not a PagerDuty Events API URL`, {
      hint: `leave it unset for ${PAGERDUTY_EVENTS_URL}, or give http://127.0.0.1:PORT/v2/enqueue for a local stand-in`,
    });
  }
  const minText = env[PAGERDUTY_ENV.minSeverity] ?? 'critical';
  if (minText !== 'critical' && minText !== 'warning') {
    throw new CliError(`${PAGERDUTY_ENV.minSeverity} must be critical or warning`, {
      hint: 'critical (the default) pages on critical problems only, warning on warnings too',
    });
  }
  const minSeverity: PagerDutyPageSeverity = minText;
  return {
    notifier: new PagerDutyEventsNotifier({
      routingKey,
      eventsUrl,
      minSeverity,
      severities: severitiesAtOrAbove(minSeverity),
      show: (line) => context.io.stdout.write(`${line}\n`),
      ...bounds,
    }),
    description: `pagerduty ${eventsUrl.origin}${eventsUrl.pathname} (routing key from ${PAGERDUTY_ENV.routingKey}, pages from ${minSeverity})`,
    close: () => {},
  };
}
