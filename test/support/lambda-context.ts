import type { Context } from 'aws-lambda';

/**
 * A Lambda context for invoking a handler in a test: `getRemainingTimeInMillis` counts down
 * from `remainingMs` on the given clock (a fixed clock keeps it constant).
 */
export function lambdaContext(
  functionName: string,
  remainingMs: number,
  now: () => number = Date.now,
): Context {
  const end = now() + remainingMs;
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:us-east-1:123456789012:function:${functionName}`,
    memoryLimitInMB: '256',
    awsRequestId: `req-${functionName}`,
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: 'stream',
    getRemainingTimeInMillis: () => end - now(),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}
