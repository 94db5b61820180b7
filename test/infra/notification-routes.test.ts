/**
 * Routes, read back from the synthesized template: each receiver's subscription
 * and filter policy, evaluated against the attributes the monitor really
 * publishes (rendered from planned notifications), so what SNS would deliver to
 * whom is checked end to end without code deciding it.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../adapters/config/load-config.js';
import type { HistoryEvent } from '../../core/model/change-events.js';
import { planNotifications } from '../../core/notify/plan-notifications.js';
import { renderSnsMessage } from '../../core/notify/render/sns-message.js';
import { filterPolicyMatches } from '../support/sns-filter-policy.js';
import { anEvent } from '../unit/core/notify/render/notification-fixtures.js';
import { type Synthesized, synthesize, synthesizeYaml } from './synth-monitor.js';

const CONFIG = `
clusters:
  - { clusterId: lkc-eu, label: prod-eu, restEndpoint: https://pkc-eu.example.com, credentials: { secret: c/eu } }
  - { clusterId: lkc-us, label: prod-us, restEndpoint: https://pkc-us.example.com, credentials: { secret: c/us } }
  - { clusterId: lkc-ap, label: prod-ap, restEndpoint: https://pkc-ap.example.com, credentials: { secret: c/ap } }
emailRecipients:
  - { address: platform@example.com, minSeverity: info }
  - { address: oncall@example.com, minSeverity: critical }
slack: { webhookSecret: slack/platform, minSeverity: warning }
routes:
  - name: payments
    match: { clusters: [prod-us], minSeverity: warning }
    receivers:
      email: [payments@example.com, both@example.com]
      slack: [slack/payments]
  - name: europe-critical
    match: { clusters: [lkc-eu], minSeverity: critical }
    receivers:
      email: [both@example.com, eu-oncall@example.com]
`;

type Attributes = ReturnType<typeof renderSnsMessage>['messageAttributes'];

interface Subscribed {
  readonly protocol: string;
  readonly endpoint: string;
  readonly policy: Record<string, unknown> | undefined;
}

function subscriptionsOf(synth: Synthesized): Subscribed[] {
  const resources = synth.template.findResources('AWS::SNS::Subscription');
  return Object.entries(resources)
    .filter(([, r]) => (r as { Properties: { TopicArn: unknown } }).Properties.TopicArn !== undefined)
    .map(([logicalId, r]) => {
      const p = (
        r as { Properties: { Protocol: string; Endpoint: unknown; FilterPolicy?: Record<string, unknown> } }
      ).Properties;
      return {
        protocol: p.Protocol,
        endpoint: typeof p.Endpoint === 'string' ? p.Endpoint : logicalId,
        policy: p.FilterPolicy,
      };
    });
}

function attributesOf(events: HistoryEvent[]): Attributes {
  const [notification] = planNotifications(events, { digestThreshold: 10 });
  if (notification === undefined) throw new Error('nothing planned');
  return renderSnsMessage(notification).messageAttributes;
}

function emailsReceiving(synth: Synthesized, attributes: Attributes): string[] {
  return subscriptionsOf(synth)
    .filter((s) => s.protocol === 'email' && filterPolicyMatches(s.policy, attributes))
    .map((s) => s.endpoint)
    .sort();
}

const usWarning = (): HistoryEvent[] => [
  anEvent({
    clusterId: 'lkc-us',
    clusterLabel: 'prod-us',
    type: 'LINK_STATE_CHANGED',
    severity: 'warning',
    from: 'ACTIVE',
    to: 'PAUSED',
  }),
];
const usWarningResolved = (): HistoryEvent[] => [
  anEvent({
    clusterId: 'lkc-us',
    clusterLabel: 'prod-us',
    type: 'LINK_STATE_CHANGED',
    severity: 'resolved',
    from: 'PAUSED',
    to: 'ACTIVE',
  }),
];
const euCritical = (): HistoryEvent[] => [
  anEvent({
    clusterId: 'lkc-eu',
    clusterLabel: 'prod-eu',
    severity: 'critical',
    from: 'ACTIVE',
    to: 'FAILED',
  }),
];
const euCriticalResolved = (): HistoryEvent[] => [
  anEvent({
    clusterId: 'lkc-eu',
    clusterLabel: 'prod-eu',
    severity: 'resolved',
    from: 'FAILED',
    to: 'ACTIVE',
  }),
];
const euWarning = (): HistoryEvent[] => [
  anEvent({
    clusterId: 'lkc-eu',
    clusterLabel: 'prod-eu',
    severity: 'warning',
    from: 'ACTIVE',
    to: 'PAUSED',
  }),
];
const apWarningResolved = (): HistoryEvent[] => [
  anEvent({
    clusterId: 'lkc-ap',
    clusterLabel: 'prod-ap',
    severity: 'resolved',
    from: 'PAUSED',
    to: 'ACTIVE',
  }),
];

describe('Notification routes in the synthesized template', () => {
  let synth: Synthesized;
  beforeAll(() => {
    synth = synthesizeYaml(CONFIG);
  });

  it('subscribes each receiver once, however many routes name it', () => {
    const emails = subscriptionsOf(synth)
      .filter((s) => s.protocol === 'email')
      .map((s) => s.endpoint);
    expect(emails.sort()).toEqual([
      'both@example.com',
      'eu-oncall@example.com',
      'oncall@example.com',
      'payments@example.com',
      'platform@example.com',
    ]);
    expect(subscriptionsOf(synth).filter((s) => s.protocol === 'lambda')).toHaveLength(2);
  });

  it("sends a route's clusters to its receivers and not to the default route", () => {
    expect(emailsReceiving(synth, attributesOf(usWarning()))).toEqual([
      'both@example.com',
      'payments@example.com',
    ]);
  });

  it('sends what a route leaves out (below its minimum severity) to the default route', () => {
    expect(emailsReceiving(synth, attributesOf(euWarning()))).toEqual(['platform@example.com']);
    expect(emailsReceiving(synth, attributesOf(euCritical()))).toEqual([
      'both@example.com',
      'eu-oncall@example.com',
    ]);
  });

  it('sends clusters no route names to the default route, each recipient from its minimum severity', () => {
    const apCritical = attributesOf([
      anEvent({
        clusterId: 'lkc-ap',
        clusterLabel: 'prod-ap',
        severity: 'critical',
        from: 'ACTIVE',
        to: 'FAILED',
      }),
    ]);
    expect(emailsReceiving(synth, apCritical)).toEqual(['oncall@example.com', 'platform@example.com']);
  });

  it('sends a recovery exactly to the receivers that were told of the problem', () => {
    expect(emailsReceiving(synth, attributesOf(usWarningResolved()))).toEqual(
      emailsReceiving(synth, attributesOf(usWarning())),
    );
    expect(emailsReceiving(synth, attributesOf(euCriticalResolved()))).toEqual(
      emailsReceiving(synth, attributesOf(euCritical())),
    );
    // The critical-only recipient never saw the warning, so it does not get its recovery.
    expect(emailsReceiving(synth, attributesOf(apWarningResolved()))).toEqual(['platform@example.com']);
  });

  it('tells the receivers of a critical link that it went to a milder condition', () => {
    const euFailedToPaused = attributesOf([
      anEvent({
        clusterId: 'lkc-eu',
        clusterLabel: 'prod-eu',
        severity: 'warning',
        from: 'FAILED',
        to: 'PAUSED',
      }),
    ]);
    expect(emailsReceiving(synth, euFailedToPaused)).toEqual(
      emailsReceiving(synth, attributesOf(euCritical())),
    );
  });

  it('gives the routed Slack webhook its own notifier, reading only its own secret', () => {
    const functions = synth.template.findResources('AWS::Lambda::Function', {
      Properties: { Environment: { Variables: { SLACK_WEBHOOK_SECRET_ID: 'slack/payments' } } },
    });
    expect(Object.keys(functions)).toHaveLength(1);
  });

  it('raises an alarm for each notifier function', () => {
    const alarms = synth.template.findResources('AWS::CloudWatch::Alarm');
    const notifierAlarms = Object.keys(alarms).filter((id) => /Slack.*NotifierErrors/.test(id));
    expect(notifierAlarms).toHaveLength(2);
  });

  it('passes the cdk-nag checks', () => {
    expect(synth.nagViolations).toEqual([]);
  });
});

const PAGING_CONFIG = `
clusters:
  - { clusterId: lkc-eu, label: prod-eu, restEndpoint: https://pkc-eu.example.com, credentials: { secret: c/eu } }
  - { clusterId: lkc-us, label: prod-us, restEndpoint: https://pkc-us.example.com, credentials: { secret: c/us } }
  - { clusterId: lkc-ap, label: prod-ap, restEndpoint: https://pkc-ap.example.com, credentials: { secret: c/ap } }
emailRecipients: [{ address: platform@example.com }]
routes:
  - name: europe-critical
    match: { clusters: [prod-eu], minSeverity: critical }
    receivers:
      pagerDuty: [{ routingKeySecret: pd/europe, minSeverity: warning }]
  - name: payments
    match: { clusters: [prod-us], minSeverity: warning }
    receivers:
      pagerDuty: [{ routingKeySecret: pd/payments, minSeverity: warning }, { routingKeySecret: pd/oncall }]
  - name: everything
    receivers:
      pagerDuty: [{ routingKeySecret: pd/oncall, minSeverity: critical }]
`;

/** Severities a problem can have, most severe first. */
const PROBLEM_SEVERITIES = ['critical', 'warning', 'info'] as const;

