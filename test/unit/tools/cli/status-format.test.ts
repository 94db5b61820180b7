import { describe, expect, it } from 'vitest';
import { buildStatusReport, formatStatusTable } from '../../../../tools/cli/status-format.js';
import { aCluster, NOW } from '../../../support/cli-report-fixtures.js';
import { aLink } from '../../../support/link-fixtures.js';
import { anEvent } from '../../../support/store-contract.js';

describe('Function: formatStatusTable', () => {
  it('says how to get data when no cluster is recorded', () => {
    expect(formatStatusTable(buildStatusReport([], NOW))).toContain('No clusters recorded yet');
  });

  it('marks a cluster whose listing fails, since when and why', () => {
    // Prepare
    const report = buildStatusReport(
      [
        {
          cluster: aCluster({
            consecutiveFailures: 3,
            failingSince: '2025-06-02T12:00:00.000Z',
            lastError: 'HTTP 401 (40101)',
          }),
          links: [
            {
              clusterId: 'lkc-a',
              link: aLink({ linkState: 'PAUSED' }),
              version: 1,
              stateSince: '2025-06-02T10:00:00.000Z',
              unhealthySince: '2025-06-02T10:00:00.000Z',
              lastRemindedAt: null,
              pendingCondition: null,
            },
          ],
        },
      ],
      NOW,
    );

    // Act
    const text = formatStatusTable(report);

    // Assess
    expect(report.links[0]?.severity).toBe('warning');
    expect(text).toContain('│ ! PAUSED │');
    expect(text).toContain('2025-06-02 10:00:00Z (3h)');
    expect(text).toContain(
      'prod-eu (lkc-a): 1 of 1 link(s) unhealthy; listing FAILING for 3 poll(s) since 2025-06-02 12:00:00Z: HTTP 401 (40101)',
    );
  });

  it('shows a row for each mirror topic and task not healthy, and each topic notified as lagging, with its error and message', () => {
    // Prepare
    const link = aLink({
      mirrorTopics: [
        {
          topicName: 'refunds',
          status: 'FAILED',
          error: 'SOURCE_TOPIC_MAY_BE_DELETED',
          stateTimeMs: null,
          transitionErrors: [{ errorCode: 'SOURCE_TOPIC_MAY_BE_DELETED', errorMessage: 'refunds not found' }],
        },
      ],
      tasks: [
        {
          taskName: 'AclSync',
          state: 'IN_ERROR',
          errors: [{ errorCode: 'MISCONFIGURATION_ERROR', errorMessage: 'bad acl.filters' }],
        },
      ],
      laggingTopics: [
        { topicName: 'orders', checks: 3, notified: true },
        { topicName: 'building-up', checks: 1, notified: false },
      ],
    });
    const report = buildStatusReport(
      [
        {
          cluster: aCluster(),
          links: [
            {
              clusterId: 'lkc-a',
              link,
              version: 2,
              stateSince: '2025-06-02T10:00:00.000Z',
              unhealthySince: null,
              lastRemindedAt: null,
              pendingCondition: null,
            },
          ],
        },
      ],
      NOW,
    );

    // Act
    const text = formatStatusTable(report);

    // Assess
    expect(report.parts.map((p) => [p.kind, p.name, p.state, p.severity])).toEqual([
      ['mirror-topic', 'refunds', 'FAILED', 'critical'],
      ['mirror-topic', 'orders', 'LAG_OVER_THRESHOLD', 'warning'],
      ['task', 'AclSync', 'IN_ERROR', 'warning'],
    ]);
    expect(text).toContain('Mirror topics and tasks not healthy');
    expect(text).toMatch(/topic refunds +│ !! FAILED +│ SOURCE_TOPIC_MAY_BE_DELETED +│ refunds not found/);
    expect(text).toMatch(/topic orders +│ ! LAG_OVER_THRESHOLD +│ - +│ see history/);
    expect(text).toMatch(/task AclSync +│ ! IN_ERROR +│ MISCONFIGURATION_ERROR +│ bad acl.filters/);
  });

  it("says how many notifications are not sent yet, so that '0 of 7 link(s) unhealthy' cannot hide an outbox nobody was told of", () => {
    // Prepare
    const pending = [
      anEvent({ clusterId: 'lkc-a', observedAt: '2025-06-02T12:10:00.000Z' }),
      anEvent({ clusterId: 'lkc-a', observedAt: '2025-06-02T12:05:00.000Z' }),
    ];

    // Act
    const report = buildStatusReport([{ cluster: aCluster(), links: [], pending }], NOW);

    // Assess
    expect(report.clusters[0]).toMatchObject({
      pendingNotifications: 2,
      oldestPendingAt: '2025-06-02T12:05:00.000Z',
    });
    expect(formatStatusTable(report)).toContain(
      'prod-eu (lkc-a): 0 of 0 link(s) unhealthy; listing ok; 2 notification(s) NOT SENT yet, the oldest observed 2025-06-02 12:05:00Z',
    );
  });

  it('lists quarantined notifications with their reason, and shows server text without terminal escapes', () => {
    // Prepare
    const report = buildStatusReport(
      [
        {
          cluster: aCluster({
            consecutiveFailures: 1,
            failingSince: '2025-06-02T12:00:00.000Z',
            lastError: 'bad \u001b[31mred',
          }),
          links: [],
          quarantined: [
            {
              ...anEvent({
                clusterId: 'lkc-a',
                linkName: 'odd-link',
                observedAt: '2025-06-02T12:30:00.000Z',
              }),
              notification: 'NOT_NOTIFIED',
              quarantine: {
                reason: 'NotificationPublishError: could not be rendered',
                at: '2025-06-02T12:31:00.000Z',
              },
            },
          ],
        },
      ],
      NOW,
    );

    // Act
    const text = formatStatusTable(report);

    // Assess
    expect(report.quarantined).toEqual([
      expect.objectContaining({
        linkName: 'odd-link',
        reason: 'NotificationPublishError: could not be rendered',
      }),
    ]);
    expect(text).toContain('1 notification(s) could not be sent and were given up (quarantined)');
    expect(text).toContain('odd-link');
    expect(text).toContain('could not be rendered');
    expect(text).toContain('bad ?[31mred');
    expect(text).not.toContain('\u001b');
  });

  it('counts the listing entries a cluster refused, since when, and lists the first with their problems', () => {
    // Prepare
    const report = buildStatusReport(
      [
        {
          cluster: aCluster({
            refusedEntries: {
              count: 12,
              since: '2025-06-02T12:00:00.000Z',
              entries: [
                { linkName: null, problem: 'data[1].link_name: Too small' },
                { linkName: 'payments\u001b[31m-dr', problem: 'data[2].cluster_link_id: Required' },
              ],
            },
          }),
          links: [],
        },
        { cluster: aCluster({ clusterId: 'lkc-b', clusterLabel: 'prod-us' }), links: [] },
      ],
      NOW,
    );

    // Act
    const text = formatStatusTable(report);

    // Assess
    expect(report.clusters.map((c) => c.refusedEntries?.count ?? null)).toEqual([12, null]);
    expect(text).toContain(
      'prod-eu (lkc-a): 0 of 0 link(s) unhealthy; listing ok; 12 listing entries refused since 2025-06-02 12:00:00Z',
    );
    expect(text).toContain('prod-us (lkc-b): 0 of 0 link(s) unhealthy; listing ok\n');
    expect(text).toMatch(/│ lkc-a +│ \(no name\) +│ data\[1\]\.link_name: Too small +│/);
    expect(text).toContain('payments?[31m-dr');
    expect(text).not.toContain('\u001b');
  });
});
