import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { deployFindings } from '../../adapters/config/deploy-rules.js';
import { parseConfig } from '../../adapters/config/load-config.js';
import {
  LONGEST_PLACE,
  POLLER_CREDENTIALS_SIDS,
  policyDocumentChars,
  pollerCredentialsGrant,
  readSecretsGrant,
} from '../../adapters/config/secret-grants.js';
import {
  IAM_ROLE_INLINE_POLICIES_CHARS,
  POLLER_OTHER_POLICY_CHARS,
} from '../../adapters/config/secret-rules.js';
import { POLLER_CLUSTERS_FILE } from '../../adapters/lambda/poller-clusters-file.js';
import { MAX_CLUSTERS_PER_INVOCATION, pollShardCount } from '../../infra/constructs/poller.js';
import { longestPolicyChars, renderLongest } from './longest-render.js';
import { functionAssetDir, type Synthesized, synthesize, synthesizeYaml } from './synth-monitor.js';

type Resource = { Type: string; Properties: Record<string, unknown> };
type Statement = { Sid?: string; Action: string | string[]; Resource: unknown };

/** Nothing in the stack but the cluster list grows with the clusters: 2,000 of them still fit one stack. */
const CLUSTERS = 2_000;
/** Clusters per shared secret: each team keeps its clusters' keys in one secret. */
const CLUSTERS_PER_SECRET = 20;
const COMPLETE_ARN = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:monitor/imported-AbCdEf';
const PARTIAL_ARN = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:monitor/partial';
/** The teams' secrets live under one path, granted once. */
const TEAMS_PATH = 'cluster-link-monitor/teams/';

/** Cluster i's secret: shared by 20 clusters each; one complete and one partial ARN among them. */
function secretOf(i: number): string {
  const team = Math.floor(i / CLUSTERS_PER_SECRET);
  if (team === 0) return COMPLETE_ARN;
  if (team === 1) return PARTIAL_ARN;
  return `${TEAMS_PATH}team-number-${team}`;
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
  `clusterSecretPrefixes: [${TEAMS_PATH}]`,
].join('\n');

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
    const size = Object.entries(renderLongest(variables) as Record<string, string>).reduce(
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

  it("lets the poller read the teams' path and exactly the other configured secrets", () => {
    const granted = statementsOf(pollerRoleId)
      .filter((s) => [s.Action].flat().includes('secretsmanager:GetSecretValue'))
      .flatMap((s) => [s.Resource].flat())
      .map((resource) => renderLongest(resource));
    expect([...granted].sort()).toEqual(
      [
        LONGEST_PLACE.secretArn(`${TEAMS_PATH}*`),
        // Complete, or partial for a name ending in six characters: granted both ways.
        COMPLETE_ARN,
        `${COMPLETE_ARN}-??????`,
        `${PARTIAL_ARN}-??????`,
      ].sort(),
    );
    expect(granted).not.toContain(LONGEST_PLACE.secretArn('cluster-link-monitor/slack-webhook-??????'));
  });

  it("keeps the poller role's inline policies within IAM's 10,240 characters, with no managed policy", () => {
    const policies = policiesOf(pollerRoleId);
    const inline = policies.filter(([, r]) => r.Type === 'AWS::IAM::Policy');
    expect(policies.filter(([, r]) => r.Type === 'AWS::IAM::ManagedPolicy')).toEqual([]);
    expect(
      inline.reduce((total, [, r]) => total + longestPolicyChars(r.Properties.PolicyDocument), 0),
    ).toBeLessThanOrEqual(IAM_ROLE_INLINE_POLICIES_CHARS);
  });

  it('has the alarms of a stack of one cluster but one "not running" alarm per shard, and no dashboard unless asked', () => {
    const alarms = ofType('AWS::CloudWatch::Alarm');
    // Four on the monitor itself, one per shard instead of one on the function, three on the Slack path.
    expect(alarms).toHaveLength(4 + pollShardCount(CLUSTERS) + 3);
    expect(ofType('AWS::CloudWatch::Dashboard')).toHaveLength(0);
  });

  it('splits the clusters into shards, each run by its own schedule, side by side, reserving no concurrency', () => {
    const shards = pollShardCount(CLUSTERS);
    expect(shards).toBe(Math.ceil(CLUSTERS / MAX_CLUSTERS_PER_INVOCATION));
    expect(shards).toBeGreaterThan(1);
    const schedules = ofType('AWS::Scheduler::Schedule').map(
      ([, r]) =>
        JSON.parse((r.Properties.Target as { Input: string }).Input) as { shard: number; shards: number },
    );
    expect(schedules.map((input) => input.shard).sort()).toEqual(Array.from({ length: shards }, (_, i) => i));
    expect(new Set(schedules.map((input) => input.shards))).toEqual(new Set([shards]));
    expect((all[pollerId] as Resource).Properties.ReservedConcurrentExecutions).toBeUndefined();
  });

  it("stays within CloudFormation's limits of 500 resources and a 1 MB template", () => {
    expect(Object.keys(all).length).toBeLessThanOrEqual(500);
    expect(JSON.stringify(synth.template.toJSON()).length).toBeLessThan(1_000_000);
  });
});

