/**
 * The plain-text email: what changed, what to check, and the identifiers of the link, each
 * said once, in words that stay right for one or many, and on lines that stay lines.
 */
import { describe, expect, it } from 'vitest';
import type { HistoryEvent } from '../../../../../core/model/change-events.js';
import { renderEmailText } from '../../../../../core/notify/render/email-text.js';
import {
  buildNotificationDocument,
  type DocumentCut,
  documentOf,
  draftDocument,
} from '../../../../../core/notify/render/notification-document.js';
import type { Notification } from '../../../../../core/ports.js';
import { aLink, anEvent, CLUSTER_ID, CLUSTER_LABEL } from './notification-fixtures.js';

function notification(
  kind: Notification['kind'],
  events: HistoryEvent[],
  clusterLabel = CLUSTER_LABEL,
): Notification {
  return { kind, clusterId: CLUSTER_ID, clusterLabel, severity: 'critical', events };
}

function email(kind: Notification['kind'], events: HistoryEvent[], cut?: DocumentCut): string[] {
  return renderEmailText(documentOf(draftDocument(notification(kind, events)), cut)).split('\n');
}

/** The value of a field of the link block: `  Cluster:              prod-eu (lkc-abc12)`. */
function field(text: string, label: string): string | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`  ${label}:`));
  return line?.slice(`  ${label}:`.length).trim();
}

const info = (overrides: Partial<HistoryEvent>): HistoryEvent =>
  anEvent({ severity: 'info', from: null, to: null, previousSince: null, ...overrides });

describe('Function: renderEmailText, a single link', () => {
  it('names the cluster by its label and id, or by its id alone when the label is empty or the id', () => {
    const cluster = (label: string) =>
      field(
        renderEmailText(buildNotificationDocument(notification('change', [anEvent()], label))),
        'Cluster',
      );

    expect(cluster('prod-eu')).toBe(`prod-eu (${CLUSTER_ID})`);
    expect(cluster('')).toBe(CLUSTER_ID);
    expect(cluster(CLUSTER_ID)).toBe(CLUSTER_ID);
  });

  it('counts a single topic whose name was left out to fit as one topic', () => {
    const lines = email('change', [info({ type: 'MIRROR_TOPICS_CHANGED', topicsAdded: ['invoices'] })], {
      compact: true,
    });

    expect(lines).toContain('    added: 1 topic (names left out to fit)');
  });

  it('lists the first topic names of a long change and counts the rest', () => {
    // Prepare: more topics than a change lists by name
    const topics = Array.from({ length: 53 }, (_, i) => `t${String(i).padStart(2, '0')}`);

    // Act
    const lines = email('change', [info({ type: 'MIRROR_TOPICS_CHANGED', topicsAdded: topics })]);

    // Assess
    const added = lines.find((line) => line.startsWith('    added: '));
    expect(added).toBe(`    added: ${topics.slice(0, 50).join(', ')} (and 3 more)`);
  });

  it('lists every topic name of a short change without counting more', () => {
    const lines = email('change', [info({ type: 'MIRROR_TOPICS_CHANGED', topicsRemoved: ['orders.dlq'] })]);

    expect(lines).toContain('    removed: orders.dlq');
  });

  it('says the old and new error message, or (none) for a message that appeared or cleared', () => {
    const appeared = email('change', [
      info({ type: 'LINK_ERROR_MESSAGE_CHANGED', from: null, to: 'broken' }),
    ]);
    const cleared = email('change', [info({ type: 'LINK_ERROR_MESSAGE_CHANGED', from: 'broken', to: null })]);

    expect(appeared).toEqual(expect.arrayContaining(['    from: (none)', '    to:   broken']));
    expect(cleared).toEqual(expect.arrayContaining(['    from: broken', '    to:   (none)']));
  });

  it('adds no line for a change without a duration after one that had a duration', () => {
    // Prepare: a state change (with how long the state held), then a change of topics (without)
    const events = [
      anEvent({ from: 'ACTIVE', to: 'PAUSED', severity: 'warning' }),
      anEvent({
        type: 'MIRROR_TOPICS_CHANGED',
        severity: 'info',
        from: null,
        to: null,
        previousSince: null,
        topicsAdded: ['x'],
      }),
    ];

    // Act
    const lines = email('change', events);

    // Assess
    expect(lines.filter((line) => line.includes('had been ACTIVE'))).toHaveLength(1);
    expect(lines.some((line) => line.trim() === 'null')).toBe(false);
  });

  it('replaces control characters with ? and line separators with a space', () => {
    // Prepare
    const name = 'orders\u0007dr\u2028fake';

    // Act
    const text = renderEmailText(
      buildNotificationDocument(
        notification('change', [anEvent({ linkName: name, link: aLink({ linkName: name }) })]),
      ),
    );

    // Assess
    expect(field(text, 'Link name')).toBe('orders?dr fake');
  });
});

