/**
 * The "Failover readiness" section of `bench/RESULTS.md` (`bench/readiness-reads.ts` measures it):
 * the detail requests and store writes of readiness off, on and on with dry runs, side by side,
 * per poll of a cycle, on an estate whose cluster-wide mirrors listing is over the client's body
 * cap and one whose listing fits; the writes of lagging topics; the poller's memory in a due poll
 * beside the polls between, as shipped and with the large listing read whole; the polls the config
 * turn takes to read every link once.
 */
import { MAX_STUCK_DESCRIBES } from '../core/observe/readiness-reads.js';
import type { ReadinessSettings } from '../core/poll/poll-settings.js';
import { markdownTable } from './markdown-table.js';
import { withWrittenSection } from './written-sections.js';

/** The detail requests a poll makes, by the source method that makes them. */
export const REQUEST_KINDS = [
  'tasks',
  'readinessTasks',
  'mirrorTopics',
  'clusterMirrors',
  'configs',
  'describes',
  'dryRuns',
] as const;
export type RequestKind = (typeof REQUEST_KINDS)[number];

/**
 * Readiness's own requests: the rest are the parts' (tasks, a link's mirror topics). Readiness's
 * task reads are those of its config turn's links, read with their configs.
 */
const READINESS_KINDS: readonly RequestKind[] = [
  'readinessTasks',
  'clusterMirrors',
  'configs',
  'describes',
  'dryRuns',
];

/** What readiness needs at least in a due poll: the cluster-wide mirrors read. */
const LOWER_BOUND = 1;

const KIND_NAMES: Readonly<Record<RequestKind, string>> = {
  tasks: 'tasks',
  readinessTasks: 'readiness tasks',
  mirrorTopics: 'mirror topics',
  clusterMirrors: 'cluster mirrors',
  configs: 'configs',
  describes: 'describes',
  dryRuns: 'dry runs',
};

/** Why a link was written, by what the poll did to it (the first that applies). */
export const WRITE_CAUSES = ['laggingTopic', 'configsRead', 'dryRun', 'other'] as const;
export type WriteCause = (typeof WRITE_CAUSES)[number];

export interface PollFigures {
  /** The readiness reads were due (always false with readiness off). */
  readonly due: boolean;
  readonly requests: Readonly<Record<RequestKind, number>>;
  readonly failed: Readonly<Record<RequestKind, number>>;
  /** Detail requests the simulator received, to check the wrapper's count against. */
  readonly simulatorRequests: number;
  /** Links whose configs were read and whose tasks were read in the same poll, by readiness or the parts. */
  readonly configsWithTasks: number;
  /** Links whose tasks were read more than once in the poll. */
  readonly tasksReadTwice: number;
  /** Link commits, by cause. */
  readonly writes: Readonly<Record<WriteCause, number>>;
  readonly clusterCommits: number;
  /** What the commits would cost in DynamoDB (see `readiness-reads.ts`). */
  readonly wcu: number;
  /** The largest link item written, in bytes as DynamoDB counts them; 0 when none. */
  readonly largestItemBytes: number;
  /** Events notified. */
  readonly events: number;
}

export interface ModeFigures {
  readonly name: string;
  /** The setting's readiness; null: off. */
  readonly readiness: ReadinessSettings | null;
  /** The first cycle after the warm-up: the config turn reads links for the first time. */
  readonly firstCycle: readonly PollFigures[];
  /** A cycle once the turn has been round: its links' configs were read before. */
  readonly steadyCycle: readonly PollFigures[];
  readonly lagging: {
    readonly links: number;
    readonly topics: number;
    readonly messagesBehind: number;
    readonly polls: readonly PollFigures[];
  };
  /** Why the first failed request of a kind failed. */
  readonly failures: Readonly<Partial<Record<RequestKind, string>>>;
}

export interface CoverageFigures {
  readonly links: number;
  /** Polls from the first after the warm-up (a due poll) until every link's configs were read; null: not within the round. */
  readonly pollsToCover: number | null;
  readonly firstRound: readonly PollFigures[];
  readonly secondRound: readonly PollFigures[];
}

