import { describe, expect, it } from 'vitest';
import { dynamoDbItemBytes, largestPutItemBytes } from '../../../bench/dynamodb-item-size.js';
import type { EstateSize } from '../../../bench/estate-size.js';
import type { PollMeasurement, RunResult } from '../../../bench/poller-run.js';
import type { ScenarioName } from '../../../bench/scenarios.js';
import { checkMirrorTopicTargets, checkTargets, rotationReadsPerPoll } from '../../../bench/targets.js';

const SIZE: EstateSize = { clusters: 1, links: 1000, topicsPerLink: 50 };

function aPoll(scenario: ScenarioName, figures: Partial<PollMeasurement> = {}): PollMeasurement {
  return {
    scenario,
    poll: 1,
    changedLinks: 0,
    wallMs: 100,
    dynamodb: {
      calls: 2,
      byOperation: { Query: 2 },
      readUnits: 4,
      writeUnits: 0,
      snapshotQueries: 1,
      snapshotReadUnits: 3.5,
      silenceQueries: 1,
    },
    publishes: 0,
    notifications: 0,
    largestPublishBytes: 0,
    publishedBytes: 0,
    largestItemBytes: 0,
    restRequests: 20,
    detailRequestsMax: 10,
    peakRssBytes: 50 * 2 ** 20,
    logBytes: 500,
    log: null,
    error: null,
    summary: null,
    ...figures,
  };
}

/** A churn poll of 1x1000x50 that meets every target: 100 changed links, one digest in two messages. */
function aChurnPoll(figures: Partial<PollMeasurement> = {}): PollMeasurement {
  return aPoll('churn', {
    changedLinks: 100,
    dynamodb: {
      calls: 103,
      byOperation: { Query: 2, TransactWriteItems: 100, UpdateItem: 1 },
      readUnits: 4,
      writeUnits: 1200,
      snapshotQueries: 1,
      snapshotReadUnits: 3.5,
      silenceQueries: 1,
    },
    publishes: 2,
    notifications: 1,
    largestPublishBytes: 250_000,
    publishedBytes: 400_000,
    largestItemBytes: 9_000,
    restRequests: 30,
    detailRequestsMax: 20,
    ...figures,
  });
}

function aRun(polls: readonly PollMeasurement[], size: EstateSize = SIZE): RunResult {
  return { kind: 'ours', size, concurrency: 32, importMs: 100, maxRssBytes: 60 * 2 ** 20, polls };
}

const byName = (checks: ReturnType<typeof checkMirrorTopicTargets>, prefix: string) =>
  checks.find((c) => c.target.startsWith(prefix));

describe('Function: rotationReadsPerPoll', () => {
  it('reads a fifth of the links a poll, at most 10 and at most half the budget', () => {
    expect(rotationReadsPerPoll(10, 20)).toBe(2);
    expect(rotationReadsPerPoll(40, 20)).toBe(8);
    expect(rotationReadsPerPoll(100, 20)).toBe(10);
    expect(rotationReadsPerPoll(1000, 20)).toBe(10);
    expect(rotationReadsPerPoll(1000, 6)).toBe(3);
  });
});

