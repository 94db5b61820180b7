import { describe, expect, it } from 'vitest';
import {
  POLLER_CLUSTERS_FILE,
  pollerClustersJson,
} from '../../../../adapters/lambda/poller-clusters-file.js';
import {
  POLLER_ENV,
  type PollerRuntimeConfig,
  pollerEnvironment,
  pollerSettingsEnvironment,
  readPollerRuntimeConfig,
} from '../../../../adapters/lambda/poller-environment.js';
import { RuntimeConfigError } from '../../../../adapters/lambda/runtime-config-error.js';
import { DEFAULT_POLL_SETTINGS } from '../../../../core/poll/poll-settings.js';
import { BUNDLE_DIR, bundleDirectory } from './bundle-directory.js';

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

/** What the stack deploys: the environment, and the clusters file in the bundle. */
function deployed(runtime: PollerRuntimeConfig = RUNTIME) {
  return {
    env: pollerEnvironment(runtime),
    bundle: bundleDirectory({ [POLLER_CLUSTERS_FILE]: pollerClustersJson(runtime.clusters) }),
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

  it('sets as they are only the variables that name no resource; the stack binds the others with their grants', () => {
    // Act
    const all = pollerEnvironment(RUNTIME);
    const settings = pollerSettingsEnvironment(RUNTIME);

    // Assess
    expect({
      ...settings,
      [POLLER_ENV.snapshotTableName]: RUNTIME.snapshotTableName,
      [POLLER_ENV.historyTableName]: RUNTIME.historyTableName,
      [POLLER_ENV.topicArn]: RUNTIME.topicArn,
    }).toEqual(all);
    expect(Object.values(settings)).not.toContain(RUNTIME.snapshotTableName);
    expect(Object.values(settings)).not.toContain(RUNTIME.topicArn);
  });

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
