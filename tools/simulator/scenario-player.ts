/**
 * Plays a scenario on a simulator: sets up its clusters, applies one step at a
 * time, and can advance by itself, either once per poll or on a timer.
 */
import {
  type ConfluentSimulator,
  type ConfluentSimulatorOptions,
  type SimulatedClusterInit,
  startConfluentSimulator,
} from './confluent-simulator.js';
import type { Scenario, ScenarioStep } from './scenario-file.js';
import { generateLinks } from './simulated-link.js';

/** How a player moves on by itself. */
export type AutoAdvance =
  /** A step per poll: the next step starts when a cluster is listed a second time in the current step. */
  | { readonly mode: 'poll' }
  /** A step every `everyMs` of real time. */
  | { readonly mode: 'timer'; readonly everyMs: number };

/** The simulator's starting clusters for a scenario. */
export function scenarioClusters(scenario: Scenario): SimulatedClusterInit[] {
  return scenario.clusters.map((c) => ({
    clusterId: c.clusterId,
    links: [
      ...c.links,
      ...(c.generate === null
        ? []
        : generateLinks(c.clusterId, c.generate.count, c.generate.prefix).map((l) => ({
            linkName: l.linkName,
          }))),
    ],
  }));
}

/**
 * Starts a simulator holding the scenario's clusters, with a player at "before the first step".
 *
 * @param options - simulator options; `clusters` is taken from the scenario
 */
export async function startScenario(
  scenario: Scenario,
  options: Omit<ConfluentSimulatorOptions, 'clusters'> = {},
): Promise<ScenarioPlayer> {
  const simulator = await startConfluentSimulator({ ...options, clusters: scenarioClusters(scenario) });
  return new ScenarioPlayer(scenario, simulator);
}

export class ScenarioPlayer {
  readonly scenario: Scenario;
  readonly simulator: ConfluentSimulator;
  #index = -1;
  #stopAuto: (() => void) | null = null;

  /** The simulator must already hold the scenario's clusters (see `startScenario`). */
  constructor(scenario: Scenario, simulator: ConfluentSimulator) {
    this.scenario = scenario;
    this.simulator = simulator;
  }

  /** Index of the step in force, -1 before the first. */
  get stepIndex(): number {
    return this.#index;
  }

  get currentStep(): ScenarioStep | null {
    return this.scenario.steps[this.#index] ?? null;
  }

  get finished(): boolean {
    return this.#index >= this.scenario.steps.length - 1;
  }

  /**
   * Applies the next step to the simulator.
   *
   * @returns the step applied, or null when the timeline is over (the simulator keeps the last state)
   */
  advance(): ScenarioStep | null {
    const step = this.scenario.steps[this.#index + 1];
    if (step === undefined) return null;
    this.#index += 1;
    applyStep(this.simulator, step);
    return step;
  }

  /**
   * Advances by itself until the timeline is over or the returned function is called.
   * The first step is applied at once if none is in force yet.
   */
  autoAdvance(how: AutoAdvance, onStep: (step: ScenarioStep, index: number) => void = () => {}): () => void {
    this.#stopAuto?.();
    const step = () => {
      const applied = this.advance();
      if (applied !== null) onStep(applied, this.#index);
      return applied;
    };
    if (this.#index < 0) step();
    if (how.mode === 'timer') {
      const timer = setInterval(() => {
        if (step() === null || this.finished) clearInterval(timer);
      }, how.everyMs);
      this.#stopAuto = () => clearInterval(timer);
    } else {
      let listed = new Set<string>();
      let pollsInStep = 0;
      const off = this.simulator.onRequest((request) => {
        if (request.clusterId === null || request.pageIndex !== 0) return;
        if (listed.has(request.clusterId)) {
          // A second first-page request for a cluster means a new poll has begun.
          listed = new Set();
          pollsInStep += 1;
          if (pollsInStep >= (this.currentStep?.polls ?? 1)) {
            pollsInStep = 0;
            step();
          }
        }
        listed.add(request.clusterId);
      });
      this.#stopAuto = off;
    }
    return () => {
      this.#stopAuto?.();
      this.#stopAuto = null;
    };
  }

  /** Stops advancing and closes the simulator. */
  async close(): Promise<void> {
    this.#stopAuto?.();
    await this.simulator.close();
  }
}

/** Applies one step's changes: per cluster remove, add, recreate, set, then the fault. */
export function applyStep(simulator: ConfluentSimulator, step: ScenarioStep): void {
  for (const [clusterId, change] of Object.entries(step.changes)) {
    for (const name of change.remove) simulator.removeLink(clusterId, name);
    for (const link of change.add) simulator.addLink(clusterId, link);
    for (const name of change.recreate) simulator.recreateLink(clusterId, name);
    for (const [name, patch] of Object.entries(change.set)) {
      if (name === '*') simulator.updateAllLinks(clusterId, patch);
      else simulator.updateLink(clusterId, name, patch);
    }
    if (change.fault === null) simulator.clearFault(clusterId);
    else if (change.fault !== undefined) simulator.failCluster(clusterId, change.fault);
  }
}
