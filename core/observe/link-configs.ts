/**
 * Failover readiness beyond the data: the link configs a failover depends on and their changes
 * (LINK_CONFIG_CHANGED), the syncs switched on whose task cannot do its work (LINK_SYNC_BROKEN),
 * and the outcome of the last failover dry run. Pure: the reads are made by the poll, through
 * `LinkReadinessSource`, and handed in.
 *
 * Like the rest of the snapshot, each record changes only when what it says changes, so that a
 * steady link writes nothing: a dry run that finds the same as the last one keeps its `since`.
 */

import { BOUNDS, boundIdentifier, boundText } from '../model/bounds.js';
import type { EventPart, LinkChangeEvent } from '../model/change-events.js';
import { linkChangeEvent } from '../model/change-events.js';
import type {
  BrokenSync,
  ClusterLink,
  DryRunFailure,
  DryRunRecord,
  LinkConfigsRecord,
  LinkConfigValue,
  LinkTask,
  Severity,
} from '../model/link-model.js';
import { linkConditionSpeaksForParts } from '../model/link-parts.js';
import {
  isSwitchedOn,
  LINK_SYNCS,
  type LinkSync,
  syncOfConfig,
  WATCHED_LINK_CONFIGS,
} from '../model/link-syncs.js';
import type { FailoverCheck } from './link-details.js';

/** Failures a dry run record keeps, so that a link whose every topic would fail stays one small item. */
export const MAX_DRY_RUN_FAILURES = 10;
/**
 * Code points of a config value kept. Filters are JSON and can be long; a longer value keeps its
 * start and a hash of the whole, so that a change past the cut is still a change.
 */
const CONFIG_VALUE_CHARS = 256;
/** A task configured and failing. */
const IN_ERROR = 'IN_ERROR';
/** A task that does no work: never started, or its sync was switched off. */
const NOT_CONFIGURED = 'NOT_CONFIGURED';
/** A dry run failure that came with a message but no code still says the topic would not fail over. */
const MISSING_ERROR_CODE = 'UNKNOWN';

/** Broken syncs and their events are in task name order, whatever order the table lists them in. */
const SYNCS_BY_TASK: readonly LinkSync[] = [...LINK_SYNCS].sort((a, b) => nameOrder(a.taskName, b.taskName));

/**
 * The configs after a read, and the changes of the watched ones. `read` undefined (not read this
 * poll, or the read failed) keeps what was recorded. The first read is the baseline: a sync that
 * is off then is the readiness verdict's to show, not a change to notify. A switch-off notified is
 * kept in `switchedOff` until switched on again, so that a removal or readiness turned off ends it.
 */
export function applyLinkConfigs(
  linkName: string,
  recorded: LinkConfigsRecord | undefined,
  read: readonly LinkConfigValue[] | undefined,
): { readonly configs: LinkConfigsRecord | undefined; readonly events: readonly LinkChangeEvent[] } {
  if (read === undefined) return { configs: recorded, events: [] };
  const values = keptConfigs(read);
  if (recorded === undefined) return { configs: { values }, events: [] };
  const events: LinkChangeEvent[] = [];
  const switchedOff = new Set(recorded.switchedOff ?? []);
  for (const name of WATCHED_LINK_CONFIGS) {
    const before = configNamed(recorded, name);
    const after = values.find((config) => config.name === name);
    if (sameConfigValue(before, after)) continue;
    const event = configEvent(linkName, name, before, after, switchedOff.has(name));
    events.push(event);
    if (event.severity === 'warning') switchedOff.add(name);
    else if (event.severity === 'resolved') switchedOff.delete(name);
  }
  const open = [...switchedOff].sort(nameOrder);
  return { configs: { values, ...(open.length > 0 && { switchedOff: open }) }, events };
}

/** The watched configs of a read, in name order, one per name, values bounded, sensitive ones without value. */
function keptConfigs(read: readonly LinkConfigValue[]): LinkConfigValue[] {
  const byName = new Map<string, LinkConfigValue>();
  for (const config of read) {
    // A name sent twice is kept once, as first sent, and without value if either copy is sensitive.
    if (config.sensitive) byName.set(config.name, { name: config.name, value: null, sensitive: true });
    else if (!byName.has(config.name))
      byName.set(config.name, { name: config.name, value: boundValue(config.value), sensitive: false });
  }
  return WATCHED_LINK_CONFIGS.flatMap((name) => byName.get(name) ?? []);
}

