/**
 * Vitest global setup: one DynamoDB Local for the whole run, shared by every integration test file
 * (each creates its own uniquely named tables). Its endpoint reaches the test workers through
 * `inject('dynamodbEndpoint')`, and child processes the tests spawn through `AWS_ENDPOINT_URL_DYNAMODB`.
 *
 * When DynamoDB Local cannot start (no Java), the run goes on: unit tests do not need it, and
 * `dynamoDbEndpoint()` makes each integration test fail with the reason.
 */
import type { TestProject } from 'vitest/node';
import { type DynamoDbLocal, startDynamoDbLocal } from '../../tools/local-aws/dynamodb-local.js';
import { fetchDynamoDbLocal } from '../../tools/local-aws/fetch-dynamodb-local.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Endpoint of the run's DynamoDB Local, empty when it could not start. */
    dynamodbEndpoint: string;
    /** Why DynamoDB Local could not start, empty when it runs. */
    dynamodbStartError: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  let local: DynamoDbLocal | undefined;
  try {
    await fetchDynamoDbLocal();
    local = await startDynamoDbLocal();
    project.provide('dynamodbEndpoint', local.endpoint);
    project.provide('dynamodbStartError', '');
    process.env.AWS_ENDPOINT_URL_DYNAMODB = local.endpoint;
  } catch (error) {
    project.provide('dynamodbEndpoint', '');
    project.provide('dynamodbStartError', error instanceof Error ? error.message : String(error));
  }
  return async () => {
    await local?.stop();
  };
}
