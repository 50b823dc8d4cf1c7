import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPgliteDatabase } from '../adapters/pglite-database.ts';
import { loadMigrations, migrate, migrationStatus } from '../db/migrator.ts';
import type { Database } from '../ports/database.ts';
import { freshPglite } from '../../test/support/pglite-template.ts';
import { createPostgresSchema, POSTGRES_URL } from '../../test/support/postgres.ts';
import type { AccountMapping } from '@exoserva/contracts';
import { auditStore } from './audit-store.ts';
import { connectionStore, type EncryptedTokens } from './connection-store.ts';
import { customerLinkStore, mappingStore } from './mapping-store.ts';
import { oauthStateStore } from './oauth-state-store.ts';
import { settingsStore } from './settings-store.ts';
import { testSyncStore, type TestSyncRow } from './test-sync-store.ts';

if (!POSTGRES_URL) console.warn('PostgreSQL storage tests skipped: DATABASE_URL not set');

interface Engine {
  name: string;
  skip: boolean;
  /** A migrated, empty database, plus (for multi-instance tests) a second handle on the same data. */
  setup(): Promise<{ db: Database; second?: Database; teardown(): Promise<void> }>;
}

const engines: Engine[] = [
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
      const second = schema.open();
      // Two instances migrating at once: the advisory lock makes one wait and then find nothing to do.
      const [a, b] = await Promise.all([migrate(db), migrate(second)]);
      expect([...a, ...b].sort((x, y) => x - y)).toEqual((await loadMigrations()).map((m) => m.version));
      return { db, second, teardown: () => schema.drop() };
    },
  },
];

const T0 = new Date('2026-11-24T12:00:00.000Z');
const at = (minutes: number) => new Date(T0.getTime() + minutes * 60_000);
const tokens = (n: number): EncryptedTokens => ({
  accessTokenEnc: `v1.k1.iv.access-${n}.tag`,
  refreshTokenEnc: `v1.k1.iv.refresh-${n}.tag`,
  keyId: 'k1',
  accessExpiresAt: at(60),
  refreshExpiresAt: at(100 * 24 * 60),
  refreshHardExpiresAt: null,
});
const connect = (db: Database, tenantId: string, realmId: string, n = 1) =>
  connectionStore.saveConnected(db, {
    tenantId,
    realmId,
    companyName: `Co ${realmId}`,
    connectedBy: 'usr_1',
    now: T0,
    ...tokens(n),
  });

