/**
 * A function's on-failure destination: the SQS queue Lambda sends a failed asynchronous event to,
 * with the function's role. CDK's `SqsDestination` also grants `sqs:GetQueueAttributes` and
 * `sqs:GetQueueUrl`, which neither Lambda nor the notifiers use
 * (test/integration/infra/role-permissions.test.ts shows each grant is needed).
 */
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';

export class QueueDestination implements lambda.IDestination {
  constructor(private readonly queue: sqs.IQueue) {}

  bind(_scope: Construct, fn: lambda.IFunction): lambda.DestinationConfig {
    fn.addToRolePolicy(
      new iam.PolicyStatement({ actions: ['sqs:SendMessage'], resources: [this.queue.queueArn] }),
    );
    return { destination: this.queue.queueArn };
  }
}
