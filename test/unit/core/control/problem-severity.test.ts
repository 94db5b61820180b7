import { describe, expect, it } from 'vitest';
import { endedSeverities, problemSeverity } from '../../../../core/control/problem-severity.js';

describe('problemSeverity', () => {
  it('is the severity itself for anything but a recovery', () => {
    expect(problemSeverity({ type: 'LINK_STATE_CHANGED', severity: 'warning', from: 'ACTIVE' })).toBe(
      'warning',
    );
    expect(problemSeverity({ type: 'LINK_ADDED', severity: 'info', from: null })).toBe('info');
  });

  it('is the severity a link leaves when it goes to a milder condition', () => {
    expect(problemSeverity({ type: 'LINK_STATE_CHANGED', severity: 'warning', from: 'FAILED' })).toBe(
      'critical',
    );
    expect(problemSeverity({ type: 'LINK_STATE_CHANGED', severity: 'critical', from: 'PAUSED' })).toBe(
      'critical',
    );
    expect(problemSeverity({ type: 'LINK_STATE_CHANGED', severity: 'warning', from: 'PAUSED' })).toBe(
      'warning',
    );
  });

  it('is the severity a mirror topic leaves, for its recovery and its move to a milder state', () => {
    expect(
      problemSeverity({ type: 'MIRROR_TOPIC_STATE_CHANGED', severity: 'resolved', from: 'FAILED' }),
    ).toBe('critical');
    expect(problemSeverity({ type: 'MIRROR_TOPIC_STATE_CHANGED', severity: 'warning', from: 'FAILED' })).toBe(
      'critical',
    );
    expect(
      problemSeverity({
        type: 'MIRROR_TOPIC_ERROR_CHANGED',
        severity: 'resolved',
        from: 'SOURCE_TOPIC_MAY_BE_DELETED',
      }),
    ).toBe('critical');
    expect(problemSeverity({ type: 'TASK_STATE_CHANGED', severity: 'resolved', from: 'IN_ERROR' })).toBe(
      'warning',
    );
  });

  it("is the removed link's last condition for a removal, so its alert can be resolved", () => {
    const removed = (linkState: string) =>
      problemSeverity({
        type: 'LINK_REMOVED',
        severity: 'info',
        from: null,
        link: { linkState, linkError: null },
      });

    expect(removed('FAILED')).toBe('critical');
    expect(removed('PAUSED')).toBe('warning');
    expect(removed('ACTIVE')).toBe('info');
  });

  it('is critical for the ends of many part problems told as one, so everyone who heard any of them hears it', () => {
    expect(problemSeverity({ type: 'PART_CHANGES_SUMMARISED', severity: 'resolved', from: null })).toBe(
      'critical',
    );
    expect(problemSeverity({ type: 'PART_CHANGES_SUMMARISED', severity: 'warning', from: null })).toBe(
      'warning',
    );
  });

  it('is critical for the end of a stall or a stuck transition, which open as critical, so the page they opened closes', () => {
    for (const type of ['MIRROR_TOPIC_STALLED', 'MIRROR_TRANSITION_STUCK']) {
      expect(problemSeverity({ type, severity: 'resolved', from: null })).toBe('critical');
      expect(endedSeverities({ type, severity: 'resolved', from: null })).toEqual(['critical']);
      expect(problemSeverity({ type, severity: 'critical', from: null })).toBe('critical');
    }
    // Time behind a target opens as a warning: its end is a warning's.
    expect(problemSeverity({ type: 'MIRROR_BEHIND_TARGET', severity: 'resolved', from: null })).toBe(
      'warning',
    );
  });

  it('is the severity of the condition that ended for a recovery', () => {
    expect(problemSeverity({ type: 'LINK_STATE_CHANGED', severity: 'resolved', from: 'PAUSED' })).toBe(
      'warning',
    );
    expect(problemSeverity({ type: 'LINK_STATE_CHANGED', severity: 'resolved', from: 'FAILED' })).toBe(
      'critical',
    );
    expect(
      problemSeverity({ type: 'LINK_ERROR_CHANGED', severity: 'resolved', from: 'AUTHENTICATION_ERROR' }),
    ).toBe('critical');
    expect(problemSeverity({ type: 'CLUSTER_RECOVERED', severity: 'resolved', from: null })).toBe('critical');
  });
});

describe('endedSeverities', () => {
  it('is nothing for news that ends no problem', () => {
    // Prepare
    const added = { type: 'LINK_ADDED', severity: 'info', from: null } as const;
    const paused = { type: 'LINK_STATE_CHANGED', severity: 'warning', from: 'ACTIVE' } as const;
    const errorAppeared = { type: 'LINK_ERROR_CHANGED', severity: 'critical', from: null } as const;
    const topicFailed = { type: 'MIRROR_TOPIC_ERROR_CHANGED', severity: 'critical', from: null } as const;

    // Act
    const ended = [added, paused, errorAppeared, topicFailed].map(endedSeverities);

    // Assess
    expect(ended).toEqual([[], [], [], []]);
  });

  it('is the condition a link leaves when it turns into a worse one', () => {
    // Act
    const ended = endedSeverities({ type: 'LINK_STATE_CHANGED', severity: 'critical', from: 'PAUSED' });

    // Assess
    expect(ended).toEqual(['warning']);
  });

  it('is the state a mirror topic leaves, rated as a topic state', () => {
    // Act
    const fromPaused = endedSeverities({
      type: 'MIRROR_TOPIC_STATE_CHANGED',
      severity: 'critical',
      from: 'PAUSED',
    });
    const fromFailed = endedSeverities({
      type: 'MIRROR_TOPIC_STATE_CHANGED',
      severity: 'resolved',
      from: 'FAILED',
    });

    // Assess
    expect(fromPaused).toEqual(['warning']);
    expect(fromFailed).toEqual(['critical']);
  });

  it('is the severity of the problem that ended for a recovery, once', () => {
    // Act
    const taskRecovered = endedSeverities({
      type: 'TASK_STATE_CHANGED',
      severity: 'resolved',
      from: 'IN_ERROR',
    });
    const linkRecovered = endedSeverities({
      type: 'LINK_STATE_CHANGED',
      severity: 'resolved',
      from: 'FAILED',
    });

    // Assess
    expect(taskRecovered).toEqual(['warning']);
    expect(linkRecovered).toEqual(['critical']);
  });
});
