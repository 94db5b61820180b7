import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Match, type Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../adapters/config/load-config.js';
import { HISTORY_TABLE, SNAPSHOT_TABLE } from '../../adapters/dynamodb/table-design.js';
import { POLLER_CLUSTERS_FILE } from '../../adapters/lambda/poller-clusters-file.js';
import { POLLER_ENV } from '../../adapters/lambda/poller-environment.js';
import { assertDeployable } from '../../infra/monitor-app.js';
import { functionAssetDir, type Synthesized, synthesizeExample } from './synth-monitor.js';

type Resource = {
  Type: string;
  Properties: Record<string, unknown>;
  DeletionPolicy?: string;
  UpdateReplacePolicy?: string;
};
type Statement = { Effect: string; Action: string | string[]; Resource: unknown; Sid?: string };

function resources(template: Template, type: string): Record<string, Resource> {
  return template.findResources(type) as Record<string, Resource>;
}

function logicalId(template: Template, type: string, pathFragment: string): string {
  const ids = Object.keys(resources(template, type)).filter((id) => id.startsWith(pathFragment));
  expect(ids, `${type} starting with ${pathFragment}`).toHaveLength(1);
  return ids[0] as string;
}

function statementsOf(template: Template, policyPrefix: string): Statement[] {
  const id = logicalId(template, 'AWS::IAM::Policy', policyPrefix);
  const policy = resources(template, 'AWS::IAM::Policy')[id] as Resource;
  return (policy.Properties.PolicyDocument as { Statement: Statement[] }).Statement;
}

const arnOf = (id: string) => ({ 'Fn::GetAtt': [id, 'Arn'] });
const secretArn = (name: string) => ({
  'Fn::Join': [
    '',
    [
      'arn:',
      { Ref: 'AWS::Partition' },
      ':secretsmanager:',
      { Ref: 'AWS::Region' },
      ':',
      { Ref: 'AWS::AccountId' },
      `:secret:${name}-??????`,
    ],
  ],
});

