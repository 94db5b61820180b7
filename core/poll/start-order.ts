/**
 * The order a poll starts its clusters in. A poll runs `concurrency` clusters at once and starts
 * the next as a slot frees, and a listing that hangs (a firewall that drops, a broken PrivateLink)
 * holds its slot until the listing deadline. In one fixed order, the clusters behind as many
 * hanging ones as there are slots would wait out the listing phase and be left out poll after
 * poll. So every poll starts them in another order: a shuffle keyed on the poll's time slot,
 * stateless, and the same for every invocation of one slot (a retried or repeated event).
 *
 * Slots come in pairs, the second poll of a pair starting the clusters in the reverse of the
 * first's order. A cluster the first left out behind `concurrency` hanging clusters has them
 * behind it in the second, which reaches it unless twice `concurrency` clusters hang: hanging
 * clusters alone never leave one out of more than two polls in a row.
 */

/** Orders a poll's clusters for the poll's time slot; returns each of them once. */
export type StartOrder = <T extends { readonly clusterId: string }>(
  clusters: readonly T[],
  slot: number,
) => readonly T[];

/** The default: a shuffle per pair of slots, reversed in the second slot of the pair. */
export const shuffledPerSlot: StartOrder = (clusters, slot) => {
  const pair = Math.floor(slot / 2);
  // The sort is stable: clusters whose keys tie keep the config's order.
  const shuffled = clusters
    .map((cluster) => ({ cluster, key: mix(`${pair}\u0000${cluster.clusterId}`) }))
    .sort((a, b) => a.key - b.key)
    .map(({ cluster }) => cluster);
  return slot % 2 === 0 ? shuffled : shuffled.reverse();
};

/** The config's order every poll, as polls ran before `shuffledPerSlot`: the benchmark's baseline. */
export const configOrder: StartOrder = (clusters) => clusters;

/** A 32-bit hash: FNV-1a, then MurmurHash3's finaliser, since FNV alone spreads the last characters poorly. */
function mix(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x85ebca6b);
  hash ^= hash >>> 13;
  hash = Math.imul(hash, 0xc2b2ae35);
  hash ^= hash >>> 16;
  return hash >>> 0;
}
