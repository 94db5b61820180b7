/**
 * The PagerDuty notifiers' alert ledger as synthesized: one table for all of them, built like the
 * monitor's own tables, and each notifier told its name and its own part of it, with a grant of
 * exactly the two actions it uses beside them.
 */
import { rmSync } from 'node:fs';
import type { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../adapters/config/load-config.js';
import { ALERT_LEDGER_STATEMENT_SID } from '../../infra/constructs/pagerduty-alert-ledger.js';
import { ALERT_LEDGER_TABLE } from '../../receivers/pagerduty/alert-ledger-table.js';
import { PAGERDUTY_ENV } from '../../receivers/pagerduty/pagerduty-notifier-environment.js';
import { synthesize } from './synth-monitor.js';

type Resource = {
  Type: string;
  Properties: Record<string, unknown>;
  DeletionPolicy?: string;
  UpdateReplacePolicy?: string;
};
type Statement = { Sid?: string; Effect: string; Action: string | string[]; Resource: unknown };

const CLUSTERS = [
  'clusters:',
  '  - { clusterId: lkc-eu, label: prod-eu, restEndpoint: https://pkc-eu.example.com, credentials: { secret: c/eu } }',
  '  - { clusterId: lkc-us, label: prod-us, restEndpoint: https://pkc-us.example.com, credentials: { secret: c/us } }',
];
const TWO_PAGERDUTY_ROUTES = [
  ...CLUSTERS,
  'slack: { webhookSecret: slack/platform }',
  'routes:',
  '  - { name: payments, match: { clusters: [prod-eu] }, receivers: { pagerDuty: [{ routingKeySecret: pd/payments }] } }',
  '  - { name: platform, match: { clusters: [prod-us] }, receivers: { pagerDuty: [{ routingKeySecret: pd/platform }] } }',
].join('\n');

function templateOf(yaml: string): Template {
  const synth = synthesize(parseConfig(yaml, 'ledger.yaml'), { bundle: false });
  rmSync(synth.outdir, { recursive: true, force: true });
  return synth.template;
}

const resourcesOf = (template: Template, type: string) =>
  template.findResources(type) as Record<string, Resource>;

describe('the PagerDuty alert ledger of the stack', () => {
  let template: Template;
  let ledgerId: string;
  let pagerDutyFunctions: [string, Resource][];

  beforeAll(() => {
    template = templateOf(TWO_PAGERDUTY_ROUTES);
    const ledgers = Object.keys(resourcesOf(template, 'AWS::DynamoDB::GlobalTable')).filter((id) =>
      id.startsWith(ALERT_LEDGER_TABLE.id),
    );
    expect(ledgers).toHaveLength(1);
    ledgerId = ledgers[0] as string;
    pagerDutyFunctions = Object.entries(resourcesOf(template, 'AWS::Lambda::Function')).filter(
      ([, fn]) => variablesOf(fn)[PAGERDUTY_ENV.routingKeySecret] !== undefined,
    );
  });

  const variablesOf = (fn: Resource) =>
    (fn.Properties.Environment as { Variables: Record<string, unknown> }).Variables;

  /** The statements of the default policy of a function's role. */
  const statementsOf = (fn: Resource): Statement[] => {
    const role = (fn.Properties.Role as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0];
    const policy = Object.values(resourcesOf(template, 'AWS::IAM::Policy')).find((p) =>
      (p.Properties.Roles as { Ref: string }[]).some((r) => r.Ref === role),
    );
    if (policy === undefined) throw new Error(`no policy of ${role}`);
    return (policy.Properties.PolicyDocument as { Statement: Statement[] }).Statement;
  };

  it('is one table for every PagerDuty notifier, keyed by notifier and cluster, then dedup key', () => {
    // Assess
    expect(pagerDutyFunctions).toHaveLength(2);
    const table = resourcesOf(template, 'AWS::DynamoDB::GlobalTable')[ledgerId] as Resource;
    expect(table.Properties.KeySchema).toEqual([
      { AttributeName: 'receiverCluster', KeyType: 'HASH' },
      { AttributeName: 'dedupKey', KeyType: 'RANGE' },
    ]);
    expect(table.Properties.GlobalSecondaryIndexes).toBeUndefined();
  });

  it('is on-demand, encrypted, recoverable and retained like the monitor tables, and expires resolved alerts', () => {
    // Assess
    const table = resourcesOf(template, 'AWS::DynamoDB::GlobalTable')[ledgerId] as Resource;
    expect(table.DeletionPolicy).toBe('RetainExceptOnCreate');
    expect(table.UpdateReplacePolicy).toBe('Retain');
    expect(table.Properties.BillingMode).toBe('PAY_PER_REQUEST');
    expect(table.Properties.SSESpecification).toEqual({ SSEEnabled: true, SSEType: 'KMS' });
    expect(table.Properties.TimeToLiveSpecification).toEqual({ AttributeName: 'expiresAt', Enabled: true });
    expect(table.Properties.Replicas).toEqual([
      expect.objectContaining({
        DeletionProtectionEnabled: false,
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      }),
    ]);
  });

  it('tells each PagerDuty notifier the table and a part of it of its own', () => {
    // Assess
    const variables = pagerDutyFunctions.map(([, fn]) => variablesOf(fn));
    for (const v of variables) expect(v[PAGERDUTY_ENV.alertLedgerTableName]).toEqual({ Ref: ledgerId });
    const receiverIds = variables.map((v) => v[PAGERDUTY_ENV.receiverId]);
    expect(receiverIds).toEqual([expect.stringMatching(/^PagerDuty[0-9A-F]{8}$/), expect.any(String)]);
    expect(new Set(receiverIds).size).toBe(2);
  });

  it('lets each PagerDuty notifier Query and UpdateItem on that table, and nothing more there', () => {
    // Assess
    for (const [id, fn] of pagerDutyFunctions) {
      const onLedger = statementsOf(fn).filter((s) => JSON.stringify(s.Resource).includes(ledgerId));
      expect(onLedger, id).toEqual([
        {
          Sid: ALERT_LEDGER_STATEMENT_SID,
          Effect: 'Allow',
          Action: ['dynamodb:Query', 'dynamodb:UpdateItem'],
          Resource: { 'Fn::GetAtt': [ledgerId, 'Arn'] },
        },
      ]);
    }
  });

  it('gives no other function any access to it', () => {
    // Assess
    const others = Object.entries(resourcesOf(template, 'AWS::Lambda::Function')).filter(
      ([id]) => !pagerDutyFunctions.some(([pd]) => pd === id),
    );
    expect(others.length).toBeGreaterThan(0);
    for (const [id, fn] of others) {
      expect(JSON.stringify(statementsOf(fn)), id).not.toContain(ledgerId);
      expect(variablesOf(fn)[PAGERDUTY_ENV.alertLedgerTableName], id).toBeUndefined();
    }
  });

  it('is not built for a stack without a PagerDuty receiver', () => {
    // Act
    const withoutPagerDuty = templateOf([...CLUSTERS, 'slack: { webhookSecret: slack/platform }'].join('\n'));

    // Assess
    withoutPagerDuty.resourceCountIs('AWS::DynamoDB::GlobalTable', 2);
  });
});
