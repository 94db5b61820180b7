import { describe, expect, it } from 'vitest';
import { severitiesAtOrAbove } from '../../../../adapters/config/monitor-config.js';
import {
  PagerDutyEventsNotifier,
  pagerDutyEventsPreview,
} from '../../../../tools/cli/pagerduty-events-notifier.js';
import { expectGolden } from '../../core/notify/render/golden-file.js';
import { type Scenario, scenarios } from '../../core/notify/render/notification-fixtures.js';

const ROUTING_KEY = 'R0UT1NGKEY0123456789abcdef012345';
const json = (value: unknown): string => `${JSON.stringify(value, null, 2)}\n`;

function scenario(name: string): Scenario['notification'] {
  const found = scenarios().find((s) => s.name === name);
  if (found === undefined) throw new Error(`no scenario ${name}`);
  return found.notification;
}

/** A notifier whose requests are recorded and answered 202, and whose printed lines are kept. */
function recordingNotifier(minSeverity: 'critical' | 'warning') {
  const requests: { url: string; body: Record<string, unknown> }[] = [];
  const lines: string[] = [];
  const notifier = new PagerDutyEventsNotifier({
    routingKey: ROUTING_KEY,
    eventsUrl: new URL('http://127.0.0.1:9/v2/enqueue'),
    minSeverity,
    severities: severitiesAtOrAbove(minSeverity),
    show: (line) => lines.push(line),
    fetch: async (url, init) => {
      requests.push({ url: String(url), body: JSON.parse(String(init?.body)) as Record<string, unknown> });
      return new Response('{"status":"success"}', { status: 202 });
    },
  });
  return { notifier, requests, lines };
}

describe('Function: pagerDutyEventsPreview', () => {
  it.each(['state-and-error-change', 'resolved'])(
    '%s: the events PagerDuty receives match the golden file',
    (name) => {
      // Act
      const events = pagerDutyEventsPreview(scenario(name), 'critical');

      // Assess
      expectGolden(`${name}.pagerduty.json`, json(events));
    },
  );
});

describe('Class: PagerDutyEventsNotifier', () => {
  it('sends each event with the routing key, and prints it without the key', async () => {
    // Prepare
    const { notifier, requests, lines } = recordingNotifier('critical');

    // Act
    await notifier.publish(scenario('state-and-error-change'));

    // Assess
    const events = pagerDutyEventsPreview(scenario('state-and-error-change'), 'critical');
    expect(requests.map((r) => r.body)).toEqual(events.map((e) => ({ routing_key: ROUTING_KEY, ...e })));
    expect(requests[0]?.url).toBe('http://127.0.0.1:9/v2/enqueue');
    expect(lines.join('\n')).toBe(
      events
        .map((e) => `PagerDuty ${e.event_action} ${e.dedup_key}\n${JSON.stringify(e, null, 2)}`)
        .join('\n'),
    );
    expect(lines.join('\n')).not.toContain(ROUTING_KEY);
  });

  it('skips a notification below its minimum, as the deployed subscription does', async () => {
    // Prepare
    const { notifier, requests, lines } = recordingNotifier('critical');

    // Act
    await notifier.publish(scenario('paused-without-error'));

    // Assess
    expect(requests).toEqual([]);
    expect(lines).toEqual([]);
  });
});
