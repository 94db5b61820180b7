/**
 * The calls AWS services make with a role of the stack on the stack's behalf, which no function
 * code makes and so no guard sees: Lambda writes each function's logs and sends a failed
 * asynchronous invocation to its on-failure destination with the function's role; EventBridge
 * Scheduler invokes its target and sends an undeliverable tick to its dead-letter queue with the
 * schedule's role. Read from the template, so a new destination or schedule is covered too.
 */
import type { AuthorizationRequest } from './authorization-requests.js';
import { refId } from './synthesized-access.js';
import type { DeploymentNames } from './template-names.js';

/** By role logical id, what AWS services ask for with that role. */
export function platformCalls(names: DeploymentNames): Map<string, AuthorizationRequest[]> {
  const resources = names.template.Resources;
  const calls = new Map<string, AuthorizationRequest[]>();
  const add = (roleId: string | undefined, request: AuthorizationRequest) => {
    if (roleId === undefined) return;
    calls.set(roleId, [...(calls.get(roleId) ?? []), request]);
  };
  const roleOf = (functionId: string | undefined) =>
    functionId === undefined ? undefined : refId(resources[functionId]?.Properties?.Role);

  for (const [id, resource] of Object.entries(resources)) {
    const p = resource.Properties ?? {};
    if (resource.Type === 'AWS::Lambda::Function') {
      const logGroup = refId((p.LoggingConfig as { LogGroup?: unknown } | undefined)?.LogGroup);
      if (logGroup === undefined) continue;
      const stream = `arn:aws:logs:${names.region}:${names.account}:log-group:${names.physicalName(logGroup)}:log-stream:2026/01/01/[$LATEST]0123456789abcdef`;
      for (const action of ['logs:CreateLogStream', 'logs:PutLogEvents']) {
        add(roleOf(id), { service: 'logs', operation: 'Lambda logs', action, resource: stream });
      }
    }
    if (resource.Type === 'AWS::Lambda::EventInvokeConfig') {
      const destination = (p.DestinationConfig as { OnFailure?: { Destination?: unknown } } | undefined)
        ?.OnFailure?.Destination;
      if (destination === undefined) continue;
      add(roleOf(refId(p.FunctionName)), {
        service: 'sqs',
        operation: 'Lambda on-failure destination',
        action: 'sqs:SendMessage',
        resource: names.resolve(destination),
      });
    }
    if (resource.Type === 'AWS::Scheduler::Schedule') {
      const target = p.Target as { Arn: unknown; RoleArn: unknown; DeadLetterConfig?: { Arn: unknown } };
      const roleId = refId(target.RoleArn);
      add(roleId, {
        service: 'lambda',
        operation: 'Scheduler target',
        action: 'lambda:InvokeFunction',
        resource: names.resolve(target.Arn),
      });
      if (target.DeadLetterConfig !== undefined) {
        add(roleId, {
          service: 'sqs',
          operation: 'Scheduler dead-letter queue',
          action: 'sqs:SendMessage',
          resource: names.resolve(target.DeadLetterConfig.Arn),
        });
      }
    }
  }
  return calls;
}
