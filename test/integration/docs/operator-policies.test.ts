/**
 * The IAM policies `docs/iam/` gives the people who run the CLI: each lets its commands do their
 * work against a deployed stack (DynamoDB Local, the stack's topic policy, stand-ins for
 * CloudFormation, SNS and Secrets Manager), every AWS call evaluated by the IAM guard; each grant
 * in it is needed by one of them; and the read-only one cannot change anything.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SNSClient } from '@aws-sdk/client-sns';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../../adapters/config/load-config.js';
import { BufferSink, type CliIo } from '../../../tools/cli/cli-io.js';
import type { CliDeps } from '../../../tools/cli/command-context.js';
import { runCli } from '../../../tools/cli/main.js';
import { localDynamoDbClient } from '../../../tools/local-aws/dynamodb-local.js';
import { type LocalAwsEndpoint, startLocalAwsEndpoint } from '../../../tools/local-aws/local-aws-endpoint.js';
import {
  type ConfluentSimulator,
  startConfluentSimulator,
} from '../../../tools/simulator/confluent-simulator.js';
import { synthesize } from '../../infra/synth-monitor.js';
import {
  type DeployedStackStandIn,
  startDeployedStackStandIn,
} from '../../support/deployed-stack-stand-in.js';
import { dynamoDbEndpoint } from '../../support/dynamodb-endpoint.js';
import type { AuthorizationRequest } from '../../support/iam/authorization-requests.js';
import { grantRemovals, refusedCalls, withoutGrant } from '../../support/iam/grant-removals.js';
import { type IamGuard, startIamGuard } from '../../support/iam/iam-guard.js';
import {
  type PolicyDocument,
  type ResourceAccess,
  type RoleAccess,
  resourceAccess,
} from '../../support/iam/synthesized-access.js';
import { DeploymentNames, type TemplateJson } from '../../support/iam/template-names.js';
import { createTemplateTables, deleteTables } from '../../support/template-tables.js';

const REGION = 'us-east-1';
const ACCOUNT = '123456789012';
const STACK = `Ops${randomBytes(3).toString('hex')}`;
const OPERATOR = `arn:aws:iam::${ACCOUNT}:role/link-monitor-operator`;
const SECRET_PREFIX = 'confluent/';
const CLUSTER = 'lkc-ops1';
const CREDENTIALS = { kind: 'basic', apiKey: 'OPSKEY', apiSecret: 'ops-secret' } as const;
const POLICIES = ['operator-read-only', 'operator-silences', 'operator-run'] as const;
type PolicyName = (typeof POLICIES)[number];

/** What an operator fills in for each placeholder of a policy file (docs/iam/README.md). */
const PLACEHOLDERS: Readonly<Record<string, string>> = {
  Region: REGION,
  Account: ACCOUNT,
  StackName: STACK,
  ClusterSecretPrefix: SECRET_PREFIX,
};

function operatorPolicy(name: PolicyName): PolicyDocument {
  const text = readFileSync(`docs/iam/${name}.json`, 'utf8').replace(/\$\{(\w+)\}/g, (_, key: string) => {
    const value = PLACEHOLDERS[key];
    if (value === undefined) throw new Error(`docs/iam/${name}.json: unknown placeholder \${${key}}`);
    return value;
  });
  return JSON.parse(text) as PolicyDocument;
}

function operatorRole(name: PolicyName): RoleAccess {
  return {
    roleLogicalId: name,
    roleArn: OPERATOR,
    sessionArn: `arn:aws:sts::${ACCOUNT}:assumed-role/link-monitor-operator/alice`,
    identityPolicies: [{ name, policy: operatorPolicy(name) }],
  };
}

