/**
 * Writes `docs/mutation-score.md`: the mutation score of each mutated module of the core, from the
 * JSON reports of Stryker runs (`reports/mutation/mutation.json`, see `stryker.config.mjs`). The
 * mutants that configuration lists as equivalent (they change nothing a caller can observe) are
 * counted apart, with the reason; every other surviving mutant is listed, as a test still to write.
 *
 * Runs over part of the core add up: each report's modules replace the same modules of earlier runs
 * in `docs/mutation-score.json` (kept in the repo, so that a fresh clone's partial run adds to the
 * runs before it), and the page shows every module in it, each as of the last run that mutated it,
 * marked stale when its source has changed since. Without `--report` the kept runs are scored again
 * (after an equivalent mutant is added to the configuration, say).
 *
 * Usage: npm run test:mutation (runs Stryker, then this with its report), or on its own:
 * npx tsx scripts/mutation-score.ts [--report reports/mutation/mutation.json ...]
 *   [--modules docs/mutation-score.json] [--out docs/mutation-score.md] */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, sep } from 'node:path';
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
  mutant: Pick<ReportMutant, 'mutatorName' | 'replacement' | 'location'>,
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

/** What a run found in one module, as kept between runs: only what scoring needs. */
export interface ModuleRun {
  /** SHA-256 of the module's source as the run mutated it: a later edit makes the row stale. */
  readonly sourceSha256: string;
  readonly killed: number;
  /** Mutants that did not run: compile errors, ignored, pending. */
  readonly other: number;
  /** Mutants that survived or ran no test, to match against the equivalent ones at scoring time. */
  readonly unkilled: readonly Pick<ReportMutant, 'mutatorName' | 'replacement' | 'location' | 'status'>[];
}

/** The last run of each mutated module, kept in the repo (`docs/mutation-score.json`). */
export interface ModuleRuns {
  readonly modules: Readonly<Record<string, ModuleRun>>;
}

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** A Stryker report cut down to what scoring needs, so that it can be kept and merged. */
export function runsOf(report: MutationReport): ModuleRuns {
  const modules: Record<string, ModuleRun> = {};
  for (const [file, { source, mutants }] of Object.entries(report.files)) {
    modules[file] = {
      sourceSha256: sha256(source),
      killed: mutants.filter((m) => KILLED.has(m.status)).length,
      other: mutants.filter((m) => !KILLED.has(m.status) && !UNKILLED.has(m.status)).length,
      unkilled: mutants
        .filter((m) => UNKILLED.has(m.status))
        .map(({ mutatorName, replacement, location, status }) => ({
          mutatorName,
          ...(replacement === undefined ? {} : { replacement }),
          location: {
            start: { line: location.start.line, column: location.start.column },
            end: { line: location.end.line, column: location.end.column },
          },
          status,
        })),
    };
  }
  return { modules };
}

/** The modules of `earlier` runs, each replaced by the `latest` run's if that run mutated it too. */
export function mergeRuns(earlier: ModuleRuns | undefined, latest: ModuleRuns): ModuleRuns {
  const modules = { ...earlier?.modules, ...latest.modules };
  return {
    modules: Object.fromEntries(
      Object.keys(modules)
        .sort()
        .map((file) => [file, modules[file] as ModuleRun]),
    ),
  };
}

export interface ModuleScore {
  readonly file: string;
  readonly killed: number;
  readonly unkilled: number;
  readonly equivalent: number;
  readonly other: number;
  /** The module changed after the run that scored it (or is gone): the row does not describe it. */
  readonly stale: boolean;
  readonly survivors: readonly string[];
}

/**
 * Scores each module of `runs` against its source now (`sourceOf`, undefined when the file is
 * gone): the equivalent mutants are found in the current source, and a module whose source
 * changed since its run is marked stale.
 */
