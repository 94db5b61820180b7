/**
 * The one way to wire a poll: the Lambda poller, `link-monitor run` and the local demo all build
 * their poll here, so they read credentials, bound memory, meet deadlines and silence alike.
 *
 * What it wires: each cluster's credentials read when the cluster is listed (a secret cached for
 * `credentialsMaxAgeMs` and read again at once after a 401, so a rotated key is picked up without
 * a restart), the Confluent REST client for listings and for links' mirror topics and tasks, the
 * store, the notifier, one link budget kept across polls (it learns each cluster's size) and the
 * deadline of each poll. What to poll, how, and which maintenance windows hold comes from one
 * config object, and the silence store is required: a caller cannot poll without either, which is
 * how `run` once sent what an operator had silenced.
 *
 * Routes are not among them: the notifier publishes every notification once, and the receivers'
 * subscriptions (SNS filter policies built from the config's routes) choose who gets it.
 */
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { MaintenanceWindow } from '../../core/control/maintenance-window.js';
import { LinkBudget } from '../../core/observe/link-budget.js';
import type { LinkDetailSource, LinkReadinessSource } from '../../core/observe/link-details.js';
import { pollClusters } from '../../core/poll/poll-clusters.js';
import type { ClusterPollResult, PollSummary } from '../../core/poll/poll-results.js';
import type { PollSettings } from '../../core/poll/poll-settings.js';
import type { LinkSource, LinkStateStore, Notifier, SilenceStore } from '../../core/ports.js';
import type { ClusterConfig } from '../config/monitor-config.js';
import { ConfluentLinkDetailSource } from '../confluent/confluent-link-detail-source.js';
import { ConfluentLinkDetailsClient } from '../confluent/confluent-link-details.js';
import { ConfluentLinksClient, type ConfluentLinksClientProps } from '../confluent/confluent-links-client.js';
import { clustersOfShard, type PollShard } from '../lambda/poll-shard.js';
import type { PollerCluster } from '../lambda/poller-clusters-file.js';
import type { PollerRuntimeConfig } from '../lambda/poller-environment.js';
import { SecretsManagerCredentials } from '../secrets/secrets-manager-credentials.js';
import { CredentialedLinkSource } from './credentialed-link-source.js';

/** A long-lived process re-reads secrets this often, so a rotated key is picked up without a restart. */
export const CREDENTIALS_MAX_AGE_MS = 15 * 60 * 1000;
/**
 * Links a poll holds in memory at once, listings and snapshots being diffed (`LinkBudget`).
 * From the benchmark (bench/RESULTS.md): a link held costs about 2.5 KB of heap; 20 clusters of
 * 1,000 links all at once peaked at 208-216 MB of RSS, 5,000 at a time at 157 MB (2,000 saved
 * another 10 MB but took a warm poll of that estate from 4.5 to 11 s), while 100 clusters of
 * 100 links still poll 32 at once.
 */
export const MAX_LINKS_IN_FLIGHT = 5_000;
/** A cluster this process has not listed yet counts as this many links until its snapshots say. */
export const UNKNOWN_CLUSTER_LINKS = 1_000;

/**
 * What the pipeline takes of the config: a `MonitorConfig` as parsed (run, demo) is one, and so is
 * the deployed poller's runtime config (`deployedPollConfig`).
 */
export interface PollPipelineConfig {
  readonly clusters: readonly ClusterConfig[];
  readonly settings: PollSettings;
  /** They act as silences while open. */
  readonly maintenanceWindows: readonly MaintenanceWindow[];
}

export interface PollPipelineProps {
  readonly config: PollPipelineConfig;
  readonly store: LinkStateStore;
  readonly notifier: Notifier;
  /** Where silences added from the CLI are kept; read once per poll. */
  readonly silences: Pick<SilenceStore, 'listSilences'>;
  /**
   * Builds the Secrets Manager client, once, when a cluster's credentials are a secret; the
   * pipeline owns it (`close`). @default a client from the standard AWS chain
   */
  readonly secretsManager?: () => SecretsManagerClient;
  /** Where environment-variable credentials are read. @default process.env */
  readonly env?: NodeJS.ProcessEnv;
  /** @default CREDENTIALS_MAX_AGE_MS */
  readonly credentialsMaxAgeMs?: number;
  /** Options and hooks of the Confluent REST client. */
  readonly confluent?: Pick<ConfluentLinksClientProps, 'options' | 'onRetry' | 'fetch'>;
  /**
   * Stands in for the Confluent client and the credentials (unit tests of a caller that must not
   * reach the network); no detail reads are made then unless `details` is given too.
   * @default credentials and listing as described above
   */
  readonly source?: LinkSource;
  /** Stands in for the detail reads, with `source`. */
  readonly details?: LinkDetailSource;
  /** Stands in for the readiness reads (configs, dry runs), with `source`. */
  readonly readiness?: LinkReadinessSource;
  /** The clock of polls, credential ages and deadlines. @default () => new Date() */
  readonly now?: () => Date;
  /** @default a budget of MAX_LINKS_IN_FLIGHT links, unknown clusters counting UNKNOWN_CLUSTER_LINKS */
  readonly linkBudget?: LinkBudget;
}

