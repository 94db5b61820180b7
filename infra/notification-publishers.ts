/**
 * The notification topic's Allow for the principals `notificationPublishers` names. A principal of
 * another account may publish only when both its own identity policy and the topic's policy allow
 * it; for one of the stack's account this adds nothing its identity policy did not already need.
 * The statement names the principals' accounts and matches the principals by `aws:PrincipalArn`,
 * so a listed role that does not exist (yet) cannot make the topic policy invalid, as a principal
 * ARN that IAM cannot find would.
 */
import * as iam from 'aws-cdk-lib/aws-iam';

const PRINCIPAL_ARN = /^arn:(aws[a-z-]*):iam::(\d{12}):/;

/** @returns the statement, or null when nobody is listed besides the poller */
export function listedPublishersStatement(
  topicArn: string,
  publishers: readonly string[],
): iam.PolicyStatement | null {
  if (publishers.length === 0) return null;
  const accountRoots = new Set(
    publishers.flatMap((arn) => {
      const match = PRINCIPAL_ARN.exec(arn);
      return match === null ? [] : [`arn:${match[1]}:iam::${match[2]}:root`];
    }),
  );
  return new iam.PolicyStatement({
    sid: 'ListedPublishersMayPublish',
    principals: [...accountRoots].map((root) => new iam.ArnPrincipal(root)),
    actions: ['sns:Publish'],
    resources: [topicArn],
    conditions: { ArnEquals: { 'aws:PrincipalArn': [...publishers] } },
  });
}
