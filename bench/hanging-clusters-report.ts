/**
 * The "listings that hang" section of `bench/RESULTS.md` (`bench/hanging-clusters.ts` measures
 * it): per layout of the hanging clusters, what the config's order and ours did for the healthy
 * clusters, side by side.
 */
import { median } from './lambda-bundles.js';
import { markdownTable } from './markdown-table.js';
import { withWrittenSection } from './written-sections.js';

/** What one start order's measured polls of one layout did for the healthy clusters. */
export interface OrderFigures {
  /** Per poll, the healthy clusters listed. */
  readonly served: readonly (readonly string[])[];
  /** Per poll, healthy clusters the poll's time did not reach. */
  readonly leftOut: readonly number[];
  /** Per poll, healthy clusters whose listing failed (a loaded machine: they answer in milliseconds). */
  readonly failed: readonly number[];
  /** Healthy clusters announced unreachable (CLUSTER_UNREACHABLE published) in any poll. */
  readonly healthyAnnouncedUnreachable: number;
  readonly wallMs: readonly number[];
}

export interface HangingClustersResults {
  readonly recordedAt: string;
  readonly machine: { readonly cores: number; readonly load: readonly [number, number] };
  readonly clusters: number;
  readonly hanging: number;
  readonly concurrency: number;
  readonly polls: number;
  readonly scale: number;
  readonly timeLeftMs: number;
  readonly reserveMs: number;
  readonly unreachableAfterPolls: number;
  readonly layouts: readonly {
    readonly name: string;
    readonly healthy: readonly string[];
    /** The config's order every poll, as polls ran before. */
    readonly baseline: OrderFigures;
    /** The poller's own order (`shuffledPerSlot`). */
    readonly ours: OrderFigures;
  }[];
}

export const SECTION_NAME = 'hanging-clusters';

/** The most polls in a row any healthy cluster went without being listed. */
export function longestUnlisted(healthy: readonly string[], served: readonly (readonly string[])[]): number {
  let longest = 0;
  for (const id of healthy) {
    let run = 0;
    for (const poll of served) {
      run = poll.includes(id) ? 0 : run + 1;
      longest = Math.max(longest, run);
    }
  }
  return longest;
}

/** The section, markers included. */
export function renderHangingClusters(results: HangingClustersResults): string {
  const sum = (values: readonly number[]) => values.reduce((a, b) => a + b, 0);
  const rows = results.layouts.flatMap((layout) => {
    const row = (order: string, figures: OrderFigures, first: boolean) => {
      const everServed = new Set(figures.served.flat()).size;
      return [
        first ? layout.name : '',
        order,
        figures.served.map((poll) => poll.length).join(', '),
        figures.leftOut.join(', '),
        `${everServed} of ${layout.healthy.length}`,
        String(layout.healthy.length - everServed),
        String(longestUnlisted(layout.healthy, figures.served)),
        String(figures.healthyAnnouncedUnreachable),
        String(sum(figures.failed)),
        String(Math.round(median(figures.wallMs))),
      ];
    };
    return [
      row("the config's (before)", layout.baseline, true),
      row('ours (shuffled per slot)', layout.ours, false),
    ];
  });
  const healthy = results.clusters - results.hanging;
  const [loadStart, loadEnd] = results.machine.load;
  return [
    `<!-- ${SECTION_NAME}: written by bench/hanging-clusters.ts -->`,
    '## Listings that hang: which healthy clusters a poll serves',
    '',
    `Written by \`npx tsx bench/hanging-clusters.ts\` (run of ${results.recordedAt}, ${results.machine.cores} cores, load average ` +
      `${loadStart.toFixed(1)} at start / ${loadEnd.toFixed(1)} at end), apart from the rest of this file. ${results.clusters} clusters of one ` +
      `link, ${results.hanging} of whose endpoints accept the request and never answer (the simulator's \`hang\`: a firewall that drops, ` +
      `a broken PrivateLink), at concurrency ${results.concurrency}: the hanging listings can hold every slot until the listing deadline. ` +
      'The real poll (`pollClusters`, the Confluent client over HTTP to the simulator, the SQLite store) runs the same polls twice in ' +
      "one run, poll by poll: starting the clusters in the config's order every poll, as polls did before, and in the poller's own " +
      'order (`core/poll/start-order.ts`: a shuffle per pair of time slots, reversed in the second). Each start order first lays its ' +
      `baseline in a poll not counted, then runs ${results.polls} polls, each in a time slot of its own. The poll is scaled down ` +
      `${results.scale} times: ${results.timeLeftMs} ms left (the stack's 50 s timeout), a ${results.reserveMs} ms reserve, and the ` +
      "client's timeouts and backoff and the simulator's latency likewise. Counts are the result; the poll time only shows that each " +
      'poll ran until its listing deadline.',
    '',
    markdownTable(
      [
        'hanging clusters',
        'start order',
        `healthy served, per poll (of ${healthy})`,
        'healthy left out, per poll',
        `healthy served in ${results.polls} polls`,
        'never served',
        'most polls in a row a healthy cluster went unlisted',
        `healthy announced unreachable (after ${results.unreachableAfterPolls} polls)`,
        "healthy listings that failed (the machine's load)",
        'poll ms (median)',
      ],
      rows,
      ['l', 'l', 'l', 'l', 'r', 'r', 'r', 'r', 'r', 'r'],
    ),
    '',
    'A cluster left out counts as a failed listing, its reason naming the clusters that held the slots, and one left out ' +
      `${results.unreachableAfterPolls} polls in a row is announced unreachable (\`ClustersUnreachable\`). In the config's order the same ` +
      'healthy clusters are left out of every poll, so they are announced (before they were counted, only `IsolatedFailures` said ' +
      'that some cluster was not polled). In ours, a cluster the first poll of a pair leaves out behind the hanging ones has them ' +
      'behind it in the second: fewer than twice `concurrency` hanging clusters never leave one out of more than two polls in a row.',
    `<!-- /${SECTION_NAME} -->`,
  ].join('\n');
}

/** `doc` (RESULTS.md) with this section replaced, or added at its end. */
export function withSection(doc: string, section: string): string {
  return withWrittenSection(doc, SECTION_NAME, section);
}
