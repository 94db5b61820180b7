/**
 * `link-monitor check --deployed` as an operator runs it: the real command (bin/link-monitor.js)
 * in its own process, its real SDK clients pointed at a local stand-in of CloudFormation, Lambda,
 * SNS, EventBridge Scheduler and IAM's policy simulator by `AWS_ENDPOINT_URL_<SERVICE>`.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { POLLER_PERMISSIONS } from '../../../../adapters/lambda/function-permissions.js';
import {
  type DeployedStackStandIn,
  type DeployedStackStandInOptions,
  type PolicyDocument,
  startDeployedStackStandIn,
} from '../../../support/deployed-stack-stand-in.js';

const run = promisify(execFile);

const STACK = 'LinkMonitorIT';
const REGION = 'eu-west-1';
const ACCOUNT = '123456789012';
const arn = (service: string, resource: string) => `arn:aws:${service}:${REGION}:${ACCOUNT}:${resource}`;
const TOPIC = arn('sns', `${STACK}-NotificationTopic`);
const ALARM_TOPIC = arn('sns', `${STACK}-AlarmTopic`);
const POLLER_ROLE = `arn:aws:iam::${ACCOUNT}:role/${STACK}-PollerRole`;
const SLACK_ROLE = `arn:aws:iam::${ACCOUNT}:role/${STACK}-SlackNotifierRole`;
const SNAPSHOTS = arn('dynamodb', `table/${STACK}-Snapshots`);
const HISTORY = arn('dynamodb', `table/${STACK}-History`);
const SLACK_FAILURES = `${STACK}-SlackFailuresDlq`;
/** A webhook subscribed by hand: its URL is a secret and must never be printed. */
const HAND_MADE_WEBHOOK = 'https://hooks.slack.com/services/T0/B0/do-not-print-me';

/** The poller's role as the stack writes it (from the shared list); `without` leaves actions out, as a hand edit would. */
function pollerPolicy(without: readonly string[] = []): PolicyDocument {
  const tableActions = POLLER_PERMISSIONS.tables.filter((a) => !without.includes(a));
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'ReadWriteMonitorTables',
        Effect: 'Allow',
        Action: tableActions,
        Resource: [SNAPSHOTS, HISTORY],
      },
      {
        Sid: 'QueryMonitorIndexes',
        Effect: 'Allow',
        Action: 'dynamodb:Query',
        Resource: [`${SNAPSHOTS}/index/*`, `${HISTORY}/index/*`],
      },
      { Sid: 'PublishNotifications', Effect: 'Allow', Action: 'sns:Publish', Resource: TOPIC },
      {
        Sid: 'ReadClusterCredentials',
        Effect: 'Allow',
        Action: 'secretsmanager:GetSecretValue',
        Resource: [
          arn('secretsmanager', 'secret:confluent/prod-eu-??????'),
          arn('secretsmanager', 'secret:confluent/prod-us-??????'),
        ],
      },
    ],
  };
}

const SLACK_POLICY: PolicyDocument = {
  Version: '2012-10-17',
  Statement: [
    {
      Effect: 'Allow',
      Action: 'secretsmanager:GetSecretValue',
      Resource: arn('secretsmanager', 'secret:monitor/slack-webhook-??????'),
    },
    {
      Effect: 'Allow',
      Action: 'sqs:SendMessage',
      Resource: arn('sqs', SLACK_FAILURES),
    },
  ],
};

