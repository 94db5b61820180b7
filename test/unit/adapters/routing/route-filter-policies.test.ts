import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../../../adapters/config/load-config.js';
import {
  receiverSubscriptions,
  unreachedReceivers,
} from '../../../../adapters/routing/route-filter-policies.js';

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
