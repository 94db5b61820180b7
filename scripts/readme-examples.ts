/**
 * Keeps the examples in the README and the docs equal to the product's real output. Each block between
 * `<!-- example: FILE [lines=N | table=K] -->` and `<!-- /example -->` is filled from FILE:
 * - `lines=N` (or nothing): the first N lines (or all), fenced, e.g. a golden file that the
 *   rendering tests check;
 * - `table=K`: the K-th markdown table of FILE, as a table, e.g. from `bench/RESULTS.md`,
 *   which `npm run bench` writes.
 * Paths in a marker are relative to the project root, whichever file holds the block.
 * `npm run readme-examples` rewrites the blocks; `test/unit/readme-examples.test.ts` fails
 * when they are stale.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const MARKER = /<!-- example: (\S+)(?: (lines|table)=(\d+))? -->\n[\s\S]*?<!-- \/example -->/g;

/** The README with every example block filled from its file. */
export function withExamples(readme: string, readFile: (path: string) => string): string {
  return readme.replace(MARKER, (_, path: string, mode: string | undefined, count: string | undefined) => {
    const all = readFile(path).replace(/\n$/, '').split('\n');
    const head = `<!-- example: ${path}${mode === undefined ? '' : ` ${mode}=${count}`} -->`;
    if (mode === 'table') {
      return [head, ...nthTable(all, Number(count), path), '<!-- /example -->'].join('\n');
    }
    const shown = mode === undefined ? all : all.slice(0, Number(count));
    const more = shown.length < all.length ? [`... (${all.length - shown.length} more lines)`] : [];
    const fence = path.endsWith('.json') ? '```json' : '```text';
    return [head, fence, ...shown, ...more, '```', '<!-- /example -->'].join('\n');
  });
}

/** The lines of the k-th (1-based) markdown table: a run of lines starting with `|`. */
function nthTable(lines: readonly string[], k: number, path: string): string[] {
  const tables: string[][] = [];
  let current: string[] | null = null;
  for (const line of lines) {
    if (line.startsWith('|')) {
      current ??= [];
      current.push(line);
    } else if (current !== null) {
      tables.push(current);
      current = null;
    }
  }
  if (current !== null) tables.push(current);
  const table = tables[k - 1];
  if (table === undefined) throw new Error(`${path} has ${tables.length} table(s), not ${k}`);
  return table;
}

/** Every markdown file of the project's own documentation that may hold example blocks. */
export function documentationFiles(): string[] {
  const docs = readdirSync('docs', { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith('.md'))
    .map((name) => `docs/${name}`);
  return ['README.md', 'CONTRIBUTING.md', ...docs.sort()];
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  for (const file of documentationFiles()) {
    const text = readFileSync(file, 'utf8');
    const filled = withExamples(text, (path) => readFileSync(path, 'utf8'));
    if (filled !== text) writeFileSync(file, filled);
  }
}
