/**
 * Writes `docs/reliability.md`: every place a poll can fail with the metric and the alarm that
 * watch it (from `infra/constructs/poll-failure-paths.ts`), then what the fault suite recorded
 * (`reports/reliability/*.jsonl`, one JSON line per case, written by `test/integration/faults/`):
 * every case tried, what was injected, what the monitor did, and how the invariants came out.
 *
 * Usage: npx vitest run test/integration/faults && npx tsx scripts/reliability-report.ts [--out docs/reliability.md]
 * or, to rewrite only the failure paths without the fault suite's output:
 * npx tsx scripts/reliability-report.ts --failure-paths [--out docs/reliability.md]
 * (`test/unit/docs/reliability-failure-paths.test.ts` fails while they are stale).
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { POLL_FAILURE_PATHS } from '../infra/constructs/poll-failure-paths.js';
import { INVARIANT_DESCRIPTIONS, type InvariantName } from './invariant-catalog.js';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const SOURCE_DIR = join(ROOT, 'reports/reliability');

interface Verdict {
  readonly name: InvariantName;
  readonly passed: boolean;
  readonly violations: readonly string[];
}

interface CaseLine {
  readonly suite: string;
  readonly category: string;
  readonly name: string;
  readonly injected: string;
  readonly monitor: readonly string[];
  readonly invariants?: {
    readonly verdicts: readonly Verdict[];
    readonly stats: {
      events: number;
      transitionsChecked: number;
      publishAttempts: number;
      deliveredEvents: number;
    };
  };
  readonly seed?: number;
  readonly strict?: boolean;
  readonly passed: boolean;
  readonly recordedAt: string;
}

const SECTIONS: readonly [string, string, string][] = [
  [
    'rest',
    'Confluent REST faults',
    'Injected with the Confluent simulator, or a fault server standing in front of it.',
  ],
  [
    'store',
    'DynamoDB faults',
    'Injected with a middleware inside the SDK retry loop of the real client talking to DynamoDB Local.',
  ],
  [
    'notify',
    'SNS and Slack faults',
    'SNS faults from the local AWS endpoint (real SDK client) or a failing notifier; Slack faults from a local HTTP server.',
  ],
  [
    'lambda',
    'Lambda-level faults',
    'Deadlines, redelivered events and overlapping invocations, against DynamoDB Local.',
  ],
  [
    'soak',
    'Randomised soak',
    'A seeded random timeline of link changes and faults; replay a seed with `SOAK_SEED=<seed>`.',
  ],
  [
    'bad-input',
    'Bad input (property-based)',
    'fast-check properties over the response parser, the client on a real socket, the poller, and the config loader.',
  ],
  [
    'hostile',
    'One odd link (property-based, real poll)',
    "The real poll (client on a socket, parser, diff, DynamoDB Local, SNS notifier on the local endpoint) over listings where one link carries what a hostile server may send. Invariant: every other link's change in the same listing, and every later change, is recorded and notified in that poll or the next; what fails for the odd link is reported against it (`LinkFailures`, quarantine), never silently; nothing stays pending.",
  ],
  ['security', 'Security', 'Everything printed, stored and published is searched for every credential.'],
];

function readCases(): CaseLine[] {
  let files: string[];
  try {
    files = readdirSync(SOURCE_DIR)
      .filter((f) => f.endsWith('.jsonl'))
      .sort();
  } catch {
    throw new Error(`No ${SOURCE_DIR}: run the fault suite first (npx vitest run test/integration/faults)`);
  }
  return files.flatMap((file) =>
    readFileSync(join(SOURCE_DIR, file), 'utf8')
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => JSON.parse(line) as CaseLine),
  );
}

function escapeCell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

const FAILURE_PATHS_START = '<!-- failure-paths: written by scripts/reliability-report.ts -->';
const FAILURE_PATHS_END = '<!-- /failure-paths -->';
const FAILURE_PATHS_BLOCK = /<!-- failure-paths: [^>]*-->\n[\s\S]*?<!-- \/failure-paths -->/;

/** The failure paths section, between its markers, from `POLL_FAILURE_PATHS`. */
export function renderFailurePaths(): string {
  const code = (text: string) => `\`${text}\``;
  return [
    FAILURE_PATHS_START,
    '## Failure paths and their alarms',
    '',
    'Every place a poll can fail, what it leaves waiting, the poller metrics that count it and the alarm that raises it',
    '(`infra/constructs/poll-failure-paths.ts`; `test/infra/poll-failure-alarms.test.ts` holds this table to the metrics',
    'the poller writes and to the synthesized alarms). `IsolatedFailures` is one count of every failure that did not stop',
    'the poll, but a failed listing (one is often a blip; `ClustersUnreachable` counts the ones that repeat). Its alarm reads',
    'its sum over 5 minutes, or two schedule intervals when they are longer: a step that fails on every poll raises it',
    "within that period. The poller's log names the cluster (`cluster poll failed`, `cluster links failed`, `cluster not polled`).",
    '',
    '| Where a poll fails | What waits, and until when | Counted in | Alarm | The alarm reads (metric, namespace, dimensions) |',
    '| --- | --- | --- | --- | --- |',
    ...POLL_FAILURE_PATHS.map((path) =>
      [
        '',
        escapeCell(path.step),
        escapeCell(path.leaves),
        path.metrics.length === 0 ? 'AWS only' : path.metrics.map(code).join(', '),
        code(path.alarm),
        `${code(path.alarmMetric.name)} in ${code(path.alarmMetric.namespace)} by ${path.alarmMetric.dimensions.map(code).join(', ')}`,
        '',
      ]
        .join(' | ')
        .trim(),
    ),
    FAILURE_PATHS_END,
  ].join('\n');
}

