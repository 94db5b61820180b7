import { describe, expect, it } from 'vitest';
import {
  describePagingConflict,
  type PagingRoute,
  pagingConflicts,
  pagingMinimum,
} from '../../../../adapters/routing/paging-minimum.js';

function route(name: string, minSeverity: PagingRoute['minSeverity'], ...keys: string[]): PagingRoute {
  return {
    name,
    minSeverity,
    receivers: { pagerDuty: keys.map((k) => ({ routingKeySecret: k, minSeverity: 'warning' as const })) },
  };
}

describe('pagingMinimum', () => {
  it.each([
    ['info', 'warning', 'warning'],
    ['info', 'critical', 'critical'],
    ['warning', 'warning', 'warning'],
    ['warning', 'critical', 'critical'],
    ['critical', 'warning', 'critical'],
    ['critical', 'critical', 'critical'],
  ] as const)(
    'a %s route and a %s receiver page from %s, the stricter',
    (routeMinimum, receiverMinimum, expected) => {
      expect(pagingMinimum(routeMinimum, receiverMinimum)).toBe(expected);
    },
  );
});

describe('pagingConflicts', () => {
  it('finds none when every route gives a key the same minimum', () => {
    expect(pagingConflicts([route('eu', 'warning', 'pd/a'), route('us', 'info', 'pd/a', 'pd/b')])).toEqual(
      [],
    );
  });

  it('reports a key at its first placement that differs from its first, with every placement', () => {
    // Act
    const [conflict, ...others] = pagingConflicts([
      route('eu', 'critical', 'pd/b', 'pd/a'),
      route('us', 'critical', 'pd/a'),
      route('ap', 'warning', 'pd/a'),
    ]);

    // Assess
    expect(others).toEqual([]);
    expect(conflict?.routingKeySecret).toBe('pd/a');
    expect(conflict?.placements.map((p) => [p.route, p.minimum])).toEqual([
      ['eu', 'critical'],
      ['us', 'critical'],
      ['ap', 'warning'],
    ]);
    expect(conflict?.conflicting).toEqual({
      route: 'ap',
      routeIndex: 2,
      receiverIndex: 0,
      minimum: 'warning',
    });
  });

  it('names the routes on each side, and the fix for each', () => {
    // Prepare
    const [conflict] = pagingConflicts([
      route('eu', 'critical', 'pd/a'),
      route('us', 'warning', 'pd/a'),
      route('ap', 'info', 'pd/a'),
    ]);
    if (conflict === undefined) throw new Error('expected a conflict');

    // Act
    const message = describePagingConflict(conflict);

    // Assess
    expect(message).toContain('pd/a pages from critical in route eu but from warning in routes us and ap');
    expect(message).toContain('minSeverity: critical for it in routes us and ap');
    expect(message).toContain('match.minSeverity: warning and its minSeverity: warning in route eu');
  });
});
