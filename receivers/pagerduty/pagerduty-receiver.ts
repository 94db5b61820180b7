/**
 * The PagerDuty notifier's use case: each SNS record's notification document
 * becomes Events API v2 events (trigger, resolve), sent in order. An event
 * PagerDuty refuses for good sends the record to the refused-message sink and
 * the others go on; PagerDuty staying unavailable fails the invocation, so
 * Lambda retries it (events are idempotent per `dedup_key`).
 */
import type { Context, SNSEvent } from 'aws-lambda';
import type { Log } from '../../adapters/lambda/json-logger.js';
import { PermanentPagerDutyError } from '../../adapters/pagerduty/pagerduty-errors.js';
import { sendPagerDutyEvent } from '../../adapters/pagerduty/send-event.js';
import type { RefusedMessageSink } from '../../adapters/sqs/refused-message-queue.js';
import { parseNotificationDocument } from '../../core/render/notification-document-schema.js';
import { type PagerDutyPageSeverity, pagerDutyEvents } from '../../core/render/pagerduty-events.js';

export interface PagerDutyDeliveryDependencies {
  readonly routingKey: () => Promise<string>;
  readonly eventsUrl: URL;
  readonly minSeverity: PagerDutyPageSeverity;
  readonly logger: Log;
  readonly refused?: RefusedMessageSink;
  readonly fetch?: typeof fetch;
  readonly sleep?: (ms: number) => Promise<void>;
  readonly now?: () => number;
  /** Kept back from the Lambda timeout for logging and returning. @default 2 s */
  readonly safetyMarginMs?: number;
}

/** Builds the raw handler (no middleware), for tests and for the Lambda entry point. */
export function createPagerDutyDelivery(deps: PagerDutyDeliveryDependencies) {
  const now = deps.now ?? Date.now;
  const margin = deps.safetyMarginMs ?? 2_000;
  return async function deliverToPagerDuty(event: SNSEvent, context: Context): Promise<void> {
    const deadline = now() + context.getRemainingTimeInMillis() - margin;
    for (const record of event.Records) {
      const messageId = record.Sns.MessageId;
      let doc: ReturnType<typeof parseNotificationDocument>;
      try {
        doc = parseNotificationDocument(JSON.parse(record.Sns.Message));
      } catch (error) {
        // Nothing to page on: a message that is not ours has no link or condition to key an alert by.
        deps.logger.warn('SNS message is not a version 1 notification document; not sent to PagerDuty', {
          messageId,
          reason: error instanceof Error ? error.message : String(error),
        });
        continue;
      }
      const events = pagerDutyEvents(doc, deps.minSeverity);
      const logContext = { messageId, clusterId: doc.cluster.id, kind: doc.kind, severity: doc.severity };
      if (events.length === 0) {
        deps.logger.info('Nothing to send to PagerDuty for this notification', logContext);
        continue;
      }
      const routingKey = await deps.routingKey();
      for (const pdEvent of events) {
        const eventContext = { ...logContext, action: pdEvent.event_action, dedupKey: pdEvent.dedup_key };
        try {
          const { attempts } = await sendPagerDutyEvent({
            url: deps.eventsUrl,
            routingKey,
            event: pdEvent,
            deadline,
            now,
            ...(deps.fetch === undefined ? {} : { fetch: deps.fetch }),
            ...(deps.sleep === undefined ? {} : { sleep: deps.sleep }),
            onRetry: (retry) =>
              deps.logger.warn('PagerDuty busy or failing; retrying', { ...eventContext, ...retry }),
          });
          deps.logger.info('Sent event to PagerDuty', { ...eventContext, attempts });
        } catch (error) {
          if (!(error instanceof PermanentPagerDutyError)) {
            deps.logger.error('PagerDuty unavailable; leaving the message to Lambda retries', {
              ...eventContext,
              error: error instanceof Error ? error.message : String(error),
            });
            throw error;
          }
          deps.logger.error('PagerDuty refused the event for good', {
            ...eventContext,
            httpStatus: error.httpStatus,
            pagerDutyError: error.pagerDutyError,
          });
          if (deps.refused === undefined) throw error;
          await deps.refused.keep({
            record,
            error: { name: error.name, message: error.message, details: { httpStatus: error.httpStatus } },
            context,
            now: now(),
          });
          deps.logger.info('Sent the refused message to the dead-letter queue', eventContext);
          // The rest of this record's events would most likely be refused alike.
          break;
        }
      }
    }
  };
}