function boundValue(value: string | null): string | null {
  return value === null ? null : boundIdentifier(value, CONFIG_VALUE_CHARS);
}

function configNamed(configs: LinkConfigsRecord, name: string): LinkConfigValue | undefined {
  return configs.values.find((config) => config.name === name);
}

/** A value as it may be shown: never a sensitive one's, whatever a record holds. */
function shownValue(config: LinkConfigValue | undefined): string | null {
  return config === undefined || config.sensitive ? null : config.value;
}

function sameConfigValue(a: LinkConfigValue | undefined, b: LinkConfigValue | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  return a.sensitive === b.sensitive && shownValue(a) === shownValue(b);
}

/**
 * A LINK_CONFIG_CHANGED event. Switching a sync off warns, with what a failover would then lose;
 * switching it on resolves that warning when one was given (`warned`): a sync already off at the
 * baseline was never warned of, and switching it on is news, not the end of an alert. Any other
 * change is recorded for the audit trail (info).
 */
function configEvent(
  linkName: string,
  name: string,
  before: LinkConfigValue | undefined,
  after: LinkConfigValue | undefined,
  warned: boolean,
): LinkChangeEvent {
  // A config that is sensitive on either side of the change shows no value on either: the value it
  // had before it was marked sensitive may be the very secret that made it so.
  const hidden = before?.sensitive === true || after?.sensitive === true;
  const from = hidden ? null : shownValue(before);
  const to = hidden ? null : shownValue(after);
  const sync = syncOfConfig(name);
  const lost = sync !== undefined && isSwitchedOn(from) && !isSwitchedOn(to) ? sync.loss : null;
  const regained = sync !== undefined && !isSwitchedOn(from) && isSwitchedOn(to);
  const severity: Severity = lost !== null ? 'warning' : regained && warned ? 'resolved' : 'info';
  const part: EventPart = {
    kind: 'config',
    name,
    state: to,
    errorCode: null,
    errorMessage: lost,
    stateSince: null,
  };
  return { ...linkChangeEvent('LINK_CONFIG_CHANGED', severity, linkName, from, to, true), part };
}

/** What this poll read of a link, for judging its syncs. */
export interface SyncReads {
  /** The link's full task list when this poll read it; undefined when it did not. */
  readonly tasks: readonly LinkTask[] | undefined;
  /** True when this poll read the link's configs. */
  readonly configsReadNow: boolean;
  /** The link's configs as recorded before this poll's read; undefined before the first read. */
  readonly configsBefore: LinkConfigsRecord | undefined;
}

/**
 * The syncs switched on whose task cannot do its work, and the events of those that broke or
 * recovered. When this poll did not read the tasks, only the link's kept (unhealthy) tasks are
 * known, and a task not among them is unknown, not healthy: its sync stays as recorded.
 *
 * A task IN_ERROR is configured and failing: its sync, on as recorded, is broken at once. A task
 * NOT_CONFIGURED is also what switching its sync off makes, and what a sync just switched on shows
 * until its task starts; the task may be read before or after the configs (the parts' own task
 * reads run alongside the config reads). So it counts only when this poll read the configs with the
 * tasks and both this read and the one before show the sync on (a sync just switched on gets a turn
 * to start its task), or for a sync that has no switch; otherwise it is unknown. Without configs,
 * or while the link's own condition speaks for its parts, nothing is decided.
 */
export function evaluateSyncs(
  link: Pick<ClusterLink, 'linkName' | 'linkState' | 'linkError' | 'tasks' | 'configs'>,
  reads: SyncReads,
  recorded: readonly BrokenSync[],
): { readonly brokenSyncs: readonly BrokenSync[]; readonly events: readonly LinkChangeEvent[] } {
  const configs = link.configs;
  if (configs === undefined || linkConditionSpeaksForParts(link))
    return { brokenSyncs: recorded, events: [] };
  const brokenSyncs: BrokenSync[] = [];
  const events: LinkChangeEvent[] = [];
  for (const sync of SYNCS_BY_TASK) {
    const before = recorded.find((entry) => entry.taskName === sync.taskName);
    const enabled = sync.enableConfig === null || isSwitchedOn(configValue(configs, sync.enableConfig));
    const task = (reads.tasks ?? link.tasks).find((t) => t.taskName === sync.taskName);
    const state = enabled ? taskVerdict(sync, task, reads) : 'working';
    if (state === 'unknown') {
      if (before !== undefined) brokenSyncs.push(before);
    } else if (state === 'broken' && task !== undefined) {
      const entry = brokenSync(sync, task);
      brokenSyncs.push(entry);
      if (before === undefined) events.push(syncEvent(link.linkName, 'warning', null, entry));
    } else if (before !== undefined) {
      events.push(syncEvent(link.linkName, 'resolved', before.taskState, asLastSeen(before, task)));
    }
  }
  // An entry of a sync the monitor no longer knows ends too, so that no alert stays open for it.
  for (const entry of recorded)
    if (!SYNCS_BY_TASK.some((sync) => sync.taskName === entry.taskName))
      events.push(syncEvent(link.linkName, 'resolved', entry.taskState, entry));
  return { brokenSyncs, events };
}

