/**
 * PagerDuty's Events API v2 as a `fetch` the receiver's sender is given, in-process: each event
 * is accepted (202) and applied to the incidents by `dedup_key` as PagerDuty applies it. A trigger
 * opens the key's incident (or updates the open one), a resolve closes it, a resolve of a key
 * with none open does nothing. For property tests that send thousands of events; the local HTTP
 * server (`pagerduty-events-server.ts`) is for the sender's own tests.
 */

/** One event as PagerDuty received it. */
export interface ReceivedPagerDutyEvent {
  readonly action: 'trigger' | 'resolve';
  readonly dedupKey: string;
  /** The trigger's `payload.severity`; absent on a resolve. */
  readonly severity?: string;
  readonly summary?: string;
}

export class PagerDutyIncidents {
  /** Open incidents by dedup key, with the summary of their last trigger. */
  readonly open = new Map<string, string>();
  readonly received: ReceivedPagerDutyEvent[] = [];

  /** Called with every event as it is applied, e.g. to check or log it. */
  onEvent: (event: ReceivedPagerDutyEvent) => void = () => undefined;

  readonly fetch: typeof fetch = async (_input, init) => {
    const body = JSON.parse(String(init?.body)) as {
      event_action: 'trigger' | 'resolve';
      dedup_key: string;
      payload?: { severity?: string; summary?: string };
    };
    const event: ReceivedPagerDutyEvent = {
      action: body.event_action,
      dedupKey: body.dedup_key,
      ...(body.payload?.severity !== undefined && { severity: body.payload.severity }),
      ...(body.payload?.summary !== undefined && { summary: body.payload.summary }),
    };
    this.received.push(event);
    if (event.action === 'trigger') this.open.set(event.dedupKey, event.summary ?? '');
    else this.open.delete(event.dedupKey);
    this.onEvent(event);
    return new Response(
      JSON.stringify({ status: 'success', message: 'Event processed', dedup_key: body.dedup_key }),
      { status: 202, headers: { 'content-type': 'application/json' } },
    );
  };
}