interface PagerDutyReceiver {
  readonly routingKey: unknown;
  readonly minSeverity: unknown;
  /** Per cluster it hears of, the lowest `problem_severity` its subscription lets through. */
  readonly lowestLetThrough: Record<string, string>;
}

/** Each PagerDuty notifier, read back: its environment and what its subscription lets through. */
function pagerDutyReceivers(synth: Synthesized): PagerDutyReceiver[] {
  const functions = synth.template.findResources('AWS::Lambda::Function');
  const subscriptions = synth.template.findResources('AWS::SNS::Subscription', {
    Properties: { Protocol: 'lambda' },
  });
  // The attributes of a real message; routing reads only cluster_id and problem_severity, varied below.
  const sample = attributesOf(usWarning());
  return Object.values(subscriptions).flatMap((subscription) => {
    const { Endpoint, FilterPolicy } = subscription.Properties as {
      Endpoint: { 'Fn::GetAtt': [string, string] };
      FilterPolicy?: Record<string, unknown>;
    };
    const variables: Record<string, unknown> =
      functions[Endpoint['Fn::GetAtt'][0]]?.Properties.Environment.Variables ?? {};
    if (variables.PAGERDUTY_ROUTING_KEY_SECRET_ID === undefined) return [];
    const lowestLetThrough: Record<string, string> = {};
    for (const { clusterId } of synth.config.clusters) {
      const letThrough = PROBLEM_SEVERITIES.filter((severity) =>
        filterPolicyMatches(FilterPolicy, {
          ...sample,
          cluster_id: { StringValue: clusterId },
          problem_severity: { StringValue: severity },
        }),
      );
      const lowest = letThrough.at(-1);
      if (lowest !== undefined) lowestLetThrough[clusterId] = lowest;
    }
    return [
      {
        routingKey: variables.PAGERDUTY_ROUTING_KEY_SECRET_ID,
        minSeverity: variables.PAGERDUTY_MIN_SEVERITY,
        lowestLetThrough,
      },
    ];
  });
}

