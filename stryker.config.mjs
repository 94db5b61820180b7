// Mutation testing of the pure core: `npm run test:mutation` (Node 22 or later; see CONTRIBUTING.md).

/**
 * Mutants that change nothing a caller can observe, so no test can kill them. The score in
 * docs/mutation-score.md counts them apart. Each is found by its file, mutator, the replacement
 * Stryker reports and a stretch of source (`within`) that holds the mutated code.
 */
export const equivalentMutants = [
  {
    file: 'core/record/link-notices.ts',
    mutatorName: 'ConditionalExpression',
    replacement: 'false',
    within: 'if (scope === null ||',
    reason:
      'An event of no problem is news of severity info with no part, and no heard scope is null, so the tests that follow give false as well.',
  },
  {
    file: 'core/record/link-notices.ts',
    mutatorName: 'ArrayDeclaration',
    replacement: '["Stryker was here"]',
    within: 'return silenceFor(subjectOf(event), context.silences ?? [], context.now)?.id ?? null;',
    reason: 'Without silences the one item stands for no silence: it has no start, so it is never active.',
  },
  {
    file: 'core/record/link-notices.ts',
    mutatorName: 'ArrayDeclaration',
    replacement: '["Stryker was here"]',
    within: 'const silence = silenceFor(subjectOf(notice), context.silences ?? [], context.now)?.id ?? null;',
    reason: 'Without silences the one item stands for no silence: it has no start, so it is never active.',
  },
  {
    file: 'core/record/link-notices.ts',
    mutatorName: 'ArrayDeclaration',
    replacement: '["Stryker was here"]',
    within: 'silenceAfter(prior, subject, context.silences ?? [], context.now, context.silencesKnown)',
    reason:
      'Without silences the one item stands for no silence: it has no id and no start, so it neither is the prior silence nor takes over from it.',
  },
  {
    file: 'core/record/record-changes.ts',
    mutatorName: 'OptionalChaining',
    replacement: 'snapshot.version',
    within: 'expectedVersion: snapshot?.version ?? null,\n        next: null,',
    reason:
      'A link is removed only when it was listed before, and the links listed before are those of the snapshots, so a removed link always has one.',
  },
  {
    file: 'core/record/record-changes.ts',
    mutatorName: 'OptionalChaining',
    replacement: 'snapshot.pendingCondition',
    within: 'promote: heardOwnCondition(heard) ? (snapshot?.pendingCondition?.heldEventIds ?? []) : [],',
    reason:
      'Only a snapshot announces a heard problem: without one nothing is heard, so the test before gives the empty list.',
  },
  {
    file: 'core/record/record-changes.ts',
    mutatorName: 'ConditionalExpression',
    replacement: 'false',
    within: 'first === undefined ? [] :',
    reason:
      'Without a first id the list is empty, and filtering an empty list gives an empty list without calling the test.',
  },
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
  {
    file: 'core/readiness/topic-reasons.ts',
    mutatorName: 'ArrayDeclaration',
    replacement: '["Stryker was here"]',
    within: 'new Map((link.topicProgress ?? []).map((p) => [p.topicName, p]))',
    reason:
      'Without progress recorded the map is only asked for topic names, and the one entry made of the item has none, so no name finds it.',
  },
  {
    file: 'core/readiness/topic-reasons.ts',
    mutatorName: 'ArrayDeclaration',
    replacement: '["Stryker was here"]',
    within: 'for (const topic of worstFirst(link.topicProgress ?? [])) {\n    if (topic.stallNotified)',
    reason:
      'Without progress recorded the one item stands for no topic: it is not stalled, so it adds no reason.',
  },
  {
    file: 'core/readiness/topic-reasons.ts',
    mutatorName: 'ArrayDeclaration',
    replacement: '["Stryker was here"]',
    within: 'for (const topic of worstFirst(link.topicProgress ?? [])) {\n    const over',
    reason:
      'Without progress recorded the one item stands for no topic: it was not recorded behind, and no estimate of it is over the target, so it adds no reason.',
  },
  {
    file: 'core/readiness/topic-reasons.ts',
    mutatorName: 'ArrayDeclaration',
    replacement: '["Stryker was here"]',
    within: 'for (const lagging of byName(link.laggingTopics ?? [])) {',
    reason:
      'Without lagging topics recorded the one item stands for no breach: it was not notified, so it adds no reason.',
  },
  {
    file: 'core/readiness/topic-reasons.ts',
    mutatorName: 'ArrayDeclaration',
    replacement: '["Stryker was here"]',
    within: 'for (const topic of byName(link.mirrorTopics ?? [])) {\n    const severity',
    reason:
      'Without mirror topics recorded the one item stands for no topic: its error is not null, so it reads as critical, which this loop leaves to TOPIC_FAILED.',
  },
  {
    file: 'core/readiness/topic-reasons.ts',
    mutatorName: 'ArrayDeclaration',
    replacement: '["Stryker was here"]',
    within: 'for (const t of link.laggingTopics ?? []) if (t.notified)',
    reason:
      'Without lagging topics recorded the one item stands for no breach: it was not notified, so it is not shown.',
  },
  {
    file: 'core/readiness/topic-reasons.ts',
    mutatorName: 'ConditionalExpression',
    replacement: 'true',
    within: "if (severity === 'warning' || severity === 'info')",
    reason:
      'Only topics with a severity are kept (keptTopics), and a critical one already gave TOPIC_FAILED, which keeps its topic from a second reason.',
  },
  {
    file: 'core/readiness/topic-reasons.ts',
    mutatorName: 'ConditionalExpression',
    replacement: 'false',
    within: 'const behind = topic.secondsBehind === null ? null : formatDuration(topic.secondsBehind);',
    reason:
      'formatDuration gives null for a span that is not a finite number, null included, so the test only narrows the type.',
  },
  {
    file: 'core/readiness/topic-reasons.ts',
    mutatorName: 'ConditionalExpression',
    replacement: 'false',
    within: "if (status === 'ACTIVE') return 'ACTIVE';",
    reason:
      'Only topics with a problem are kept (keptTopics) and a stuck one is in a PENDING_* state, so no recorded topic is ACTIVE without an error.',
  },
  {
    file: 'core/readiness/topic-reasons.ts',
    mutatorName: 'StringLiteral',
    replacement: '""',
    within: "if (status === 'ACTIVE') return 'ACTIVE';",
    reason:
      'Only topics with a problem are kept (keptTopics) and a stuck one is in a PENDING_* state, so no recorded topic is ACTIVE without an error.',
  },
  {
    file: 'core/readiness/topic-reasons.ts',
    mutatorName: 'StringLiteral',
    replacement: '""',
    within: "return 'NOT_APPLICABLE';",
    reason:
      "The listing's NOT_APPLICABLE count is never reported, so what a stopped topic is counted under is not seen while no category of the listing is named so.",
  },
  {
    file: 'core/readiness/topic-reasons.ts',
    mutatorName: 'ConditionalExpression',
    replacement: 'false',
    within: 'return verdict === undefined ? 0 : verdictRank(verdict);',
    reason:
      'verdictRank gives -1 for no verdict: like 0, below the rank of every verdict a reason gives, and the same for every topic without one.',
  },
  {
    file: 'core/readiness/topic-reasons.ts',
    mutatorName: 'EqualityOperator',
    replacement: 'a <= b',
    within: 'a < b ? -1',
    reason:
      'The names compared are distinct (topics by name, the categories of the listing), so no two compare equal.',
  },
  {
    file: 'core/readiness/topic-reasons.ts',
    mutatorName: 'ConditionalExpression',
    replacement: 'true',
    within: 'a > b ? 1 : 0',
    reason:
      'The names compared are distinct (topics by name, the categories of the listing), so no two compare equal.',
  },
  {
    file: 'core/readiness/topic-reasons.ts',
    mutatorName: 'EqualityOperator',
    replacement: 'a >= b',
    within: 'a > b ? 1 : 0',
    reason:
      'The names compared are distinct (topics by name, the categories of the listing), so no two compare equal.',
  },
  {
    file: 'core/readiness/topic-reasons.ts',
    mutatorName: 'ConditionalExpression',
    replacement: 'false',
    within: 'a > b ? 1 : 0',
    reason:
      'The names are distinct, and sort in V8 (Node) only asks whether a comparison is below zero, so 0 and 1 for a later name sort alike.',
  },
  {
    file: 'core/readiness/topic-reasons.ts',
    mutatorName: 'EqualityOperator',
    replacement: 'a <= b',
    within: 'a > b ? 1 : 0',
    reason:
      'The names are distinct, and sort in V8 (Node) only asks whether a comparison is below zero, so 0 and 1 for a later name sort alike.',
  },
  {
    file: 'core/readiness/readiness-verdict.ts',
    mutatorName: 'ConditionalExpression',
    replacement: 'true',
    within: 'const target = targetSeconds !== null && targetSeconds > 0 ? targetSeconds : null;',
    reason: 'null > 0 is false, so a null target stays null without the test, which only narrows the type.',
  },
  {
    file: 'core/readiness/dry-run-reasons.ts',
    mutatorName: 'ConditionalExpression',
    replacement: 'false',
    within: "first === undefined\n      ? ''",
    reason:
      'A dry run in which topics would not fail over lists the first of them by name (dryRunAfter), so its reason always has a first failure.',
  },
  {
    file: 'core/readiness/dry-run-reasons.ts',
    mutatorName: 'StringLiteral',
    replacement: '"Stryker was here!"',
    within: "first === undefined\n      ? ''",
    reason:
      'A dry run in which topics would not fail over lists the first of them by name (dryRunAfter), so its reason always has a first failure.',
  },
  {
    file: 'core/model/part-problems.ts',
    mutatorName: 'ArrayDeclaration',
    replacement: '["Stryker was here"]',
    within: 'for (const breach of link.laggingTopics ?? [])',
    reason:
      'Without lagging topics recorded the one item stands for no breach: it was not notified, so it adds no problem.',
  },
  {
    file: 'core/model/part-problems.ts',
    mutatorName: 'ArrayDeclaration',
    replacement: '["Stryker was here"]',
    within: 'for (const progress of link.topicProgress ?? [])',
    reason:
      'Without progress recorded the one item stands for no topic: it is neither stalled nor behind its target, so it adds no problem.',
  },
  {
    file: 'core/readiness/topic-reasons.ts',
    mutatorName: 'ConditionalExpression',
    replacement: 'true',
    within: 'const over = topic.secondsBehind !== null && target !== null',
    reason:
      '`null > target` is false, so a topic without an estimate is not over the target without the test, which only narrows the type.',
  },
  {
    file: 'core/readiness/topic-reasons.ts',
    mutatorName: 'ConditionalExpression',
    replacement: 'false',
    within: "status === 'LINK_PAUSED') return 'PAUSED';",
    reason:
      "LINK_PAUSED only echoes the link's own state, so no topic in it is kept (keptTopics), and while the link is unhealthy the counts are not looked at.",
  },
  {
    file: 'core/readiness/topic-reasons.ts',
    mutatorName: 'StringLiteral',
    replacement: '""',
    within: "status === 'LINK_PAUSED') return 'PAUSED';",
    reason:
      "LINK_PAUSED only echoes the link's own state, so no topic in it is kept (keptTopics), and while the link is unhealthy the counts are not looked at.",
  },
  {
    file: 'core/readiness/topic-reasons.ts',
    mutatorName: 'EqualityOperator',
    replacement: 'rate > 10',
    within: 'if (rate >= 10) return groupDigits(Math.round(rate));',
    reason: 'A rate of exactly 10 is written `10` either way.',
  },
  {
    file: 'core/readiness/sync-reasons.ts',
    mutatorName: 'OptionalChaining',
    replacement: 'link.configs.values',
    within: 'const value = link.configs?.values.find(',
    reason: 'A sync is off only by configs that were read (enabledByConfig), so they are there.',
  },
  {
    file: 'core/readiness/sync-reasons.ts',
    mutatorName: 'ArrayDeclaration',
    replacement: '["Stryker was here"]',
    within: 'const broken = (link.brokenSyncs ?? []).find(',
    reason:
      'Without broken syncs recorded the one item stands for no sync: it names no task and no config, so no sync is found broken.',
  },
  {
    file: 'core/model/part-problems.ts',
    mutatorName: 'OptionalChaining',
    replacement: 'syncOfConfig(name).loss',
    within: 'errorMessage: syncOfConfig(name)?.loss ?? null,',
    reason:
      'Only the switches of syncs are listed as switched off (LinkConfigsRecord.switchedOff), so the sync is always found.',
  },
  {
    file: 'core/record/cluster-health.ts',
    mutatorName: 'ArrayDeclaration',
    replacement: '["Stryker was here"]',
    within: 'silenceAfter(prior, subject, context.silences ?? [], context.now, context.silencesKnown)',
    reason:
      'Without silences the one item stands for no silence: it has no id and no start, so it neither is the prior silence nor takes over from it.',
  },
  {
    file: 'core/record/cluster-health.ts',
    mutatorName: 'ArrayDeclaration',
    replacement: '["Stryker was here"]',
    within: 'silenceFor(subjectOf(event), context.silences ?? [], context.now)',
    reason: 'Without silences the one item stands for no silence: it has no start, so it is never active.',
  },
  {
    file: 'core/observe/mirror-lag.ts',
    mutatorName: 'EqualityOperator',
    replacement: 'a <= b',
    within: 'return a < b ? -1',
    reason:
      'The names compared are keys of one map (topic names), so no two are equal, and `a <= b` orders them as `a < b` does.',
  },
  {
    file: 'core/observe/mirror-lag.ts',
    mutatorName: 'ConditionalExpression',
    replacement: 'true',
    within: 'a > b ? 1 : 0',
    reason:
      'The names compared are keys of one map (topic names), so no two are equal: a name that is not before the other is after it.',
  },
  {
    file: 'core/observe/mirror-lag.ts',
    mutatorName: 'EqualityOperator',
    replacement: 'a >= b',
    within: 'a > b ? 1 : 0',
    reason:
      'Once `a < b` has failed, `a >= b` holds for two strings, and the names compared are keys of one map, never equal, so the result is 1 as before.',
  },
  {
    file: 'core/observe/mirror-lag.ts',
    mutatorName: 'ConditionalExpression',
    replacement: 'false',
    within: 'a > b ? 1 : 0',
    reason:
      'The names are distinct, and sort in V8 (Node) only asks whether a comparison is below zero, so 0 and 1 for a later name sort alike.',
  },
  {
    file: 'core/observe/mirror-lag.ts',
    mutatorName: 'EqualityOperator',
    replacement: 'a <= b',
    within: 'a > b ? 1 : 0',
    reason:
      'The names are distinct, and sort in V8 (Node) only asks whether a comparison is below zero, so 0 and 1 for a later name sort alike.',
  },
  {
    file: 'core/model/link-parts.ts',
    mutatorName: 'ConditionalExpression',
    replacement: 'true',
    within: 'a > b ? 1 : 0',
    reason:
      'Sort in V8 (Node) only asks whether a comparison is below zero, so 0 and 1 sort alike, for equal names too.',
  },
  {
    file: 'core/model/link-parts.ts',
    mutatorName: 'ConditionalExpression',
    replacement: 'false',
    within: 'a > b ? 1 : 0',
    reason:
      'Sort in V8 (Node) only asks whether a comparison is below zero, so 0 and 1 sort alike, for equal names too.',
  },
  {
    file: 'core/model/link-parts.ts',
    mutatorName: 'EqualityOperator',
    replacement: 'a >= b',
    within: 'a > b ? 1 : 0',
    reason:
      'Sort in V8 (Node) only asks whether a comparison is below zero, so 0 and 1 sort alike, for equal names too.',
  },
  {
    file: 'core/model/link-parts.ts',
    mutatorName: 'EqualityOperator',
    replacement: 'a <= b',
    within: 'a > b ? 1 : 0',
    reason:
      'Sort in V8 (Node) only asks whether a comparison is below zero, so 0 and 1 sort alike, for equal names too.',
  },
  {
    file: 'core/control/zoned-time.ts',
    mutatorName: 'ConditionalExpression',
    replacement: 'true',
    within: 'if (f === undefined)',
    reason:
      'The cache only spares building a formatter again: a new one for the same zone and options reads every instant the same.',
  },
  {
    file: 'core/control/zoned-time.ts',
    mutatorName: 'CallExpression',
    replacement: ';',
    within: 'formatters.set(timeZone, f);',
    reason:
      'The cache only spares building a formatter again: a new one for the same zone and options reads every instant the same.',
  },
  {
    file: 'core/readiness/group-digits.ts',
    mutatorName: 'StringLiteral',
    replacement: '"Stryker was here!"',
    within: "const [whole = '', fraction]",
    reason:
      'Splitting a text always gives at least one piece, so the whole part is always there and its default is never used.',
  },
  {
    file: 'core/notify/publish-notifications.ts',
    mutatorName: 'ConditionalExpression',
    replacement: 'true',
    within: 'notification.events.find((e) => e.linkName !== null)?.linkName ?? null',
    reason:
      'A notification is given up only once split by link, so all its events are about one link (or all about the cluster): its first event names the link the test would find.',
  },
  {
    file: 'core/poll/list-and-plan.ts',
    mutatorName: 'ConditionalExpression',
    replacement: 'true',
    within: 'readinessDue && settings.readiness !== null',
    reason:
      'isReadinessDue is false when readiness is off (null settings), so once readinessDue holds the settings are there: the test only narrows the type.',
  },
  {
    file: 'core/poll/list-and-plan.ts',
    mutatorName: 'ConditionalExpression',
    replacement: 'false',
    within: 'deps.readiness === undefined\n        ? readiness',
    reason:
      'Without a readiness source the plan keeps no config, task or dry run (withinShare), so readReadiness makes no read and gives empty readings, as NO_READINESS_READINGS is.',
  },
  {
    file: 'core/poll/list-and-plan.ts',
    mutatorName: 'EqualityOperator',
    replacement: 'a.linkName <= b.linkName',
    within: 'a.linkName < b.linkName ? -1',
    reason:
      'A listing holds one link per name and the diff one change per name, and the changes added are of links the diff left out, so no two names are equal.',
  },
  {
    file: 'core/poll/list-and-plan.ts',
    mutatorName: 'ConditionalExpression',
    replacement: 'true',
    within: 'a.linkName > b.linkName ? 1 : 0',
    reason: 'No two changes share a name (one per link), so a name that is not before the other is after it.',
  },
  {
    file: 'core/poll/list-and-plan.ts',
    mutatorName: 'EqualityOperator',
    replacement: 'a.linkName <= b.linkName',
    within: 'a.linkName > b.linkName ? 1 : 0',
    reason:
      'The names are distinct, and sort in V8 (Node) only asks whether a comparison is below zero, so 0 and 1 for a later name sort alike.',
  },
  {
    file: 'core/poll/list-and-plan.ts',
    mutatorName: 'ConditionalExpression',
    replacement: 'false',
    within: 'if (snapshot === undefined || changed.has(link.linkName)) continue;\n    const due',
    reason:
      'A listed link without a snapshot is always one of the changes of the diff (added, or joining the baseline), so the test after it skips the link as well: this one only narrows the type.',
  },
  {
    file: 'core/poll/list-and-plan.ts',
    mutatorName: 'ConditionalExpression',
    replacement: 'false',
    within: 'if (snapshot === undefined || changed.has(link.linkName)) continue;\n    const events',
    reason:
      'A listed link without a snapshot is always one of the changes of the diff (added, or joining the baseline), so the test after it skips the link as well: this one only narrows the type.',
  },
  {
    file: 'core/poll/list-and-plan.ts',
    mutatorName: 'ConditionalExpression',
    replacement: 'false',
    within: 'a.linkName > b.linkName ? 1 : 0',
    reason:
      'The names are distinct, and sort in V8 (Node) only asks whether a comparison is below zero, so 0 and 1 for a later name sort alike.',
  },
  {
    file: 'core/poll/list-and-plan.ts',
    mutatorName: 'EqualityOperator',
    replacement: 'a.linkName >= b.linkName',
    within: 'a.linkName > b.linkName ? 1 : 0',
    reason:
      'No two changes share a name (one per link), so once `a < b` has failed `a >= b` and `a > b` agree.',
  },
  {
    file: 'core/poll/refused-entries.ts',
    mutatorName: 'OptionalChaining',
    replacement: 'b.entries[i].linkName',
    within: 'entry.linkName === b.entries[i]?.linkName && entry.problem === b.entries[i]?.problem',
    reason: 'The two lists were found of the same length just before, so b has an entry at every index of a.',
  },
  {
    file: 'core/poll/refused-entries.ts',
    mutatorName: 'OptionalChaining',
    replacement: 'b.entries[i].problem',
    within: 'entry.linkName === b.entries[i]?.linkName && entry.problem === b.entries[i]?.problem',
    reason: 'The two lists were found of the same length just before, so b has an entry at every index of a.',
  },
  {
    file: 'core/notify/render/change-phrases.ts',
    mutatorName: 'StringLiteral',
    replacement: '"Stryker was here!"',
    within: "const state = part?.state ?? '';",
    reason:
      'The fallback only stands for a part with no state, and neither the empty text nor any other that is not a PENDING_* state names a transition, so both read as a transition.',
  },
  {
    file: 'core/notify/render/change-phrases.ts',
    mutatorName: 'StringLiteral',
    replacement: '"Stryker was here!"',
    within: "const sync = syncOfConfig(event.part?.name ?? '');",
    reason:
      'The fallback only stands for an event with no part, and no sync is switched on by a config of either name, so no sync is found either way.',
  },
  {
    file: 'core/notify/render/change-phrases.ts',
    mutatorName: 'StringLiteral',
    replacement: '"Stryker was here!"',
    within: "const sync = syncOfTask(event.part?.name ?? '');",
    reason:
      'The fallback only stands for an event with no part, and no sync is done by a task of either name, so no sync is found either way.',
  },
  {
    file: 'core/notify/render/change-phrases.ts',
    mutatorName: 'StringLiteral',
    replacement: '"Stryker was here!"',
    within: "const loss = syncOfTask(part?.name ?? '')?.loss;",
    reason:
      'The fallback only stands for an event with no part, and no sync is done by a task of either name, so no loss is found either way.',
  },
  {
    file: 'core/notify/render/change-phrases.ts',
    mutatorName: 'StringLiteral',
    replacement: '""',
    within: "partStateText(part?.state ?? null, 'task')",
    reason:
      'A missing state of a part reads as not listed only for a mirror topic; a task and any other kind read as not reported alike.',
  },
  {
    file: 'core/notify/render/change-phrases.ts',
    mutatorName: 'StringLiteral',
    replacement: '""',
    within: "partStateText(event.part?.state ?? null, 'task')",
    reason:
      'A missing state of a part reads as not listed only for a mirror topic; a task and any other kind read as not reported alike.',
  },
  {
    file: 'core/notify/render/change-phrases.ts',
    mutatorName: 'StringLiteral',
    replacement: '""',
    within: "partTransition(event, 'task')",
    reason:
      'A missing state of a part reads as not listed only for a mirror topic; a task and any other kind read as not reported alike.',
  },
  {
    file: 'core/notify/render/notification-document.ts',
    mutatorName: 'StringLiteral',
    replacement: '"Stryker was here!"',
    within: "eventId}` : ''}",
    reason:
      "Every change of a link and poll gets the same ending of its key, so any fixed ending groups the changes alike; only a reminder's key ends in its own event id.",
  },
  {
    file: 'core/notify/render/notification-document.ts',
    mutatorName: 'StringLiteral',
    replacement: '"Stryker was here!"',
    within: "linkName: first.linkName ?? '',",
    reason:
      'Events of no link make no entry (linkGroups skips them), so the first event of an entry always has a link name.',
  },
  {
    file: 'core/notify/render/notification-document.ts',
    mutatorName: 'ConditionalExpression',
    replacement: 'true',
    within: '...(findings !== undefined && { findings })',
    reason:
      'fitSubject reads findings that are undefined as it reads findings left out (`parts.findings ?? []`), so the subject is the same.',
  },
  {
    file: 'core/notify/render/plain-text.ts',
    mutatorName: 'StringLiteral',
    replacement: '""',
    within: "Buffer.byteLength(text, 'utf8')",
    reason:
      'Buffer.byteLength counts a string as UTF-8 when the encoding it is given is not one it knows, so the count is the same.',
  },
  {
    file: 'core/notify/render/notification-document-schema.ts',
    mutatorName: 'StringLiteral',
    replacement: '""',
    within: "{ io: 'input' }",
    reason:
      "zod adds `additionalProperties: false` only for io 'output', and the schema has no transforms or defaults, so an empty io gives the same JSON Schema as 'input'.",
  },
  {
    file: 'core/notify/render/notification-document-schema.ts',
    mutatorName: 'OptionalChaining',
    replacement: 'issue.path',
    within: "issue?.path.join('.') || '(root)'",
    reason: 'A parse that fails always reports at least one issue, so the first issue is always there.',
  },
  {
    file: 'core/notify/render/notification-document-schema.ts',
    mutatorName: 'OptionalChaining',
    replacement: 'issue.message',
    within: "issue?.message ?? 'invalid'",
    reason: 'A parse that fails always reports at least one issue, so the first issue is always there.',
  },
  {
    file: 'core/notify/render/notification-document-schema.ts',
    mutatorName: 'StringLiteral',
    replacement: '""',
    within: "issue?.message ?? 'invalid'",
    reason:
      'A parse that fails always reports a first issue, and every issue has a message (the English locale is set in zod-mini), so the fallback is never used.',
  },
  {
    file: 'core/notify/render/chatbot-message.ts',
    mutatorName: 'OptionalChaining',
    replacement: 'doc.links[0]?.changes[0].eventId',
    within: 'doc.links[0]?.changes[0]?.eventId',
    reason: 'A link entry is made from the events of its link, so it always has a first change.',
  },
  {
    file: 'core/notify/render/message-attributes.ts',
    mutatorName: 'OptionalChaining',
    replacement: 'singleLink?.changes[0].type',
    within: 'singleLink?.changes[0]?.type',
    reason: 'A link entry is made from the events of its link, so it always has a first change.',
  },
  {
    file: 'core/notify/render/first-check.ts',
    mutatorName: 'StringLiteral',
    replacement: '"Stryker was here!"',
    within: "lookup(BY_STUCK_STATE, part.state ?? '')",
    reason:
      'A part without a state looks up a key the table does not hold, whatever the text, and gets the general line.',
  },
  {
    file: 'core/notify/render/first-check.ts',
    mutatorName: 'StringLiteral',
    replacement: '"Stryker was here!"',
    within: "lookup(BY_MIRROR_TOPIC_STATE, part.state ?? '')",
    reason:
      'A part without a state looks up a key the table does not hold, whatever the text, and gets the lag line.',
  },
  {
    file: 'core/notify/render/subject-line.ts',
    mutatorName: 'ArrayDeclaration',
    replacement: '["Stryker was here"]',
    within: 'parts.findings ?? []',
    reason:
      'Fewer than two findings give nothing to count, so one made-up finding gives the same null as none.',
  },
  {
    file: 'core/notify/render/subject-line.ts',
    mutatorName: 'ArithmeticOperator',
    replacement: 'texts.length + 1',
    within: 'let kept = texts.length - 1',
    reason:
      'Keeping every finding counts none more ("and 0 more"): longer than the summary they make, which did not fit, so it never fits and the loop goes on as before.',
  },
  {
    file: 'core/notify/render/sns-message.ts',
    mutatorName: 'ArithmeticOperator',
    replacement: 'links.length + next',
    within: 'largestThatFits(links.length - next',
    reason:
      'Asking for more links than are left takes the same links as all that are left, so the most that fit are the same links and the loop ends the same way.',
  },
  {
    file: 'core/notify/render/sns-message.ts',
    mutatorName: 'ArithmeticOperator',
    replacement: 'count + 1',
    within: 'largestThatFits(count - 1, maxBytes',
    reason:
      'All entries in full, or more than there are, make the full message, which did not fit, so the most that fit are the same.',
  },
  {
    file: 'core/notify/render/sns-message.ts',
    mutatorName: 'ConditionalExpression',
    replacement: 'false',
    within: "draft.kind !== 'digest' || links.length <= 1",
    reason:
      'Only a digest holds more than one link: a change or a reminder is about one link and a cluster event about none, so the count alone sends them whole.',
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
