import { IAMClient, SimulatePrincipalPolicyCommand } from '@aws-sdk/client-iam';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { POLLER_PERMISSIONS } from '../../../../adapters/lambda/function-permissions.js';
import { CliError } from '../../../../tools/cli/cli-errors.js';
import { checkDeployed } from '../../../../tools/cli/deployed-check.js';
import { formatDeployedText } from '../../../../tools/cli/deployed-check-format.js';
import type { DeployedFunction, PermissionAnswer } from '../../../../tools/cli/deployed-findings.js';
import {
  AwsDeployedStackReader,
  type DeployedStackReader,
} from '../../../../tools/cli/deployed-stack-reader.js';

const STACK_ID = 'arn:aws:cloudformation:eu-west-1:123456789012:stack/Monitor/1f2e';
const TOPIC = 'arn:aws:sns:eu-west-1:123456789012:Monitor-Topic';
const ROLE = 'arn:aws:iam::123456789012:role/Monitor-PollerRole';

/** A reader answering from plain objects; `simulate` allows all but `denied` and records each call. */
function aReader(
  overrides: Partial<DeployedStackReader> = {},
  denied: readonly string[] = [],
): DeployedStackReader & { simulations: { actions: readonly string[]; resources: readonly string[] }[] } {
  const simulations: { actions: readonly string[]; resources: readonly string[] }[] = [];
  return {
    simulations,
    stack: async () => ({ stackId: STACK_ID, outputs: new Map([['NotificationTopicArn', TOPIC]]) }),
    stackResources: async () => [
      { logicalId: 'Poller', type: 'AWS::Lambda::Function', physicalId: 'Monitor-Poller' },
      { logicalId: 'CustomResourceHandler', type: 'AWS::Lambda::Function', physicalId: 'Monitor-Custom' },
      { logicalId: 'Topic', type: 'AWS::SNS::Topic', physicalId: TOPIC },
      { logicalId: 'PollSchedule', type: 'AWS::Scheduler::Schedule', physicalId: 'Monitor-PollSchedule' },
      { logicalId: 'Pending', type: 'AWS::Scheduler::Schedule', physicalId: null },
    ],
    accountConcurrency: async () => ({ limit: 1000, unreserved: 1000 }),
    lambdaFunction: async (name): Promise<DeployedFunction> => ({
      functionName: name,
      roleArn: name === 'Monitor-Poller' ? ROLE : 'arn:aws:iam::123456789012:role/Custom',
      environment:
        name === 'Monitor-Poller'
          ? { SNAPSHOT_TABLE_NAME: 'Snap', HISTORY_TABLE_NAME: 'Hist', NOTIFICATION_TOPIC_ARN: TOPIC }
          : {},
      reservedConcurrency: null,
    }),
    subscriptions: async () => [{ protocol: 'email', endpoint: 'oncall@example.com', pending: false }],
    schedule: async () => ({ state: 'ENABLED', shard: null }),
    simulate: async (_role, actions, resources) => {
      simulations.push({ actions, resources });
      return resources.flatMap((resource) =>
        actions.map(
          (action): PermissionAnswer => ({
            action,
            resource,
            decision: denied.includes(action) ? 'implicitDeny' : 'allowed',
            deniedBy: null,
          }),
        ),
      );
    },
    close: () => {},
    ...overrides,
  };
}

