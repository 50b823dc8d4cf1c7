import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate } from '../db/migrator.ts';
import type { Database } from '../ports/database.ts';
import { freshPglite } from '../../test/support/pglite-template.ts';
import { createPostgresSchema, POSTGRES_URL } from '../../test/support/postgres.ts';
import { reconciliationStore } from './reconciliation-store.ts';

if (!POSTGRES_URL) console.warn('PostgreSQL reconciliation store tests skipped: DATABASE_URL not set');

const engines = [
  {
    name: 'PGlite',
    skip: false,
    async setup() {
      const db = await freshPglite();
      return { db, teardown: () => db.close() };
    },
  },
  {
    name: 'PostgreSQL',
    skip: !POSTGRES_URL,
    async setup() {
      const schema = await createPostgresSchema(POSTGRES_URL as string);
      const db = schema.open();
      await migrate(db);
      return { db, teardown: () => schema.drop() };
    },
  },
];

const at = (day: number) => new Date(Date.UTC(2026, 5, day, 12));

for (const engine of engines) {
  describe.skipIf(engine.skip)(`reconciliation store on ${engine.name}`, () => {
    let db: Database;
    let teardown: () => Promise<void>;
    beforeAll(async () => {
      ({ db, teardown } = await engine.setup());
    });
    afterAll(async () => teardown?.());

    const save = (tenantId: string, month: string, cents: number, realmId = 'R1', day = 1) =>
      reconciliationStore.saveMonth(db, {
        tenantId,
        month,
        realmId,
        discrepancyCents: cents,
        discrepancyBasisPoints: cents === 0 ? 0 : 150,
        matches: cents <= 100,
        empty: month === '2026-01',
        at: at(day),
        by: 'usr_1',
      });

    it('keeps the latest run of each month, oldest month first, per tenant and company', async () => {
      await save('t1', '2026-03', 180_00);
      await save('t1', '2026-04', 40_00);
      await save('t1', '2026-05', 9_00);
      await save('t1', '2026-05', 0, 'R1', 9); // the same month again, after fixing: replaces
      await save('t1', '2026-02', 1, 'R-old'); // another company's month
      await save('t2', '2026-05', 77_00);
      await save('t1', '2026-01', 0); // nothing happened that month
      const trend = await reconciliationStore.trend(db, 't1', 'R1');
      expect(trend.map((p) => [p.month, p.discrepancyCents, p.matches, p.empty])).toEqual([
        ['2026-01', 0, true, true],
        ['2026-03', 180_00, false, false],
        ['2026-04', 40_00, false, false],
        ['2026-05', 0, true, false],
      ]);
      expect(trend[3]?.runAt).toBe(at(9).toISOString());
      expect(await reconciliationStore.trend(db, 't1', null)).toEqual([]);
      expect((await reconciliationStore.trend(db, 't1', 'R1', 2)).map((p) => p.month)).toEqual([
        '2026-04',
        '2026-05',
      ]);
    });

    it('refuses a month that is not YYYY-MM and a negative discrepancy', async () => {
      await expect(save('t1', '2026-13', 0)).rejects.toThrow();
      await expect(save('t1', '2026-06', -1)).rejects.toThrow();
    });

    it('links a hand-entered document once, reads links and open work, and forgets a sent body', async () => {
      const link = {
        tenantId: 't1',
        realmId: 'R1',
        kind: 'invoice' as const,
        exoId: 'inv_1',
        qboId: '145',
        syncToken: '2',
        at: at(2),
      };
      expect(await reconciliationStore.insertLink(db, link)).toBe(true);
      expect(await reconciliationStore.insertLink(db, { ...link, exoId: 'inv_2' })).toBe(false); // qbo id taken
      expect(await reconciliationStore.insertLink(db, { ...link, qboId: '146' })).toBe(false); // exo id taken
      expect(await reconciliationStore.linkOf(db, link)).toBe('145');
      const links = await reconciliationStore.links(db, 't1', 'R1');
      expect(links.invoice.get('inv_1')).toEqual({ qboId: '145', recordVersion: null });
      expect((await reconciliationStore.links(db, 't2', 'R1')).invoice.size).toBe(0);

      await db.query(
        `UPDATE qbo_links SET payload_hash = 'h', last_body = '{"a":1}'::jsonb WHERE exoserva_id = 'inv_1'`,
      );
      expect(await reconciliationStore.forgetSentBody(db, { ...link, at: at(3) })).toBe(true);
      expect(await reconciliationStore.forgetSentBody(db, { ...link, tenantId: 't2', at: at(3) })).toBe(
        false,
      );
      const { rows } = await db.query<{ payload_hash: string | null; last_body: unknown }>(
        `SELECT payload_hash, last_body FROM qbo_links WHERE exoserva_id = 'inv_1'`,
      );
      expect(rows[0]).toEqual({ payload_hash: null, last_body: null });

      await db.query(
        `INSERT INTO sync_work (tenant_id, kind, record_id, kind_rank, state, not_before, failure, created_at, updated_at, held_since)
         VALUES ('t1', 'invoice', 'inv_9', 2, 'failed', $1, '{"kind":"needs_person","code":"invalid_tax_rate","title":"T","fix":"F"}'::jsonb, $1, $1, NULL),
                ('t1', 'payment', 'pay_9', 3, 'pending', $1, NULL, $1, $1, $1),
                ('t1', 'customer', 'cus_9', 1, 'failed', $1, NULL, $1, $1, NULL),
                ('t1', 'refund', 'ref_9', 4, 'done', $1, NULL, $1, $1, NULL)`,
        [at(4)],
      );
      const work = await reconciliationStore.openWork(db, 't1');
      expect(Object.fromEntries(work)).toEqual({
        'invoice:inv_9': {
          state: 'failed',
          held: false,
          failure: { code: 'invalid_tax_rate', title: 'T', fix: 'F' },
        },
        'payment:pay_9': { state: 'pending', held: true, failure: null },
      });
    });
  });
}
