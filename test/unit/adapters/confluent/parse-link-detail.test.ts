import { describe, expect, it } from 'vitest';
import {
  parseLinkDetail,
  parseMirrorTopic,
  parseMirrorTopicsPage,
} from '../../../../adapters/confluent/parse-link-detail.js';
import { parseLinksPage } from '../../../../adapters/confluent/parse-links-page.js';
import { BOUNDS, boundIdentifier, boundText } from '../../../../core/model/bounds.js';
import { linksPage, rawLink } from './rest-pages.js';

const context = { clusterId: 'lkc-1', path: '/kafka/v3/clusters/lkc-1/links/orders-dr' };

/** Code points, which the bounds count. */
const codePoints = (text: string | null | undefined) => [...(text ?? '')].length;

describe('Function: parseLinkDetail', () => {
  it('bounds task names, states, error codes and messages as the listing bounds its tasks', () => {
    // Prepare
    const body = {
      link_name: 'orders-dr',
      tasks: [
        {
          task_name: 'T'.repeat(300_000),
          state: 'S'.repeat(450_000),
          errors: [{ error_code: 'E'.repeat(300_000), error_message: 'm'.repeat(1_000_000) }],
        },
      ],
    };

    // Act
    const [task] = parseLinkDetail(body, context);

    // Assess
    expect(codePoints(task?.taskName)).toBe(BOUNDS.identifierChars);
    expect(task?.taskName).toBe(boundIdentifier('T'.repeat(300_000)));
    expect(task?.state).toBe(boundIdentifier('S'.repeat(450_000)));
    expect(task?.errors).toEqual([
      { errorCode: boundIdentifier('E'.repeat(300_000)), errorMessage: boundText('m'.repeat(1_000_000)) },
    ]);
  });

  it('keeps the first tasks and errors up to the listing’s bounds instead of refusing the link', () => {
    // Prepare
    const errors = Array.from({ length: 30 }, (_, i) => ({ error_code: `E${i}`, error_message: 'x' }));
    const tasks = Array.from({ length: 80 }, (_, i) => ({
      task_name: `task-${String(i).padStart(2, '0')}`,
      state: 'IN_ERROR',
      errors,
    }));

    // Act
    const parsed = parseLinkDetail({ link_name: 'orders-dr', tasks }, context);

    // Assess
    expect(parsed).toHaveLength(BOUNDS.tasks);
    expect(parsed[0]?.taskName).toBe('task-00');
    expect(parsed[0]?.errors).toHaveLength(BOUNDS.taskErrors);
  });

  it('makes a lone surrogate in a task well-formed', () => {
    const [task] = parseLinkDetail(
      { link_name: 'x', tasks: [{ task_name: 'Acl\uD800Sync', state: 'ACTIVE', errors: [] }] },
      context,
    );

    expect(task?.taskName).not.toBe('Acl\uD800Sync');
    expect(Buffer.from(task?.taskName ?? '', 'utf8').toString('utf8')).toBe(task?.taskName);
  });
});

describe('Function: parseMirrorTopic', () => {
  it('bounds the status, error and state-transition errors as identifiers and text', () => {
    // Act
    const topic = parseMirrorTopic(
      {
        link_name: 'orders-dr',
        mirror_topic_name: 'orders',
        mirror_status: 'S'.repeat(450_000),
        mirror_topic_error: 'E'.repeat(300_000),
        mirror_state_transition_errors: Array.from({ length: 25 }, () => ({
          error_code: 'C'.repeat(300_000),
          error_message: 'm'.repeat(500_000),
        })),
      },
      context,
    );

    // Assess
    expect(codePoints(topic.status)).toBe(BOUNDS.identifierChars);
    expect(codePoints(topic.error)).toBe(BOUNDS.identifierChars);
    expect(topic.transitionErrors).toHaveLength(BOUNDS.taskErrors);
    expect(topic.transitionErrors[0]).toEqual({
      errorCode: boundIdentifier('C'.repeat(300_000)),
      errorMessage: boundText('m'.repeat(500_000)),
    });
  });

  it('bounds topic and link names as the listing does, so that the two still compare equal', () => {
    // Prepare
    const topicName = `t-${'ü'.repeat(400)}`;
    const linkName = `l-${'ü'.repeat(3_000)}`;
    const [listed] = parseLinksPage(
      linksPage([rawLink(linkName, { topic_names: [topicName] })]),
      context,
    ).links;

    // Act
    const topic = parseMirrorTopic(
      { link_name: linkName, mirror_topic_name: topicName, mirror_status: 'ACTIVE' },
      context,
    );

    // Assess
    expect(topic.topicName).toBe(listed?.topicNames[0]);
    expect(topic.linkName).toBe(listed?.linkName);
    expect(codePoints(topic.topicName)).toBe(BOUNDS.topicNameChars);
  });
  it('passes each partition’s last source fetch offset and the state time on as sent, null when not sent', () => {
    // Act
    const topic = parseMirrorTopic(
      {
        link_name: 'orders-dr',
        mirror_topic_name: 'orders',
        mirror_status: 'PENDING_STOPPED',
        state_time_ms: 1_767_225_600_000,
        mirror_lags: [
          { partition: 0, lag: 1200, last_source_fetch_offset: 48_000 },
          { partition: 1, lag: 3 },
          { partition: 2, lag: 0, last_source_fetch_offset: null },
        ],
      },
      context,
    );

    // Assess
    expect(topic.stateTimeMs).toBe(1_767_225_600_000);
    expect(topic.lags).toEqual([
      { partition: 0, lag: 1200, fetchOffset: 48_000 },
      { partition: 1, lag: 3, fetchOffset: null },
      { partition: 2, lag: 0, fetchOffset: null },
    ]);
  });
});

describe('Function: parseMirrorTopicsPage', () => {
  it('bounds every topic of the page', () => {
    // Act
    const page = parseMirrorTopicsPage(
      {
        metadata: { next: null },
        data: [
          { mirror_topic_name: 'a', mirror_status: 'S'.repeat(450_000) },
          { mirror_topic_name: 'b', mirror_status: 'ACTIVE' },
        ],
      },
      context,
      10,
    );

    // Assess
    expect(page.topics.map((t) => codePoints(t.status))).toEqual([BOUNDS.identifierChars, 6]);
    expect(page.next).toBeNull();
  });
});
