import { describe, expect, it } from 'vitest';
import { eventTime } from '../../../../receivers/pagerduty/event-time.js';

describe('Function: eventTime', () => {
  const arrived = Date.parse('2025-06-04T00:00:00.000Z');

  it('orders an event by when what it reports was observed, not by when it arrived', () => {
    expect(eventTime({ observedAt: '2025-06-03T10:15:00.000Z' }, arrived)).toBe(
      Date.parse('2025-06-03T10:15:00.000Z'),
    );
  });

  it('reads a time written without milliseconds as the same instant', () => {
    expect(eventTime({ observedAt: '2025-06-03T10:15:00Z' }, arrived)).toBe(
      eventTime({ observedAt: '2025-06-03T10:15:00.000Z' }, arrived),
    );
  });

  it('orders an event whose time is not a time as if observed on arrival, so that it is still sent', () => {
    expect(eventTime({ observedAt: 'yesterday' }, arrived)).toBe(arrived);
  });
});
