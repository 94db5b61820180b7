import { describe, expect, it } from 'vitest';
import { POLLER_PERMISSIONS } from '../../../../adapters/lambda/function-permissions.js';
import {
  type DeployedFinding,
  type DeploymentFacts,
  deployedFindings,
  type FunctionPermissionFacts,
  functionKind,
  queueArn,
  requiredPermissions,
  type StackLocation,
  secretResourceArn,
  stackLocation,
} from '../../../../tools/cli/deployed-findings.js';

const AT: StackLocation = { partition: 'aws', region: 'eu-west-1', account: '123456789012' };
const ROLE = 'arn:aws:iam::123456789012:role/Monitor-PollerRole1A2B3C';
const TOPIC = 'arn:aws:sns:eu-west-1:123456789012:Monitor-NotificationTopic';
const ALARMS = 'arn:aws:sns:eu-west-1:123456789012:Monitor-AlarmTopic';
const POLLER_ENVIRONMENT = {
  SNAPSHOT_TABLE_NAME: 'Monitor-Snapshots',
  HISTORY_TABLE_NAME: 'Monitor-History',
  NOTIFICATION_TOPIC_ARN: TOPIC,
};

function allowed(needs: FunctionPermissionFacts['needs']): FunctionPermissionFacts['answers'] {
  return { ok: true, value: needs.map((n) => ({ ...n, decision: 'allowed', deniedBy: null })) };
}

const POLLER_NEEDS = [
  { action: 'dynamodb:GetItem', resource: 'arn:aws:dynamodb:eu-west-1:123456789012:table/Monitor-Snapshots' },
  { action: 'sns:Publish', resource: TOPIC },
];

/** A deployment where everything is as it should be; each test spoils one part. */
function aDeployment(overrides: Partial<DeploymentFacts> = {}): DeploymentFacts {
  return {
    stackName: 'Monitor',
    location: AT,
    concurrency: { ok: true, value: { limit: 1000, unreserved: 1000 } },
    functions: [
      {
        logicalId: 'Poller',
        physicalId: 'Monitor-Poller',
        function: {
          ok: true,
          value: {
            functionName: 'Monitor-Poller',
            roleArn: ROLE,
            environment: POLLER_ENVIRONMENT,
            reservedConcurrency: null,
          },
        },
      },
    ],
    topics: [
      {
        label: 'notification topic',
        topicArn: TOPIC,
        subscriptions: {
          ok: true,
          value: [
            { protocol: 'email', endpoint: 'oncall@example.com', pending: false },
            {
              protocol: 'lambda',
              endpoint: 'arn:aws:lambda:eu-west-1:123456789012:function:Slack',
              pending: false,
            },
          ],
        },
        expectedEmails: ['oncall@example.com'],
      },
      {
        label: 'alarm topic',
        topicArn: ALARMS,
        subscriptions: {
          ok: true,
          value: [{ protocol: 'email', endpoint: 'platform@example.com', pending: false }],
        },
        expectedEmails: ['platform@example.com'],
      },
    ],
    schedules: [
      { name: 'Monitor-PollSchedule', schedule: { ok: true, value: { state: 'ENABLED', shard: null } } },
    ],
    permissions: [
      {
        functionLabel: 'poller Monitor-Poller',
        roleArn: ROLE,
        needs: POLLER_NEEDS,
        answers: allowed(POLLER_NEEDS),
      },
    ],
    clusterSecretsKnown: true,
    ...overrides,
  };
}

const notOk = (findings: readonly DeployedFinding[]) => findings.filter((f) => f.status !== 'ok');