describe('Function: checkDeployed', () => {
  it("asks the simulator once per set of actions about the monitor's functions only", async () => {
    // Prepare
    const reader = aReader();

    // Act
    const report = await checkDeployed(reader, { stackName: 'Monitor', config: null });

    // Assess
    expect(report.ok).toBe(true);
    expect(reader.simulations.map((s) => s.actions)).toEqual([
      [...POLLER_PERMISSIONS.tables],
      [...POLLER_PERMISSIONS.indexes],
      [...POLLER_PERMISSIONS.notificationTopic],
    ]);
    expect(reader.simulations[0]?.resources).toEqual([
      'arn:aws:dynamodb:eu-west-1:123456789012:table/Snap',
      'arn:aws:dynamodb:eu-west-1:123456789012:table/Hist',
    ]);
    expect(report.findings.filter((f) => f.status !== 'ok').map((f) => f.message)).toEqual([
      "the poller's access to the cluster secrets was not checked: without the config they cannot be named",
    ]);
  });

  it('reports a denied permission found through the reader', async () => {
    // Act
    const report = await checkDeployed(aReader({}, ['dynamodb:GetItem']), {
      stackName: 'Monitor',
      config: null,
    });

    // Assess
    expect(report.ok).toBe(false);
    expect(report.findings.filter((f) => f.status === 'failure').map((f) => f.message)).toEqual([
      'poller Monitor-Poller: role Monitor-PollerRole may not dynamodb:GetItem on arn:aws:dynamodb:eu-west-1:123456789012:table/Snap',
      'poller Monitor-Poller: role Monitor-PollerRole may not dynamodb:GetItem on arn:aws:dynamodb:eu-west-1:123456789012:table/Hist',
    ]);
  });

  it('reports a call AWS refused as a warning and goes on with the rest', async () => {
    // Prepare
    const refused = Object.assign(new Error('User is not authorized to perform: lambda:GetAccountSettings'), {
      name: 'AccessDeniedException',
    });
    const reader = aReader({
      accountConcurrency: async () => {
        throw refused;
      },
    });

    // Act
    const report = await checkDeployed(reader, { stackName: 'Monitor', config: null });

    // Assess
    expect(report.findings[0]).toMatchObject({
      status: 'warning',
      message:
        "could not read the account's Lambda concurrency settings: AccessDeniedException: User is not authorized to perform: lambda:GetAccountSettings",
    });
    expect(report.findings.some((f) => f.message === 'schedule Monitor-PollSchedule enabled')).toBe(true);
  });

  it('stops with a CliError when the stack cannot be read', async () => {
    // Prepare
    const reader = aReader({
      stack: async () => {
        throw Object.assign(new Error('Stack with id Nope does not exist'), { name: 'ValidationError' });
      },
    });

    // Act
    const error = await checkDeployed(reader, { stackName: 'Nope', config: null }).catch((e: unknown) => e);

    // Assess
    expect(error).toBeInstanceOf(CliError);
    expect((error as CliError).message).toBe('stack Nope does not exist in this account and region');
  });
});

describe('Function: formatDeployedText', () => {
  it('prints one line a finding with its status, the fix below, and a summary', async () => {
    // Prepare
    const report = await checkDeployed(aReader({}, ['sns:Publish']), { stackName: 'Monitor', config: null });

    // Act
    const text = formatDeployedText(report);

    // Assess
    expect(text).toContain('✔ ok      concurrency   account concurrency: limit 1000, unreserved 1000\n');
    expect(text).toMatch(
      /✘ failure permissions {3}poller Monitor-Poller: role Monitor-PollerRole may not sns:Publish on \S+\n {2}fix: redeploy the stack/,
    );
    expect(text.trimEnd().split('\n').at(-1)).toBe('1 failure(s), 1 warning(s): the fixes are above.');
  });
});

describe('Function: AwsDeployedStackReader.simulate', () => {
  const iam = mockClient(IAMClient);
  afterEach(() => iam.reset());

  it('reads per-resource results, and the older answer of one result per action and resource', async () => {
    // Prepare
    iam
      .on(SimulatePrincipalPolicyCommand)
      .resolvesOnce({
        IsTruncated: true,
        Marker: 'm1',
        EvaluationResults: [
          {
            EvalActionName: 'sns:Publish',
            EvalResourceName: '*',
            EvalDecision: 'explicitDeny',
            ResourceSpecificResults: [
              { EvalResourceName: 'arn:t1', EvalResourceDecision: 'allowed' },
              {
                EvalResourceName: 'arn:t2',
                EvalResourceDecision: 'explicitDeny',
                MatchedStatements: [{ SourcePolicyId: 'Boundary' }],
              },
            ],
          },
        ],
      })
      .resolvesOnce({
        IsTruncated: false,
        EvaluationResults: [
          { EvalActionName: 'sns:Publish', EvalResourceName: 'arn:t3', EvalDecision: 'implicitDeny' },
        ],
      });
    const reader = new AwsDeployedStackReader({ iam: new IAMClient({ region: 'eu-west-1' }) });

    // Act
    const answers = await reader.simulate(ROLE, ['sns:Publish'], ['arn:t1', 'arn:t2', 'arn:t3']);

    // Assess
    expect(answers).toEqual([
      { action: 'sns:Publish', resource: 'arn:t1', decision: 'allowed', deniedBy: null },
      { action: 'sns:Publish', resource: 'arn:t2', decision: 'explicitDeny', deniedBy: 'Boundary' },
      { action: 'sns:Publish', resource: 'arn:t3', decision: 'implicitDeny', deniedBy: null },
    ]);
    expect(iam.commandCalls(SimulatePrincipalPolicyCommand)[1]?.args[0].input).toMatchObject({
      PolicySourceArn: ROLE,
      Marker: 'm1',
    });
  });
});
