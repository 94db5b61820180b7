/**
 * What happens to the simulated estate before each poll of a scenario. Deterministic, so the real
 * poller and the naive baseline see exactly the same changes.
 */
import type { ConfluentSimulator } from '../tools/simulator/confluent-simulator.js';

export type ScenarioName = 'first-run' | 'steady' | 'churn' | 'outage';

/** The order a run goes through: the first run lays the baseline every later scenario diffs against. */
export const SCENARIOS: readonly ScenarioName[] = ['first-run', 'steady', 'churn', 'outage'];

export const SCENARIO_TITLES: Readonly<Record<ScenarioName, string>> = {
  'first-run': 'first run (empty state)',
  steady: 'steady state (nothing changes)',
  churn: 'churn (10% of links change each poll)',
  outage: 'outage (every link of one cluster fails)',
};

/** One link in ten churns: every link whose index is a multiple of 10. */
const CHURN_EVERY = 10;

/**
 * Changes the simulator's links for poll `poll` (1-based) of `scenario`.
 *
 * @returns how many links changed state
 */
export function applyScenario(scenario: ScenarioName, simulator: ConfluentSimulator, poll: number): number {
  switch (scenario) {
    case 'first-run':
    case 'steady':
      return 0;
    case 'churn': {
      // The same tenth of the links flips each poll: failed on odd polls, recovered on even ones.
      let changed = 0;
      for (const clusterId of simulator.clusterIds()) {
        simulator.links(clusterId).forEach((link, index) => {
          if (index % CHURN_EVERY !== 0) return;
          if (poll % 2 === 1)
            simulator.setLinkState(
              clusterId,
              link.linkName,
              'UNAVAILABLE',
              'BOOTSTRAP_TCP_CONNECTION_FAILED_ERROR',
            );
          else simulator.setLinkState(clusterId, link.linkName, 'ACTIVE');
          changed++;
        });
      }
      return changed;
    }
    case 'outage': {
      const [first] = simulator.clusterIds();
      if (first === undefined) return 0;
      const links = simulator.links(first);
      // A repeated outage poll would see nothing new; each poll re-applies it to the healthy links only.
      const healthy = links.filter((l) => l.linkState === 'ACTIVE' && l.linkError === null);
      for (const link of healthy) simulator.setLinkState(first, link.linkName, 'FAILED', 'TIMEOUT_ERROR');
      return healthy.length;
    }
  }
}

/** Changed links expected per cluster in a churn poll. */
export function churnedLinksPerCluster(links: number): number {
  return Math.ceil(links / CHURN_EVERY);
}
