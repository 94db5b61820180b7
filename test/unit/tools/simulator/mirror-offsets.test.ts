import { describe, expect, it } from 'vitest';
import {
  DEFAULT_MESSAGES_PER_SECOND,
  followLink,
  type LinkOffsets,
  lagsSetBy,
  readTopic,
} from '../../../../tools/simulator/mirror-offsets.js';
import {
  createSimulatedLink,
  type LinkPatch,
  patchSimulatedLink,
  type SimulatedLink,
} from '../../../../tools/simulator/simulated-link.js';

const T0 = Date.parse('2026-03-02T10:00:00.000Z');
const MINUTE = 60_000;

/** A link and its offsets, changed through the same steps the simulator takes. */
class LinkOnTheClock {
  link: SimulatedLink;
  offsets: LinkOffsets;

  constructor(topicNames: readonly string[], atMs = T0) {
    this.link = createSimulatedLink('lkc-a', { linkName: 'orders-dr', topicNames });
    this.offsets = followLink({ before: null, after: this.link }, null, atMs);
  }

  patch(patch: LinkPatch, atMs: number): void {
    const before = this.link;
    this.link = patchSimulatedLink(before, patch);
    this.offsets = followLink(
      { before, after: this.link, lagSet: lagsSetBy(patch.mirrorTopics) },
      this.offsets,
      atMs,
    );
  }

  read(topicName: string, atMs: number) {
    return readTopic(this.offsets, topicName, atMs);
  }
}

const lags = (reading: { mirrorLags: readonly { lag: number }[] }) => reading.mirrorLags.map((p) => p.lag);
const fetchOffsets = (reading: { mirrorLags: readonly { last_source_fetch_offset: number }[] }) =>
  reading.mirrorLags.map((p) => p.last_source_fetch_offset);