describe('Function: renderEmailText, a digest', () => {
  it('says each entry’s first duration once, and no line for entries without one', () => {
    // Prepare: a link added (no duration), and a link whose topics changed (no duration) as its state did (with one)
    const events = [
      info({ linkName: 'a-dr', type: 'LINK_ADDED', link: aLink({ linkName: 'a-dr' }) }),
      info({
        linkName: 'b-dr',
        type: 'MIRROR_TOPICS_CHANGED',
        topicsAdded: ['x'],
        link: aLink({ linkName: 'b-dr' }),
      }),
      anEvent({
        linkName: 'b-dr',
        severity: 'info',
        from: 'ACTIVE',
        to: 'PAUSED',
        link: aLink({ linkName: 'b-dr' }),
      }),
    ];

    // Act
    const lines = email('digest', events);

    // Assess
    expect(lines).toContain('   had been ACTIVE for 3d 2h (since 2025-05-31T08:00:00.000Z)');
    expect(lines.some((line) => ['null', 'undefined'].includes(line.trim()))).toBe(false);
  });

  it('has no section of things to check when no link needs checking', () => {
    const events = ['a-dr', 'b-dr'].map((linkName) =>
      info({ linkName, type: 'LINK_ADDED', link: aLink({ linkName }) }),
    );

    expect(email('digest', events)).not.toContain('First thing to check');
  });

  it('gives dashes for the identifiers of a link it never saw', () => {
    const events = ['a-dr', 'b-dr'].map((linkName) =>
      info({ linkName, type: 'LINK_REMOVED', link: null, clusterLinkId: null }),
    );

    const lines = email('digest', events);

    expect(
      lines.filter((line) =>
        line.trim().startsWith('cluster_link_id - | remote - | - mirror topics | observed '),
      ),
    ).toHaveLength(2);
  });

  it('speaks of one link entry in the singular', () => {
    expect(email('digest', [anEvent()])).toContain(
      `1 link entry on prod-eu (${CLUSTER_ID}): 1 critical. Worst first.`,
    );
  });

  it('counts the entries left out to fit, apart from those shown, in the singular or plural', () => {
    // Prepare
    const events = ['a-dr', 'b-dr', 'c-dr'].map((linkName) => anEvent({ linkName }));

    // Act
    const oneLeftOut = email('digest', events, { maxLinks: 2 });
    const twoLeftOut = email('digest', events, { maxLinks: 1 });

    // Assess
    const note = (count: string, entries: string) =>
      `${count} more link ${entries} left out to keep this message under the SNS size limit; every change is in the monitor's history.`;
    expect(oneLeftOut.slice(-6, -4)).toEqual(['', note('1', 'entry was')]);
    expect(twoLeftOut.slice(-6, -4)).toEqual(['', note('2', 'entries were')]);
  });
});

describe('Function: renderEmailText, the cluster', () => {
  it('says what happened without a duration line when there is no duration', () => {
    // Prepare
    const event = anEvent({
      linkName: null,
      link: null,
      type: 'CLUSTER_UNREACHABLE',
      from: null,
      to: null,
      previousSince: null,
    });
    const doc = buildNotificationDocument(notification('cluster', [event]));

    // Act
    const lines = renderEmailText(doc).split('\n');

    // Assess
    const at = lines.indexOf('What happened');
    expect(lines.slice(at, at + 3)).toEqual(['What happened', `  ${doc.clusterEvent?.description}`, '']);
  });

  it('still gives the title and footer of a cluster document that carries no event', () => {
    const doc = {
      ...buildNotificationDocument(notification('cluster', [anEvent()])),
      kind: 'cluster' as const,
      clusterEvent: null,
    };

    expect(renderEmailText(doc)).toBe(
      `[CRITICAL] ${doc.title}\n\n\n--\nSent by cluster-link-monitor (notification schema version 1).\n`,
    );
  });
});
