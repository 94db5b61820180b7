import { describe, expect, it } from 'vitest';
import {
  PAGERDUTY_METRIC,
  PAGERDUTY_NOTIFIER_SERVICE_NAME,
} from '../../../../receivers/pagerduty/pagerduty-notifier-metrics.js';
import { receiverMetricCounter } from '../../../../receivers/shared/receiver-metrics.js';
import {
  SLACK_METRIC,
  SLACK_NOTIFIER_SERVICE_NAME,
} from '../../../../receivers/slack/slack-notifier-metrics.js';

describe('receiver metrics', () => {
  it('keeps the Slack names dashboards and alarm queries already read', () => {
    expect(SLACK_NOTIFIER_SERVICE_NAME).toBe('cluster-link-monitor-slack');
    expect(Object.values(SLACK_METRIC)).toEqual([
      'SlackPosts',
      'SlackRetries',
      'SlackRefusals',
      'SlackDeliveryFailures',
      'SlackMalformedRecords',
      'SlackDeadLettered',
    ]);
  });

  it('names the PagerDuty counts in the same scheme', () => {
    expect(PAGERDUTY_NOTIFIER_SERVICE_NAME).toBe('cluster-link-monitor-pagerduty');
    expect(Object.values(PAGERDUTY_METRIC)).toEqual([
      'PagerDutyPosts',
      'PagerDutyRetries',
      'PagerDutyRefusals',
      'PagerDutyDeliveryFailures',
      'PagerDutyMalformedRecords',
      'PagerDutyDeadLettered',
    ]);
  });

  it('sends counts under the receiver names, and no zeros (CloudWatch bills each metric that receives data)', () => {
    // Prepare
    const added: [string, string, number][] = [];
    const count = receiverMetricCounter(
      {
        addMetric: (name, unit, value) => void added.push([name, unit, value]),
        addDimension: () => undefined,
        hasStoredMetrics: () => added.length > 0,
        publishStoredMetrics: () => undefined,
      },
      PAGERDUTY_METRIC,
    );

    // Act
    count('posts');
    count('retries', 0);
    count('retries', 2);

    // Assess
    expect(added).toEqual([
      ['PagerDutyPosts', 'Count', 1],
      ['PagerDutyRetries', 'Count', 2],
    ]);
  });
});
