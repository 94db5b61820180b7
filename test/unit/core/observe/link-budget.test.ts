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

  it('refuses a budget that could admit nothing, naming the value it was given', () => {
    // Assess
    expect(() => new LinkBudget(0, 100)).toThrow(new RangeError('maxLinks must be positive, got 0'));
    expect(() => new LinkBudget(-5, 100)).toThrow(RangeError);
    expect(() => new LinkBudget(Number.NaN, 100)).toThrow(RangeError);
  });

  it('admits in arrival order: a small cluster waits behind a larger one that does not fit yet', async () => {
    // Prepare: 'small' is known to hold 100 links, which would fit beside 'a'
    const budget = new LinkBudget(1_000, 600);
    const learning = await budget.acquire('small');
    learning.resize(100, { learn: true });
    learning.release();

    // Act
    const granted = acquireAll(budget, ['a', 'big', 'small']);
    await settle();
    const whileFull = [...granted.keys()];
    granted.get('a')?.release();
    await settle();

    // Assess
    expect(whileFull).toEqual(['a']);
    expect([...granted.keys()]).toEqual(['a', 'big', 'small']);
    expect(budget.inFlight).toBe(600 + 100);
  });

  it('counts a cluster of unknown size for nothing when the assumed size is below zero', async () => {
    // Prepare
    const budget = new LinkBudget(1_000, -50);

    // Act
    const lease = await budget.acquire('a');

    // Assess
    expect(lease.links).toBe(0);
    expect(budget.inFlight).toBe(0);
  });

  it('counts a cluster for whole links, and for none when told a size below zero', async () => {
    // Prepare
    const budget = new LinkBudget(1_000, 100);
    const lease = await budget.acquire('a');

    // Act
    lease.resize(250.9, { learn: true });
    const fractional = { links: lease.links, inFlight: budget.inFlight, known: budget.knownSize('a') };
    lease.resize(-3);

    // Assess
    expect(fractional).toEqual({ links: 250, inFlight: 250, known: 250 });
    expect(lease.links).toBe(0);
    expect(budget.inFlight).toBe(0);
  });

  it('learns a size only from a resize that asks for it', async () => {
    // Prepare
    const budget = new LinkBudget(1_000, 100);
    const lease = await budget.acquire('a');

    // Act
    lease.resize(300);
    lease.resize(400, { learn: false });
    lease.release();

    // Assess
    expect(budget.knownSize('a')).toBeUndefined();
    expect((await budget.acquire('a')).links).toBe(100);
  });

  it('admits a cluster larger than the whole budget once every other has been released', async () => {
    // Prepare
    const budget = new LinkBudget(1_000, 100);
    const huge = await budget.acquire('huge');
    huge.resize(5_000, { learn: true });
    huge.release();
    const other = await budget.acquire('other');

    // Act
    const granted = acquireAll(budget, ['huge']);
    await settle();
    const beside = granted.size;
    other.release();
    await settle();

    // Assess
    expect(beside).toBe(0);
    expect(granted.get('huge')?.links).toBe(5_000);
    expect(budget.inFlight).toBe(5_000);
  });

  it('admits waiting clusters when one in flight shrinks, as many as then fit', async () => {
    // Prepare
    const budget = new LinkBudget(1_000, 400);
    const granted = acquireAll(budget, ['a', 'b', 'c', 'd']);
    await settle();
    const before = [...granted.keys()];

    // Act
    granted.get('a')?.resize(0);
    await settle();

    // Assess
    expect(before).toEqual(['a', 'b']);
    expect([...granted.keys()]).toEqual(['a', 'b', 'c']);
    expect(budget.inFlight).toBe(0 + 400 + 400);
  });
});
