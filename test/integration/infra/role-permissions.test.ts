/**
 * Every permission the stack grants is needed, and every needed permission is there.
 *
 * A stack with every feature that adds a grant (two clusters' secrets, one named and one by ARN,
 * a customer-managed topic key, Slack, a PagerDuty route and its alert ledger) is synthesized; its
 * three function bundles run through the work that makes each kind of AWS call, every call evaluated against the
 * function's synthesized role by the IAM guard; the calls AWS services make with the roles
 * (logs, on-failure destinations, the schedule) are read from the template. Then each statement,
 * and each action of each statement, of each role is removed in turn: some call must be refused
 * without it, or the grant is more than the monitor needs.
 */
import { randomBytes } from 'node:crypto';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../../adapters/config/load-config.js';
import { ALERT_LEDGER_STATEMENT_SID } from '../../../infra/constructs/pagerduty-alert-ledger.js';
import { ALERT_LEDGER_TABLE } from '../../../receivers/pagerduty/alert-ledger-table.js';
import { PAGERDUTY_ENV } from '../../../receivers/pagerduty/pagerduty-notifier-environment.js';
import { localDynamoDbClient } from '../../../tools/local-aws/dynamodb-local.js';
import { startLocalAwsEndpoint } from '../../../tools/local-aws/local-aws-endpoint.js';
import { startConfluentSimulator } from '../../../tools/simulator/confluent-simulator.js';
import { functionAssetDir, synthesize } from '../../infra/synth-monitor.js';
import { BUNDLE_ACCOUNT, BUNDLE_REGION, runBundledHandler } from '../../support/bundled-handler.js';
import { dynamoDbEndpoint } from '../../support/dynamodb-endpoint.js';
import type { AuthorizationRequest } from '../../support/iam/authorization-requests.js';
import { grantRemovals, refusedCalls, withoutGrant } from '../../support/iam/grant-removals.js';
import { bundleDeployment, type GuardedFunction, guardFunction } from '../../support/iam/guarded-function.js';
import { platformCalls } from '../../support/iam/platform-calls.js';
import {
  type PolicyDocument,
  type ResourceAccess,
  type RoleAccess,
  resourceAccess,
  roleAccess,
} from '../../support/iam/synthesized-access.js';
import type { DeploymentNames, TemplateJson } from '../../support/iam/template-names.js';
import { startPagerDutyEventsServer } from '../../support/pagerduty-events-server.js';
import { snsEventOf } from '../../support/sns-lambda-event.js';
import { createTemplateTables, deleteTables } from '../../support/template-tables.js';
import { aLink, anEvent } from '../../unit/core/notify/render/notification-fixtures.js';

const CLUSTER_A = 'lkc-iam-a';
const CLUSTER_B = 'lkc-iam-b';
const SECRET_B = `arn:aws:secretsmanager:${BUNDLE_REGION}:${BUNDLE_ACCOUNT}:secret:iam/cluster-b-AbCdEf`;
/** The account's own key every secret is encrypted with (`secretKmsKeys`). */
const SECRET_KEY = `arn:aws:kms:${BUNDLE_REGION}:${BUNDLE_ACCOUNT}:key/11111111-2222-4333-8444-555555555555`;
/** Its key policy as a key is created by default: the account's IAM policies decide. */
const SECRET_KEY_POLICY: PolicyDocument = {
  Version: '2012-10-17',
  Statement: [
    {
      Effect: 'Allow',
      Principal: { AWS: `arn:aws:iam::${BUNDLE_ACCOUNT}:root` },
      Action: 'kms:*',
      Resource: '*',
    },
  ],
};
const secretKeys = { keyOf: () => SECRET_KEY, keyPolicies: new Map([[SECRET_KEY, SECRET_KEY_POLICY]]) };
const CREDENTIALS = { kind: 'basic', apiKey: 'IAMKEY', apiSecret: 'iam-secret' } as const;
const CREDENTIALS_SECRET = JSON.stringify({ api_key: CREDENTIALS.apiKey, api_secret: CREDENTIALS.apiSecret });

type Resource = { Type: string; Properties: Record<string, unknown> };