/** A deployment where everything is as it should be; a test spoils parts of it. */
function healthyDeployment(): DeployedStackStandInOptions {
  return {
    region: REGION,
    account: ACCOUNT,
    stack: {
      stackName: STACK,
      outputs: {
        NotificationTopicArn: TOPIC,
        AlarmTopicArn: ALARM_TOPIC,
        SnapshotTableName: `${STACK}-Snapshots`,
        HistoryTableName: `${STACK}-History`,
        PollerFunctionName: `${STACK}-Poller`,
      },
      resources: [
        { logicalId: 'PollerA1B2', type: 'AWS::Lambda::Function', physicalId: `${STACK}-Poller` },
        { logicalId: 'PollerRoleC3D4', type: 'AWS::IAM::Role', physicalId: `${STACK}-PollerRole` },
        {
          logicalId: 'SlackNotifierE5F6',
          type: 'AWS::Lambda::Function',
          physicalId: `${STACK}-SlackNotifier`,
        },
        { logicalId: 'StateNotificationTopic', type: 'AWS::SNS::Topic', physicalId: TOPIC },
        { logicalId: 'AlarmsTopic', type: 'AWS::SNS::Topic', physicalId: ALARM_TOPIC },
        { logicalId: 'PollSchedule', type: 'AWS::Scheduler::Schedule', physicalId: `${STACK}-PollSchedule` },
        {
          logicalId: 'PollSchedule2',
          type: 'AWS::Scheduler::Schedule',
          physicalId: `${STACK}-PollSchedule2`,
        },
        {
          logicalId: 'SlackFailuresDlq',
          type: 'AWS::SQS::Queue',
          physicalId: `https://sqs.${REGION}.amazonaws.com/${ACCOUNT}/${SLACK_FAILURES}`,
        },
      ],
    },
    accountConcurrency: { limit: 1000, unreserved: 1000 },
    functions: {
      [`${STACK}-Poller`]: {
        role: POLLER_ROLE,
        environment: {
          SNAPSHOT_TABLE_NAME: `${STACK}-Snapshots`,
          HISTORY_TABLE_NAME: `${STACK}-History`,
          NOTIFICATION_TOPIC_ARN: TOPIC,
          MONITOR_CLUSTERS_FILE: 'clusters.json',
        },
      },
      [`${STACK}-SlackNotifier`]: {
        role: SLACK_ROLE,
        environment: {
          SLACK_WEBHOOK_SECRET_ID: 'monitor/slack-webhook',
          SLACK_DLQ_URL: `https://sqs.${REGION}.amazonaws.com/${ACCOUNT}/${SLACK_FAILURES}`,
        },
      },
    },
    subscriptions: {
      [TOPIC]: [
        { protocol: 'email', endpoint: 'oncall@example.com', confirmed: true },
        { protocol: 'lambda', endpoint: arn('lambda', `function:${STACK}-SlackNotifier`), confirmed: true },
      ],
      [ALARM_TOPIC]: [{ protocol: 'email', endpoint: 'platform@example.com', confirmed: true }],
    },
    schedules: {
      [`${STACK}-PollSchedule`]: {
        state: 'ENABLED',
        input: '{"source":"cluster-link-monitor.schedule","shard":0,"shards":2}',
      },
      [`${STACK}-PollSchedule2`]: {
        state: 'ENABLED',
        input: '{"source":"cluster-link-monitor.schedule","shard":1,"shards":2}',
      },
    },
    roles: { [POLLER_ROLE]: [pollerPolicy()], [SLACK_ROLE]: [SLACK_POLICY] },
  };
}

const CONFIG = `stackName: ${STACK}
clusters:
  - clusterId: lkc-eu
    label: prod-eu
    restEndpoint: https://pkc-eu.eu-west-1.aws.confluent.cloud:443
    credentials: { secret: confluent/prod-eu }
  - clusterId: lkc-us
    label: prod-us
    restEndpoint: https://pkc-us.us-east-1.aws.confluent.cloud:443
    credentials: { secret: confluent/prod-us }
emailRecipients:
  - address: oncall@example.com
    minSeverity: warning
slack:
  webhookSecret: monitor/slack-webhook
  minSeverity: warning
alarmEmails: [platform@example.com]
`;

let dir: string;
let standIn: DeployedStackStandIn | undefined;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'cli-check-deployed-'));
  writeFileSync(join(dir, 'monitor.yaml'), CONFIG);
});

afterEach(async () => {
  await standIn?.stop();
  standIn = undefined;
  rmSync(dir, { recursive: true, force: true });
});

