/**
 * What a failover depends on beyond the data: the link configs the monitor watches, and the syncs
 * they switch on, each with the task that does the work and what a failover would lose while it
 * does not. One table, so that the reads, the history, the verdict and the messages agree. Pure.
 */

/** A sync of a cluster link that a failover relies on. */
export interface LinkSync {
  /** The config that switches it on; null when it cannot be switched off (always on). */
  readonly enableConfig: string | null;
  /** The task that does the work (`include_tasks=true`). */
  readonly taskName: string;
  /** What it keeps in step, for messages: `consumer offsets`. */
  readonly what: string;
  /** What a failover would lose without it. */
  readonly loss: string;
}

export const LINK_SYNCS: readonly LinkSync[] = Object.freeze([
  {
    enableConfig: 'consumer.offset.sync.enable',
    taskName: 'ConsumerOffsetSync',
    what: 'consumer offsets',
    loss: 'consumer offsets are not synced: consumers would reprocess after failover',
  },
  {
    enableConfig: 'acl.sync.enable',
    taskName: 'AclSync',
    what: 'ACLs',
    loss: 'ACLs are not synced: clients could be refused on the destination after failover',
  },
  {
    enableConfig: 'auto.create.mirror.topics.enable',
    taskName: 'AutoCreateMirror',
    what: 'new source topics',
    loss: 'new source topics are not mirrored: they would be missing after failover',
  },
  {
    enableConfig: null,
    taskName: 'TopicConfigsSync',
    what: 'topic configs',
    loss: 'topic configs are not synced: mirror topics would fail over with stale configs',
  },
]);

/**
 * The link configs a failover depends on, in name order: their changes are recorded and notified
 * (`NOTES.md`, "Failover readiness"). Values of any config Confluent marks sensitive are never kept.
 */
export const WATCHED_LINK_CONFIGS: readonly string[] = Object.freeze([
  'acl.filters',
  'acl.sync.enable',
  'acl.sync.ms',
  'auto.create.mirror.topics.enable',
  'auto.create.mirror.topics.filters',
  'cluster.link.prefix',
  'connection.mode',
  'consumer.offset.group.filters',
  'consumer.offset.sync.enable',
  'consumer.offset.sync.ms',
  'link.mode',
  'mirror.start.offset.spec',
  'topic.config.sync.include',
  'topic.config.sync.ms',
]);

/** The sync a config switches on, if it is one's switch. */
export function syncOfConfig(name: string): LinkSync | undefined {
  return LINK_SYNCS.find((sync) => sync.enableConfig === name);
}

/** The sync a task does, if it is one's. */
export function syncOfTask(taskName: string): LinkSync | undefined {
  return LINK_SYNCS.find((sync) => sync.taskName === taskName);
}

/** Confluent's booleans are text: `true` in any case is on, anything else is off. */
export function isSwitchedOn(value: string | null | undefined): boolean {
  return typeof value === 'string' && value.trim().toLowerCase() === 'true';
}