describe('ClusterLinkMonitorStack synthesized from config/monitor.example.yaml', () => {
  let synth: Synthesized;
  let template: Template;
  let ids: {
    poller: string;
    slack: string;
    snapshots: string;
    history: string;
    topic: string;
    alarmTopic: string;
    dlq: Record<string, string>;
  };

  beforeAll(async () => {
    synth = await synthesizeExample();
    template = synth.template;
    ids = {
      poller: logicalId(template, 'AWS::Lambda::Function', 'PollerFunction'),
      slack: logicalId(template, 'AWS::Lambda::Function', 'SlackNotifierFunction'),
      snapshots: logicalId(template, 'AWS::DynamoDB::GlobalTable', 'StateSnapshots'),
      history: logicalId(template, 'AWS::DynamoDB::GlobalTable', 'StateHistory'),
      topic: logicalId(template, 'AWS::SNS::Topic', 'StateNotificationTopic'),
      alarmTopic: logicalId(template, 'AWS::SNS::Topic', 'AlarmsAlarmTopic'),
      dlq: Object.fromEntries(
        ['PollerDeadLetters', 'SlackDelivery', 'SlackFailures'].map((name) => [
          name,
          logicalId(template, 'AWS::SQS::Queue', `${name}Dlq`),
        ]),
      ),
    };
  });

  it('keeps the logical ids of what holds data, so a deploy (or a feature flag in cdk.json) never replaces it', () => {
    // Assess: a changed logical id means CloudFormation creates a new resource and drops the old one.
    const resources = template.toJSON().Resources as Record<string, { Type: string }>;
    expect(resources.StateSnapshots54E193F1?.Type).toBe('AWS::DynamoDB::GlobalTable');
    expect(resources.StateHistory94468D2B?.Type).toBe('AWS::DynamoDB::GlobalTable');
    // The topic key is an opt-in (topicEncryption: customer-managed); its id is kept there.
    expect(resources.PollerLogs034015E3?.Type).toBe('AWS::Logs::LogGroup');
    expect(resources.SlackNotifierLogsCD42A147?.Type).toBe('AWS::Logs::LogGroup');
  });

  describe('cdk-nag AWS Solutions checks', () => {
    it('leaves no unacknowledged finding', () => {
      expect(synth.nagViolations).toEqual([]);
    });
  });

  describe('poller schedule', () => {
    it('invokes the poller at the configured rate, without retries, with a dead-letter queue', () => {
      template.resourceCountIs('AWS::Scheduler::Schedule', 1);
      template.hasResourceProperties('AWS::Scheduler::Schedule', {
        ScheduleExpression: 'rate(1 minute)',
        State: 'ENABLED',
        FlexibleTimeWindow: { Mode: 'OFF' },
        Target: {
          Arn: arnOf(ids.poller),
          RetryPolicy: { MaximumRetryAttempts: 0, MaximumEventAgeInSeconds: 60 },
          DeadLetterConfig: { Arn: arnOf(ids.dlq.PollerDeadLetters as string) },
        },
      });
    });

    it('reserves no concurrency (it would fail the deploy on low-quota accounts) and finishes within the interval', () => {
      const poller = resources(template, 'AWS::Lambda::Function')[ids.poller] as Resource;
      expect(poller.Properties.ReservedConcurrentExecutions).toBeUndefined();
      expect(poller.Properties.Timeout).toBe(50);
      expect(poller.Properties.Timeout as number).toBeLessThan(synth.config.schedule.intervalMs / 1000);
    });

    it('sends failed or stale async invocations to the poller dead-letter queue instead of retrying', () => {
      template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
        FunctionName: { Ref: ids.poller },
        MaximumRetryAttempts: 0,
        MaximumEventAgeInSeconds: 60,
        DestinationConfig: { OnFailure: { Destination: arnOf(ids.dlq.PollerDeadLetters as string) } },
      });
    });
  });

  describe('functions', () => {
    it.each(['poller', 'slack'] as const)(
      '%s runs Node.js 24 on ARM64 with source maps and JSON logs',
      (which) => {
        const fn = resources(template, 'AWS::Lambda::Function')[ids[which]] as Resource;
        expect(fn.Properties.Runtime).toBe('nodejs24.x');
        expect(fn.Properties.Architectures).toEqual(['arm64']);
        expect(fn.Properties.Handler).toBe('index.handler');
        expect(fn.Properties.LoggingConfig).toMatchObject({ LogFormat: 'JSON' });
        expect((fn.Properties.Environment as { Variables: Record<string, unknown> }).Variables).toMatchObject(
          {
            NODE_OPTIONS: '--enable-source-maps',
            POWERTOOLS_LOG_LEVEL: 'INFO',
          },
        );
      },
    );

    it('gives the poller the memory the benchmark calls for and its configuration, without any secret value', () => {
      const poller = resources(template, 'AWS::Lambda::Function')[ids.poller] as Resource;
      const variables = (poller.Properties.Environment as { Variables: Record<string, unknown> }).Variables;
      expect(poller.Properties.MemorySize).toBe(256);
      expect(variables).toMatchObject({
        POWERTOOLS_SERVICE_NAME: 'cluster-link-monitor',
        [POLLER_ENV.snapshotTableName]: { Ref: ids.snapshots },
        [POLLER_ENV.historyTableName]: { Ref: ids.history },
        [POLLER_ENV.topicArn]: { Ref: ids.topic },
        [POLLER_ENV.clustersFile]: POLLER_CLUSTERS_FILE,
      });
      expect(variables[POLLER_ENV.clusters]).toBeUndefined();
      expect(JSON.parse(variables[POLLER_ENV.settings] as string)).toEqual(synth.config.settings);
    });

    it('bundles the cluster list beside the poller handler, secret ids only', () => {
      const dir = functionAssetDir(synth, ids.poller);
      expect(readdirSync(dir).sort()).toEqual([POLLER_CLUSTERS_FILE, 'index.mjs', 'index.mjs.map']);
      expect(JSON.parse(readFileSync(join(dir, POLLER_CLUSTERS_FILE), 'utf8'))).toEqual([
        {
          id: 'lkc-abc123',
          label: 'prod-eu',
          url: 'https://pkc-abc12.eu-west-1.aws.confluent.cloud',
          secret: 'cluster-link-monitor/prod-eu',
        },
        {
          id: 'lkc-def456',
          label: 'prod-us',
          url: 'https://pkc-def34.us-east-1.aws.confluent.cloud',
          secret: 'cluster-link-monitor/prod-us',
        },
      ]);
    });

    it('bundles the AWS SDK it was tested with, with only the environment credential provider', () => {
      const dir = functionAssetDir(synth, ids.poller);
      const bundle = readFileSync(join(dir, 'index.mjs'), 'utf8');
      const sources = (JSON.parse(readFileSync(join(dir, 'index.mjs.map'), 'utf8')) as { sources: string[] })
        .sources;
      // Nothing is left for the runtime to provide: no import of a package from outside the bundle.
      expect(bundle).not.toMatch(/(from|import\()\s*"@aws-sdk\//);
      expect(sources.some((source) => source.includes('node_modules/@aws-sdk/client-dynamodb/'))).toBe(true);
      // Lambda gives the role's credentials in the environment; profiles, SSO and the like are left out.
      expect(sources.some((source) => source.endsWith('adapters/lambda/role-credentials.ts'))).toBe(true);
      expect(
        sources.filter((source) =>
          /node_modules\/@aws-sdk\/(credential-provider-(node|ini|sso)|nested-clients)\//.test(source),
        ),
      ).toEqual([]);
    });

    it('bundles no cluster list with the Slack notifier', () => {
      expect(readdirSync(functionAssetDir(synth, ids.slack))).not.toContain(POLLER_CLUSTERS_FILE);
    });

    it('tells the Slack notifier its webhook secret and dead-letter queue', () => {
      const slack = resources(template, 'AWS::Lambda::Function')[ids.slack] as Resource;
      expect(
        (slack.Properties.Environment as { Variables: Record<string, unknown> }).Variables,
      ).toMatchObject({
        SLACK_WEBHOOK_SECRET_ID: 'cluster-link-monitor/slack-webhook',
        SLACK_DLQ_URL: { Ref: ids.dlq.SlackFailures },
      });
    });

    it('keeps every log group for three months, and after the stack, unless its first create is rolled back', () => {
      const groups = Object.values(resources(template, 'AWS::Logs::LogGroup'));
      // The poller, the default Slack notifier, and the payments route's Slack and PagerDuty notifiers.
      expect(groups).toHaveLength(4);
      for (const group of groups) {
        expect(group.Properties.RetentionInDays).toBe(90);
        expect(group.DeletionPolicy).toBe('RetainExceptOnCreate');
        expect(group.UpdateReplacePolicy).toBe('Retain');
      }
    });

    it('attaches no managed policy to any role', () => {
      const roles = Object.values(resources(template, 'AWS::IAM::Role'));
      // Every function has a role of its own: a template with fewer roles would pass the loop empty.
      expect(roles.length).toBeGreaterThanOrEqual(
        Object.keys(resources(template, 'AWS::Lambda::Function')).length,
      );
      expect(roles.length).toBeGreaterThan(0);
      for (const role of roles) {
        expect(role.Properties.ManagedPolicyArns).toBeUndefined();
      }
    });
  });

  describe('IAM', () => {
    it('grants the poller exactly its log group, DLQ, tables, indexes and topic', () => {
      const logGroup = logicalId(template, 'AWS::Logs::LogGroup', 'PollerLogs');
      const index = (table: string, name: string) => ({ 'Fn::Join': ['', [arnOf(table), `/index/${name}`]] });
      expect(statementsOf(template, 'PollerRoleDefaultPolicy')).toEqual([
        { Effect: 'Allow', Action: ['logs:CreateLogStream', 'logs:PutLogEvents'], Resource: arnOf(logGroup) },
        {
          Effect: 'Allow',
          Action: 'sqs:SendMessage',
          Resource: arnOf(ids.dlq.PollerDeadLetters as string),
        },
        {
          Sid: 'ReadWriteMonitorTables',
          Effect: 'Allow',
          Action: [
            'dynamodb:Query',
            'dynamodb:GetItem',
            'dynamodb:PutItem',
            'dynamodb:UpdateItem',
            'dynamodb:DeleteItem',
          ],
          Resource: [arnOf(ids.snapshots), arnOf(ids.history)],
        },
        {
          Sid: 'QueryMonitorIndexes',
          Effect: 'Allow',
          Action: 'dynamodb:Query',
          Resource: [
            ...SNAPSHOT_TABLE.globalSecondaryIndexes.map((i) => index(ids.snapshots, i.indexName)),
            ...HISTORY_TABLE.globalSecondaryIndexes.map((i) => index(ids.history, i.indexName)),
          ],
        },
        // SNS's AWS managed key needs no grant: its own policy lets SNS use it for the account.
        { Sid: 'PublishNotifications', Effect: 'Allow', Action: 'sns:Publish', Resource: { Ref: ids.topic } },
      ]);
    });

    it("grants the poller its clusters' secrets in an inline policy of their own, in place before the poller", () => {
      const id = logicalId(template, 'AWS::IAM::Policy', 'PollerCredentialsPolicy');
      const policy = resources(template, 'AWS::IAM::Policy')[id] as Resource;
      expect(policy.Properties.Roles).toEqual([{ Ref: logicalId(template, 'AWS::IAM::Role', 'PollerRole') }]);
      expect(statementsOf(template, 'PollerCredentialsPolicy')).toEqual([
        {
          Sid: 'ReadClusterCredentials',
          Effect: 'Allow',
          Action: 'secretsmanager:GetSecretValue',
          Resource: [secretArn('cluster-link-monitor/prod-eu'), secretArn('cluster-link-monitor/prod-us')],
        },
      ]);
      expect(template.toJSON().Resources[ids.poller].DependsOn).toContain(id);
    });

    it('grants the Slack notifier its log group, its DLQ and its webhook secret only', () => {
      const logGroup = logicalId(template, 'AWS::Logs::LogGroup', 'SlackNotifierLogs');
      expect(statementsOf(template, 'SlackNotifierRoleDefaultPolicy')).toEqual([
        { Effect: 'Allow', Action: ['logs:CreateLogStream', 'logs:PutLogEvents'], Resource: arnOf(logGroup) },
        {
          Effect: 'Allow',
          Action: 'sqs:SendMessage',
          Resource: arnOf(ids.dlq.SlackFailures as string),
        },
        {
          Sid: 'ReadSlackWebhook',
          Effect: 'Allow',
          Action: 'secretsmanager:GetSecretValue',
          Resource: secretArn('cluster-link-monitor/slack-webhook'),
        },
      ]);
    });

    it('lets the scheduler invoke only the poller and write only its DLQ', () => {
      expect(statementsOf(template, 'PollScheduleRoleDefaultPolicy')).toEqual([
        {
          Effect: 'Allow',
          Action: 'lambda:InvokeFunction',
          Resource: [arnOf(ids.poller), { 'Fn::Join': ['', [arnOf(ids.poller), ':*']] }],
        },
        { Effect: 'Allow', Action: 'sqs:SendMessage', Resource: arnOf(ids.dlq.PollerDeadLetters as string) },
      ]);
      // A schedule created before this policy would tick with a role that may not invoke the poller.
      const schedulePolicy = logicalId(template, 'AWS::IAM::Policy', 'PollScheduleRoleDefaultPolicy');
      for (const schedule of Object.values(template.findResources('AWS::Scheduler::Schedule'))) {
        expect(schedule.DependsOn).toContain(schedulePolicy);
      }
      template.hasResourceProperties('AWS::IAM::Role', {
        AssumeRolePolicyDocument: {
          Statement: [
            Match.objectLike({
              Principal: { Service: 'scheduler.amazonaws.com' },
              Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } },
            }),
          ],
        },
      });
    });

    it('uses no wildcard resource in any identity policy', () => {
      const policies = [
        ...Object.values(resources(template, 'AWS::IAM::Policy')),
        ...Object.values(resources(template, 'AWS::IAM::ManagedPolicy')),
      ];
      expect(policies.length).toBeGreaterThan(0);
      for (const policy of policies) {
        for (const statement of (policy.Properties.PolicyDocument as { Statement: Statement[] }).Statement) {
          expect([statement.Resource].flat()).not.toContain('*');
          expect([statement.Action].flat().some((a) => a.endsWith('*'))).toBe(false);
        }
      }
    });
  });

  describe('state', () => {
    it.each([
      ['snapshots', SNAPSHOT_TABLE],
      ['history', HISTORY_TABLE],
    ] as const)('builds the %s table from the store design', (which, design) => {
      const table = resources(template, 'AWS::DynamoDB::GlobalTable')[ids[which]] as Resource;
      expect(table.Properties.KeySchema).toEqual([
        { AttributeName: design.partitionKey.name, KeyType: 'HASH' },
        { AttributeName: design.sortKey.name, KeyType: 'RANGE' },
      ]);
      expect(
        (table.Properties.GlobalSecondaryIndexes as { IndexName: string }[]).map((index) => index.IndexName),
      ).toEqual(design.globalSecondaryIndexes.map((index) => index.indexName));
    });

    it.each(['snapshots', 'history'] as const)(
      'keeps the %s table on-demand, encrypted, recoverable and retained, unless its first create is rolled back',
      (which) => {
        const table = resources(template, 'AWS::DynamoDB::GlobalTable')[ids[which]] as Resource;
        expect(table.DeletionPolicy).toBe('RetainExceptOnCreate');
        expect(table.UpdateReplacePolicy).toBe('Retain');
        expect(table.Properties.BillingMode).toBe('PAY_PER_REQUEST');
        expect(table.Properties.SSESpecification).toEqual({ SSEEnabled: true, SSEType: 'KMS' });
        expect(table.Properties.Replicas).toEqual([
          // Deletion protection would make the rollback of a failed first create fail on the table.
          expect.objectContaining({
            DeletionProtectionEnabled: false,
            PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
          }),
        ]);
      },
    );

    it('expires history by TTL and keeps snapshots forever', () => {
      const tables = resources(template, 'AWS::DynamoDB::GlobalTable');
      expect(tables[ids.history]?.Properties.TimeToLiveSpecification).toEqual({
        AttributeName: 'expiresAt',
        Enabled: true,
      });
      expect(tables[ids.snapshots]?.Properties.TimeToLiveSpecification).toBeUndefined();
    });

    it('encrypts the notification topic with the AWS managed key, named by its alias so that SNS creates it where missing', () => {
      template.resourceCountIs('AWS::KMS::Key', 0);
      expect(resources(template, 'AWS::SNS::Topic')[ids.topic]?.Properties.KmsMasterKeyId).toBe(
        'alias/aws/sns',
      );
      // CloudWatch cannot publish under the AWS managed key; the alarm topic carries no link data.
      expect(
        resources(template, 'AWS::SNS::Topic')[ids.alarmTopic]?.Properties.KmsMasterKeyId,
      ).toBeUndefined();
    });

    it('refuses publishes to the notification topic from anyone but the poller, so no alert can be forged', () => {
      const pollerRole = (resources(template, 'AWS::Lambda::Function')[ids.poller]?.Properties.Role ??
        {}) as {
        'Fn::GetAtt'?: [string, string];
      };
      template.hasResourceProperties('AWS::SNS::TopicPolicy', {
        Topics: [{ Ref: ids.topic }],
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({
              Effect: 'Deny',
              Principal: { AWS: '*' },
              Action: 'sns:Publish',
              Resource: { Ref: ids.topic },
              Condition: { ArnNotEquals: { 'aws:PrincipalArn': [pollerRole] } },
            }),
          ]),
        },
      });
      expect(pollerRole['Fn::GetAtt']?.[1]).toBe('Arn');
    });

    it("lets this account's CloudWatch alarms publish to the alarm topic, whose policy replaces the default", () => {
      // The TLS-only topic policy replaces SNS's default access policy, and CloudWatch publishes
      // as a service principal: without this statement every alarm action fails with "no resource-based policy allows".
      template.hasResourceProperties('AWS::SNS::TopicPolicy', {
        Topics: [{ Ref: ids.alarmTopic }],
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({
              Effect: 'Allow',
              Principal: { Service: 'cloudwatch.amazonaws.com' },
              Action: 'sns:Publish',
              Resource: { Ref: ids.alarmTopic },
              Condition: {
                StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } },
                ArnLike: { 'aws:SourceArn': Match.anyValue() },
              },
            }),
          ]),
        },
      });
    });

    it('denies publishing to either topic without TLS', () => {
      for (const id of [ids.topic, ids.alarmTopic]) {
        template.hasResourceProperties('AWS::SNS::TopicPolicy', {
          Topics: [{ Ref: id }],
          PolicyDocument: {
            Statement: Match.arrayWith([
              Match.objectLike({
                Effect: 'Deny',
                Action: 'sns:Publish',
                Condition: { Bool: { 'aws:SecureTransport': 'false' } },
              }),
            ]),
          },
        });
      }
    });

    it('encrypts every dead-letter queue, keeps messages 14 days and denies access without TLS', () => {
      const queues = resources(template, 'AWS::SQS::Queue');
      // Each routed receiver's function has its two queues, named for its secret.
      const routed = Object.keys(queues).filter((id) =>
        /^(RoutedSlack|PagerDuty)[0-9A-F]{8}(Delivery|Failures)Dlq/.test(id),
      );
      expect(routed).toHaveLength(4);
      expect(
        Object.keys(queues)
          .filter((id) => !routed.includes(id))
          .sort(),
      ).toEqual(Object.values(ids.dlq).sort());
      for (const [id, queue] of Object.entries(queues)) {
        expect(queue.Properties).toMatchObject({
          SqsManagedSseEnabled: true,
          MessageRetentionPeriod: 1_209_600,
        });
        template.hasResourceProperties('AWS::SQS::QueuePolicy', {
          Queues: [{ Ref: id }],
          PolicyDocument: {
            Statement: Match.arrayWith([
              Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
            ]),
          },
        });
      }
    });
  });

  describe('notifications', () => {
    it('subscribes each email recipient with a filter policy from its minimum severity and the routes', () => {
      // prod-us (lkc-def456) belongs to the payments route from warning on: the default route keeps its info.
      template.hasResourceProperties('AWS::SNS::Subscription', {
        Protocol: 'email',
        Endpoint: 'kafka-oncall@example.com',
        TopicArn: { Ref: ids.topic },
        FilterPolicy: { cluster_id: [{ 'anything-but': ['lkc-def456'] }], problem_severity: ['critical'] },
      });
      template.hasResourceProperties('AWS::SNS::Subscription', {
        Protocol: 'email',
        Endpoint: 'platform-team@example.com',
        TopicArn: { Ref: ids.topic },
        FilterPolicy: {
          $or: [
            { cluster_id: [{ 'anything-but': ['lkc-def456'] }] },
            { cluster_id: ['lkc-def456'], problem_severity: ['info'] },
          ],
        },
      });
      template.hasResourceProperties('AWS::SNS::Subscription', {
        Protocol: 'email',
        Endpoint: 'payments-oncall@example.com',
        TopicArn: { Ref: ids.topic },
        FilterPolicy: { cluster_id: ['lkc-def456'], problem_severity: ['critical', 'warning'] },
      });
    });

    it('subscribes the Slack notifier with its filter and a delivery dead-letter queue', () => {
      template.hasResourceProperties('AWS::SNS::Subscription', {
        Protocol: 'lambda',
        Endpoint: arnOf(ids.slack),
        TopicArn: { Ref: ids.topic },
        FilterPolicy: {
          cluster_id: [{ 'anything-but': ['lkc-def456'] }],
          problem_severity: ['critical', 'warning'],
        },
        RedrivePolicy: { deadLetterTargetArn: arnOf(ids.dlq.SlackDelivery as string) },
      });
      template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
        FunctionName: { Ref: ids.slack },
        MaximumRetryAttempts: 2,
        DestinationConfig: { OnFailure: { Destination: arnOf(ids.dlq.SlackFailures as string) } },
      });
      template.hasResourceProperties('AWS::Lambda::Permission', {
        Action: 'lambda:InvokeFunction',
        FunctionName: arnOf(ids.slack),
        Principal: 'sns.amazonaws.com',
        SourceArn: { Ref: ids.topic },
      });
    });

    it('sends alarms to the alarm emails', () => {
      template.hasResourceProperties('AWS::SNS::Subscription', {
        Protocol: 'email',
        Endpoint: 'platform-team@example.com',
        TopicArn: { Ref: ids.alarmTopic },
      });
    });
  });

  describe('alarms', () => {
    const alarmProps = (prefix: string) => {
      const id = logicalId(template, 'AWS::CloudWatch::Alarm', `Alarms${prefix}`);
      return resources(template, 'AWS::CloudWatch::Alarm')[id]?.Properties as Record<string, unknown>;
    };

    it('sends every alarm and its recovery to the alarm topic; their number does not grow with the clusters', () => {
      const alarms = Object.values(resources(template, 'AWS::CloudWatch::Alarm'));
      // Five watch the monitor itself; each receiver function (the default Slack and the routed
      // ones) adds its errors and its two queues.
      expect(alarms).toHaveLength(14);
      for (const alarm of alarms) {
        expect(alarm.Properties.AlarmActions).toEqual([{ Ref: ids.alarmTopic }]);
        expect(alarm.Properties.OKActions).toEqual([{ Ref: ids.alarmTopic }]);
      }
      expect(JSON.stringify(alarms)).not.toContain('ClusterId');
    });

    it('alarms on any failed poll: every failed or dropped invocation and undelivered tick lands in one queue', () => {
      expect(alarmProps('PollerFailed')).toMatchObject({
        Namespace: 'AWS/SQS',
        MetricName: 'NumberOfMessagesSent',
        Dimensions: [
          { Name: 'QueueName', Value: { 'Fn::GetAtt': [ids.dlq.PollerDeadLetters, 'QueueName'] } },
        ],
        Statistic: 'Sum',
        Period: 300,
        Threshold: 1,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
        TreatMissingData: 'notBreaching',
      });
    });

    it('alarms within 5 minutes when part of a poll failed (a claim, a publish, a link, a commit...), whatever the cluster', () => {
      expect(alarmProps('IsolatedFailures')).toMatchObject({
        Namespace: 'ClusterLinkMonitor',
        MetricName: 'IsolatedFailures',
        Dimensions: [{ Name: 'service', Value: 'cluster-link-monitor' }],
        Statistic: 'Sum',
        Period: 300,
        EvaluationPeriods: 1,
        Threshold: 1,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
        TreatMissingData: 'notBreaching',
      });
    });

    it('alarms when the poller has not run, treating missing invocations as breaching', () => {
      expect(alarmProps('PollerNotRunning')).toMatchObject({
        Namespace: 'AWS/Lambda',
        MetricName: 'Invocations',
        Dimensions: [{ Name: 'FunctionName', Value: { Ref: ids.poller } }],
        Statistic: 'Sum',
        Period: 300,
        Threshold: 1,
        ComparisonOperator: 'LessThanThreshold',
        TreatMissingData: 'breaching',
      });
    });

    it('alarms when any cluster could not be listed for unreachableAfterPolls polls, from one count across clusters', () => {
      expect(alarmProps('ClustersUnreachable')).toMatchObject({
        Namespace: 'ClusterLinkMonitor',
        MetricName: 'ClustersUnreachable',
        Dimensions: [{ Name: 'service', Value: 'cluster-link-monitor' }],
        Statistic: 'Maximum',
        Period: 60,
        Threshold: 1,
        // One breaching minute of the last two: a minute without a poll's datapoint does not flap it.
        EvaluationPeriods: 2,
        DatapointsToAlarm: 1,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
        // The poller sends the count only when it is not zero.
        TreatMissingData: 'notBreaching',
      });
    });

    it.each(['SlackDelivery', 'SlackFailures'])(
      'alarms when a message is visible in the %s dead-letter queue',
      (name) => {
        expect(alarmProps(`DeadLetters${name}`)).toMatchObject({
          Namespace: 'AWS/SQS',
          MetricName: 'ApproximateNumberOfMessagesVisible',
          Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [ids.dlq[name], 'QueueName'] } }],
          Statistic: 'Maximum',
          Threshold: 1,
          ComparisonOperator: 'GreaterThanOrEqualToThreshold',
        });
      },
    );

    it('alarms when SNS could not deliver a notification to a subscriber (email or Slack)', () => {
      expect(alarmProps('NotificationDeliveryFailures')).toMatchObject({
        Namespace: 'AWS/SNS',
        MetricName: 'NumberOfNotificationsFailed',
        Dimensions: [{ Name: 'TopicName', Value: { 'Fn::GetAtt': [ids.topic, 'TopicName'] } }],
        Statistic: 'Sum',
        Threshold: 1,
        TreatMissingData: 'notBreaching',
      });
    });

    it("alarms on the PagerDuty notifier's errors and on a message in either of its dead-letter queues", () => {
      // Prepare
      const alarms = Object.values(resources(template, 'AWS::CloudWatch::Alarm')).map((a) =>
        JSON.stringify(a.Properties),
      );
      const functions = Object.keys(resources(template, 'AWS::Lambda::Function')).filter((id) =>
        /^PagerDuty[0-9A-F]{8}/.test(id),
      );
      const queues = Object.keys(resources(template, 'AWS::SQS::Queue')).filter((id) =>
        /^PagerDuty[0-9A-F]{8}(Delivery|Failures)Dlq/.test(id),
      );

      // Assess
      expect(functions).toHaveLength(1);
      expect(queues).toHaveLength(2);
      const alarmed = (metric: string, dimension: string) =>
        alarms.some((a) => a.includes(`"MetricName":"${metric}"`) && a.includes(dimension));
      for (const id of functions) expect(alarmed('Errors', `{"Ref":"${id}"}`), id).toBe(true);
      for (const id of queues) {
        expect(
          alarmed('ApproximateNumberOfMessagesVisible', `{"Fn::GetAtt":["${id}","QueueName"]}`),
          id,
        ).toBe(true);
      }
    });

    it('alarms on Slack notifier errors', () => {
      expect(alarmProps('SlackNotifierErrors')).toMatchObject({
        Namespace: 'AWS/Lambda',
        MetricName: 'Errors',
        Dimensions: [{ Name: 'FunctionName', Value: { Ref: ids.slack } }],
        Threshold: 1,
      });
    });
  });

  describe('dashboard and outputs', () => {
    it('deploys no dashboard unless asked to', () => {
      template.resourceCountIs('AWS::CloudWatch::Dashboard', 0);
    });

    it('outputs table names, topic ARNs, function and log group names', () => {
      const outputs = template.findOutputs('*');
      expect(Object.keys(outputs).sort()).toEqual(
        [
          'AlarmTopicArn',
          'HistoryTableName',
          'NotificationTopicArn',
          'PollerFunctionName',
          'PollerLogGroupName',
          'SlackNotifierFunctionName',
          'SlackNotifierLogGroupName',
          'SnapshotTableName',
        ].sort(),
      );
      expect(outputs.SnapshotTableName?.Value).toEqual({ Ref: ids.snapshots });
      expect(outputs.PollerFunctionName?.Value).toEqual({ Ref: ids.poller });
    });
  });
});