describe('Function: deployedFindings', () => {
  it('reports every part of a healthy deployment as ok', () => {
    // Act
    const report = deployedFindings(aDeployment());

    // Assess
    expect(report.ok).toBe(true);
    expect(notOk(report.findings)).toEqual([]);
    expect(report.findings.map((f) => f.message)).toEqual([
      'account concurrency: limit 1000, unreserved 1000',
      'notification topic: email oncall@example.com confirmed',
      'notification topic: lambda Slack confirmed',
      'alarm topic: email platform@example.com confirmed',
      'schedule Monitor-PollSchedule enabled',
      'poller Monitor-Poller: its role allows all 2 (action, resource) pairs it needs',
    ]);
  });

  it('fails on a pending email subscription, naming the address and how to resend', () => {
    // Prepare
    const facts = aDeployment({
      topics: [
        {
          label: 'alarm topic',
          topicArn: ALARMS,
          subscriptions: {
            ok: true,
            value: [{ protocol: 'email', endpoint: 'platform@example.com', pending: true }],
          },
          expectedEmails: ['platform@example.com'],
        },
      ],
    });

    // Act
    const report = deployedFindings(facts);

    // Assess
    expect(report.ok).toBe(false);
    expect(notOk(report.findings)).toEqual([
      {
        status: 'failure',
        area: 'subscriptions',
        message:
          'alarm topic: email platform@example.com is pending confirmation, and receives nothing until confirmed',
        fix: expect.stringMatching(
          /^confirm the email sent to platform@example\.com .*aws sns subscribe --topic-arn arn:aws:sns:eu-west-1:123456789012:Monitor-AlarmTopic --protocol email --notification-endpoint platform@example\.com --region eu-west-1$/,
        ),
      },
    ]);
  });

  it('never prints the address of a URL endpoint, which may carry a secret', () => {
    // Prepare
    const webhook = 'https://hooks.slack.com/services/T000/B000/very-secret-token';
    const facts = aDeployment({
      topics: [
        {
          label: 'notification topic',
          topicArn: TOPIC,
          subscriptions: {
            ok: true,
            value: [
              { protocol: 'https', endpoint: webhook, pending: true },
              { protocol: 'https', endpoint: webhook, pending: false },
            ],
          },
          expectedEmails: null,
        },
      ],
    });

    // Act
    const report = deployedFindings(facts);

    // Assess
    expect(JSON.stringify(report)).not.toContain('very-secret-token');
    expect(JSON.stringify(report)).not.toContain('hooks.slack.com');
    expect(report.findings[1]?.message).toBe(
      'notification topic: https endpoint (address not shown) is pending confirmation, and receives nothing until confirmed',
    );
  });

  it('fails on an email of the config that SNS no longer has (unconfirmed for 3 days)', () => {
    // Prepare
    const facts = aDeployment({
      topics: [
        {
          label: 'notification topic',
          topicArn: TOPIC,
          subscriptions: { ok: true, value: [] },
          expectedEmails: ['oncall@example.com'],
        },
      ],
    });

    // Act
    const findings = notOk(deployedFindings(facts).findings);

    // Assess
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({
      status: 'failure',
      message: expect.stringContaining('oncall@example.com is in the config but not subscribed'),
    });
  });

  it('warns about a topic nobody is subscribed to', () => {
    // Prepare
    const facts = aDeployment({
      topics: [
        {
          label: 'alarm topic',
          topicArn: ALARMS,
          subscriptions: { ok: true, value: [] },
          expectedEmails: [],
        },
      ],
    });

    // Act
    const findings = notOk(deployedFindings(facts).findings);

    // Assess
    expect(findings).toEqual([
      {
        status: 'warning',
        area: 'subscriptions',
        message: 'alarm topic: no subscription, nobody receives what is published to it',
        fix: 'add alarmEmails to the config and deploy',
      },
    ]);
  });

  it('fails on a disabled schedule, naming it with its shard', () => {
    // Prepare
    const facts = aDeployment({
      schedules: [
        {
          name: 'Monitor-PollSchedule',
          schedule: { ok: true, value: { state: 'ENABLED', shard: { index: 0, count: 2 } } },
        },
        {
          name: 'Monitor-PollSchedule2',
          schedule: { ok: true, value: { state: 'DISABLED', shard: { index: 1, count: 2 } } },
        },
      ],
    });

    // Act
    const report = deployedFindings(facts);

    // Assess
    expect(report.ok).toBe(false);
    expect(report.findings.filter((f) => f.area === 'schedules')).toEqual([
      {
        status: 'ok',
        area: 'schedules',
        message: 'schedule Monitor-PollSchedule (shard 1 of 2) enabled',
        fix: null,
      },
      {
        status: 'failure',
        area: 'schedules',
        message:
          'schedule Monitor-PollSchedule2 (shard 2 of 2) is DISABLED: the clusters of shard 2 are not polled',
        fix: expect.stringContaining('enable it in the EventBridge Scheduler console'),
      },
    ]);
  });

  it('fails on a schedule the stack names but Scheduler does not know, and on a stack without schedules', () => {
    // Act
    const missing = deployedFindings(
      aDeployment({ schedules: [{ name: 'Monitor-PollSchedule', schedule: { ok: true, value: null } }] }),
    );
    const none = deployedFindings(aDeployment({ schedules: [] }));

    // Assess
    expect(notOk(missing.findings)[0]?.message).toContain(
      'schedule Monitor-PollSchedule is in the stack but',
    );
    expect(notOk(none.findings)[0]?.message).toBe(
      'stack Monitor has no poll schedule: nothing runs the poller',
    );
    expect([missing.ok, none.ok]).toEqual([false, false]);
  });

  it('fails on each permission the simulator denies, naming the action, the resource and what to fix', () => {
    // Prepare
    const [getItem, publish] = POLLER_NEEDS as [(typeof POLLER_NEEDS)[0], (typeof POLLER_NEEDS)[0]];
    const facts = aDeployment({
      permissions: [
        {
          functionLabel: 'poller Monitor-Poller',
          roleArn: ROLE,
          needs: POLLER_NEEDS,
          answers: {
            ok: true,
            value: [
              { ...getItem, decision: 'implicitDeny', deniedBy: null },
              { ...publish, decision: 'explicitDeny', deniedBy: 'HandAddedDeny' },
            ],
          },
        },
      ],
    });

    // Act
    const report = deployedFindings(facts);

    // Assess
    expect(report.ok).toBe(false);
    expect(notOk(report.findings)).toEqual([
      {
        status: 'failure',
        area: 'permissions',
        message: `poller Monitor-Poller: role Monitor-PollerRole1A2B3C may not dynamodb:GetItem on ${getItem.resource}`,
        fix: expect.stringMatching(
          /^redeploy the stack .*; if the role was edited by hand, put back the statement/,
        ),
      },
      {
        status: 'failure',
        area: 'permissions',
        message: `poller Monitor-Poller: role Monitor-PollerRole1A2B3C may not sns:Publish on ${TOPIC}: a Deny in HandAddedDeny refuses it`,
        fix: expect.stringContaining('redeploying does not remove it'),
      },
    ]);
  });

  it('warns, without failing, when the account is new (limit 10) and says what to ask for', () => {
    // Act
    const report = deployedFindings(
      aDeployment({ concurrency: { ok: true, value: { limit: 10, unreserved: 10 } } }),
    );

    // Assess
    expect(report.ok).toBe(true);
    expect(notOk(report.findings)).toEqual([
      {
        status: 'warning',
        area: 'concurrency',
        message: expect.stringContaining('at most 10 Lambda functions at once in eu-west-1 (a new account)'),
        fix: expect.stringContaining(
          'aws service-quotas request-service-quota-increase --service-code lambda --quota-code L-B99A9384 --desired-value 1000 --region eu-west-1',
        ),
      },
    ]);
  });

  it("warns when the unreserved concurrency is at Lambda's minimum", () => {
    // Act
    const findings = notOk(
      deployedFindings(aDeployment({ concurrency: { ok: true, value: { limit: 1000, unreserved: 100 } } }))
        .findings,
    );

    // Assess
    expect(findings).toHaveLength(1);
    expect(findings[0]?.message).toBe(
      "unreserved concurrency 100 (of 1000) is at Lambda's minimum of 100: other functions reserve the rest, and no function can reserve more",
    );
  });

  it('lists each reserved concurrency, and fails on a reservation of 0 (the function never runs)', () => {
    // Prepare
    const poller = (reserved: number) => ({
      logicalId: 'Poller',
      physicalId: 'Monitor-Poller',
      function: {
        ok: true as const,
        value: {
          functionName: 'Monitor-Poller',
          roleArn: ROLE,
          environment: POLLER_ENVIRONMENT,
          reservedConcurrency: reserved,
        },
      },
    });

    // Act
    const two = deployedFindings(aDeployment({ functions: [poller(2)] }));
    const zero = deployedFindings(aDeployment({ functions: [poller(0)] }));

    // Assess
    expect(two.findings).toContainEqual({
      status: 'ok',
      area: 'concurrency',
      message: 'poller Monitor-Poller reserves 2 concurrent execution(s)',
      fix: null,
    });
    expect(zero.ok).toBe(false);
    expect(notOk(zero.findings)[0]?.fix).toBe(
      'remove the reservation: aws lambda delete-function-concurrency --function-name Monitor-Poller',
    );
  });

  it('turns what could not be read into warnings that name the permission to ask for', () => {
    // Prepare
    const refused = { ok: false as const, error: 'AccessDeniedException: not authorized' };
    const facts = aDeployment({
      concurrency: refused,
      topics: [
        { label: 'notification topic', topicArn: TOPIC, subscriptions: refused, expectedEmails: null },
      ],
      schedules: [{ name: 'Monitor-PollSchedule', schedule: refused }],
      permissions: [
        { functionLabel: 'poller Monitor-Poller', roleArn: ROLE, needs: POLLER_NEEDS, answers: refused },
      ],
      clusterSecretsKnown: false,
    });

    // Act
    const report = deployedFindings(facts);

    // Assess
    expect(report.ok).toBe(true);
    expect(notOk(report.findings).map((f) => [f.status, f.fix])).toEqual([
      ['warning', 'run the check with an identity that may call lambda:GetAccountSettings'],
      ['warning', `run the check with an identity that may call sns:ListSubscriptionsByTopic on ${TOPIC}`],
      [
        'warning',
        'run the check with an identity that may call scheduler:GetSchedule on Monitor-PollSchedule',
      ],
      ['warning', `run the check with an identity that may call iam:SimulatePrincipalPolicy on ${ROLE}`],
      ['warning', 'pass --config FILE, the config the stack was deployed from'],
    ]);
  });

  it('fails when the stack has no poller function', () => {
    // Act
    const report = deployedFindings(aDeployment({ functions: [], permissions: [] }));

    // Assess
    expect(report.ok).toBe(false);
    expect(notOk(report.findings)[0]?.message).toBe(
      'stack Monitor has no poller function: it is not a cluster link monitor stack, or its deployment failed',
    );
  });
});

