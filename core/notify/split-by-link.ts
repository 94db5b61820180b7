/**
 * Splits a notification about several links into one per link, so that a notification that
 * must be given up takes only the link that cannot be sent with it.
 */
import type { HistoryEvent } from '../model/change-events.js';
import type { Notification } from '../ports.js';
import { mostSevere } from './plan-notifications.js';

/**
 * One notification per link (and one for the cluster's own events), each with the severity of its
 * worst event; the notification itself when it is about one link only.
 */
export function splitByLink(notification: Notification): Notification[] {
  const byLink = new Map<string | null, HistoryEvent[]>();
  for (const event of notification.events) {
    const events = byLink.get(event.linkName);
    if (events === undefined) byLink.set(event.linkName, [event]);
    else events.push(event);
  }
  if (byLink.size <= 1) return [notification];
  return [...byLink.entries()].map(([linkName, events]) => ({
    kind:
      linkName === null
        ? 'cluster'
        : events.every((e) => e.type === 'LINK_STILL_UNHEALTHY')
          ? 'reminder'
          : 'change',
    clusterId: notification.clusterId,
    clusterLabel: notification.clusterLabel,
    severity: mostSevere(events.map((e) => e.severity)),
    events,
  }));
}
