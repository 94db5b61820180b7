/**
 * The `mirrorLag` block: off unless written, defaults for cadence and hold, and a message naming
 * the field for every mistake. Also that it reaches the poller through its environment intact.
 */
import { describe, expect, it } from 'vitest';
import { InvalidConfigError } from '../../../../adapters/config/invalid-config-error.js';
import { parseConfig } from '../../../../adapters/config/load-config.js';
import { pollerClustersJson } from '../../../../adapters/lambda/poller-clusters-file.js';
import {
  pollerEnvironment,
  readPollerRuntimeConfig,
} from '../../../../adapters/lambda/poller-environment.js';

const FILE = 'config/monitor.yaml';
const CLUSTER = {
  clusterId: 'lkc-abc123',
  label: 'prod-eu',
  restEndpoint: 'https://pkc-abc12.eu-west-1.aws.confluent.cloud',
  secretId: 'cluster-link-monitor/prod-eu',
};

function yamlWith(mirrorLag: string): string {
  return [
    'clusters:',
    '  - clusterId: lkc-abc123',
    '    label: prod-eu',
    '    restEndpoint: https://pkc-abc12.eu-west-1.aws.confluent.cloud:443',
    '    credentials: { secret: cluster-link-monitor/prod-eu }',
    mirrorLag,
  ].join('\n');
}

function messageOf(text: string): string {
  try {
    parseConfig(text, FILE);
  } catch (error) {
    if (error instanceof InvalidConfigError) return error.message;
    throw error;
  }
  throw new Error('expected an InvalidConfigError');
}

describe('Config: mirrorLag', () => {
  it('is off when not written', () => {
    // Act
    const config = parseConfig(yamlWith(''), FILE);

    // Assess
    expect(config.settings.mirrorLag).toBeNull();
  });

  it('fills the cadence and the hold from their defaults', () => {
    // Act
    const config = parseConfig(yamlWith('mirrorLag: { maxMessagesBehind: 5000 }'), FILE);

    // Assess
    expect(config.settings.mirrorLag).toEqual({
      everyPolls: 5,
      heldChecks: 3,
      maxMessagesBehind: 5000,
      links: [],
    });
    expect(Object.isFrozen(config.settings.mirrorLag)).toBe(true);
  });

  it('reads per-link rules, globs and 0 included, without a default threshold', () => {
    // Prepare
    const text = yamlWith(
      [
        'mirrorLag:',
        '  everyPolls: 1',
        '  heldChecks: 2',
        '  links:',
        "    - { link: 'orders-*', maxMessagesBehind: 1000000 }",
        '    - { link: audit-replica, maxMessagesBehind: 0 }',
      ].join('\n'),
    );

    // Act
    const config = parseConfig(text, FILE);

    // Assess
    expect(config.settings.mirrorLag).toEqual({
      everyPolls: 1,
      heldChecks: 2,
      maxMessagesBehind: null,
      links: [
        { link: 'orders-*', maxMessagesBehind: 1_000_000 },
        { link: 'audit-replica', maxMessagesBehind: 0 },
      ],
    });
  });

  it.each([
    [
      'a block with no threshold at all',
      'mirrorLag: { everyPolls: 2 }',
      'mirrorLag: needs maxMessagesBehind (a threshold for every link) or links (thresholds per link name)',
    ],
    [
      'a threshold of 0 for every link',
      'mirrorLag: { maxMessagesBehind: 0 }',
      'mirrorLag.maxMessagesBehind: must be at least 1',
    ],
    [
      'a fractional threshold',
      'mirrorLag: { maxMessagesBehind: 10.5 }',
      'mirrorLag.maxMessagesBehind: must be a whole number',
    ],
    [
      'a threshold given as text',
      "mirrorLag: { maxMessagesBehind: '10k' }",
      'mirrorLag.maxMessagesBehind: must be a whole number',
    ],
    [
      'a hold of 0 checks',
      'mirrorLag: { maxMessagesBehind: 10, heldChecks: 0 }',
      'mirrorLag.heldChecks: must be at least 1',
    ],
    [
      'a cadence over an hour of polls',
      'mirrorLag: { maxMessagesBehind: 10, everyPolls: 61 }',
      'mirrorLag.everyPolls: must be at most 60',
    ],
    ['an unknown key', 'mirrorLag: { maxMessagesBehind: 10, threshold: 5 }', 'mirrorLag'],
    [
      'a link pattern with a character no link name has',
      "mirrorLag: { links: [{ link: 'orders/*', maxMessagesBehind: 10 }] }",
      'mirrorLag.links[0].link: must be a link name or a glob such as orders-*',
    ],
    [
      'a rule without its threshold',
      'mirrorLag: { links: [{ link: orders }] }',
      'mirrorLag.links[0].maxMessagesBehind: is required',
    ],
    [
      'the same link twice',
      'mirrorLag: { links: [{ link: orders, maxMessagesBehind: 1 }, { link: orders, maxMessagesBehind: 2 }] }',
      'mirrorLag.links[1].link: duplicates mirrorLag.links[0].link',
    ],
    [
      'more rules than the environment holds',
      `mirrorLag: { links: [${Array.from({ length: 11 }, (_, n) => `{ link: l${n}, maxMessagesBehind: 1 }`).join(', ')}] }`,
      'mirrorLag.links: must have at most 10 rules',
    ],
  ])('refuses %s, naming the field', (_what, block, expected) => {
    // Act
    const message = messageOf(yamlWith(block));

    // Assess
    expect(message).toContain(FILE);
    expect(message).toContain(expected);
  });

  it('reaches the poller through its environment unchanged, within a small share of the 4 KB', () => {
    // Prepare
    const config = parseConfig(
      yamlWith(
        [
          'mirrorLag:',
          '  maxMessagesBehind: 100000',
          '  links:',
          ...Array.from(
            { length: 10 },
            (_, n) => `    - { link: '${'x'.repeat(60)}-${n}*', maxMessagesBehind: 999999999999999 }`,
          ),
        ].join('\n'),
      ),
      FILE,
    );
    const runtime = {
      snapshotTableName: 'Snapshots',
      historyTableName: 'History',
      topicArn: 'arn:aws:sns:eu-west-1:123456789012:alerts',
      settings: config.settings,
      maintenanceWindows: [],
      metricsLevel: 'monitor' as const,
    };

    // Act
    const env = pollerEnvironment(runtime);
    const read = readPollerRuntimeConfig(
      { ...env, MONITOR_CLUSTERS_FILE: undefined, MONITOR_CLUSTERS: pollerClustersJson([CLUSTER]) },
      undefined,
    );

    // Assess
    expect(read.settings).toEqual(config.settings);
    const size = Object.entries(env).reduce((total, [name, value]) => total + name.length + value.length, 0);
    expect(size).toBeLessThan(2_048);
  });
});
