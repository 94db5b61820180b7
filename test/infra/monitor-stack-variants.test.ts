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

  it("deploys no Slack notifier, no subscriptions and only the poller's dead-letter queue", () => {
    synth.template.resourceCountIs('AWS::Lambda::Function', 1);
    synth.template.resourceCountIs('AWS::SNS::Subscription', 0);
    synth.template.resourceCountIs('AWS::SQS::Queue', 1);
    expect(Object.keys(synth.template.findOutputs('SlackNotifierFunctionName'))).toEqual([]);
  });

  it('schedules every 5 minutes with a 4-minute poller timeout', () => {
    synth.template.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: 'rate(5 minutes)',
      Target: { RetryPolicy: { MaximumRetryAttempts: 0, MaximumEventAgeInSeconds: 300 } },
    });
    synth.template.hasResourceProperties('AWS::Lambda::Function', {
      Timeout: 240,
      ReservedConcurrentExecutions: Match.absent(),
    });
  });

  it('scales the alarm periods to the schedule', () => {
    synth.template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'Invocations',
      Period: 600,
      TreatMissingData: 'breaching',
    });
    synth.template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'ClustersUnreachable',
      Period: 300,
      AlarmDescription: Match.stringLikeRegexp('in 2 consecutive polls'),
    });
    // Two intervals: every period holds a poll, however long each poll takes.
    synth.template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'IsolatedFailures',
      Period: 600,
    });
  });

  it('grants an ARN that may be complete both as is and with the random suffix, and a partial one with the suffix', () => {
    // `monitor/prod-eu-AbCdEf` is complete, or partial for a secret named so: nothing in the ARN tells.
    synth.template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: [
          {
            Sid: 'ReadClusterCredentials',
            Effect: 'Allow',
            Action: 'secretsmanager:GetSecretValue',
            Resource: [
              SECRET_ARN,
              `${SECRET_ARN}-??????`,
              'arn:aws:secretsmanager:eu-west-1:123456789012:secret:monitor/prod-us-??????',
            ],
          },
        ],
      },
    });
  });
});

const OPTED_IN = [
  'stackName: LinkMonitorOptedIn',
  'clusters:',
  '  - clusterId: lkc-abc123',
  '    label: prod-eu',
  '    restEndpoint: https://pkc-abc12.eu-west-1.aws.confluent.cloud',
  '    credentials: { secret: monitor/all-clusters, key: prod-eu }',
  '  - clusterId: lkc-def456',
  '    label: prod-us',
  '    restEndpoint: https://pkc-def34.us-east-1.aws.confluent.cloud',
  '    credentials: { secret: monitor/all-clusters, key: prod-us }',
  'alarmEmails: [platform-team@example.com]',
  'metricsLevel: cluster',
  'dashboard: true',
  'topicEncryption: customer-managed',
].join('\n');

describe('ClusterLinkMonitorStack with every opt-in (per-cluster metrics, dashboard, own key, shared secret)', () => {
  let synth: Synthesized;

  beforeAll(() => {
    synth = synthesizeYaml(OPTED_IN);
  });

  it('passes cdk-nag', () => {
    expect(synth.nagViolations).toEqual([]);
  });

  it('tells the poller to send per-cluster metrics', () => {
    synth.template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ METRICS_LEVEL: 'cluster' }) },
    });
  });

  it('draws a dashboard of fixed size that finds every cluster by metric search', () => {
    const dashboards = Object.values(synth.template.findResources('AWS::CloudWatch::Dashboard'));
    expect(dashboards).toHaveLength(1);
    const body = JSON.stringify(dashboards[0]?.Properties.DashboardBody);
    expect(body).toContain('SEARCH(');
    expect(body).toContain('LinksByState');
    expect(body).toContain('ClustersUnreachable');
    expect(body).not.toContain('lkc-abc123');
    expect(Object.keys(synth.template.findOutputs('DashboardUrl'))).toEqual(['DashboardUrl']);
  });

  it('encrypts both topics with a rotating key of its own, retained unless its first create is rolled back, that CloudWatch alarms may use', () => {
    const keys = Object.entries(synth.template.findResources('AWS::KMS::Key'));
    expect(keys).toHaveLength(1);
    const [keyId, key] = keys[0] as [string, { Properties: Record<string, unknown>; DeletionPolicy: string }];
    // The same logical id as before the key became an opt-in, so an existing key is not replaced.
    expect(keyId).toBe('StateTopicKeyE25BA02A');
    expect(key.Properties.EnableKeyRotation).toBe(true);
    expect(key.DeletionPolicy).toBe('RetainExceptOnCreate');
    expect(JSON.stringify(key.Properties.KeyPolicy)).toContain('cloudwatch.amazonaws.com');
    for (const topic of Object.values(synth.template.findResources('AWS::SNS::Topic'))) {
      expect(topic.Properties.KmsMasterKeyId).toEqual({ 'Fn::GetAtt': [keyId, 'Arn'] });
    }
    synth.template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Sid: 'EncryptForTopic', Resource: { 'Fn::GetAtt': [keyId, 'Arn'] } }),
        ]),
      },
    });
  });

  it("lets this account's CloudWatch alarms, and only them, use the key to publish", () => {
    synth.template.hasResourceProperties('AWS::KMS::Key', {
      KeyPolicy: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Principal: { Service: 'cloudwatch.amazonaws.com' },
            Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
            Condition: {
              StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } },
              ArnLike: { 'aws:SourceArn': Match.anyValue() },
            },
          }),
        ]),
      },
    });
  });

  it('grants the shared secret once for both clusters', () => {
    const statements = Object.values(synth.template.findResources('AWS::IAM::Policy')).flatMap(
      (policy) =>
        (policy.Properties.PolicyDocument as { Statement: { Sid?: string; Resource: unknown }[] }).Statement,
    );
    const credentials = statements.filter((s) => s.Sid === 'ReadClusterCredentials');
    expect(credentials).toHaveLength(1);
    expect(Array.isArray(credentials[0]?.Resource)).toBe(false);
    expect(JSON.stringify(credentials[0]?.Resource)).toContain(':secret:monitor/all-clusters-??????');
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