for (const engine of engines) {
  describe.skipIf(engine.skip)(`storage on ${engine.name}`, () => {
    let db: Database;
    let second: Database | undefined;
    let teardown: () => Promise<void>;

    beforeAll(async () => {
      ({ db, second, teardown } = await engine.setup());
    });
    afterAll(async () => {
      await teardown?.();
    });

    it('records applied migrations and applies nothing the second time', async () => {
      expect(await migrate(db)).toEqual([]);
      expect(await migrationStatus(db)).toMatchObject({ ok: true });
    });

    it('round-trips a connection with its timestamps', async () => {
      const saved = await connect(db, 'ten_a', '100');
      expect(saved).toMatchObject({ tenantId: 'ten_a', realmId: '100', status: 'connected', version: 1 });
      const row = await connectionStore.get(db, 'ten_a');
      expect(row?.accessExpiresAt?.toISOString()).toBe(at(60).toISOString());
      expect(row?.connectedAt?.toISOString()).toBe(T0.toISOString());
      expect(row?.refreshTokenEnc).toBe('v1.k1.iv.refresh-1.tag');
    });

    it('lets only one live tenant hold a company, and frees it on disconnect', async () => {
      await connect(db, 'ten_b1', '200');
      await expect(connect(db, 'ten_b2', '200')).rejects.toMatchObject({ code: '23505' });
      expect(await connectionStore.liveOwnerOfRealm(db, '200')).toBe('ten_b1');
      await connectionStore.markDisconnected(db, { tenantId: 'ten_b1', now: at(1), revokeError: null });
      const gone = await connectionStore.get(db, 'ten_b1');
      expect(gone).toMatchObject({
        status: 'disconnected',
        realmId: '200',
        accessTokenEnc: null,
        refreshTokenEnc: null,
      });
      await connect(db, 'ten_b2', '200');
      expect(await connectionStore.liveOwnerOfRealm(db, '200')).toBe('ten_b2');
    });

    it('grants the refresh lease to exactly one of many concurrent callers', async () => {
      await connect(db, 'ten_c', '300');
      const handles = [db, second ?? db];
      const results = await Promise.all(
        Array.from({ length: 10 }, (_, i) =>
          connectionStore.tryAcquireRefreshLease(handles[i % 2] as Database, {
            tenantId: 'ten_c',
            owner: `owner-${i}`,
            now: at(1),
            until: at(2),
          }),
        ),
      );
      const winners = results.filter((r) => r !== null);
      expect(winners).toHaveLength(1);
      const owner = winners[0]?.refreshLeaseOwner as string;
      // An expired lease can be taken over.
      expect(
        await connectionStore.tryAcquireRefreshLease(db, {
          tenantId: 'ten_c',
          owner: 'late',
          now: at(3),
          until: at(4),
        }),
      ).not.toBeNull();
      await connectionStore.saveRefreshed(db, { tenantId: 'ten_c', owner: 'late', now: at(3), ...tokens(2) });
      const row = await connectionStore.get(db, 'ten_c');
      expect(row).toMatchObject({ refreshLeaseOwner: null, refreshTokenEnc: 'v1.k1.iv.refresh-2.tag' });
      expect(owner).toMatch(/^owner-/);
    });

    it('moves a connection to needs_reconnect once', async () => {
      await connect(db, 'ten_d', '400');
      expect(
        await connectionStore.markNeedsReconnect(db, { tenantId: 'ten_d', reason: 'why', now: at(1) }),
      ).toBe(true);
      expect(
        await connectionStore.markNeedsReconnect(db, { tenantId: 'ten_d', reason: 'why', now: at(2) }),
      ).toBe(false);
      expect(await connectionStore.liveOwnerOfRealm(db, '400')).toBe('ten_d');
    });

    it('lists connections whose refresh token is older than a cut-off', async () => {
      await connect(db, 'ten_e', '500');
      expect(await connectionStore.listStale(db, at(-1))).not.toContain('ten_e');
      expect(await connectionStore.listStale(db, at(1))).toContain('ten_e');
    });

    it('keeps one pending switch per tenant and hands back the one it replaces', async () => {
      await connect(db, 'ten_f', '600');
      const pending = {
        tenantId: 'ten_f',
        realmId: '601',
        companyName: 'New',
        requestedBy: 'usr_1',
        expiresAt: at(10),
        now: T0,
        ...tokens(3),
      };
      expect(await connectionStore.putPending(db, pending)).toBeNull();
      const replaced = await connectionStore.putPending(db, { ...pending, realmId: '602' });
      expect(replaced?.realmId).toBe('601');
      expect(await connectionStore.deleteExpiredPending(db, at(5))).toEqual([]);
      expect((await connectionStore.deleteExpiredPending(db, at(11))).map((p) => p.realmId)).toEqual(['602']);
    });

    it('uses a ticket once, from its own browser only, and consumes a state once, even concurrently', async () => {
      await oauthStateStore.insert(db, {
        state: 'st-1',
        ticketHash: 'th-1',
        bindingNonceHash: 'nh',
        tenantId: 'ten_g',
        userId: 'usr_1',
        userName: null,
        userRole: 'owner',
        returnTo: 'http://h.test/x',
        mode: 'redirect',
        expiresAt: at(10),
        now: T0,
      });
      // Another browser's nonce (or none) never uses the ticket.
      expect(
        await oauthStateStore.useTicket(db, { ticketHash: 'th-1', nonceHash: 'other', now: at(1) }),
      ).toBeNull();
      expect((await oauthStateStore.find(db, 'st-1'))?.ticketUsedAt).toBeNull();
      const uses = await Promise.all(
        [1, 2, 3].map(() =>
          oauthStateStore.useTicket(db, { ticketHash: 'th-1', nonceHash: 'nh', now: at(1) }),
        ),
      );
      expect(uses.filter(Boolean)).toHaveLength(1);
      expect(await oauthStateStore.consume(db, { state: 'st-1', now: at(20) })).toBeNull(); // expired
      const claims = await Promise.all(
        [db, second ?? db, db].map((h) => oauthStateStore.consume(h, { state: 'st-1', now: at(2) })),
      );
      expect(claims.filter(Boolean)).toHaveLength(1);
      expect((await oauthStateStore.find(db, 'st-1'))?.consumedAt?.toISOString()).toBe(at(2).toISOString());
    });

    it('reads the audit log newest first, per tenant', async () => {
      for (const [i, action] of (['connect', 'disconnect', 'connect'] as const).entries()) {
        await auditStore.append(db, {
          tenantId: 'ten_h',
          at: at(i),
          action,
          actor: { userId: 'usr_1', name: 'One', role: 'owner' },
          company: { realmId: '800', name: 'Co' },
          detail: null,
        });
      }
      await auditStore.append(db, {
        tenantId: 'ten_other',
        at: at(9),
        action: 'connect',
        actor: null,
        company: null,
        detail: null,
      });
      const entries = await auditStore.list(db, 'ten_h');
      expect(entries.map((e) => e.action)).toEqual(['connect', 'disconnect', 'connect']);
      expect(entries[0]?.at).toBe(at(2).toISOString());
    });

    it('versions mappings, serializing concurrent saves of one tenant (no version collides)', async () => {
      const mapping = { serviceRevenueAccountId: '1' } as unknown as AccountMapping;
      const snapshot = { accounts: {}, items: {}, taxCodes: {} };
      // The save path: lock the tenant, read the latest version, insert the next one. Several saves at once
      // (several instances) must each get their own version instead of failing on the primary key.
      const save = (handle: Database, by: string) =>
        handle.transaction(async (tx) => {
          await mappingStore.lockTenant(tx, 'ten_map');
          const version = ((await mappingStore.latest(tx, 'ten_map'))?.version ?? 0) + 1;
          await mappingStore.insert(tx, {
            tenantId: 'ten_map',
            version,
            realmId: '900',
            mapping,
            snapshot,
            createdBy: by,
            at: at(version),
          });
          return version;
        });
      const versions = await Promise.all(
        Array.from({ length: 6 }, (_, i) => save(i % 2 === 0 ? db : (second ?? db), `usr_${i}`)),
      );
      expect(versions.sort()).toEqual([1, 2, 3, 4, 5, 6]);
      const latest = await mappingStore.latest(db, 'ten_map');
      expect(latest).toMatchObject({ version: 6, realmId: '900', mapping, snapshot });

      await customerLinkStore.upsert(db, {
        tenantId: 'ten_map',
        realmId: '900',
        exoservaId: 'cus_1',
        qboId: '58',
        at: T0,
      });
      await customerLinkStore.upsert(db, {
        tenantId: 'ten_map',
        realmId: '900',
        exoservaId: 'cus_1',
        qboId: '59',
        at: T0,
      });
      await db.query(
        `INSERT INTO qbo_links (tenant_id, realm_id, entity_type, exoserva_id, qbo_id, mapping_version)
         VALUES ('ten_map', '900', 'invoice', 'inv_1', '7', 6), ('ten_map', '900', 'invoice', 'inv_2', '8', 5)`,
      );
      expect([...(await customerLinkStore.list(db, 'ten_map', '900'))]).toEqual([['cus_1', '59']]);
      expect(await mappingStore.countSynced(db, 'ten_map', '900', 6)).toEqual({
        total: 1,
        byEntity: { invoice: 1 },
      });
      // A test sync's invoice is not one of the shop's synced records (issue 21: the re-map dialog counted it).
      await db.query(
        `INSERT INTO qbo_links (tenant_id, realm_id, entity_type, exoserva_id, qbo_id, mapping_version)
         VALUES ('ten_map', '900', 'invoice', 'inv_test', '9', 6)`,
      );
      await db.query(
        `INSERT INTO test_sync_runs (id, tenant_id, realm_id, mapping_version, status, state, started_by, started_at, updated_at)
         VALUES ('tsr_1', 'ten_map', '900', 6, 'passed', $1::jsonb, 'usr_1', now(), now())`,
        [JSON.stringify({ run: { records: { invoice: { exoId: 'inv_test', qboId: '9', label: 'T-1' } } } })],
      );
      expect((await mappingStore.countSynced(db, 'ten_map', '900', 6)).total).toBe(1);

      await mappingStore.insertRepost(db, {
        tenantId: 'ten_map',
        version: 6,
        from: '2026-10-01',
        to: '2026-10-31',
        requestedBy: 'usr_1',
        at: T0,
      });
      expect(await mappingStore.pendingReposts(db, 'ten_map')).toEqual([
        { id: expect.any(String), version: 6, from: '2026-10-01', to: '2026-10-31' },
      ]);
    });

    it('remembers the customer direction, one-way until chosen', async () => {
      expect(await settingsStore.getDirection(db, 'ten_dir')).toEqual({
        direction: 'one_way',
        chosen: false,
        updatedAt: null,
      });
      await settingsStore.setDirection(db, {
        tenantId: 'ten_dir',
        direction: 'two_way',
        userId: 'usr_1',
        at: T0,
      });
      expect(await settingsStore.getDirection(second ?? db, 'ten_dir')).toEqual({
        direction: 'two_way',
        chosen: true,
        updatedAt: T0,
      });
    });

    it('rolls a failed transaction back', async () => {
      await expect(
        db.transaction(async (tx) => {
          await tx.query(
            "INSERT INTO audit_log (id, tenant_id, at, action) VALUES ('rb', 'ten_rb', now(), 'connect')",
          );
          throw new Error('stop');
        }),
      ).rejects.toThrow('stop');
      expect((await db.query("SELECT 1 FROM audit_log WHERE id = 'rb'")).rows).toHaveLength(0);
    });

    it('keeps one running test sync per tenant, leased to one instance, and finds the latest pass', async () => {
      const row = (id: string) => ({
        ...testSyncRow(id),
        run: { ...testSyncRow(id).run, status: 'running' as const },
      });
      const a = '00000000-0000-4000-8000-00000000000a';
      const b = '00000000-0000-4000-8000-00000000000b';
      expect(await testSyncStore.insert(db, { row: row(a), startedBy: 'usr_1', now: T0 })).toBe(true);
      // A second start while one runs (two admins at once) is refused by the partial unique index.
      expect(await testSyncStore.insert(db, { row: row(b), startedBy: 'usr_2', now: T0 })).toBe(false);
      const claimed = await testSyncStore.claim(db, 'inst-1', T0, at(1));
      expect(claimed?.id).toBe(a);
      // Leased: another instance finds nothing until the lease runs out.
      expect(await testSyncStore.claim(second ?? db, 'inst-2', T0, at(1))).toBeNull();
      const taken = await testSyncStore.claim(second ?? db, 'inst-2', at(2), at(3));
      expect(taken?.id).toBe(a);
      // The first owner lost the lease: its write changes nothing.
      const done = {
        ...(taken as TestSyncRow),
        run: { ...(taken as TestSyncRow).run, status: 'passed' as const },
      };
      expect(
        await testSyncStore.save(db, done, 'inst-1', { now: at(2), leaseUntil: at(3), finishedAt: at(2) }),
      ).toBe(false);
      expect(
        await testSyncStore.save(db, done, 'inst-2', { now: at(2), leaseUntil: at(3), finishedAt: at(2) }),
      ).toBe(true);
      expect(await testSyncStore.latestPass(db, 'ten_ts', 'realm_ts')).toEqual({
        mappingVersion: 1,
        finishedAt: at(2),
      });
      expect(await testSyncStore.latestPass(db, 'ten_ts', 'other_realm')).toBeNull();
      expect((await testSyncStore.latest(db, 'ten_ts'))?.run.status).toBe('passed');
      expect(await testSyncStore.insert(db, { row: row(b), startedBy: 'usr_2', now: at(3) })).toBe(true);
    });
  });
}

