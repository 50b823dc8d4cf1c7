import type { SyncFailure } from '@exoserva/contracts';
import { describe, expect, it } from 'vitest';
import { freshPglite } from '../../test/support/pglite-template.ts';
import { createPostgresSchema, POSTGRES_URL } from '../../test/support/postgres.ts';
import { migrate } from '../db/migrator.ts';
import type { Database } from '../ports/database.ts';
import { syncLogStore } from './sync-log-store.ts';
import { syncStatusStore } from './sync-status-store.ts';
import { syncStore } from './sync-store.ts';

// The sync log and the dashboard's queries (008-sync-log.sql) on PGlite, and on PostgreSQL when DATABASE_URL
// is set: the queued trigger, ignore semantics, search, activity by the hour, and pruning.

const engines = [
  {
    name: 'PGlite',
    skip: false,
    open: async () => ({ db: await freshPglite(), drop: async () => undefined }),
  },
  {
    name: 'PostgreSQL',
    skip: !POSTGRES_URL,
    open: async () => {
      const schema = await createPostgresSchema(POSTGRES_URL as string);
      const db = schema.open();
      await migrate(db);
      return { db, drop: () => schema.drop() };
    },
  },
];

const T0 = new Date('2026-11-24T12:00:00.000Z');
const at = (minutes: number) => new Date(T0.getTime() + minutes * 60_000);
const TENANT = 'ten_log';
const conflict: SyncFailure = {
  kind: 'needs_person',
  code: 'customer_name_conflict',
  title: 'Customer name conflict',
  fix: 'Link to it, or rename the customer in Exoserva, then retry.',
};

async function failRecord(db: Database, recordId: string, minutes: number, label: string) {
  const key = { tenantId: TENANT, kind: 'customer' as const, recordId };
  await syncStore.enqueue(db, { ...key, version: 1, now: at(minutes) });
  await db.query(`UPDATE sync_work SET lease_owner = 'w' WHERE record_id = $1`, [recordId]);
  await syncStore.fail(db, key, 'w', { state: 'failed', failure: conflict, now: at(minutes + 1) });
  await syncLogStore.append(db, { ...key, at: at(minutes + 1), event: 'failed', label, failure: conflict });
  return key;
}

