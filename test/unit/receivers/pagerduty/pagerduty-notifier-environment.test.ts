import { describe, expect, it } from 'vitest';
import {
  PAGERDUTY_ENV,
  readPagerDutyNotifierConfig,
} from '../../../../receivers/pagerduty/pagerduty-notifier-environment.js';
import { ReceiverConfigError } from '../../../../receivers/shared/receiver-errors.js';

describe('readPagerDutyNotifierConfig', () => {
  /** What the stack always sets besides the variable a case is about. */
  const ledger = {
    [PAGERDUTY_ENV.alertLedgerTableName]: 'Monitor-PagerDutyAlertLedger',
    [PAGERDUTY_ENV.receiverId]: 'PagerDuty1A2B3C4D',
  };

  it('pages on critical by default, sends to PagerDuty, and reads an empty queue URL as none', () => {
    const config = readPagerDutyNotifierConfig({
      [PAGERDUTY_ENV.routingKeySecret]: ' payments-pagerduty ',
      [PAGERDUTY_ENV.deadLetterQueueUrl]: '',
      ...ledger,
    });

    expect(config).toEqual({
      routingKeySecret: 'payments-pagerduty',
      minSeverity: 'critical',
      deadLetterQueueUrl: undefined,
      eventsUrl: new URL('https://events.pagerduty.com/v2/enqueue'),
      alertLedgerTableName: 'Monitor-PagerDutyAlertLedger',
      receiverId: 'PagerDuty1A2B3C4D',
    });
  });

  it.each([
    [{ ...ledger }, PAGERDUTY_ENV.routingKeySecret, 'is required'],
    [
      { [PAGERDUTY_ENV.routingKeySecret]: '  ', ...ledger },
      PAGERDUTY_ENV.routingKeySecret,
      'must name the secret',
    ],
    [
      { [PAGERDUTY_ENV.routingKeySecret]: 's', [PAGERDUTY_ENV.minSeverity]: 'info', ...ledger },
      PAGERDUTY_ENV.minSeverity,
      'must be critical or warning',
    ],
    [
      { [PAGERDUTY_ENV.routingKeySecret]: 's', [PAGERDUTY_ENV.deadLetterQueueUrl]: 'queue', ...ledger },
      PAGERDUTY_ENV.deadLetterQueueUrl,
      'must be an SQS queue URL',
    ],
    [
      { [PAGERDUTY_ENV.routingKeySecret]: 's', [PAGERDUTY_ENV.receiverId]: 'r' },
      PAGERDUTY_ENV.alertLedgerTableName,
      'is required: the alert ledger table',
    ],
    [
      { [PAGERDUTY_ENV.routingKeySecret]: 's', [PAGERDUTY_ENV.alertLedgerTableName]: 't' },
      PAGERDUTY_ENV.receiverId,
      "is required: the notifier's id in the alert ledger",
    ],
    // A `#` would let one notifier's partitions run into another's.
    [
      { [PAGERDUTY_ENV.routingKeySecret]: 's', ...ledger, [PAGERDUTY_ENV.receiverId]: 'payments#eu' },
      PAGERDUTY_ENV.receiverId,
      'must be 1 to 64 letters, digits, _ or -',
    ],
  ])('refuses %o naming the variable', (env, field, message) => {
    const load = () => readPagerDutyNotifierConfig(env);

    expect(load).toThrow(ReceiverConfigError);
    expect(load).toThrow(`${field} ${message}`);
  });
});
