/**
 * Delivers one SNS record to Slack: renders it (the notification document as
 * Block Kit, anything else as plain text so nothing is dropped), posts it under
 * the project's retry policy, and decides what happens when that fails.
 *
 * - Posted: done.
 * - Slack busy or down until the deadline (`SlackDeliveryError`): thrown, so
 *   Lambda's asynchronous retries and its on-failure destination keep the message.
 * - Slack refused it for good (`PermanentSlackError`: revoked webhook, deleted
 *   channel, refused payload): the webhook URL is read again next time (it may
 *   have been replaced) and the record goes straight to the dead-letter queue,
 *   skipping retries that cannot help. Without a queue, or if that send fails, thrown.
 * - Not an SNS record at all: straight to the dead-letter queue, as no retry
 *   can make it one (thrown without a queue).
 */

import type { Log } from '../../adapters/lambda/json-logger.js';
import { postToSlack } from '../../adapters/slack/post-to-slack.js';
import { PermanentSlackError } from '../../adapters/slack/slack-errors.js';
import type { DeadLetter, DeadLetterQueue, FailedInvocation } from '../../core/dead-letter-queue.js';
import { parseNotificationDocument } from '../../core/render/notification-document-schema.js';
import {
  renderSlackFallback,
  renderSlackMessage,
  type SlackMessage,
} from '../../core/render/slack-message.js';
import * as z from '../../core/zod-mini.js';

export interface DeliveryDeps {
  /** Resolves the webhook URL (cached); `invalidate`, when present, is called after Slack refused it. */
  readonly webhookUrl: (() => Promise<URL>) & { readonly invalidate?: () => void };
  readonly logger: Log;
  /** Where records no retry can deliver go; optional. */
  readonly deadLetter?: DeadLetterQueue;
  readonly fetch?: typeof fetch;
  readonly sleep?: (ms: number) => Promise<void>;
  readonly now?: () => number;
  readonly random?: () => number;
}

export interface DeliveryRequest {
  /** The record as Lambda passed it: untrusted until checked. */
  readonly record: unknown;
  /** Epoch ms by which the delivery must be over, retries included. */
  readonly deadline: number;
  readonly invocation: FailedInvocation;
}

export type DeliveryOutcome =
  | { readonly kind: 'posted'; readonly attempts: number }
  | { readonly kind: 'refused'; readonly attempts: number }
  | { readonly kind: 'malformed' };

/** A record without the SNS fields the notifier reads; it goes to the dead-letter queue, never retried. */
export class MalformedSnsRecordError extends Error {
  override readonly name = 'MalformedSnsRecordError';
}

const snsRecordSchema = z.object({
  Sns: z.object({
    MessageId: z.string(),
    Message: z.string(),
    Subject: z.nullish(z.string()),
  }),
});

type SnsRecord = z.infer<typeof snsRecordSchema>;

/** Renders a record's message: our document when it is one, else the raw text. */
function render(record: SnsRecord, logger: Log) {
  const { Message: raw, Subject: subject, MessageId: messageId } = record.Sns;
  let document: unknown;
  try {
    document = JSON.parse(raw);
  } catch {
    document = undefined;
  }
  try {
    const doc = parseNotificationDocument(document);
    return {
      message: renderSlackMessage(doc),
      logContext: { messageId, clusterId: doc.cluster.id, kind: doc.kind, severity: doc.severity },
    };
  } catch (error) {
    logger.warn('SNS message is not a version 1 notification document; posting it as plain text', {
      messageId,
      reason: error instanceof Error ? error.message : String(error),
    });
    const message: SlackMessage = renderSlackFallback(subject ?? null, raw);
    return { message, logContext: { messageId } };
  }
}

async function deadLetterOrThrow(
  deps: DeliveryDeps,
  letter: DeadLetter,
  error: Error,
  logContext: Record<string, unknown>,
): Promise<void> {
  if (deps.deadLetter === undefined) throw error;
  try {
    await deps.deadLetter.send(letter);
  } catch (sendError) {
    deps.logger.error('Could not send the message to the dead-letter queue; leaving it to Lambda retries', {
      ...logContext,
      error: sendError instanceof Error ? sendError.name : String(sendError),
    });
    throw error;
  }
  deps.logger.info('Sent the message to the dead-letter queue', {
    ...logContext,
    condition: letter.condition,
  });
}

/**
 * Delivers one record.
 * @throws SlackDeliveryError when Slack stayed unavailable; PermanentSlackError or
 *   MalformedSnsRecordError when no dead-letter send succeeded; the secret reader's
 *   errors when the webhook URL cannot be read
 */
export async function deliverNotification(
  request: DeliveryRequest,
  deps: DeliveryDeps,
): Promise<DeliveryOutcome> {
  const now = deps.now ?? Date.now;
  // The record goes back as Lambda passed it, in an event of its own, so that a redrive can replay it.
  const letter = (condition: string, error: Error, details: DeadLetter['details']): DeadLetter => ({
    payload: { Records: [request.record] },
    condition,
    errorType: error.name,
    errorMessage: error.message,
    details,
    invocation: request.invocation,
    at: now(),
  });
  const parsed = snsRecordSchema.safeParse(request.record);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue?.path.join('.') || '(record)';
    const error = new MalformedSnsRecordError(`Not an SNS record: ${field}: ${issue?.message ?? 'invalid'}`);
    deps.logger.error('Received a record that is not an SNS notification; no retry can deliver it', {
      field,
    });
    await deadLetterOrThrow(deps, letter('MalformedRecord', error, { field }), error, { field });
    return { kind: 'malformed' };
  }

  const record = parsed.data;
  const { message, logContext } = render(record, deps.logger);
  const url = await deps.webhookUrl();
  try {
    const { attempts } = await postToSlack({
      url,
      payload: message,
      deadline: request.deadline,
      now,
      ...(deps.fetch === undefined ? {} : { fetch: deps.fetch }),
      ...(deps.sleep === undefined ? {} : { sleep: deps.sleep }),
      ...(deps.random === undefined ? {} : { random: deps.random }),
      onRetry: (retry) =>
        deps.logger.warn('Slack webhook busy or failing; retrying', { ...logContext, ...retry }),
    });
    deps.logger.info('Posted notification to Slack', { ...logContext, attempts });
    return { kind: 'posted', attempts };
  } catch (error) {
    if (!(error instanceof PermanentSlackError)) {
      deps.logger.error('Slack webhook unavailable; leaving the message to Lambda retries', {
        ...logContext,
        error: error instanceof Error ? error.message : String(error),
      });
      throw error;
    }
    deps.logger.error('Slack refused the message for good: the webhook is revoked or misconfigured', {
      ...logContext,
      httpStatus: error.httpStatus,
      slackError: error.slackError,
    });
    // A revoked webhook is often replaced in the secret: read it again next time rather than in 15 minutes.
    deps.webhookUrl.invalidate?.();
    const details = { httpStatus: error.httpStatus, slackError: error.slackError };
    await deadLetterOrThrow(deps, letter('PermanentFailure', error, details), error, logContext);
    return { kind: 'refused', attempts: error.attempts };
  }
}