describe('Function: requiredPermissions', () => {
  it("asks for every action the poller's code performs, on both tables, every index, the topic and each cluster secret", () => {
    // Act
    const needs = requiredPermissions('poller', POLLER_ENVIRONMENT, {
      location: AT,
      clusterSecretIds: ['confluent/prod', 'confluent/prod'],
      topicKeyArns: [],
    });

    // Assess
    const table = (name: string) => `arn:aws:dynamodb:eu-west-1:123456789012:table/${name}`;
    for (const resource of [table('Monitor-Snapshots'), table('Monitor-History')]) {
      expect(needs.filter((n) => n.resource === resource).map((n) => n.action)).toEqual([
        ...POLLER_PERMISSIONS.tables,
      ]);
      // Every claim reads the outbox marker first: without GetItem nothing is ever published.
      expect(needs).toContainEqual({ action: 'dynamodb:GetItem', resource });
    }
    expect(needs).toContainEqual({
      action: 'dynamodb:Query',
      resource: `${table('Monitor-Snapshots')}/index/clusters`,
    });
    expect(needs.filter((n) => n.resource.includes('/index/')).length).toBeGreaterThan(1);
    expect(needs).toContainEqual({ action: 'sns:Publish', resource: TOPIC });
    expect(needs.filter((n) => n.action === 'secretsmanager:GetSecretValue')).toEqual([
      {
        action: 'secretsmanager:GetSecretValue',
        resource: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:confluent/prod-??????',
      },
    ]);
    expect(needs.some((n) => n.action.startsWith('kms:'))).toBe(false);
  });

  it('asks for the topic key when the stack has one, and leaves out the secrets it cannot name', () => {
    // Act
    const needs = requiredPermissions('poller', POLLER_ENVIRONMENT, {
      location: AT,
      clusterSecretIds: null,
      topicKeyArns: ['arn:aws:kms:eu-west-1:123456789012:key/k-1'],
    });

    // Assess
    expect(needs.filter((n) => n.action.startsWith('kms:'))).toEqual([
      { action: 'kms:GenerateDataKey', resource: 'arn:aws:kms:eu-west-1:123456789012:key/k-1' },
      { action: 'kms:Decrypt', resource: 'arn:aws:kms:eu-west-1:123456789012:key/k-1' },
    ]);
    expect(needs.some((n) => n.action === 'secretsmanager:GetSecretValue')).toBe(false);
  });

  it('asks for a notifier its secret and its failures queue, from its environment', () => {
    // Act
    const slack = requiredPermissions(
      'slack-notifier',
      {
        SLACK_WEBHOOK_SECRET_ID: 'monitor/slack',
        SLACK_DLQ_URL: 'https://sqs.eu-west-1.amazonaws.com/123456789012/Monitor-SlackFailures',
      },
      { location: AT, clusterSecretIds: [], topicKeyArns: [] },
    );
    const pagerDuty = requiredPermissions(
      'pagerduty-notifier',
      {
        PAGERDUTY_ROUTING_KEY_SECRET_ID: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:pd-key-AbCdEf',
      },
      { location: AT, clusterSecretIds: [], topicKeyArns: [] },
    );

    // Assess
    expect(slack).toEqual([
      {
        action: 'secretsmanager:GetSecretValue',
        resource: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:monitor/slack-??????',
      },
      { action: 'sqs:SendMessage', resource: 'arn:aws:sqs:eu-west-1:123456789012:Monitor-SlackFailures' },
    ]);
    expect(pagerDuty).toEqual([
      {
        action: 'secretsmanager:GetSecretValue',
        resource: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:pd-key-AbCdEf',
      },
    ]);
  });

  it("asks for the PagerDuty notifier's alert ledger, which every page's resolve and order depend on", () => {
    // Act
    const needs = requiredPermissions(
      'pagerduty-notifier',
      {
        PAGERDUTY_ROUTING_KEY_SECRET_ID: 'pd/key',
        PAGERDUTY_ALERT_LEDGER_TABLE: 'Monitor-PagerDutyAlertLedger',
      },
      { location: AT, clusterSecretIds: [], topicKeyArns: [] },
    );

    // Assess
    const ledger = 'arn:aws:dynamodb:eu-west-1:123456789012:table/Monitor-PagerDutyAlertLedger';
    expect(needs.filter((need) => need.resource === ledger).map((need) => need.action)).toEqual([
      'dynamodb:Query',
      'dynamodb:UpdateItem',
    ]);
  });
});