/** One poll of a poller process of its own; memory as `process.memoryUsage()` gives it. */
export interface MemoryPoll {
  /** The readiness reads were due (always false with readiness off). */
  readonly due: boolean;
  /** Heap used after a full garbage collection, before the poll. */
  readonly heapBeforeBytes: number;
  /** The most heap used in the poll: before any garbage collection in it, or at its end. */
  readonly peakHeapBytes: number;
  /** The most resident memory sampled while the poll ran. */
  readonly peakRssBytes: number;
  /** The most memory outside the heap (buffers, a response body's bytes) sampled while the poll ran. */
  readonly peakExternalBytes: number;
  /** The process's resident high-water mark (`maxRSS`) once the poll was done. */
  readonly maxRssBytes: number;
  /** Reads of the cluster-wide mirrors listing, and those that failed. */
  readonly listingReads: number;
  readonly listingFailures: number;
}

export interface MemoryModeFigures {
  readonly name: string;
  readonly on: boolean;
  /** The poller process's resident memory once started, before any poll: Node, the loader, the modules. */
  readonly startRssBytes: number;
  /** The polls after the baseline and the warm-up: cycles that start with their due poll. */
  readonly polls: readonly MemoryPoll[];
}

/** One estate's poller memory, off beside on, under the client's body cap or a larger one. */
export interface MemoryCaseFigures {
  readonly links: number;
  readonly topicsPerLink: number;
  /** Bytes of its cluster-wide mirrors listing, as the simulator sends it. */
  readonly clusterMirrorsBytes: number;
  /** The client's `maxBodyBytes` in the poller process. */
  readonly maxBodyBytes: number;
  /** True: the client's default cap, as the product ships; false: raised in the bench only. */
  readonly shipped: boolean;
  readonly modes: readonly MemoryModeFigures[];
}

export interface MemoryResults {
  /** The poller function's memory in the stack (`POLLER_MEMORY_MB`). */
  readonly functionMemoryMb: number;
  /** The V8 heap limits the poller process ran under, as Lambda derives them from that memory. */
  readonly nodeFlags: readonly string[];
  /** How often resident and external memory were sampled while a poll ran. */
  readonly sampleMs: number;
  readonly cases: readonly MemoryCaseFigures[];
}

/** One cluster of `links` links with `topicsPerLink` mirror topics each, every setting on it. */
export interface EstateFigures {
  readonly links: number;
  readonly topicsPerLink: number;
  /** Bytes of its cluster-wide mirrors listing, as the simulator sends it. */
  readonly clusterMirrorsBytes: number;
  readonly modes: readonly ModeFigures[];
}

export interface ReadinessReadsResults {
  readonly recordedAt: string;
  readonly budget: number;
  readonly pollIntervalMs: number;
  /** The config's defaults. */
  readonly readiness: ReadinessSettings;
  readonly partitions: number;
  /** The client's default body cap (`maxBodyBytes`), which every read, the listing included, is under. */
  readonly pageCapBytes: number;
  /** The estates requests and writes are counted on, the largest first. */
  readonly estates: readonly EstateFigures[];
  readonly coverage: CoverageFigures;
  readonly memory: MemoryResults;
}

export const SECTION_NAME = 'failover-readiness';