describe('the operator policies of docs/iam', () => {
  let sim: ConfluentSimulator;
  let aws: LocalAwsEndpoint;
  let stack: DeployedStackStandIn;
  let resources: ResourceAccess;
  let tables: Map<string, string>;
  let configPath: string;
  const dir = mkdtempSync(join(tmpdir(), 'operator-policies-'));
  const guards: IamGuard[] = [];
  /** What each policy's commands asked for. */
  const asked = new Map<PolicyName, AuthorizationRequest[]>();

  async function cli(policy: PolicyName, argv: string[]) {
    const guard = await startIamGuard({
      role: operatorRole(policy),
      resources,
      context: { region: REGION, account: ACCOUNT },
      upstreams: {
        dynamodb: dynamoDbEndpoint(),
        sns: aws.endpoint,
        secretsmanager: aws.endpoint,
        cloudformation: stack.endpoint,
      },
    });
    guards.push(guard);
    const client = {
      endpoint: guard.endpoint,
      region: REGION,
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
      maxAttempts: 1,
    };
    const deps: CliDeps = {
      dynamoDb: () => new DynamoDBClient(client),
      cloudFormation: () => new CloudFormationClient(client),
      sns: () => new SNSClient(client),
      secretsManager: () => new SecretsManagerClient(client),
      callerIdentity: async () => operatorRole(policy).sessionArn,
    };
    const stdout = new BufferSink();
    const stderr = new BufferSink();
    const io: CliIo = { stdout, stderr, env: {}, now: () => new Date() };
    const code = await runCli([...argv, '--store', 'dynamodb', '--stack', STACK], io, deps);
    asked.set(policy, [...(asked.get(policy) ?? []), ...guard.calls]);
    return { code, stdout: stdout.text, stderr: stderr.text, denials: guard.denials() };
  }

  beforeAll(async () => {
    sim = await startConfluentSimulator({
      auth: CREDENTIALS,
      clusters: [{ clusterId: CLUSTER, links: [{ linkName: 'orders-dr' }] }],
    });
    aws = await startLocalAwsEndpoint({
      region: REGION,
      secrets: {
        [`${SECRET_PREFIX}${CLUSTER}`]: JSON.stringify({
          api_key: CREDENTIALS.apiKey,
          api_secret: CREDENTIALS.apiSecret,
        }),
      },
    });
    const yaml = [
      `stackName: ${STACK}`,
      'clusters:',
      `  - { clusterId: ${CLUSTER}, label: ops-eu, restEndpoint: "${sim.baseUrl}", credentials: { secret: ${SECRET_PREFIX}${CLUSTER} } }`,
      // `run --notify sns` publishes as the operator: the topic refuses any publisher it does not list.
      `notificationPublishers: ["${OPERATOR}"]`,
    ].join('\n');
    configPath = join(dir, 'monitor.yaml');
    writeFileSync(configPath, yaml);
    const synth = synthesize(parseConfig(yaml, 'ops.yaml'));
    rmSync(synth.outdir, { recursive: true, force: true });
    const template = synth.template.toJSON() as TemplateJson;
    // The names CloudFormation gives: `{stack}-{logical id}-{random}`.
    tables = await createTemplateTables(localDynamoDbClient(dynamoDbEndpoint()), template.Resources, STACK);
    const topicId = Object.entries(template.Resources).find(
      ([id, r]) => r.Type === 'AWS::SNS::Topic' && id.startsWith('StateNotificationTopic'),
    )?.[0] as string;
    const names = new DeploymentNames(template, {
      region: REGION,
      account: ACCOUNT,
      physicalNames: { ...Object.fromEntries(tables), [topicId]: `${STACK}-${topicId}-1A2B3C4D5E6F` },
    });
    resources = resourceAccess(template, names);
    const tableOf = (prefix: string) => [...tables].find(([id]) => id.startsWith(prefix))?.[1] as string;
    stack = await startDeployedStackStandIn({
      stack: {
        stackName: STACK,
        outputs: {
          SnapshotTableName: tableOf('StateSnapshots'),
          HistoryTableName: tableOf('StateHistory'),
          NotificationTopicArn: names.arnOf(topicId),
        },
        resources: [],
      },
      accountConcurrency: { limit: 1000, unreserved: 1000 },
      functions: {},
      subscriptions: {},
      schedules: {},
      roles: {},
    });
  }, 180_000);

  afterAll(async () => {
    for (const guard of guards) await guard.stop();
    await stack?.stop();
    await aws?.stop();
    await sim?.close();
    if (tables !== undefined) await deleteTables(localDynamoDbClient(dynamoDbEndpoint()), tables.values());
    rmSync(dir, { recursive: true, force: true });
  });

  it('lets `run --notify sns` poll into the tables and publish a change, with nothing refused', async () => {
    const baseline = await cli('operator-run', ['run', '--once', '--config', configPath, '--notify', 'sns']);
    sim.updateLink(CLUSTER, 'orders-dr', { linkState: 'FAILED', linkError: 'AUTHENTICATION_ERROR' });
    const change = await cli('operator-run', ['run', '--once', '--config', configPath, '--notify', 'sns']);

    expect([baseline.denials, change.denials]).toEqual([[], []]);
    expect([baseline.code, change.code], change.stderr).toEqual([0, 0]);
    expect(aws.published.map((m) => m.subject)).toEqual([
      expect.stringContaining('orders-dr ACTIVE -> FAILED'),
    ]);
  });

  it('lets the silences policy add, list and expire a silence', async () => {
    const added = await cli('operator-silences', [
      'silence',
      'add',
      '--cluster',
      CLUSTER,
      '--link',
      'orders-*',
      '--for',
      '1h',
      '--reason',
      'planned failover test',
    ]);
    const listed = await cli('operator-silences', ['silence', 'list', '--format', 'json']);
    const id = (JSON.parse(listed.stdout) as { id: string }[])[0]?.id ?? '';
    const expired = await cli('operator-silences', ['silence', 'expire', id]);

    expect([added.denials, listed.denials, expired.denials]).toEqual([[], [], []]);
    expect([added.code, listed.code, expired.code], `${added.stderr}${expired.stderr}`).toEqual([0, 0, 0]);
    expect(id).not.toBe('');
  });

  it('lets the read-only policy show status, history and silences', async () => {
    const status = await cli('operator-read-only', ['status', '--format', 'json']);
    const history = await cli('operator-read-only', ['history', '--cluster', CLUSTER, '--format', 'json']);
    const silences = await cli('operator-read-only', ['silence', 'list', '--format', 'json']);

    expect([status.denials, history.denials, silences.denials]).toEqual([[], [], []]);
    expect([status.code, history.code, silences.code]).toEqual([0, 0, 0]);
    expect(JSON.parse(history.stdout)).toEqual(
      expect.arrayContaining([expect.objectContaining({ linkName: 'orders-dr', to: 'FAILED' })]),
    );
  });

  it('does not let the read-only policy add a silence: the write is refused and the command says so', async () => {
    const refused = await cli('operator-read-only', [
      'silence',
      'add',
      '--cluster',
      CLUSTER,
      '--for',
      '1h',
      '--reason',
      'x',
    ]);

    expect(refused.code).not.toBe(0);
    expect(new Set(refused.denials.map((d) => d.action))).toEqual(new Set(['dynamodb:PutItem']));
    expect(refused.stderr).toMatch(/AccessDenied|not authorized/);
  });

  it.each(POLICIES)('%s grants nothing its commands do not use', async (policy) => {
    const role = operatorRole(policy);
    // The calls the whole policy allows: a refused one (the read-only write above) needs no grant of it.
    const calls = asked.get(policy) ?? [];
    const refusedAnyway = new Set(await refusedCalls(role, resources, calls, ACCOUNT));
    const allowed = calls.filter((call) => !refusedAnyway.has(`${call.action} ${call.resource}`));
    expect(allowed.length).toBeGreaterThan(0);
    for (const removal of grantRemovals(role)) {
      const label = `${removal.label}${removal.action === null ? '' : ` without ${removal.action}`}`;
      expect(await refusedCalls(withoutGrant(role, removal), resources, allowed, ACCOUNT), label).not.toEqual(
        [],
      );
    }
  });
});
