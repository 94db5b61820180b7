/**
 * What a function's role is granted to read the secrets the config names: ARN patterns that an
 * IAM evaluator matches from the secret's ARN alone (no tag conditions), the optional path grants
 * of `clusterSecretPrefixes`, and `kms:Decrypt` through Secrets Manager on the keys of
 * `secretKmsKeys`. One definition, used by the stack to write the policy and by the deploy rules
 * to measure it before it exists. Pure.
 *
 * Secrets Manager appends `-` and six random characters to every secret's name in its ARN: a name
 * or a partial ARN is granted with `-??????`. An ARN whose name ends in `-` and six characters may
 * be complete, or partial for a name that happens to end so (`team-abcdef`): it is granted both
 * ways, since nothing in the ARN tells them apart.
 */

import type { MonitorConfig } from './monitor-config.js';

/** A secret ARN's parts; `name` may still carry the random suffix. */
export interface SecretArnParts {
  readonly partition: string;
  readonly region: string;
  readonly account: string;
  readonly name: string;
}

/** The IAM statement a role gets, before it is written as CDK or measured as JSON. */
export interface GrantStatement {
  readonly sid: string;
  readonly actions: readonly string[];
  readonly resources: readonly string[];
  readonly conditions?: Readonly<Record<string, Readonly<Record<string, string>>>>;
}

/** Where the stack lives, as the policy names it: tokens in the stack, longest values when measured. */
export interface GrantPlace {
  /** The ARN of a secret resource name (`NAME-??????`, `PATH/*`) in the stack's partition, region and account. */
  readonly secretArn: (resourceName: string) => string;
  readonly region: string;
}

export interface SecretGrant {
  /** Secret names or ARNs, duplicates allowed. */
  readonly secretIds: readonly string[];
  /** Name paths granted as `PATH*`; secrets named by name under one need no grant of their own. */
  readonly prefixes?: readonly string[];
  /** Key ARNs the secrets may be encrypted with. */
  readonly kmsKeys?: readonly string[];
}

export interface GrantSids {
  readonly read: string;
  readonly decrypt: string;
}

const SECRET_ARN = /^arn:(aws[a-z-]*):secretsmanager:([a-z0-9-]+):(\d{12}):secret:(.+)$/;
const RANDOM_SUFFIX = /-[A-Za-z0-9]{6}$/;

/** The parts of a secret ARN, or null for a secret given by name. */
export function parseSecretArn(secretId: string): SecretArnParts | null {
  const match = SECRET_ARN.exec(secretId);
  if (match === null) return null;
  const [, partition = '', region = '', account = '', name = ''] = match;
  return { partition, region, account, name };
}

/** The resources that grant one secret, exactly (see the module comment for the suffix). */
export function secretResources(secretId: string, place: GrantPlace): string[] {
  const arn = parseSecretArn(secretId);
  if (arn === null) return [place.secretArn(`${secretId}-??????`)];
  return RANDOM_SUFFIX.test(arn.name) ? [secretId, `${secretId}-??????`] : [`${secretId}-??????`];
}

/** Whether a path grant already covers a secret: only secrets given by name, in the stack's own account and region. */
export function coveredByPrefix(secretId: string, prefixes: readonly string[]): boolean {
  return parseSecretArn(secretId) === null && prefixes.some((prefix) => secretId.startsWith(prefix));
}

/** `secretsmanager:GetSecretValue` on the secrets, and `kms:Decrypt` through Secrets Manager on their keys. */
export function readSecretsGrant(sids: GrantSids, grant: SecretGrant, place: GrantPlace): GrantStatement[] {
  const prefixes = grant.prefixes ?? [];
  const resources = [
    ...prefixes.map((prefix) => place.secretArn(`${prefix}*`)),
    ...[...new Set(grant.secretIds)]
      .filter((secretId) => !coveredByPrefix(secretId, prefixes))
      .flatMap((secretId) => secretResources(secretId, place)),
  ];
  const kmsKeys = [...new Set(grant.kmsKeys ?? [])];
  return [
    { sid: sids.read, actions: ['secretsmanager:GetSecretValue'], resources },
    ...(kmsKeys.length === 0
      ? []
      : [
          {
            sid: sids.decrypt,
            actions: ['kms:Decrypt'],
            resources: kmsKeys,
            // Only Secrets Manager may use the key on the role's behalf: the role decrypts secrets, not data.
            conditions: {
              StringEquals: { 'kms:ViaService': `secretsmanager.${place.region}.amazonaws.com` },
            },
          },
        ]),
  ];
}

/** The poller's statements for the clusters' credentials. */
export const POLLER_CREDENTIALS_SIDS: GrantSids = Object.freeze({
  read: 'ReadClusterCredentials',
  decrypt: 'DecryptClusterCredentials',
});

/** What the poller reads: every cluster's secret, under the configured paths and keys. */
export function pollerCredentialsGrant(
  config: Pick<MonitorConfig, 'clusters' | 'clusterSecretPrefixes' | 'secretKmsKeys'>,
): SecretGrant {
  return {
    secretIds: config.clusters.flatMap((c) =>
      c.credentials.kind === 'secret' ? [c.credentials.secretId] : [],
    ),
    prefixes: config.clusterSecretPrefixes,
    kmsKeys: config.secretKmsKeys,
  };
}

/**
 * The longest partition, region and account a deployed ARN holds in place of the stack's
 * pseudo parameters, so that sizes measured with them are upper bounds.
 */
export const LONGEST_ARN_PARTS = Object.freeze({
  partition: 'aws-us-gov',
  region: 'us-isof-south-1',
  account: '123456789012',
});

/** The place with the longest values, for measuring. */
export const LONGEST_PLACE: GrantPlace = Object.freeze({
  secretArn: (resourceName: string) =>
    `arn:${LONGEST_ARN_PARTS.partition}:secretsmanager:${LONGEST_ARN_PARTS.region}:${LONGEST_ARN_PARTS.account}:secret:${resourceName}`,
  region: LONGEST_ARN_PARTS.region,
});

/**
 * Characters the statements take in an IAM policy document as IAM counts them (JSON without
 * whitespace), written the way CloudFormation receives them from CDK.
 */
export function policyDocumentChars(statements: readonly GrantStatement[]): number {
  const one = (values: readonly string[]) => (values.length === 1 ? values[0] : values);
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: statements.map((s) => ({
      Sid: s.sid,
      Effect: 'Allow',
      Action: one(s.actions),
      Resource: one(s.resources),
      ...(s.conditions !== undefined && { Condition: s.conditions }),
    })),
  }).length;
}
