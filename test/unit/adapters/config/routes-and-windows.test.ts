import { describe, expect, it } from 'vitest';
import { InvalidConfigError } from '../../../../adapters/config/invalid-config-error.js';
import { parseConfig } from '../../../../adapters/config/load-config.js';

const FILE = 'config/monitor.yaml';

function yamlWith(extra: string): string {
  return [
    'clusters:',
    '  - { clusterId: lkc-eu, label: prod-eu, restEndpoint: https://pkc-eu.example.com, credentials: { secret: c/eu } }',
    '  - { clusterId: lkc-us, label: prod-us, restEndpoint: https://pkc-us.example.com, credentials: { secret: c/us } }',
    extra,
  ].join('\n');
}

function messageOf(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    if (error instanceof InvalidConfigError) return error.message;
    throw error;
  }
  throw new Error('expected an InvalidConfigError');
}

describe('Config: routes', () => {
  it('resolves cluster labels to ids and fills the defaults', () => {
    // Act
    const config = parseConfig(
      yamlWith(`
routes:
  - name: payments
    match: { clusters: [prod-us, lkc-eu, lkc-us] }
    receivers:
      email: [payments@example.com]
      pagerDuty: [{ routingKeySecret: pd/payments }]
`),
      FILE,
    );

    // Assess
    expect(config.routes).toEqual([
      {
        name: 'payments',
        clusterIds: ['lkc-us', 'lkc-eu'],
        minSeverity: 'info',
        receivers: {
          email: ['payments@example.com'],
          slack: [],
          pagerDuty: [{ routingKeySecret: 'pd/payments', minSeverity: 'critical' }],
        },
      },
    ]);
  });

  it('matches every cluster when a route names none', () => {
    const config = parseConfig(
      yamlWith(
        'routes: [{ name: all-critical, match: { minSeverity: critical }, receivers: { email: [a@example.com] } }]',
      ),
      FILE,
    );
    expect(config.routes[0]?.clusterIds).toBeNull();
  });

  it.each([
    [
      'a cluster the config does not have',
      'routes: [{ name: x, match: { clusters: [prod-ap] }, receivers: { email: [a@example.com] } }]',
      'routes[0].match.clusters[0]: names no cluster of this config',
    ],
    [
      'a route without receivers',
      'routes: [{ name: x, receivers: {} }]',
      'routes[0].receivers: must name at least one receiver',
    ],
    [
      'two routes of one name',
      'routes: [{ name: x, receivers: { email: [a@example.com] } }, { name: X, receivers: { email: [b@example.com] } }]',
      'routes[1].name: duplicates routes[0].name',
    ],
    [
      'PagerDuty paging on info',
      'routes: [{ name: x, receivers: { pagerDuty: [{ routingKeySecret: pd/x, minSeverity: info }] } }]',
      'routes[0].receivers.pagerDuty[0].minSeverity: must be critical or warning',
    ],
  ])('refuses %s', (_what, extra, expected) => {
    expect(messageOf(() => parseConfig(yamlWith(extra), FILE))).toContain(expected);
  });
});