describe('assertDeployable', () => {
  const yaml = (credentials: string) =>
    [
      'clusters:',
      '  - clusterId: lkc-abc123',
      '    label: prod-eu',
      '    restEndpoint: https://pkc-abc12.eu-west-1.aws.confluent.cloud',
      `    credentials: ${credentials}`,
    ].join('\n');

  it('refuses env credentials, which only work locally', () => {
    // Prepare
    const config = parseConfig(yaml('{ env: { token: TOKEN } }'), 'config/monitor.yaml');

    // Act
    const act = () => assertDeployable(config);

    // Assess
    expect(act).toThrow(
      'config/monitor.yaml: clusters[0].credentials: env credentials are for local runs only; a deployment needs secret',
    );
  });

  it('passes a shared secret and the cluster key in it through', () => {
    // Prepare
    const config = parseConfig(yaml('{ secret: monitor/all-clusters, key: prod-eu }'), 'config/monitor.yaml');

    // Act
    const clusters = assertDeployable(config);

    // Assess
    expect(clusters[0]).toMatchObject({ secretId: 'monitor/all-clusters', secretKey: 'prod-eu' });
  });

  it('passes the secret id through for secret credentials', () => {
    // Prepare
    const config = parseConfig(yaml('{ secret: monitor/prod-eu }'), 'config/monitor.yaml');

    // Act
    const clusters = assertDeployable(config);

    // Assess
    expect(clusters).toEqual([
      {
        clusterId: 'lkc-abc123',
        label: 'prod-eu',
        restEndpoint: 'https://pkc-abc12.eu-west-1.aws.confluent.cloud',
        secretId: 'monitor/prod-eu',
      },
    ]);
  });
});
