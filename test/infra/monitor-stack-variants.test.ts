import { App } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../adapters/config/load-config.js';
import { buildMonitorApp } from '../../infra/monitor-app.js';
import { cdkJsonContext, type Synthesized, synthesizeYaml } from './synth-monitor.js';

const SECRET_ARN = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:monitor/prod-eu-AbCdEf';

const MINIMAL = [
  'stackName: LinkMonitorMinimal',
  'clusters:',
  '  - clusterId: lkc-abc123',
  '    label: prod-eu',
  '    restEndpoint: https://pkc-abc12.eu-west-1.aws.confluent.cloud',
  `    credentials: { secret: "${SECRET_ARN}" }`,
  '  - clusterId: lkc-def456',
  '    label: prod-us',
  '    restEndpoint: https://pkc-def34.us-east-1.aws.confluent.cloud',
  '    credentials: { secret: "arn:aws:secretsmanager:eu-west-1:123456789012:secret:monitor/prod-us" }',
  'schedule: rate(5 minutes)',
  'pollTimeout: 4m',
  'unreachableAfterPolls: 2',
].join('\n');

describe('ClusterLinkMonitorStack from a minimal config (no Slack, no emails, 5-minute schedule, secret ARNs)', () => {
  let synth: Synthesized;

  beforeAll(() => {
    synth = synthesizeYaml(MINIMAL);
  });

  it('passes cdk-nag', () => {
    expect(synth.nagViolations).toEqual([]);
    expect(synth.stack.stackName).toBe('LinkMonitorMinimal');
  });

  it('warns at synth that the alarms reach nobody without alarmEmails', () => {
    Annotations.fromStack(synth.stack).hasWarning(
      '*',
      Match.stringLikeRegexp('alarmEmails: is empty: the monitor.s own alarms .* reach nobody'),
    );
  });

  it('deploys no Slack notifier, no subscriptions and only the poller and schedule dead-letter queues', () => {
    synth.template.resourceCountIs('AWS::Lambda::Function', 1);
    synth.template.resourceCountIs('AWS::SNS::Subscription', 0);
    synth.template.resourceCountIs('AWS::SQS::Queue', 2);
    expect(Object.keys(synth.template.findOutputs('SlackNotifierFunctionName'))).toEqual([]);
  });

  it('schedules every 5 minutes with a 4-minute poller timeout', () => {
    synth.template.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: 'rate(5 minutes)',
      Target: { RetryPolicy: { MaximumRetryAttempts: 0, MaximumEventAgeInSeconds: 300 } },
    });
    synth.template.hasResourceProperties('AWS::Lambda::Function', {
      Timeout: 240,
      ReservedConcurrentExecutions: 1,
    });
  });

  it('scales the alarm periods to the schedule', () => {
    synth.template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'Invocations',
      Period: 600,
      TreatMissingData: 'breaching',
    });
    synth.template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'ClusterListFailures',
      Period: 300,
      EvaluationPeriods: 2,
      DatapointsToAlarm: 2,
    });
  });

  it('uses a complete secret ARN as is and matches a partial one with the random suffix', () => {
    synth.template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: [
          { Action: ['logs:CreateLogStream', 'logs:PutLogEvents'] },
          { Action: ['sqs:SendMessage', 'sqs:GetQueueAttributes', 'sqs:GetQueueUrl'] },
          { Sid: 'ReadWriteMonitorTables' },
          { Sid: 'QueryMonitorIndexes' },
          { Sid: 'PublishNotifications' },
          { Sid: 'EncryptForTopic' },
          {
            Sid: 'ReadClusterCredentials',
            Resource: [
              SECRET_ARN,
              'arn:aws:secretsmanager:eu-west-1:123456789012:secret:monitor/prod-us-??????',
            ],
          },
        ].map((statement) => ({ Effect: 'Allow', ...statement })),
      },
    });
  });
});

describe('buildMonitorApp', () => {
  it('attaches the cdk-nag checks, so an unencrypted resource stops synth', () => {
    // Prepare
    const { app, stack } = buildMonitorApp(
      parseConfig(MINIMAL, 'minimal.yaml'),
      new App({ context: cdkJsonContext() }),
    );
    new sqs.Queue(stack, 'PlainQueue', { encryption: sqs.QueueEncryption.UNENCRYPTED });

    // Act
    const act = () => app.synth();

    // Assess
    expect(act).toThrow(/The SQS Queue does not have server-side encryption enabled/);
  });
});
