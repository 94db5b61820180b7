/**
 * `link-monitor check --deployed`: asks AWS (through `DeployedStackReader`) about every part of
 * the deployed stack the monitor depends on and hands the answers to the pure findings. Only the
 * stack itself must be readable; any other refused or failed call becomes a warning naming what
 * could not be checked, so one missing read permission does not hide the rest of the report.
 */
import type { MonitorConfig } from '../../adapters/config/monitor-config.js';
import { receiverSubscriptions } from '../../adapters/routing/route-filter-policies.js';
import { CliError } from './cli-errors.js';
import {
  type Answer,
  type DeployedFunctionFacts,
  type DeployedReport,
  type DeploymentFacts,
  deployedFindings,
  type FunctionPermissionFacts,
  functionKind,
  functionLabel,
  type PermissionAnswer,
  type PermissionNeed,
  requiredPermissions,
  stackLocation,
  type TopicFacts,
} from './deployed-findings.js';
import type { DeployedStackReader } from './deployed-stack-reader.js';
import { awsCliError, STACK_OUTPUTS } from './store-selection.js';

/** The stack output naming the topic the monitor's own alarms go to. */
const ALARM_TOPIC_OUTPUT = 'AlarmTopicArn';
/** Resources per simulator call: the request stays small whatever the number of cluster secrets. */
const SIMULATE_BATCH = 50;

export interface DeployedCheckInput {
  readonly stackName: string;
  /** The config the stack was deployed from: names the cluster secrets and the email subscribers. */
  readonly config: MonitorConfig | null;
}

async function answer<T>(work: () => Promise<T>): Promise<Answer<T>> {
  try {
    return { ok: true, value: await work() };
  } catch (error) {
    const name = (error as { name?: string }).name ?? 'Error';
    const message = error instanceof Error ? error.message : String(error);
    return { ok: false, error: message === '' || message === name ? name : `${name}: ${message}` };
  }
}

/**
 * Runs the check against the stack.
 * @throws CliError when the stack cannot be read (missing, no credentials or region, refused)
 */
export async function checkDeployed(
  reader: DeployedStackReader,
  input: DeployedCheckInput,
): Promise<DeployedReport> {
  const { stackName, config } = input;
  let stack: Awaited<ReturnType<DeployedStackReader['stack']>>;
  let resources: Awaited<ReturnType<DeployedStackReader['stackResources']>>;
  try {
    stack = await reader.stack(stackName);
    resources = await reader.stackResources(stackName);
  } catch (error) {
    throw awsCliError(error, `stack ${stackName}`);
  }
  const location = stackLocation(stack.stackId);
  if (location === null) {
    throw new CliError(
      `stack ${stackName}: CloudFormation gave no usable stack id (${stack.stackId || 'none'})`,
    );
  }
  const physical = (type: string) =>
    resources.flatMap((r) =>
      r.type === type && r.physicalId !== null ? [{ logicalId: r.logicalId, physicalId: r.physicalId }] : [],
    );

  const [concurrency, functions, topics, schedules] = await Promise.all([
    answer(() => reader.accountConcurrency()),
    Promise.all(
      physical('AWS::Lambda::Function').map(
        async (r): Promise<DeployedFunctionFacts> => ({
          ...r,
          function: await answer(() => reader.lambdaFunction(r.physicalId)),
        }),
      ),
    ),
    Promise.all(physical('AWS::SNS::Topic').map((r) => topicFacts(reader, r, stack.outputs, config))),
    Promise.all(
      physical('AWS::Scheduler::Schedule').map(async (r) => ({
        name: r.physicalId,
        schedule: await answer(() => reader.schedule(r.physicalId)),
      })),
    ),
  ]);

  const clusterSecretIds =
    config === null
      ? null
      : config.clusters.flatMap((c) => (c.credentials.kind === 'secret' ? [c.credentials.secretId] : []));
  const topicKeyArns = physical('AWS::KMS::Key').map(
    (k) => `arn:${location.partition}:kms:${location.region}:${location.account}:key/${k.physicalId}`,
  );
  const permissions: FunctionPermissionFacts[] = [];
  for (const f of functions) {
    if (!f.function.ok || f.function.value.roleArn === null) continue;
    const { environment, functionName, roleArn } = f.function.value;
    const kind = functionKind(environment);
    if (kind === null) continue;
    const needs = requiredPermissions(kind, environment, { location, clusterSecretIds, topicKeyArns });
    permissions.push({
      functionLabel: functionLabel(kind, functionName),
      roleArn,
      needs,
      answers: await answer(() => simulateAll(reader, roleArn, needs)),
    });
  }

  const facts: DeploymentFacts = {
    stackName,
    location,
    concurrency,
    functions,
    topics,
    schedules,
    permissions,
    clusterSecretsKnown: clusterSecretIds !== null,
  };
  return deployedFindings(facts);
}

async function topicFacts(
  reader: DeployedStackReader,
  resource: { logicalId: string; physicalId: string },
  outputs: ReadonlyMap<string, string>,
  config: MonitorConfig | null,
): Promise<TopicFacts> {
  const topicArn = resource.physicalId;
  const isNotification = outputs.get(STACK_OUTPUTS.topicArn) === topicArn;
  const isAlarm = outputs.get(ALARM_TOPIC_OUTPUT) === topicArn;
  let expectedEmails: readonly string[] | null = null;
  if (config !== null && isNotification) {
    expectedEmails = receiverSubscriptions(config).flatMap((r) => (r.kind === 'email' ? [r.endpoint] : []));
  } else if (config !== null && isAlarm) {
    expectedEmails = config.alarmEmails;
  }
  return {
    label: isNotification ? 'notification topic' : isAlarm ? 'alarm topic' : `topic ${resource.logicalId}`,
    topicArn,
    subscriptions: await answer(() => reader.subscriptions(topicArn)),
    expectedEmails,
  };
}

/** One simulator call per set of actions and batch of resources they apply to. */
async function simulateAll(
  reader: DeployedStackReader,
  roleArn: string,
  needs: readonly PermissionNeed[],
): Promise<PermissionAnswer[]> {
  const actionsByResource = new Map<string, string[]>();
  for (const need of needs) {
    const actions = actionsByResource.get(need.resource) ?? [];
    actions.push(need.action);
    actionsByResource.set(need.resource, actions);
  }
  const resourcesByActions = new Map<string, { actions: string[]; resources: string[] }>();
  for (const [resource, actions] of actionsByResource) {
    const key = actions.join(' ');
    const group = resourcesByActions.get(key) ?? { actions, resources: [] };
    group.resources.push(resource);
    resourcesByActions.set(key, group);
  }
  const answers: PermissionAnswer[] = [];
  // One call at a time: IAM throttles the simulator at a low rate.
  for (const { actions, resources } of resourcesByActions.values()) {
    for (let i = 0; i < resources.length; i += SIMULATE_BATCH) {
      answers.push(...(await reader.simulate(roleArn, actions, resources.slice(i, i + SIMULATE_BATCH))));
    }
  }
  return answers;
}
