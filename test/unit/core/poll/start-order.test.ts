/**
 * The order a poll starts its clusters in: another every poll, the same for one time slot, and
 * such that hanging clusters cannot leave the same cluster out poll after poll.
 */
import { describe, expect, it } from 'vitest';
import { configOrder, shuffledPerSlot } from '../../../../core/poll/start-order.js';
import { timeSlot } from '../../../../core/poll/time-slot.js';

const clustersOf = (count: number) =>
  Array.from({ length: count }, (_, i) => ({ clusterId: `lkc-${i}`, label: `c${i}` }));
const ids = (clusters: readonly { clusterId: string }[]) => clusters.map((c) => c.clusterId);
/** An even slot: the first of a pair. */
const SLOT = timeSlot(new Date('2026-11-26T08:00:00Z'), 60_000);

/**
 * A poll's clusters as the slots take them, when every healthy listing is quick and every hanging
 * one holds its slot past the last moment to start: those whose turn comes after `concurrency`
 * hanging ones are left out.
 */
function leftOut(order: readonly string[], hanging: ReadonlySet<string>, concurrency: number): string[] {
  let held = 0;
  const out: string[] = [];
  for (const id of order) {
    if (held >= concurrency) out.push(id);
    else if (hanging.has(id)) held++;
  }
  return out.filter((id) => !hanging.has(id));
}

describe('Function: shuffledPerSlot', () => {
  it('starts every cluster once, the same way for every invocation of one time slot', () => {
    // Prepare
    const clusters = clustersOf(100);

    // Act
    const first = shuffledPerSlot(clusters, SLOT);
    const again = shuffledPerSlot([...clusters], SLOT);

    // Assess
    expect([...ids(first)].sort()).toEqual([...ids(clusters)].sort());
    expect(ids(again)).toEqual(ids(first));
    expect(ids(first)).not.toEqual(ids(clusters));
  });

  it("starts the second slot of a pair in the reverse of the first's order, and the next pair in another", () => {
    // Prepare
    const clusters = clustersOf(50);

    // Act
    const [a, b, c] = [SLOT, SLOT + 1, SLOT + 2].map((slot) => ids(shuffledPerSlot(clusters, slot)));

    // Assess
    expect(b).toEqual([...(a ?? [])].reverse());
    expect(c).not.toEqual(a);
    expect(c).not.toEqual(b);
  });

  it('starts clusters whose keys tie in the config order in the first poll of a pair, and in its reverse in the second', () => {
    // Prepare: two ids whose FNV-1a hashes collide for the pair of SLOT (found by trying ids), so
    // that their keys tie there and only there
    const tied = [{ clusterId: 'lkc-42vu' }, { clusterId: 'lkc-fuea' }];
    const swapped = [...tied].reverse();

    // Act
    const [first, second, nextPair] = [SLOT, SLOT + 1, SLOT + 2].map((slot) => ({
      tied: ids(shuffledPerSlot(tied, slot)),
      swapped: ids(shuffledPerSlot(swapped, slot)),
    }));

    // Assess
    expect(first).toEqual({ tied: ids(tied), swapped: ids(swapped) });
    expect(second).toEqual({ tied: ids(swapped), swapped: ids(tied) });
    // In another pair the keys differ: the order no longer depends on the config's
    expect(nextPair?.tied).toEqual(nextPair?.swapped);
  });

  it('puts every cluster at the head of the order about as often as any other', () => {
    // Prepare
    const clusters = clustersOf(10);
    const heads = new Map<string, number>();

    // Act
    for (let slot = SLOT; slot < SLOT + 2_000; slot += 2) {
      const head = shuffledPerSlot(clusters, slot)[0]?.clusterId ?? '';
      heads.set(head, (heads.get(head) ?? 0) + 1);
    }

    // Assess: 1,000 pairs, 100 heads expected per cluster
    expect(heads.size).toBe(10);
    for (const count of heads.values()) expect(count).toBeGreaterThan(60);
  });

  it('reaches every healthy cluster in one poll of each pair while fewer than twice `concurrency` clusters hang, wherever they sit', () => {
    // Prepare: 100 clusters, 32 slots, 32 or 63 hanging in a block or spread out
    const clusters = clustersOf(100);
    const layouts = [
      { name: 'first 32', hanging: ids(clusters.slice(0, 32)) },
      { name: '32 with 8 after them', hanging: ids(clusters.slice(60, 92)) },
      { name: 'every third', hanging: ids(clusters.filter((_, i) => i % 3 === 0)).slice(0, 32) },
      { name: '63 of them', hanging: ids(clusters.slice(20, 83)) },
    ];

    for (const { name, hanging } of layouts) {
      const hung = new Set(hanging);
      for (let slot = SLOT; slot < SLOT + 200; slot += 2) {
        // Act
        const first = leftOut(ids(shuffledPerSlot(clusters, slot)), hung, 32);
        const second = leftOut(ids(shuffledPerSlot(clusters, slot + 1)), hung, 32);

        // Assess
        expect(
          first.filter((id) => second.includes(id)),
          `${name}, slots ${slot} and ${slot + 1}`,
        ).toEqual([]);
      }
    }
  });

  it('leaves the same clusters out of every poll in the config order, the baseline it replaces', () => {
    // Prepare
    const clusters = clustersOf(100);
    const hung = new Set(ids(clusters.slice(60, 92)));

    // Act
    const out = [SLOT, SLOT + 1, SLOT + 2].map((slot) => leftOut(ids(configOrder(clusters, slot)), hung, 32));

    // Assess
    for (const poll of out) expect(poll).toEqual(ids(clusters.slice(92)));
  });
});