/** Every secret its own, under a long name; the longest stack name, the stack's own key and the most secret keys. */
function ownSecretsConfig(count: number): string {
  return [
    `stackName: L${'x'.repeat(127)}`,
    'clusters:',
    ...Array.from({ length: count }, (_, i) => {
      const id = String(i).padStart(5, '0');
      return `  - { clusterId: lkc-${id}, label: cluster-${id}, restEndpoint: https://pkc-${id}.example.com, credentials: { secret: cluster-link-monitor/clusters/production-cluster-number-${id} } }`;
    }),
    'topicEncryption: customer-managed',
    'secretKmsKeys:',
    ...Array.from(
      { length: 10 },
      (_, i) => `  - arn:aws:kms:eu-west-1:123456789012:key/0000000${i}-12ab-34cd-56ef-1234567890ab`,
    ),
  ].join('\n');
}

describe('ClusterLinkMonitorStack for the most different secrets the config accepts', () => {
  const refusal = (count: number) =>
    deployFindings(parseConfig(ownSecretsConfig(count), 'estate.yaml')).find(
      (f) => f.level === 'error' && f.path === 'clusters',
    );
  let most = 0;
  let synth: Synthesized;
  let policies: [string, Resource][];

  beforeAll(() => {
    while (refusal(most + 1) === undefined) most += 1;
    synth = synthesize(parseConfig(ownSecretsConfig(most), 'estate.yaml'));
    const all = synth.template.toJSON().Resources as Record<string, Resource>;
    const roleId = Object.keys(all).find(
      (id) => id.startsWith('PollerRole') && all[id]?.Type === 'AWS::IAM::Role',
    );
    policies = Object.entries(all).filter(
      ([, r]) =>
        (r.Type === 'AWS::IAM::Policy' || r.Type === 'AWS::IAM::ManagedPolicy') &&
        JSON.stringify(r.Properties.Roles ?? []).includes(`"Ref":"${roleId}"`),
    );
  });

  it('accepts tens of secrets of 60-character names one by one, and refuses one more, saying what to do', () => {
    expect(most).toBeGreaterThanOrEqual(30);
    expect(refusal(most + 1)?.message).toMatch(
      new RegExp(
        `^the poller's grant to read ${most + 1} different secrets takes up to \\d+ characters of its IAM policy, more than the \\d+ its role has room for .*clusterSecretPrefixes.*credentials: \\{ secret: NAME, key: KEY \\}$`,
      ),
    );
  });

  it("keeps the poller role's inline policies within IAM's 10,240 characters at that size, with no managed policy", () => {
    expect(policies.filter(([, r]) => r.Type === 'AWS::IAM::ManagedPolicy')).toEqual([]);
    const total = policies.reduce((sum, [, r]) => sum + longestPolicyChars(r.Properties.PolicyDocument), 0);
    expect(total).toBeLessThanOrEqual(IAM_ROLE_INLINE_POLICIES_CHARS);
  });

  it('measures the credentials policy at synth exactly as the deploy rule does', () => {
    const [, credentials] = policies.find(([id]) => id.startsWith('PollerCredentialsPolicy')) ?? [];
    expect(longestPolicyChars(credentials?.Properties.PolicyDocument)).toBe(
      policyDocumentChars(
        readSecretsGrant(POLLER_CREDENTIALS_SIDS, pollerCredentialsGrant(synth.config), LONGEST_PLACE),
      ),
    );
  });

  it("leaves the role's other statements within what the deploy rule reserves for them", () => {
    const [, others] = policies.find(([id]) => id.startsWith('PollerRoleDefaultPolicy')) ?? [];
    expect(longestPolicyChars(others?.Properties.PolicyDocument)).toBeLessThanOrEqual(
      POLLER_OTHER_POLICY_CHARS,
    );
  });
});