describe('PagerDuty paging minimums in the synthesized template', () => {
  let synth: Synthesized;
  beforeAll(() => {
    synth = synthesize(parseConfig(PAGING_CONFIG, 'test-config.yaml'), { bundle: false });
  });

  it("pages from exactly the lowest severity each receiver's filter lets through, for every cluster it hears of", () => {
    // Act
    const receivers = pagerDutyReceivers(synth);

    // Assess: a page opened below that minimum would never receive its recovery.
    expect(receivers.map((r) => r.routingKey).sort()).toEqual(['pd/europe', 'pd/oncall', 'pd/payments']);
    for (const receiver of receivers) {
      const expected = Object.fromEntries(
        Object.keys(receiver.lowestLetThrough).map((clusterId) => [clusterId, receiver.minSeverity]),
      );
      expect(receiver.lowestLetThrough, String(receiver.routingKey)).toEqual(expected);
    }
  });

  it('pages a receiver asking for warnings under a critical route on critical problems only', () => {
    const europe = pagerDutyReceivers(synth).find((r) => r.routingKey === 'pd/europe');
    expect(europe).toEqual({
      routingKey: 'pd/europe',
      minSeverity: 'critical',
      lowestLetThrough: { 'lkc-eu': 'critical' },
    });
  });
});
