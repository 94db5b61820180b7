/**
 * Where the test run's DynamoDB Local listens: started once by `global-setup.ts` and handed to
 * every test worker through vitest's `inject`.
 */
import { inject } from 'vitest';
import { DynamoDbLocalStartError } from '../../tools/local-aws/dynamodb-local.js';

/** The endpoint of the run's DynamoDB Local (see `global-setup.ts`); throws why it is not running. */
export function dynamoDbEndpoint(): string {
  const endpoint = inject('dynamodbEndpoint');
  if (!endpoint)
    throw new DynamoDbLocalStartError(inject('dynamodbStartError') || 'DynamoDB Local is not running');
  return endpoint;
}