/** The section, markers included. */
export function renderReadinessReads(results: ReadinessReadsResults): string {
  const { readiness: r, coverage, estates } = results;
  const cycle = r.everyPolls;
  const modes = estates.flatMap((e) => e.modes);
  const all = [
    ...modes.flatMap((m) => [...m.firstCycle, ...m.steadyCycle, ...m.lagging.polls]),
    ...coverage.firstRound,
    ...coverage.secondRound,
  ];
  const agreed = all.every((p) => requestsOf(p) === p.simulatorRequests);
  const lagging = modes[0]?.lagging;
  const rows = <T>(row: (e: EstateFigures, m: ModeFigures) => T) =>
    estates.flatMap((e) => e.modes.map((m) => row(e, m)));
  return [
    `<!-- ${SECTION_NAME}: written by bench/readiness-reads.ts -->`,
    '## Failover readiness',
    '',
    `Written by \`npx tsx bench/readiness-reads.ts\` (run of ${results.recordedAt}), apart from the rest of this file. ` +
      'The real poll (`pollClusters`, the Confluent client over HTTP to the simulator, the SQLite store, ' +
      `${results.budget} detail requests per cluster and poll) polls one cluster of ` +
      `${estates.map((e) => `${count(e.links)} links with ${e.topicsPerLink} mirror topics (${count(topicsOf(e))} topics)`).join(', or of ')}, ` +
      `each topic of ${results.partitions} partitions, all ACTIVE and caught up, on a clock ` +
      `${results.pollIntervalMs / 60_000} minute apart; the simulator's offsets move on the same clock. Readiness is off, ` +
      "on with the config's defaults (`everyPolls: " +
      `${r.everyPolls}\`, \`configReadsPerPoll: ${r.configReadsPerPoll}\` with the tasks of those links, ` +
      `${MAX_STUCK_DESCRIBES} describes kept for newly stuck topics), ` +
      'or on with `dryRunFailover: true` (1 dry run a due poll), each on a fresh cluster in the same run. Each cluster ' +
      `gets its baseline and a warm-up poll, neither due, then cycles of ${cycle} polls that start with their due poll: ` +
      'the first (the config turn reads its links for the first time); one on the clock of the cycle as many cycles ' +
      "later as the cluster has links, when the turn is back at links it has read (what every cycle looks like once every link's " +
      'configs are read); then ' +
      `${lagging === undefined ? 'cycles' : `${lagging.polls.length / cycle} cycles with ${lagging.topics} topics lagging on ${lagging.links} links`}. ` +
      'Requests are counted by kind in a recording wrapper of the detail and readiness sources ' +
      `(the simulator's own count of detail requests ${agreed ? 'agreed in every poll' : 'differed in some polls'}); ` +
      "writes are the store's commits, each a conditional PutItem of the link's item in the DynamoDB store (a " +
      'transaction when it carries events), with the WCU its item would cost (1 per KB of the item as DynamoDB counts ' +
      'it, twice in a transaction; index writes left out). Requests and writes are counted and memory sampled; ' +
      'nothing is timed.',
    '',
    listingNote(results),
    '',
    `**Detail requests** over the cycle once the turn has been round (${sameRequests(modes) ? 'the first cycle made the same' : 'the first cycle differed'}), ` +
      `per kind; poll by poll, the due poll first. Readiness needs at least ${LOWER_BOUND} request a due poll, its ` +
      `cluster-wide mirrors read (refused or not), and may take at most that one, ${MAX_STUCK_DESCRIBES} describes, the config turn's ` +
      'configs and as many readiness tasks, and its dry runs (the last but one column, per setting). ' +
      "Readiness's requests are set aside before the parts are planned, and the task rotation is sized on the " +
      `whole budget: ${partsNote(estates)} ${tasksWithConfigsNote(all)}${describesNote(modes)}`,
    '',
    markdownTable(
      [
        'cluster',
        'readiness',
        ...REQUEST_KINDS.map((k) => KIND_NAMES[k]),
        'failed',
        'poll by poll',
        "readiness's in a due poll (least to most)",
        'most in a poll (budget)',
      ],
      rows((e, m) => [estateName(e, results.pageCapBytes), ...requestRow(m, results.budget)]),
      ['l', 'l', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'l', 'l', 'r', 'r', 'r'],
    ),
    '',
    '**Writes** (link commits) over the same cycles. A caught-up link whose configs are unchanged keeps nothing ' +
      "new. The first read of a link's configs is its baseline: it writes the link once, with no event (and its first " +
      `dry run likewise); once the turn has been round, a due poll writes nothing. The config turn's first time round ` +
      `lasts ${estates.map((e) => firstRoundNote(results, e.links)).join('; ')}.`,
    '',
    markdownTable(
      [
        'cluster',
        'readiness',
        'first cycle, poll by poll',
        'of them: configs read first / dry run first',
        'WCU',
        'once round, poll by poll',
        'WCU',
      ],
      rows((e, m) => [estateName(e, results.pageCapBytes), ...writeRow(m)]),
      ['l', 'l', 'r', 'r', 'r', 'r', 'r'],
    ),
    '',
    ...(lagging === undefined ? [] : laggingPart(results, lagging)),
    ...memoryPart(results),
    coveragePart(results),
    `<!-- /${SECTION_NAME} -->`,
  ].join('\n');
}

function topicsOf(e: { readonly links: number; readonly topicsPerLink: number }): number {
  return e.links * e.topicsPerLink;
}

/** An estate's name in the tables: links x topics a link, and whether its listing is over the cap. */
function estateName(e: EstateFigures, capBytes: number): string {
  return `${count(e.links)} x ${e.topicsPerLink}${e.clusterMirrorsBytes > capBytes ? ', listing refused' : ''}`;
}

