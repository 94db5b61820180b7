/**
 * Every permission the stack grants is needed, and every needed permission is there.
 *
 * A stack with every feature that adds a grant (two clusters' secrets, one named and one by ARN,
 * a customer-managed topic key, Slack, a PagerDuty route) is synthesized; its three function
 * bundles run through the work that makes each kind of AWS call, every call evaluated against the
 * function's synthesized role by the IAM guard; the calls AWS services make with the roles
 * (logs, on-failure destinations, the schedule) are read from the template. Then each statement,
 * and each action of each statement, of each role is removed in turn: some call must be refused
 * without it, or the grant is more than the monitor needs.
 */
import { randomBytes } from 'node:crypto';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../../adapters/config/load-config.js';
import { PAGERDUTY_ENV } from '../../../adapters/lambda/pagerduty-notifier-environment.js';
import { startConfluentSimulator } from '../../../tools/simulator/confluent-simulator.js';
import { functionAssetDir, synthesize } from '../../infra/synth-monitor.js';
import { BUNDLE_ACCOUNT, BUNDLE_REGION, runBundledHandler } from '../../support/bundled-handler.js';
import { dynamoDbEndpoint, localDynamoDbClient } from '../../support/dynamodb-local.js';
import type { AuthorizationRequest } from '../../support/iam/authorization-requests.js';
import { type GuardedFunction, guardFunction } from '../../support/iam/guarded-function.js';
import { type Decision, evaluate } from '../../support/iam/iam-guard.js';
import { platformCalls } from '../../support/iam/platform-calls.js';
import {
  type PolicyStatement,
  type RoleAccess,
  resourceAccess,
  roleAccess,
} from '../../support/iam/synthesized-access.js';
import { DeploymentNames, type TemplateJson } from '../../support/iam/template-names.js';
import { startLocalAwsEndpoint } from '../../support/local-aws-endpoint.js';
import { startPagerDutyEventsServer } from '../../support/pagerduty-events-server.js';
import { snsEventOf } from '../../support/sns-lambda-event.js';
import { createTemplateTables, deleteTables } from '../../support/template-tables.js';
import { aLink, anEvent } from '../../unit/core/render/notification-fixtures.js';

const CLUSTER_A = 'lkc-iam-a';
const CLUSTER_B = 'lkc-iam-b';
const SECRET_B = `arn:aws:secretsmanager:${BUNDLE_REGION}:${BUNDLE_ACCOUNT}:secret:iam/cluster-b-AbCdEf`;
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

/** One thing that can be taken away from a role: a statement, or one action of a statement. */
interface Removal {
  readonly role: string;
  readonly policy: string;
  readonly statement: number;
  readonly label: string;
  readonly action: string | null;
}

const plainNames = new DeploymentNames(template, { region: BUNDLE_REGION, account: BUNDLE_ACCOUNT });
const removals: Removal[] = roleIds.flatMap((role) =>
  roleAccess(template, plainNames, role).identityPolicies.flatMap(({ name, policy }) =>
    policy.Statement.flatMap((statement, index) => {
      const label = statement.Sid ?? `statement ${index + 1} (${[statement.Action].flat().join(', ')})`;
      const actions = [statement.Action ?? []].flat();
      return [
        { role, policy: name, statement: index, label, action: null },
        ...(actions.length > 1
          ? actions.map((action) => ({ role, policy: name, statement: index, label, action }))
          : []),
      ];
    }),
  ),
);

function without(role: RoleAccess, removal: Removal): RoleAccess {
  return {
    ...role,
    identityPolicies: role.identityPolicies.map((p) => {
      if (p.name !== removal.policy) return p;
      const statements = p.policy.Statement.flatMap((s, index): PolicyStatement[] => {
        if (index !== removal.statement) return [s];
        if (removal.action === null) return [];
        return [{ ...s, Action: [s.Action ?? []].flat().filter((a) => a !== removal.action) }];
      });
      return { ...p, policy: { ...p.policy, Statement: statements } };
    }),
  };
}

describe('the roles of the stack, as deployed', () => {
  let dynamodb: DynamoDBClient;
  let tables: Map<string, string>;
  let names: DeploymentNames;
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
    names = new DeploymentNames(template, {
      region: BUNDLE_REGION,
      account: BUNDLE_ACCOUNT,
      physicalNames: { ...Object.fromEntries(tables), ...Object.fromEntries(topics.map(([id]) => [id, id])) },
    });
    const upstreams = {
      dynamodb: dynamoDbEndpoint(),
      sns: aws.endpoint,
      secretsmanager: aws.endpoint,
      sqs: aws.endpoint,
    };
    for (const id of functionIds) {
      const g = await guardFunction({ names, functionLogicalId: id, upstreams });
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

    // PagerDuty: an event delivered, one refused for good (kept in its queue).
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

    for (const [id, g] of guarded) {
      const role = g.role.roleLogicalId;
      asked.set(role, [...(asked.get(role) ?? []), ...g.guard.calls]);
    }
    for (const [role, calls] of platformCalls(names)) asked.set(role, [...(asked.get(role) ?? []), ...calls]);
  }, 300_000);

  afterAll(async () => {
    for (const cleanup of cleanups) await cleanup();
    if (dynamodb !== undefined) await deleteTables(dynamodb, tables?.values() ?? []);
  });

  async function decisions(role: RoleAccess): Promise<{ call: AuthorizationRequest; decision: Decision }[]> {
    const calls = asked.get(role.roleLogicalId) ?? [];
    return Promise.all(
      calls.map(async (call) => ({
        call,
        decision: await evaluate(role, resourceAccess(template, names), call, BUNDLE_ACCOUNT),
      })),
    );
  }

  it('allows every call each function and AWS make with each role', async () => {
    for (const role of roleIds) {
      const refused = (await decisions(roleAccess(template, names, role))).filter(
        (d) => d.decision !== 'Allowed',
      );
      expect(refused, role).toEqual([]);
    }
    // Each function made calls: a run that failed early would prove nothing below.
    for (const id of functionIds) expect(guarded.get(id)?.guard.calls.length, id).toBeGreaterThan(0);
  });

  it.each(
    removals.map((r) => [`${r.role}: ${r.label}${r.action === null ? '' : ` without ${r.action}`}`, r]),
  )('needs %s', async (_, removal) => {
    const reduced = without(roleAccess(template, names, removal.role), removal as Removal);
    const refused = (await decisions(reduced)).filter((d) => d.decision !== 'Allowed');
    // Nothing refused: no call the monitor makes needs this grant, so the role gives more than it needs.
    expect(refused.map((d) => `${d.call.action} ${d.call.resource}`)).not.toEqual([]);
  });
});
