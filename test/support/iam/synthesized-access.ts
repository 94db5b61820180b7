/**
 * What a synthesized template lets a function do, read from the template as a deployment of it
 * would have it: the identity policies of the function's role, and the resource policies that
 * apply to the resources it calls (topic policies, queue policies, KMS key policies), every
 * intrinsic resolved to the deployment's names (`DeploymentNames`).
 */
import type { DeploymentNames, TemplateJson, TemplateResource } from './template-names.js';

export interface PolicyStatement {
  readonly Sid?: string;
  readonly Effect: 'Allow' | 'Deny';
  readonly Action?: string | string[];
  readonly NotAction?: string | string[];
  readonly Resource?: string | string[];
  readonly Principal?: unknown;
  readonly Condition?: Record<string, Record<string, unknown>>;
}

export interface PolicyDocument {
  readonly Version: string;
  readonly Statement: readonly PolicyStatement[];
}

export interface NamedPolicy {
  /** The template's logical id of the policy (or `{role}/{PolicyName}` for an inline one). */
  readonly name: string;
  readonly policy: PolicyDocument;
}

/** A function's role as deployed: who it is and what its identity policies allow. */
export interface RoleAccess {
  readonly roleLogicalId: string;
  readonly roleArn: string;
  /** What the function's code sees as its caller identity. */
  readonly sessionArn: string;
  readonly identityPolicies: readonly NamedPolicy[];
}

/** Resource policies by the ARN of the resource they are attached to, and each topic's KMS key. */
export interface ResourceAccess {
  readonly resourcePolicies: ReadonlyMap<string, PolicyDocument>;
  /** A topic encrypted with a customer-managed key: topic ARN to key ARN. */
  readonly topicKeys: ReadonlyMap<string, string>;
}

export class NotInTemplateError extends Error {
  constructor(what: string) {
    super(`the template has no ${what}`);
    this.name = 'NotInTemplateError';
  }
}

const of = (template: TemplateJson, type: string): [string, TemplateResource][] =>
  Object.entries(template.Resources).filter(([, r]) => r.Type === type);

/** The logical id a `Ref` or `Fn::GetAtt` points at; undefined for anything else. */
export const refId = (value: unknown): string | undefined => {
  const v = value as { Ref?: unknown; 'Fn::GetAtt'?: unknown } | null;
  if (typeof v?.Ref === 'string') return v.Ref;
  const getAtt = v?.['Fn::GetAtt'];
  if (Array.isArray(getAtt) && typeof getAtt[0] === 'string') return getAtt[0];
  return undefined;
};

/** The logical id of a function's role. */
export function roleOfFunction(template: TemplateJson, functionLogicalId: string): string {
  const fn = template.Resources[functionLogicalId];
  const role = refId(fn?.Properties?.Role);
  if (fn?.Type !== 'AWS::Lambda::Function' || role === undefined) {
    throw new NotInTemplateError(`function ${functionLogicalId} with a role of the stack`);
  }
  return role;
}

/** The identity policies of a role: its inline `Policies` and every policy resource attached to it. */
export function roleAccess(
  template: TemplateJson,
  names: DeploymentNames,
  roleLogicalId: string,
): RoleAccess {
  const role = template.Resources[roleLogicalId];
  if (role?.Type !== 'AWS::IAM::Role') throw new NotInTemplateError(`role ${roleLogicalId}`);
  const managedArns = (role.Properties?.ManagedPolicyArns ?? []) as unknown[];
  const attached = [...of(template, 'AWS::IAM::Policy'), ...of(template, 'AWS::IAM::ManagedPolicy')]
    .filter(([, p]) => ((p.Properties?.Roles ?? []) as unknown[]).some((r) => refId(r) === roleLogicalId))
    .map(([id, p]) => ({ name: id, policy: p.Properties?.PolicyDocument }));
  const stackManaged = new Set(
    managedArns
      .map(refId)
      .filter((id): id is string => id !== undefined && template.Resources[id] !== undefined),
  );
  const awsManaged = managedArns.filter((arn) => !stackManaged.has(refId(arn) ?? ''));
  if (awsManaged.length > 0) {
    // An AWS managed policy's document is not in the template: the guard could not evaluate it.
    throw new NotInTemplateError(
      `document for the managed policies ${JSON.stringify(awsManaged)} of ${roleLogicalId}`,
    );
  }
  const inline = ((role.Properties?.Policies ?? []) as { PolicyName: string; PolicyDocument: unknown }[]).map(
    (p) => ({ name: `${roleLogicalId}/${p.PolicyName}`, policy: p.PolicyDocument }),
  );
  const roleArn = names.arnOf(roleLogicalId);
  return {
    roleLogicalId,
    roleArn,
    sessionArn: `arn:aws:sts::${names.account}:assumed-role/${names.physicalName(roleLogicalId)}/function`,
    identityPolicies: [...inline, ...attached].map(({ name, policy }) => ({
      name,
      policy: names.resolveDeep(policy) as PolicyDocument,
    })),
  };
}

/** Every resource policy of the template by the resource's ARN, and the topics' customer-managed keys. */
export function resourceAccess(template: TemplateJson, names: DeploymentNames): ResourceAccess {
  const policies = new Map<string, PolicyStatement[]>();
  const add = (arn: string, document: unknown) => {
    const resolved = names.resolveDeep(document) as PolicyDocument;
    policies.set(arn, [...(policies.get(arn) ?? []), ...resolved.Statement]);
  };
  for (const [, p] of of(template, 'AWS::SNS::TopicPolicy')) {
    for (const topic of (p.Properties?.Topics ?? []) as unknown[])
      add(names.resolve(topic), p.Properties?.PolicyDocument);
  }
  for (const [, p] of of(template, 'AWS::SQS::QueuePolicy')) {
    for (const queue of (p.Properties?.Queues ?? []) as unknown[]) {
      const id = refId(queue);
      if (id !== undefined) add(names.arnOf(id), p.Properties?.PolicyDocument);
    }
  }
  for (const [id, key] of of(template, 'AWS::KMS::Key')) add(names.arnOf(id), key.Properties?.KeyPolicy);
  const topicKeys = new Map<string, string>();
  for (const [id, topic] of of(template, 'AWS::SNS::Topic')) {
    const keyId = refId(topic.Properties?.KmsMasterKeyId);
    if (keyId !== undefined && template.Resources[keyId]?.Type === 'AWS::KMS::Key') {
      topicKeys.set(names.arnOf(id), names.arnOf(keyId));
    }
  }
  return {
    resourcePolicies: new Map(
      [...policies].map(([arn, statements]) => [arn, { Version: '2012-10-17', Statement: statements }]),
    ),
    topicKeys,
  };
}