/** Each estate's listing against the client's cap, and what the product does when it is over. */
function listingNote(results: ReadinessReadsResults): string {
  const cap = results.pageCapBytes;
  const largest = results.estates.reduce<EstateFigures | undefined>(
    (a, e) => (a === undefined || topicsOf(e) > topicsOf(a) ? e : a),
    undefined,
  );
  const perTopic = largest === undefined ? 0 : largest.clusterMirrorsBytes / Math.max(1, topicsOf(largest));
  const each = results.estates.map((e) => {
    const polls = e.modes.flatMap((m) => [...m.firstCycle, ...m.steadyCycle, ...m.lagging.polls]);
    const reads = polls.reduce((n, p) => n + p.requests.clusterMirrors, 0);
    const failed = polls.reduce((n, p) => n + p.failed.clusterMirrors, 0);
    const problem = e.modes.find((m) => m.failures.clusterMirrors !== undefined)?.failures.clusterMirrors;
    const why = problem === undefined ? '' : ` ("${problem}")`;
    const head = `of ${count(e.links)} x ${e.topicsPerLink} (${count(topicsOf(e))} topics) it is ${megabytes(e.clusterMirrorsBytes)}, ${(e.clusterMirrorsBytes / cap).toFixed(1)} times the cap`;
    if (e.clusterMirrorsBytes > cap)
      return `${head}: ${failed === reads ? `all ${reads} of its reads` : `${failed} of its ${reads} reads`} in this run were refused${why}`;
    if (failed === 0) return `${head}: each of its ${reads} reads in this run took it whole`;
    return `${head}: ${failed} of its ${reads} reads in this run failed${why}`;
  });
  return (
    "The cluster-wide mirrors listing (`links/-/mirrors`, one request a due poll) is read under the client's body " +
    `cap, like every other read (${mebibytes(cap)}, \`maxBodyBytes\`). As the simulator sends it, it takes about ` +
    `${count(Math.round(perTopic))} bytes a topic of ${results.partitions} partitions, so the cap holds about ` +
    `${count(roundTo(cap / Math.max(1, perTopic), 100))} topics. ${capitalised(each.join('; '))}. ` +
    'A refused listing counts as a failed detail read (the poller\'s "part of a poll failed" alarm watches those), ' +
    'and readiness and lag thresholds see no lag, stall or stuck transition on that cluster; config reads and dry ' +
    'runs go on. The product does not read it whole: the memory below shows what that would cost.'
  );
}

/** How long the config turn of a cluster of `links` takes to read every link once. */
function firstRoundNote(results: ReadinessReadsResults, links: number): string {
  const { readiness: r } = results;
  const due = Math.ceil(links / Math.max(1, r.configReadsPerPoll));
  const polls = (due - 1) * r.everyPolls + 1;
  return `${count(due)} due polls on ${count(links)} links (${count(polls)} polls, ${hours((polls * results.pollIntervalMs) / 60_000)} at ${results.pollIntervalMs / 60_000}-minute polls)`;
}

/** Whether the parts (tasks, a link's mirror topics) were read as much with readiness on as off. */
function partsNote(estates: readonly EstateFigures[]): string {
  const parts = (m: ModeFigures) =>
    m.steadyCycle.reduce((n, p) => n + p.requests.tasks + p.requests.mirrorTopics, 0);
  const notes = estates.flatMap((e) => {
    const off = e.modes.find((m) => m.readiness === null);
    if (off === undefined) return [];
    const differ = e.modes.filter((m) => m.readiness !== null && parts(m) !== parts(off));
    if (differ.length === 0) return [];
    return [
      `on ${count(e.links)} links the parts read ${parts(off)} with readiness off, ${differ.map((m) => `${parts(m)} ${m.name}`).join(', ')}`,
    ];
  });
  if (estates.every((e) => !e.modes.some((m) => m.readiness === null)))
    return 'the parts are read as they would be with readiness off.';
  if (notes.length === 0) return 'the parts read as many with readiness on as off.';
  return `${notes.join('; ')}.`;
}

