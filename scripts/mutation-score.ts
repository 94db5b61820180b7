/**
 * Writes `docs/mutation-score.md`: the mutation score of each mutated module, from the JSON report
 * of a Stryker run (`reports/mutation/mutation.json`, see `stryker.config.mjs`). The mutants that
 * configuration lists as equivalent (they change nothing a caller can observe) are counted apart,
 * with the reason; every other surviving mutant is listed, as a test still to write.
 *
 * Runs over part of the core add up: each run's modules replace the same modules of earlier runs
 * in `reports/mutation/modules.json`, and the page shows every module in it, each as of the last
 * run that mutated it. Delete that file to start over.
 *
 * Usage: npm run test:mutation (runs Stryker, then this), or on its own after a run:
 * npx tsx scripts/mutation-score.ts [--report reports/mutation/mutation.json]
 *   [--modules reports/mutation/modules.json] [--out docs/mutation-score.md]
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = fileURLToPath(new URL('../', import.meta.url));

interface Position {
  readonly line: number;
  readonly column: number;
}

interface ReportMutant {
  readonly id: string;
  readonly mutatorName: string;
  readonly replacement?: string;
  readonly location: { readonly start: Position; readonly end: Position };
  readonly status: string;
}

export interface MutationReport {
  readonly files: Readonly<
    Record<string, { readonly source: string; readonly mutants: readonly ReportMutant[] }>
  >;
}

/** A mutant that cannot be killed, as `stryker.config.mjs` lists it. */
export interface EquivalentMutant {
  readonly file: string;
  readonly mutatorName: string;
  readonly replacement: string;
  /** A stretch of the file's source that holds the mutated code. */
  readonly within: string;
  readonly reason: string;
}

const KILLED = new Set(['Killed', 'Timeout']);
const UNKILLED = new Set(['Survived', 'NoCoverage']);

/** Offset in `source` of a 1-based line and column (Stryker's report positions). */
function offsetOf(source: string, at: Position): number {
  let offset = 0;
  for (let line = 1; line < at.line; line += 1) offset = source.indexOf('\n', offset) + 1;
  return offset + at.column - 1;
}

export function isEquivalent(
  file: string,
  source: string,
  mutant: ReportMutant,
  equivalents: readonly EquivalentMutant[],
): EquivalentMutant | undefined {
  const start = offsetOf(source, mutant.location.start);
  const end = offsetOf(source, mutant.location.end);
  return equivalents.find((e) => {
    if (e.file !== file || e.mutatorName !== mutant.mutatorName || e.replacement !== mutant.replacement) {
      return false;
    }
    const at = source.indexOf(e.within);
    return at >= 0 && at <= start && end <= at + e.within.length;
  });
}

interface ModuleScore {
  readonly file: string;
  readonly killed: number;
  readonly unkilled: number;
  readonly equivalent: number;
  readonly other: number;
  readonly survivors: readonly string[];
}

export function scoreModules(
  report: MutationReport,
  equivalents: readonly EquivalentMutant[],
): ModuleScore[] {
  return Object.entries(report.files)
    .map(([file, { source, mutants }]) => {
      let killed = 0;
      let unkilled = 0;
      let equivalent = 0;
      let other = 0;
      const survivors: string[] = [];
      for (const mutant of mutants) {
        if (KILLED.has(mutant.status)) killed += 1;
        else if (UNKILLED.has(mutant.status)) {
          if (isEquivalent(file, source, mutant, equivalents) !== undefined) equivalent += 1;
          else {
            unkilled += 1;
            const where = `${mutant.location.start.line}:${mutant.location.start.column}`;
            survivors.push(
              `${where} ${mutant.mutatorName} -> \`${oneLine(mutant.replacement ?? '')}\` (${mutant.status})`,
            );
          }
        } else other += 1;
      }
      return { file, killed, unkilled, equivalent, other, survivors };
    })
    .sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
}

