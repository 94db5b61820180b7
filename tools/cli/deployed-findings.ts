/**
 * `link-monitor check --deployed`: what AWS says about a deployed monitor stack, turned into
 * findings (one line each: ok, warning or failure, and when not ok what to fix). Pure: plain
 * objects in and out. `deployed-stack-reader.ts` asks AWS; `deployed-check.ts` joins the two.
 */
import { type GrantPlace, secretResources } from '../../adapters/config/secret-grants.js';
import { HISTORY_TABLE, SNAPSHOT_TABLE } from '../../adapters/dynamodb/table-design.js';
import { POLLER_PERMISSIONS, RECEIVER_PERMISSIONS } from '../../adapters/lambda/function-permissions.js';
import { POLLER_ENV } from '../../adapters/lambda/poller-environment.js';
import { ALERT_LEDGER_PERMISSIONS } from '../../receivers/pagerduty/alert-ledger-table.js';
import { PAGERDUTY_ENV } from '../../receivers/pagerduty/pagerduty-notifier-environment.js';
import { SLACK_NOTIFIER_ENV } from '../../receivers/slack/slack-notifier-environment.js';

export type FindingStatus = 'ok' | 'warning' | 'failure';
export type FindingArea = 'stack' | 'concurrency' | 'subscriptions' | 'schedules' | 'permissions';

export interface DeployedFinding {
  readonly status: FindingStatus;
  readonly area: FindingArea;
  readonly message: string;
  /** What to do about it; null when ok. */
  readonly fix: string | null;
}

/** An answer from AWS, or why there is none (the item could not be checked: a warning). */
export type Answer<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly error: string };

/** Where the stack lives: every ARN the check builds is in its partition, region and account. */
export interface StackLocation {
  readonly partition: string;
  readonly region: string;
  readonly account: string;
}

export interface StackResource {
  readonly logicalId: string;
  readonly type: string;
  /** Null while CloudFormation has not created it. */
  readonly physicalId: string | null;
}

export interface AccountConcurrency {
  /** `ConcurrentExecutions`: the account's limit in the region. */
  readonly limit: number;
  /** `UnreservedConcurrentExecutions`: what functions without a reservation share. */
  readonly unreserved: number;
}

export interface DeployedFunction {
  readonly functionName: string;
  readonly roleArn: string | null;
  /** Names and values; only the contract's names are read, and no value is printed but ids and ARNs. */
  readonly environment: Readonly<Record<string, string>>;
  /** Null when it reserves none. */
  readonly reservedConcurrency: number | null;
}

export type FunctionKind = 'poller' | 'slack-notifier' | 'pagerduty-notifier';

export interface TopicSubscription {
  readonly protocol: string;
  /** An email address, a function ARN, or a URL that may carry a secret (never printed). */
  readonly endpoint: string;
  /** SNS reports `PendingConfirmation` as the ARN of a subscription nobody confirmed yet. */
  readonly pending: boolean;
}

export interface TopicFacts {
  /** `notification topic`, `alarm topic`, or the logical id of another topic of the stack. */
  readonly label: string;
  readonly topicArn: string;
  readonly subscriptions: Answer<readonly TopicSubscription[]>;
  /** Email addresses the config subscribes to this topic; null without a config. */
  readonly expectedEmails: readonly string[] | null;
}

export interface ScheduleState {
  /** `ENABLED` or `DISABLED`. */
  readonly state: string;
  /** From the schedule's input; null for the only schedule of an unsharded poller. */
  readonly shard: { readonly index: number; readonly count: number } | null;
}

export interface ScheduleFacts {
  readonly name: string;
  /** Null: the stack names it but EventBridge Scheduler does not know it. */
  readonly schedule: Answer<ScheduleState | null>;
}

export interface PermissionNeed {
  readonly action: string;
  readonly resource: string;
}

export interface PermissionAnswer extends PermissionNeed {
  /** The simulator's decision: `allowed`, `explicitDeny` or `implicitDeny`. */
  readonly decision: string;
  /** The policy holding a Deny that matched, when the simulator names one. */
  readonly deniedBy: string | null;
}

export interface FunctionPermissionFacts {
  /** `poller MyStack-Poller...` */
  readonly functionLabel: string;
  readonly roleArn: string;
  readonly needs: readonly PermissionNeed[];
  readonly answers: Answer<readonly PermissionAnswer[]>;
}

export interface DeployedFunctionFacts {
  readonly logicalId: string;
  readonly physicalId: string;
  readonly function: Answer<DeployedFunction>;
}

