/**
 * The "what a listing hides: polls to name it" section of `bench/RESULTS.md` (`bench/detail-reads.ts`
 * measures it): per cluster size and case, the polls the monitor took beside the lower bound its
 * detail budget sets.
 */
import { MAX_ROTATION_PER_POLL, TASK_ROTATION_POLLS } from '../core/observe/detail-plan.js';
import { markdownTable } from './markdown-table.js';
import { withWrittenSection } from './written-sections.js';

/** One case at one cluster size. */
export interface CaseFigures {
  readonly links: number;
  readonly name: string;
  /** Polls until it was named, per link it happened to (one for a single link); null: not within the run's limit. */
  readonly polls: readonly number[] | null;
  /** The fewest polls any plan within the budget could guarantee, and why. */
  readonly lowerBound: number;
  readonly lowerBoundWhy: string;
  readonly mostDetailRequests: number;
  /** Of the failed topics named, how many came with Confluent's reason (a describe in the same poll). */
  readonly described?: { readonly of: number; readonly with: number };
  /** Link commits in the 5 polls after everything was named: a steady state writes nothing. */
  readonly commitsOnceNamed?: number;
}

export interface DetailReadsResults {
  readonly recordedAt: string;
  readonly budget: number;
  readonly pollIntervalMs: number;
  readonly maxPolls: number;
  readonly cases: readonly CaseFigures[];
}

export const SECTION_NAME = 'detail-reads';

/** The section, markers included. */
export function renderDetailReads(results: DetailReadsResults): string {
  const rows = results.cases.map((c, i) => {
    const polls =
      c.polls === null
        ? `not within ${results.maxPolls}`
        : c.polls.length === 1
          ? String(c.polls[0])
          : `${halfBy(c.polls)} / ${Math.max(...c.polls)}`;
    const worst = c.polls === null ? null : Math.max(...c.polls);
    const notes = [
      c.described === undefined
        ? ''
        : `${count(c.described.with)} of ${count(c.described.of)} named with their reason`,
      c.commitsOnceNamed === undefined ? '' : `${c.commitsOnceNamed} writes in the 5 polls after`,
    ].filter((n) => n !== '');
    return [
      i === 0 || results.cases[i - 1]?.links !== c.links ? count(c.links) : '',
      c.name,
      polls,
      `${c.lowerBound} (${c.lowerBoundWhy})`,
      worst === null ? 'n/a' : `${(worst / c.lowerBound).toFixed(1)}x`,
      String(c.mostDetailRequests),
      notes.join('; '),
    ];
  });
  return [
    `<!-- ${SECTION_NAME}: written by bench/detail-reads.ts -->`,
    '## What a listing hides: polls to name it',
    '',
    `Written by \`npx tsx bench/detail-reads.ts\` (run of ${results.recordedAt}), apart from the rest of this file. ` +
      'The real poll (`pollClusters`, the Confluent client over HTTP to the simulator, the SQLite store, the default ' +
      `settings: ${results.budget} detail requests per cluster and poll) polls one cluster on a clock ` +
      `${results.pollIntervalMs / 60_000} minute apart, after its baseline and one steady poll; each case starts from a ` +
      'fresh cluster. Polls are counted, not timed: "1" is the first poll after the change. The lower bound is what any ' +
      'plan within the budget needs at best, from the same settings: a task error shows in no listing, so finding it on ' +
      "any link means reading every link; a failed topic shows in its link's `category_counts`, so one can be named in " +
      'the next poll, and many need their mirrors read and each failed topic described (two requests a link). The ' +
      "detail plan (`core/observe/detail-plan.ts`) gives half the budget to a rotation over every link's tasks " +
      `(a cluster of up to ${TASK_ROTATION_POLLS * MAX_ROTATION_PER_POLL} links within ${TASK_ROTATION_POLLS} polls, at most ${MAX_ROTATION_PER_POLL} a poll), ` +
      'then reads what changes called for, oldest first, each failed topic with its description, then re-reads the ' +
      'links with unhealthy parts on record; reads left for later are kept on the link and written only with the change ' +
      'that called for them and once when made. Before it (reproduced then, not measured in this run), mirror topics ' +
      'were read for links in listing order without turns: with a topic failing on each of 100 links, 16 were read ' +
      'every poll and 84 never; and the rotation read 2 links a poll of a 40-link cluster, so a task error there ' +
      'could wait 20 polls to be named and its recovery as long (8 and 18 in the case reproduced).',
    '',
    markdownTable(
      [
        'links',
        'what begins',
        'polls until named (half / all, for many links)',
        'lower bound',
        'ours : bound',
        'most detail requests in a poll',
        'also',
      ],
      rows,
      ['r', 'l', 'r', 'l', 'r', 'r', 'l'],
    ),
    `<!-- /${SECTION_NAME} -->`,
  ].join('\n');
}

/** The poll by which half of them were named. */
function halfBy(polls: readonly number[]): number {
  const sorted = [...polls].sort((a, b) => a - b);
  return sorted[Math.ceil(sorted.length / 2) - 1] ?? Number.NaN;
}

function count(n: number): string {
  return n.toLocaleString('en-US');
}

/** `doc` (the whole of `bench/RESULTS.md`) with this section replaced or added. */
export function withSection(doc: string, section: string): string {
  return withWrittenSection(doc, SECTION_NAME, section);
}
