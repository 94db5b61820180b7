/**
 * The "Failover readiness" section of `bench/RESULTS.md` (`bench/readiness-reads.ts` measures it):
 * the detail requests and store writes of readiness off, on and on with dry runs, side by side,
 * per poll of a cycle; the writes of lagging topics; the polls the config turn takes to read
 * every link once.
 */
import type { ReadinessSettings } from '../core/poll/poll-settings.js';
import { markdownTable } from './markdown-table.js';
import { withWrittenSection } from './written-sections.js';

/** The detail requests a poll makes, by the source method that makes them. */
export const REQUEST_KINDS = [
  'tasks',
  'mirrorTopics',
  'clusterMirrors',
  'configs',
  'describes',
  'dryRuns',
] as const;
export type RequestKind = (typeof REQUEST_KINDS)[number];

/** Readiness's own requests: the rest are the parts' (tasks, a link's mirror topics). */
const READINESS_KINDS: readonly RequestKind[] = ['clusterMirrors', 'configs', 'describes', 'dryRuns'];

/** What readiness needs at least in a due poll: the cluster-wide mirrors read. */
const LOWER_BOUND = 1;

const KIND_NAMES: Readonly<Record<RequestKind, string>> = {
  tasks: 'tasks',
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
  readonly on: boolean;
  readonly maxBodyBytes: number;
  readonly bodyCapIsDefault: boolean;
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

export interface ReadinessReadsResults {
  readonly recordedAt: string;
  readonly budget: number;
  readonly pollIntervalMs: number;
  /** The config's defaults. */
  readonly readiness: ReadinessSettings;
  readonly links: number;
  readonly topicsPerLink: number;
  readonly partitions: number;
  /** Bytes of the large cluster's cluster-wide mirrors listing, as the simulator sends it. */
  readonly clusterMirrorsBytes: number;
  readonly modes: readonly ModeFigures[];
  readonly coverage: CoverageFigures;
}

export const SECTION_NAME = 'failover-readiness';

/** The section, markers included. */
export function renderReadinessReads(results: ReadinessReadsResults): string {
  const { readiness: r, coverage } = results;
  const cycle = r.everyPolls;
  const all = results.modes.flatMap((m) => [...m.firstCycle, ...m.steadyCycle, ...m.lagging.polls]);
  const agreed = [...all, ...coverage.firstRound, ...coverage.secondRound].every(
    (p) => requestsOf(p) === p.simulatorRequests,
  );
  const lagging = results.modes[0]?.lagging;
  const topics = results.links * results.topicsPerLink;
  return [
    `<!-- ${SECTION_NAME}: written by bench/readiness-reads.ts -->`,
    '## Failover readiness',
    '',
    `Written by \`npx tsx bench/readiness-reads.ts\` (run of ${results.recordedAt}), apart from the rest of this file. ` +
      'The real poll (`pollClusters`, the Confluent client over HTTP to the simulator, the SQLite store, ' +
      `${results.budget} detail requests per cluster and poll) polls one cluster of ${count(results.links)} links with ` +
      `${results.topicsPerLink} mirror topics of ${results.partitions} partitions each (${count(topics)} topics), all ` +
      `ACTIVE and caught up, on a clock ${results.pollIntervalMs / 60_000} minute apart; the simulator's offsets move on ` +
      "the same clock. Readiness is off, on with the config's defaults (`everyPolls: " +
      `${r.everyPolls}\`, \`configReadsPerPoll: ${r.configReadsPerPoll}\`, 2 describes kept for newly stuck topics), ` +
      'or on with `dryRunFailover: true` (1 dry run a due poll), each on a fresh cluster in the same run. Each cluster ' +
      `gets its baseline and a warm-up poll, neither due, then cycles of ${cycle} polls that start with their due poll: ` +
      'the first (the config turn reads its links for the first time); one on the clock of the cycle ' +
      `${count(results.links)} cycles later, when the turn is back at links it has read (what every cycle looks like ` +
      "once every link's configs are read); then " +
      `${lagging === undefined ? 'cycles' : `${lagging.polls.length / cycle} cycles with ${lagging.topics} topics lagging on ${lagging.links} links`}. ` +
      'Requests are counted by kind in a recording wrapper of the detail and readiness sources ' +
      `(the simulator's own count of detail requests ${agreed ? 'agreed in every poll' : 'differed in some polls'}); ` +
      "writes are the store's commits, each a conditional PutItem of the link's item in the DynamoDB store (a " +
      'transaction when it carries events), with the WCU its item would cost (1 per KB of the item as DynamoDB counts ' +
      'it, twice in a transaction; index writes left out). Requests and writes are counted, not timed.',
    '',
    capNote(results),
    '',
    `**Detail requests** over the cycle once the turn has been round (${sameRequests(results.modes) ? 'the first cycle made the same' : 'the first cycle differed'}), ` +
      `per kind; poll by poll, the due poll first. Readiness needs at least ${LOWER_BOUND} request a due poll, its ` +
      "cluster-wide mirrors read; the config turn and dry runs are what the settings ask for. Readiness's requests are " +
      `set aside before the parts are planned, and the task rotation is sized on the whole budget: ${partsNote(results.modes)}` +
      `${describesNote(results.modes)}`,
    '',
    markdownTable(
      [
        'readiness',
        'body cap',
        ...REQUEST_KINDS.map((k) => KIND_NAMES[k]),
        'failed',
        'poll by poll',
        "readiness's in a due poll (lower bound)",
        'most in a poll (budget)',
      ],
      results.modes.map((m) => requestRow(m, results.budget)),
      ['l', 'l', 'r', 'r', 'r', 'r', 'r', 'r', 'l', 'r', 'r', 'r'],
    ),
    '',
    '**Writes** (link commits) over the same cycles. A caught-up link whose configs are unchanged keeps nothing ' +
      "new. The first read of a link's configs is its baseline: it writes the link once, with no event (and its first " +
      `dry run likewise); once the turn has been round, a due poll writes nothing. On this cluster the config turn's ` +
      `first time round lasts ${firstRoundNote(results)}.`,
    '',
    markdownTable(
      [
        'readiness',
        'body cap',
        'first cycle, poll by poll',
        'of them: configs read first / dry run first',
        'WCU',
        'once round, poll by poll',
        'WCU',
      ],
      results.modes.map(writeRow),
      ['l', 'l', 'r', 'r', 'r', 'r', 'r'],
    ),
    '',
    ...(lagging === undefined ? [] : laggingPart(results, lagging)),
    coveragePart(results),
    `<!-- /${SECTION_NAME} -->`,
  ].join('\n');
}

function capNote(results: ReadinessReadsResults): string {
  const topics = results.links * results.topicsPerLink;
  const perTopic = results.clusterMirrorsBytes / Math.max(1, topics);
  const refused = results.modes.filter(
    (m) => m.on && m.bodyCapIsDefault && m.failures.clusterMirrors !== undefined,
  );
  const defaultCap = results.modes.find((m) => m.bodyCapIsDefault)?.maxBodyBytes ?? 0;
  const head =
    `The cluster-wide mirrors listing (\`links/-/mirrors\`, one request) of ${count(topics)} topics is ` +
    `${megabytes(results.clusterMirrorsBytes)} as the simulator sends it, about ${count(Math.round(perTopic))} bytes a ` +
    `topic of ${results.partitions} partitions`;
  if (refused.length === 0)
    return `${head}: within the client's default body cap (${mebibytes(defaultCap)}, \`maxBodyBytes\`).`;
  return (
    `${head}: over the client's default body cap (${mebibytes(defaultCap)}, \`maxBodyBytes\`), which holds about ` +
    `${count(Math.floor(defaultCap / perTopic))} such topics. With the default, the read is refused at every due poll ` +
    `("${refused[0]?.failures.clusterMirrors}"), counted as a failed detail read, and readiness learns no lag, stall ` +
    'or stuck transition of this cluster (its lagging links below are not written: they are not seen); its configs ' +
    `and dry runs go on. The rows with a ${mebibytes(Math.max(...results.modes.map((m) => m.maxBodyBytes)))} cap ` +
    'show the cost once the listing is read.'
  );
}

/** How long the config turn of the large cluster takes to read every link once. */
function firstRoundNote(results: ReadinessReadsResults): string {
  const { readiness: r } = results;
  const due = Math.ceil(results.links / Math.max(1, r.configReadsPerPoll));
  const polls = (due - 1) * r.everyPolls + 1;
  return `${count(due)} due polls (${count(polls)} polls, ${hours((polls * results.pollIntervalMs) / 60_000)} at ${results.pollIntervalMs / 60_000}-minute polls)`;
}

/** Whether the parts (tasks, a link's mirror topics) were read as much with readiness on as off. */
function partsNote(modes: readonly ModeFigures[]): string {
  const parts = (m: ModeFigures) =>
    m.steadyCycle.reduce((n, p) => n + p.requests.tasks + p.requests.mirrorTopics, 0);
  const off = modes.find((m) => !m.on);
  if (off === undefined) return 'the parts are read as they would be with readiness off.';
  const differ = modes.filter((m) => m.on && parts(m) !== parts(off));
  if (differ.length === 0) return 'the parts read as many with readiness on as off.';
  return `the parts read ${parts(off)} with readiness off, ${differ.map((m) => `${parts(m)} ${m.name}`).join(', ')}.`;
}

/** The describes kept for newly stuck topics, when none was made. */
function describesNote(modes: readonly ModeFigures[]): string {
  const made = modes.reduce((n, m) => n + m.steadyCycle.reduce((s, p) => s + p.requests.describes, 0), 0);
  return made === 0 ? ' No topic is stuck, so no describe is made: the ones kept for them go unused.' : '';
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
    capCell(m),
    ...REQUEST_KINDS.map((k) => String(sum(k))),
    failed.length === 0 ? '0' : failed.join(', '),
    polls.map(requestsOf).join(' / '),
    due.length === 0 ? 'none due' : `${Math.max(...perDue)} (${LOWER_BOUND})`,
    `${Math.max(0, ...polls.map(requestsOf))} (${budget})`,
  ];
}

