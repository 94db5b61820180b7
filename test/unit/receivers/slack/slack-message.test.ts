/**
 * The Slack message of a link entry whose changes concern one part more than once (a task's state,
 * then the sync it breaks): the part's error and what to check are said once, as in the email.
 */
import { describe, expect, it } from 'vitest';
import type { EventPart, HistoryEvent } from '../../../../core/model/change-events.js';
import { planNotifications } from '../../../../core/notify/plan-notifications.js';
import { buildNotificationDocument } from '../../../../core/notify/render/notification-document.js';
import { renderSlackMessage } from '../../../../receivers/slack/slack-message.js';
import { aLink, anEvent } from '../../core/notify/render/notification-fixtures.js';

const MISCONFIGURED = 'acl.filters could not be parsed: unknown resource type "TOPICS".';
const aclSync: EventPart = {
  kind: 'task',
  name: 'AclSync',
  state: 'IN_ERROR',
  errorCode: 'MISCONFIGURATION_ERROR',
  errorMessage: MISCONFIGURED,
  stateSince: null,
};

/** AclSync went IN_ERROR, and with it the sync of ACLs that acl.sync.enable switched on. */
function aclSyncBroken(linkName: string): HistoryEvent[] {
  const link = aLink({
    linkName,
    tasks: [
      {
        taskName: 'AclSync',
        state: 'IN_ERROR',
        errors: [{ errorCode: 'MISCONFIGURATION_ERROR', errorMessage: MISCONFIGURED }],
      },
    ],
  });
  const change = { linkName, severity: 'warning', previousSince: null, link } as const;
  return [
    anEvent({ ...change, type: 'TASK_STATE_CHANGED', from: 'ACTIVE', to: 'IN_ERROR', part: aclSync }),
    anEvent({
      ...change,
      type: 'LINK_SYNC_BROKEN',
      from: null,
      to: 'IN_ERROR',
      part: { ...aclSync, syncConfig: 'acl.sync.enable' },
    }),
  ];
}

/** The text of the message's "What changed" section. */
function whatChanged(events: HistoryEvent[]): string {
  const [notification] = planNotifications(events, { digestThreshold: 5 });
  if (notification === undefined) throw new Error('nothing planned');
  const blocks = renderSlackMessage(buildNotificationDocument(notification)).attachments[0].blocks;
  for (const block of blocks) {
    if (block.type === 'section' && block.text?.text.startsWith('*What changed*')) return block.text.text;
  }
  throw new Error('no What changed section');
}

describe('Function: renderSlackMessage, a part named by several changes of one entry', () => {
  it('says the part’s error and what to check once, under its first change', () => {
    // Act
    const text = whatChanged(aclSyncBroken('orders-dr'));

    // Assess
    const lines = text.split('\n');
    expect(lines.filter((line) => line.startsWith('• '))).toHaveLength(2);
    expect(lines.filter((line) => line.startsWith('    error: '))).toEqual([
      `    error: MISCONFIGURATION_ERROR: ${MISCONFIGURED}`,
    ]);
    expect(lines.filter((line) => line.startsWith('    check: '))).toHaveLength(1);
    // Under the first change: the task's state, then its error and what to check, then the sync.
    expect(lines[1]).toMatch(/^• task AclSync/);
    expect(lines[2]).toMatch(/^ {4}error: /);
    expect(lines[3]).toMatch(/^ {4}check: /);
    expect(lines[4]).toMatch(/^• /);
  });

  it('still says them for each part when the parts differ', () => {
    // Prepare: two tasks in error in one poll
    const [first] = aclSyncBroken('orders-dr');
    if (first === undefined) throw new Error('no event');
    const other = anEvent({
      ...first,
      eventId: 'lkc-abc12#orders-dr#99#1',
      type: 'TASK_ERROR_CHANGED',
      from: null,
      to: 'MISCONFIGURATION_ERROR',
      part: { ...aclSync, name: 'ConsumerOffsetSync' },
    });

    // Act
    const text = whatChanged([first, other]);

    // Assess
    expect(text.match(/ {4}error: MISCONFIGURATION_ERROR/g)).toHaveLength(2);
    expect(text.match(/ {4}check: /g)).toHaveLength(2);
  });
});
