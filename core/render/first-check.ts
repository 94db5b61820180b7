/**
 * One line telling the on-call person where to look first, keyed on what
 * Confluent reported. The enums are extensible, so unknown values get a
 * generic line rather than nothing (and never an exception).
 */
import type { EventType } from '../change-events.js';

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

/** A hint that depends on the event rather than the link's condition (removal, recreation, cluster unreachable). */
export function firstThingToCheckForEvent(type: EventType): string | null {
  return BY_EVENT_TYPE[type] ?? null;
}
