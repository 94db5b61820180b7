/**
 * Keeps the README's examples of alerts equal to the renderer's real output: each block
 * between `<!-- example: FILE [lines=N] -->` and `<!-- /example -->` is the start of a golden
 * file that the rendering tests check. `npx tsx scripts/readme-examples.ts` rewrites the
 * blocks; the test `test/unit/readme-examples.test.ts` fails when they are stale.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const MARKER = /<!-- example: (\S+)(?: lines=(\d+))? -->\n[\s\S]*?<!-- \/example -->/g;

/** The README with every example block filled from its golden file. */
export function withExamples(readme: string, readFile: (path: string) => string): string {
  return readme.replace(MARKER, (_, path: string, lines: string | undefined) => {
    const all = readFile(path).replace(/\n$/, '').split('\n');
    const shown = lines === undefined ? all : all.slice(0, Number(lines));
    const more = shown.length < all.length ? [`... (${all.length - shown.length} more lines)`] : [];
    const fence = path.endsWith('.json') ? '```json' : '```text';
    const head = `<!-- example: ${path}${lines === undefined ? '' : ` lines=${lines}`} -->`;
    return [head, fence, ...shown, ...more, '```', '<!-- /example -->'].join('\n');
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const readme = readFileSync('README.md', 'utf8');
  writeFileSync(
    'README.md',
    withExamples(readme, (path) => readFileSync(path, 'utf8')),
  );
}
