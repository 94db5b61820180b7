/**
 * What `link-monitor check --deployed` asks AWS about a deployed stack, behind one narrow port:
 * read-only calls to CloudFormation, Lambda, SNS, EventBridge Scheduler and IAM's policy
 * simulator, answered as the plain objects of `deployed-findings.ts`. The SDK clients are
 * injected (tests point real ones at local stand-ins with `AWS_ENDPOINT_URL_<SERVICE>`).
 */
import {
  CloudFormationClient,
  DescribeStacksCommand,
  paginateListStackResources,
} from '@aws-sdk/client-cloudformation';
import { type EvaluationResult, IAMClient, paginateSimulatePrincipalPolicy } from '@aws-sdk/client-iam';
import { GetAccountSettingsCommand, GetFunctionCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { GetScheduleCommand, SchedulerClient } from '@aws-sdk/client-scheduler';
import { paginateListSubscriptionsByTopic, SNSClient } from '@aws-sdk/client-sns';
import type {
  AccountConcurrency,
  DeployedFunction,
  PermissionAnswer,
  ScheduleState,
  StackResource,
  TopicSubscription,
} from './deployed-findings.js';

export interface DeployedStack {
  /** The stack's ARN, which names its partition, region and account. */
  readonly stackId: string;
  readonly outputs: ReadonlyMap<string, string>;
}

/** The port: every call the check makes, each read-only. Errors are the SDK's, thrown as is. */
export interface DeployedStackReader {
  stack(stackName: string): Promise<DeployedStack>;
  stackResources(stackName: string): Promise<readonly StackResource[]>;
  accountConcurrency(): Promise<AccountConcurrency>;
  lambdaFunction(functionName: string): Promise<DeployedFunction>;
  subscriptions(topicArn: string): Promise<readonly TopicSubscription[]>;
  /** Null when EventBridge Scheduler has no schedule of that name. */
  schedule(name: string): Promise<ScheduleState | null>;
  /** What IAM's policy simulator decides for each action on each resource, for the role. */
  simulate(
    roleArn: string,
    actions: readonly string[],
    resources: readonly string[],
  ): Promise<PermissionAnswer[]>;
  close(): void;
}

export interface AwsDeployedStackReaderClients {
  readonly cloudFormation?: CloudFormationClient;
  readonly lambda?: LambdaClient;
  readonly sns?: SNSClient;
  readonly scheduler?: SchedulerClient;
  readonly iam?: IAMClient;
}

/** `{"shard": i, "shards": n}` in the schedule's input (the stack sets it when it splits the clusters). */
function shardOf(input: string | undefined): ScheduleState['shard'] {
  if (input === undefined) return null;
  try {
    const parsed = JSON.parse(input) as { shard?: unknown; shards?: unknown };
    return typeof parsed.shard === 'number' && typeof parsed.shards === 'number'
      ? { index: parsed.shard, count: parsed.shards }
      : null;
  } catch {
    return null;
  }
}

/**
 * The simulator answers one result per action with a result per resource; older answers gave one
 * result per (action, resource). Both are read.
 */
function answersOf(result: EvaluationResult): PermissionAnswer[] {
  const action = result.EvalActionName ?? '';
  const deniedBy = (statements: { SourcePolicyId?: string | undefined }[] | undefined) =>
    statements?.find((s) => s.SourcePolicyId !== undefined)?.SourcePolicyId ?? null;
  const perResource = result.ResourceSpecificResults ?? [];
  if (perResource.length > 0) {
    return perResource.map((r) => ({
      action,
      resource: r.EvalResourceName ?? '',
      decision: r.EvalResourceDecision ?? 'implicitDeny',
      deniedBy: r.EvalResourceDecision === 'explicitDeny' ? deniedBy(r.MatchedStatements) : null,
    }));
  }
  return [
    {
      action,
      resource: result.EvalResourceName ?? '*',
      decision: result.EvalDecision ?? 'implicitDeny',
      deniedBy: result.EvalDecision === 'explicitDeny' ? deniedBy(result.MatchedStatements) : null,
    },
  ];
}

/** The port over the AWS SDK; each client defaults to one from the standard credential and region chain. */
export class AwsDeployedStackReader implements DeployedStackReader {
  readonly #cloudFormation: CloudFormationClient;
  readonly #lambda: LambdaClient;
  readonly #sns: SNSClient;
  readonly #scheduler: SchedulerClient;
  readonly #iam: IAMClient;

  constructor(clients: AwsDeployedStackReaderClients = {}) {
    this.#cloudFormation = clients.cloudFormation ?? new CloudFormationClient({});
    this.#lambda = clients.lambda ?? new LambdaClient({});
    this.#sns = clients.sns ?? new SNSClient({});
    this.#scheduler = clients.scheduler ?? new SchedulerClient({});
    this.#iam = clients.iam ?? new IAMClient({});
  }

  async stack(stackName: string): Promise<DeployedStack> {
    const result = await this.#cloudFormation.send(new DescribeStacksCommand({ StackName: stackName }));
    const stack = result.Stacks?.[0];
    const outputs = (stack?.Outputs ?? []).flatMap((o) =>
      o.OutputKey && o.OutputValue ? [[o.OutputKey, o.OutputValue] as const] : [],
    );
    return { stackId: stack?.StackId ?? '', outputs: new Map(outputs) };
  }

  async stackResources(stackName: string): Promise<readonly StackResource[]> {
    const resources: StackResource[] = [];
    for await (const page of paginateListStackResources(
      { client: this.#cloudFormation },
      { StackName: stackName },
    )) {
      for (const r of page.StackResourceSummaries ?? []) {
        resources.push({
          logicalId: r.LogicalResourceId ?? '',
          type: r.ResourceType ?? '',
          physicalId: r.PhysicalResourceId ?? null,
        });
      }
    }
    return resources;
  }

  async accountConcurrency(): Promise<AccountConcurrency> {
    const result = await this.#lambda.send(new GetAccountSettingsCommand({}));
    return {
      limit: result.AccountLimit?.ConcurrentExecutions ?? 0,
      unreserved: result.AccountLimit?.UnreservedConcurrentExecutions ?? 0,
    };
  }

  async lambdaFunction(functionName: string): Promise<DeployedFunction> {
    const result = await this.#lambda.send(new GetFunctionCommand({ FunctionName: functionName }));
    return {
      functionName: result.Configuration?.FunctionName ?? functionName,
      roleArn: result.Configuration?.Role ?? null,
      environment: { ...(result.Configuration?.Environment?.Variables ?? {}) },
      reservedConcurrency: result.Concurrency?.ReservedConcurrentExecutions ?? null,
    };
  }

  async subscriptions(topicArn: string): Promise<readonly TopicSubscription[]> {
    const subscriptions: TopicSubscription[] = [];
    for await (const page of paginateListSubscriptionsByTopic(
      { client: this.#sns },
      { TopicArn: topicArn },
    )) {
      for (const s of page.Subscriptions ?? []) {
        subscriptions.push({
          protocol: s.Protocol ?? '',
          endpoint: s.Endpoint ?? '',
          pending: s.SubscriptionArn === 'PendingConfirmation',
        });
      }
    }
    return subscriptions;
  }

  async schedule(name: string): Promise<ScheduleState | null> {
    try {
      const result = await this.#scheduler.send(new GetScheduleCommand({ Name: name }));
      return { state: result.State ?? 'ENABLED', shard: shardOf(result.Target?.Input) };
    } catch (error) {
      if ((error as { name?: string }).name === 'ResourceNotFoundException') return null;
      throw error;
    }
  }

  async simulate(
    roleArn: string,
    actions: readonly string[],
    resources: readonly string[],
  ): Promise<PermissionAnswer[]> {
    const answers: PermissionAnswer[] = [];
    for await (const page of paginateSimulatePrincipalPolicy(
      { client: this.#iam },
      { PolicySourceArn: roleArn, ActionNames: [...actions], ResourceArns: [...resources] },
    )) {
      for (const result of page.EvaluationResults ?? []) answers.push(...answersOf(result));
    }
    return answers;
  }

  close(): void {
    this.#cloudFormation.destroy();
    this.#lambda.destroy();
    this.#sns.destroy();
    this.#scheduler.destroy();
    this.#iam.destroy();
  }
}
