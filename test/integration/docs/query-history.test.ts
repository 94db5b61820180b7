/**
 * docs/query-history.md, run: each `aws dynamodb query` and PartiQL statement of the page is sent,
 * as written, to DynamoDB Local tables holding items the store itself encodes, and returns what
 * its heading says; the page names every attribute those items can hold.
 */
import { readFileSync } from 'node:fs';
import {
  type AttributeValue,
  type DynamoDBClient,
  ExecuteStatementCommand,
  PutItemCommand,
  QueryCommand,
  type QueryCommandInput,
} from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  encodeClusterRecord,
  encodeHistoryEvent,
  encodeLinkSnapshot,
  PUBLISH_ATTEMPTS_ATTRIBUTE,
  QUARANTINE_REASON_ATTRIBUTE,
  QUARANTINED_AT_ATTRIBUTE,
} from '../../../adapters/dynamodb/dynamodb-item-codec.js';
import type { HistoryEvent } from '../../../core/model/change-events.js';
import type { ClusterLink } from '../../../core/model/link-model.js';
import {
  createTables,
  localDynamoDbClient,
  type TestTables,
} from '../../../tools/local-aws/dynamodb-local.js';
import { dynamoDbEndpoint } from '../../support/dynamodb-endpoint.js';

const DOC = 'docs/query-history.md';
const CLUSTER = 'lkc-abc123';

function aLink(linkName: string, overrides: Partial<ClusterLink> = {}): ClusterLink {
  return {
    linkName,
    clusterLinkId: `id-${linkName}`,
    linkState: 'ACTIVE',
    linkError: null,
    linkErrorMessage: null,
    sourceClusterId: 'lkc-src77',
    destinationClusterId: CLUSTER,
    remoteClusterId: 'lkc-src77',
    topicNames: ['orders'],
    tasks: [],
    categoryCounts: [],
    ...overrides,
  };
}

function anEvent(observedAt: string, overrides: Partial<HistoryEvent> = {}): HistoryEvent {
  const clusterId = overrides.clusterId ?? CLUSTER;
  const linkName = overrides.linkName === undefined ? 'orders-dr' : overrides.linkName;
  return {
    eventId: `${clusterId}#${linkName ?? '-'}#${observedAt}#0`,
    clusterId,
    clusterLabel: clusterId === CLUSTER ? 'prod-eu' : 'prod-us',
    linkName,
    clusterLinkId: linkName === null ? null : `id-${linkName}`,
    type: 'LINK_STATE_CHANGED',
    severity: 'critical',
    observedAt,
    from: 'ACTIVE',
    to: 'FAILED',
    topicsAdded: [],
    topicsRemoved: [],
    previousSince: '2026-10-01T00:00:00.000Z',
    link: linkName === null ? null : aLink(linkName),
    detail: null,
    notification: 'SENT',
    expiresAt: 1_900_000_000,
    ...overrides,
  };
}

/** The history the page's queries read: times chosen at the edges of each query's range. */
const HISTORY: readonly HistoryEvent[] = [
  anEvent('2026-10-31T23:59:59.000Z'),
  anEvent('2026-11-15T10:00:00.000Z', { severity: 'warning', to: 'PAUSED' }),
  anEvent('2026-11-30T12:00:00.000Z'),
  anEvent('2026-12-01T18:30:00.000Z', { severity: 'resolved', from: 'FAILED', to: 'ACTIVE' }),
  anEvent('2026-12-02T00:00:01.000Z'),
  anEvent('2026-11-20T08:00:00.000Z', { linkName: 'orders-us' }),
  anEvent('2026-11-10T08:00:00.000Z', { clusterId: 'lkc-other9', linkName: 'billing' }),
  anEvent('2026-11-25T08:00:00.000Z', {
    linkName: null,
    type: 'CLUSTER_UNREACHABLE',
    from: null,
    to: null,
    detail: 'connect timed out',
  }),
];

