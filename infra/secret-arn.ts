/**
 * IAM access to secrets named in the config, written from the one definition of what a secret
 * needs (`adapters/config/secret-grants.ts`): exactly the configured secrets (and the configured
 * name paths), in the stack's own partition, region and account.
 */
import { ArnFormat, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type { Construct } from 'constructs';
import {
  type GrantPlace,
  type GrantSids,
  readSecretsGrant,
  type SecretGrant,
} from '../adapters/config/secret-grants.js';

/** The stack's partition, region and account, as tokens resolved at deploy. */
export function stackGrantPlace(scope: Construct): GrantPlace {
  const stack = Stack.of(scope);
  return {
    secretArn: (resourceName) =>
      stack.formatArn({
        service: 'secretsmanager',
        resource: 'secret',
        resourceName,
        arnFormat: ArnFormat.COLON_RESOURCE_NAME,
      }),
    region: stack.region,
  };
}

/** `secretsmanager:GetSecretValue` on the secrets and, when keys are configured, `kms:Decrypt` through Secrets Manager. */
export function readSecretsStatements(
  scope: Construct,
  sids: GrantSids,
  grant: SecretGrant,
): iam.PolicyStatement[] {
  return readSecretsGrant(sids, grant, stackGrantPlace(scope)).map(
    (statement) =>
      new iam.PolicyStatement({
        sid: statement.sid,
        actions: [...statement.actions],
        resources: [...statement.resources],
        ...(statement.conditions !== undefined && { conditions: statement.conditions }),
      }),
  );
}
