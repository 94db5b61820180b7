/**
 * The IAM resource ARN of a secret named in the config. Secrets Manager appends
 * six random characters to every secret's ARN, so a name (or a partial ARN)
 * matches with `-??????` and a complete ARN is used as is.
 */
import { ArnFormat, Stack } from 'aws-cdk-lib';
import type { Construct } from 'constructs';

/** A complete secret ARN ends in `-` and the six characters Secrets Manager added. */
const COMPLETE_ARN = /^arn:[^:]+:secretsmanager:[^:]+:\d{12}:secret:.+-[A-Za-z0-9]{6}$/;

export function secretResourceArn(scope: Construct, secretId: string): string {
  if (secretId.startsWith('arn:')) return COMPLETE_ARN.test(secretId) ? secretId : `${secretId}-??????`;
  return Stack.of(scope).formatArn({
    service: 'secretsmanager',
    resource: 'secret',
    resourceName: `${secretId}-??????`,
    arnFormat: ArnFormat.COLON_RESOURCE_NAME,
  });
}