describe('Function: readTopic (simulated mirror offsets over time)', () => {
  it('keeps an unscripted topic caught up while its fetch offsets advance at the default rate', () => {
    // Prepare
    const world = new LinkOnTheClock(['orders']);

    // Act
    const first = world.read('orders', T0);
    const second = world.read('orders', T0 + MINUTE);

    // Assess
    expect(lags(first)).toEqual([0, 0, 0]);
    expect(lags(second)).toEqual([0, 0, 0]);
    expect(fetchOffsets(second)).toEqual(
      fetchOffsets(first).map((o) => o + 60 * DEFAULT_MESSAGES_PER_SECOND),
    );
    expect(second.stalled).toBe(false);
  });

  it('advances the fetch offset by fetch rate × elapsed and grows the lag by the difference of the rates', () => {
    // Prepare
    const world = new LinkOnTheClock(['orders']);
    world.patch({ mirrorTopics: { orders: { produceRate: 100, fetchRate: 25 } } }, T0);

    // Act
    const before = world.read('orders', T0 + MINUTE);
    const after = world.read('orders', T0 + 3 * MINUTE);

    // Assess
    expect(lags(before)).toEqual([4500, 4500, 4500]);
    expect(lags(after)).toEqual([13_500, 13_500, 13_500]);
    expect(fetchOffsets(after).map((o, p) => o - (fetchOffsets(before)[p] ?? 0))).toEqual([3000, 3000, 3000]);
  });

  it('shows a stall as a fetch offset that does not move while the lag grows', () => {
    // Prepare
    const world = new LinkOnTheClock(['refunds']);
    world.patch({ mirrorTopics: { refunds: { fetchRate: 0 } } }, T0 + MINUTE);

    // Act
    const first = world.read('refunds', T0 + 2 * MINUTE);
    const second = world.read('refunds', T0 + 5 * MINUTE);

    // Assess
    expect(fetchOffsets(second)).toEqual(fetchOffsets(first));
    expect(lags(first)).toEqual([600, 600, 600]);
    expect(lags(second)).toEqual([2400, 2400, 2400]);
    expect(second.stalled).toBe(true);
  });

  it('does not call a topic that fetches nothing stalled while nothing is produced either', () => {
    // Prepare
    const world = new LinkOnTheClock(['idle']);
    world.patch({ mirrorTopics: { idle: { produceRate: 0, fetchRate: 0 } } }, T0);

    // Act
    const reading = world.read('idle', T0 + 10 * MINUTE);

    // Assess
    expect(lags(reading)).toEqual([0, 0, 0]);
    expect(reading.stalled).toBe(false);
  });

  it('catches up when fetching faster than producing, and never fetches past the source', () => {
    // Prepare
    const world = new LinkOnTheClock(['orders']);
    world.patch({ mirrorTopics: { orders: { produceRate: 100, fetchRate: 25 } } }, T0);
    world.patch({ mirrorTopics: { orders: { fetchRate: 250 } } }, T0 + 3 * MINUTE);

    // Act
    const catchingUp = world.read('orders', T0 + 4 * MINUTE);
    const caughtUp = world.read('orders', T0 + 5 * MINUTE);

    // Assess
    expect(lags(catchingUp)).toEqual([4500, 4500, 4500]);
    expect(lags(caughtUp)).toEqual([0, 0, 0]);
  });

  it('keeps the rates a patch does not name: a step can change one and keep the other', () => {
    // Prepare
    const world = new LinkOnTheClock(['orders']);
    world.patch({ mirrorTopics: { orders: { produceRate: 100, fetchRate: 25 } } }, T0);

    // Act
    world.patch({ mirrorTopics: { orders: { status: 'PAUSED' } } }, T0 + MINUTE);
    const reading = world.read('orders', T0 + 2 * MINUTE);

    // Assess
    expect(world.link.mirrorTopics?.orders).toMatchObject({
      produceRate: 100,
      fetchRate: 25,
      status: 'PAUSED',
    });
    expect(lags(reading)).toEqual([9000, 9000, 9000]);
  });

  it('sets a lag on partition 0 from the moment it is given, without moving the fetch offset back', () => {
    // Prepare
    const world = new LinkOnTheClock(['orders']);
    const before = world.read('orders', T0 + MINUTE);

    // Act
    world.patch({ mirrorTopics: { orders: { lag: 250_000 } } }, T0 + MINUTE);
    const set = world.read('orders', T0 + MINUTE);
    const later = world.read('orders', T0 + 2 * MINUTE);
    world.patch({ mirrorTopics: { orders: { lag: 3 } } }, T0 + 2 * MINUTE);
    const lowered = world.read('orders', T0 + 2 * MINUTE);

    // Assess
    expect(lags(set)).toEqual([250_000, 0, 0]);
    expect(fetchOffsets(set)).toEqual(fetchOffsets(before));
    expect(lags(later)).toEqual([250_000, 0, 0]);
    expect(lags(lowered)).toEqual([3, 0, 0]);
  });

  it('gives state_time_ms as when the topic entered the status it is reported in', () => {
    // Prepare
    const world = new LinkOnTheClock(['orders', 'order-events']);

    // Act
    world.patch({ mirrorTopics: { 'order-events': { status: 'PENDING_STOPPED' } } }, T0 + 5 * MINUTE);
    const pending = world.read('order-events', T0 + 20 * MINUTE);
    const untouched = world.read('orders', T0 + 20 * MINUTE);
    world.patch({ mirrorTopics: { 'order-events': { produceRate: 50 } } }, T0 + 21 * MINUTE);
    const sameStatus = world.read('order-events', T0 + 22 * MINUTE);

    // Assess
    expect(pending.stateTimeMs).toBe(T0 + 5 * MINUTE);
    expect(untouched.stateTimeMs).toBe(T0);
    expect(sameStatus.stateTimeMs).toBe(T0 + 5 * MINUTE);
  });

  it('dates every topic of a link from when the link failed, and from when it recovered', () => {
    // Prepare
    const world = new LinkOnTheClock(['orders']);

    // Act
    world.patch({ linkState: 'FAILED', linkError: 'TIMEOUT_ERROR' }, T0 + 10 * MINUTE);
    const failed = world.read('orders', T0 + 11 * MINUTE);
    world.patch({ linkState: 'ACTIVE' }, T0 + 30 * MINUTE);
    const recovered = world.read('orders', T0 + 31 * MINUTE);

    // Assess
    expect(failed.stateTimeMs).toBe(T0 + 10 * MINUTE);
    expect(recovered.stateTimeMs).toBe(T0 + 30 * MINUTE);
  });

  it('starts a topic added to the link when it is added', () => {
    // Prepare
    const world = new LinkOnTheClock(['orders']);

    // Act
    world.patch({ topicNames: ['orders', 'returns'] }, T0 + 7 * MINUTE);
    const added = world.read('returns', T0 + 8 * MINUTE);

    // Assess
    expect(added.stateTimeMs).toBe(T0 + 7 * MINUTE);
    expect(fetchOffsets(added)).toEqual([1000, 1001, 1002].map((o) => o + 60 * DEFAULT_MESSAGES_PER_SECOND));
  });
});
