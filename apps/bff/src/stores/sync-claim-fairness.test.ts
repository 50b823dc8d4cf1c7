/**
 * The claim is fair across companies: one company's backlog never fills a claim while another company
 * has due work. Properties of the claim query, not timings; on PGlite, and on PostgreSQL when
 * DATABASE_URL is set.
 */
import { describe, expect, it } from 'vitest';
import { claimableTenant, DATABASE_ENGINES, databasePerTest } from '../../test/support/database-engines.ts';
import { syncStore, type WorkKind } from './sync-store.ts';

const T0 = new Date('2026-11-24T12:00:00.000Z');
const at = (ms: number) => new Date(T0.getTime() + ms);

describe.each(DATABASE_ENGINES)('claiming across companies ($name)', (engine) => {
  const fresh = databasePerTest(engine, async (db) => {
    for (const t of ['big', 'small', 'other']) await claimableTenant(db, `ten_${t}`, `realm_${t}`);
  });
  const { skip } = engine;

  const queue = async (tenant: string, kind: WorkKind, n: number, from: number) => {
    for (let i = 0; i < n; i++) {
      await syncStore.enqueue(fresh.db, {
        tenantId: `ten_${tenant}`,
        kind,
        recordId: `${kind}_${tenant}_${i}`,
        version: 1,
        now: at(from + i),
      });
    }
  };
  const claim = (limit: number, owner = 'w#0', later = 0) =>
    syncStore.claim(fresh.db, { owner, now: at(60_000 + later), leaseUntil: at(120_000), limit });
  const perTenant = (rows: { tenantId: string }[]) => {
    const out: Record<string, number> = {};
    for (const r of rows) out[r.tenantId] = (out[r.tenantId] ?? 0) + 1;
    return out;
  };

  it.skipIf(skip)(
    "serves a newer company's invoices beside an older company's backlog of customers",
    async () => {
      // Ordered by kind then age, the 100 older customers of one company would fill this claim and the next
      // three: the other companies' invoices and payments would wait behind all of them.
      await queue('big', 'customer', 100, 0);
      await queue('small', 'invoice', 2, 10_000);
      await queue('other', 'payment', 1, 20_000);
      const rows = await claim(60);
      expect(perTenant(rows)).toEqual({ ten_big: 30, ten_small: 2, ten_other: 1 });
    },
  );

  it.skipIf(skip)(
    'serves companies in turns: the one served longest ago first, then the oldest work',
    async () => {
      await queue('big', 'customer', 5, 0);
      await queue('small', 'customer', 5, 100);
      await queue('other', 'customer', 5, 200);
      // Nobody served yet: the oldest work first, each company's rows together (one batch for QuickBooks).
      const first = await claim(7);
      expect(first.map((r) => r.recordId).sort()).toEqual([
        'customer_big_0',
        'customer_big_1',
        'customer_big_2',
        'customer_big_3',
        'customer_big_4',
        'customer_small_0',
        'customer_small_1',
      ]);
      // Big and small just had their turn: other goes first now, however much older big's work is.
      await queue('big', 'invoice', 1, -1_000);
      const second = await claim(6, 'w#1', 1_000);
      expect(perTenant(second)).toEqual({ ten_other: 5, ten_big: 1 });
      // Within a company the order is unchanged: customers before their invoices, oldest first.
      await queue('small', 'invoice', 1, 50);
      const third = await claim(2, 'w#2', 2_000);
      expect(third.map((r) => r.recordId).sort()).toEqual(['customer_small_2', 'customer_small_3']);
    },
  );

  it.skipIf(skip)('gives one company at most one batch (30 rows) of a claim', async () => {
    await queue('big', 'customer', 80, 0);
    expect(await claim(60)).toHaveLength(30);
    // Another loop takes the next 30; nothing is claimed twice.
    const next = await claim(60, 'w#1');
    expect(next).toHaveLength(30);
    expect(next.map((r) => r.recordId)).not.toContain('customer_big_0');
  });

  it.skipIf(skip)(
    'lets a dependency that live work waits on jump the backfill (priority inheritance)',
    async () => {
      // 40 backfill customers queued before a live invoice's customer, all at backfill priority.
      await queue('big', 'customer', 40, 0);
      await fresh.db.query(`UPDATE sync_work SET priority = 5 WHERE tenant_id = 'ten_big'`);
      const raised = await syncStore.raiseToLive(
        fresh.db,
        'ten_big',
        ['customer:customer_big_39', 'customer:nope'],
        at(1),
      );
      expect(raised).toBe(1);
      const first = await claim(1);
      expect(first.map((r) => [r.recordId, r.priority])).toEqual([['customer_big_39', 0]]);
      // Only pending backfill rows are touched: raising it again changes nothing.
      expect(await syncStore.raiseToLive(fresh.db, 'ten_big', ['customer:customer_big_39'], at(2))).toBe(0);
    },
  );

  it.skipIf(skip)('gives the live lane live work only, however much backfill is due', async () => {
    // A backlog of backfill rows in two companies, and two live rows.
    await queue('big', 'customer', 30, 0);
    await queue('other', 'invoice', 30, 0);
    await fresh.db.query(`UPDATE sync_work SET priority = 1`);
    await queue('small', 'customer', 1, 100);
    await queue('big', 'invoice', 1, 100);
    const live = await syncStore.claim(fresh.db, {
      owner: 'w#0',
      now: at(60_000),
      leaseUntil: at(120_000),
      limit: 30,
      liveOnly: true,
    });
    expect(live.map((r) => [r.recordId, r.priority]).sort()).toEqual([
      ['customer_small_0', 0],
      ['invoice_big_0', 0],
    ]);
    // Nothing live left: the live lane claims nothing, and the other loops still get the backfill.
    expect(
      await syncStore.claim(fresh.db, {
        owner: 'w#0',
        now: at(60_000),
        leaseUntil: at(120_000),
        limit: 30,
        liveOnly: true,
      }),
    ).toEqual([]);
    expect((await claim(60, 'w#1')).length).toBe(60);
  });
});
