import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { POLLER_CLUSTERS_FILE } from '../../adapters/lambda/poller-environment.js';
import { MAX_CLUSTERS_PER_INVOCATION, pollShardCount } from '../../infra/cluster-link-monitor-stack.js';
import { functionAssetDir, type Synthesized, synthesizeYaml } from './synth-monitor.js';

type Resource = { Type: string; Properties: Record<string, unknown> };
type Statement = { Sid?: string; Action: string | string[]; Resource: unknown };

/** Nothing in the stack but the cluster list grows with the clusters: 2,000 of them still fit one stack. */
const CLUSTERS = 2_000;
/** Clusters per shared secret: each team keeps its clusters' keys in one secret. */
const CLUSTERS_PER_SECRET = 20;
const COMPLETE_ARN = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:monitor/imported-AbCdEf';
const PARTIAL_ARN = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:monitor/partial';

/** Cluster i's secret: shared by 20 clusters each; one complete and one partial ARN among them. */
function secretOf(i: number): string {
  const team = Math.floor(i / CLUSTERS_PER_SECRET);
  if (team === 0) return COMPLETE_ARN;
  if (team === 1) return PARTIAL_ARN;
  return `cluster-link-monitor/team-number-${team}`;
}

const YAML = [
  'stackName: LinkMonitorLarge',
  'clusters:',
  ...Array.from({ length: CLUSTERS }, (_, i) =>
    [
      `  - clusterId: lkc-${String(i).padStart(5, '0')}`,
      `    label: production-cluster-number-${i}`,
      `    restEndpoint: https://pkc-${String(i).padStart(5, '0')}.eu-west-1.aws.confluent.cloud`,
      `    credentials: { secret: "${secretOf(i)}", key: lkc-${String(i).padStart(5, '0')} }`,
    ].join('\n'),
  ),
  'alarmEmails: [platform-team@example.com]',
  'slack: { webhookSecret: cluster-link-monitor/slack-webhook }',
].join('\n');

/**
 * Renders CloudFormation intrinsics the way they deploy, with the longest
 * partition and region, so sizes measured on the result are upper bounds.
 */
function render(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(render);
  if (typeof value !== 'object' || value === null) return value;
  const object = value as Record<string, unknown>;
  const pseudo: Record<string, string> = {
    'AWS::Partition': 'aws-us-gov',
    'AWS::Region': 'ap-southeast-3',
    'AWS::AccountId': '123456789012',
    'AWS::URLSuffix': 'amazonaws.com',
  };
  const physical = (id: string) => `arn:aws-us-gov:service:ap-southeast-3:123456789012:${id}-ABCDEFGHIJKLM`;
  if ('Ref' in object) return pseudo[object.Ref as string] ?? physical(object.Ref as string);
  if ('Fn::GetAtt' in object) return physical((object['Fn::GetAtt'] as string[]).join('.'));
  if ('Fn::Join' in object) {
    const [separator, parts] = object['Fn::Join'] as [string, unknown[]];
    return parts.map((part) => render(part) as string).join(separator);
  }
  return Object.fromEntries(Object.entries(object).map(([key, v]) => [key, render(v)]));
}

const renderedSize = (document: unknown) => JSON.stringify(render(document)).length;

