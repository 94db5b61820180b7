/**
 * The fault suite's own record of what it did: each case appends one JSON line to
 * `reports/reliability/{suite}.jsonl` (one file per test file, so parallel files never interleave).
 * `scripts/reliability-report.ts` turns the lines into `docs/reliability.md`.
 */
import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { InvariantReport } from './invariants.js';

export const RELIABILITY_DIR = fileURLToPath(new URL('../../reports/reliability/', import.meta.url));

export type CaseCategory =
  | 'rest'
  | 'store'
  | 'notify'
  | 'lambda'
  | 'soak'
  | 'bad-input'
  | 'hostile'
  | 'security';

export interface ReliabilityCase {
  readonly category: CaseCategory;
  /** The test's name. */
  readonly name: string;
  /** What was injected, in one or two sentences. */
  readonly injected: string;
  /** What the monitor did: one line per notable fact (outcomes, errors, retries, conflicts). */
  readonly monitor: readonly string[];
  readonly invariants?: InvariantReport;
  /** History had to hold every transition of the timeline, not only those a complete poll saw. */
  readonly strict?: boolean;
  /** Seed of a randomised case, to replay it. */
  readonly seed?: number;
  /** True when every assertion of the case held (set by the caller after asserting). */
  readonly passed: boolean;
}

/** Starts a fresh file for one test file's cases. */
export function startReport(suite: string): (entry: ReliabilityCase) => void {
  mkdirSync(RELIABILITY_DIR, { recursive: true });
  const file = `${RELIABILITY_DIR}${suite}.jsonl`;
  writeFileSync(file, '');
  return (entry) => {
    const line = {
      suite,
      ...entry,
      invariants:
        entry.invariants === undefined
          ? undefined
          : { verdicts: entry.invariants.verdicts, stats: entry.invariants.stats },
      recordedAt: new Date().toISOString(),
    };
    appendFileSync(file, `${JSON.stringify(line)}\n`);
  };
}
