/**
 * What a link's syncs say against a failover (at risk): a sync that is switched on but whose task
 * cannot do its work, and a sync switched off, each saying what a failover would lose. Also the
 * state of every sync of `LINK_SYNCS`, as recorded. Pure.
 */
import type { ClusterLink } from '../model/link-model.js';
import { isSwitchedOn, LINK_SYNCS, type LinkSync, syncOfConfig, syncOfTask } from '../model/link-syncs.js';
import { atRisk, type ReadinessReason } from './readiness-reasons.js';

/** A sync a failover relies on, as recorded. */
export interface ReadinessSync {
  /** What it keeps in step: `consumer offsets`. */
  readonly what: string;
  /** The config that switches it on; null when it cannot be switched off. */
  readonly config: string | null;
  /** Null when unknown: the link's configs were not read yet, or the value is sensitive. */
  readonly enabled: boolean | null;
  /** The state of its task when recorded (only unhealthy tasks are kept); null otherwise. */
  readonly taskState: string | null;
  /** Switched on, but its task cannot do its work. */
  readonly broken: boolean;
}

/**
 * The reasons a link's syncs give, failing ones first, and every sync of `LINK_SYNCS` in its order.
 */
export function syncReadiness(link: ClusterLink): {
  readonly reasons: ReadinessReason[];
  readonly syncs: ReadinessSync[];
} {
  const reasons: ReadinessReason[] = [];
  for (const broken of link.brokenSyncs ?? []) {
    const sync =
      syncOfTask(broken.taskName) ?? (broken.config === null ? undefined : syncOfConfig(broken.config));
    const error =
      broken.errorCode === null
        ? ''
        : ` (${broken.errorCode}${broken.errorMessage === null ? '' : `: ${broken.errorMessage}`})`;
    const loss =
      sync?.loss ??
      `${broken.config ?? `the sync of ${broken.taskName}`} is on but its task cannot do its work`;
    reasons.push(atRisk('SYNC_FAILING', `${loss}; task ${broken.taskName} ${broken.taskState}${error}`));
  }
  for (const sync of LINK_SYNCS)
    if (enabledByConfig(sync, link) === false) reasons.push(atRisk('SYNC_OFF', switchedOffText(sync, link)));
  return { reasons, syncs: syncStates(link) };
}

function switchedOffText(sync: LinkSync, link: ClusterLink): string {
  const value = link.configs?.values.find((v) => v.name === sync.enableConfig)?.value ?? null;
  return `${sync.loss} (${sync.enableConfig} is ${value ?? 'not set'})`;
}

/** Each sync of `LINK_SYNCS`: on, off or unknown by the configs; broken by the recorded tasks. */
function syncStates(link: ClusterLink): ReadinessSync[] {
  return LINK_SYNCS.map((sync) => {
    const broken = (link.brokenSyncs ?? []).find(
      (b) => b.taskName === sync.taskName || (sync.enableConfig !== null && b.config === sync.enableConfig),
    );
    const task = link.tasks.find((t) => t.taskName === sync.taskName);
    return {
      what: sync.what,
      config: sync.enableConfig,
      enabled: enabledByConfig(sync, link),
      taskState: broken?.taskState ?? task?.state ?? null,
      broken: broken !== undefined,
    };
  });
}

function enabledByConfig(sync: LinkSync, link: ClusterLink): boolean | null {
  if (sync.enableConfig === null) return true;
  if (link.configs === undefined) return null;
  const entry = link.configs.values.find((v) => v.name === sync.enableConfig);
  if (entry?.sensitive === true) return null;
  // Read but not listed: Confluent's default for every switch is off.
  return isSwitchedOn(entry?.value);
}