// The stack is synthesized before the tests are collected: its statements name the test cases.
const sim = await startConfluentSimulator({
  auth: CREDENTIALS,
  clusters: [
    { clusterId: CLUSTER_A, links: [{ linkName: 'orders-dr' }] },
    { clusterId: CLUSTER_B, links: [{ linkName: 'audit-dr' }] },
  ],
});
const synth = synthesize(
  parseConfig(
    [
      'stackName: LinkMonitorIam',
      'clusters:',
      `  - { clusterId: ${CLUSTER_A}, label: iam-eu, restEndpoint: "${sim.baseUrl}", credentials: { secret: iam/cluster-a } }`,
      `  - { clusterId: ${CLUSTER_B}, label: iam-us, restEndpoint: "${sim.baseUrl}", credentials: { secret: "${SECRET_B}" } }`,
      'topicEncryption: customer-managed',
      `secretKmsKeys: ["${SECRET_KEY}"]`,
      'slack: { webhookSecret: iam/slack }',
      'routes:',
      '  - { name: pager, match: { minSeverity: critical }, receivers: { pagerDuty: [{ routingKeySecret: iam/pagerduty }] } }',
    ].join('\n'),
    'iam.yaml',
  ),
);
const template = synth.template.toJSON() as TemplateJson;
const resources = template.Resources as Record<string, Resource>;
const functionIds = Object.entries(resources)
  .filter(([, r]) => r.Type === 'AWS::Lambda::Function')
  .map(([id]) => id);
const functionId = (prefix: string) => functionIds.find((id) => id.startsWith(prefix)) as string;
const roleIds = Object.entries(resources)
  .filter(([, r]) => r.Type === 'AWS::IAM::Role')
  .map(([id]) => id);

const plainNames = bundleDeployment(template);
const removals = roleIds.flatMap((role) =>
  grantRemovals(roleAccess(template, plainNames, role)).map((removal) => ({ role, ...removal })),
);

const withSecretKey = (stack: ResourceAccess): ResourceAccess => ({
  ...stack,
  resourcePolicies: new Map([...stack.resourcePolicies, ...secretKeys.keyPolicies]),
});

