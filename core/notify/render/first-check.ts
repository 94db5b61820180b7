/**
 * One line telling the on-call person where to look first, keyed on what
 * Confluent reported. The enums are extensible, so unknown values get a
 * generic line rather than nothing (and never an exception).
 */
import { type EventPart, type EventType, PART_CONDITION_SUFFIX } from '../../model/change-events.js';
import type { Severity } from '../../model/link-model.js';

const BY_LINK_ERROR: Readonly<Record<string, string>> = {
  AUTHENTICATION_ERROR:
    "The link's credentials for the other cluster were rejected: check that the API key (or OAuth/mTLS settings) in the link configuration still exists, was not rotated or deleted, and still has its ACLs/role bindings.",
  UNRESOLVABLE_BOOTSTRAP_ERROR:
    "The bootstrap host does not resolve (DNS): check the link's bootstrap.servers value and DNS from the destination cluster's network (private DNS zone, deleted or renamed cluster).",
  INVALID_BOOTSTRAP_INTERNAL_ENDPOINT_ERROR:
    "The bootstrap address points at an internal endpoint the link may not use: set bootstrap.servers to the remote cluster's public or private-networking bootstrap endpoint.",
  BOOTSTRAP_TCP_CONNECTION_FAILED_ERROR:
    'The bootstrap host resolves but no TCP connection opens: check firewalls, security groups, PrivateLink/peering/Transit Gateway routes and that the remote cluster is up.',
  TIMEOUT_ERROR:
    'Requests to the other cluster timed out: check the network path and latency between the clusters and whether the remote cluster is overloaded or down.',
  UNKNOWN:
    "Confluent reports an unspecified error: read link_error_message and the link's task errors (Confluent Cloud Console or `confluent kafka link task list`); open a Confluent support case if it persists.",
};

const BY_LINK_STATE: Readonly<Record<string, string>> = {
  UNAVAILABLE:
    'The link cannot reach the other cluster right now: check the remote cluster status and the network path between the clusters; it may recover by itself.',
  FAILED:
    "The link has failed and will not recover by itself: read link_error_message and the link's task errors, fix the cause, then recreate the link.",
  PAUSED:
    'The link or its mirroring is paused: confirm the pause was intended (change ticket, automation), otherwise resume it.',
  UNKNOWN:
    "Confluent cannot tell the link's state: check the Confluent Cloud status page and the link in the Cloud Console.",
};

const BY_EVENT_TYPE: Partial<Readonly<Record<EventType, string>>> = {
  LINK_REMOVED:
    'The link disappeared from the cluster: check whether the deletion was intended (audit log); mirror topics stop receiving data.',
  LINK_RECREATED:
    'The link was deleted and created again under the same name: check that its configuration and mirror topics are as expected.',
  CLUSTER_UNREACHABLE:
    "Check the monitor's API key for this cluster (deleted, rotated or lacking access?), the cluster's REST endpoint in the configuration, and the Confluent Cloud status page.",
};

/**
 * The first thing to check for a link in the given condition, or null when it
 * is healthy and nothing needs checking. The error wins over the state: it is
 * the more specific of the two.
 */
export function firstThingToCheck(condition: {
  readonly linkState: string | null;
  readonly linkError: string | null;
}): string | null {
  const { linkState, linkError } = condition;
  if (linkError !== null) {
    return (
      lookup(BY_LINK_ERROR, linkError) ??
      `Confluent reports link_error ${linkError}, which this monitor does not know yet: read link_error_message and the Confluent documentation on cluster link errors.`
    );
  }
  if (linkState === null || linkState === 'ACTIVE') return null;
  return (
    lookup(BY_LINK_STATE, linkState) ??
    `Confluent reports link_state ${linkState}, which this monitor does not know yet: check the link in the Confluent Cloud Console.`
  );
}

/** Own keys only: an enum value such as `constructor` must not find Object.prototype. */
function lookup(table: Readonly<Record<string, string>>, key: string): string | undefined {
  return Object.hasOwn(table, key) ? table[key] : undefined;
}