export interface DeploymentFacts {
  readonly stackName: string;
  readonly location: StackLocation;
  readonly concurrency: Answer<AccountConcurrency>;
  readonly functions: readonly DeployedFunctionFacts[];
  readonly topics: readonly TopicFacts[];
  readonly schedules: readonly ScheduleFacts[];
  readonly permissions: readonly FunctionPermissionFacts[];
  /** False without a config: the poller's cluster secrets could not be named, so were not asked about. */
  readonly clusterSecretsKnown: boolean;
}

export interface DeployedReport {
  readonly stackName: string;
  readonly findings: readonly DeployedFinding[];
  /** No failure (warnings allowed). */
  readonly ok: boolean;
}

/** The partition, region and account of a stack, from its id (a CloudFormation stack ARN). */
export function stackLocation(stackId: string): StackLocation | null {
  const match = /^arn:([^:]+):cloudformation:([^:]+):(\d{12}):stack\//.exec(stackId);
  if (match === null) return null;
  const [, partition, region, account] = match as unknown as [string, string, string, string];
  return { partition, region, account };
}

/** Which of the monitor's functions this is, by the environment contract it was deployed with. */
export function functionKind(environment: Readonly<Record<string, string>>): FunctionKind | null {
  if (POLLER_ENV.snapshotTableName in environment) return 'poller';
  if (SLACK_NOTIFIER_ENV.webhookSecretId in environment) return 'slack-notifier';
  if (PAGERDUTY_ENV.routingKeySecret in environment) return 'pagerduty-notifier';
  return null;
}

const KIND_LABELS: Record<FunctionKind, string> = {
  poller: 'poller',
  'slack-notifier': 'Slack notifier',
  'pagerduty-notifier': 'PagerDuty notifier',
};

export function functionLabel(kind: FunctionKind, functionName: string): string {
  return `${KIND_LABELS[kind]} ${functionName}`;
}

/**
 * The ARN to ask about for a secret of the config, as the stack grants it (`secret-grants.ts`): a
 * name or partial ARN does not know the six random characters of the real ARN, so it ends in the
 * same `-??????` the grant uses, which the simulator matches like any other characters.
 */
export function secretResourceArn(secretId: string, at: StackLocation): string {
  const place: GrantPlace = {
    secretArn: (resourceName) =>
      `arn:${at.partition}:secretsmanager:${at.region}:${at.account}:secret:${resourceName}`,
    region: at.region,
  };
  return secretResources(secretId, place)[0] ?? secretId;
}

/** `https://sqs.{region}.amazonaws.com/{account}/{name}` as an ARN; null for anything else. */
export function queueArn(queueUrl: string, at: StackLocation): string | null {
  let url: URL;
  try {
    url = new URL(queueUrl);
  } catch {
    return null;
  }
  const match = /^\/(\d{12})\/([^/]+)$/.exec(url.pathname);
  if (match === null) return null;
  return `arn:${at.partition}:sqs:${at.region}:${match[1]}:${match[2]}`;
}

export interface PermissionContext {
  readonly location: StackLocation;
  /** The clusters' secret ids from the config; null without a config. */
  readonly clusterSecretIds: readonly string[] | null;
  /** ARNs of the stack's KMS keys (the topics' key when `topicEncryption: customer-managed`). */
  readonly topicKeyArns: readonly string[];
}

function pairs(actions: readonly string[], resources: readonly string[]): PermissionNeed[] {
  return resources.flatMap((resource) => actions.map((action) => ({ action, resource })));
}

/**
 * Every (action, resource) a deployed function needs, from the shared permission lists and the
 * resource names its environment carries.
 */