export function scoreModules(
  runs: ModuleRuns,
  sourceOf: (file: string) => string | undefined,
  equivalents: readonly EquivalentMutant[],
): ModuleScore[] {
  return Object.entries(runs.modules)
    .map(([file, run]) => {
      const source = sourceOf(file) ?? '';
      let equivalent = 0;
      const survivors: string[] = [];
      for (const mutant of run.unkilled) {
        if (isEquivalent(file, source, mutant, equivalents) !== undefined) equivalent += 1;
        else {
          const where = `${mutant.location.start.line}:${mutant.location.start.column}`;
          survivors.push(
            `${where} ${mutant.mutatorName} -> \`${oneLine(mutant.replacement ?? '')}\` (${mutant.status})`,
          );
        }
      }
      return {
        file,
        killed: run.killed,
        unkilled: survivors.length,
        equivalent,
        other: run.other,
        stale: sha256(source) !== run.sourceSha256,
        survivors,
      };
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

/** The share of mutants every core module must have killed (equivalent ones left out). */
export const TARGET_PERCENT = 90;

function meetsTarget(m: ModuleScore): boolean {
  const total = m.killed + m.unkilled;
  return total === 0 || (100 * m.killed) / total >= TARGET_PERCENT;
}

/**
 * The page: a row per mutated module (marked when below the target or stale), the core modules
 * no run has mutated yet, the equivalent mutants with their reasons, and every survivor.
 */
export function renderScore(
  modules: readonly ModuleScore[],
  unmutated: readonly string[],
  equivalents: readonly EquivalentMutant[],
): string {
  const mark = (m: ModuleScore) =>
    [m.stale ? 'stale' : '', meetsTarget(m) ? '' : 'below target'].filter((s) => s !== '').join(', ');
  const lines = [
    '# Mutation score of the core',
    '',
    'Written by `scripts/mutation-score.ts` after each `npm run test:mutation` (Stryker with the vitest',
    'runner over `core/`, configured in `stryker.config.mjs`); do not edit by hand. The score is the share of',
    'mutants the tests of `vitest.mutation.config.ts` kill (a timeout counts as killed), leaving out the equivalent ones',
    'listed below. Runs over part of the core (`npm run test:mutation -- --mutate core/control/silence.ts`)',
    'add up: each module is shown as of the last run that mutated it, kept in `docs/mutation-score.json`.',
    `The target is ${TARGET_PERCENT}% in every module. A module marked stale has changed since its run:`,
    'run it again.',
    '',
    '| module | score | killed | survived | equivalent | not run (errors, ignored) | note |',
    '|---|---|---|---|---|---|---|',
    ...modules.map(
      (m) =>
        `| \`${m.file}\` | ${percent(m.killed, m.unkilled)} | ${m.killed} | ${m.unkilled} | ${m.equivalent} | ${m.other} | ${mark(m)} |`,
    ),
  ];
  const killed = modules.reduce((n, m) => n + m.killed, 0);
  const unkilled = modules.reduce((n, m) => n + m.unkilled, 0);
  if (modules.length > 1)
    lines.push(`| all | ${percent(killed, unkilled)} | ${killed} | ${unkilled} | | | |`);
  const below = modules.filter((m) => !meetsTarget(m)).length;
  const stale = modules.filter((m) => m.stale).length;
  lines.push(
    '',
    `${modules.length} modules mutated: ${below} below the target, ${stale} stale; ${unmutated.length} not mutated yet.`,
  );
  if (unmutated.length > 0) {
    lines.push('', '## Not mutated yet', '', ...unmutated.map((file) => `- \`${file}\``));
  }
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

/** Every value given for `name` (`--report a.json --report b.json`). */
function argumentsOf(name: string): string[] {
  return process.argv.flatMap((arg, at) =>
    arg === name && process.argv[at + 1] !== undefined ? [process.argv[at + 1] as string] : [],
  );
}

/** The TypeScript modules of the core, relative to the root, in order. */
function coreModules(): string[] {
  return readdirSync(join(ROOT, 'core'), { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.ts'))
    .map((file) => `core/${file.split(sep).join('/')}`)
    .sort();
}

async function main(): Promise<void> {
  const reports = argumentsOf('--report').map((path) => join(ROOT, path));
  const outPath = join(ROOT, argumentsOf('--out')[0] ?? 'docs/mutation-score.md');
  const runsPath = join(ROOT, argumentsOf('--modules')[0] ?? 'docs/mutation-score.json');
  let runs = existsSync(runsPath) ? (JSON.parse(readFileSync(runsPath, 'utf8')) as ModuleRuns) : undefined;
  for (const path of reports) {
    runs = mergeRuns(runs, runsOf(JSON.parse(readFileSync(path, 'utf8')) as MutationReport));
  }
  const kept = runs ?? { modules: {} };
  writeFileSync(runsPath, `${JSON.stringify(kept, null, 1)}\n`);
  const configUrl = pathToFileURL(join(ROOT, 'stryker.config.mjs')).href;
  const { equivalentMutants } = (await import(configUrl)) as { equivalentMutants: EquivalentMutant[] };
  const sourceOf = (file: string) =>
    existsSync(join(ROOT, file)) ? readFileSync(join(ROOT, file), 'utf8') : undefined;
  const unmutated = coreModules().filter((file) => kept.modules[file] === undefined);
  writeFileSync(
    outPath,
    renderScore(scoreModules(kept, sourceOf, equivalentMutants), unmutated, equivalentMutants),
  );
  console.log(`wrote ${outPath}`);
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await main();
}
