/**
 * A QuickBooks batch that landed is recorded in one statement (`recordLanded`), each queue row still by its own
 * generation and lease; `complete`, `saveLink` and `unblockDependents` (several roots) share its SQL. On PGlite, and on
 * PostgreSQL when DATABASE_URL is set.
 */
import { describe, expect, it } from 'vitest';
import { claimableTenant, DATABASE_ENGINES, databasePerTest } from '../../test/support/database-engines.ts';
import { syncStore } from './sync-store.ts';

const T0 = new Date('2026-11-25T12:00:00.000Z');
const at = (ms: number) => new Date(T0.getTime() + ms);

/** An id-map row of customer `exoId` in company realm_a. */
const link = (exoId: string, qboId: string) => ({
  tenantId: 'ten_a',
  realmId: 'realm_a',
  kind: 'customer' as const,
  exoId,
  qboId,
  syncToken: '0',
  payloadHash: `h_${exoId}`,
  lastBody: { DisplayName: exoId },
  mappingVersion: null,
  recordVersion: 1,
  voided: false,
  qboUpdatedAt: null,
  now: at(0),
});

describe.each(DATABASE_ENGINES)('recording a landed batch ($name)', (engine) => {
  const fresh = databasePerTest(engine, (db) => claimableTenant(db, 'ten_a', 'realm_a'));
  const { skip } = engine;

  const queueCustomer = (recordId: string) =>
    syncStore.enqueue(fresh.db, { tenantId: 'ten_a', kind: 'customer', recordId, version: 1, now: at(0) });
  const state = async (recordId: string) =>
    (
      await fresh.db.query<{ state: string; lease_owner: string | null }>(
        'SELECT state, lease_owner FROM sync_work WHERE record_id = $1',
        [recordId],
      )
    ).rows[0];

  it.skipIf(skip)('completes each row by its own generation and lease, in one statement', async () => {
    for (const id of ['c1', 'c2', 'c3']) await queueCustomer(id);
    const claimed = await syncStore.claim(fresh.db, {
      owner: 'w#0',
      now: at(10),
      leaseUntil: at(60_000),
      limit: 10,
    });
    expect(claimed).toHaveLength(3);
    // c2 was edited in Exoserva while it was in flight: a newer generation stays pending.
    await syncStore.enqueue(fresh.db, {
      tenantId: 'ten_a',
      kind: 'customer',
      recordId: 'c2',
      version: 2,
      now: at(20),
    });
    const gen = (id: string) => claimed.find((r) => r.recordId === id)?.generation as number;
    const done = await syncStore.recordLanded(fresh.db, {
      tenantId: 'ten_a',
      owner: 'w#0',
      now: at(30),
      links: [],
      done: ['c1', 'c2', 'c3'].map((id) => ({
        kind: 'customer' as const,
        recordId: id,
        generation: gen(id),
      })),
      unblock: [],
      logs: [],
    });
    expect(done.sort()).toEqual(['customer:c1', 'customer:c2', 'customer:c3']);
    expect(await state('c1')).toEqual({ state: 'done', lease_owner: null });
    expect(await state('c2')).toEqual({ state: 'pending', lease_owner: null });
    // Another worker whose lease was taken over changes nothing.
    expect(
      await syncStore.complete(
        fresh.db,
        { tenantId: 'ten_a', kind: 'customer', recordId: 'c2' },
        'w#9',
        99,
        at(40),
      ),
    ).toBe(false);
    expect(await state('c2')).toEqual({ state: 'pending', lease_owner: null });
    // Sync Status's last sync is the newest completion.
    expect((await syncStore.summary(fresh.db, 'ten_a')).lastSuccessAt).toEqual(at(30));
  });

  it.skipIf(skip)('updates a link in place, and unblocks what waited on any of several records', async () => {
    for (const l of [link('c1', '101'), link('c2', '102'), link('c2', '202')])
      await syncStore.saveLink(fresh.db, l);
    const links = await syncStore.links(fresh.db, 'ten_a', 'realm_a', ['customer:c1', 'customer:c2']);
    expect([...links.values()].map((l) => [l.exoId, l.qboId, l.payloadHash]).sort()).toEqual([
      ['c1', '101', 'h_c1'],
      ['c2', '202', 'h_c2'],
    ]);
    for (const [id, by] of [
      ['i1', 'customer:c1'],
      ['i2', 'customer:c2'],
      ['i3', 'customer:c9'],
    ] as const) {
      await syncStore.enqueue(fresh.db, {
        tenantId: 'ten_a',
        kind: 'invoice',
        recordId: id,
        version: 1,
        now: at(0),
      });
      await fresh.db.query(
        `UPDATE sync_work SET state = 'blocked', blocked_by = $2::jsonb WHERE record_id = $1`,
        [id, JSON.stringify([by])],
      );
    }
    await syncStore.unblockDependents(fresh.db, 'ten_a', ['customer:c1', 'customer:c2'], at(50));
    expect((await state('i1'))?.state).toBe('pending');
    expect((await state('i2'))?.state).toBe('pending');
    expect((await state('i3'))?.state).toBe('blocked');
  });

  it.skipIf(skip)(
    'records what a batch landed in one statement: links, done rows, unblocked dependents, timeline',
    async () => {
      for (const id of ['c1', 'c2']) await queueCustomer(id);
      await syncStore.enqueue(fresh.db, {
        tenantId: 'ten_a',
        kind: 'invoice',
        recordId: 'i1',
        version: 1,
        now: at(0),
      });
      await fresh.db.query(
        `UPDATE sync_work SET state = 'blocked', blocked_by = '["customer:c2"]'::jsonb WHERE record_id = 'i1'`,
      );
      const claimed = await syncStore.claim(fresh.db, {
        owner: 'w#0',
        now: at(10),
        leaseUntil: at(60_000),
        limit: 10,
      });
      const gen = (id: string) => claimed.find((r) => r.recordId === id)?.generation as number;
      const done = await syncStore.recordLanded(fresh.db, {
        tenantId: 'ten_a',
        owner: 'w#0',
        now: at(20),
        links: [link('c1', '301'), link('c2', '302')],
        done: ['c1', 'c2'].map((id) => ({ kind: 'customer' as const, recordId: id, generation: gen(id) })),
        unblock: ['customer:c1', 'customer:c2'],
        logs: ['c1', 'c2'].map((id) => ({
          tenantId: 'ten_a',
          kind: 'customer',
          recordId: id,
          at: at(20),
          event: 'synced' as const,
          operation: 'create' as const,
          qboId: id === 'c1' ? '301' : '302',
        })),
      });
      expect(done.sort()).toEqual(['customer:c1', 'customer:c2']);
      expect((await state('c1'))?.state).toBe('done');
      expect((await state('i1'))?.state).toBe('pending');
      const links = await syncStore.links(fresh.db, 'ten_a', 'realm_a', ['customer:c1', 'customer:c2']);
      expect([...links.values()].map((l) => l.qboId).sort()).toEqual(['301', '302']);
      const { rows } = await fresh.db.query<{ n: number | string }>(
        `SELECT count(*) AS n FROM sync_log WHERE tenant_id = 'ten_a' AND event = 'synced'`,
      );
      expect(Number(rows[0]?.n)).toBe(2);
    },
  );
});
