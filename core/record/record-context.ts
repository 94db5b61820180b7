/**
 * What every recording step of one poll shares: the poll's context, and the ids, expiry and
 * common fields of the history events it writes. Pure.
 */
import type { Silence } from '../control/silence.js';
import type { HistoryEvent } from '../model/change-events.js';
import type { ClusterLink } from '../model/link-model.js';
import type { PollSettings } from '../poll/poll-settings.js';

/** What one poll knows when it turns a diff into writes. */
export interface RecordContext {
  readonly clusterId: string;
  readonly clusterLabel: string;
  readonly now: Date;
  readonly settings: Pick<
    PollSettings,
    'dampingPolls' | 'reminderIntervalMs' | 'retentionDays' | 'notifyTopicChanges' | 'notifyMessageChanges'
  >;
  /** Silences and open maintenance windows, read once per poll. @default none */
  readonly silences?: readonly Silence[];
  /** False when the stored silences could not be read this poll (only the windows are known). @default true */
  readonly silencesKnown?: boolean;
}

/** `{link_state}/{link_error}`: what damping compares from poll to poll. */
export function conditionKey(link: Pick<ClusterLink, 'linkState' | 'linkError'>): string {
  return `${link.linkState ?? '-'}/${link.linkError ?? '-'}`;
}

/**
 * Unique and the same for every attempt of one poll: the observation time keeps a link that is
 * removed and later added again (versions restart) from reusing an id.
 */
export function eventId(
  clusterId: string,
  linkName: string | null,
  observedAt: string,
  version: number,
  index: number,
): string {
  return `${clusterId}#${linkName ?? '-'}#${observedAt}#v${version}#${index}`;
}

export function expiresAt(now: Date, retentionDays: number): number {
  return Math.floor(now.getTime() / 1000) + retentionDays * 86_400;
}

type EventFields = Omit<
  HistoryEvent,
  'clusterId' | 'clusterLabel' | 'observedAt' | 'expiresAt' | 'clusterLinkId'
> & {
  readonly link: ClusterLink | null;
};

/** Builds a history event with the fields every event of this poll shares. */
export function historyEvent(context: RecordContext, fields: EventFields): HistoryEvent {
  return {
    ...fields,
    clusterId: context.clusterId,
    clusterLabel: context.clusterLabel,
    clusterLinkId: fields.link?.clusterLinkId ?? null,
    observedAt: context.now.toISOString(),
    expiresAt: expiresAt(context.now, context.settings.retentionDays),
  };
}
