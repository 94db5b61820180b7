/**
 * A local stand-in for the read-only calls `link-monitor check --deployed` makes, speaking the
 * wire protocols the real SDK v3 clients use, so a test points them at it with
 * `AWS_ENDPOINT_URL_CLOUDFORMATION`, `_IAM`, `_SNS`, `_LAMBDA` and `_SCHEDULER` (all one URL):
 *
 * - awsQuery (form-encoded request, XML response): CloudFormation `DescribeStacks` and
 *   `ListStackResources`, SNS `ListSubscriptionsByTopic`, IAM `SimulatePrincipalPolicy`;
 * - REST-JSON: Lambda `GetAccountSettings` and `GetFunction`, EventBridge Scheduler `GetSchedule`.
 *
 * The simulator is answered by evaluating the role's identity policies with
 * `@cloud-copilot/iam-simulate` (an IAM policy evaluator maintained by others, test-only), in the
 * shape IAM answers today: one result per action, with a result per resource. Signatures are not
 * checked; every request is recorded, so a test can show that the check only reads.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { runSimulation } from '@cloud-copilot/iam-simulate';
import {
  asServiceError,
  escapeXml,
  parseQueryTree,
  type QueryTree,
  queryValue,
  readBody,
  ServiceError,
  sendResponse,
  xmlError,
  xmlResponse,
} from '../../tools/local-aws/local-aws-endpoint.js';

const CLOUDFORMATION_XMLNS = 'http://cloudformation.amazonaws.com/doc/2010-05-15/';
const IAM_XMLNS = 'https://iam.amazonaws.com/doc/2010-05-08/';
const SNS_XMLNS = 'http://sns.amazonaws.com/doc/2010-03-31/';

export interface PolicyDocument {
  readonly Version: string;
  readonly Statement: readonly {
    readonly Sid?: string;
    readonly Effect: 'Allow' | 'Deny';
    readonly Action: string | readonly string[];
    readonly Resource: string | readonly string[];
  }[];
}

export interface StandInStack {
  readonly stackName: string;
  readonly outputs: Readonly<Record<string, string>>;
  readonly resources: readonly { logicalId: string; type: string; physicalId: string }[];
}

export interface StandInFunction {
  readonly role: string;
  readonly environment: Readonly<Record<string, string>>;
  readonly reservedConcurrency?: number;
}

export interface StandInSubscription {
  readonly protocol: string;
  readonly endpoint: string;
  readonly confirmed: boolean;
}

export interface DeployedStackStandInOptions {
  /** @default 'us-east-1' */
  readonly region?: string;
  /** @default '123456789012' */
  readonly account?: string;
  readonly stack: StandInStack;
  readonly accountConcurrency: { readonly limit: number; readonly unreserved: number };
  /** By function name. */
  readonly functions: Readonly<Record<string, StandInFunction>>;
  /** By topic ARN. */
  readonly subscriptions: Readonly<Record<string, readonly StandInSubscription[]>>;
  /** By schedule name (default group). */
  readonly schedules: Readonly<
    Record<string, { readonly state: 'ENABLED' | 'DISABLED'; readonly input?: string }>
  >;
  /** Identity policies by role ARN. */
  readonly roles: Readonly<Record<string, readonly PolicyDocument[]>>;
}

export interface StandInRequest {
  readonly service: 'cloudformation' | 'iam' | 'sns' | 'lambda' | 'scheduler';
  readonly operation: string;
}

export interface DeployedStackStandIn {
  /** Base URL, e.g. `http://127.0.0.1:45123`. */
  readonly endpoint: string;
  /** The environment variables that point every client of the check here. */
  readonly env: Readonly<Record<string, string>>;
  readonly requests: readonly StandInRequest[];
  stop(): Promise<void>;
}

type Handled = {
  service: StandInRequest['service'];
  operation: string;
  status: number;
  body: string;
  json: boolean;
};

