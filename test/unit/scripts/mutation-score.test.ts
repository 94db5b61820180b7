import { describe, expect, it } from 'vitest';
import {
  type EquivalentMutant,
  type MutationReport,
  mergeRuns,
  renderScore,
  runsOf,
  scoreModules,
  sha256,
} from '../../../scripts/mutation-score.js';

const SOURCE = 'export const a = (x: number) => x > 1 && x < 9;\n';

/** A mutant of the one-line SOURCE, at the columns given. */
function mutant(status: string, from: number, to: number, mutatorName = 'ConditionalExpression') {
  return {
    id: `${status}-${from}`,
    mutatorName,
    replacement: 'true',
    status,
    location: { start: { line: 1, column: from }, end: { line: 1, column: to } },
  };
}

const REPORT: MutationReport = {
  files: {
    'core/a.ts': {
      source: SOURCE,
      mutants: [
        mutant('Killed', 33, 38),
        mutant('Timeout', 42, 47),
        mutant('Survived', 33, 47),
        mutant('NoCoverage', 42, 47, 'EqualityOperator'),
        mutant('CompileError', 33, 38),
      ],
    },
  },
};

const X_UNDER_NINE: EquivalentMutant = {
  file: 'core/a.ts',
  mutatorName: 'EqualityOperator',
  replacement: 'true',
  within: 'x < 9',
  reason: 'for the sake of the example',
};

describe('scripts/mutation-score', () => {
  it('keeps of a run only the counts, the unkilled mutants and the hash of the source it mutated', () => {
    const runs = runsOf(REPORT);

    expect(runs.modules['core/a.ts']).toEqual({
      sourceSha256: sha256(SOURCE),
      killed: 2,
      other: 1,
      unkilled: [
        {
          mutatorName: 'ConditionalExpression',
          replacement: 'true',
          status: 'Survived',
          location: { start: { line: 1, column: 33 }, end: { line: 1, column: 47 } },
        },
        {
          mutatorName: 'EqualityOperator',
          replacement: 'true',
          status: 'NoCoverage',
          location: { start: { line: 1, column: 42 }, end: { line: 1, column: 47 } },
        },
      ],
    });
  });

  it('a later run replaces the modules it mutated and keeps the others, in file order', () => {
    const earlier = runsOf({
      files: {
        'core/z.ts': { source: 'z', mutants: [mutant('Killed', 1, 2)] },
        'core/a.ts': { source: 'old', mutants: [] },
      },
    });

    const merged = mergeRuns(earlier, runsOf(REPORT));

    expect(Object.keys(merged.modules)).toEqual(['core/a.ts', 'core/z.ts']);
    expect(merged.modules['core/a.ts']?.sourceSha256).toBe(sha256(SOURCE));
    expect(merged.modules['core/z.ts']?.killed).toBe(1);
    expect(mergeRuns(undefined, runsOf(REPORT))).toEqual(runsOf(REPORT));
  });

  it('counts a mutant apart when the configuration names it equivalent, found in the current source', () => {
    const [score] = scoreModules(runsOf(REPORT), () => SOURCE, [X_UNDER_NINE]);

    expect(score).toMatchObject({ killed: 2, unkilled: 1, equivalent: 1, other: 1, stale: false });
    expect(score?.survivors).toEqual(['1:33 ConditionalExpression -> `true` (Survived)']);
  });

  it('marks a module stale when its source changed since the run, or is gone', () => {
    const edited = scoreModules(runsOf(REPORT), () => `${SOURCE}// later\n`, []);
    const gone = scoreModules(runsOf(REPORT), () => undefined, []);

    expect(edited[0]?.stale).toBe(true);
    expect(gone[0]?.stale).toBe(true);
  });

  it('shows each module against the 90% target, and lists the core modules no run has mutated', () => {
    const scores = scoreModules(
      mergeRuns(
        runsOf(REPORT),
        runsOf({
          files: {
            'core/b.ts': {
              source: 'b',
              mutants: [...Array.from({ length: 9 }, () => mutant('Killed', 1, 2)), mutant('Survived', 1, 2)],
            },
          },
        }),
      ),
      (file) => (file === 'core/a.ts' ? SOURCE : 'b'),
      [],
    );

    const page = renderScore(scores, ['core/c.ts'], []);

    expect(page).toContain('| `core/a.ts` | 50.0% | 2 | 2 | 0 | 1 | below target |');
    expect(page).toContain('| `core/b.ts` | 90.0% | 9 | 1 | 0 | 0 |  |');
    expect(page).toContain('2 modules mutated: 1 below the target, 0 stale; 1 not mutated yet.');
    expect(page).toContain('## Not mutated yet\n\n- `core/c.ts`');
  });
});
