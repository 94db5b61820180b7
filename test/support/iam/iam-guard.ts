/**
 * An IAM guard in front of the local stand-ins: a function's SDK clients are pointed at it
 * (`AWS_ENDPOINT_URL_DYNAMODB`, `_SNS`, `_SECRETS_MANAGER`, `_SQS`), it works out what AWS would
 * authorize for each request (`authorization-requests.ts`), evaluates it against the function's
 * synthesized role and the resource policies that apply with `@cloud-copilot/iam-simulate` (an IAM
 * policy evaluator maintained by others; AGPL, a test-only dependency), and either forwards the
 * request to the stand-in or answers it as AWS answers a denied call (DynamoDB and Secrets Manager
 * `AccessDeniedException`, SNS `AuthorizationError` or `KMSAccessDenied`, SQS `AccessDenied`).
 *
 * Every decision is recorded, so a test can fail on any denial and the permission tests can
 * replay what a function asked for against a role with one statement or action removed.
 */
import { createServer, request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { runSimulation } from '@cloud-copilot/iam-simulate';
import {
  header,
  readBody,
  ServiceError,
  sendResponse,
  xmlError,
} from '../../../tools/local-aws/local-aws-endpoint.js';
import {
  type AuthorizationContext,
  type AuthorizationRequest,
  type AwsService,
  authorizationRequests,
  serviceOf,
} from './authorization-requests.js';
import type { ResourceAccess, RoleAccess } from './synthesized-access.js';

const SNS_XMLNS = 'http://sns.amazonaws.com/doc/2010-03-31/';

export type Decision = 'Allowed' | 'ExplicitlyDenied' | 'ImplicitlyDenied';

export interface GuardedCall extends AuthorizationRequest {
  readonly decision: Decision;
}

export class SimulationInputError extends Error {
  constructor(request: AuthorizationRequest, detail: string) {
    super(`cannot evaluate ${request.action} on ${request.resource}: ${detail}`);
    this.name = 'SimulationInputError';
  }
}

/** Whether the role (and the resource's policy, if any) allows one request. */
export async function evaluate(
  role: RoleAccess,
  resources: ResourceAccess,
  request: AuthorizationRequest,
  account: string,
): Promise<Decision> {
  const resourcePolicy = resources.resourcePolicies.get(request.resource);
  const result = await runSimulation(
    {
      identityPolicies: role.identityPolicies.map((p) => ({ name: p.name, policy: p.policy })),
      serviceControlPolicies: [],
      resourceControlPolicies: [],
      ...(resourcePolicy !== undefined && { resourcePolicy }),
      request: {
        action: request.action,
        principal: role.sessionArn,
        resource: { accountId: account, resource: request.resource },
        contextVariables: {
          'aws:PrincipalArn': role.roleArn,
          'aws:PrincipalAccount': account,
          // The SDK calls AWS over TLS.
          'aws:SecureTransport': 'true',
          ...request.context,
        },
      },
    },
    {},
  );
  if (result.resultType === 'error') throw new SimulationInputError(request, JSON.stringify(result.errors));
  return result.overallResult;
}

export interface IamGuardOptions {
  readonly role: RoleAccess;
  readonly resources: ResourceAccess;
  readonly context: AuthorizationContext;
  /** Where allowed requests go, by service. */
  readonly upstreams: Partial<Record<AwsService, string>>;
}

export interface IamGuard {
  /** Point every AWS client of the function here. */
  readonly endpoint: string;
  /** Every authorization asked, in order. */
  readonly calls: readonly GuardedCall[];
  /** The calls that were refused. */
  denials(): GuardedCall[];
  /** The environment that points an SDK at the guard, for each service it fronts. */
  endpointEnv(): Record<string, string>;
  stop(): Promise<void>;
}

/** Starts a guard for one role on an ephemeral port of 127.0.0.1. */
export async function startIamGuard(options: IamGuardOptions): Promise<IamGuard> {
  const calls: GuardedCall[] = [];

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const body = await readBody(req);
    const target = header(req, 'x-amz-target');
    const wire = { target, body };
    const service = serviceOf(wire);
    const asked = authorizationRequests(wire, options.context);
    const decided: GuardedCall[] = [];
    for (const request of asked) {
      const decision = await evaluate(options.role, options.resources, request, options.context.account);
      decided.push({ ...request, decision });
    }
    calls.push(...decided);
    const denied = decided.find((call) => call.decision !== 'Allowed');
    if (denied !== undefined) {
      const answer = deniedAnswer(service, denied, options.role.sessionArn);
      sendResponse(res, answer.status, answer.contentType, answer.body, answer.headers);
      return;
    }
    const upstream = options.upstreams[service];
    if (upstream === undefined) {
      sendResponse(res, 500, 'text/plain', `the IAM guard has no stand-in for ${service}`);
      return;
    }
    await forward(req, body, upstream, res);
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      // An unknown operation or an unresolvable policy fails the call loudly, never passes it.
      if (!res.headersSent) sendResponse(res, 500, 'text/plain', `IAM guard: ${String(error)}`);
    });
  });
  server.keepAliveTimeout = 1_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const endpoint = `http://127.0.0.1:${port}`;

  return {
    endpoint,
    calls,
    denials: () => calls.filter((call) => call.decision !== 'Allowed'),
    endpointEnv: () => ({
      AWS_ENDPOINT_URL_DYNAMODB: endpoint,
      AWS_ENDPOINT_URL_SNS: endpoint,
      AWS_ENDPOINT_URL_SECRETS_MANAGER: endpoint,
      AWS_ENDPOINT_URL_SQS: endpoint,
      AWS_ENDPOINT_URL_CLOUDFORMATION: endpoint,
    }),
    stop: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

function denialMessage(call: GuardedCall, sessionArn: string): string {
  const why =
    call.decision === 'ExplicitlyDenied'
      ? 'with an explicit deny in a resource-based policy'
      : `because no identity-based policy allows the ${call.action} action`;
  return `User: ${sessionArn} is not authorized to perform: ${call.action} on resource: ${call.resource} ${why}`;
}

interface Answer {
  readonly status: number;
  readonly contentType: string;
  readonly body: string;
  readonly headers?: Record<string, string>;
}

/** The error each service's SDK client parses for an authorization failure. */
function deniedAnswer(service: AwsService, call: GuardedCall, sessionArn: string): Answer {
  const message = denialMessage(call, sessionArn);
  const coral = { __type: 'com.amazon.coral.service#AccessDeniedException' };
  const xml = (status: number, code: string, xmlns: string): Answer => ({
    status,
    contentType: 'text/xml',
    body: xmlError(new ServiceError(status, code, message), xmlns),
  });
  switch (service) {
    case 'dynamodb':
      return {
        status: 400,
        contentType: 'application/x-amz-json-1.0',
        body: JSON.stringify({ ...coral, Message: message }),
      };
    case 'secretsmanager':
      return {
        status: 400,
        contentType: 'application/x-amz-json-1.1',
        body: JSON.stringify({ __type: 'AccessDeniedException', Message: message }),
        headers: { 'x-amzn-errortype': 'AccessDeniedException' },
      };
    case 'sqs':
      return {
        status: 403,
        contentType: 'application/x-amz-json-1.0',
        body: JSON.stringify({ ...coral, message }),
        headers: { 'x-amzn-query-error': 'AccessDenied;Sender' },
      };
    case 'cloudformation':
      return xml(403, 'AccessDenied', 'http://cloudformation.amazonaws.com/doc/2010-05-15/');
    default:
      // SNS answers a key it may not use with KMSAccessDenied, anything else with AuthorizationError.
      return call.service === 'kms'
        ? xml(400, 'KMSAccessDenied', SNS_XMLNS)
        : xml(403, 'AuthorizationError', SNS_XMLNS);
  }
}

function forward(req: IncomingMessage, body: string, upstream: string, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', upstream);
  return new Promise((resolve, reject) => {
    const out = httpRequest(
      url,
      { method: req.method, headers: { ...req.headers, host: url.host } },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
        answer.on('end', resolve);
        answer.on('error', reject);
      },
    );
    out.on('error', reject);
    out.end(body);
  });
}