/** Whether the config turn's links had their tasks read in the poll that read their configs, and by whom. */
function tasksWithConfigsNote(polls: readonly PollFigures[]): string {
  const configs = polls.reduce((n, p) => n + p.requests.configs, 0);
  if (configs === 0) return '';
  const withTasks = polls.reduce((n, p) => n + p.configsWithTasks, 0);
  const byReadiness = polls.reduce((n, p) => n + p.requests.readinessTasks, 0);
  const twice = polls.reduce((n, p) => n + p.tasksReadTwice, 0);
  return (
    "The config turn reads each of its links' tasks just before its configs (the readiness tasks), unless the " +
    `parts read that link's tasks in the same poll. Over every poll of this run, ${count(configs)} config reads were ` +
    `made, ${withTasks === configs ? 'each' : `${count(withTasks)} of them`} with the link's tasks read in the same ` +
    `poll (${count(byReadiness)} by readiness, ${count(withTasks - byReadiness)} by the parts' own reads); ` +
    `${twice === 0 ? "no link's tasks were read twice in a poll" : `${count(twice)} times a link's tasks were read twice in a poll`}.`
  );
}

/** The describes kept for newly stuck topics, when none was made. */
function describesNote(modes: readonly ModeFigures[]): string {
  const made = modes.reduce((n, m) => n + m.steadyCycle.reduce((s, p) => s + p.requests.describes, 0), 0);
  return made === 0 ? ' No topic is stuck, so no describe is made: the ones kept for them go unused.' : '';
}

/** The most requests readiness may take in a due poll with `settings`. */
function mostReadinessRequests(settings: ReadinessSettings): number {
  return LOWER_BOUND + MAX_STUCK_DESCRIBES + 2 * settings.configReadsPerPoll + settings.dryRunsPerPoll;
}

function requestRow(m: ModeFigures, budget: number): string[] {
  const polls = m.steadyCycle;
  const sum = (kind: RequestKind) => polls.reduce((n, p) => n + p.requests[kind], 0);
  const failed = REQUEST_KINDS.flatMap((k) => {
    const n = polls.reduce((s, p) => s + p.failed[k], 0);
    return n === 0 ? [] : [`${n} ${KIND_NAMES[k]}`];
  });
  const due = polls.filter((p) => p.due);
  const perDue = due.map((p) => READINESS_KINDS.reduce((n, k) => n + p.requests[k], 0));
  return [
    m.name,
    ...REQUEST_KINDS.map((k) => String(sum(k))),
    failed.length === 0 ? '0' : failed.join(', '),
    polls.map(requestsOf).join(' / '),
    due.length === 0 || m.readiness === null
      ? 'none due'
      : `${Math.max(...perDue)} (${LOWER_BOUND} to ${mostReadinessRequests(m.readiness)})`,
    `${Math.max(0, ...polls.map(requestsOf))} (${budget})`,
  ];
}

function writeRow(m: ModeFigures): string[] {
  const first = m.firstCycle;
  const sum = (polls: readonly PollFigures[], cause: WriteCause) =>
    polls.reduce((n, p) => n + p.writes[cause], 0);
  return [
    m.name,
    first.map(writesOf).join(' / '),
    `${sum(first, 'configsRead')} / ${sum(first, 'dryRun')}`,
    String(first.reduce((n, p) => n + p.wcu, 0)),
    m.steadyCycle.map(writesOf).join(' / '),
    String(m.steadyCycle.reduce((n, p) => n + p.wcu, 0)),
  ];
}

