import { describe, expect, it } from 'vitest';
import {
  PAGERDUTY_ENV,
  readPagerDutyNotifierConfig,
} from '../../../../receivers/pagerduty/pagerduty-notifier-environment.js';
import { ReceiverConfigError } from '../../../../receivers/shared/receiver-errors.js';

describe('readPagerDutyNotifierConfig', () => {
  it('pages on critical by default, sends to PagerDuty, and reads an empty queue URL as none', () => {
    const config = readPagerDutyNotifierConfig({
      [PAGERDUTY_ENV.routingKeySecret]: ' payments-pagerduty ',
      [PAGERDUTY_ENV.deadLetterQueueUrl]: '',
    });

    expect(config).toEqual({
      routingKeySecret: 'payments-pagerduty',
      minSeverity: 'critical',
      deadLetterQueueUrl: undefined,
      eventsUrl: new URL('https://events.pagerduty.com/v2/enqueue'),
    });
  });

  it.each([
    [{}, PAGERDUTY_ENV.routingKeySecret, 'is required'],
    [{ [PAGERDUTY_ENV.routingKeySecret]: '  ' }, PAGERDUTY_ENV.routingKeySecret, 'must name the secret'],
    [
      { [PAGERDUTY_ENV.routingKeySecret]: 's', [PAGERDUTY_ENV.minSeverity]: 'info' },
      PAGERDUTY_ENV.minSeverity,
      'must be critical or warning',
    ],
    [
      { [PAGERDUTY_ENV.routingKeySecret]: 's', [PAGERDUTY_ENV.deadLetterQueueUrl]: 'queue' },
      PAGERDUTY_ENV.deadLetterQueueUrl,
      'must be an SQS queue URL',
    ],
  ])('refuses %o naming the variable', (env, field, message) => {
    const load = () => readPagerDutyNotifierConfig(env);

    expect(load).toThrow(ReceiverConfigError);
    expect(load).toThrow(`${field} ${message}`);
  });
});