/** Whether a sync switched on does its work, by its task as this poll knows it. */
function taskVerdict(
  sync: LinkSync,
  task: LinkTask | undefined,
  reads: SyncReads,
): 'broken' | 'working' | 'unknown' {
  // Kept tasks are the unhealthy ones: a task a full read does not list is not failing.
  if (task === undefined) return reads.tasks === undefined ? 'unknown' : 'working';
  if (task.state === IN_ERROR) return 'broken';
  if (task.state !== NOT_CONFIGURED) return 'working';
  if (sync.enableConfig === null) return 'broken';
  const readTogether = reads.tasks !== undefined && reads.configsReadNow;
  const onBefore =
    reads.configsBefore !== undefined && isSwitchedOn(configValue(reads.configsBefore, sync.enableConfig));
  return readTogether && onBefore ? 'broken' : 'unknown';
}

function configValue(configs: LinkConfigsRecord, name: string): string | null {
  return shownValue(configNamed(configs, name));
}

function brokenSync(sync: LinkSync, task: LinkTask): BrokenSync {
  const error = task.errors[0];
  return {
    config: sync.enableConfig,
    taskName: sync.taskName,
    taskState: task.state,
    errorCode: error?.errorCode ?? null,
    errorMessage: error?.errorMessage ?? null,
  };
}

/** A sync's entry with its task as read now, or as last seen when its task was not read. */
function asLastSeen(entry: BrokenSync, task: LinkTask | undefined): BrokenSync {
  if (task === undefined) return entry;
  const error = task.errors[0];
  return {
    ...entry,
    taskState: task.state,
    errorCode: error?.errorCode ?? null,
    errorMessage: error?.errorMessage ?? null,
  };
}

/** A LINK_SYNC_BROKEN event: a sync that broke (warning) or whose break ended (resolved). */
function syncEvent(
  linkName: string,
  severity: 'warning' | 'resolved',
  from: string | null,
  entry: BrokenSync,
): LinkChangeEvent {
  const part: EventPart = {
    kind: 'task',
    name: entry.taskName,
    state: entry.taskState,
    errorCode: entry.errorCode,
    errorMessage: entry.errorMessage,
    stateSince: null,
    ...(entry.config !== null && { syncConfig: entry.config }),
  };
  const to = severity === 'warning' ? entry.taskState : null;
  return { ...linkChangeEvent('LINK_SYNC_BROKEN', severity, linkName, from, to, true), part };
}

/**
 * The end of every sync switch-off notified and not yet ended, then of every sync recorded as
 * broken: for a link that is gone or whose readiness checks were turned off. A switch-off ends
 * with the config's last value (none when sensitive), its part as any config change's.
 */
export function endedSyncEvents(link: ClusterLink): LinkChangeEvent[] {
  const configs = link.configs;
  const switchedOff = (configs?.switchedOff ?? []).map((name): LinkChangeEvent => {
    const last = configs === undefined ? null : shownValue(configNamed(configs, name));
    const part: EventPart = {
      kind: 'config',
      name,
      state: null,
      errorCode: null,
      errorMessage: null,
      stateSince: null,
    };
    return { ...linkChangeEvent('LINK_CONFIG_CHANGED', 'resolved', link.linkName, last, null, true), part };
  });
  const broken = (link.brokenSyncs ?? []).map((entry) =>
    syncEvent(link.linkName, 'resolved', entry.taskState, entry),
  );
  return [...switchedOff, ...broken];
}

