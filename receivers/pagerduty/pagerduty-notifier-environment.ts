/**
 * The PagerDuty notifier's environment: the names are declared here once, and
 * both the stack (which sets them) and the function (which reads them once at
 * cold start) use them. Only the routing key secret's id travels this way, never the key.
 */
import * as z from '../../core/zod-mini.js';
import {
  deadLetterQueueUrlVariable,
  type EnvironmentConfig,
  environmentNames,
  readReceiverEnvironment,
  secretIdVariable,
} from '../shared/receiver-environment.js';
import { eventsEndpoint } from './events-endpoint.js';

const PAGERDUTY_VARIABLES = {
  /** Secrets Manager id of the routing key. */
  routingKeySecret: {
    name: 'PAGERDUTY_ROUTING_KEY_SECRET_ID',
    schema: secretIdVariable('the routing key'),
  },
  /** `critical` or `warning`: the lowest severity that pages. */
  minSeverity: {
    name: 'PAGERDUTY_MIN_SEVERITY',
    schema: z._default(z.enum(['critical', 'warning'], { error: 'must be critical or warning' }), 'critical'),
  },
  /** Queue for events PagerDuty refused for good (optional). */
  deadLetterQueueUrl: { name: 'PAGERDUTY_DLQ_URL', schema: deadLetterQueueUrlVariable },
  /** The Events API URL; PagerDuty's own by default (tests point it at a local server). */
  eventsUrl: { name: 'PAGERDUTY_EVENTS_URL', schema: z.optional(z.string()) },
  /** The alert ledger table (`alert-ledger-table.ts`), one for every PagerDuty notifier of the stack. */
  alertLedgerTableName: {
    name: 'PAGERDUTY_ALERT_LEDGER_TABLE',
    schema: z
      .string({ error: 'is required: the alert ledger table' })
      .check(z.trim(), z.minLength(1, 'must name the alert ledger table')),
  },
  /**
   * This notifier's part of the ledger, the same for as long as its routing key secret is; it
   * starts every partition key, so it has no `#`.
   */
  receiverId: {
    name: 'PAGERDUTY_RECEIVER_ID',
    schema: z
      .string({ error: "is required: the notifier's id in the alert ledger" })
      .check(z.regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be 1 to 64 letters, digits, _ or -')),
  },
} as const;

/** Environment variable names, by config field. */
export const PAGERDUTY_ENV = environmentNames(PAGERDUTY_VARIABLES);

export interface PagerDutyNotifierConfig
  extends Omit<EnvironmentConfig<typeof PAGERDUTY_VARIABLES>, 'eventsUrl'> {
  readonly eventsUrl: URL;
}

/** @throws ReceiverConfigError naming the bad variable (or the Events API URL), never a value */
export function readPagerDutyNotifierConfig(
  env: Readonly<Record<string, string | undefined>>,
): PagerDutyNotifierConfig {
  const variables = readReceiverEnvironment(PAGERDUTY_VARIABLES, env);
  return Object.freeze({ ...variables, eventsUrl: eventsEndpoint(variables.eventsUrl) });
}