function oneLine(text: string): string {
  const flat = text.replace(/\s+/g, ' ').replaceAll('`', "'");
  return flat.length <= 60 ? flat : `${flat.slice(0, 59)}…`;
}

function percent(killed: number, unkilled: number): string {
  const total = killed + unkilled;
  return total === 0 ? 'n/a' : `${((100 * killed) / total).toFixed(1)}%`;
}

export function renderScore(
  modules: readonly ModuleScore[],
  equivalents: readonly EquivalentMutant[],
): string {
  const lines = [
    '# Mutation score of the core',
    '',
    'Written by `scripts/mutation-score.ts` after each `npm run test:mutation` (Stryker with the vitest',
    'runner over `core/`, configured in `stryker.config.mjs`); do not edit by hand. The score is the share of',
    'mutants the unit tests of the core kill (a timeout counts as killed), leaving out the equivalent ones',
    'listed below. Runs over part of the core (`npm run test:mutation -- --mutate core/control/silence.ts`)',
    'add up: each module is shown as of the last run that mutated it.',
    '',
    '| module | score | killed | survived | equivalent | not run (errors, ignored) |',
    '|---|---|---|---|---|---|',
    ...modules.map(
      (m) =>
        `| \`${m.file}\` | ${percent(m.killed, m.unkilled)} | ${m.killed} | ${m.unkilled} | ${m.equivalent} | ${m.other} |`,
    ),
  ];
  const killed = modules.reduce((n, m) => n + m.killed, 0);
  const unkilled = modules.reduce((n, m) => n + m.unkilled, 0);
  if (modules.length > 1) lines.push(`| all | ${percent(killed, unkilled)} | ${killed} | ${unkilled} | | |`);
  lines.push(
    '',
    '## Equivalent mutants',
    '',
    'Mutants no test can kill: they change nothing a caller can observe.',
    '',
  );
  for (const e of equivalents)
    lines.push(`- \`${e.file}\`, ${e.mutatorName} -> \`${oneLine(e.replacement)}\`: ${e.reason}`);
  const withSurvivors = modules.filter((m) => m.survivors.length > 0);
  if (withSurvivors.length > 0) {
    lines.push(
      '',
      '## Surviving mutants',
      '',
      'Each is a behaviour no test specifies yet (line:column, mutator, replacement).',
    );
    for (const m of withSurvivors) {
      lines.push('', `### \`${m.file}\``, '', ...m.survivors.map((s) => `- ${s}`));
    }
  }
  return `${lines.join('\n')}\n`;
}

/** The modules of `earlier` runs, each replaced by the `latest` run's if that run mutated it too. */
export function mergeReports(earlier: MutationReport | undefined, latest: MutationReport): MutationReport {
  return { files: { ...earlier?.files, ...latest.files } };
}

function argument(name: string, fallback: string): string {
  const at = process.argv.indexOf(name);
  return at >= 0 && process.argv[at + 1] !== undefined ? (process.argv[at + 1] as string) : fallback;
}

async function main(): Promise<void> {
  const reportPath = join(ROOT, argument('--report', 'reports/mutation/mutation.json'));
  const outPath = join(ROOT, argument('--out', 'docs/mutation-score.md'));
  const modulesPath = join(ROOT, argument('--modules', 'reports/mutation/modules.json'));
  const earlier = existsSync(modulesPath)
    ? (JSON.parse(readFileSync(modulesPath, 'utf8')) as MutationReport)
    : undefined;
  const report = mergeReports(earlier, JSON.parse(readFileSync(reportPath, 'utf8')) as MutationReport);
  writeFileSync(modulesPath, JSON.stringify(report));
  const configUrl = pathToFileURL(join(ROOT, 'stryker.config.mjs')).href;
  const { equivalentMutants } = (await import(configUrl)) as { equivalentMutants: EquivalentMutant[] };
  writeFileSync(outPath, renderScore(scoreModules(report, equivalentMutants), equivalentMutants));
  console.log(`wrote ${outPath}`);
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await main();
}
