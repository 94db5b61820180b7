// Mutation testing of the pure core: `npm run test:mutation` (Node 22 or later; see CONTRIBUTING.md).

/**
 * Mutants that change nothing a caller can observe, so no test can kill them. The score in
 * docs/mutation-score.md counts them apart. Each is found by its file, mutator, the replacement
 * Stryker reports and a stretch of source (`within`) that holds the mutated code.
 */
export const equivalentMutants = [
  {
    file: 'core/diff/diff-link-parts.ts',
    mutatorName: 'ConditionalExpression',
    replacement: 'true',
    within:
      "'MIRROR_TOPIC_ERROR_CHANGED',\n          severity,\n          linkName,\n          prev?.error ?? null,\n          errorNow,\n          severity !== 'info',",
    reason:
      'A mirror topic error change is never info: a topic with an error is critical, and one whose error cleared is resolved.',
  },
  {
    file: 'core/notify/plan-notifications.ts',
    mutatorName: 'MethodExpression',
    replacement: 'planned.flatMap((n) => n.events)',
    within: "notificationOf('digest', planned.flatMap((n) => n.events).sort(compareEvents))",
    reason:
      'The events are planned in compareEvents order and each notification holds a run of them, so the digest is already in that order.',
  },
  {
    file: 'core/model/bounds.ts',
    mutatorName: 'ConditionalExpression',
    replacement: 'false',
    within: 'return kept === names.length ? names : names.slice(0, kept);',
    reason: 'When every name is kept the slice is an equal copy of the list.',
  },
  {
    file: 'core/control/silence.ts',
    mutatorName: 'EqualityOperator',
    replacement: 'silence.expiredAt <= silence.endsAt',
    within: 'silence.expiredAt !== null && silence.expiredAt < silence.endsAt',
    reason: 'An expiry at the end gives the same end whichever of the two is taken.',
  },
  {
    file: 'core/control/silence.ts',
    mutatorName: 'ConditionalExpression',
    replacement: 'true',
    within: 'silence.expiredAt !== null && silence.expiredAt < silence.endsAt',
    reason: 'Without an expiry `null < endsAt` is false in JavaScript, so the end is taken as before.',
  },
];

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'vitest',
  plugins: ['@stryker-mutator/vitest-runner'],
  vitest: { configFile: 'vitest.mutation.config.ts' },
  mutate: ['core/**/*.ts'],
  // Each run starts from the unit tests of the core only, with per-test coverage.
  coverageAnalysis: 'perTest',
  reporters: ['clear-text', 'progress', 'json', 'html'],
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  htmlReporter: { fileName: 'reports/mutation/mutation.html' },
  tempDirName: 'reports/.stryker-tmp',
  cleanTempDir: 'always',
  concurrency: 4,
  timeoutMS: 10_000,
  thresholds: { high: 90, low: 75, break: null },
};