export function requiredPermissions(
  kind: FunctionKind,
  environment: Readonly<Record<string, string>>,
  context: PermissionContext,
): PermissionNeed[] {
  const at = context.location;
  const present = (...values: (string | undefined)[]): string[] =>
    values.filter((v): v is string => v !== undefined && v !== '');
  const tableArn = (name: string) => `arn:${at.partition}:dynamodb:${at.region}:${at.account}:table/${name}`;
  if (kind === 'poller') {
    const snapshot = environment[POLLER_ENV.snapshotTableName];
    const history = environment[POLLER_ENV.historyTableName];
    const tables = present(snapshot, history).map(tableArn);
    const indexes = [
      ...(snapshot
        ? SNAPSHOT_TABLE.globalSecondaryIndexes.map((i) => `${tableArn(snapshot)}/index/${i.indexName}`)
        : []),
      ...(history
        ? HISTORY_TABLE.globalSecondaryIndexes.map((i) => `${tableArn(history)}/index/${i.indexName}`)
        : []),
    ];
    const secrets = [...new Set(context.clusterSecretIds ?? [])].map((id) => secretResourceArn(id, at));
    return [
      ...pairs(POLLER_PERMISSIONS.tables, tables),
      ...pairs(POLLER_PERMISSIONS.indexes, indexes),
      ...pairs(POLLER_PERMISSIONS.notificationTopic, present(environment[POLLER_ENV.topicArn])),
      ...pairs(POLLER_PERMISSIONS.topicKey, context.topicKeyArns),
      ...pairs(POLLER_PERMISSIONS.clusterSecrets, secrets),
    ];
  }
  const names =
    kind === 'slack-notifier'
      ? { secret: SLACK_NOTIFIER_ENV.webhookSecretId, queue: SLACK_NOTIFIER_ENV.deadLetterQueueUrl }
      : { secret: PAGERDUTY_ENV.routingKeySecret, queue: PAGERDUTY_ENV.deadLetterQueueUrl };
  const secret = environment[names.secret];
  const queueUrl = environment[names.queue];
  const queue = queueUrl === undefined ? null : queueArn(queueUrl, at);
  // The PagerDuty notifier's alert ledger: without it, no page is resolved nor kept in order.
  const ledger =
    kind === 'pagerduty-notifier' ? present(environment[PAGERDUTY_ENV.alertLedgerTableName]) : [];
  return [
    ...pairs(RECEIVER_PERMISSIONS.secret, secret ? [secretResourceArn(secret, at)] : []),
    ...pairs(RECEIVER_PERMISSIONS.failuresQueue, queue === null ? [] : [queue]),
    ...pairs(ALERT_LEDGER_PERMISSIONS, ledger.map(tableArn)),
  ];
}

const ok = (area: FindingArea, message: string): DeployedFinding => ({
  status: 'ok',
  area,
  message,
  fix: null,
});
const warning = (area: FindingArea, message: string, fix: string): DeployedFinding => ({
  status: 'warning',
  area,
  message,
  fix,
});
const failure = (area: FindingArea, message: string, fix: string): DeployedFinding => ({
  status: 'failure',
  area,
  message,
  fix,
});

/** Service Quotas' code of Lambda's "Concurrent executions". */
const CONCURRENCY_QUOTA = 'L-B99A9384';
/** What Lambda keeps unreserved at least: 100, or the whole limit below that (new accounts have 10). */
const minimumUnreserved = (limit: number): number => Math.min(100, limit);

function concurrencyFindings(facts: DeploymentFacts): DeployedFinding[] {
  const findings: DeployedFinding[] = [];
  const answer = facts.concurrency;
  const raise = (desired: number) =>
    `aws service-quotas request-service-quota-increase --service-code lambda --quota-code ${CONCURRENCY_QUOTA} --desired-value ${desired} --region ${facts.location.region}`;
  if (!answer.ok) {
    findings.push(
      warning(
        'concurrency',
        `could not read the account's Lambda concurrency settings: ${answer.error}`,
        'run the check with an identity that may call lambda:GetAccountSettings',
      ),
    );
  } else {
    const { limit, unreserved } = answer.value;
    const minimum = minimumUnreserved(limit);
    if (limit <= 10) {
      findings.push(
        warning(
          'concurrency',
          `the account runs at most ${limit} Lambda functions at once in ${facts.location.region} (a new account), shared with everything else there, and no function can reserve any`,
          `ask for a "Concurrent executions" quota of 1,000 (Service Quotas, ${CONCURRENCY_QUOTA}): ${raise(1000)}`,
        ),
      );
    } else if (unreserved <= minimum) {
      findings.push(
        warning(
          'concurrency',
          `unreserved concurrency ${unreserved} (of ${limit}) is at Lambda's minimum of ${minimum}: other functions reserve the rest, and no function can reserve more`,
          `lower the reserved concurrency of other functions in ${facts.location.region}, or ask for a higher "Concurrent executions" quota (${CONCURRENCY_QUOTA}): ${raise(limit * 2)}`,
        ),
      );
    } else {
      findings.push(ok('concurrency', `account concurrency: limit ${limit}, unreserved ${unreserved}`));
    }
  }
  for (const f of facts.functions) {
    if (!f.function.ok) continue;
    const { functionName, reservedConcurrency, environment } = f.function.value;
    if (reservedConcurrency === null) continue;
    const kind = functionKind(environment);
    const name = kind === null ? functionName : functionLabel(kind, functionName);
    findings.push(
      reservedConcurrency === 0
        ? failure(
            'concurrency',
            `${name} has reserved concurrency 0: Lambda throttles every invocation, so it never runs`,
            `remove the reservation: aws lambda delete-function-concurrency --function-name ${functionName}`,
          )
        : ok('concurrency', `${name} reserves ${reservedConcurrency} concurrent execution(s)`),
    );
  }
  return findings;
}