describe(`ClusterLinkMonitorStack for ${CLUSTERS} clusters`, () => {
  let synth: Synthesized;
  let all: Record<string, Resource>;
  let pollerId: string;
  let pollerRoleId: string;

  const ofType = (type: string) => Object.entries(all).filter(([, r]) => r.Type === type);
  /** Inline and managed policies attached to a role. */
  const policiesOf = (roleId: string) =>
    [...ofType('AWS::IAM::Policy'), ...ofType('AWS::IAM::ManagedPolicy')].filter(([, r]) =>
      JSON.stringify(r.Properties.Roles ?? []).includes(`"Ref":"${roleId}"`),
    );
  const statementsOf = (roleId: string) =>
    policiesOf(roleId).flatMap(
      ([, r]) => (r.Properties.PolicyDocument as { Statement: Statement[] }).Statement,
    );

  beforeAll(() => {
    synth = synthesizeYaml(YAML);
    all = synth.template.toJSON().Resources as Record<string, Resource>;
    pollerId = ofType('AWS::Lambda::Function').find(([id]) => id.startsWith('PollerFunction'))?.[0] ?? '';
    pollerRoleId = ofType('AWS::IAM::Role').find(([id]) => id.startsWith('PollerRole'))?.[0] ?? '';
  });

  it('synthesizes with every cdk-nag check passing', () => {
    expect(synth.nagViolations).toEqual([]);
    expect(synth.config.clusters).toHaveLength(CLUSTERS);
  });

  it("keeps the poller's environment far below Lambda's 4 KB", () => {
    const poller = all[pollerId] as Resource;
    const variables = (poller.Properties.Environment as { Variables: Record<string, unknown> }).Variables;
    const size = Object.entries(render(variables) as Record<string, string>).reduce(
      (total, [name, value]) => total + name.length + value.length,
      0,
    );
    expect(size).toBeLessThan(2_048);
  });

  it('bundles every cluster in the clusters file, in config order', () => {
    const file = JSON.parse(
      readFileSync(join(functionAssetDir(synth, pollerId), POLLER_CLUSTERS_FILE), 'utf8'),
    );
    expect(file).toHaveLength(CLUSTERS);
    expect(file.map((c: { id: string }) => c.id)).toEqual(synth.config.clusters.map((c) => c.clusterId));
    expect(file[0]).toEqual({
      id: 'lkc-00000',
      label: 'production-cluster-number-0',
      url: 'https://pkc-00000.eu-west-1.aws.confluent.cloud',
      secret: COMPLETE_ARN,
      key: 'lkc-00000',
    });
  });

  it('lets the poller read exactly the configured secrets, each once, across however many statements', () => {
    const granted = statementsOf(pollerRoleId)
      .filter((s) => [s.Action].flat().includes('secretsmanager:GetSecretValue'))
      .flatMap((s) => [s.Resource].flat())
      .map((resource) => render(resource));
    const expected = [...new Set(Array.from({ length: CLUSTERS }, (_, i) => secretOf(i)))].map((secret) => {
      if (secret === COMPLETE_ARN) return COMPLETE_ARN;
      if (secret === PARTIAL_ARN) return `${PARTIAL_ARN}-??????`;
      return `arn:aws-us-gov:secretsmanager:ap-southeast-3:123456789012:secret:${secret}-??????`;
    });
    // CDK spreads statements over the inline and overflow policies, so only the set is fixed.
    expect([...granted].sort()).toEqual([...expected].sort());
    expect(granted).toHaveLength(CLUSTERS / CLUSTERS_PER_SECRET);
    expect(granted).not.toContain(
      'arn:aws-us-gov:secretsmanager:ap-southeast-3:123456789012:secret:cluster-link-monitor/slack-webhook-??????',
    );
  });

  it("fits the poller role's policies within IAM's size limits", () => {
    const policies = policiesOf(pollerRoleId);
    const inline = policies.filter(([, r]) => r.Type === 'AWS::IAM::Policy');
    const managed = policies.filter(([, r]) => r.Type === 'AWS::IAM::ManagedPolicy');
    // A role's inline policies share 10,240 characters; each managed policy has 6,144; a role takes 10 managed policies.
    expect(
      inline.reduce((total, [, r]) => total + renderedSize(r.Properties.PolicyDocument), 0),
    ).toBeLessThanOrEqual(10_240);
    for (const [, policy] of managed)
      expect(renderedSize(policy.Properties.PolicyDocument)).toBeLessThanOrEqual(6_144);
    expect(managed.length).toBeLessThanOrEqual(10);
  });

  it('has as many alarms as a stack of one cluster, and no dashboard unless asked', () => {
    const alarms = ofType('AWS::CloudWatch::Alarm');
    // Five on the monitor itself, three on the Slack path.
    expect(alarms).toHaveLength(8);
    expect(ofType('AWS::CloudWatch::Dashboard')).toHaveLength(0);
  });

  it('splits the clusters into shards, each run by its own schedule, side by side', () => {
    const shards = pollShardCount(CLUSTERS);
    expect(shards).toBe(Math.ceil(CLUSTERS / MAX_CLUSTERS_PER_INVOCATION));
    expect(shards).toBeGreaterThan(1);
    const schedules = ofType('AWS::Scheduler::Schedule').map(
      ([, r]) =>
        JSON.parse((r.Properties.Target as { Input: string }).Input) as { shard: number; shards: number },
    );
    expect(schedules.map((input) => input.shard).sort()).toEqual(Array.from({ length: shards }, (_, i) => i));
    expect(new Set(schedules.map((input) => input.shards))).toEqual(new Set([shards]));
    expect((all[pollerId] as Resource).Properties.ReservedConcurrentExecutions).toBe(shards);
  });

  it("stays within CloudFormation's limits of 500 resources and a 1 MB template", () => {
    expect(Object.keys(all).length).toBeLessThanOrEqual(500);
    expect(JSON.stringify(synth.template.toJSON()).length).toBeLessThan(1_000_000);
  });
});
