/** How `link-monitor silence list` shows silences and maintenance windows. */
import { effectiveEnd, type Silence, type SilenceMatchers } from '../../core/control/silence.js';
import { formatTimestamp, renderTable } from './text-table.js';

export type SilenceState = 'active' | 'upcoming' | 'ended' | 'expired';

export interface ListedSilence extends Silence {
  readonly state: SilenceState;
}

export function stateOf(silence: Silence, now: Date): SilenceState {
  const at = now.toISOString();
  if (silence.startsAt > at) return 'upcoming';
  if (at < effectiveEnd(silence)) return 'active';
  return silence.expiredAt !== null && silence.expiredAt < silence.endsAt ? 'expired' : 'ended';
}

/** `cluster=prod-eu link=orders-* type=LINK_STATE_CHANGED severity=critical`, or `everything`. */
export function describeMatchers(m: SilenceMatchers): string {
  const parts = [
    m.clusters && `cluster=${m.clusters.join(',')}`,
    m.linkName && `link=${m.linkName}`,
    m.eventTypes && `type=${m.eventTypes.join(',')}`,
    m.severities && `severity=${m.severities.join(',')}`,
  ].filter((p): p is string => typeof p === 'string');
  return parts.length === 0 ? 'every link event' : parts.join(' ');
}

const ORDER: Readonly<Record<SilenceState, number>> = { active: 0, upcoming: 1, ended: 2, expired: 2 };

export function formatSilences(silences: readonly ListedSilence[], format: 'table' | 'json'): string {
  const sorted = [...silences].sort(
    (a, b) => ORDER[a.state] - ORDER[b.state] || (effectiveEnd(a) < effectiveEnd(b) ? -1 : 1),
  );
  if (format === 'json') return `${JSON.stringify(sorted, null, 2)}\n`;
  if (sorted.length === 0) return 'No silences or maintenance windows active, upcoming or recently ended.\n';
  return `${renderTable(
    ['ID', 'STATE', 'MATCHES', 'FROM', 'UNTIL', 'BY', 'REASON'],
    sorted.map((s) => [
      s.id,
      s.state,
      describeMatchers(s.matchers),
      formatTimestamp(s.startsAt),
      formatTimestamp(effectiveEnd(s)),
      s.createdBy,
      s.reason,
    ]),
  )}\n`;
}