/** The last part of an ARN (a function or queue name); ARNs are not secret. */
const arnName = (arn: string): string => arn.split(':').at(-1) ?? arn;

/** Names an endpoint without printing anything that may carry a secret (a Slack or PagerDuty URL). */
function describeEndpoint(subscription: TopicSubscription): string {
  switch (subscription.protocol) {
    case 'email':
    case 'email-json':
      return `${subscription.protocol} ${subscription.endpoint}`;
    case 'lambda':
    case 'sqs':
    case 'firehose':
      return `${subscription.protocol} ${arnName(subscription.endpoint)}`;
    default:
      return `${subscription.protocol} endpoint (address not shown)`;
  }
}

function subscriptionFindings(facts: DeploymentFacts): DeployedFinding[] {
  const findings: DeployedFinding[] = [];
  const region = facts.location.region;
  for (const topic of facts.topics) {
    if (!topic.subscriptions.ok) {
      findings.push(
        warning(
          'subscriptions',
          `could not list the subscriptions of the ${topic.label}: ${topic.subscriptions.error}`,
          `run the check with an identity that may call sns:ListSubscriptionsByTopic on ${topic.topicArn}`,
        ),
      );
      continue;
    }
    const subscriptions = topic.subscriptions.value;
    for (const s of subscriptions) {
      const what = describeEndpoint(s);
      if (!s.pending) {
        findings.push(ok('subscriptions', `${topic.label}: ${what} confirmed`));
        continue;
      }
      const isEmail = s.protocol === 'email' || s.protocol === 'email-json';
      findings.push(
        failure(
          'subscriptions',
          `${topic.label}: ${what} is pending confirmation, and receives nothing until confirmed`,
          isEmail
            ? `confirm the email sent to ${s.endpoint} (SNS deletes a subscription unconfirmed after 3 days), or resend with: aws sns subscribe --topic-arn ${topic.topicArn} --protocol ${s.protocol} --notification-endpoint ${s.endpoint} --region ${region}`
            : `confirm it from the endpoint (the message SNS sent holds a SubscribeURL), or redeploy the stack`,
        ),
      );
    }
    const subscribed = new Set(subscriptions.map((s) => s.endpoint.toLowerCase()));
    for (const email of topic.expectedEmails ?? []) {
      if (subscribed.has(email.toLowerCase())) continue;
      findings.push(
        failure(
          'subscriptions',
          `${topic.label}: ${email} is in the config but not subscribed (SNS deletes a subscription unconfirmed after 3 days)`,
          `subscribe it again through the stack: remove ${email} from the config, deploy, put it back and deploy; then confirm the email`,
        ),
      );
    }
    if (subscriptions.length === 0 && (topic.expectedEmails ?? []).length === 0) {
      findings.push(
        warning(
          'subscriptions',
          `${topic.label}: no subscription, nobody receives what is published to it`,
          topic.label === 'alarm topic'
            ? 'add alarmEmails to the config and deploy'
            : 'add emailRecipients, slack or routes to the config and deploy',
        ),
      );
    }
  }
  return findings;
}

function scheduleFindings(facts: DeploymentFacts): DeployedFinding[] {
  if (facts.schedules.length === 0) {
    return [
      failure(
        'schedules',
        `stack ${facts.stackName} has no poll schedule: nothing runs the poller`,
        'redeploy the stack; if it was deployed from another version, deploy this one',
      ),
    ];
  }
  return facts.schedules.map((s) => {
    if (!s.schedule.ok) {
      return warning(
        'schedules',
        `could not read schedule ${s.name}: ${s.schedule.error}`,
        `run the check with an identity that may call scheduler:GetSchedule on ${s.name}`,
      );
    }
    const state = s.schedule.value;
    if (state === null) {
      return failure(
        'schedules',
        `schedule ${s.name} is in the stack but EventBridge Scheduler does not know it: its clusters are not polled`,
        'redeploy the stack; if it still fails, delete the stack (tables and logs are retained) and deploy again',
      );
    }
    const shard = state.shard === null ? '' : ` (shard ${state.shard.index + 1} of ${state.shard.count})`;
    if (state.state === 'ENABLED') return ok('schedules', `schedule ${s.name}${shard} enabled`);
    const polled =
      state.shard === null
        ? 'no cluster is polled'
        : `the clusters of shard ${state.shard.index + 1} are not polled`;
    return failure(
      'schedules',
      `schedule ${s.name}${shard} is ${state.state}: ${polled}`,
      `enable it in the EventBridge Scheduler console (Schedules, ${s.name}, Enable); a redeploy that does not change the schedule leaves it as it is`,
    );
  });
}

