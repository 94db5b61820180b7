/**
 * IAM access to secrets named in the config. Secrets Manager appends six
 * random characters to every secret's ARN, so a name (or a partial ARN)
 * matches with `-??????` and a complete ARN is used as is: each statement
 * grants exactly the configured secrets, nothing by prefix.
 */
import { ArnFormat, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type { Construct } from 'constructs';

/** A complete secret ARN ends in `-` and the six characters Secrets Manager added. */
const COMPLETE_ARN = /^arn:[^:]+:secretsmanager:[^:]+:\d{12}:secret:.+-[A-Za-z0-9]{6}$/;

/**
 * Budget for one statement's resource list once deployed. IAM counts a role's
 * inline policies together (10,240 characters) and each managed policy alone
 * (6,144); CDK moves whole statements that do not fit inline into overflow
 * managed policies, so a statement must stay well below the smaller limit.
 */
const MAX_STATEMENT_RESOURCE_CHARS = 2_000;
/** What a name-based ARN adds to the name at most: longest partition and region, quotes and comma. */
const NAME_ARN_OVERHEAD = '"arn:aws-us-gov:secretsmanager:ap-southeast-3:123456789012:secret:-??????",'
  .length;

/** The IAM resource ARN of one secret named in the config. */
export function secretResourceArn(scope: Construct, secretId: string): string {
  if (secretId.startsWith('arn:')) return COMPLETE_ARN.test(secretId) ? secretId : `${secretId}-??????`;
  return Stack.of(scope).formatArn({
    service: 'secretsmanager',
    resource: 'secret',
    resourceName: `${secretId}-??????`,
    arnFormat: ArnFormat.COLON_RESOURCE_NAME,
  });
}

function deployedLength(secretId: string): number {
  return secretId.startsWith('arn:')
    ? secretId.length + '"-??????",'.length
    : secretId.length + NAME_ARN_OVERHEAD;
}

/**
 * `secretsmanager:GetSecretValue` on exactly these secrets (duplicates once),
 * as one statement or, for a long list, several of bounded size so that the
 * role's policies stay within IAM's size limits. Sids: `sid`, `sid2`, `sid3`...
 */
export function readSecretsStatements(
  scope: Construct,
  sid: string,
  secretIds: readonly string[],
): iam.PolicyStatement[] {
  const chunks: string[][] = [];
  let size = Number.POSITIVE_INFINITY;
  for (const secretId of new Set(secretIds)) {
    const length = deployedLength(secretId);
    if (size + length > MAX_STATEMENT_RESOURCE_CHARS) {
      chunks.push([]);
      size = 0;
    }
    chunks.at(-1)?.push(secretId);
    size += length;
  }
  return chunks.map(
    (chunk, index) =>
      new iam.PolicyStatement({
        sid: index === 0 ? sid : `${sid}${index + 1}`,
        actions: ['secretsmanager:GetSecretValue'],
        resources: chunk.map((secretId) => secretResourceArn(scope, secretId)),
      }),
  );
}
