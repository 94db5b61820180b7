import { describe, expect, it } from 'vitest';
import {
  clustersOfShard,
  InvalidPollEventError,
  POLLER_CLUSTERS_FILE,
  POLLER_ENV,
  type PollerRuntimeConfig,
  pollerClustersJson,
  pollerEnvironment,
  RuntimeConfigError,
  readPollerRuntimeConfig,
  shardOf,
} from '../../../../adapters/lambda/poller-environment.js';
import { DEFAULT_POLL_SETTINGS } from '../../../../core/poll-settings.js';

const RUNTIME: PollerRuntimeConfig = {
  snapshotTableName: 'Snapshots',
  historyTableName: 'History',
  topicArn: 'arn:aws:sns:eu-west-1:123456789012:alerts',
  clusters: [
    {
      clusterId: 'lkc-abc123',
      label: 'prod-eu',
      restEndpoint: 'https://pkc-abc12.eu-west-1.aws.confluent.cloud',
      secretId: 'cluster-link-monitor/prod-eu',
    },
  ],
  settings: { ...DEFAULT_POLL_SETTINGS, concurrency: 2 },
  maintenanceWindows: [
    {
      name: 'sunday-patching',
      days: ['sun'],
      start: { hour: 1, minute: 30 },
      durationMs: 7_200_000,
      timeZone: 'America/New_York',
      matchers: { clusters: ['prod-eu'], linkName: 'orders-*' },
      reason: 'weekly patching',
    },
  ],
  metricsLevel: 'monitor',
};

const BUNDLE_DIR = '/var/task';

/** A bundle directory holding only the given files. */
function bundle(files: Record<string, string>) {
  const reads: string[] = [];
  return {
    reads,
    options: {
      baseDir: BUNDLE_DIR,
      readFile: (path: string) => {
        reads.push(path);
        const name = path.slice(BUNDLE_DIR.length + 1);
        const content = files[name];
        if (content === undefined) throw Object.assign(new Error(`ENOENT: ${path}`), { code: 'ENOENT' });
        return content;
      },
    },
  };
}

/** What the stack deploys: the environment, and the clusters file in the bundle. */
function deployed(runtime: PollerRuntimeConfig = RUNTIME) {
  return {
    env: pollerEnvironment(runtime),
    bundle: bundle({ [POLLER_CLUSTERS_FILE]: pollerClustersJson(runtime.clusters) }),
  };
}

