/**
 * The contract every `SilenceStore` meets (DynamoDB and SQLite alike), and that the link-state
 * store keeps what silences leave on events and snapshots. Each store's test file calls
 * `describeSilenceStoreContract` with a factory. Cases use their own silence ids and their own
 * time span (a random year far ahead) and assert on their own silences only: a listing is open
 * towards the future, so it also shows other cases' later silences on a shared table.
 */
import { randomInt, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DuplicateSilenceError } from '../../core/control/duplicate-silence-error.js';
import type { Silence } from '../../core/control/silence.js';
import type { LinkStateStore, SilenceStore } from '../../core/ports.js';
import { aClusterId, anEvent, aSnapshot } from './store-contract.js';

export interface SilenceStoreUnderTest {
  readonly silences: SilenceStore;
  readonly links: LinkStateStore;
  cleanup(): Promise<void>;
}

/** Hours from the start of a case's own year. */
function timeline(): (hours: number) => string {
  const start = Date.UTC(2200 + randomInt(0, 5000), 0, 1);
  return (hours) => new Date(start + hours * 3_600_000).toISOString();
}

function aSilence(at: (hours: number) => string, overrides: Partial<Silence> = {}): Silence {
  return {
    id: `s-${randomUUID().slice(0, 8)}`,
    matchers: {
      clusters: ['prod-eu'],
      linkName: 'orders-*',
      eventTypes: ['LINK_STATE_CHANGED'],
      severities: ['critical'],
    },
    startsAt: at(0),
    endsAt: at(2),
    reason: 'failover drill – Grüße',
    createdBy: 'arn:aws:iam::123456789012:user/alice',
    createdAt: at(0),
    expiredAt: null,
    ...overrides,
  };
}

/** The listing restricted to the given silences, in the store's order. */
function only(listed: readonly Silence[], ...mine: readonly Silence[]): Silence[] {
  const ids = new Set(mine.map((s) => s.id));
  return listed.filter((s) => ids.has(s.id));
}

export function describeSilenceStoreContract(name: string, make: () => Promise<SilenceStoreUnderTest>): void {
  describe(`SilenceStore contract: ${name}`, () => {
    let subject: SilenceStoreUnderTest | undefined;
    const store = (): SilenceStoreUnderTest => {
      if (subject === undefined) throw new Error('store not created');
      return subject;
    };
    beforeAll(async () => {
      subject = await make();
    });
    afterAll(async () => {
      await subject?.cleanup();
    });

    it('returns a silence exactly as added while it is in force, and not after it ended', async () => {
      // Prepare
      const at = timeline();
      const silence = aSilence(at);

      // Act
      await store().silences.addSilence(silence);

      // Assess
      expect(only(await store().silences.listSilences({ endedAfter: at(1) }), silence)).toEqual([silence]);
      expect(only(await store().silences.listSilences({ endedAfter: at(2) }), silence)).toEqual([silence]);
      expect(only(await store().silences.listSilences({ endedAfter: at(3) }), silence)).toEqual([]);
    });

    it('lists every silence not yet over in one read, soonest end first, future ones included', async () => {
      const at = timeline();
      const ended = aSilence(at, { startsAt: at(0), endsAt: at(1) });
      const later = aSilence(at, { startsAt: at(0), endsAt: at(9) });
      const sooner = aSilence(at, { startsAt: at(0), endsAt: at(5) });
      const future = aSilence(at, { startsAt: at(7), endsAt: at(8) });
      for (const s of [ended, later, sooner, future]) await store().silences.addSilence(s);

      const listed = await store().silences.listSilences({ endedAfter: at(4) });

      expect(only(listed, ended, later, sooner, future).map((s) => s.id)).toEqual([
        sooner.id,
        future.id,
        later.id,
      ]);
    });

    it('refuses a second silence with the same id', async () => {
      const at = timeline();
      const silence = aSilence(at);
      await store().silences.addSilence(silence);

      await expect(store().silences.addSilence({ ...silence, reason: 'again' })).rejects.toThrow(
        DuplicateSilenceError,
      );
      expect(
        only(await store().silences.listSilences({ endedAfter: at(0) }), silence).map((s) => s.reason),
      ).toEqual([silence.reason]);
    });

    it('ends a silence early: listed as ended from then on, with when', async () => {
      // Prepare
      const at = timeline();
      const silence = aSilence(at, { endsAt: at(10) });
      await store().silences.addSilence(silence);

      // Act
      const expired = await store().silences.expireSilence(silence.id, at(1));

      // Assess
      expect(expired).toEqual({ ...silence, expiredAt: at(1) });
      expect(only(await store().silences.listSilences({ endedAfter: at(2) }), silence)).toEqual([]);
      expect(only(await store().silences.listSilences({ endedAfter: at(1) }), silence)).toEqual([expired]);
    });

    it('leaves an ended silence as it is when expired again, and answers null for an unknown id', async () => {
      const at = timeline();
      const silence = aSilence(at, { endsAt: at(1) });
      await store().silences.addSilence(silence);

      expect(await store().silences.expireSilence(silence.id, at(5))).toEqual(silence);
      expect(await store().silences.expireSilence(`s-missing-${randomUUID()}`, at(5))).toBeNull();
    });

    it('keeps the silence an event was recorded under, and the one a snapshot is held by', async () => {
      // Prepare
      const clusterId = aClusterId();
      const event = anEvent({ clusterId, notification: 'NOT_NOTIFIED', silencedBy: 's-drill' });
      const snapshot = aSnapshot(clusterId, { silencedBy: 's-drill' });

      // Act
      await store().links.commitLink({
        clusterId,
        linkName: 'link-a',
        expectedVersion: null,
        next: snapshot,
        events: [event],
      });

      // Assess
      expect((await store().links.readClusterState(clusterId)).links).toEqual([snapshot]);
      const history = await store().links.clusterHistory({
        clusterId,
        from: event.observedAt,
        to: event.observedAt,
      });
      expect(history.items).toEqual([event]);
    });
  });
}