const BY_MIRROR_TOPIC_ERROR: Readonly<Record<string, string>> = {
  SOURCE_TOPIC_MAY_BE_DELETED:
    'The source topic may have been deleted: check it still exists on the source cluster; if deleted on purpose, promote or delete the mirror.',
  SOURCE_TOPIC_ID_CHANGED:
    'The source topic was recreated under the same name: delete the mirror topic and mirror the new one.',
  SOURCE_PARTITIONS_DECREASED:
    'The source topic now has fewer partitions than the mirror: delete the mirror topic and mirror it again.',
  UNEXPECTED_TRUNCATION:
    'The source log was truncated below what the mirror fetched (unclean leader election?): recreate the mirror topic.',
  NON_MONOTONIC_LOG_APPEND_EPOCH:
    "The source log's epochs went backwards (unclean leader election?): check the source cluster, then recreate the mirror topic.",
  NON_MONOTONIC_SOURCE_EPOCH:
    "The source partition's leader epoch went backwards: check the source cluster for an unclean leader election or a restore.",
  UNSUPPORTED_MESSAGE_FORMAT:
    'The source topic holds a message format the destination cannot mirror: check message.format.version and cluster versions.',
};

const BY_MIRROR_TOPIC_STATE: Readonly<Record<string, string>> = {
  FAILED:
    'The mirror topic stopped and will not recover by itself: read its state-transition errors (`confluent kafka mirror describe`), then recreate it.',
  SOURCE_UNAVAILABLE:
    "The link cannot read the source topic: check it exists and the link's credentials may read it (ACLs).",
  PAUSED:
    'Mirroring of this topic is paused: confirm it was intended, otherwise `confluent kafka mirror resume`.',
  STOPPED: 'The mirror topic was promoted or failed over: confirm that was intended.',
  PENDING_STOPPED: 'The mirror topic is being promoted or failed over: confirm that was intended.',
};

/** A topic that keeps falling behind while ACTIVE: the link cannot keep up with its source. */
const LAG_CHECK =
  "The link fetches slower than the source topic grows: compare the source topic's produce rate with the link's throughput, and check the destination cluster's capacity and the link's fetch settings.";

const BY_TASK_ERROR: Readonly<Record<string, string>> = {
  MISCONFIGURATION_ERROR:
    "The task's settings on the link are wrong (a filter that does not parse or matches nothing): check `confluent kafka link configuration list`.",
  AUTHENTICATION_ERROR:
    "The link's credentials were rejected for this task: check the key in the link configuration.",
  AUTHORIZATION_ERROR:
    "The link's principal lacks a permission this task needs on the source (DESCRIBE on ACLs, groups or configs): add it.",
  REMOTE_LINK_NOT_FOUND_ERROR:
    'The other side of the link is missing: check the link exists on the remote cluster.',
  ACL_LIMIT_EXCEEDED:
    'The destination reached its ACL limit, so ACL sync stopped: narrow acl.filters or remove unused ACLs.',
};

const BY_TASK_STATE: Readonly<Record<string, string>> = {
  IN_ERROR: 'The task is in error: read its error message (`confluent kafka link task list`).',
};

/** A mirror topic that stopped progressing, by either rule: every message behind is at stake. */
const STALL_CHECK =
  "The link is not catching up on this topic (its fetch offsets stopped, or its lag keeps rising): check the link's task errors, that the source partitions furthest behind have a leader, and the destination cluster's health; a failover now would lose every message it is behind.";

/** Time behind over the link's target: a failover now loses more than the target allows. */
const BEHIND_TARGET_CHECK = `A failover now would lose more than the link's target allows. ${LAG_CHECK}`;

/** A mirror topic held in a PENDING_* state, by the transition that holds it. */
const BY_STUCK_STATE: Readonly<Record<string, string>> = {
  PENDING_STOPPED:
    "The promote or failover has not completed: read the topic's state-transition errors (`confluent kafka mirror describe`); a promote waits until the link reaches the source and the topic has caught up, so with the source down, fail over instead.",
};

const STUCK_CHECK =
  "The mirror topic's transition has not completed: read its state-transition errors (`confluent kafka mirror describe`) and check that the link can reach the source cluster.";

