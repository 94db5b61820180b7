/**
 * Where Events API v2 events go. The routing key travels in the body, so the
 * endpoint is restricted to PagerDuty's own hosts over https (or a loopback
 * stand-in over http, for tests): a misconfigured URL can never send the key elsewhere.
 */
import { ReceiverConfigError } from '../shared/receiver-errors.js';

export const PAGERDUTY_EVENTS_URL = 'https://events.pagerduty.com/v2/enqueue';
/** PagerDuty's service regions. */
const PAGERDUTY_HOSTS = new Set(['events.pagerduty.com', 'events.eu.pagerduty.com']);
const LOOPBACK = /^(?:localhost|127(?:\.\d{1,3}){3}|\[::1\])$/;

/** @throws ReceiverConfigError for any other host or scheme. */
export function eventsEndpoint(text: string | undefined): URL {
  if (text === undefined || text === '') return new URL(PAGERDUTY_EVENTS_URL);
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new ReceiverConfigError('The Events API URL is not a URL', 'eventsUrl');
  }
  const pagerDuty = url.protocol === 'https:' && PAGERDUTY_HOSTS.has(url.hostname);
  const loopback = url.protocol === 'http:' && LOOPBACK.test(url.hostname);
  if (!pagerDuty && !loopback) {
    throw new ReceiverConfigError(
      'The Events API URL must be https://events.pagerduty.com or https://events.eu.pagerduty.com (http only to a loopback address)',
      'eventsUrl',
    );
  }
  return url;
}