for (const engine of engines) {
  describe.skipIf(engine.skip)(`sync log and status store on ${engine.name}`, () => {
    it('finds records by number, customer name, amount or id — each once, newest activity first (issue 21)', async () => {
      const { db, drop } = await engine.open();
      try {
        const log = (
          kind: string,
          recordId: string,
          minutes: number,
          extra: { label?: string; amountCents?: number; customerId?: string },
        ) =>
          syncLogStore.append(db, {
            tenantId: TENANT,
            kind,
            recordId,
            at: at(minutes),
            event: 'synced',
            ...extra,
          });
        await log('customer', 'cus_9', 0, { label: 'Okafor Household', customerId: 'cus_9' });
        // The same customer renamed later: the latest name counts.
        await log('customer', 'cus_9', 1, { label: 'Adaeze Okafor', customerId: 'cus_9' });
        await log('invoice', 'inv_a', 2, { label: 'DFFC-1002', amountCents: 14_250, customerId: 'cus_9' });
        await log('invoice', 'inv_a', 3, { label: 'DFFC-1002', amountCents: 14_250, customerId: 'cus_9' });
        await log('payment', 'pay_b', 4, { label: '1001', amountCents: 5_000, customerId: 'cus_9' });
        await log('invoice', 'inv_c', 5, { label: 'DFFC-1003', amountCents: 5_000, customerId: 'cus_x' });
        await syncLogStore.append(db, {
          tenantId: 'ten_other',
          kind: 'invoice',
          recordId: 'inv_z',
          at: at(6),
          event: 'synced',
          label: 'DFFC-1002',
        });
        const search = async (text: string, amountCents: number | null = null) =>
          (await syncLogStore.searchRecords(db, TENANT, { text, amountCents })).map(
            (m) => `${m.kind}:${m.recordId}`,
          );
        expect(await search('dffc-1002')).toEqual(['invoice:inv_a']);
        expect(await search('adaeze')).toEqual(['payment:pay_b', 'invoice:inv_a', 'customer:cus_9']);
        expect(await search('okafor household')).toEqual([]);
        expect(await search('50.00', 5_000)).toEqual(['invoice:inv_c', 'payment:pay_b']);
        expect(await search('inv_c')).toEqual(['invoice:inv_c']);
        // Typed literally: no LIKE wildcards.
        expect(await search('%')).toEqual([]);
        const [first] = await syncLogStore.searchRecords(db, TENANT, {
          text: 'DFFC-1002',
          amountCents: null,
        });
        expect(first).toMatchObject({
          label: 'DFFC-1002',
          customerName: 'Adaeze Okafor',
          amountCents: 14_250,
        });
      } finally {
        await drop();
      }
    });

    it('logs every queueing with why, searches by label and id, and keeps ignored failures apart', async () => {
      const { db, drop } = await engine.open();
      try {
        const smith = await failRecord(db, 'cus_1', 0, 'Smith Plumbing');
        await failRecord(db, 'cus_2', 5, 'Jones & Sons 100%');
        // An edit of a failed record, then the same version again: "changed" each time it moves generation.
        await syncStore.enqueue(db, { ...smith, version: 2, now: at(10) });
        const { entries } = await syncLogStore.timeline(db, smith);
        expect(entries.map((e) => [e.event, e.detail])).toEqual([
          ['queued', 'new'],
          ['failed', null],
          ['queued', 'changed'],
        ]);
        await db.query(`UPDATE sync_work SET lease_owner = 'w' WHERE record_id = 'cus_1'`);
        await syncStore.fail(db, smith, 'w', { state: 'failed', failure: conflict, now: at(11) });

        const page = { limit: 50, offset: 0 };
        const search = (search: string) =>
          syncStatusStore.search(db, TENANT, { search }, page, null).then((r) => r.rows.map((x) => x.id));
        expect(await search('smith')).toEqual(['cus_1']);
        expect(await search('CUS_2')).toEqual(['cus_2']);
        // Typed literally: % is not a wildcard.
        expect(await search('100%')).toEqual(['cus_2']);
        expect(await search('%')).toEqual(['cus_2']);
        expect(await syncStatusStore.counts(db, TENANT)).toEqual({ failed: 2, ignored: 0 });

        const by = { at: at(12), userId: 'usr_o', name: 'Olivia', reason: 'Entered by hand' };
        expect(await syncStatusStore.ignore(db, smith, by)).toBe(true);
        expect(await syncStatusStore.ignore(db, smith, by)).toBe(false);
        expect(await syncStatusStore.counts(db, TENANT)).toEqual({ failed: 1, ignored: 1 });
        expect((await syncStore.summary(db, TENANT)).failed).toBe(1);
        // Sync Now leaves the ignored record alone.
        expect(await syncStore.runNow(db, TENANT, at(13))).toBe(1);
        expect((await syncStatusStore.record(db, smith))?.ignored?.reason).toBe('Entered by hand');
        // A later failure of the same record (after its own Retry) shows up again.
        await syncStore.runNow(db, TENANT, at(14), { kind: 'customer', recordId: 'cus_1' });
        await db.query(`UPDATE sync_work SET lease_owner = 'w' WHERE record_id = 'cus_1'`);
        await syncStore.fail(db, smith, 'w', { state: 'failed', failure: conflict, now: at(15) });
        expect((await syncStatusStore.record(db, smith))?.ignored).toBeNull();
        expect((await syncLogStore.timeline(db, smith)).entries.at(-1)).toMatchObject({
          event: 'queued',
          detail: 'retry',
        });
      } finally {
        await db.close();
        await drop();
      }
    });

    it('counts synced and failed entries per UTC hour, and prunes by age and per record', async () => {
      const { db, drop } = await engine.open();
      try {
        const key = { tenantId: TENANT, kind: 'invoice', recordId: 'inv_1' };
        await syncLogStore.appendMany(db, [
          { ...key, at: at(0), event: 'synced', qboId: '7', syncToken: '0' },
          { ...key, at: at(30), event: 'synced', qboId: '7', syncToken: '1' },
          { ...key, at: at(61), event: 'failed', failure: conflict },
          { ...key, tenantId: 'ten_other', at: at(1), event: 'synced' },
        ]);
        expect(await syncLogStore.activity(db, TENANT, at(-60))).toEqual([
          { hour: new Date('2026-11-24T12:00:00.000Z'), synced: 2, failed: 0 },
          { hour: new Date('2026-11-24T13:00:00.000Z'), synced: 0, failed: 1 },
        ]);

        for (let i = 0; i < 8; i++) await syncLogStore.append(db, { ...key, at: at(100 + i), event: 'sent' });
        const pruned = await syncLogStore.prune(db, { before: at(10), touchedSince: at(90), perRecord: 5 });
        // inv_1 at 0 and ten_other at 1 are too old; inv_1 keeps 5 of its 10 others.
        expect(pruned).toEqual({ aged: 2, capped: 5 });
        const left = await syncLogStore.timeline(db, key, 50);
        expect(left.entries).toHaveLength(5);
        expect(left.entries.at(-1)?.at).toBe(at(107).toISOString());
        expect(left.truncated).toBe(false);
        expect((await syncLogStore.timeline(db, key, 3)).truncated).toBe(true);
      } finally {
        await db.close();
        await drop();
      }
    });
  });
}