describe('the roles of the stack, as deployed', () => {
  let dynamodb: DynamoDBClient;
  let tables: Map<string, string>;
  let names: DeploymentNames;
  /** The stack's resource policies and the secrets' key, read once the deployment is named. */
  let policies: ResourceAccess;
  const guarded = new Map<string, GuardedFunction>();
  /** Every authorization asked with each role, functions' and AWS services' alike. */
  const asked = new Map<string, AuthorizationRequest[]>();
  const cleanups: (() => Promise<void>)[] = [];

  async function run(fnId: string, event: unknown, env: Record<string, string> = {}): Promise<void> {
    const fn = resources[fnId] as Resource;
    const guard = guarded.get(fnId) as GuardedFunction;
    await runBundledHandler({
      dir: functionAssetDir(synth, fnId),
      handler: fn.Properties.Handler as string,
      event,
      timeoutMs: (fn.Properties.Timeout as number) * 1000,
      memoryMb: fn.Properties.MemorySize as number,
      functionName: fnId,
      env: { AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test', ...guard.env, ...env },
    }).catch(() => undefined); // What a run refuses to do is judged by its calls, below.
  }

  beforeAll(async () => {
    dynamodb = localDynamoDbClient(dynamoDbEndpoint());
    tables = await createTemplateTables(dynamodb, resources, `iam-${randomBytes(4).toString('hex')}`);
    const aws = await startLocalAwsEndpoint({
      region: BUNDLE_REGION,
      secrets: {
        'iam/cluster-a': CREDENTIALS_SECRET,
        'iam/cluster-b': CREDENTIALS_SECRET,
        'iam/slack': 'https://hooks.slack.com/services/T0/B0/not-reached',
        'iam/pagerduty': JSON.stringify({ routing_key: randomBytes(16).toString('hex') }),
      },
    });
    const pd = await startPagerDutyEventsServer();
    cleanups.push(
      () => aws.stop(),
      () => pd.stop(),
      () => sim.close(),
    );
    const topics = Object.entries(resources).filter(([, r]) => r.Type === 'AWS::SNS::Topic');
    names = bundleDeployment(template, {
      ...Object.fromEntries(tables),
      ...Object.fromEntries(topics.map(([id]) => [id, id])),
    });
    const upstreams = {
      dynamodb: dynamoDbEndpoint(),
      sns: aws.endpoint,
      secretsmanager: aws.endpoint,
      sqs: aws.endpoint,
    };
    for (const id of functionIds) {
      const g = await guardFunction({ names, functionLogicalId: id, upstreams, secretKeys });
      guarded.set(id, g);
      cleanups.push(() => g.guard.stop());
    }

    // The poller: a baseline, a link that fails (recorded, claimed, published under the key), its recovery.
    const poller = functionId('PollerFunction');
    const schedule = Object.values(resources).find((r) => r.Type === 'AWS::Scheduler::Schedule') as Resource;
    const tick = JSON.parse((schedule.Properties.Target as { Input: string }).Input) as unknown;
    await run(poller, tick);
    sim.updateLink(CLUSTER_A, 'orders-dr', { linkState: 'FAILED', linkError: 'AUTHENTICATION_ERROR' });
    sim.removeLink(CLUSTER_B, 'audit-dr');
    await run(poller, tick);
    sim.updateLink(CLUSTER_A, 'orders-dr', { linkState: 'ACTIVE', linkError: null });
    await run(poller, tick);
    expect(aws.published.length).toBeGreaterThanOrEqual(2);

    // PagerDuty: an event delivered, one refused for good (kept in its queue), each read and
    // recorded in its alert ledger.
    const pagerDuty = functionId('PagerDuty');
    const failed = anEvent({
      severity: 'critical',
      from: 'ACTIVE',
      to: 'FAILED',
      link: aLink({ linkState: 'FAILED' }),
    });
    await run(pagerDuty, snsEventOf([failed]), { [PAGERDUTY_ENV.eventsUrl]: pd.enqueueUrl });
    pd.failNext(1, 400);
    await run(pagerDuty, snsEventOf([failed]), { [PAGERDUTY_ENV.eventsUrl]: pd.enqueueUrl });

    // Slack: its webhook read (the post itself cannot leave this machine), a malformed record kept.
    const slack = functionId('SlackNotifier');
    await run(slack, snsEventOf([failed]));
    await run(slack, { Records: [{ EventSource: 'aws:sns', Sns: { Message: 42 } }] });

    for (const g of guarded.values()) {
      const role = g.role.roleLogicalId;
      asked.set(role, [...(asked.get(role) ?? []), ...g.guard.calls]);
    }
    policies = withSecretKey(resourceAccess(template, names));
    for (const [role, calls] of platformCalls(names)) asked.set(role, [...(asked.get(role) ?? []), ...calls]);
  }, 300_000);

  afterAll(async () => {
    for (const cleanup of cleanups) await cleanup();
    if (dynamodb !== undefined) await deleteTables(dynamodb, tables?.values() ?? []);
  });

  const refused = (role: RoleAccess) =>
    refusedCalls(role, policies, asked.get(role.roleLogicalId) ?? [], BUNDLE_ACCOUNT);

  it('allows every call each function and AWS make with each role', async () => {
    for (const role of roleIds) expect(await refused(roleAccess(template, names, role)), role).toEqual([]);
    // Each function made calls: a run that failed early would prove nothing below.
    for (const id of functionIds) expect(guarded.get(id)?.guard.calls.length, id).toBeGreaterThan(0);
  });

  it('lets the PagerDuty notifier list and record alerts in its ledger, and needs each action for it', async () => {
    // Prepare
    const pagerDuty = guarded.get(functionId('PagerDuty')) as GuardedFunction;
    const ledgerId = Object.keys(resources).find((id) => id.startsWith(ALERT_LEDGER_TABLE.id)) as string;
    const ledgerArn = names.arnOf(ledgerId);
    const role = roleAccess(template, names, pagerDuty.role.roleLogicalId);
    const ledgerRemovals = grantRemovals(role).filter((r) => r.label === ALERT_LEDGER_STATEMENT_SID);

    // Act
    const refusedWithout = await Promise.all(
      ledgerRemovals.map(
        async (removal) => [removal.action, await refused(withoutGrant(role, removal))] as const,
      ),
    );

    // Assess: the statement and each of its two actions, taken away, refuse a call on the ledger
    const onLedger = pagerDuty.guard.calls.filter((call) => call.resource === ledgerArn);
    expect([...new Set(onLedger.map((call) => call.action))].sort()).toEqual([
      'dynamodb:Query',
      'dynamodb:UpdateItem',
    ]);
    expect(refusedWithout.map(([action]) => action)).toEqual([null, 'dynamodb:Query', 'dynamodb:UpdateItem']);
    for (const [action, calls] of refusedWithout) {
      expect(calls, `without ${action ?? 'the statement'}`).toContainEqual(
        `${action ?? 'dynamodb:Query'} ${ledgerArn}`,
      );
    }
  });

  it.each(
    removals.map(
      (r) => [`${r.role}: ${r.label}${r.action === null ? '' : ` without ${r.action}`}`, r] as const,
    ),
  )('needs %s', async (_, removal) => {
    const reduced = withoutGrant(roleAccess(template, names, removal.role), removal);
    // Nothing refused: no call the monitor makes needs this grant, so the role gives more than it needs.
    expect(await refused(reduced)).not.toEqual([]);
  });
});
