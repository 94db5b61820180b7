/**
 * The Slack notifier as it deploys: the bundle synth stages, run in a plain `node` process with
 * the environment the template gives it and every AWS call evaluated against its synthesized role
 * (the IAM guard), in front of a local Secrets Manager and SQS.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../../../adapters/config/load-config.js';
import { SLACK_NOTIFIER_ENV } from '../../../../receivers/slack/slack-notifier-environment.js';
import {
  type LocalAwsEndpoint,
  startLocalAwsEndpoint,
} from '../../../../tools/local-aws/local-aws-endpoint.js';
import { functionAssetDir, type Synthesized, synthesize } from '../../../infra/synth-monitor.js';
import { BUNDLE_ACCOUNT, BUNDLE_REGION, runBundledHandler } from '../../../support/bundled-handler.js';
import { type GuardedReceiver, guardReceiver } from '../../../support/iam/guarded-function.js';
import type { TemplateJson } from '../../../support/iam/template-names.js';
import { snsEventOf } from '../../../support/sns-lambda-event.js';
import { aLink, anEvent } from '../../../unit/core/notify/render/notification-fixtures.js';

const WEBHOOK_SECRET = 'slack/platform-alerts';
/** Not Slack's host: the deployed notifier refuses to post the alert (and the URL) anywhere else. */
const FOREIGN_WEBHOOK = 'https://collector.example.com/services/T0/B0/stolen';

type Resource = { Type: string; Properties: Record<string, unknown> };

describe('Function: slack-notifier (bundled, under its role)', () => {
  let aws: LocalAwsEndpoint;
  let synth: Synthesized;
  let functionId: string;
  let fn: Resource;
  let guarded: GuardedReceiver;

  const deliver = (event: unknown) =>
    runBundledHandler({
      dir: functionAssetDir(synth, functionId),
      handler: fn.Properties.Handler as string,
      event,
      timeoutMs: (fn.Properties.Timeout as number) * 1000,
      memoryMb: fn.Properties.MemorySize as number,
      functionName: 'Monitor-SlackNotifier',
      env: { AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test', ...guarded.env },
    });

  beforeAll(async () => {
    aws = await startLocalAwsEndpoint({ secrets: { [WEBHOOK_SECRET]: FOREIGN_WEBHOOK } });
    synth = synthesize(
      parseConfig(
        [
          'clusters:',
          '  - { clusterId: lkc-s1, label: eu, restEndpoint: https://pkc-eu.example.com, credentials: { secret: c/eu } }',
          `slack: { webhookSecret: ${WEBHOOK_SECRET} }`,
        ].join('\n'),
        'slack.yaml',
      ),
    );
    const template = synth.template.toJSON() as TemplateJson;
    guarded = await guardReceiver(template, SLACK_NOTIFIER_ENV.webhookSecretId, WEBHOOK_SECRET, aws.endpoint);
    functionId = guarded.functionId;
    fn = template.Resources[functionId] as Resource;
  }, 180_000);

  afterAll(async () => {
    await aws?.stop();
    await guarded?.guard.stop();
  });

  afterEach(() => {
    // A call its deployed role would refuse fails the test that made it.
    expect(guarded.guard.denials()).toEqual([]);
  });

  it('reads its webhook secret, as its role allows, and refuses a webhook that is not Slack without naming it', async () => {
    // Act
    const failure = await deliver(snsEventOf([anEvent({ link: aLink() })])).then(
      () => null,
      (error: Error) => error.message,
    );

    // Assess
    expect(guarded.guard.calls).toEqual([
      expect.objectContaining({
        action: 'secretsmanager:GetSecretValue',
        resource: `arn:aws:secretsmanager:${BUNDLE_REGION}:${BUNDLE_ACCOUNT}:secret:${WEBHOOK_SECRET}-AbCdEf`,
        decision: 'Allowed',
      }),
    ]);
    expect(failure).toContain(WEBHOOK_SECRET);
    expect(failure).not.toContain('collector.example.com');
  }, 120_000);

  it('sends a record that is not an SNS notification to its dead-letter queue, as its role allows', async () => {
    // Prepare
    aws.reset();

    // Act
    await deliver({ Records: [{ EventSource: 'aws:sns', Sns: { Message: 42 } }] });

    // Assess
    expect(aws.queued.map((m) => m.queueUrl)).toEqual([guarded.env[SLACK_NOTIFIER_ENV.deadLetterQueueUrl]]);
    expect(guarded.guard.calls.filter((c) => c.action === 'sqs:SendMessage')).toEqual([
      expect.objectContaining({ decision: 'Allowed' }),
    ]);
  }, 120_000);
});