function laggingPart(results: ReadinessReadsResults, lagging: ModeFigures['lagging']): string[] {
  const cycle = results.readiness.everyPolls;
  const cycles = lagging.polls.length / cycle;
  const rows = results.estates.flatMap((e) =>
    e.modes.map((m) => {
      // The cycle's first poll: the due one with readiness on, the same slot with it off.
      const due = m.lagging.polls.filter((_, i) => i % cycle === 0);
      const others = m.lagging.polls.filter((_, i) => i % cycle !== 0);
      const list = (f: (p: PollFigures) => number) => (due.length === 0 ? '-' : due.map(f).join(', '));
      return [
        estateName(e, results.pageCapBytes),
        m.name,
        list(writesOf),
        list((p) => p.writes.laggingTopic),
        list((p) => p.writes.configsRead),
        list((p) => p.writes.dryRun),
        String(Math.max(0, ...others.map(writesOf))),
        list((p) => p.wcu),
        kilobytes(Math.max(0, ...m.lagging.polls.map((p) => p.largestItemBytes))),
        String(m.lagging.polls.reduce((n, p) => n + p.events, 0)),
      ];
    }),
  );
  return [
    `**Lagging topics.** Then ${lagging.topics} topics lag on ${lagging.links} links (${Math.ceil(lagging.links / 2)} ` +
      `links with two), ${count(lagging.messagesBehind)} messages behind on partition 0 and fetched at the rate ` +
      `produced: their offsets move, their lag holds (no stall, no event). Over ${cycles} cycles: the writes of each ` +
      'due poll, by cause (a link with a lagging topic counted under it, whatever else the poll did to it). Where the ' +
      'listing is read, one write a due poll per link with a lagging topic is expected, whatever its count of ' +
      'lagging topics: the progress of its topics is kept in its own item and moves at every read ' +
      '([docs/readiness.md](../docs/readiness.md)); polls between write nothing. Where it is refused, readiness sees ' +
      'no lag. The config turn, here in its first time round, adds the baselines of the links it reads.',
    '',
    markdownTable(
      [
        'cluster',
        'readiness',
        "writes a due poll (the cycle's first)",
        'links with a lagging topic',
        'links whose configs were read',
        'links dry-run',
        'writes in other polls (most)',
        'WCU a due poll',
        'largest link item',
        'events',
      ],
      rows,
      ['l', 'l', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r'],
    ),
    '',
  ];
}

/** A memory case's name: its estate, its listing, the cap it was read under. */
function caseName(c: MemoryCaseFigures): string {
  return (
    `${count(c.links)} x ${c.topicsPerLink}, ${c.shipped ? 'as shipped' : 'read whole'} ` +
    `(${megabytes(c.clusterMirrorsBytes)} listing, cap ${mebibytes(c.maxBodyBytes)}${c.shipped ? '' : ', raised in the bench only'})`
  );
}

const growth = (p: MemoryPoll) => p.peakHeapBytes - p.heapBeforeBytes;
const most = (polls: readonly MemoryPoll[], f: (p: MemoryPoll) => number) => Math.max(0, ...polls.map(f));
const highWater = (modes: readonly MemoryModeFigures[]) =>
  Math.max(0, ...modes.flatMap((m) => m.polls.map((p) => p.maxRssBytes)));

/** The poller's memory in the cycle's first poll (due with readiness on) beside the polls between. */
function memoryPart(results: ReadinessReadsResults): string[] {
  const { memory } = results;
  const cycle = results.readiness.everyPolls;
  if (memory.cases.length === 0) return [];
  const split = (m: MemoryModeFigures) => ({
    first: m.polls.filter((_, i) => i % cycle === 0),
    between: m.polls.filter((_, i) => i % cycle !== 0),
  });
  /** How much more the cycle's first poll grew the heap than any poll between did. */
  const extra = (m: MemoryModeFigures) => {
    const { first, between } = split(m);
    return most(first, growth) - most(between, growth);
  };
  const rows = memory.cases.flatMap((c) =>
    c.modes.map((m) => {
      const { first, between } = split(m);
      return [
        caseName(c),
        m.name,
        mebibytes(most(m.polls, (p) => p.heapBeforeBytes)),
        `${mebibytes(most(first, (p) => p.peakHeapBytes))} (+${mebibytes(most(first, growth))})`,
        `${mebibytes(most(between, (p) => p.peakHeapBytes))} (+${mebibytes(most(between, growth))})`,
        signedMebibytes(extra(m)),
        `${mebibytes(most(first, (p) => p.peakExternalBytes))} / ${mebibytes(most(between, (p) => p.peakExternalBytes))}`,
        mebibytes(m.startRssBytes),
        first.map((p) => mebibytes(p.peakRssBytes)).join(', '),
        mebibytes(highWater([m])),
      ];
    }),
  );
  const sampled = memory.cases[0]?.modes[0];
  const cycles = sampled === undefined ? 0 : Math.floor(sampled.polls.length / cycle);
  const offExtras = memory.cases.flatMap((c) => c.modes.filter((m) => !m.on).map(extra));
  return [
    '**Memory.** Each case and setting below has its poller in a process of its own, ' +
      `under the V8 heap limits Lambda derives from the poller's ${memory.functionMemoryMb} MB ` +
      `(\`${memory.nodeFlags.join(' ')}\`), polling a fresh cluster of the case's size served from the measuring ` +
      "process: the figures are the poller's with the SQLite store (in place of the DynamoDB client) and the " +
      "TypeScript loader the bench runs under, not the simulator's. The first case is the product as shipped, on an " +
      'estate whose listing fits the cap; the second reads the listing the product refuses whole, its client given ' +
      'a larger `maxBodyBytes` in this bench only: what reading it whole would cost. Each poll follows a full ' +
      'garbage collection. Its peak heap is the most `used_heap_size` V8 reports before any garbage collection in ' +
      'the poll (`v8.GCProfiler`) or at its end: heap use falls only at a collection, so this is its high-water ' +
      'mark, the parse of the listing included. Resident and external memory (`process.memoryUsage()` `rss`, ' +
      `\`external\`) are sampled every ${memory.sampleMs} ms while it runs; the process's resident high-water mark ` +
      `is \`process.resourceUsage().maxRSS\`. After a baseline and a warm-up poll, ${cycles} cycles of ${cycle} polls: ` +
      `the cycle's first poll (the due one; with readiness off, the same slot) beside the ${cycle - 1} polls between, ` +
      'the most over the cycles unless each is given.' +
      (offExtras.length === 0
        ? ''
        : ` With readiness off, the same slot's heap growth differs from the polls between by ` +
          `${offExtras.map(signedMebibytes).join(', ')}: the noise of this measure.`),
    '',
    markdownTable(
      [
        'case',
        'readiness',
        'heap before a poll, after GC',
        "peak heap, cycle's first poll (growth)",
        'peak heap, polls between (growth)',
        'growth, first less between',
        'external, first / between (sampled)',
        'resident before any poll',
        "resident in each cycle's first poll (sampled)",
        'resident high-water (maxRSS)',
      ],
      rows,
      ['l', 'l', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r'],
    ),
    '',
    ...memory.cases.flatMap((c) => {
      const on = c.modes.filter((m) => m.on);
      return on.length === 0 ? [] : [headroomNote(results, c, on, Math.max(...on.map(extra))), ''];
    }),
  ];
}

/** What one case's due poll adds, and what the function's memory leaves once it does. */
function headroomNote(
  results: ReadinessReadsResults,
  c: MemoryCaseFigures,
  on: readonly MemoryModeFigures[],
  listingHeap: number,
): string {
  const { memory } = results;
  const off = c.modes.filter((m) => !m.on);
  const limit = memory.functionMemoryMb * 1024 * 1024;
  const due = on.flatMap((m) => m.polls.filter((p) => p.due));
  const reads = due.reduce((n, p) => n + p.listingReads, 0);
  const failures = due.reduce((n, p) => n + p.listingFailures, 0);
  const external = most(due, (p) => p.peakExternalBytes);
  const onMax = highWater(on);
  const offMax = highWater(off);
  const left =
    onMax <= limit
      ? `${mebibytes(limit - onMax)} (${Math.round((100 * (limit - onMax)) / limit)}%) under it`
      : `${mebibytes(onMax - limit)} over it`;
  const read =
    failures === 0
      ? `the listing read whole at each of the ${due.length} due polls`
      : `${failures} of the ${reads} reads of the listing at the ${due.length} due polls failed`;
  return (
    `**${caseName(c)}:** ${read}. With readiness on, a due poll's heap peaks ${mebibytes(listingHeap)} higher above ` +
    `its start than any poll between: the listing (${count(c.links * c.topicsPerLink)} topics) decoded, parsed and ` +
    `folded into the links, ${(listingHeap / Math.max(1, c.clusterMirrorsBytes)).toFixed(1)} times its size; its ` +
    `body's bytes sit outside the heap (external memory up to ${mebibytes(external)}).` +
    (off.length === 0
      ? ''
      : ` The poller process's resident high-water mark was ${mebibytes(onMax)} with readiness on, ` +
        `${mebibytes(offMax)} off: the due poll adds ${mebibytes(onMax - offMax)}, ` +
        `${Math.round((100 * (onMax - offMax)) / limit)}% of the function's ${memory.functionMemoryMb} MB ` +
        `(taken as ${mebibytes(limit)})${risesWhenDue(on, results.readiness.everyPolls) ? ', and it rose only in due polls' : ''}.`) +
    ` Against the function's memory, the high-water mark with readiness on is ${left}, the loader and the SQLite ` +
    `store counted in (${mebibytes(Math.max(...on.map((m) => m.startRssBytes)))} resident before any poll).` +
    (c.shipped || onMax <= limit ? '' : " This is why the product keeps the listing under the client's cap.")
  );
}

/** True when each process's resident high-water mark rose only in the cycles' first (due) polls. */
function risesWhenDue(modes: readonly MemoryModeFigures[], cycle: number): boolean {
  return modes.every((m) =>
    m.polls.every((p, i) => i % cycle === 0 || p.maxRssBytes <= (m.polls[i - 1]?.maxRssBytes ?? 0)),
  );
}

function coveragePart(results: ReadinessReadsResults): string {
  const { readiness: r, coverage } = results;
  const minutes = results.pollIntervalMs / 60_000;
  const row = (links: number, measured: string, firstWrites: string, secondWrites: string) => {
    const due = Math.ceil(links / Math.max(1, r.configReadsPerPoll));
    const fromDue = (due - 1) * r.everyPolls + 1;
    return [
      count(links),
      String(r.configReadsPerPoll),
      count(due),
      count(fromDue),
      count(due * r.everyPolls),
      measured,
      hours(due * r.everyPolls * minutes),
      firstWrites,
      secondWrites,
    ];
  };
  const writes = (polls: readonly PollFigures[]) => count(polls.reduce((n, p) => n + writesOf(p), 0));
  return [
    `**Every link's configs once.** A due poll reads the configs of ${r.configReadsPerPoll} links, in name order from ` +
      `where the last due poll stopped: a cluster takes ceil(links / ${r.configReadsPerPoll}) due polls, ` +
      `(due polls - 1) x ${r.everyPolls} + 1 polls counted from a due poll, at most due polls x ${r.everyPolls} from any ` +
      `poll. Measured on ${count(coverage.links)} links from the first poll after the warm-up (a due poll), the turn ` +
      'run round twice; computed for the estates above (their turns are too long a run: first-round writes are one ' +
      'per link, second-round ones as measured in the cycle once round above).',
    '',
    markdownTable(
      [
        'links',
        'configs a due poll',
        'due polls to read all',
        'polls, from a due poll',
        'polls, at most',
        'measured',
        `at most, at ${minutes}-minute polls`,
        'writes, first time round',
        'writes, second time round',
      ],
      [
        row(
          coverage.links,
          coverage.pollsToCover === null ? 'not within the round' : String(coverage.pollsToCover),
          writes(coverage.firstRound),
          writes(coverage.secondRound),
        ),
        ...results.estates.map((e) => row(e.links, 'not run', `${count(e.links)} (one a link)`, '0')),
      ],
      ['r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r'],
    ),
  ].join('\n');
}

function requestsOf(p: PollFigures): number {
  return REQUEST_KINDS.reduce((n, k) => n + p.requests[k], 0);
}

function writesOf(p: PollFigures): number {
  return WRITE_CAUSES.reduce((n, c) => n + p.writes[c], p.clusterCommits);
}

/** True when each setting's first cycle made the requests of its cycle once round, kind by kind. */
function sameRequests(modes: readonly ModeFigures[]): boolean {
  return modes.every(
    (m) =>
      m.firstCycle.length === m.steadyCycle.length &&
      m.firstCycle.every((p, i) =>
        REQUEST_KINDS.every((k) => p.requests[k] === m.steadyCycle[i]?.requests[k]),
      ),
  );
}

function count(n: number): string {
  return n.toLocaleString('en-US');
}

function mebibytes(bytes: number): string {
  return `${Number((bytes / (1024 * 1024)).toFixed(1))} MiB`;
}

function megabytes(bytes: number): string {
  return `${(bytes / 1_000_000).toFixed(1)} MB`;
}

function roundTo(n: number, step: number): number {
  return Math.round(n / step) * step;
}

function capitalised(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function signedMebibytes(bytes: number): string {
  return `${bytes < 0 ? '-' : '+'}${mebibytes(Math.abs(bytes))}`;
}

function kilobytes(bytes: number): string {
  return bytes === 0 ? '-' : `${(bytes / 1024).toFixed(1)} KB`;
}

function hours(minutes: number): string {
  return minutes < 60 ? `${minutes} min` : `${(minutes / 60).toFixed(1)} h`;
}

/** `doc` (the whole of `bench/RESULTS.md`) with this section replaced or added. */
export function withSection(doc: string, section: string): string {
  return withWrittenSection(doc, SECTION_NAME, section);
}
