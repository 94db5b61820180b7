import { describe, expect, it } from 'vitest';
import { LinkBudget, type LinkLease } from '../../../../core/observe/link-budget.js';

/** Lets every settled promise's callbacks run. */
const settle = () => new Promise((resolve) => setImmediate(resolve));

/** Starts acquiring for each cluster and records which leases have been granted so far. */
function acquireAll(budget: LinkBudget, clusterIds: readonly string[]) {
  const granted = new Map<string, LinkLease>();
  for (const id of clusterIds) void budget.acquire(id).then((lease) => granted.set(id, lease));
  return granted;
}

describe('LinkBudget', () => {
  it('admits clusters of unknown size while their assumed links fit, and the rest as links are released', async () => {
    // Prepare
    const budget = new LinkBudget(3_000, 1_000);

    // Act
    const granted = acquireAll(budget, ['a', 'b', 'c', 'd', 'e']);
    await settle();
    const first = [...granted.keys()];
    granted.get('a')?.release();
    await settle();

    // Assess
    expect(first).toEqual(['a', 'b', 'c']);
    expect([...granted.keys()]).toEqual(['a', 'b', 'c', 'd']);
    expect(budget.inFlight).toBe(3_000);
  });

  it('admits more clusters at once when they turn out small', async () => {
    // Prepare
    const budget = new LinkBudget(3_000, 1_000);
    const granted = acquireAll(budget, ['a', 'b', 'c', 'd', 'e']);
    await settle();

    // Act
    for (const id of ['a', 'b', 'c']) granted.get(id)?.resize(100, { learn: true });
    await settle();

    // Assess
    expect([...granted.keys()]).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(budget.inFlight).toBe(3 * 100 + 2 * 1_000);
  });

  it('weighs a cluster by the size learnt from its last listing on the next poll', async () => {
    // Prepare
    const budget = new LinkBudget(5_000, 1_000);
    const lease = await budget.acquire('big');
    lease.resize(4_000, { learn: true });
    lease.release();

    // Act
    const again = await budget.acquire('big');

    // Assess
    expect(again.links).toBe(4_000);
    expect(budget.knownSize('big')).toBe(4_000);
    expect(budget.knownSize('other')).toBeUndefined();
  });

  it('never makes a cluster already in flight wait when it grows, and admits nobody until it shrinks', async () => {
    // Prepare
    const budget = new LinkBudget(2_000, 1_000);
    const lease = await budget.acquire('a');

    // Act
    lease.resize(10_000);
    const granted = acquireAll(budget, ['b']);
    await settle();
    const whileLarge = granted.size;
    lease.resize(0);
    await settle();

    // Assess
    expect(whileLarge).toBe(0);
    expect(granted.has('b')).toBe(true);
  });

  it('admits a cluster larger than the whole budget when it is alone', async () => {
    // Prepare
    const budget = new LinkBudget(1_000, 100);
    const lease = await budget.acquire('huge');
    lease.resize(50_000, { learn: true });
    lease.release();

    // Act
    const again = await budget.acquire('huge');

    // Assess
    expect(again.links).toBe(50_000);
    expect(budget.inFlight).toBe(50_000);
  });

  it('counts a released lease once, however often it is released or resized afterwards', async () => {
    // Prepare
    const budget = new LinkBudget(1_000, 400);
    const lease = await budget.acquire('a');

    // Act
    lease.release();
    lease.release();
    lease.resize(900);

    // Assess
    expect(budget.inFlight).toBe(0);
  });

  it('refuses a budget that could admit nothing', () => {
    // Act
    const act = () => new LinkBudget(0, 100);

    // Assess
    expect(act).toThrow(RangeError);
  });
});