function testSyncRow(id: string): TestSyncRow {
  return {
    id,
    tenantId: 'ten_ts',
    realmId: 'realm_ts',
    mappingVersion: 1,
    status: 'running',
    notes: {},
    cleaned: false,
    run: {
      id,
      status: 'running',
      amountCents: 100,
      startedAt: T0.toISOString(),
      finishedAt: null,
      startedBy: { userId: 'usr_1', name: null },
      mappingVersion: 1,
      steps: [],
      records: { customer: null, invoice: null, payment: null },
      accounts: { income: null, deposit: null },
      cleanup: null,
    },
  };
}

describe('PGlite data folder', () => {
  it('keeps data across a restart', async () => {
    const { mkdtemp, rm } = await import('node:fs/promises');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const dir = await mkdtemp(join(tmpdir(), 'bff-pglite-'));
    try {
      const first = await openPgliteDatabase({ dataDir: dir });
      await migrate(first);
      await auditStore.append(first, {
        tenantId: 'ten_p',
        at: T0,
        action: 'connect',
        actor: null,
        company: null,
        detail: 'kept',
      });
      await first.close();
      const again = await openPgliteDatabase({ dataDir: dir });
      expect(await migrate(again)).toEqual([]);
      expect((await auditStore.list(again, 'ten_p'))[0]?.detail).toBe('kept');
      await again.close();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