describe('Function: functionKind', () => {
  it("tells the monitor's functions apart by their environment contract, and ignores others", () => {
    // Act & Assess
    expect(functionKind(POLLER_ENVIRONMENT)).toBe('poller');
    expect(functionKind({ SLACK_WEBHOOK_SECRET_ID: 's' })).toBe('slack-notifier');
    expect(functionKind({ PAGERDUTY_ROUTING_KEY_SECRET_ID: 's' })).toBe('pagerduty-notifier');
    expect(functionKind({ AWS_NODEJS_CONNECTION_REUSE_ENABLED: '1' })).toBeNull();
  });
});

describe('Function: secretResourceArn, queueArn, stackLocation', () => {
  it('builds the ARNs the stack grants from names, partial and complete ARNs, queue URLs and the stack id', () => {
    // Act & Assess
    expect(secretResourceArn('arn:aws:secretsmanager:eu-west-1:123456789012:secret:partial', AT)).toBe(
      'arn:aws:secretsmanager:eu-west-1:123456789012:secret:partial-??????',
    );
    expect(queueArn('not a url', AT)).toBeNull();
    expect(queueArn('https://sqs.eu-west-1.amazonaws.com/123456789012/q', AT)).toBe(
      'arn:aws:sqs:eu-west-1:123456789012:q',
    );
    expect(stackLocation('arn:aws-cn:cloudformation:cn-north-1:123456789012:stack/Monitor/abc')).toEqual({
      partition: 'aws-cn',
      region: 'cn-north-1',
      account: '123456789012',
    });
    expect(stackLocation('Monitor')).toBeNull();
  });
});
