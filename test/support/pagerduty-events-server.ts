/**
 * A local PagerDuty Events API v2 (`POST /v2/enqueue`) on 127.0.0.1, keeping to
 * the documented contract: 202 `{status: "success", message: "Event processed",
 * dedup_key}` for an accepted event, 400 `{status: "invalid event", message,
 * errors}` for a malformed one, 429 when told to throttle. It tracks alerts by
 * `dedup_key` (and routing key) as PagerDuty does: a trigger opens or updates an
 * alert, a resolve closes the open one, a resolve for no open alert is dropped.
 *
 * @example
 * const pd = await startPagerDutyEventsServer();
 * pd.throttleNext(2, 1); // two 429s with Retry-After: 1
 * // ... send events to pd.enqueueUrl ...
 * expect(pd.alerts.get(key)?.status).toBe('resolved');
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** PagerDuty's documented limit on one event. */
const MAX_EVENT_BYTES = 512 * 1024;
const SEVERITIES = new Set(['critical', 'error', 'warning', 'info']);
const ACTIONS = new Set(['trigger', 'acknowledge', 'resolve']);

export interface ReceivedEvent {
  readonly routingKey: string;
  readonly action: 'trigger' | 'acknowledge' | 'resolve';
  readonly dedupKey: string;
  readonly body: Record<string, unknown>;
  readonly httpStatus: number;
}

export interface Alert {
  readonly routingKey: string;
  status: 'triggered' | 'acknowledged' | 'resolved';
  triggers: number;
  lastPayload: Record<string, unknown>;
}

export interface PagerDutyEventsServer {
  readonly enqueueUrl: string;
  /** Every request that reached the enqueue endpoint, in order, with the status it got. */
  readonly received: ReceivedEvent[];
  /** By dedup key: the last alert of that key. */
  readonly alerts: Map<string, Alert>;
  /** The next `count` requests get 429, with `Retry-After` seconds when given. */
  throttleNext(count: number, retryAfterSeconds?: number): void;
  /** The next `count` requests get this 5xx status. */
  failNext(count: number, status: number): void;
  /** Drops faults not yet used up. */
  clearFaults(): void;
  stop(): Promise<void>;
}

function send(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

function invalid(res: ServerResponse, errors: string[]): number {
  send(res, 400, { status: 'invalid event', message: 'Event object is invalid', errors });
  return 400;
}

async function readBody(req: IncomingMessage): Promise<Buffer | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_EVENT_BYTES) return null;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/** The errors PagerDuty would report for this event, empty when it is valid. */
function validate(event: Record<string, unknown>): string[] {
  const errors: string[] = [];
  if (typeof event.routing_key !== 'string' || event.routing_key.length !== 32) {
    errors.push("'routing_key' must be a 32 character integration key");
  }
  const action = event.event_action;
  if (typeof action !== 'string' || !ACTIONS.has(action)) errors.push("'event_action' is invalid");
  if (
    event.dedup_key !== undefined &&
    (typeof event.dedup_key !== 'string' || event.dedup_key.length > 255)
  ) {
    errors.push("'dedup_key' must be a string of at most 255 characters");
  }
  if (action !== 'trigger' && typeof event.dedup_key !== 'string') errors.push("'dedup_key' is missing");
  if (action === 'trigger') {
    const payload = event.payload as Record<string, unknown> | undefined;
    if (payload === undefined || typeof payload !== 'object' || payload === null) {
      errors.push("'payload' is missing or not an object");
    } else {
      if (
        typeof payload.summary !== 'string' ||
        payload.summary.length === 0 ||
        payload.summary.length > 1024
      ) {
        errors.push("'payload.summary' must be 1 to 1024 characters");
      }
      if (typeof payload.source !== 'string' || payload.source.length === 0)
        errors.push("'payload.source' is missing");
      if (typeof payload.severity !== 'string' || !SEVERITIES.has(payload.severity)) {
        errors.push("'payload.severity' must be critical, error, warning or info");
      }
      if (
        payload.custom_details !== undefined &&
        (typeof payload.custom_details !== 'object' || payload.custom_details === null)
      ) {
        errors.push("'payload.custom_details' must be an object");
      }
    }
  }
  return errors;
}

export async function startPagerDutyEventsServer(): Promise<PagerDutyEventsServer> {
  const received: ReceivedEvent[] = [];
  const alerts = new Map<string, Alert>();
  const faults: { status: number; retryAfter?: number }[] = [];
  let generated = 0;

  const server = createServer((req, res) => {
    void (async () => {
      if (req.method !== 'POST' || req.url !== '/v2/enqueue') {
        send(res, 404, { status: 'not found' });
        return;
      }
      const raw = await readBody(req);
      const fault = faults.shift();
      const record = (status: number, body: Record<string, unknown>) =>
        received.push({
          routingKey: String(body.routing_key ?? ''),
          action: body.event_action as ReceivedEvent['action'],
          dedupKey: String(body.dedup_key ?? ''),
          body,
          httpStatus: status,
        });
      if (raw === null) {
        invalid(res, ['Event is larger than 512 KB']);
        return;
      }
      let body: Record<string, unknown>;
      try {
        const parsed: unknown = JSON.parse(raw.toString('utf8'));
        if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
          throw new Error('not an object');
        body = parsed as Record<string, unknown>;
      } catch {
        invalid(res, ['Invalid JSON']);
        return;
      }
      if (fault !== undefined) {
        record(fault.status, body);
        if (fault.status === 429) {
          send(
            res,
            429,
            { status: 'throttle event', message: 'Requests for this service are arriving too quickly' },
            fault.retryAfter === undefined ? {} : { 'retry-after': String(fault.retryAfter) },
          );
        } else {
          send(res, fault.status, { status: 'error', message: 'Internal server error' });
        }
        return;
      }
      const errors = validate(body);
      if (errors.length > 0) {
        record(invalid(res, errors), body);
        return;
      }
      const routingKey = body.routing_key as string;
      const dedupKey = typeof body.dedup_key === 'string' ? body.dedup_key : `generated-${++generated}`;
      const open = alerts.get(dedupKey);
      const isOpen = open !== undefined && open.status !== 'resolved' && open.routingKey === routingKey;
      if (body.event_action === 'trigger') {
        if (isOpen) {
          open.triggers += 1;
          open.lastPayload = body.payload as Record<string, unknown>;
        } else {
          alerts.set(dedupKey, {
            routingKey,
            status: 'triggered',
            triggers: 1,
            lastPayload: body.payload as Record<string, unknown>,
          });
        }
      } else if (isOpen) {
        open.status = body.event_action === 'resolve' ? 'resolved' : 'acknowledged';
      }
      record(202, { ...body, dedup_key: dedupKey });
      send(res, 202, { status: 'success', message: 'Event processed', dedup_key: dedupKey });
    })().catch(() => {
      if (!res.headersSent) send(res, 500, { status: 'error' });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    enqueueUrl: `http://127.0.0.1:${port}/v2/enqueue`,
    received,
    alerts,
    throttleNext(count, retryAfterSeconds) {
      for (let i = 0; i < count; i++)
        faults.push({
          status: 429,
          ...(retryAfterSeconds === undefined ? {} : { retryAfter: retryAfterSeconds }),
        });
    },
    failNext(count, status) {
      for (let i = 0; i < count; i++) faults.push({ status });
    },
    clearFaults() {
      faults.length = 0;
    },
    stop: () =>
      new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve()))),
  };
}
