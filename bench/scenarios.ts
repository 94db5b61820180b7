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

/** How churn differs in an estate whose size names its mirror topics per link. */
export const TOPIC_CHURN_NOTE =
  'In a size with mirror topics per link (`CxLxT`), churn leaves every link ACTIVE and fails a tenth of the ' +
  "topics of a tenth of the links instead (FAILED, SOURCE_TOPIC_MAY_BE_DELETED, on odd polls; ACTIVE again on even ones): the links' " +
  '`category_counts` change, and the poller reads their mirror topics within its per-cluster detail budget.';

/** One link in ten churns: every link whose index is a multiple of 10. */
const CHURN_EVERY = 10;

/** Mirror topics failed per churned link in an estate with topics per link: a tenth, at least one. */
export function churnedTopicsPerLink(topicsPerLink: number): number {
  return Math.max(1, Math.ceil(topicsPerLink / CHURN_EVERY));
}

/**
 * Changes the simulator's links for poll `poll` (1-based) of `scenario`. When the estate's size
 * names its mirror topics per link, churn fails topics under ACTIVE links rather than the links.
 *
 * @returns how many links changed (their state, or their topics' counts)
 */
export function applyScenario(
  scenario: ScenarioName,
  simulator: ConfluentSimulator,
  poll: number,
  topicsPerLink?: number,
): number {
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
          if (topicsPerLink !== undefined) {
            const failing = poll % 2 === 1;
            const topics = link.topicNames.slice(0, churnedTopicsPerLink(topicsPerLink));
            simulator.updateLink(clusterId, link.linkName, {
              mirrorTopics: Object.fromEntries(
                topics.map((name) => [
                  name,
                  failing
                    ? {
                        status: 'FAILED',
                        error: 'SOURCE_TOPIC_MAY_BE_DELETED',
                        message: `Topic '${name}' was not found on the source cluster.`,
                      }
                    : { status: 'ACTIVE', error: null, message: null },
                ]),
              ),
            });
          } else if (poll % 2 === 1)
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