describe('Function: checkMirrorTopicTargets', () => {
  it('meets the steady state when REST is the 10 listing pages and the 10 rotation reads, with no write or publish', () => {
    // Act
    const checks = checkMirrorTopicTargets(aRun([aPoll('steady')]), 100);

    // Assess
    expect(byName(checks, 'steady 1x1000x50')).toMatchObject({ met: true, margin: 'met exactly' });
  });

  it('misses the steady state when a healthy estate reads mirror topics', () => {
    // Act: two more detail requests than the rotation
    const checks = checkMirrorTopicTargets(
      aRun([aPoll('steady', { restRequests: 22, detailRequestsMax: 12 })]),
      100,
    );

    // Assess
    expect(byName(checks, 'steady 1x1000x50')).toMatchObject({ met: false });
    expect(byName(checks, 'steady 1x1000x50')?.margin).toContain('2 REST requests');
  });

  it('misses the steady state on a write', () => {
    // Prepare
    const steady = aPoll('steady');
    const written = { ...steady, dynamodb: { ...steady.dynamodb, writeUnits: 2 } };

    // Act
    const checks = checkMirrorTopicTargets(aRun([written]), 100);

    // Assess
    expect(byName(checks, 'steady 1x1000x50')?.met).toBe(false);
  });

  it('meets churn with one transaction per changed link, the budget kept and a digest split in two messages', () => {
    // Act
    const checks = checkMirrorTopicTargets(aRun([aChurnPoll()]), 100);

    // Assess
    const churn = byName(checks, 'churn 1x1000x50');
    expect(churn?.met).toBe(true);
    expect(churn?.measured).toContain('1 notifications for 1 clusters received as 2 SNS messages');
  });

  it.each<[string, Partial<PollMeasurement>]>([
    ['more detail requests than the budget', { detailRequestsMax: 21 }],
    ['a second notification for the cluster', { notifications: 2 }],
    ['a message of 256 KB', { largestPublishBytes: 262_144 }],
    ['more messages than their bytes need', { publishes: 6 }],
  ])('misses churn with %s', (_, figures) => {
    // Act
    const checks = checkMirrorTopicTargets(aRun([aChurnPoll(figures)]), 100);

    // Assess
    expect(byName(checks, 'churn 1x1000x50')?.met).toBe(false);
  });

  it('misses churn with a transaction short of the changed links', () => {
    // Prepare
    const churn = aChurnPoll();
    const fewer = {
      ...churn,
      dynamodb: { ...churn.dynamodb, byOperation: { ...churn.dynamodb.byOperation, TransactWriteItems: 99 } },
    };

    // Act
    const checks = checkMirrorTopicTargets(aRun([fewer]), 100);

    // Assess
    expect(byName(checks, 'churn 1x1000x50')?.margin).toContain('-1 extra transactions');
  });

  it('reports the largest item written and misses at 400 KB', () => {
    // Act
    const small = checkMirrorTopicTargets(aRun([aPoll('steady'), aChurnPoll()]), 100);
    const large = checkMirrorTopicTargets(aRun([aChurnPoll({ largestItemBytes: 400 * 1024 })]), 100);

    // Assess
    expect(byName(small, 'items 1x1000x50')).toMatchObject({ met: true });
    expect(byName(small, 'items 1x1000x50')?.measured).toContain('9,000 B');
    expect(byName(large, 'items 1x1000x50')?.met).toBe(false);
  });
});

describe('Function: checkTargets', () => {
  it('checks the mirror-topic targets for a size with topics per link only', () => {
    // Prepare
    const input = { sweep: [], defaultConcurrency: 32, bundles: [], coldStart: null, pageSize: 100 };

    // Act
    const withTopics = checkTargets({ ...input, runs: [aRun([aPoll('steady'), aChurnPoll()])] });
    const plain = checkTargets({
      ...input,
      runs: [aRun([aPoll('steady', { restRequests: 11 })], { clusters: 1, links: 1000 })],
    });

    // Assess
    expect(withTopics.map((c) => c.target.split(':')[0])).toEqual([
      'steady 1x1000x50',
      'steady 1x1000x50',
      'churn 1x1000x50',
      'items 1x1000x50',
    ]);
    expect(plain.map((c) => c.target.split(':')[0])).toEqual(['steady 1x1000']);
  });
});

describe('Function: dynamoDbItemBytes', () => {
  it('counts names, strings, numbers, lists and maps as DynamoDB does', () => {
    // Act
    const bytes = dynamoDbItemBytes({
      pk: { S: 'lkc-1' },
      n: { N: '12345' },
      ok: { BOOL: true },
      l: { L: [{ S: 'ab' }, { NULL: true }] },
      m: { M: { k: { S: 'v' } } },
    });

    // Assess: 2+5, 1+4, 2+1, 1+(3+1+2+1+1), 1+(3+1+1+1)
    expect(bytes).toBe(7 + 5 + 3 + 9 + 7);
  });

  it('finds the largest item a transaction puts', () => {
    // Act
    const bytes = largestPutItemBytes('TransactWriteItems', {
      TransactItems: [
        { Put: { TableName: 't', Item: { a: { S: 'x' } } } },
        { Put: { TableName: 't', Item: { a: { S: 'x'.repeat(100) } } } },
        { Update: { TableName: 't', Key: { a: { S: 'y' } } } },
      ],
    });

    // Assess
    expect(bytes).toBe(101);
  });
});