function permissionFindings(facts: DeploymentFacts): DeployedFinding[] {
  const findings: DeployedFinding[] = [];
  for (const p of facts.permissions) {
    if (!p.answers.ok) {
      findings.push(
        warning(
          'permissions',
          `could not ask the IAM policy simulator about the ${p.functionLabel} role: ${p.answers.error}`,
          `run the check with an identity that may call iam:SimulatePrincipalPolicy on ${p.roleArn}`,
        ),
      );
      continue;
    }
    const decisions = new Map(p.answers.value.map((a) => [`${a.action} ${a.resource}`, a]));
    let denied = 0;
    for (const need of p.needs) {
      const answer = decisions.get(`${need.action} ${need.resource}`);
      if (answer === undefined) {
        denied++;
        findings.push(
          warning(
            'permissions',
            `${p.functionLabel}: the policy simulator gave no answer for ${need.action} on ${need.resource}`,
            'run the check again; if it persists, test the role in the IAM console policy simulator',
          ),
        );
        continue;
      }
      if (answer.decision === 'allowed') continue;
      denied++;
      const role = arnName(p.roleArn).replace(/^role\//, '');
      findings.push(
        answer.decision === 'explicitDeny'
          ? failure(
              'permissions',
              `${p.functionLabel}: role ${role} may not ${need.action} on ${need.resource}: a Deny${answer.deniedBy === null ? '' : ` in ${answer.deniedBy}`} refuses it`,
              'remove that Deny or exempt the role from it (a statement added by hand, a permissions boundary or an SCP); redeploying does not remove it',
            )
          : failure(
              'permissions',
              `${p.functionLabel}: role ${role} may not ${need.action} on ${need.resource}`,
              `redeploy the stack (its role grants it); if the role was edited by hand, put back the statement that allows ${need.action} on that resource (cdk diff shows what changed)`,
            ),
      );
    }
    if (denied === 0) {
      findings.push(
        ok(
          'permissions',
          `${p.functionLabel}: its role allows all ${p.needs.length} (action, resource) pairs it needs`,
        ),
      );
    }
  }
  if (!facts.clusterSecretsKnown) {
    findings.push(
      warning(
        'permissions',
        "the poller's access to the cluster secrets was not checked: without the config they cannot be named",
        'pass --config FILE, the config the stack was deployed from',
      ),
    );
  }
  return findings;
}

function functionFindings(facts: DeploymentFacts): DeployedFinding[] {
  const findings: DeployedFinding[] = [];
  for (const f of facts.functions) {
    if (f.function.ok) continue;
    findings.push(
      warning(
        'stack',
        `could not read function ${f.physicalId} (${f.logicalId}): ${f.function.error}`,
        `run the check with an identity that may call lambda:GetFunction on ${f.physicalId}`,
      ),
    );
  }
  const pollers = facts.functions.filter(
    (f) => f.function.ok && functionKind(f.function.value.environment) === 'poller',
  );
  if (pollers.length === 0 && findings.length === 0) {
    findings.push(
      failure(
        'stack',
        `stack ${facts.stackName} has no poller function: it is not a cluster link monitor stack, or its deployment failed`,
        'check --stack (or stackName in the config), the region (AWS_REGION), and the stack events in the CloudFormation console',
      ),
    );
  }
  return findings;
}

/** Every finding, in the order an operator reads them: stack, concurrency, subscriptions, schedules, permissions. */
export function deployedFindings(facts: DeploymentFacts): DeployedReport {
  const findings = [
    ...functionFindings(facts),
    ...concurrencyFindings(facts),
    ...subscriptionFindings(facts),
    ...scheduleFindings(facts),
    ...permissionFindings(facts),
  ];
  return {
    stackName: facts.stackName,
    findings,
    ok: findings.every((f) => f.status !== 'failure'),
  };
}
