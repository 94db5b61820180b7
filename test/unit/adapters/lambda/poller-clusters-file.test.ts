import { describe, expect, it } from 'vitest';
import {
  POLLER_CLUSTERS_ENV,
  POLLER_CLUSTERS_FILE,
  type PollerCluster,
  pollerClustersJson,
  readPollerClusters,
} from '../../../../adapters/lambda/poller-clusters-file.js';
import { RuntimeConfigError } from '../../../../adapters/lambda/runtime-config-error.js';
import { BUNDLE_DIR, bundleDirectory } from './bundle-directory.js';

const CLUSTERS: readonly PollerCluster[] = [
  {
    clusterId: 'lkc-abc123',
    label: 'prod-eu',
    restEndpoint: 'https://pkc-abc12.eu-west-1.aws.confluent.cloud',
    secretId: 'cluster-link-monitor/prod-eu',
  },
];

/** What the stack deploys: the variable naming the file, and the file in the bundle. */
function deployed(clusters: readonly PollerCluster[] = CLUSTERS) {
  return {
    env: { [POLLER_CLUSTERS_ENV.clustersFile]: POLLER_CLUSTERS_FILE } as NodeJS.ProcessEnv,
    bundle: bundleDirectory({ [POLLER_CLUSTERS_FILE]: pollerClustersJson(clusters) }),
  };
}

describe('the poller clusters file', () => {
  it('reads back exactly what the stack writes, from the file beside the handler', () => {
    // Prepare
    const { env, bundle } = deployed();

    // Act
    const read = readPollerClusters(env, bundle.options);

    // Assess
    expect(read).toEqual(CLUSTERS);
    expect(Object.isFrozen(read)).toBe(true);
    expect(Object.isFrozen(read[0])).toBe(true);
    expect(bundle.reads).toEqual([`${BUNDLE_DIR}/${POLLER_CLUSTERS_FILE}`]);
  });

  it('writes nothing but ids, labels, endpoints and secret ids to the clusters file', () => {
    // Act
    const json = pollerClustersJson(CLUSTERS);

    // Assess
    expect(JSON.parse(json)).toEqual([
      {
        id: 'lkc-abc123',
        label: 'prod-eu',
        url: 'https://pkc-abc12.eu-west-1.aws.confluent.cloud',
        secret: 'cluster-link-monitor/prod-eu',
      },
    ]);
  });

  it('reads 100 clusters from the file', () => {
    // Prepare
    const clusters = Array.from({ length: 100 }, (_, i) => ({
      clusterId: `lkc-${i}`,
      label: `production-cluster-number-${i}`,
      restEndpoint: `https://pkc-${i}.eu-west-1.aws.confluent.cloud`,
      secretId: `cluster-link-monitor/production-cluster-number-${i}`,
    }));
    const { env, bundle } = deployed(clusters);

    // Act
    const read = readPollerClusters(env, bundle.options);

    // Assess
    expect(read).toEqual(clusters);
  });

  it('carries a shared secret key through the file', () => {
    // Prepare
    const shared = [{ ...(CLUSTERS[0] as PollerCluster), secretKey: 'prod-eu' }];
    const { env, bundle } = deployed(shared);

    // Act
    const read = readPollerClusters(env, bundle.options);

    // Assess
    expect(read).toEqual(shared);
  });

  it('takes the clusters inline from MONITOR_CLUSTERS for local runs without a bundle', () => {
    // Prepare
    const env = { [POLLER_CLUSTERS_ENV.clusters]: pollerClustersJson(CLUSTERS) };

    // Act
    const read = readPollerClusters(env);

    // Assess
    expect(read).toEqual(CLUSTERS);
  });

  it('refuses both sources at once, so it is never unclear which list is polled', () => {
    // Prepare
    const { env, bundle } = deployed();
    env[POLLER_CLUSTERS_ENV.clusters] = pollerClustersJson(CLUSTERS);

    // Act
    const act = () => readPollerClusters(env, bundle.options);

    // Assess
    expect(act).toThrow(
      `environment variable ${POLLER_CLUSTERS_ENV.clustersFile}: set only one of it and ${POLLER_CLUSTERS_ENV.clusters}`,
    );
  });

  it('names both variables when neither says where the clusters are', () => {
    // Act
    const act = () => readPollerClusters({}, bundleDirectory({}).options);

    // Assess
    expect(act).toThrow(
      `environment variable ${POLLER_CLUSTERS_ENV.clustersFile}: is not set (nor is ${POLLER_CLUSTERS_ENV.clusters})`,
    );
  });

  it('names the variable and the file when the bundle has no clusters file', () => {
    // Prepare
    const { env } = deployed();

    // Act
    const act = () => readPollerClusters(env, bundleDirectory({}).options);

    // Assess
    expect(act).toThrow(RuntimeConfigError);
    expect(act).toThrow(
      `environment variable ${POLLER_CLUSTERS_ENV.clustersFile}: file ${POLLER_CLUSTERS_FILE}: cannot be read (ENOENT)`,
    );
  });

  it.each(['../clusters.json', '/etc/passwd', 'sub/clusters.json'])(
    'refuses the path %s: the file must be part of the bundle',
    (file) => {
      // Prepare
      const { env, bundle } = deployed();
      env[POLLER_CLUSTERS_ENV.clustersFile] = file;

      // Act
      const act = () => readPollerClusters(env, bundle.options);

      // Assess
      expect(act).toThrow(
        `environment variable ${POLLER_CLUSTERS_ENV.clustersFile}: must be a file name beside the handler`,
      );
      expect(bundle.reads).toEqual([]);
    },
  );

  it('refuses a clusters file that is not JSON, naming the file', () => {
    // Prepare
    const { env } = deployed();

    // Act
    const act = () => readPollerClusters(env, bundleDirectory({ [POLLER_CLUSTERS_FILE]: '[{' }).options);

    // Assess
    expect(act).toThrow(
      `environment variable ${POLLER_CLUSTERS_ENV.clustersFile}: file ${POLLER_CLUSTERS_FILE}: is not valid JSON`,
    );
  });

  it('refuses inline clusters that are not JSON', () => {
    // Act
    const act = () => readPollerClusters({ [POLLER_CLUSTERS_ENV.clusters]: '[{' });

    // Assess
    expect(act).toThrow(`environment variable ${POLLER_CLUSTERS_ENV.clusters}: is not valid JSON`);
  });

  it('refuses duplicate cluster ids', () => {
    // Prepare
    const { env, bundle } = deployed([CLUSTERS[0], CLUSTERS[0]] as PollerCluster[]);

    // Act
    const act = () => readPollerClusters(env, bundle.options);

    // Assess
    expect(act).toThrow('cluster ids must be unique');
  });
});
