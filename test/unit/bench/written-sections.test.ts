/**
 * Sections of bench/RESULTS.md written by scripts other than `npm run bench`: each script replaces
 * its own and leaves the rest alone, and `npm run bench` keeps them when it rewrites the file.
 */
import { describe, expect, it } from 'vitest';
import {
  keepingWrittenSections,
  withWrittenSection,
  writtenSections,
} from '../../../bench/written-sections.js';

const section = (name: string, body: string) =>
  `<!-- ${name}: written by bench/${name}.ts -->\n## ${body}\n<!-- /${name} -->`;
const DOC = [
  '# Benchmark results',
  '',
  '## Targets',
  '',
  section('one', 'One, first run'),
  '',
  '## Chart',
  '',
].join('\n');

describe('Function: withWrittenSection', () => {
  it('replaces its own section where it is, and nothing else', () => {
    // Act
    const doc = withWrittenSection(DOC, 'one', section('one', 'One, second run'));

    // Assess
    expect(doc).toBe(DOC.replace('One, first run', 'One, second run'));
  });

  it('adds a section the file does not have yet at its end', () => {
    // Act
    const doc = withWrittenSection(DOC, 'two', section('two', 'Two'));

    // Assess
    expect(doc).toBe(`${DOC.trimEnd()}\n\n${section('two', 'Two')}\n`);
    expect([...writtenSections(doc).keys()]).toEqual(['one', 'two']);
  });
});

describe('Function: keepingWrittenSections', () => {
  it("keeps every written section of the file npm run bench rewrites, and the new file's own text", () => {
    // Prepare
    const rewritten = '# Benchmark results\n\n## Targets (new figures)\n';

    // Act
    const doc = keepingWrittenSections(withWrittenSection(DOC, 'two', section('two', 'Two')), rewritten);

    // Assess
    expect(doc.startsWith(rewritten.trimEnd())).toBe(true);
    expect([...writtenSections(doc).values()]).toEqual([
      section('one', 'One, first run'),
      section('two', 'Two'),
    ]);
  });

  it('writes the new file as it is when there was none', () => {
    // Assess
    expect(keepingWrittenSections(null, '# Benchmark results\n')).toBe('# Benchmark results\n');
  });
});
