import { describe, expect, it } from 'vitest';
import { type ClusterPollResult, skippedResult, summarise } from '../../../../core/poll/poll-results.js';

const PROD = { clusterId: 'lkc-prod1', label: 'prod-eu' };

/** A cluster's result with every count zero unless given. */
function aResult(overrides: Partial<ClusterPollResult> = {}): ClusterPollResult {
  return {
    clusterId: 'lkc-any',
    clusterLabel: 'any',
    outcome: 'ok',
    unreachable: false,
    links: 0,
    linksByState: {},
    events: 0,
    published: 0,
    publishFailures: 0,
    conflicts: 0,
    linkFailures: 0,
    failedLinks: [],
    quarantined: 0,
    deferredLinks: 0,
    durationMs: 0,
    ...overrides,
  };
}

describe('Function: skippedResult', () => {
  it('reports a cluster not reached as skipped, with the reason, nothing read and nothing done', () => {
    // Act
    const result = skippedResult(PROD, 'not reached: behind prod-us');

    // Assess
    expect(result).toEqual(
      aResult({
        clusterId: 'lkc-prod1',
        clusterLabel: 'prod-eu',
        outcome: 'skipped',
        error: 'not reached: behind prod-us',
      }),
    );
  });
});

describe('Function: summarise', () => {
  it('counts skipped clusters apart from those polled, and a failed cluster as polled', () => {
    // Act
    const summary = summarise([
      aResult({ outcome: 'ok' }),
      aResult({ outcome: 'failed' }),
      aResult({ outcome: 'failed' }),
      aResult({ outcome: 'skipped' }),
    ]);

    // Assess
    expect(summary).toMatchObject({ clustersPolled: 3, clustersFailed: 2, clustersSkipped: 1 });
  });

  it('adds up every count over the clusters', () => {
    // Prepare: each count differs from cluster to cluster, so a count taken from one alone shows.
    const results = [
      aResult({
        events: 1,
        published: 2,
        publishFailures: 3,
        conflicts: 4,
        linkFailures: 5,
        quarantined: 6,
        deferredLinks: 7,
        detailFailures: 8,
        refusedEntries: 9,
        stepFailures: 10,
      }),
      aResult({
        events: 10,
        published: 20,
        publishFailures: 30,
        conflicts: 40,
        linkFailures: 50,
        quarantined: 60,
        deferredLinks: 70,
        detailFailures: 80,
        refusedEntries: 90,
        stepFailures: 100,
      }),
    ];

    // Act
    const summary = summarise(results);

    // Assess
    expect(summary).toEqual({
      clustersPolled: 2,
      clustersFailed: 0,
      clustersSkipped: 0,
      events: 11,
      published: 22,
      publishFailures: 33,
      conflicts: 44,
      linkFailures: 55,
      quarantined: 66,
      deferredLinks: 77,
      detailFailures: 88,
      refusedEntries: 99,
      stepFailures: 110,
      results,
    });
  });

  it('counts the optional counts a result leaves out as zero', () => {
    // Act
    const summary = summarise([
      aResult(),
      aResult({ detailFailures: 2, refusedEntries: 3, stepFailures: 4 }),
    ]);

    // Assess
    expect(summary).toMatchObject({ detailFailures: 2, refusedEntries: 3, stepFailures: 4 });
  });

  it('sums to zero over no cluster', () => {
    // Act
    const summary = summarise([]);

    // Assess
    expect(summary).toMatchObject({ clustersPolled: 0, events: 0, stepFailures: 0, results: [] });
  });
});
