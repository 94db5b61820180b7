import { describe, expect, it } from 'vitest';
import { DEFAULT_POLL_SETTINGS } from '../../../functions/core/poll-settings.js';
import {
  POLLER_ENV,
  type PollerRuntimeConfig,
  pollerEnvironment,
  RuntimeConfigError,
  readPollerRuntimeConfig,
} from '../../../functions/poller/runtime-config.js';

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
};

describe('poller runtime config', () => {
  it('reads back exactly what the stack writes', () => {
    // Prepare
    const env = pollerEnvironment(RUNTIME);

    // Act
    const read = readPollerRuntimeConfig(env);

    // Assess
    expect(read).toEqual(RUNTIME);
    expect(Object.isFrozen(read)).toBe(true);
  });

  it('never carries anything but the secret id', () => {
    // Act
    const env = pollerEnvironment(RUNTIME);

    // Assess
    expect(JSON.parse(env[POLLER_ENV.clusters] ?? '')).toEqual([
      {
        id: 'lkc-abc123',
        label: 'prod-eu',
        url: 'https://pkc-abc12.eu-west-1.aws.confluent.cloud',
        secret: 'cluster-link-monitor/prod-eu',
      },
    ]);
  });

  it.each(Object.values(POLLER_ENV))('names %s when it is missing', (variable) => {
    // Prepare
    const env = { ...pollerEnvironment(RUNTIME), [variable]: undefined };

    // Act
    const act = () => readPollerRuntimeConfig(env);

    // Assess
    expect(act).toThrow(RuntimeConfigError);
    expect(act).toThrow(`environment variable ${variable}: is not set`);
  });

  it('names the variable and field of malformed JSON', () => {
    // Prepare
    const env = {
      ...pollerEnvironment(RUNTIME),
      [POLLER_ENV.settings]: JSON.stringify({ ...RUNTIME.settings, concurrency: 0 }),
    };

    // Act
    const act = () => readPollerRuntimeConfig(env);

    // Assess
    expect(act).toThrow(`environment variable ${POLLER_ENV.settings}: concurrency:`);
  });

  it('refuses text that is not JSON', () => {
    // Prepare
    const env = { ...pollerEnvironment(RUNTIME), [POLLER_ENV.clusters]: '[{' };

    // Act
    const act = () => readPollerRuntimeConfig(env);

    // Assess
    expect(act).toThrow(`environment variable ${POLLER_ENV.clusters}: is not valid JSON`);
  });

  it('refuses duplicate cluster ids', () => {
    // Prepare
    const twice = { ...RUNTIME, clusters: [RUNTIME.clusters[0], RUNTIME.clusters[0]] } as PollerRuntimeConfig;

    // Act
    const act = () => readPollerRuntimeConfig(pollerEnvironment(twice));

    // Assess
    expect(act).toThrow('cluster ids must be unique');
  });
});
