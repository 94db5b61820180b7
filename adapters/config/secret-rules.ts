/**
 * Deploy rules about the secrets a config names: each must be readable where the stack runs (its
 * account and its region), and the poller's grant for all of them must fit the role's policy.
 * Pure.
 */
import type { DeployFinding, DeployTarget } from './deploy-finding.js';
import type { MonitorConfig } from './monitor-config.js';
import {
  coveredByPrefix,
  LONGEST_PLACE,
  POLLER_CREDENTIALS_SIDS,
  parseSecretArn,
  policyDocumentChars,
  pollerCredentialsGrant,
  readSecretsGrant,
} from './secret-grants.js';

/** What IAM allows for all inline policies of one role together (characters, whitespace excluded). */
export const IAM_ROLE_INLINE_POLICIES_CHARS = 10_240;
/**
 * What the poller role's other inline statements (its log group, dead-letter queue, tables,
 * indexes, topic and topic key) take at most with every ARN at its longest; test/infra measures it.
 */
export const POLLER_OTHER_POLICY_CHARS = 4_000;
/**
 * Room left for the clusters' credentials grant, which the stack writes as an inline policy of its
 * own: the role keeps no managed policy, so it deploys within every account's default quotas.
 */
export const POLLER_CREDENTIALS_POLICY_CHARS = IAM_ROLE_INLINE_POLICIES_CHARS - POLLER_OTHER_POLICY_CHARS;

interface SecretReference {
  readonly path: string;
  readonly secretId: string;
  /** Who reads it, for messages: `cluster prod-eu (lkc-abc123)`, `the Slack webhook`. */
  readonly reader: string;
}

function secretReferences(config: MonitorConfig): SecretReference[] {
  return [
    ...config.clusters.flatMap((cluster, i) =>
      cluster.credentials.kind === 'secret'
        ? [
            {
              path: `clusters[${i}].credentials.secret`,
              secretId: cluster.credentials.secretId,
              reader: `cluster ${cluster.label} (${cluster.clusterId})`,
            },
          ]
        : [],
    ),
    ...(config.slack === null
      ? []
      : [{ path: 'slack.webhookSecret', secretId: config.slack.webhookSecret, reader: 'the Slack webhook' }]),
    ...config.routes.flatMap((route, i) => [
      ...route.receivers.slack.map((secretId, j) => ({
        path: `routes[${i}].receivers.slack[${j}]`,
        secretId,
        reader: `route ${route.name}'s Slack webhook`,
      })),
      ...route.receivers.pagerDuty.map((receiver, j) => ({
        path: `routes[${i}].receivers.pagerDuty[${j}].routingKeySecret`,
        secretId: receiver.routingKeySecret,
        reader: `route ${route.name}'s PagerDuty routing key`,
      })),
    ]),
  ];
}

const WHY = {
  account:
    "a function reads only its own account's secrets here (another account's secret needs its resource policy and a shared KMS key, which this stack does not set up); copy the secret into that account and name the copy",
  region:
    "a function reads secrets from its own region's Secrets Manager; replicate the secret to that region (a Secrets Manager replica) and name the replica's ARN",
} as const;

/** Secrets given by ARN in another account or region than the stack's (or, when that is unknown, than each other). */
function placementFindings(references: readonly SecretReference[], target: DeployTarget): DeployFinding[] {
  const arns = references.flatMap((reference) => {
    const arn = parseSecretArn(reference.secretId);
    return arn === null ? [] : [{ reference, arn }];
  });
  return (['account', 'region'] as const).flatMap((part) => {
    const expected = target[part];
    if (expected !== undefined) {
      return arns
        .filter(({ arn }) => arn[part] !== expected)
        .map(({ reference, arn }) => ({
          level: 'error' as const,
          path: reference.path,
          message: `the secret of ${reference.reader}, ${reference.secretId}, is in ${part} ${arn[part]}, but the stack deploys to ${part} ${expected}: ${WHY[part]}`,
        }));
    }
    // Unknown target: two different accounts (or regions) cannot both be the stack's.
    const [first] = arns;
    if (first === undefined) return [];
    return arns
      .filter(({ arn }) => arn[part] !== first.arn[part])
      .map(({ reference, arn }) => ({
        level: 'error' as const,
        path: reference.path,
        message: `the secret of ${reference.reader}, ${reference.secretId}, is in ${part} ${arn[part]}, but ${first.reference.path} names one in ${part} ${first.arn[part]}, and the stack deploys to one ${part}: ${WHY[part]}`,
      }));
  });
}

/** A path grant that reaches a notifier's secret lets the poller read it too: allowed, but said. */
function prefixReachFindings(config: MonitorConfig, references: readonly SecretReference[]): DeployFinding[] {
  return config.clusterSecretPrefixes.flatMap((prefix, i) =>
    references
      .filter((r) => !r.path.startsWith('clusters[') && coveredByPrefix(r.secretId, [prefix]))
      .map((r) => ({
        level: 'warning' as const,
        path: `clusterSecretPrefixes[${i}]`,
        message: `also covers the secret of ${r.reader} (${r.secretId}): the poller may read it too; keep receivers' secrets under another path`,
      })),
  );
}

function grantSizeFindings(config: MonitorConfig): DeployFinding[] {
  const grant = pollerCredentialsGrant(config);
  const chars = policyDocumentChars(readSecretsGrant(POLLER_CREDENTIALS_SIDS, grant, LONGEST_PLACE));
  if (chars <= POLLER_CREDENTIALS_POLICY_CHARS) return [];
  const distinct = new Set(grant.secretIds).size;
  return [
    {
      level: 'error',
      path: 'clusters',
      message: `the poller's grant to read ${distinct} different secrets takes up to ${chars} characters of its IAM policy, more than the ${POLLER_CREDENTIALS_POLICY_CHARS} its role has room for (IAM allows ${IAM_ROLE_INLINE_POLICIES_CHARS} for all of a role's inline policies); keep the clusters' secrets under one path and name it in clusterSecretPrefixes (one grant for all), or put several clusters' keys in one shared secret with credentials: { secret: NAME, key: KEY }`,
    },
  ];
}

/** Every secret rule the config breaks. */
export function secretFindings(config: MonitorConfig, target: DeployTarget): DeployFinding[] {
  const references = secretReferences(config);
  return [
    ...placementFindings(references, target),
    ...prefixReachFindings(config, references),
    ...grantSizeFindings(config),
  ];
}