describe('poller runtime config', () => {
  it('reads back exactly what the stack writes, the clusters from the file beside the handler', () => {
    // Prepare
    const { env, bundle } = deployed();

    // Act
    const read = readPollerRuntimeConfig(env, bundle.options);

    // Assess
    expect(read).toEqual(RUNTIME);
    expect(Object.isFrozen(read)).toBe(true);
    expect(bundle.reads).toEqual([`${BUNDLE_DIR}/${POLLER_CLUSTERS_FILE}`]);
  });

  it('keeps the cluster list out of the environment, whose 4 KB it would outgrow', () => {
    // Act
    const env = pollerEnvironment(RUNTIME);

    // Assess
    expect(env[POLLER_ENV.clustersFile]).toBe(POLLER_CLUSTERS_FILE);
    expect(env[POLLER_ENV.clusters]).toBeUndefined();
    expect(JSON.stringify(env)).not.toContain('lkc-abc123');
  });

  it('writes nothing but ids, labels, endpoints and secret ids to the clusters file', () => {
    // Act
    const json = pollerClustersJson(RUNTIME.clusters);

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
    const { env, bundle } = deployed({ ...RUNTIME, clusters });

    // Act
    const read = readPollerRuntimeConfig(env, bundle.options);

    // Assess
    expect(read.clusters).toEqual(clusters);
  });

  it('takes the clusters inline from MONITOR_CLUSTERS for local runs without a bundle', () => {
    // Prepare
    const { [POLLER_ENV.clustersFile]: _file, ...rest } = pollerEnvironment(RUNTIME);
    const env = { ...rest, [POLLER_ENV.clusters]: pollerClustersJson(RUNTIME.clusters) };

    // Act
    const read = readPollerRuntimeConfig(env);

    // Assess
    expect(read).toEqual(RUNTIME);
  });

  it('refuses both sources at once, so it is never unclear which list is polled', () => {
    // Prepare
    const { env, bundle } = deployed();
    env[POLLER_ENV.clusters] = pollerClustersJson(RUNTIME.clusters);

    // Act
    const act = () => readPollerRuntimeConfig(env, bundle.options);

    // Assess
    expect(act).toThrow(
      `environment variable ${POLLER_ENV.clustersFile}: set only one of it and ${POLLER_ENV.clusters}`,
    );
  });

  it('names both variables when neither says where the clusters are', () => {
    // Prepare
    const env = { ...pollerEnvironment(RUNTIME), [POLLER_ENV.clustersFile]: undefined };

    // Act
    const act = () => readPollerRuntimeConfig(env, bundle({}).options);

    // Assess
    expect(act).toThrow(
      `environment variable ${POLLER_ENV.clustersFile}: is not set (nor is ${POLLER_ENV.clusters})`,
    );
  });

  it('names the variable and the file when the bundle has no clusters file', () => {
    // Prepare
    const env = pollerEnvironment(RUNTIME);

    // Act
    const act = () => readPollerRuntimeConfig(env, bundle({}).options);

    // Assess
    expect(act).toThrow(RuntimeConfigError);
    expect(act).toThrow(
      `environment variable ${POLLER_ENV.clustersFile}: file ${POLLER_CLUSTERS_FILE}: cannot be read (ENOENT)`,
    );
  });

  it.each(['../clusters.json', '/etc/passwd', 'sub/clusters.json'])(
    'refuses the path %s: the file must be part of the bundle',
    (file) => {
      // Prepare
      const { env, bundle } = deployed();
      env[POLLER_ENV.clustersFile] = file;

      // Act
      const act = () => readPollerRuntimeConfig(env, bundle.options);

      // Assess
      expect(act).toThrow(
        `environment variable ${POLLER_ENV.clustersFile}: must be a file name beside the handler`,
      );
      expect(bundle.reads).toEqual([]);
    },
  );

  it.each([
    POLLER_ENV.snapshotTableName,
    POLLER_ENV.historyTableName,
    POLLER_ENV.topicArn,
    POLLER_ENV.settings,
  ])('names %s when it is missing', (variable) => {
    // Prepare
    const { env, bundle } = deployed();
    env[variable] = '';

    // Act
    const act = () => readPollerRuntimeConfig(env, bundle.options);

    // Assess
    expect(act).toThrow(RuntimeConfigError);
    expect(act).toThrow(`environment variable ${variable}: is not set`);
  });

  it('names the variable and field of malformed JSON', () => {
    // Prepare
    const { env, bundle } = deployed();
    env[POLLER_ENV.settings] = JSON.stringify({ ...RUNTIME.settings, concurrency: 0 });

    // Act
    const act = () => readPollerRuntimeConfig(env, bundle.options);

    // Assess
    expect(act).toThrow(`environment variable ${POLLER_ENV.settings}: concurrency:`);
  });

  it('refuses a clusters file that is not JSON, naming the file', () => {
    // Prepare
    const env = pollerEnvironment(RUNTIME);

    // Act
    const act = () => readPollerRuntimeConfig(env, bundle({ [POLLER_CLUSTERS_FILE]: '[{' }).options);

    // Assess
    expect(act).toThrow(
      `environment variable ${POLLER_ENV.clustersFile}: file ${POLLER_CLUSTERS_FILE}: is not valid JSON`,
    );
  });

  it('refuses inline clusters that are not JSON', () => {
    // Prepare
    const { [POLLER_ENV.clustersFile]: _file, ...rest } = pollerEnvironment(RUNTIME);
    const env = { ...rest, [POLLER_ENV.clusters]: '[{' };

    // Act
    const act = () => readPollerRuntimeConfig(env);

    // Assess
    expect(act).toThrow(`environment variable ${POLLER_ENV.clusters}: is not valid JSON`);
  });

  it('refuses duplicate cluster ids', () => {
    // Prepare
    const twice = { ...RUNTIME, clusters: [RUNTIME.clusters[0], RUNTIME.clusters[0]] } as PollerRuntimeConfig;
    const { env, bundle } = deployed(twice);

    // Act
    const act = () => readPollerRuntimeConfig(env, bundle.options);

    // Assess
    expect(act).toThrow('cluster ids must be unique');
  });

  it('carries a shared secret key and the metrics level through the file and the environment', () => {
    // Prepare
    const shared: PollerRuntimeConfig = {
      ...RUNTIME,
      clusters: [
        { ...(RUNTIME.clusters[0] as PollerRuntimeConfig['clusters'][number]), secretKey: 'prod-eu' },
      ],
      metricsLevel: 'cluster',
    };
    const { env, bundle } = deployed(shared);

    // Act
    const read = readPollerRuntimeConfig(env, bundle.options);

    // Assess
    expect(read).toEqual(shared);
  });

  it('reads a missing metrics level as monitor and refuses an unknown one', () => {
    // Prepare
    const { [POLLER_ENV.metricsLevel]: _level, ...withoutLevel } = pollerEnvironment(RUNTIME);
    const { bundle } = deployed();

    // Act
    const read = readPollerRuntimeConfig(withoutLevel, bundle.options);
    const act = () =>
      readPollerRuntimeConfig({ ...withoutLevel, [POLLER_ENV.metricsLevel]: 'links' }, bundle.options);

    // Assess
    expect(read.metricsLevel).toBe('monitor');
    expect(act).toThrow(`environment variable ${POLLER_ENV.metricsLevel}: must be monitor or cluster`);
  });
});

describe('poll shards', () => {
  const clusters = ['a', 'b', 'c', 'd', 'e', 'f', 'g'];

  it('polls every cluster for an event without a shard', () => {
    // Act
    const shard = shardOf({ source: 'cluster-link-monitor.schedule' });

    // Assess
    expect(shard).toBeNull();
    expect(clustersOfShard(clusters, shard)).toEqual(clusters);
  });

  it('splits the clusters into shards that together hold each cluster exactly once', () => {
    // Act
    const parts = [0, 1, 2].map((i) => clustersOfShard(clusters, shardOf({ shard: i, shards: 3 })));

    // Assess
    expect(parts).toEqual([
      ['a', 'd', 'g'],
      ['b', 'e'],
      ['c', 'f'],
    ]);
  });

  it.each([
    { shard: 3, shards: 3 },
    { shard: -1, shards: 3 },
    { shard: 0, shards: 0 },
    { shard: 0.5, shards: 2 },
    { shard: '0', shards: 2 },
    { shards: 2 },
  ])('refuses the event %j', (event) => {
    // Act
    const act = () => shardOf(event);

    // Assess
    expect(act).toThrow(InvalidPollEventError);
  });
});