export interface PollRequest {
  /** How long this poll may take from now; the deadline is derived from it with the pipeline's clock. */
  readonly timeLeftMs: number;
  /** Poll only this shard of the clusters (`clustersOfShard`). @default null, every cluster */
  readonly shard?: PollShard | null;
  /** Called with each cluster's result as it finishes (metrics, progress). */
  readonly onClusterResult?: (result: ClusterPollResult) => void;
}

export interface PollPipeline {
  /** One poll of every configured cluster (or of the request's shard); a cluster's failure is in the summary, not thrown. */
  poll(request: PollRequest): Promise<PollSummary>;
  /** Releases the clients the pipeline built. */
  close(): void;
}

/** Builds the poll of the config's clusters; nothing is read or listed until `poll`. */
export function createPollPipeline(props: PollPipelineProps): PollPipeline {
  const { config } = props;
  const now = props.now ?? (() => new Date());
  const nowMs = () => now().getTime();
  const needsSecrets = config.clusters.some((c) => c.credentials.kind === 'secret');
  const secretsClient =
    props.source === undefined && needsSecrets
      ? (props.secretsManager?.() ?? new SecretsManagerClient({}))
      : undefined;
  let source: LinkSource;
  let details: LinkDetailSource | undefined;
  let readiness: LinkReadinessSource | undefined;
  if (props.source !== undefined) {
    source = props.source;
    details = props.details;
    readiness = props.readiness;
  } else {
    const links = new ConfluentLinksClient({ ...props.confluent, now: nowMs });
    const credentialed = new CredentialedLinkSource({
      clusters: config.clusters,
      client: links,
      env: props.env ?? process.env,
      ...(secretsClient === undefined
        ? {}
        : {
            secrets: new SecretsManagerCredentials({
              client: secretsClient,
              maxAgeMs: props.credentialsMaxAgeMs ?? CREDENTIALS_MAX_AGE_MS,
              now: nowMs,
            }),
          }),
    });
    source = credentialed;
    const confluentDetails = new ConfluentLinkDetailSource({
      details: new ConfluentLinkDetailsClient(links),
      cluster: (clusterId) => credentialed.clusterConfig(clusterId),
    });
    details = confluentDetails;
    readiness = confluentDetails;
  }
  const linkBudget = props.linkBudget ?? new LinkBudget(MAX_LINKS_IN_FLIGHT, UNKNOWN_CLUSTER_LINKS);
  const clusters = config.clusters.map((c) => ({ clusterId: c.clusterId, label: c.label }));

  return {
    poll: (request) =>
      pollClusters(clustersOfShard(clusters, request.shard ?? null), config.settings, {
        source,
        ...(details === undefined ? {} : { details }),
        ...(readiness === undefined ? {} : { readiness }),
        store: props.store,
        notifier: props.notifier,
        now,
        deadline: nowMs() + request.timeLeftMs,
        linkBudget,
        silences: props.silences,
        maintenanceWindows: config.maintenanceWindows,
        ...(request.onClusterResult === undefined ? {} : { onClusterResult: request.onClusterResult }),
      }),
    close: () => secretsClient?.destroy(),
  };
}

/** The deployed poller's runtime config as the pipeline takes it: the config file's, as the stack shipped it. */
export function deployedPollConfig(
  runtime: Pick<PollerRuntimeConfig, 'clusters' | 'settings' | 'maintenanceWindows'>,
): PollPipelineConfig {
  return {
    clusters: secretCredentialClusters(runtime.clusters),
    settings: runtime.settings,
    maintenanceWindows: runtime.maintenanceWindows,
  };
}

/** The deployed poller's clusters: each one's credentials are in its secret, or in its key of a shared one. */
export function secretCredentialClusters(clusters: readonly PollerCluster[]): ClusterConfig[] {
  return clusters.map((c) => ({
    clusterId: c.clusterId,
    label: c.label,
    restEndpoint: c.restEndpoint,
    credentials: {
      kind: 'secret',
      secretId: c.secretId,
      ...(c.secretKey === undefined ? {} : { secretKey: c.secretKey }),
    },
  }));
}
