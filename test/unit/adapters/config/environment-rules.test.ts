import { describe, expect, it } from 'vitest';
import { deployFindings } from '../../../../adapters/config/deploy-rules.js';
import { longestPollerEnvironment } from '../../../../adapters/config/environment-rules.js';
import { parseConfig } from '../../../../adapters/config/load-config.js';
import { POLLER_ENV } from '../../../../adapters/lambda/poller-environment.js';

const CLUSTERS = [
  'clusters:',
  '  - { clusterId: lkc-eu, label: prod-eu, restEndpoint: https://pkc-eu.example.com, credentials: { secret: c/eu } }',
];

/** Windows just under their own 2 KB budget, and the most mirror-lag rules with the longest names. */
function crowded(windows: number): string {
  return [
    ...CLUSTERS,
    'maintenanceWindows:',
    ...Array.from({ length: windows }, (_, i) =>
      [
        `  - name: window-${i}`,
        '    days: [sun]',
        '    start: "01:30"',
        '    duration: 2h',
        '    timeZone: UTC',
        `    reason: ${'r'.repeat(500)}`,
      ].join('\n'),
    ),
    'mirrorLag:',
    '  maxMessagesBehind: 100000',
    '  links:',
    ...Array.from(
      { length: 10 },
      (_, i) => `    - { link: "${String(i).padStart(64, 'l')}", maxMessagesBehind: 999999999999999 }`,
    ),
  ].join('\n');
}

describe('Function: deployFindings, for the poller environment', () => {
  it('refuses windows and mirror-lag rules that push the deployed environment past 4 KB, naming the largest variables', () => {
    // Prepare
    const config = parseConfig(crowded(3), 'monitor.yaml');

    // Act
    const findings = deployFindings(config).filter((f) => f.level === 'error');

    // Assess
    expect(Buffer.byteLength(JSON.stringify(config.maintenanceWindows))).toBeLessThanOrEqual(2_048);
    expect(findings).toEqual([
      {
        level: 'error',
        path: 'maintenanceWindows',
        message: expect.stringMatching(
          /^make the poller's environment up to \d+ bytes once deployed, more than the 4096 Lambda allows \(largest: MAINTENANCE_WINDOWS \d+, POLL_SETTINGS \d+, NOTIFICATION_TOPIC_ARN \d+\); use fewer or shorter maintenance windows or mirrorLag link rules$/,
        ),
      },
    ]);
  });

  it('accepts the same rules with fewer windows', () => {
    // Act
    const findings = deployFindings(parseConfig(crowded(1), 'monitor.yaml'));

    // Assess
    expect(findings.filter((f) => f.level === 'error')).toEqual([]);
  });

  it('counts the table names and the topic ARN, unknown until deployed, at their longest', () => {
    // Act
    const environment = longestPollerEnvironment(parseConfig(CLUSTERS.join('\n'), 'monitor.yaml'));

    // Assess
    expect(environment[POLLER_ENV.snapshotTableName]).toHaveLength(255);
    expect(environment[POLLER_ENV.historyTableName]).toHaveLength(255);
    expect(environment[POLLER_ENV.topicArn]?.length).toBeGreaterThan(
      'arn:aws-us-gov:sns:us-isof-south-1:123456789012:'.length + 255,
    );
  });
});
