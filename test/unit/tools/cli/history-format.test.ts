import { describe, expect, it } from 'vitest';
import type { HistoryEvent } from '../../../../core/model/change-events.js';
import {
  formatHistoryCsv,
  formatHistoryJson,
  formatHistoryTable,
} from '../../../../tools/cli/history-format.js';

function anEvent(overrides: Partial<HistoryEvent> = {}): HistoryEvent {
  return {
    eventId: 'lkc-a#orders#1#0',
    clusterId: 'lkc-a',
    clusterLabel: 'prod-eu',
    linkName: 'orders',
    clusterLinkId: 'id1',
    type: 'LINK_STATE_CHANGED',
    severity: 'critical',
    observedAt: '2025-06-02T08:05:00.000Z',
    from: 'ACTIVE',
    to: 'FAILED',
    topicsAdded: [],
    topicsRemoved: [],
    previousSince: null,
    link: null,
    detail: null,
    notification: 'PENDING',
    expiresAt: 0,
    ...overrides,
  };
}

describe('NO_ERROR and first sightings in every history format', () => {
  const changed = anEvent({
    type: 'LINK_ERROR_CHANGED',
    from: null,
    to: 'AUTHENTICATION_ERROR',
    previousSince: '2025-06-01T00:00:00.000Z',
  });
  const cleared = anEvent({
    type: 'LINK_ERROR_CHANGED',
    severity: 'resolved',
    from: 'AUTHENTICATION_ERROR',
    to: null,
    previousSince: '2025-06-01T00:00:00.000Z',
  });
  const firstSeen = anEvent({
    type: 'LINK_ERROR_CHANGED',
    from: null,
    to: 'AUTHENTICATION_ERROR',
    previousSince: null,
  });

  it('writes "no error" as NO_ERROR in the table, JSON and CSV alike', () => {
    // Act
    const table = formatHistoryTable([changed, cleared]);
    const json = JSON.parse(formatHistoryJson([changed, cleared])) as { from: unknown; to: unknown }[];
    const csv = formatHistoryCsv([changed, cleared]).split('\r\n');

    // Assess
    expect(table).toContain('link_error NO_ERROR -> AUTHENTICATION_ERROR');
    expect(table).toContain('link_error AUTHENTICATION_ERROR -> NO_ERROR');
    expect(json.map((e) => [e.from, e.to])).toEqual([
      ['NO_ERROR', 'AUTHENTICATION_ERROR'],
      ['AUTHENTICATION_ERROR', 'NO_ERROR'],
    ]);
    expect(csv[1]).toContain(',LINK_ERROR_CHANGED,NO_ERROR,AUTHENTICATION_ERROR,');
    expect(csv[2]).toContain(',LINK_ERROR_CHANGED,AUTHENTICATION_ERROR,NO_ERROR,');
  });

  it('says a first sighting is one: no "from", in words and as a flag', () => {
    // Act
    const table = formatHistoryTable([firstSeen]);
    const [json] = JSON.parse(formatHistoryJson([firstSeen])) as { from: unknown; firstSeen: unknown }[];
    const csv = formatHistoryCsv([firstSeen]).split('\r\n')[1] ?? '';

    // Assess
    expect(table).toContain('link_error first seen AUTHENTICATION_ERROR');
    expect(table).not.toContain('NO_ERROR');
    expect(json).toMatchObject({ from: null, firstSeen: true });
    expect(csv).toContain(',LINK_ERROR_CHANGED,,AUTHENTICATION_ERROR,,,,true,');
  });
});