function writeRow(m: ModeFigures): string[] {
  const first = m.firstCycle;
  const sum = (polls: readonly PollFigures[], cause: WriteCause) =>
    polls.reduce((n, p) => n + p.writes[cause], 0);
  return [
    m.name,
    capCell(m),
    first.map(writesOf).join(' / '),
    `${sum(first, 'configsRead')} / ${sum(first, 'dryRun')}`,
    String(first.reduce((n, p) => n + p.wcu, 0)),
    m.steadyCycle.map(writesOf).join(' / '),
    String(m.steadyCycle.reduce((n, p) => n + p.wcu, 0)),
  ];
}

function laggingPart(results: ReadinessReadsResults, lagging: ModeFigures['lagging']): string[] {
  const cycles = lagging.polls.length / results.readiness.everyPolls;
  const rows = results.modes.map((m) => {
    // The cycle's first poll: the due one with readiness on, the same slot with it off.
    const due = m.lagging.polls.filter((_, i) => i % results.readiness.everyPolls === 0);
    const others = m.lagging.polls.filter((_, i) => i % results.readiness.everyPolls !== 0);
    const list = (f: (p: PollFigures) => number) => (due.length === 0 ? '-' : due.map(f).join(', '));
    return [
      m.name,
      capCell(m),
      list(writesOf),
      list((p) => p.writes.laggingTopic),
      list((p) => p.writes.configsRead),
      list((p) => p.writes.dryRun),
      String(Math.max(0, ...others.map(writesOf))),
      list((p) => p.wcu),
      kilobytes(Math.max(0, ...m.lagging.polls.map((p) => p.largestItemBytes))),
      String(m.lagging.polls.reduce((n, p) => n + p.events, 0)),
    ];
  });
  return [
    `**Lagging topics.** Then ${lagging.topics} topics lag on ${lagging.links} links (${Math.ceil(lagging.links / 2)} ` +
      `links with two), ${count(lagging.messagesBehind)} messages behind on partition 0 and fetched at the rate ` +
      `produced: their offsets move, their lag holds (no stall, no event). Over ${cycles} cycles: the writes of each ` +
      'due poll, by cause. One write a due poll per link with a lagging topic is expected, whatever its count of ' +
      'lagging topics: the progress of its topics is kept in its own item and moves at every read ' +
      '([docs/readiness.md](../docs/readiness.md)); polls between write nothing. The config turn, here in its first ' +
      'time round, adds the baselines of the links it reads.',
    '',
    markdownTable(
      [
        'readiness',
        'body cap',
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
      'run round twice; computed for the large cluster (its turn is too long a run: its first-round writes are one ' +
      'per link, its second-round ones as measured in the cycle once round above).',
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
        row(results.links, 'not run', `${count(results.links)} (one a link)`, '0'),
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

function capCell(m: ModeFigures): string {
  if (!m.on) return '-';
  return `${mebibytes(m.maxBodyBytes)}${m.bodyCapIsDefault ? ' (default)' : ''}`;
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