const SIMULATOR_DECISIONS = {
  Allowed: 'allowed',
  ExplicitlyDenied: 'explicitDeny',
  ImplicitlyDenied: 'implicitDeny',
} as const;

/** Starts the stand-in on an ephemeral port of 127.0.0.1. */
export async function startDeployedStackStandIn(
  options: DeployedStackStandInOptions,
): Promise<DeployedStackStandIn> {
  const region = options.region ?? 'us-east-1';
  const account = options.account ?? '123456789012';
  const stackId = `arn:aws:cloudformation:${region}:${account}:stack/${options.stack.stackName}/${randomUUID()}`;
  const requests: StandInRequest[] = [];

  const cloudFormation = (operation: string, tree: QueryTree): string => {
    const name = queryValue(tree, 'StackName');
    if (name !== options.stack.stackName && name !== stackId) {
      throw new ServiceError(400, 'ValidationError', `Stack with id ${name ?? ''} does not exist`);
    }
    const { stack } = options;
    if (operation === 'DescribeStacks') {
      const outputs = Object.entries(stack.outputs)
        .map(
          ([k, v]) =>
            `<member><OutputKey>${escapeXml(k)}</OutputKey><OutputValue>${escapeXml(v)}</OutputValue></member>`,
        )
        .join('');
      return xmlResponse(
        operation,
        `<Stacks><member><StackName>${escapeXml(stack.stackName)}</StackName><StackId>${stackId}</StackId>` +
          `<CreationTime>2026-01-01T00:00:00Z</CreationTime><StackStatus>UPDATE_COMPLETE</StackStatus>` +
          `<Outputs>${outputs}</Outputs></member></Stacks>`,
        CLOUDFORMATION_XMLNS,
      );
    }
    if (operation === 'ListStackResources') {
      const members = stack.resources
        .map(
          (r) =>
            `<member><LogicalResourceId>${escapeXml(r.logicalId)}</LogicalResourceId>` +
            `<PhysicalResourceId>${escapeXml(r.physicalId)}</PhysicalResourceId>` +
            `<ResourceType>${escapeXml(r.type)}</ResourceType><ResourceStatus>CREATE_COMPLETE</ResourceStatus>` +
            `<LastUpdatedTimestamp>2026-01-01T00:00:00Z</LastUpdatedTimestamp></member>`,
        )
        .join('');
      return xmlResponse(
        operation,
        `<StackResourceSummaries>${members}</StackResourceSummaries>`,
        CLOUDFORMATION_XMLNS,
      );
    }
    throw new ServiceError(400, 'InvalidAction', `The action ${operation} is not valid for this endpoint.`);
  };

  const sns = (tree: QueryTree): string => {
    const topicArn = queryValue(tree, 'TopicArn') ?? '';
    const subscriptions = options.subscriptions[topicArn];
    if (subscriptions === undefined) throw new ServiceError(404, 'NotFound', 'Topic does not exist');
    const members = subscriptions
      .map(
        (s) =>
          `<member><TopicArn>${escapeXml(topicArn)}</TopicArn><Protocol>${escapeXml(s.protocol)}</Protocol>` +
          `<SubscriptionArn>${s.confirmed ? `${escapeXml(topicArn)}:${randomUUID()}` : 'PendingConfirmation'}</SubscriptionArn>` +
          `<Owner>${account}</Owner><Endpoint>${escapeXml(s.endpoint)}</Endpoint></member>`,
      )
      .join('');
    return xmlResponse('ListSubscriptionsByTopic', `<Subscriptions>${members}</Subscriptions>`, SNS_XMLNS);
  };

  const simulate = async (tree: QueryTree): Promise<string> => {
    const roleArn = queryValue(tree, 'PolicySourceArn') ?? '';
    const policies = options.roles[roleArn];
    if (policies === undefined) {
      throw new ServiceError(404, 'NoSuchEntity', `The role with name ${roleArn} cannot be found.`);
    }
    const actions = queryStrings(tree, 'ActionNames');
    const resources = queryStrings(tree, 'ResourceArns');
    const roleName = roleArn.split('/').at(-1) ?? roleArn;
    const results: string[] = [];
    for (const action of actions) {
      const perResource: string[] = [];
      const decisions: string[] = [];
      for (const resource of resources) {
        const result = await runSimulation(
          {
            identityPolicies: policies.map((policy, index) => ({ name: `policy${index + 1}`, policy })),
            serviceControlPolicies: [],
            resourceControlPolicies: [],
            request: {
              action,
              principal: `arn:aws:sts::${account}:assumed-role/${roleName}/check`,
              resource: { accountId: account, resource },
              contextVariables: { 'aws:PrincipalArn': roleArn, 'aws:PrincipalAccount': account },
            },
          },
          {},
        );
        if (result.resultType === 'error') {
          throw new ServiceError(400, 'InvalidInput', `cannot simulate ${action} on ${resource}`);
        }
        const decision = SIMULATOR_DECISIONS[result.overallResult];
        decisions.push(decision);
        perResource.push(
          `<member><EvalResourceName>${escapeXml(resource)}</EvalResourceName>` +
            `<EvalResourceDecision>${decision}</EvalResourceDecision></member>`,
        );
      }
      const aggregate = decisions.includes('explicitDeny')
        ? 'explicitDeny'
        : decisions.includes('implicitDeny')
          ? 'implicitDeny'
          : 'allowed';
      results.push(
        `<member><EvalActionName>${escapeXml(action)}</EvalActionName><EvalResourceName>*</EvalResourceName>` +
          `<EvalDecision>${aggregate}</EvalDecision><ResourceSpecificResults>${perResource.join('')}</ResourceSpecificResults></member>`,
      );
    }
    return xmlResponse(
      'SimulatePrincipalPolicy',
      `<IsTruncated>false</IsTruncated><EvaluationResults>${results.join('')}</EvaluationResults>`,
      IAM_XMLNS,
    );
  };

  const awsQuery = async (body: string): Promise<Handled> => {
    const params = new URLSearchParams(body);
    const operation = params.get('Action') ?? '';
    const tree = parseQueryTree(params);
    const [service, xmlns] =
      operation === 'SimulatePrincipalPolicy'
        ? (['iam', IAM_XMLNS] as const)
        : operation === 'ListSubscriptionsByTopic'
          ? (['sns', SNS_XMLNS] as const)
          : (['cloudformation', CLOUDFORMATION_XMLNS] as const);
    try {
      const xml =
        service === 'iam'
          ? await simulate(tree)
          : service === 'sns'
            ? sns(tree)
            : cloudFormation(operation, tree);
      return { service, operation, status: 200, body: xml, json: false };
    } catch (error) {
      const e = asServiceError(error);
      return { service, operation, status: e.status, body: xmlError(e, xmlns), json: false };
    }
  };

  const restJson = (method: string, path: string): Handled => {
    const notFound = (service: 'lambda' | 'scheduler', operation: string, message: string): Handled => ({
      service,
      operation,
      status: 404,
      body: JSON.stringify({ Type: 'User', Message: message, message }),
      json: true,
    });
    if (method === 'GET' && /^\/2016-08-19\/account-settings\/?$/.test(path)) {
      const { limit, unreserved } = options.accountConcurrency;
      const body = {
        AccountLimit: {
          TotalCodeSize: 80_530_636_800,
          CodeSizeUnzipped: 262_144_000,
          CodeSizeZipped: 52_428_800,
          ConcurrentExecutions: limit,
          UnreservedConcurrentExecutions: unreserved,
        },
        AccountUsage: { TotalCodeSize: 1_000_000, FunctionCount: Object.keys(options.functions).length },
      };
      return {
        service: 'lambda',
        operation: 'GetAccountSettings',
        status: 200,
        body: JSON.stringify(body),
        json: true,
      };
    }
    const fn = /^\/2015-03-31\/functions\/([^/]+)\/?$/.exec(path);
    if (method === 'GET' && fn !== null) {
      const name = decodeURIComponent(fn[1] ?? '');
      const found = options.functions[name];
      if (found === undefined) return notFound('lambda', 'GetFunction', `Function not found: ${name}`);
      const body = {
        Configuration: {
          FunctionName: name,
          FunctionArn: `arn:aws:lambda:${region}:${account}:function:${name}`,
          Runtime: 'nodejs24.x',
          Role: found.role,
          Handler: 'index.handler',
          Environment: { Variables: found.environment },
          State: 'Active',
        },
        Code: { RepositoryType: 'S3', Location: 'https://example.invalid/code.zip' },
        ...(found.reservedConcurrency !== undefined && {
          Concurrency: { ReservedConcurrentExecutions: found.reservedConcurrency },
        }),
      };
      return {
        service: 'lambda',
        operation: 'GetFunction',
        status: 200,
        body: JSON.stringify(body),
        json: true,
      };
    }
    const schedule = /^\/schedules\/([^/]+)$/.exec(path);
    if (method === 'GET' && schedule !== null) {
      const name = decodeURIComponent(schedule[1] ?? '');
      const found = options.schedules[name];
      if (found === undefined)
        return notFound('scheduler', 'GetSchedule', `Schedule ${name} does not exist.`);
      const body = {
        Arn: `arn:aws:scheduler:${region}:${account}:schedule/default/${name}`,
        GroupName: 'default',
        Name: name,
        ScheduleExpression: 'rate(1 minute)',
        State: found.state,
        FlexibleTimeWindow: { Mode: 'OFF' },
        Target: {
          Arn: `arn:aws:lambda:${region}:${account}:function:poller`,
          RoleArn: `arn:aws:iam::${account}:role/schedule`,
          ...(found.input !== undefined && { Input: found.input }),
        },
      };
      return {
        service: 'scheduler',
        operation: 'GetSchedule',
        status: 200,
        body: JSON.stringify(body),
        json: true,
      };
    }
    return notFound('lambda', `${method} ${path}`, `No route for ${method} ${path}`);
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const body = await readBody(req);
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const isQuery = req.method === 'POST' && url.pathname === '/' && body.includes('Action=');
    const handled = isQuery ? await awsQuery(body) : restJson(req.method ?? 'GET', url.pathname);
    requests.push({ service: handled.service, operation: handled.operation });
    const errorType: Record<string, string> =
      handled.status === 404 && handled.json ? { 'x-amzn-errortype': 'ResourceNotFoundException' } : {};
    sendResponse(
      res,
      handled.status,
      handled.json ? 'application/json' : 'text/xml',
      handled.body,
      errorType,
    );
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) sendResponse(res, 500, 'text/plain', String(error));
    });
  });
  server.keepAliveTimeout = 1_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    endpoint,
    env: {
      AWS_ENDPOINT_URL_CLOUDFORMATION: endpoint,
      AWS_ENDPOINT_URL_IAM: endpoint,
      AWS_ENDPOINT_URL_SNS: endpoint,
      AWS_ENDPOINT_URL_LAMBDA: endpoint,
      AWS_ENDPOINT_URL_SCHEDULER: endpoint,
    },
    requests,
    stop: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

/** The strings of an awsQuery list (`Key.member.N`), in index order. */
function queryStrings(tree: QueryTree, key: string): string[] {
  const container = tree[key];
  const members = typeof container === 'object' ? container.member : undefined;
  if (typeof members !== 'object') return [];
  return Object.keys(members)
    .sort((a, b) => Number(a) - Number(b))
    .map((k) => members[k])
    .filter((v): v is string => typeof v === 'string');
}