describe('Function: formatHistoryCsv', () => {
  it('joins topic lists with semicolons and leaves nulls empty', () => {
    // Act
    const csv = formatHistoryCsv([
      anEvent({ type: 'MIRROR_TOPICS_CHANGED', from: null, to: null, topicsAdded: ['a', 'b'] }),
    ]);

    // Assess
    const row = csv.split('\r\n')[1] ?? '';
    expect(row).toBe(
      '2025-06-02T08:05:00.000Z,lkc-a,prod-eu,orders,id1,critical,MIRROR_TOPICS_CHANGED,,,a;b,,,false,PENDING,,lkc-a#orders#1#0,,,,,',
    );
  });

  it('names the mirror topic or task of an event with its error, in the table and in the CSV', () => {
    // Prepare
    const event = anEvent({
      type: 'TASK_STATE_CHANGED',
      severity: 'warning',
      from: null,
      to: 'IN_ERROR',
      part: {
        kind: 'task',
        name: 'AclSync',
        state: 'IN_ERROR',
        errorCode: 'MISCONFIGURATION_ERROR',
        errorMessage: 'bad acl.filters',
        stateSince: null,
      },
    });

    // Act
    const table = formatHistoryTable([event]);
    const csv = formatHistoryCsv([event]);

    // Assess
    expect(table).toContain('task AclSync: state IN_ERROR (MISCONFIGURATION_ERROR): bad acl.filters');
    expect(csv.split('\r\n')[1]).toMatch(/,task,AclSync,IN_ERROR,MISCONFIGURATION_ERROR,bad acl.filters$/);
  });

  it('neutralises text a spreadsheet would run as a formula', () => {
    // Act
    const csv = formatHistoryCsv([anEvent({ detail: '=HYPERLINK("http://x")' })]);

    // Assess
    expect(csv).toContain(`"'=HYPERLINK(""http://x"")"`);
  });
});

describe('Function: formatHistoryTable', () => {
  it('shows cluster events with their detail and a dash for the link', () => {
    // Act
    const table = formatHistoryTable([
      anEvent({
        linkName: null,
        type: 'CLUSTER_UNREACHABLE',
        from: null,
        to: null,
        detail: 'HTTP 401',
        notification: 'SENT',
      }),
    ]);

    // Assess
    expect(table).toMatch(
      /│ prod-eu \(lkc-a\) │ - +│ critical │ CLUSTER_UNREACHABLE │ the monitor cannot list this cluster's links: HTTP 401 │ sent/i,
    );
  });

  it('names the silence that kept an event quiet, and the end-of-silence notice names it once', () => {
    // Act
    const table = formatHistoryTable([
      anEvent({
        type: 'LINK_STILL_UNHEALTHY',
        from: null,
        to: 'PAUSED',
        severity: 'warning',
        detail: 'was silenced by s-0a1b2c3d',
        notification: 'SENT',
      }),
      anEvent({ notification: 'NOT_NOTIFIED', silencedBy: 'window:sunday-patching' }),
      anEvent({ eventId: 'other', notification: 'NOT_NOTIFIED' }),
    ]);

    // Assess
    expect(table.match(/was silenced by s-0a1b2c3d/g)).toHaveLength(1);
    expect(table).toMatch(/ACTIVE -> FAILED +│ silenced window:sunday-patching/);
    expect(table).toMatch(/ACTIVE -> FAILED +│ no /);
  });
});

describe('Function: formatHistoryTable, fitted to the terminal', () => {
  const events = [
    anEvent({
      type: 'CLUSTER_UNREACHABLE',
      linkName: null,
      from: null,
      to: null,
      detail:
        'connect ETIMEDOUT 10.0.0.12:443 after 3 attempts; the cluster REST endpoint did not answer within the listing deadline',
    }),
  ];
  const widest = (text: string) => Math.max(...text.split('\n').map((line) => [...line].length));

  it('fits a narrow terminal by wrapping the CHANGE column', () => {
    // Act
    const table = formatHistoryTable(events, { width: 120 });

    // Assess
    expect(widest(formatHistoryTable(events))).toBeGreaterThan(120);
    expect(widest(table)).toBeLessThanOrEqual(120);
    expect(table.split('\n').filter((line) => line.startsWith('│')).length).toBeGreaterThan(2);
    expect(table).toContain('│ TIME');
    expect(table).toContain('2025-06-02 08:05:00Z');
  });

  it('prints a wide terminal one line per event', () => {
    // Act
    const table = formatHistoryTable(events, { width: 300 });

    // Assess
    expect(table).toBe(formatHistoryTable(events));
    expect(table.split('\n').filter((line) => line.startsWith('│'))).toHaveLength(2);
  });

  it('prints every change whole when the output is a pipe', () => {
    // Act
    const table = formatHistoryTable(events, { width: undefined });

    // Assess
    expect(table).toContain('the cluster REST endpoint did not answer within the listing deadline');
    expect(table.split('\n').filter((line) => line.startsWith('│'))).toHaveLength(2);
  });
});
