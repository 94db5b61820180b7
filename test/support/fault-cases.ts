/**
 * The shape every fault case shares: a baseline, changes to the links, the fault for a few polls
 * (with more changes during it), then clean polls and the invariants. Cases differ only in what
 * they inject and what they expect the monitor to have done.
 */
import { expect } from 'vitest';
import type { PollSummary } from '../../core/poll/poll-results.js';
import type { CaseCategory, ReliabilityCase } from './fault-report.js';
import { FaultWorld, type FaultWorldOptions, type PollOptions } from './fault-world.js';
import { formatReport, type InvariantReport } from './invariants.js';

export const CLUSTER_A = 'lkc-a';
export const CLUSTER_B = 'lkc-b';
export const CLUSTER_C = 'lkc-c';

/** Name of the n-th generated link of a cluster, e.g. `lkc-a-link-0001`. */
export function linkOf(clusterId: string, n: number): string {
  return `${clusterId}-link-${String(n).padStart(4, '0')}`;
}

/** Changes on every cluster, made after the baseline: each must end up in history once. */
export function changeEveryCluster(world: FaultWorld): void {
  world.sim.setLinkState(
    CLUSTER_A,
    linkOf(CLUSTER_A, 1),
    'FAILED',
    'AUTHENTICATION_ERROR',
    'SASL authentication failed',
  );
  world.sim.removeLink(CLUSTER_A, linkOf(CLUSTER_A, 3));
  world.sim.addLink(CLUSTER_A, { linkName: `${CLUSTER_A}-link-new` });
  world.sim.setLinkState(CLUSTER_B, linkOf(CLUSTER_B, 0), 'PAUSED');
  world.sim.recreateLink(CLUSTER_C, linkOf(CLUSTER_C, 2));
}

/** More changes while the fault lasts, on the faulty cluster and a healthy one. */
export function changeDuringFault(world: FaultWorld): void {
  world.sim.setLinkState(
    CLUSTER_A,
    linkOf(CLUSTER_A, 0),
    'UNAVAILABLE',
    'BOOTSTRAP_TCP_CONNECTION_FAILED_ERROR',
  );
  world.sim.setLinkState(CLUSTER_B, linkOf(CLUSTER_B, 0), 'ACTIVE');
}

export interface FaultCase {
  readonly category: CaseCategory;
  readonly name: string;
  readonly injected: string;
  readonly world?: Partial<FaultWorldOptions>;
  /** Starts the fault (after the baseline and the first changes). */
  readonly inject: (world: FaultWorld) => void | Promise<void>;
  /** Polls while the fault lasts. @default 2 */
  readonly faultPolls?: number;
  /** Options of each fault poll. @default clusters lkc-a faulty */
  readonly pollOptions?: (world: FaultWorld, index: number) => PollOptions;
  /** Case-specific expectations about what the monitor did during the fault. */
  readonly assess: (world: FaultWorld, during: readonly PollSummary[]) => void | Promise<void>;
  /** Moves the clock a minute after each fault poll. @default true */
  readonly advance?: boolean;
  /** Makes `changeDuringFault` after the first fault poll. @default true */
  readonly changeDuringFault?: boolean;
  /** History must hold every transition (each change outlived the fault). @default true */
  readonly strict?: boolean;
  /** Extra lines for the report. */
  readonly notes?: (world: FaultWorld) => readonly string[];
}

/**
 * Runs one fault case end to end and records it; throws (failing the test) when the case's own
 * expectations or any invariant do not hold.
 */
export async function runFaultCase(
  fault: FaultCase,
  record: (entry: ReliabilityCase) => void,
): Promise<InvariantReport> {
  const world = await FaultWorld.start({
    name: 'faults',
    clusters: [
      { clusterId: CLUSTER_A, links: 4 },
      { clusterId: CLUSTER_B, links: 4 },
      { clusterId: CLUSTER_C, links: 4 },
    ],
    pageSize: 2,
    ...fault.world,
    settings: { unreachableAfterPolls: 2, ...fault.world?.settings },
  });
  let report: InvariantReport | undefined;
  let problem: unknown;
  try {
    await world.poll();
    world.advance();
    changeEveryCluster(world);
    await fault.inject(world);
    const during: PollSummary[] = [];
    const polls = fault.faultPolls ?? 2;
    for (let i = 0; i < polls; i++) {
      during.push(await world.poll(fault.pollOptions?.(world, i) ?? { faulty: [CLUSTER_A] }));
      if (fault.advance ?? true) world.advance();
      if (i === 0 && (fault.changeDuringFault ?? true)) changeDuringFault(world);
    }
    await fault.assess(world, during);
    report = await world.finish({ strict: fault.strict ?? true });
    expect(report.violations, formatReport(report)).toEqual([]);
  } catch (error) {
    problem = error;
  } finally {
    record({
      category: fault.category,
      name: fault.name,
      injected: fault.injected,
      monitor: [...world.monitorLines(), ...(fault.notes?.(world) ?? [])],
      ...(report && { invariants: report }),
      strict: fault.strict ?? true,
      passed: problem === undefined,
    });
    await world.close();
  }
  if (problem !== undefined) throw problem;
  return report as InvariantReport;
}

/** The result of one cluster in a poll, or throws. */
export function resultOf(summary: PollSummary | undefined, clusterId: string) {
  const result = summary?.results.find((r) => r.clusterId === clusterId);
  if (result === undefined) throw new Error(`no result for ${clusterId}`);
  return result;
}
