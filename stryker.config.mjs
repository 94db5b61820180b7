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
    file: 'core/diff/diff-link-parts.ts',
    mutatorName: 'EqualityOperator',
    replacement: 'x <= y',
    within: 'x < y ? -1',
    reason: 'The names of a union are distinct, so no two compare equal and only `x < y` decides the order.',
  },
  {
    file: 'core/diff/diff-link-parts.ts',
    mutatorName: 'ConditionalExpression',
    replacement: 'true',
    within: 'x > y ? 1 : 0',
    reason: 'The names of a union are distinct, so no two compare equal and only `x < y` decides the order.',
  },
  {
    file: 'core/diff/diff-link-parts.ts',
    mutatorName: 'EqualityOperator',
    replacement: 'x >= y',
    within: 'x > y ? 1 : 0',
    reason: 'The names of a union are distinct, so no two compare equal and only `x < y` decides the order.',
  },
  {
    file: 'core/diff/diff-link-parts.ts',
    mutatorName: 'ConditionalExpression',
    replacement: 'false',
    within: 'x > y ? 1 : 0',
    reason:
      'The names are distinct, and sort in V8 (Node) only asks whether a comparison is below zero, so 0 and 1 for a later name sort alike.',
  },
  {
    file: 'core/diff/diff-link-parts.ts',
    mutatorName: 'EqualityOperator',
    replacement: 'x <= y',
    within: 'x > y ? 1 : 0',
    reason:
      'The names are distinct, and sort in V8 (Node) only asks whether a comparison is below zero, so 0 and 1 for a later name sort alike.',
  },
  {
    file: 'core/diff/diff-link-parts.ts',
    mutatorName: 'OptionalChaining',
    replacement: 'prev.error',
    within: '} else if ((prev?.error ?? null) !== errorNow) {',
    reason:
      'In this branch the topic was recorded before: one seen for the first time has no status before, so the status test above took it.',
  },
  {
    file: 'core/diff/diff-link-parts.ts',
    mutatorName: 'OptionalChaining',
    replacement: 'prev.error',
    within:
      "'MIRROR_TOPIC_ERROR_CHANGED',\n          severity,\n          linkName,\n          prev?.error ?? null,",
    reason:
      'In this branch the topic was recorded before: one seen for the first time has no status before, so the status test above took it.',
  },
  {
    file: 'core/diff/diff-link-parts.ts',
    mutatorName: 'StringLiteral',
    replacement: '""',
    within:
      "'MIRROR_TOPIC_ERROR_CHANGED',\n          severity,\n          linkName,\n          prev?.error ?? null,\n          errorNow,\n          severity !== 'info',",
    reason:
      'A mirror topic error change is never info: a topic with an error is critical, and one whose error cleared is resolved.',
  },
  {
    file: 'core/diff/diff-link-parts.ts',
    mutatorName: 'ConditionalExpression',
    replacement: 'false',
    within: 'if (stateBefore !== stateNow || prev === null) {',
    reason:
      'A task seen for the first time has no state before and a state now, so the state test already holds.',
  },
  {
    file: 'core/diff/diff-link-parts.ts',
    mutatorName: 'ArrayDeclaration',
    replacement: '["Stryker was here"]',
    within: '(prev.laggingTopics ?? [])',
    reason:
      'Only notified breaches are kept by the filter that follows, and an entry that is no breach has no `notified`.',
  },
  {
    file: 'core/diff/diff-links.ts',
    mutatorName: 'EqualityOperator',
    replacement: 'a <= b',
    within: 'return a < b ? -1',
    reason: 'Link and topic names come from sets, so no two are equal.',
  },
  {
    file: 'core/diff/diff-links.ts',
    mutatorName: 'ConditionalExpression',
    replacement: 'true',
    within: 'a > b ? 1 : 0',
    reason: 'Link and topic names come from sets, so no two are equal.',
  },
  {
    file: 'core/diff/diff-links.ts',
    mutatorName: 'EqualityOperator',
    replacement: 'a >= b',
    within: 'a > b ? 1 : 0',
    reason: 'Link and topic names come from sets, so no two are equal.',
  },
  {
    file: 'core/diff/diff-links.ts',
    mutatorName: 'ConditionalExpression',
    replacement: 'false',
    within: 'a > b ? 1 : 0',
    reason:
      'The names are distinct, and sort in V8 (Node) only asks whether a comparison is below zero, so 0 and 1 for a later name sort alike.',
  },
  {
    file: 'core/diff/diff-links.ts',
    mutatorName: 'EqualityOperator',
    replacement: 'a <= b',
    within: 'a > b ? 1 : 0',
    reason:
      'The names are distinct, and sort in V8 (Node) only asks whether a comparison is below zero, so 0 and 1 for a later name sort alike.',
  },
  {
    file: 'core/diff/diff-links.ts',
    mutatorName: 'ConditionalExpression',
    replacement: 'true',
    within: 'const joinsBaseline = baseline && prev === null && curr !== null;',
    reason: 'A name comes from the previous or the current listing, so a link is never missing from both.',
  },
  {
    file: 'core/diff/diff-links.ts',
    mutatorName: 'ConditionalExpression',
    replacement: 'false',
    within: 'if (prev === null) return [];',
    reason: 'A name comes from the previous or the current listing, so a link is never missing from both.',
  },
  {
    file: 'core/diff/diff-links.ts',
    mutatorName: 'ArrayDeclaration',
    replacement: '["Stryker was here"]',
    within: 'if (prev === null) return [];',
    reason: 'A name comes from the previous or the current listing, so a link is never missing from both.',
  },
  {
    file: 'core/diff/diff-link-parts.ts',
    mutatorName: 'ArrayDeclaration',
    replacement: '["Stryker was here"]',
    within: 'prev?.mirrorTopics ?? []',
    reason:
      'An entry that is no mirror topic has no name, status or error: it reads as a topic neither listed nor recorded, which makes no event.',
  },
  {
    file: 'core/record/link-notices.ts',
    mutatorName: 'ConditionalExpression',
    replacement: 'false',
    within: 'if (!announced.includes(SUMMARISED_PARTS_SCOPE)) return [...announced];',
    reason:
      'Without `parts` in the list, dropping `parts` from it leaves it as it is, which is what the early return gives.',
  },
  {
    file: 'core/record/link-notices.ts',
    mutatorName: 'ArrayDeclaration',
    replacement: '["Stryker was here"]',
    within: '...(link.laggingTopics ?? [])',
    reason:
      'Only notified breaches are kept by the filter that follows, and an entry that is no breach has no `notified`.',
  },
  {
    file: 'core/control/maintenance-window.ts',
    mutatorName: 'ArithmeticOperator',
    replacement: 'toMs + fromMs',
    within: 'Math.ceil((toMs - fromMs + window.durationMs) / DAY_MS) + 3',
    reason:
      'The walk goes on for tens of thousands of days instead of a few, and every opening it finds past toMs is left out.',
  },
  {
    file: 'core/notify/plan-notifications.ts',
    mutatorName: 'MethodExpression',
    replacement: 'planned.flatMap(n => n.events)',
    within: "notificationOf('digest', planned.flatMap((n) => n.events).sort(compareEvents))",
    reason:
      'The events are planned in compareEvents order and each notification holds a run of them, so the digest is already in that order.',
  },
  {
    file: 'core/model/bounds.ts',
    mutatorName: 'ConditionalExpression',
    replacement: 'true',
    within: 'text.length > 2 * max ?',
    reason:
      'headOf only spares work: firstCodePoints keeps at most max code points of any text, and the first 2 * max UTF-16 units always hold them.',
  },
  {
    file: 'core/model/bounds.ts',
    mutatorName: 'ConditionalExpression',
    replacement: 'false',
    within: 'text.length > 2 * max ?',
    reason:
      'headOf only spares work: firstCodePoints keeps at most max code points of any text, and the first 2 * max UTF-16 units always hold them.',
  },
  {
    file: 'core/model/bounds.ts',
    mutatorName: 'EqualityOperator',
    replacement: 'text.length >= 2 * max',
    within: 'text.length > 2 * max ?',
    reason:
      'headOf only spares work: firstCodePoints keeps at most max code points of any text, and the first 2 * max UTF-16 units always hold them.',
  },
  {
    file: 'core/model/bounds.ts',
    mutatorName: 'EqualityOperator',
    replacement: 'text.length <= 2 * max',
    within: 'text.length > 2 * max ?',
    reason:
      'headOf only spares work: firstCodePoints keeps at most max code points of any text, and the first 2 * max UTF-16 units always hold them.',
  },
  {
    file: 'core/model/bounds.ts',
    mutatorName: 'ArithmeticOperator',
    replacement: '2 / max',
    within: 'text.length > 2 * max ?',
    reason:
      'headOf only spares work: firstCodePoints keeps at most max code points of any text, and the first 2 * max UTF-16 units always hold them.',
  },
  {
    file: 'core/model/bounds.ts',
    mutatorName: 'MethodExpression',
    replacement: 'text',
    within: 'return text.length > 2 * max ? text.slice(0, 2 * max) : text;',
    reason:
      'headOf only spares work: firstCodePoints keeps at most max code points of any text, and the first 2 * max UTF-16 units always hold them.',
  },
  {
    file: 'core/model/bounds.ts',
    mutatorName: 'EqualityOperator',
    replacement: 'i <= text.length - 1',
    within: 'for (let i = 0; i < text.length - 1; i += 1)',
    reason:
      'One step more reads past the last unit: charCodeAt gives NaN there, which is no surrogate, so nothing more is counted.',
  },
  {
    file: 'core/model/bounds.ts',
    mutatorName: 'ArithmeticOperator',
    replacement: 'text.length + 1',
    within: 'for (let i = 0; i < text.length - 1; i += 1)',
    reason:
      'One step more reads past the last unit: charCodeAt gives NaN there, which is no surrogate, so nothing more is counted.',
  },
  {
    file: 'core/model/bounds.ts',
    mutatorName: 'ConditionalExpression',
    replacement: 'false',
    within: 'const fits = text.length <= max ||',
    reason:
      'A name of at most max UTF-16 units has at most max code points, so the test that follows keeps it all the same.',
  },
  {
    file: 'core/model/bounds.ts',
    mutatorName: 'EqualityOperator',
    replacement: 'text.length < max',
    within: 'const fits = text.length <= max ||',
    reason:
      'A name of at most max UTF-16 units has at most max code points, so the test that follows keeps it all the same.',
  },
  {
    file: 'core/model/bounds.ts',
    mutatorName: 'ConditionalExpression',
    replacement: 'true',
    within: '(text.length <= 2 * max &&',
    reason:
      'The length test only spares counting a long name: one of more than 2 * max UTF-16 units has more than max code points, so the count refuses it too.',
  },
  {
    file: 'core/model/bounds.ts',
    mutatorName: 'ConditionalExpression',
    replacement: 'false',
    within: 'if (text.length <= max) return wellFormed(text);',
    reason:
      'A text of at most max UTF-16 units has at most max code points, so the test that follows returns the same.',
  },
  {
    file: 'core/model/bounds.ts',
    mutatorName: 'EqualityOperator',
    replacement: 'text.length < max',
    within: 'if (text.length <= max) return wellFormed(text);',
    reason:
      'A text of at most max UTF-16 units has at most max code points, so the test that follows returns the same.',
  },
  {
    file: 'core/control/maintenance-window.ts',
    mutatorName: 'EqualityOperator',
    replacement: 'i <= days',
    within: 'for (let i = 0; i < days; i++)',
    reason: 'The walk already goes on for days after toMs, so one day more holds no opening before it.',
  },
  {
    file: 'core/notify/plan-notifications.ts',
    mutatorName: 'ConditionalExpression',
    replacement: 'true',
    within: '(event.observedAt >= latest.observedAt ? event : latest)',
    reason:
      'The events of a notification are in compareEvents order, oldest first, and the events of one poll of a cluster carry one label, so the last event has the newest label.',
  },
  {
    file: 'core/notify/plan-notifications.ts',
    mutatorName: 'EqualityOperator',
    replacement: 'event.observedAt > latest.observedAt',
    within: '(event.observedAt >= latest.observedAt ? event : latest)',
    reason:
      'The events of a notification are in compareEvents order, oldest first, and the events of one poll of a cluster carry one label, so the last event has the newest label.',
  },
  {
    file: 'core/notify/plan-notifications.ts',
    mutatorName: 'EqualityOperator',
    replacement: 'severityRank(severity) <= severityRank(worst)',
    within: 'if (severityRank(severity) < severityRank(worst)) worst = severity;',
    reason: 'Of two equally severe severities either is the same severity.',
  },
  {
    file: 'core/notify/plan-notifications.ts',
    mutatorName: 'ConditionalExpression',
    replacement: 'false',
    within: 'if (firstA === undefined || firstB === undefined) return 0;',
    reason: 'Every notification is planned with at least one event, so its first event is never undefined.',
  },
  {
    file: 'core/notify/plan-notifications.ts',
    mutatorName: 'LogicalOperator',
    replacement: 'firstA === undefined && firstB === undefined',
    within: 'if (firstA === undefined || firstB === undefined) return 0;',
    reason: 'Every notification is planned with at least one event, so its first event is never undefined.',
  },
  {
    file: 'core/notify/plan-notifications.ts',
    mutatorName: 'ConditionalExpression',
    replacement: 'false',
    within: "if (first === undefined) throw new Error('A notification needs at least one event');",
    reason: 'Every notification is planned with at least one event, so its first event is never undefined.',
  },
  {
    file: 'core/notify/plan-notifications.ts',
    mutatorName: 'StringLiteral',
    replacement: '""',
    within: "'A notification needs at least one event'",
    reason: 'Every notification is planned with at least one event, so its first event is never undefined.',
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
