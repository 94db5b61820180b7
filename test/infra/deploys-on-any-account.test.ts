/**
 * What lets the stack deploy, and update, on any account: no reserved concurrency unless asked,
 * subscriptions whose filter policy is never removed, grants for secrets under a key of their own,
 * publishers of other accounts allowed by the topic, and configs that cannot work refused at synth.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { Match } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { longestPollerEnvironment } from '../../adapters/config/environment-rules.js';
import { EVERY_NOTIFICATION } from '../../adapters/routing/route-filter-policies.js';
import { renderSnsMessages } from '../../core/notify/render/sns-message.js';
import { MAX_CLUSTERS_PER_INVOCATION } from '../../infra/constructs/poller.js';
import { setUpSynth } from '../../infra/synth-config.js';
import { filterPolicyMatches } from '../support/sns-filter-policy.js';
import { scenarios } from '../unit/core/notify/render/notification-fixtures.js';
import { type Synthesized, synthesizeYaml } from './synth-monitor.js';

type Resource = { Type: string; Properties: Record<string, unknown>; DependsOn?: string[] };

const CLUSTER =
  '  - { clusterId: lkc-eu, label: prod-eu, restEndpoint: https://pkc-eu.example.com, credentials: { secret: c/eu } }';
const KEY = 'arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';
const OTHER_ACCOUNT_PUBLISHER = 'arn:aws:iam::999988887777:role/platform-oncall';

function subscriptions(synth: Synthesized): Record<string, Resource> {
  return synth.template.findResources('AWS::SNS::Subscription') as Record<string, Resource>;
}

describe('A receiver changed from filtered to unfiltered', () => {
  const receivers = (minSeverity: string) => [
    'clusters:',
    CLUSTER,
    `emailRecipients: [{ address: oncall@example.com, minSeverity: ${minSeverity} }]`,
    `slack: { webhookSecret: slack/platform, minSeverity: ${minSeverity} }`,
  ];
  let filtered: Synthesized;
  let unfiltered: Synthesized;

  beforeAll(() => {
    filtered = synthesizeYaml(receivers('critical').join('\n'));
    unfiltered = synthesizeYaml(receivers('info').join('\n'));
  });

  it('keeps its subscriptions, updated in place, each still with a scope and a policy', () => {
    // Assess: the same logical ids, so CloudFormation updates them instead of replacing them.
    expect(Object.keys(subscriptions(unfiltered)).sort()).toEqual(
      Object.keys(subscriptions(filtered)).sort(),
    );
    expect(Object.keys(subscriptions(unfiltered))).toHaveLength(2);
    for (const protocol of ['email', 'lambda']) {
      filtered.template.hasResourceProperties('AWS::SNS::Subscription', {
        Protocol: protocol,
        FilterPolicyScope: 'MessageAttributes',
        FilterPolicy: { problem_severity: ['critical'] },
      });
      unfiltered.template.hasResourceProperties('AWS::SNS::Subscription', {
        Protocol: protocol,
        FilterPolicyScope: 'MessageAttributes',
        FilterPolicy: EVERY_NOTIFICATION,
      });
    }
  });

  it('gets a policy that every message the monitor publishes matches', () => {
    // Prepare
    const messages = scenarios().flatMap((scenario) => renderSnsMessages(scenario.notification));

    // Assess
    expect(messages.length).toBeGreaterThan(10);
    for (const message of messages) {
      expect(filterPolicyMatches(EVERY_NOTIFICATION, message.messageAttributes)).toBe(true);
    }
    // It is a real filter on what the monitor sends: a message without its attributes would not match.
    expect(filterPolicyMatches(EVERY_NOTIFICATION, {})).toBe(false);
  });
});

describe('reserveConcurrency: true, past one shard', () => {
  let synth: Synthesized;

  beforeAll(() => {
    synth = synthesizeYaml(
      [
        'clusters:',
        ...Array.from({ length: MAX_CLUSTERS_PER_INVOCATION + 1 }, (_, i) => {
          const id = String(i).padStart(5, '0');
          return `  - { clusterId: lkc-${id}, label: c-${id}, restEndpoint: https://pkc-${id}.example.com, credentials: { secret: c/all, key: k${id} } }`;
        }),
        'reserveConcurrency: true',
      ].join('\n'),
    );
  });

  it('reserves one concurrent execution per shard', () => {
    synth.template.hasResourceProperties('AWS::Lambda::Function', { ReservedConcurrentExecutions: 2 });
  });

  it("creates every schedule after its role's policy, so that no first tick is refused", () => {
    const policies = Object.keys(synth.template.findResources('AWS::IAM::Policy')).filter((id) =>
      id.startsWith('PollScheduleRoleDefaultPolicy'),
    );
    const schedules = Object.values(synth.template.findResources('AWS::Scheduler::Schedule')) as Resource[];
    expect(policies).toHaveLength(1);
    expect(schedules).toHaveLength(2);
    for (const schedule of schedules) expect(schedule.DependsOn).toContain(policies[0]);
  });
});

describe('Secrets under a key of their own, and a publisher of another account', () => {
  let synth: Synthesized;

  beforeAll(() => {
    synth = synthesizeYaml(
      [
        'clusters:',
        CLUSTER,
        'slack: { webhookSecret: slack/platform }',
        `secretKmsKeys: ["${KEY}"]`,
        `notificationPublishers: ["${OTHER_ACCOUNT_PUBLISHER}"]`,
      ].join('\n'),
    );
  });

  const decryptThroughSecretsManager = (sid: string) =>
    Match.objectLike({
      Sid: sid,
      Effect: 'Allow',
      Action: 'kms:Decrypt',
      Resource: KEY,
      Condition: {
        StringEquals: {
          'kms:ViaService': {
            'Fn::Join': ['', ['secretsmanager.', { Ref: 'AWS::Region' }, '.amazonaws.com']],
          },
        },
      },
    });

  it('lets the poller and the Slack notifier decrypt their secrets with the key, through Secrets Manager only', () => {
    for (const sid of ['DecryptClusterCredentials', 'DecryptSlackWebhook']) {
      synth.template.hasResourceProperties('AWS::IAM::Policy', {
        PolicyDocument: { Statement: Match.arrayWith([decryptThroughSecretsManager(sid)]) },
      });
    }
  });

  it("allows the other account's publisher in the topic's policy, matched by its ARN, and denies no one listed", () => {
    synth.template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Sid: 'OnlyListedPublishers',
            Effect: 'Deny',
            Condition: {
              ArnNotEquals: { 'aws:PrincipalArn': Match.arrayWith([OTHER_ACCOUNT_PUBLISHER]) },
            },
          }),
          Match.objectLike({
            Sid: 'ListedPublishersMayPublish',
            Effect: 'Allow',
            Principal: { AWS: 'arn:aws:iam::999988887777:root' },
            Action: 'sns:Publish',
            Condition: { ArnEquals: { 'aws:PrincipalArn': [OTHER_ACCOUNT_PUBLISHER] } },
          }),
        ]),
      },
    });
  });

  it('passes the cdk-nag checks', () => {
    expect(synth.nagViolations).toEqual([]);
  });

  it("measures at synth exactly the variables the poller's environment has once deployed", () => {
    // Prepare
    const poller = Object.entries(synth.template.findResources('AWS::Lambda::Function')).find(([id]) =>
      id.startsWith('PollerFunction'),
    )?.[1] as Resource;
    const deployed = (poller.Properties.Environment as { Variables: Record<string, unknown> }).Variables;

    // Act
    const measured = longestPollerEnvironment(synth.config);

    // Assess: every variable counted, and every value known at synth counted as it is.
    expect(Object.keys(measured).sort()).toEqual(Object.keys(deployed).sort());
    for (const [name, value] of Object.entries(deployed)) {
      if (typeof value === 'string') expect(measured[name], name).toBe(value);
    }
  });
});

describe('Function: setUpSynth, for a secret the deployed functions could not read', () => {
  const dir = mkdtempSync(join(tmpdir(), 'any-account-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("refuses a cluster's secret in another account than the one deployed to, naming the cluster and the secret", async () => {
    // Prepare
    const secret = 'arn:aws:secretsmanager:eu-west-1:999988887777:secret:monitor/prod-eu';
    const path = join(dir, 'cross-account.yaml');
    writeFileSync(
      path,
      `clusters:\n  - { clusterId: lkc-eu, label: prod-eu, restEndpoint: https://pkc-eu.example.com, credentials: { secret: "${secret}" } }\n`,
    );

    // Act
    const setup = await setUpSynth(new App({ context: { config: path } }), {
      account: '111122223333',
      region: 'eu-west-1',
    });

    // Assess
    expect(setup.ok).toBe(false);
    if (setup.ok) return;
    expect(setup.message).toContain(
      `${path}: clusters[0].credentials.secret: the secret of cluster prod-eu (lkc-eu), ${secret}, is in account 999988887777, but the stack deploys to account 111122223333`,
    );
  });
});
