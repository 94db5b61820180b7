/**
 * One function of a synthesized stack made ready to run under the IAM guard: a guard for its role,
 * and its environment as the template gives it, with every AWS client pointed at the guard.
 */

import { BUNDLE_ACCOUNT, BUNDLE_REGION } from '../bundled-handler.js';
import type { AwsService } from './authorization-requests.js';
import { type IamGuard, startIamGuard } from './iam-guard.js';
import {
  NotInTemplateError,
  type PolicyDocument,
  type RoleAccess,
  resourceAccess,
  roleAccess,
  roleOfFunction,
} from './synthesized-access.js';
import { DeploymentNames, type TemplateJson } from './template-names.js';

export interface GuardedFunction {
  readonly guard: IamGuard;
  readonly role: RoleAccess;
  /** The template's environment of the function, resolved, plus the guard's endpoints. */
  readonly env: Record<string, string>;
}

export interface GuardFunctionOptions {
  readonly names: DeploymentNames;
  readonly functionLogicalId: string;
  /** The local stand-ins, by service. */
  readonly upstreams: Partial<Record<AwsService, string>>;
  /** The ARN a secret id resolves to, when a test's stand-in names secrets otherwise. */
  readonly secretArn?: (secretId: string) => string;
  /** Keys of the account's own the secrets are encrypted with, with their key policies. */
  readonly secretKeys?: {
    readonly keyOf: (secretArn: string) => string | undefined;
    readonly keyPolicies: ReadonlyMap<string, PolicyDocument>;
  };
}

export async function guardFunction(options: GuardFunctionOptions): Promise<GuardedFunction> {
  const { names, functionLogicalId } = options;
  const template = names.template;
  const role = roleAccess(template, names, roleOfFunction(template, functionLogicalId));
  const stack = resourceAccess(template, names);
  const guard = await startIamGuard({
    role,
    resources: {
      ...stack,
      resourcePolicies: new Map([...stack.resourcePolicies, ...(options.secretKeys?.keyPolicies ?? [])]),
    },
    context: {
      region: names.region,
      account: names.account,
      topicKeys: stack.topicKeys,
      ...(options.secretArn !== undefined && { secretArn: options.secretArn }),
      ...(options.secretKeys !== undefined && { secretKey: options.secretKeys.keyOf }),
    },
    upstreams: options.upstreams,
  });
  // Queue URLs on the guard's origin: the SQS client sends to a queue URL's own host otherwise.
  const envNames = names.withSqsEndpoint(guard.endpoint);
  const variables =
    (
      template.Resources[functionLogicalId]?.Properties?.Environment as {
        Variables?: Record<string, unknown>;
      }
    )?.Variables ?? {};
  const env = {
    ...Object.fromEntries(Object.entries(variables).map(([name, value]) => [name, envNames.resolve(value)])),
    ...guard.endpointEnv(),
  };
  return { guard, role, env };
}

/** The function whose environment sets `variable` to `value` (a receiver is known by its secret). */
export function functionWithVariable(template: TemplateJson, variable: string, value: string): string {
  const found = Object.entries(template.Resources).find(
    ([, r]) =>
      r.Type === 'AWS::Lambda::Function' &&
      (r.Properties?.Environment as { Variables?: Record<string, unknown> } | undefined)?.Variables?.[
        variable
      ] === value,
  );
  if (found === undefined) throw new NotInTemplateError(`function with ${variable}=${value}`);
  return found[0];
}

/** The template deployed where the bundle runner's functions run (`bundled-handler.ts`). */
export function bundleDeployment(
  template: TemplateJson,
  physicalNames: Readonly<Record<string, string>> = {},
): DeploymentNames {
  return new DeploymentNames(template, { region: BUNDLE_REGION, account: BUNDLE_ACCOUNT, physicalNames });
}

export interface GuardedReceiver extends GuardedFunction {
  readonly functionId: string;
}

/** Tables of a template a test created on DynamoDB Local, for a guarded function that uses them. */
export interface LocalTables {
  /** DynamoDB Local's endpoint. */
  readonly endpoint: string;
  /** The local table names, by the template's logical id. */
  readonly physicalNames: Readonly<Record<string, string>>;
}

/**
 * A Slack or PagerDuty notifier of the template, known by the secret its `variable` names, under
 * the guard of its role, with its secret and its queue on the local stand-in at `awsEndpoint`, and
 * the tables it uses (the PagerDuty alert ledger), when given, on DynamoDB Local.
 */
export async function guardReceiver(
  template: TemplateJson,
  variable: string,
  secretId: string,
  awsEndpoint: string,
  tables?: LocalTables,
): Promise<GuardedReceiver> {
  const functionId = functionWithVariable(template, variable, secretId);
  const guarded = await guardFunction({
    names: bundleDeployment(template, tables?.physicalNames),
    functionLogicalId: functionId,
    upstreams: {
      secretsmanager: awsEndpoint,
      sqs: awsEndpoint,
      ...(tables !== undefined && { dynamodb: tables.endpoint }),
    },
  });
  return { ...guarded, functionId };
}
