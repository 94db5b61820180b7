import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../../../adapters/config/load-config.js';
import { PagingConflictError } from '../../../../adapters/routing/paging-minimum.js';
import {
  receiverSubscriptions,
  unreachedReceivers,
} from '../../../../adapters/routing/route-filter-policies.js';
import type { Route, RoutingConfig } from '../../../../adapters/routing/routes.js';

function config(extra: string) {
  return parseConfig(
    [
      'clusters:',
      '  - { clusterId: lkc-eu, label: prod-eu, restEndpoint: https://pkc-eu.example.com, credentials: { secret: c/eu } }',
      '  - { clusterId: lkc-us, label: prod-us, restEndpoint: https://pkc-us.example.com, credentials: { secret: c/us } }',
      extra,
    ].join('\n'),
    'test.yaml',
  );
}

describe('receiverSubscriptions', () => {
  it('without routes keeps the recipients as they were: filtered by their minimum severity only', () => {
    const subs = receiverSubscriptions(
      config(
        'emailRecipients: [{ address: a@example.com, minSeverity: critical }, { address: b@example.com }]',
      ),
    );
    expect(subs).toEqual([
      expect.objectContaining({
        endpoint: 'a@example.com',
        filterPolicy: { problem_severity: ['critical'] },
      }),
      expect.objectContaining({ endpoint: 'b@example.com', filterPolicy: null }),
    ]);
  });

  it("joins a receiver's routes with $or and subscribes it once", () => {
    const subs = receiverSubscriptions(
      config(`
routes:
  - { name: eu, match: { clusters: [prod-eu], minSeverity: critical }, receivers: { email: [Ops@example.com] } }
  - { name: us, match: { clusters: [prod-us], minSeverity: warning }, receivers: { email: [ops@example.com] } }
`),
    );
    expect(subs).toHaveLength(1);
    expect(subs[0]?.routes).toEqual(['eu', 'us']);
    expect(subs[0]?.filterPolicy).toEqual({
      $or: [
        { cluster_id: ['lkc-eu'], problem_severity: ['critical'] },
        { cluster_id: ['lkc-us'], problem_severity: ['critical', 'warning'] },
      ],
    });
    expect(subs[0]?.combinations).toBe(3);
  });

  it('gives the default route what no route covers, per cluster', () => {
    const [platform] = receiverSubscriptions(
      config(`
emailRecipients: [{ address: platform@example.com }]
routes:
  - { name: eu, match: { clusters: [lkc-eu], minSeverity: warning }, receivers: { email: [eu@example.com] } }
`),
    );
    expect(platform?.filterPolicy).toEqual({
      $or: [
        { cluster_id: [{ 'anything-but': ['lkc-eu'] }] },
        { cluster_id: ['lkc-eu'], problem_severity: ['info'] },
      ],
    });
  });

  it('pages PagerDuty from the stricter of the route and the receiver, and never on info', () => {
    const [pd] = receiverSubscriptions(
      config(`
routes:
  - { name: all, receivers: { pagerDuty: [{ routingKeySecret: pd/all, minSeverity: warning }] } }
`),
    );
    expect(pd).toEqual(
      expect.objectContaining({
        kind: 'pagerDuty',
        pagerDutyMinSeverity: 'warning',
        filterPolicy: { problem_severity: ['critical', 'warning'] },
      }),
    );
  });

  it('pages from critical under a critical route, as its filter lets only critical through, whatever the receiver asks', () => {
    // Prepare: FAILED -> PAUSED carries problem_severity critical, PAUSED -> ACTIVE warning.
    const routing = config(`
routes:
  - { name: eu, match: { clusters: [prod-eu], minSeverity: critical }, receivers: { pagerDuty: [{ routingKeySecret: pd/eu, minSeverity: warning }] } }
`);

    // Act
    const [pd] = receiverSubscriptions(routing);

    // Assess: a warning page for PAUSED would never see its recovery, so none is opened.
    expect(pd).toEqual(
      expect.objectContaining({
        pagerDutyMinSeverity: 'critical',
        filterPolicy: { cluster_id: ['lkc-eu'], problem_severity: ['critical'] },
      }),
    );
  });

  it('pages a key named by several routes from the minimum they agree on, however each states it', () => {
    // Prepare: the route narrows the first receiver, the receiver narrows the second route.
    const routing = config(`
routes:
  - { name: eu, match: { clusters: [prod-eu], minSeverity: critical }, receivers: { pagerDuty: [{ routingKeySecret: pd/oncall, minSeverity: warning }] } }
  - { name: us, match: { clusters: [prod-us], minSeverity: warning }, receivers: { pagerDuty: [{ routingKeySecret: pd/oncall, minSeverity: critical }] } }
`);

    // Act
    const [pd] = receiverSubscriptions(routing);

    // Assess
    expect(pd?.pagerDutyMinSeverity).toBe('critical');
    expect(pd?.filterPolicy).toEqual({
      $or: [
        { cluster_id: ['lkc-eu'], problem_severity: ['critical'] },
        { cluster_id: ['lkc-us'], problem_severity: ['critical'] },
      ],
    });
  });

  it('refuses a key that one route pages from critical and another from warning', () => {
    // Prepare: the config schema refuses this file, so the routes are written out here.
    const route = (name: string, clusterId: string, minSeverity: Route['minSeverity']): Route => ({
      name,
      clusterIds: [clusterId],
      minSeverity,
      receivers: {
        email: [],
        slack: [],
        pagerDuty: [{ routingKeySecret: 'pd/oncall', minSeverity: 'warning' }],
      },
    });
    const routing: RoutingConfig = {
      emailRecipients: [],
      slack: null,
      routes: [route('eu', 'lkc-eu', 'critical'), route('us', 'lkc-us', 'warning')],
    };

    // Act
    const build = () => receiverSubscriptions(routing);

    // Assess: paging lkc-eu from warning would open pages whose recoveries its filter drops.
    expect(build).toThrow(PagingConflictError);
    expect(build).toThrow(/pd\/oncall pages from critical in route eu but from warning in route us/);
  });

  it('reports default-route receivers that the routes leave with nothing', () => {
    const c = config(`
emailRecipients: [{ address: platform@example.com }]
routes:
  - { name: everything, receivers: { email: [all@example.com] } }
`);
    expect(receiverSubscriptions(c).map((s) => s.endpoint)).toEqual(['all@example.com']);
    expect(unreachedReceivers(c)).toEqual(['platform@example.com']);
  });
});