/** `doc` with its failure paths section rewritten; an error when it has none. */
export function withFailurePaths(doc: string): string {
  if (!FAILURE_PATHS_BLOCK.test(doc)) throw new Error('no failure paths section to rewrite');
  return doc.replace(FAILURE_PATHS_BLOCK, () => renderFailurePaths());
}

/** The failure paths section of `doc`, between its markers, or null. */
export function failurePathsOf(doc: string): string | null {
  return FAILURE_PATHS_BLOCK.exec(doc)?.[0] ?? null;
}

function invariantSummary(c: CaseLine): string {
  if (c.invariants === undefined) return 'Not applicable (the case asserts its own property).';
  const failed = c.invariants.verdicts.filter((v) => !v.passed);
  const s = c.invariants.stats;
  const counts = `${s.events} history events, ${s.transitionsChecked} recorded transitions, ${s.publishAttempts} publish attempts, ${s.deliveredEvents} event deliveries`;
  const mode = c.strict
    ? 'strict: every transition of the timeline required'
    : 'every transition a complete poll saw required';
  if (failed.length === 0) return `All ${c.invariants.verdicts.length} held (${mode}; ${counts}).`;
  return [
    `${failed.length} of ${c.invariants.verdicts.length} FAILED (${counts}):`,
    ...failed.flatMap((v) => [`  - \`${v.name}\``, ...v.violations.map((m) => `    - ${m}`)]),
  ].join('\n');
}

export function renderReport(cases: readonly CaseLine[]): string {
  const latest =
    cases
      .map((c) => c.recordedAt)
      .sort()
      .at(-1) ?? '';
  const out: string[] = [
    '# Reliability and security: what was tried',
    '',
    '<!-- Generated by scripts/reliability-report.ts from reports/reliability/*.jsonl; do not edit by hand. -->',
    '',
    `Generated from the fault suite's own output (\`test/integration/faults/\`, run of ${latest.slice(0, 10)}). Every case runs against real local servers:`,
    'the Confluent simulator or a scriptable fault server on 127.0.0.1, DynamoDB Local, the local SNS/Secrets Manager endpoint,',
    'and the real `ConfluentLinksClient`, `DynamoDbLinkStateStore`, `SnsNotifier`, poller and Slack function.',
    '',
    'Regenerate with `npx vitest run test/integration/faults && npx tsx scripts/reliability-report.ts`.',
    '',
    renderFailurePaths(),
    '',
    '## Invariants',
    '',
    'After each fault case the faults are cleared, three clean polls run a minute apart, and `test/support/invariants.ts` checks:',
    '',
    ...(Object.entries(INVARIANT_DESCRIPTIONS) as [InvariantName, string][]).map(
      ([name, text]) => `- \`${name}\`: ${text}.`,
    ),
    '',
    'Strict cases require history to hold every transition of the simulated timeline (each change outlived the fault);',
    'the others (where a change came and went while no poll could see it) require every transition a complete poll saw, and nothing that did not happen.',
    '',
    '## Summary',
    '',
    '| Area | Cases | Passed | Invariant checks failed |',
    '| --- | ---: | ---: | ---: |',
  ];
  for (const [category, title] of SECTIONS) {
    const inArea = cases.filter((c) => c.category === category);
    if (inArea.length === 0) continue;
    const failedChecks = inArea.reduce(
      (n, c) => n + (c.invariants?.verdicts.filter((v) => !v.passed).length ?? 0),
      0,
    );
    out.push(`| ${title} | ${inArea.length} | ${inArea.filter((c) => c.passed).length} | ${failedChecks} |`);
  }
  for (const [category, title, how] of SECTIONS) {
    const inArea = cases.filter((c) => c.category === category);
    if (inArea.length === 0) continue;
    out.push('', `## ${title}`, '', how);
    for (const c of inArea) {
      out.push(
        '',
        `### ${c.name}${c.passed ? '' : ' (FAILED)'}`,
        '',
        `**Injected:** ${escapeCell(c.injected)}${c.seed === undefined ? '' : ` Seed: \`${c.seed}\`.`}`,
        '',
        '**What the monitor did:**',
        '',
        ...c.monitor.map((line) => `- ${line.replace(/\s+/g, ' ')}`),
        '',
        `**Invariants:** ${invariantSummary(c)}`,
      );
    }
  }
  return `${out.join('\n')}\n`;
}

function main(): void {
  const outIndex = process.argv.indexOf('--out');
  const target = join(
    ROOT,
    outIndex > 0 ? (process.argv[outIndex + 1] ?? 'docs/reliability.md') : 'docs/reliability.md',
  );
  if (process.argv.includes('--failure-paths')) {
    writeFileSync(target, withFailurePaths(readFileSync(target, 'utf8')));
    console.log(`${target}: failure paths rewritten`);
    return;
  }
  const cases = readCases();
  writeFileSync(target, renderReport(cases));
  const failed = cases.filter((c) => !c.passed).length;
  console.log(`${target}: ${cases.length} cases, ${failed} failed`);
  if (failed > 0) process.exitCode = 1;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) main();
