/**
 * Delivers one SNS record through a receiver: renders it (the notification
 * document as the receiver's messages; anything else as the receiver's plain text,
 * when it has one), sends each message under the receiver's retry policy, counts
 * what happened, and decides what happens when sending fails. The same for every receiver:
 *
 * - Sent, or nothing due: done. A message the receiver drops on purpose (PagerDuty's stale
 *   events) is counted and logged, never a failure.
 * - A receiver that keeps state of its own could not read it while preparing the messages
 *   (`prepare`): logged and thrown, so Lambda's retries keep the message.
 * - The service busy or down until the deadline (`ReceiverUnavailableError`): thrown,
 *   so Lambda's asynchronous retries and its on-failure destination keep the message.
 * - The service refused it for good (`ReceiverRefusedError`: revoked credential, refused
 *   payload): the receiver is told (it may read a replaced credential next time), the
 *   record's other messages are not sent (they would be refused alike), and the record
 *   goes straight to the dead-letter queue, skipping retries that cannot help. Without a
 *   queue, or if that send fails, thrown.
 * - Not an SNS record at all: straight to the dead-letter queue, as no retry can make
 *   it one (thrown without a queue).
 */
import type { Log } from '../../adapters/lambda/json-logger.js';
import type { NotificationDocument } from '../../core/notify/render/notification-document.js';
import { parseNotificationDocument } from '../../core/notify/render/notification-document-schema.js';
import * as z from '../../core/zod-mini.js';
import type { DeadLetter, DeadLetterQueue, FailedInvocation } from './dead-letter-queue.js';
import type { Receiver, SendTarget } from './receiver.js';
import {
  MalformedSnsRecordError,
  ReceiverRefusedError,
  ReceiverUnavailableError,
} from './receiver-errors.js';
import type { CountReceiverMetric } from './receiver-metrics.js';

export interface DeliveryDeps {
  readonly logger: Log;
  readonly count: CountReceiverMetric;
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
  /** `messages` the service accepted; 0 when nothing was due (or every message was dropped). */
  | { readonly kind: 'sent'; readonly messages: number }
  /** Refused for good and sent to the dead-letter queue. */
  | { readonly kind: 'refused' }
  /** Not an SNS record; sent to the dead-letter queue. */
  | { readonly kind: 'malformed' };

const snsRecordSchema = z.object({
  Sns: z.object({
    MessageId: z.string(),
    Message: z.string(),
    Subject: z.nullish(z.string()),
  }),
});

type SnsRecord = z.infer<typeof snsRecordSchema>;

interface Rendered<Message> {
  readonly messages: readonly Message[];
  readonly logContext: Record<string, unknown>;
  /** The document the record carried; absent for text that is not one. */
  readonly document?: NotificationDocument;
}

/** A record's messages: from our document when it is one, else from the raw text (or none). */
function render<Message>(receiver: Receiver<Message>, record: SnsRecord, logger: Log): Rendered<Message> {
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
      messages: receiver.render(doc),
      logContext: { messageId, clusterId: doc.cluster.id, kind: doc.kind, severity: doc.severity },
      document: doc,
    };
  } catch (error) {
    const plainText = receiver.renderText?.(subject ?? null, raw);
    logger.warn(
      `SNS message is not a version 1 notification document; ${plainText === undefined ? `not sent to ${receiver.name}` : 'sending it as plain text'}`,
      { messageId, reason: error instanceof Error ? error.message : String(error) },
    );
    return { messages: plainText === undefined ? [] : [plainText], logContext: { messageId } };
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
  deps.count('deadLettered');
  deps.logger.info('Sent the message to the dead-letter queue', {
    ...logContext,
    condition: letter.condition,
  });
}

/**
 * Delivers one record through `receiver`.
 * @throws the receiver's ReceiverUnavailableError when its service stayed unavailable; its
 *   ReceiverRefusedError or MalformedSnsRecordError when no dead-letter send succeeded; what
 *   reading its credential throws
 */
export async function deliverRecord<Message>(
  receiver: Receiver<Message>,
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
    deps.count('malformedRecords');
    deps.logger.error('Received a record that is not an SNS notification; no retry can deliver it', {
      field,
    });
    await deadLetterOrThrow(deps, letter('MalformedRecord', error, { field }), error, { field });
    return { kind: 'malformed' };
  }

  const rendered = render(receiver, parsed.data, deps.logger);
  const { logContext } = rendered;
  const messages = await prepare(receiver, rendered, deps.logger);
  if (messages.length === 0) {
    deps.logger.info(`Nothing to send to ${receiver.name}`, logContext);
    return { kind: 'sent', messages: 0 };
  }
  const target: SendTarget = {
    deadline: request.deadline,
    now,
    ...(deps.fetch === undefined ? {} : { fetch: deps.fetch }),
    ...(deps.sleep === undefined ? {} : { sleep: deps.sleep }),
    ...(deps.random === undefined ? {} : { random: deps.random }),
  };
  let sent = 0;
  for (const message of messages) {
    const messageContext = { ...logContext, ...receiver.describe?.(message) };
    try {
      const outcome = await receiver.send(message, {
        ...target,
        onRetry: (retry) =>
          deps.logger.warn(`${receiver.name} busy or failing; retrying`, { ...messageContext, ...retry }),
      });
      if ('dropped' in outcome) {
        deps.count('dropped');
        deps.logger.info(`Not sent to ${receiver.name}: ${outcome.dropped}`, messageContext);
        continue;
      }
      const { attempts } = outcome;
      sent += 1;
      deps.count('posts');
      deps.count('retries', attempts - 1);
      deps.logger.info(`Sent to ${receiver.name}`, { ...messageContext, attempts });
    } catch (error) {
      if (error instanceof ReceiverUnavailableError) {
        deps.count('deliveryFailures');
        deps.count('retries', error.attempts - 1);
        deps.logger.error(`${receiver.name} unavailable; leaving the message to Lambda retries`, {
          ...messageContext,
          error: error.message,
        });
      }
      if (!(error instanceof ReceiverRefusedError)) throw error;
      deps.count('refusals');
      deps.count('retries', error.attempts - 1);
      deps.logger.error(`${receiver.name} refused the message for good`, {
        ...messageContext,
        ...error.details(),
      });
      receiver.refused?.();
      await deadLetterOrThrow(
        deps,
        letter('PermanentFailure', error, error.details()),
        error,
        messageContext,
      );
      return { kind: 'refused' };
    }
  }
  return { kind: 'sent', messages: sent };
}

/** The rendered messages as the receiver prepares them (`Receiver.prepare`), for a document. */
async function prepare<Message>(
  receiver: Receiver<Message>,
  rendered: Rendered<Message>,
  logger: Log,
): Promise<readonly Message[]> {
  if (receiver.prepare === undefined || rendered.document === undefined) return rendered.messages;
  try {
    return await receiver.prepare(rendered.document, rendered.messages);
  } catch (error) {
    logger.error(
      `Could not prepare the messages for ${receiver.name}; leaving the message to Lambda retries`,
      {
        ...rendered.logContext,
        error: error instanceof Error ? error.message : String(error),
      },
    );
    throw error;
  }
}