/** Runs the command as a user would, with only the environment an operator's shell would give it. */
async function linkMonitor(
  stand: DeployedStackStandIn,
  ...args: string[]
): Promise<{ code: number; stdout: string; stderr: string }> {
  const env = {
    PATH: process.env.PATH ?? '',
    HOME: dir,
    AWS_REGION: REGION,
    AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE',
    AWS_SECRET_ACCESS_KEY: 'example-secret',
    ...stand.env,
  };
  try {
    const { stdout, stderr } = await run('node', ['bin/link-monitor.js', ...args], { env, timeout: 50_000 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

const READ_ONLY = new Set([
  'DescribeStacks',
  'ListStackResources',
  'GetAccountSettings',
  'GetFunction',
  'ListSubscriptionsByTopic',
  'GetSchedule',
  'SimulatePrincipalPolicy',
]);

describe('link-monitor check --deployed', () => {
  it('says that an all-ok deployment is all ok, exits 0, and only reads', async () => {
    // Prepare
    standIn = await startDeployedStackStandIn(healthyDeployment());

    // Act
    const result = await linkMonitor(standIn, 'check', '--deployed', '--config', join(dir, 'monitor.yaml'));

    // Assess
    expect(result.stderr).not.toMatch(/error/i);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^All \d+ checks ok\.$/m);
    expect(result.stdout).not.toMatch(/warning|failure/);
    expect(result.stdout).toContain('schedule LinkMonitorIT-PollSchedule2 (shard 2 of 2) enabled');
    expect(result.stdout).toContain('alarm topic: email platform@example.com confirmed');
    expect(result.stdout).toMatch(
      /poller LinkMonitorIT-Poller: its role allows all \d+ \(action, resource\) pairs it needs/,
    );
    expect(result.stdout).toMatch(
      /Slack notifier LinkMonitorIT-SlackNotifier: its role allows all 2 \(action, resource\) pairs/,
    );
    expect(new Set(standIn.requests.map((r) => r.operation))).toEqual(READ_ONLY);
  });

  it('reports a pending subscription, a disabled schedule and a role missing a permission, and exits 1', async () => {
    // Prepare
    const deployment = healthyDeployment();
    standIn = await startDeployedStackStandIn({
      ...deployment,
      subscriptions: {
        [TOPIC]: [
          ...(deployment.subscriptions[TOPIC] ?? []),
          { protocol: 'https', endpoint: HAND_MADE_WEBHOOK, confirmed: true },
        ],
        [ALARM_TOPIC]: [{ protocol: 'email', endpoint: 'platform@example.com', confirmed: false }],
      },
      schedules: {
        ...deployment.schedules,
        [`${STACK}-PollSchedule2`]: { state: 'DISABLED', input: '{"shard":1,"shards":2}' },
      },
      roles: { ...deployment.roles, [POLLER_ROLE]: [pollerPolicy(['dynamodb:GetItem'])] },
    });

    // Act
    const result = await linkMonitor(standIn, 'check', '--deployed', '--config', join(dir, 'monitor.yaml'));

    // Assess
    expect(result.code).toBe(1);
    const lines = result.stdout.split('\n');
    const failureAndFix = (pattern: RegExp) => {
      const index = lines.findIndex((l) => pattern.test(l));
      expect(index, `no line matches ${pattern}`).toBeGreaterThanOrEqual(0);
      return [lines[index], lines[index + 1]];
    };
    expect(failureAndFix(/pending confirmation/)).toEqual([
      '✘ failure subscriptions alarm topic: email platform@example.com is pending confirmation, and receives nothing until confirmed',
      expect.stringMatching(
        /^ {2}fix: confirm the email sent to platform@example\.com .*or resend with: aws sns subscribe --topic-arn arn:aws:sns:eu-west-1:123456789012:LinkMonitorIT-AlarmTopic --protocol email --notification-endpoint platform@example\.com/,
      ),
    ]);
    expect(failureAndFix(/DISABLED/)).toEqual([
      '✘ failure schedules     schedule LinkMonitorIT-PollSchedule2 (shard 2 of 2) is DISABLED: the clusters of shard 2 are not polled',
      expect.stringMatching(/^ {2}fix: enable it in the EventBridge Scheduler console/),
    ]);
    for (const table of [SNAPSHOTS, HISTORY]) {
      const [line, fix] = failureAndFix(new RegExp(`may not dynamodb:GetItem on ${table}$`));
      expect(line).toBe(
        `✘ failure permissions   poller LinkMonitorIT-Poller: role LinkMonitorIT-PollerRole may not dynamodb:GetItem on ${table}`,
      );
      expect(fix).toMatch(
        /^ {2}fix: redeploy the stack .*if the role was edited by hand, put back the statement/,
      );
    }
    expect(result.stdout.match(/^✘/gm)).toHaveLength(4);
    expect(result.stdout).toContain('notification topic: https endpoint (address not shown) confirmed');
    expect(result.stdout).not.toContain('hooks.slack.com');
    expect(result.stdout.trimEnd().split('\n').at(-1)).toBe(
      '4 failure(s), 0 warning(s): the fixes are above.',
    );
  });

  it('takes the stack from --stack without a config, says what it could not check, and prints JSON', async () => {
    // Prepare
    standIn = await startDeployedStackStandIn(healthyDeployment());

    // Act
    const result = await linkMonitor(standIn, 'check', '--deployed', '--stack', STACK, '--json');

    // Assess
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout) as {
      stackName: string;
      ok: boolean;
      findings: { status: string; message: string }[];
    };
    expect(report).toMatchObject({ stackName: STACK, ok: true });
    expect(report.findings.filter((f) => f.status !== 'ok').map((f) => f.message)).toEqual([
      "the poller's access to the cluster secrets was not checked: without the config they cannot be named",
    ]);
  });

  it('exits 1 with the reason on stderr when the stack does not exist', async () => {
    // Prepare
    standIn = await startDeployedStackStandIn(healthyDeployment());

    // Act
    const result = await linkMonitor(standIn, 'check', '--deployed', '--stack', 'NoSuchStack');

    // Assess
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('error: stack NoSuchStack does not exist in this account and region');
    expect(result.stdout).toBe('');
  });
});
