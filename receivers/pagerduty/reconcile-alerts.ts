/**
 * What the receiver's ledger of open alerts adds to a document's rendered events: the resolves
 * of alerts it opened that the document shows are over but does not name. The renderer only
 * knows the document, and a document can miss the alert that was paged:
 *
 * - a link whose condition changed while silenced (FAILED paged, then UNAVAILABLE under a
 *   silence): the end-of-silence reminder names UNAVAILABLE, and the FAILED alert must close;
 * - a recovery whose `from` is not the condition that was paged;
 * - a removed link, whose mirror-topic and task alerts can no longer recover.
 *
 * For each link entry: when it reports the link removed, every open alert of the link is
 * resolved; otherwise every open alert of the link's condition other than the one the entry
 * triggers (all of them, when the link no longer pages). A mirror topic's or task's alert is
 * otherwise left to the part's own events. Each resolve carries its entry's time, and entries
 * are taken in the order they were observed, each seeing what the ones before it opened or
 * resolved. Pure.
 */
import type { NotificationDocument } from '../../core/notify/render/notification-document.js';
import type { OpenAlert } from './alert-ledger.js';
import { type AlertEvent, reportsRemoval } from './pagerduty-events.js';

/**
 * The events to send for `doc`: `rendered` (from `alertEvents`), entry by entry in the order the
 * entries were observed, each entry's events preceded by the resolves of open alerts it ends.
 * @param open the alerts of the document's cluster the ledger holds open
 */
export function reconcileAlertEvents(
  doc: NotificationDocument,
  rendered: readonly AlertEvent[],
  open: readonly OpenAlert[],
): AlertEvent[] {
  const stillOpen = new Map(open.map((alert) => [alert.dedupKey, alert]));
  const byEntry = new Map<number | null, AlertEvent[]>();
  for (const event of rendered) {
    const own = byEntry.get(event.entry);
    if (own === undefined) byEntry.set(event.entry, [event]);
    else own.push(event);
  }

  // Events of no link entry (the cluster's) need nothing of the ledger.
  const events: AlertEvent[] = [...(byEntry.get(null) ?? [])];
  for (const index of observedOrder(doc)) {
    const entry = doc.links[index];
    if (entry === undefined) continue;
    const own = byEntry.get(index) ?? [];
    // An alert the entry already triggers or resolves is the entry's to send.
    const named = new Set(own.map((event) => event.event.dedup_key));
    const removed = reportsRemoval(entry);
    const ended = [...stillOpen.values()]
      .filter(
        (alert) =>
          alert.linkName === entry.linkName &&
          (removed || alert.kind === 'condition') &&
          !named.has(alert.dedupKey),
      )
      .sort((a, b) => (a.dedupKey < b.dedupKey ? -1 : a.dedupKey > b.dedupKey ? 1 : 0))
      .map(
        (alert): AlertEvent => ({
          event: { event_action: 'resolve', dedup_key: alert.dedupKey },
          clusterId: doc.cluster.id,
          linkName: entry.linkName,
          kind: alert.kind,
          observedAt: entry.observedAt,
          entry: index,
        }),
      );
    for (const event of [...ended, ...own]) {
      if (event.event.event_action === 'trigger') {
        stillOpen.set(event.event.dedup_key, {
          dedupKey: event.event.dedup_key,
          linkName: event.linkName,
          kind: event.kind,
        });
      } else {
        stillOpen.delete(event.event.dedup_key);
      }
      events.push(event);
    }
  }
  return events;
}

/**
 * The indexes of the document's link entries, earliest observed first; entries observed at the
 * same time (one poll's) keep the document's order, worst first.
 */
function observedOrder(doc: NotificationDocument): number[] {
  // An entry whose time is not a time goes last.
  const times = doc.links.map((entry) => {
    const at = Date.parse(entry.observedAt);
    return Number.isNaN(at) ? Number.POSITIVE_INFINITY : at;
  });
  const time = (index: number) => times[index] ?? Number.POSITIVE_INFINITY;
  return doc.links
    .map((_, index) => index)
    .sort((a, b) => (time(a) === time(b) ? a - b : time(a) < time(b) ? -1 : 1));
}
