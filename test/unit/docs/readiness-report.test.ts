/**
 * What `docs/readiness.md` ("The report") states about `link-monitor readiness`: its example table
 * is what the command prints for the links it describes, and every field of the JSON is documented.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { ClusterLink } from '../../../core/model/link-model.js';
import type { ClusterRecord, LinkSnapshot } from '../../../core/ports.js';
import { READINESS_REASON_CODES } from '../../../core/readiness/readiness-verdict.js';
import { buildReadinessReport, formatReadinessTable } from '../../../tools/cli/readiness-format.js';
import { aLink } from '../../support/link-fixtures.js';

/** The text of the doc's `## The report` section, up to the next heading of its level. */
function reportSection(): string {
  const doc = readFileSync('docs/readiness.md', 'utf8');
  return doc.split(/^## /m).find((s) => s.startsWith('The report\n')) ?? '';
}

const CLUSTER: ClusterRecord = {
  clusterId: 'lkc-dr1eu',
  clusterLabel: 'dr-eu',
  version: 1,
  baselineAt: '2025-06-01T00:00:00.000Z',
  consecutiveFailures: 0,
  failingSince: null,
  lastError: null,
  unreachableNotified: false,
};

function snapshot(link: ClusterLink): LinkSnapshot {
  return {
    clusterId: CLUSTER.clusterId,
    link,
    version: 1,
    stateSince: '2025-06-01T00:00:00.000Z',
    unhealthySince: null,
    lastRemindedAt: null,
    pendingCondition: null,
  };
}

const SYNCS_ON = (consumerOffsets: string): ClusterLink['configs'] => ({
  values: [
    { name: 'acl.sync.enable', value: 'true', sensitive: false },
    { name: 'auto.create.mirror.topics.enable', value: 'true', sensitive: false },
    { name: 'consumer.offset.sync.enable', value: consumerOffsets, sensitive: false },
  ],
});

/** The links the doc's example shows: one ready, one at risk, one not ready. */
const EXAMPLE = buildReadinessReport(
  [
    {
      cluster: CLUSTER,
      links: [
        snapshot(aLink({ linkName: 'clicks-dr', configs: SYNCS_ON('true') })),
        snapshot(
          aLink({
            linkName: 'orders-dr',
            configs: SYNCS_ON('false'),
            topicProgress: [
              {
                topicName: 'orders',
                readAtMs: 0,
                partitions: [{ partition: 4, fetchOffset: 88_100, lag: 12_000 }],
                unmovedReads: 0,
                risingReads: 2,
                secondsBehind: 300,
                fetchRate: 40,
                stallNotified: false,
                behindNotified: true,
              },
            ],
          }),
        ),
        snapshot(
          aLink({
            linkName: 'payments-dr',
            configs: SYNCS_ON('true'),
            topicProgress: [
              {
                topicName: 'payments',
                readAtMs: 0,
                partitions: [{ partition: 0, fetchOffset: 51_200, lag: 1_200 }],
                unmovedReads: 3,
                risingReads: 0,
                secondsBehind: null,
                fetchRate: 0,
                stallNotified: true,
                behindNotified: false,
              },
            ],
            dryRun: {
              since: '2025-06-02T11:00:00.000Z',
              topics: 40,
              failed: 1,
              failures: [
                { topicName: 'refunds', errorCode: '40002', errorMessage: 'refunds is not a mirror topic' },
              ],
            },
            unreadParts: { since: '2025-06-02T12:58:00.000Z', mirrorTopics: true, tasks: false },
          }),
        ),
      ],
    },
  ],
  {
    everyPolls: 5,
    stallReads: 3,
    maxSecondsBehind: 120,
    links: [],
    stuckAfterMs: 600_000,
    configReadsPerPoll: 3,
    dryRunsPerPoll: 1,
  },
  new Date('2025-06-02T13:00:00Z'),
);

describe('docs/readiness.md, The report', () => {
  it('shows the table the command prints for the links it describes', () => {
    // Act
    const table = formatReadinessTable(EXAMPLE, 140);

    // Assess
    expect(reportSection()).toContain(`\`\`\`text\n${table}\`\`\``);
  });

  it('documents every field of the JSON report', () => {
    // Prepare
    // The not-ready link has a reason, a worst topic and a dry run: every kind of field.
    const link = EXAMPLE.links.find((l) => l.linkName === 'payments-dr');
    const fields = [
      ...Object.keys(EXAMPLE),
      ...Object.keys(EXAMPLE.clusters[0] ?? {}).map((k) => `clusters[].${k}`),
      ...Object.keys(link ?? {}).map((k) => `links[].${k}`),
      ...Object.keys(link?.reasons[0] ?? {}).map((k) => `links[].reasons[].${k}`),
      ...Object.keys(link?.worstTopics[0] ?? {}).map((k) => `links[].worstTopics[].${k}`),
      ...Object.keys(link?.syncs[0] ?? {}).map((k) => `links[].syncs[].${k}`),
    ];

    // Act
    const json =
      reportSection()
        .split(/^### /m)
        .find((s) => s.startsWith('The JSON\n')) ?? '';
    const documented = [...json.matchAll(/^\| `([^`]+)` \|/gm)].map((m) => m[1]);

    // Assess
    expect(fields.filter((f) => !documented.includes(f))).toEqual([]);
    // The example's dry run is not a link of its own: its fields are checked by name below.
    expect(
      documented.filter((f) => f !== undefined && !fields.includes(f) && !f.startsWith('links[].dryRun.')),
    ).toEqual([]);
    expect(documented).toEqual(
      expect.arrayContaining(Object.keys(link?.dryRun ?? { none: 0 }).map((k) => `links[].dryRun.${k}`)),
    );
  });

  it('shows a link of the example as the JSON report gives it', () => {
    // Act
    const block = /^```json\n([\s\S]*?)^```/m.exec(reportSection())?.[1] ?? 'null';

    // Assess
    expect(JSON.parse(block)).toEqual(
      JSON.parse(JSON.stringify(EXAMPLE.links.find((l) => l.linkName === 'payments-dr'))),
    );
  });

  it('documents every reason code, in the order reasons are listed', () => {
    // Act
    const documented = [...reportSection().matchAll(/^\| (?:not ready|at risk) \| `(\w+)` \|/gm)].map(
      (m) => m[1],
    );

    // Assess
    expect(documented).toEqual([...READINESS_REASON_CODES]);
  });
});
