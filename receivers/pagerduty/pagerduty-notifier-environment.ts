/**
 * The PagerDuty notifier's environment: the names are declared here once, and
 * both the stack (which sets them) and the function (which reads them) use them.
 */
import * as z from '../../core/zod-mini.js';
import { eventsEndpoint } from '../pagerduty/events-endpoint.js';
import { PagerDutyConfigError } from '../pagerduty/pagerduty-errors.js';
import { SERVICE_NAME } from './poller-metrics.js';

/** The `service` of every log line of the PagerDuty notifier; the stack gives the function the same. */
export const PAGERDUTY_NOTIFIER_SERVICE_NAME = `${SERVICE_NAME}-pagerduty`;

export const PAGERDUTY_ENV = {
  /** Secrets Manager id of the routing key. */
  routingKeySecret: 'PAGERDUTY_ROUTING_KEY_SECRET_ID',
  /** `critical` or `warning`: the lowest severity that pages. */
  minSeverity: 'PAGERDUTY_MIN_SEVERITY',
  /** Queue for events PagerDuty refused for good (optional). */
  deadLetterQueueUrl: 'PAGERDUTY_DLQ_URL',
  /** The Events API URL; PagerDuty's own by default (tests point it at a local server). */
  eventsUrl: 'PAGERDUTY_EVENTS_URL',
} as const;

// zod/mini, as in every module a function loads: full zod would add about 400 KB to the bundle.
const schema = z.object({
  [PAGERDUTY_ENV.routingKeySecret]: z
    .string({ error: 'is required: the secret that holds the routing key' })
    .check(z.trim(), z.minLength(1, 'must name the secret that holds the routing key')),
  [PAGERDUTY_ENV.minSeverity]: z._default(
    z.enum(['critical', 'warning'], { error: 'must be critical or warning' }),
    'critical',
  ),
  [PAGERDUTY_ENV.deadLetterQueueUrl]: z.optional(
    z.union([
      z.url({ protocol: /^https?$/, error: 'must be an SQS queue URL' }),
      z.pipe(
        z.literal(''),
        z.transform(() => undefined),
      ),
    ]),
  ),
  [PAGERDUTY_ENV.eventsUrl]: z.optional(z.string()),
});

export interface PagerDutyNotifierConfig {
  readonly routingKeySecretId: string;
  readonly minSeverity: 'critical' | 'warning';
  readonly deadLetterQueueUrl: string | undefined;
  readonly eventsUrl: URL;
}

/** @throws PagerDutyConfigError naming the bad variable. */
export function loadPagerDutyNotifierConfig(
  env: Readonly<Record<string, string | undefined>>,
): PagerDutyNotifierConfig {
  const result = schema.safeParse(env);
  if (!result.success) {
    const issue = result.error.issues[0];
    const field = String(issue?.path[0] ?? 'environment');
    throw new PagerDutyConfigError(`${field} ${issue?.message ?? 'is invalid'}`, field);
  }
  const data = result.data;
  return Object.freeze({
    routingKeySecretId: data[PAGERDUTY_ENV.routingKeySecret],
    minSeverity: data[PAGERDUTY_ENV.minSeverity],
    deadLetterQueueUrl: data[PAGERDUTY_ENV.deadLetterQueueUrl],
    eventsUrl: eventsEndpoint(data[PAGERDUTY_ENV.eventsUrl]),
  });
}