/** The page's commands that start with `aws dynamodb`, continuation lines joined. */
function awsCommands(markdown: string): { heading: string; command: string }[] {
  const commands: { heading: string; command: string }[] = [];
  let heading = '';
  let inside = false;
  let current = '';
  for (const line of markdown.split('\n')) {
    if (line.startsWith('#')) heading = line.replace(/^#+\s*/, '');
    if (line.startsWith('```')) {
      inside = !inside;
      continue;
    }
    if (!inside) continue;
    const joined = current === '' ? line : `${current} ${line.trim()}`;
    if (joined.endsWith('\\')) {
      current = joined.slice(0, -1).trimEnd();
      continue;
    }
    current = '';
    if (joined.startsWith('aws dynamodb ')) commands.push({ heading, command: joined });
  }
  return commands;
}

/** Shell words: single quotes literal, double quotes with `\"` escapes and `$VAR` expanded. */
function shellWords(line: string, vars: Readonly<Record<string, string>>): string[] {
  const expand = (text: string) => text.replace(/\$(\w+)/g, (_, name: string) => vars[name] ?? `$${name}`);
  const words: string[] = [];
  for (const match of line.matchAll(/(?:'[^']*'|"(?:\\.|[^"\\])*"|[^\s'"]+)+/g)) {
    let word = '';
    for (const part of match[0].matchAll(/'([^']*)'|"((?:\\.|[^"\\])*)"|([^\s'"]+)/g)) {
      if (part[1] !== undefined) word += part[1];
      else if (part[2] !== undefined) word += expand(part[2].replace(/\\(.)/g, '$1'));
      else word += expand(part[3] ?? '');
    }
    words.push(word);
  }
  return words;
}

/** `aws dynamodb query` options as the SDK's input. */
function queryInput(words: readonly string[]): QueryCommandInput {
  const options = new Map<string, string>();
  for (let i = 3; i < words.length; i++) {
    const word = words[i] ?? '';
    if (word === '--no-scan-index-forward') options.set(word, 'true');
    else options.set(word, words[++i] ?? '');
  }
  const known = [
    '--table-name',
    '--index-name',
    '--key-condition-expression',
    '--filter-expression',
    '--projection-expression',
    '--expression-attribute-values',
    '--expression-attribute-names',
    '--no-scan-index-forward',
  ];
  const unknown = [...options.keys()].filter((name) => !known.includes(name));
  if (unknown.length > 0) throw new Error(`${DOC}: options this test does not know: ${unknown.join(', ')}`);
  const text = (name: string) => options.get(name);
  const json = <T>(name: string): T | undefined => {
    const value = options.get(name);
    return value === undefined ? undefined : (JSON.parse(value) as T);
  };
  return {
    TableName: text('--table-name'),
    IndexName: text('--index-name'),
    KeyConditionExpression: text('--key-condition-expression'),
    FilterExpression: text('--filter-expression'),
    ProjectionExpression: text('--projection-expression'),
    ExpressionAttributeValues: json<Record<string, AttributeValue>>('--expression-attribute-values'),
    ExpressionAttributeNames: json<Record<string, string>>('--expression-attribute-names'),
    ScanIndexForward: !options.has('--no-scan-index-forward'),
  };
}

const str = (item: Record<string, AttributeValue>, name: string) => item[name]?.S;

let client: DynamoDBClient;
let tables: TestTables;
let vars: Record<string, string>;

beforeAll(async () => {
  client = localDynamoDbClient(dynamoDbEndpoint());
  tables = await createTables(client, 'query-doc');
  vars = { SNAPSHOTS: tables.snapshotTableName, HISTORY: tables.historyTableName };
  for (const event of HISTORY) {
    await client.send(
      new PutItemCommand({ TableName: tables.historyTableName, Item: encodeHistoryEvent(event) }),
    );
  }
  const snapshots = [
    encodeLinkSnapshot({
      clusterId: CLUSTER,
      link: aLink('orders-dr', { linkState: 'FAILED' }),
      version: 3,
      stateSince: '2026-12-02T00:00:01.000Z',
      unhealthySince: '2026-12-02T00:00:01.000Z',
      lastRemindedAt: null,
      pendingCondition: null,
    }),
    encodeLinkSnapshot({
      clusterId: CLUSTER,
      link: aLink('orders-us'),
      version: 1,
      stateSince: '2026-11-20T08:00:00.000Z',
      unhealthySince: null,
      lastRemindedAt: null,
      pendingCondition: null,
    }),
    encodeClusterRecord({
      clusterId: CLUSTER,
      clusterLabel: 'prod-eu',
      version: 1,
      baselineAt: '2026-10-01T00:00:00.000Z',
      consecutiveFailures: 0,
      failingSince: null,
      lastError: null,
      unreachableNotified: false,
    }),
  ];
  for (const item of snapshots) {
    await client.send(new PutItemCommand({ TableName: tables.snapshotTableName, Item: item }));
  }
});

afterAll(async () => {
  await tables?.drop();
  client?.destroy();
});

describe(`${DOC}: the queries, run`, () => {
  const commands = awsCommands(readFileSync(DOC, 'utf8'));
  const numbered = (n: number) => commands.filter((c) => c.heading.startsWith(`${n}.`));
  const query = async (command: string) => {
    const words = shellWords(command, vars);
    return (await client.send(new QueryCommand(queryInput(words)))).Items ?? [];
  };

  it('has the four access patterns and the PartiQL statements', () => {
    expect(commands.map((c) => c.heading)).toEqual([
      '1. Every current link of a cluster',
      "2. One link's history, newest first",
      "3. One cluster's history, newest first",
      '4. One severity across clusters, newest first',
      'The same in PartiQL',
      'The same in PartiQL',
    ]);
  });

  it('1: lists every current link of the cluster, and with the filter the unhealthy ones', async () => {
    // Prepare
    const [first] = numbered(1);
    const text = readFileSync(DOC, 'utf8');
    const filter = /add `(--filter-expression '[^']+')`/.exec(text)?.[1];

    // Act
    const links = await query(first?.command ?? '');
    const unhealthy = await query(`${first?.command ?? ''} ${filter ?? ''}`);

    // Assess
    expect(links).toEqual([
      {
        linkName: { S: 'orders-dr' },
        stateSince: { S: '2026-12-02T00:00:01.000Z' },
        unhealthySince: { S: '2026-12-02T00:00:01.000Z' },
      },
      { linkName: { S: 'orders-us' }, stateSince: { S: '2026-11-20T08:00:00.000Z' } },
    ]);
    expect(filter).toBeDefined();
    expect(unhealthy.map((i) => str(i, 'linkName'))).toEqual(['orders-dr']);
  });

  it("2: reads one link's history between the two days, both taken in whole, newest first", async () => {
    // Act
    const items = await query(numbered(2)[0]?.command ?? '');

    // Assess: 2026-11-01 up to and including all of 2026-12-01
    expect(items.map((i) => str(i, 'observedAt'))).toEqual([
      '2026-12-01T18:30:00.000Z',
      '2026-11-30T12:00:00.000Z',
      '2026-11-15T10:00:00.000Z',
    ]);
    expect(items[0]).toEqual({
      observedAt: { S: '2026-12-01T18:30:00.000Z' },
      type: { S: 'LINK_STATE_CHANGED' },
      severity: { S: 'resolved' },
      from: { S: 'FAILED' },
      to: { S: 'ACTIVE' },
      notification: { S: 'SENT' },
    });
  });

  it("3: reads one cluster's history since a day, cluster events included, newest first", async () => {
    // Act
    const items = await query(numbered(3)[0]?.command ?? '');

    // Assess
    expect(items.map((i) => [str(i, 'observedAt'), str(i, 'linkName') ?? null])).toEqual([
      ['2026-12-02T00:00:01.000Z', 'orders-dr'],
      ['2026-12-01T18:30:00.000Z', 'orders-dr'],
      ['2026-11-30T12:00:00.000Z', 'orders-dr'],
    ]);
  });

  it('4: reads one severity of one month across clusters, newest first', async () => {
    // Act
    const items = await query(numbered(4)[0]?.command ?? '');

    // Assess
    expect(items.map((i) => [str(i, 'observedAt'), str(i, 'clusterLabel')])).toEqual([
      ['2026-11-30T12:00:00.000Z', 'prod-eu'],
      ['2026-11-25T08:00:00.000Z', 'prod-eu'],
      ['2026-11-20T08:00:00.000Z', 'prod-eu'],
      ['2026-11-10T08:00:00.000Z', 'prod-us'],
    ]);
  });

  it('PartiQL: returns what queries 3 and 4 return, oldest first', async () => {
    // Prepare
    const statements = commands
      .filter((c) => c.heading === 'The same in PartiQL')
      .map((c) => {
        const words = shellWords(c.command, vars);
        return words[words.indexOf('--statement') + 1] ?? '';
      });

    // Act
    const [byCluster, bySeverity] = await Promise.all(
      statements.map(
        async (statement) =>
          (await client.send(new ExecuteStatementCommand({ Statement: statement }))).Items ?? [],
      ),
    );

    // Assess: in the index's order, oldest first, as the page says
    expect(byCluster?.map((i) => str(i, 'observedAt'))).toEqual([
      '2026-11-30T12:00:00.000Z',
      '2026-12-01T18:30:00.000Z',
      '2026-12-02T00:00:01.000Z',
    ]);
    expect(bySeverity?.map((i) => str(i, 'observedAt')).sort()).toEqual([
      '2026-11-10T08:00:00.000Z',
      '2026-11-20T08:00:00.000Z',
      '2026-11-25T08:00:00.000Z',
      '2026-11-30T12:00:00.000Z',
    ]);
  });
});

describe(`${DOC}: the attributes`, () => {
  const text = readFileSync(DOC, 'utf8');
  const section = (start: string, end: string) => text.slice(text.indexOf(start), text.indexOf(end));
  const named = (part: string) => new Set([...part.matchAll(/`(\w+)`/g)].map((m) => m[1]));

  it('names every attribute a history item can hold', () => {
    // Prepare: an event with every optional field, and one whose link is stored compressed
    const full = encodeHistoryEvent(
      anEvent('2026-11-01T00:00:00.000Z', {
        notification: 'PENDING',
        detail: 'why',
        silencedBy: 's-1',
        part: {
          kind: 'mirror-topic',
          name: 'orders',
          state: 'FAILED',
          errorCode: null,
          errorMessage: null,
          stateSince: null,
        },
        topicCounts: { added: 5_000, removed: 0 },
      }),
    );
    const huge = encodeHistoryEvent(
      anEvent('2026-11-01T00:00:00.000Z', {
        link: aLink('orders-dr', { topicNames: Array.from({ length: 5_000 }, (_, i) => `topic-${i}`) }),
      }),
    );
    const attributes = new Set([
      ...Object.keys(full),
      ...Object.keys(huge),
      PUBLISH_ATTEMPTS_ATTRIBUTE,
      QUARANTINE_REASON_ATTRIBUTE,
      QUARANTINED_AT_ATTRIBUTE,
    ]);

    // Act
    const documented = named(section('History items', 'Snapshot items'));

    // Assess
    expect([...attributes].filter((a) => !documented.has(a)).sort()).toEqual([]);
  });

  it('names every attribute a snapshot item can hold', () => {
    // Prepare
    const link = encodeLinkSnapshot({
      clusterId: CLUSTER,
      link: aLink('orders-dr', { topicNames: Array.from({ length: 5_000 }, (_, i) => `topic-${i}`) }),
      version: 2,
      stateSince: '2026-11-01T00:00:00.000Z',
      unhealthySince: '2026-11-01T00:00:00.000Z',
      lastRemindedAt: '2026-11-01T04:00:00.000Z',
      partsUnhealthySince: '2026-11-01T00:00:00.000Z',
      pendingCondition: { key: 'FAILED/-', polls: 1, heldEventIds: [] },
      silencedBy: 's-1',
      announced: ['link'],
    });
    const small = encodeLinkSnapshot({
      clusterId: CLUSTER,
      link: aLink('orders-us'),
      version: 1,
      stateSince: '2026-11-01T00:00:00.000Z',
      unhealthySince: null,
      lastRemindedAt: null,
      pendingCondition: null,
    });
    const cluster = encodeClusterRecord({
      clusterId: CLUSTER,
      clusterLabel: 'prod-eu',
      version: 1,
      baselineAt: '2026-10-01T00:00:00.000Z',
      consecutiveFailures: 2,
      failingSince: '2026-11-01T00:00:00.000Z',
      lastError: 'timed out',
      unreachableNotified: true,
      silencedBy: 's-2',
    });
    // The outbox marker's counter (`outbox-marker.ts`) is the one attribute written by an update alone.
    const attributes = new Set([...Object.keys(link), ...Object.keys(small), ...Object.keys(cluster), 'seq']);

    // Act
    const documented = named(section('Snapshot items', '### 1.'));

    // Assess
    expect([...attributes].filter((a) => !documented.has(a)).sort()).toEqual([]);
  });
});