/**
 * The dry run record after a run. `checks` undefined (no run this poll, or it failed) keeps the
 * record. An outcome the same as the recorded one keeps its `since`, so repeating it writes nothing.
 *
 * @param notChecked - the link's topics beyond those the run named (`MAX_DRY_RUN_TOPICS`)
 */
export function dryRunAfter(
  recorded: DryRunRecord | undefined,
  checks: readonly FailoverCheck[] | undefined,
  now: Date,
  notChecked = 0,
): DryRunRecord | undefined {
  if (checks === undefined) return recorded;
  const { failed, failures } = dryRunFailures(checks);
  const topics = checks.length;
  const same =
    recorded !== undefined &&
    recorded.topics === topics &&
    // A record from before the count was kept has only its first failures to compare.
    (recorded.failed === undefined || recorded.failed === failed) &&
    (recorded.notChecked ?? 0) === notChecked &&
    sameFailures(recorded.failures, failures);
  return {
    since: same ? recorded.since : now.toISOString(),
    topics,
    failed,
    ...(notChecked > 0 && { notChecked }),
    failures,
  };
}

/**
 * The topics that would not fail over, one per name: how many, and the first {@link MAX_DRY_RUN_FAILURES}
 * of them in name order.
 */
function dryRunFailures(checks: readonly FailoverCheck[]): {
  readonly failed: number;
  readonly failures: DryRunFailure[];
} {
  const byName = new Map<string, DryRunFailure>();
  for (const check of checks) {
    if (check.errorCode === null && check.errorMessage === null) continue;
    const topicName = boundIdentifier(check.topicName, BOUNDS.topicNameChars);
    if (byName.has(topicName)) continue;
    byName.set(topicName, {
      topicName,
      // A number's text is short whatever the number, so only the texts the server chose are bounded.
      errorCode: check.errorCode === null ? MISSING_ERROR_CODE : String(check.errorCode),
      errorMessage: check.errorMessage === null ? null : boundText(check.errorMessage),
    });
  }
  const failures = [...byName.values()]
    .sort((a, b) => nameOrder(a.topicName, b.topicName))
    .slice(0, MAX_DRY_RUN_FAILURES);
  return { failed: byName.size, failures };
}

function sameFailures(a: readonly DryRunFailure[], b: readonly DryRunFailure[]): boolean {
  return sameLists(
    a,
    b,
    (x, y) => x.topicName === y.topicName && x.errorCode === y.errorCode && x.errorMessage === y.errorMessage,
  );
}

function sameLists<T>(a: readonly T[], b: readonly T[], same: (x: T, y: T) => boolean): boolean {
  return a.length === b.length && a.every((x, i) => same(x, b[i] as T));
}

/**
 * True when two links' configs (with the switch-offs notified), broken syncs and dry run are the
 * same, so that no write is needed for them.
 */
export function sameConfigState(a: ClusterLink, b: ClusterLink): boolean {
  return (
    sameConfigs(a.configs, b.configs) &&
    sameBrokenSyncs(a.brokenSyncs ?? [], b.brokenSyncs ?? []) &&
    sameDryRun(a.dryRun, b.dryRun)
  );
}

function sameConfigs(a: LinkConfigsRecord | undefined, b: LinkConfigsRecord | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  return (
    sameLists(
      a.values,
      b.values,
      (x, y) => x.name === y.name && x.value === y.value && x.sensitive === y.sensitive,
    ) && sameLists(a.switchedOff ?? [], b.switchedOff ?? [], (x, y) => x === y)
  );
}

function sameBrokenSyncs(a: readonly BrokenSync[], b: readonly BrokenSync[]): boolean {
  return sameLists(
    a,
    b,
    (x, y) =>
      x.config === y.config &&
      x.taskName === y.taskName &&
      x.taskState === y.taskState &&
      x.errorCode === y.errorCode &&
      x.errorMessage === y.errorMessage,
  );
}

function sameDryRun(a: DryRunRecord | undefined, b: DryRunRecord | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  return (
    a.since === b.since &&
    a.topics === b.topics &&
    a.failed === b.failed &&
    a.notChecked === b.notChecked &&
    sameFailures(a.failures, b.failures)
  );
}

/** Locale-independent, so the order is the same on every machine; the names compared are distinct. */
function nameOrder(a: string, b: string): number {
  return a < b ? -1 : 1;
}