describe('Config: PagerDuty paging minimums', () => {
  it('refuses a routing key paged from critical in one route and from warning in another', () => {
    // Prepare
    const extra = `
routes:
  - name: eu-critical
    match: { clusters: [prod-eu], minSeverity: critical }
    receivers: { pagerDuty: [{ routingKeySecret: pd/oncall, minSeverity: warning }] }
  - name: us-warning
    match: { clusters: [prod-us], minSeverity: warning }
    receivers: { pagerDuty: [{ routingKeySecret: pd/oncall, minSeverity: warning }] }
`;

    // Act
    const message = messageOf(() => parseConfig(yamlWith(extra), FILE));

    // Assess: where, which key and routes, why, and what to write instead.
    expect(message).toContain(
      `${FILE}: routes[1].receivers.pagerDuty[0]: the PagerDuty routing key secret pd/oncall pages from critical in route eu-critical but from warning in route us-warning`,
    );
    expect(message).toContain(
      'a warning page opened for a cluster of route eu-critical could never be resolved, since its recovery is filtered out',
    );
    expect(message).toContain('minSeverity: critical for it in route us-warning');
    expect(message).toContain('or give each route a routing key of its own');
    expect(message.split('\n')).toHaveLength(1);
  });

  it('accepts a receiver asking for warnings under a critical route: the route narrows it to critical', () => {
    // Act
    const config = parseConfig(
      yamlWith(`
routes:
  - name: eu
    match: { clusters: [prod-eu], minSeverity: critical }
    receivers: { pagerDuty: [{ routingKeySecret: pd/oncall, minSeverity: warning }] }
  - name: us
    match: { clusters: [prod-us], minSeverity: warning }
    receivers: { pagerDuty: [{ routingKeySecret: pd/oncall, minSeverity: critical }] }
`),
      FILE,
    );

    // Assess
    expect(config.routes.map((r) => r.name)).toEqual(['eu', 'us']);
  });
});

describe('Config: maintenance windows', () => {
  it('reads days, start, duration, zone and matchers', () => {
    // Act
    const config = parseConfig(
      yamlWith(`
maintenanceWindows:
  - name: sunday-patching
    days: [sun, sat, sun]
    start: "01:30"
    duration: 2h
    timeZone: America/New_York
    match: { clusters: [prod-us], linkName: "orders-*", eventTypes: [LINK_STATE_CHANGED], severities: [warning] }
    reason: weekly OS patching
`),
      FILE,
    );

    // Assess
    expect(config.maintenanceWindows).toEqual([
      {
        name: 'sunday-patching',
        days: ['sun', 'sat'],
        start: { hour: 1, minute: 30 },
        durationMs: 7_200_000,
        timeZone: 'America/New_York',
        matchers: {
          clusters: ['prod-us'],
          linkName: 'orders-*',
          eventTypes: ['LINK_STATE_CHANGED'],
          severities: ['warning'],
        },
        reason: 'weekly OS patching',
      },
    ]);
  });

  /** A valid window with one field replaced. */
  const window = (field: string) => {
    const fields: Record<string, string> = {
      name: 'w',
      days: '[sun]',
      start: '"02:00"',
      duration: '1h',
      timeZone: 'UTC',
      reason: 'r',
    };
    const [key = '', ...value] = field.split(': ');
    fields[key] = value.join(': ');
    const body = Object.entries(fields)
      .map(([k, v]) => `${k}: ${v}`)
      .join(', ');
    return `maintenanceWindows: [{ ${body} }]`;
  };

  it.each([
    [
      'an unknown time zone',
      window('timeZone: Europe/Atlantis'),
      'maintenanceWindows[0].timeZone: must be an IANA time zone',
    ],
    [
      'a start that is not a time',
      window('start: "25:00"'),
      'maintenanceWindows[0].start: must be a 24-hour time',
    ],
    ['an unknown day', window('days: [funday]'), 'maintenanceWindows[0].days[0]: must be one of mon, tue'],
    [
      'a window longer than a week',
      window('duration: 8d'),
      'maintenanceWindows[0].duration: must be at most',
    ],
    [
      'an unknown event type',
      window('match: { eventTypes: [LINK_EXPLODED] } '),
      'maintenanceWindows[0].match.eventTypes[0]: must be one of',
    ],
    [
      'a cluster the config does not have',
      window('match: { clusters: [prod-ap] }'),
      'maintenanceWindows[0].match.clusters[0]: names no cluster',
    ],
    ['no reason', window('reason: "  "'), 'maintenanceWindows[0].reason: must say why'],
  ])('refuses %s', (_what, extra, expected) => {
    expect(messageOf(() => parseConfig(yamlWith(extra), FILE))).toContain(expected);
  });
});