/** A sync a failover relies on, switched off by a change of its config. */
const SYNC_SWITCHED_OFF_CHECK =
  'A sync a failover relies on was switched off: confirm the change was intended (audit log), otherwise switch it back on (`confluent kafka link configuration update`).';

/** A sync switched on whose task never started: it lacks the settings it works from. */
const SYNC_NOT_CONFIGURED_CHECK =
  "The sync is switched on but its task is not configured: check the link's settings for it, such as its filters (`confluent kafka link configuration list`).";

/**
 * The hint of a condition a part has beside its state (a stall, time behind target, a stuck
 * transition, a sync switched off or broken): null once it ends or when it is news only (a config
 * change that switches no sync off); undefined for events of the part's state, and for lag, which
 * the part's figures speak for.
 */
function conditionCheck(
  part: { readonly state: string | null; readonly errorCode: string | null },
  event: { readonly type: EventType | string; readonly severity: Severity },
): string | null | undefined {
  if (event.type === 'MIRROR_LAG_HIGH' || !Object.hasOwn(PART_CONDITION_SUFFIX, event.type)) return undefined;
  if (event.severity === 'resolved' || event.severity === 'info') return null;
  switch (event.type) {
    case 'MIRROR_TOPIC_STALLED':
      return STALL_CHECK;
    case 'MIRROR_BEHIND_TARGET':
      return BEHIND_TARGET_CHECK;
    case 'MIRROR_TRANSITION_STUCK':
      return lookup(BY_STUCK_STATE, part.state ?? '') ?? STUCK_CHECK;
    case 'LINK_CONFIG_CHANGED':
      return SYNC_SWITCHED_OFF_CHECK;
    default:
      // A broken sync's task: its error says most; without one, what its state means for a sync.
      return part.errorCode === null && part.state === 'NOT_CONFIGURED'
        ? SYNC_NOT_CONFIGURED_CHECK
        : undefined;
  }
}

/**
 * The first thing to check for a mirror topic, task or config after the given event, or null when
 * there is nothing to check. Like for links, the error wins over the state. A reminder's part that
 * names a problem of its own (`problemType`) is checked as that problem.
 */
export function firstThingToCheckForPart(
  part: {
    readonly kind: EventPart['kind'];
    readonly state: string | null;
    readonly errorCode: string | null;
    readonly lag?: { readonly messagesBehind: number; readonly threshold: number };
    readonly problemType?: EventType | string | undefined;
  },
  event: { readonly type: EventType | string; readonly severity: Severity },
): string | null {
  const problem =
    part.problemType === undefined ? event : { type: part.problemType, severity: event.severity };
  const condition = conditionCheck(part, problem);
  if (condition !== undefined) return condition;
  // A config's state is its value: only a sync switched off, above, has something to check.
  if (part.kind === 'config') return null;
  // A reminder of a lag breach carries no figures: the breach is still going.
  if (part.problemType === 'MIRROR_LAG_HIGH') return LAG_CHECK;
  if (part.lag !== undefined && part.lag.messagesBehind > part.lag.threshold && part.errorCode === null)
    return lookup(BY_MIRROR_TOPIC_STATE, part.state ?? '') ?? LAG_CHECK;
  const [byError, byState, noun, field] =
    part.kind === 'mirror-topic'
      ? [BY_MIRROR_TOPIC_ERROR, BY_MIRROR_TOPIC_STATE, 'mirror topic', 'mirror_topic_error']
      : [BY_TASK_ERROR, BY_TASK_STATE, 'task', 'error_code'];
  if (part.errorCode !== null) {
    return (
      lookup(byError, part.errorCode) ??
      `Confluent reports ${field} ${part.errorCode} for this ${noun}: read the error message and check the ${noun} with the Confluent CLI or Cloud Console.`
    );
  }
  if (part.state === null || part.state === 'ACTIVE' || part.state === 'NOT_CONFIGURED') return null;
  return (
    lookup(byState, part.state) ??
    `Confluent reports the ${noun} in state ${part.state}: check it with the Confluent CLI or Cloud Console.`
  );
}

/** A hint that depends on the event rather than the link's condition (removal, recreation, cluster unreachable). */
export function firstThingToCheckForEvent(type: EventType): string | null {
  return BY_EVENT_TYPE[type] ?? null;
}
