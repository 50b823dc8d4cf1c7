import type { NotificationMessage, SessionClaims, SyncFailure } from '@exoserva/contracts';
import { afterEach, describe, expect, it } from 'vitest';
import { freshPglite } from '../../test/support/pglite-template.ts';
import { manualClock, type ManualClock } from '../../test/support/fakes.ts';
import { createPostgresSchema, POSTGRES_URL } from '../../test/support/postgres.ts';
import { createLogger } from '../logging/logger.ts';
import type { Database } from '../ports/database.ts';
import type { DeliveryOutcome, Notifier } from '../ports/notifier.ts';
import { connectionStore } from '../stores/connection-store.ts';
import { notificationStore } from '../stores/notification-store.ts';
import { syncStore } from '../stores/sync-store.ts';
import { createNotificationService } from './notifications.service.ts';

if (!POSTGRES_URL) console.warn('PostgreSQL notification tests skipped: DATABASE_URL not set');

const TENANT = 'ten_summit';
const DASHBOARD = 'https://app.exoserva.test/settings/integrations/quickbooks/status';
const admin: SessionClaims = { sub: 'usr_olivia', tid: TENANT, role: 'owner', name: 'Olivia Owner', exp: 0 };
const conflict: SyncFailure = {
  kind: 'needs_person',
  code: 'customer_name_conflict',
  title: 'Customer name conflict',
  fix: "A customer named 'Smith Plumbing' already exists in QuickBooks: link to it, or rename in Exoserva.",
};

/** A notifier that records what it was given and answers what the test says. */
function recordingNotifier(answer: () => DeliveryOutcome = () => ({ ok: true })) {
  const delivered: NotificationMessage[] = [];
  const notifier: Notifier = {
    channel: 'exoserva_inbox',
    deliver: (m) => {
      delivered.push(m);
      return Promise.resolve(answer());
    },
  };
  return { notifier, delivered };
}

const engines = [
  {
    name: 'PGlite',
    skip: false,
    async open() {
      const db = await freshPglite();
      return { db, second: db, close: () => db.close() };
    },
  },
  {
    name: 'PostgreSQL',
    skip: !POSTGRES_URL,
    async open() {
      const schema = await createPostgresSchema(POSTGRES_URL as string);
      const { migrate } = await import('../db/migrator.ts');
      const db = schema.open();
      await migrate(db);
      return { db, second: schema.open(), close: () => schema.drop() };
    },
  },
];

for (const engine of engines) {
  describe.skipIf(engine.skip)(`failure notifications on ${engine.name}`, () => {
    let close: (() => Promise<void>) | undefined;
    afterEach(async () => {
      await close?.();
      close = undefined;
    });

    async function setup(answer?: () => DeliveryOutcome) {
      const opened = await engine.open();
      close = opened.close;
      const clock = manualClock(Date.parse('2026-01-10T17:00:00Z')); // 10:00 in Denver
      const logger = createLogger({ level: 'silent' });
      const rec = recordingNotifier(answer);
      const make = (db: Database) =>
        createNotificationService({
          db,
          clock,
          logger,
          notifier: rec.notifier,
          dashboardUrl: DASHBOARD,
          retryDelaysMs: [60_000, 60_000],
        });
      return { db: opened.db, clock, ...rec, service: make(opened.db), other: make(opened.second) };
    }

    /** Queues a record, claims it and fails it the way the engine does (fail + raise in one transaction). */
    async function failRecord(db: Database, clock: ManualClock, recordId: string, failure = conflict) {
      const now = new Date(clock.now());
      await syncStore.enqueue(db, { tenantId: TENANT, kind: 'customer', recordId, version: 1, now });
      await db.query(`UPDATE sync_work SET lease_owner = 'w', lease_until = $2 WHERE record_id = $1`, [
        recordId,
        new Date(clock.now() + 60_000),
      ]);
      return db.transaction(async (tx) => {
        await syncStore.fail(tx, { tenantId: TENANT, kind: 'customer', recordId }, 'w', {
          state: 'failed',
          failure,
          now,
        });
        return notificationStore.raiseRecordFailure(tx, {
          tenantId: TENANT,
          kind: 'customer',
          recordId,
          failure,
          at: now,
        });
      });
    }

    async function succeedRecord(db: Database, clock: ManualClock, recordId: string) {
      await syncStore.enqueue(db, {
        tenantId: TENANT,
        kind: 'customer',
        recordId,
        version: 2,
        now: new Date(clock.now()),
      });
      await db.query(`UPDATE sync_work SET lease_owner = 'w' WHERE record_id = $1`, [recordId]);
      const { rows } = await db.query<{ generation: number }>(
        'SELECT generation FROM sync_work WHERE record_id = $1',
        [recordId],
      );
      await db.transaction((tx) =>
        syncStore.complete(
          tx,
          { tenantId: TENANT, kind: 'customer', recordId },
          'w',
          Number(rows[0]?.generation),
          new Date(clock.now()),
        ),
      );
    }

    it('notifies once per failure episode: a retry that fails again adds nothing, a failure after a success does', async () => {
      const { db, clock, service, delivered } = await setup();
      expect(await failRecord(db, clock, 'cus_1')).toBe(true);
      clock.advance(60_000);
      // Retry pressed, failed again: the same episode.
      expect(await failRecord(db, clock, 'cus_1')).toBe(false);
      await service.tick('a');
      expect(delivered).toHaveLength(1);

      clock.advance(60_000);
      await succeedRecord(db, clock, 'cus_1');
      clock.advance(60_000);
      expect(await failRecord(db, clock, 'cus_1')).toBe(true);
      await service.tick('a');
      await service.tick('a');
      expect(delivered).toHaveLength(2);
    });

    it('names the record, the plain-words failure and fix, and links to the dashboard', async () => {
      const { db, clock, service, delivered } = await setup();
      await db.query(
        `INSERT INTO sync_log (tenant_id, kind, record_id, at, event, label) VALUES ($1, 'customer', 'cus_7', $2, 'failed', 'Smith Plumbing')`,
        [TENANT, new Date(clock.now())],
      );
      await failRecord(db, clock, 'cus_7');
      await service.tick('a');
      const [message] = delivered;
      expect(message).toMatchObject({
        type: 'sync_failed',
        tenantId: TENANT,
        link: DASHBOARD,
        subject: "QuickBooks sync: Customer Smith Plumbing (cus_7) didn't sync — Customer name conflict",
        items: [
          { recordKind: 'customer', recordId: 'cus_7', label: 'Smith Plumbing', title: conflict.title },
        ],
        recipients: { roles: ['owner', 'tenant_admin'], emails: [] },
      });
      expect(message?.summary).toContain(`Fix: ${conflict.fix}`);
      expect(message?.summary).toContain(DASHBOARD);
      const recent = await service.recent(admin);
      expect(recent.notifications).toMatchObject([{ status: 'sent', recordCount: 1, attempts: 1 }]);
      expect(recent.alerts).toMatchObject([{ recordId: 'cus_7', notified: true, label: 'Smith Plumbing' }]);
    });

    it('gathers a burst of failures into one message', async () => {
      const { db, clock, service, delivered } = await setup();
      for (const id of ['cus_1', 'cus_2', 'cus_3']) await failRecord(db, clock, id);
      await service.tick('a');
      expect(delivered).toHaveLength(1);
      expect(delivered[0]?.subject).toBe("QuickBooks sync: 3 records didn't sync");
      expect(delivered[0]?.items.map((i) => i.recordId).sort()).toEqual(['cus_1', 'cus_2', 'cus_3']);
    });

    it('in digest mode sends one summary at the tenant’s hour, and nothing in between', async () => {
      const { db, clock, service, delivered } = await setup();
      const saved = await service.saveSettings(admin, {
        mode: 'daily_digest',
        digestHour: 8,
        timeZone: 'America/Denver',
        extraEmails: ['books@example.com'],
      });
      expect(saved.ok && saved.value.nextDigestAt).toBe('2026-01-11T15:00:00.000Z');
      await failRecord(db, clock, 'cus_1');
      await service.tick('a');
      clock.advance(4 * 3600_000);
      await failRecord(db, clock, 'cus_2');
      await service.tick('a');
      expect(delivered).toHaveLength(0);
      expect((await service.recent(admin)).alerts.map((a) => a.notified)).toEqual([false, false]);

      clock.advance(Date.parse('2026-01-11T14:59:00Z') - clock.now());
      await service.tick('a');
      expect(delivered).toHaveLength(0);
      clock.advance(60_000);
      await Promise.all([service.tick('a'), service.tick('b')]);
      await service.tick('a');
      expect(delivered).toHaveLength(1);
      expect(delivered[0]).toMatchObject({
        type: 'daily_digest',
        subject: 'QuickBooks sync daily summary: 2 records need attention',
        recipients: { emails: ['books@example.com'] },
      });
      clock.advance(3600_000);
      await failRecord(db, clock, 'cus_3');
      await service.tick('a');
      expect(delivered).toHaveLength(1);
    });

    it('audits a settings change and says who made it', async () => {
      const { db, service } = await setup();
      await service.saveSettings(admin, {
        mode: 'immediate',
        digestHour: 9,
        timeZone: 'UTC',
        extraEmails: [],
      });
      const settings = await service.getSettings(admin);
      expect(settings).toMatchObject({
        saved: true,
        updatedBy: { userId: 'usr_olivia', name: 'Olivia Owner' },
      });
      const { rows } = await db.query<{ action: string; detail: string }>(
        'SELECT action, detail FROM audit_log WHERE tenant_id = $1',
        [TENANT],
      );
      expect(rows).toEqual([{ action: 'notifications_changed', detail: 'Immediately; no extra recipients' }]);
    });

    it('retries a failed delivery later and gives up after the last retry', async () => {
      let answer: DeliveryOutcome = { ok: false, retryable: true, reason: 'the receiver answered HTTP 503' };
      const { db, clock, service, delivered } = await setup(() => answer);
      await failRecord(db, clock, 'cus_1');
      await service.tick('a');
      expect((await service.recent(admin)).notifications[0]).toMatchObject({
        status: 'pending',
        attempts: 1,
        lastError: 'the receiver answered HTTP 503',
      });
      await service.tick('a');
      expect(delivered).toHaveLength(1);
      clock.advance(60_000);
      answer = { ok: true };
      await service.tick('a');
      expect((await service.recent(admin)).notifications[0]).toMatchObject({ status: 'sent', attempts: 2 });

      answer = { ok: false, retryable: true, reason: 'no answer within 5000 ms' };
      await service.sendTest(admin);
      for (let i = 0; i < 4; i++) {
        await service.tick('a');
        clock.advance(60_000);
      }
      const test = (await service.recent(admin)).notifications.find((n) => n.type === 'test');
      expect(test).toMatchObject({ status: 'failed', attempts: 3, lastError: 'no answer within 5000 ms' });
    });

    it('delivers each message once when two instances run the loop at the same time', async () => {
      const { db, clock, service, other, delivered } = await setup();
      for (let i = 0; i < 12; i++) await failRecord(db, clock, `cus_${i}`);
      for (let i = 0; i < 4; i++) await service.sendTest(admin).catch(() => undefined);
      await Promise.all([service.tick('a'), other.tick('b'), service.tick('c'), other.tick('d')]);
      await Promise.all([service.tick('a'), other.tick('b')]);
      const ids = delivered.map((m) => m.id);
      expect(new Set(ids).size).toBe(ids.length);
      expect(delivered.filter((m) => m.type === 'sync_failed').flatMap((m) => m.items)).toHaveLength(12);
      expect(delivered.filter((m) => m.type === 'test')).toHaveLength(4);
    });

    it('tells admins once when the connection needs a reconnect, and again only after a reconnect', async () => {
      const { db, clock, service, delivered } = await setup();
      const tokens = {
        accessTokenEnc: 'v1.k1.iv.a.tag',
        refreshTokenEnc: 'v1.k1.iv.r.tag',
        keyId: 'k1',
        accessExpiresAt: new Date(clock.now() + 3600_000),
        refreshExpiresAt: new Date(clock.now() + 86_400_000),
        refreshHardExpiresAt: null,
      };
      const connect = () =>
        connectionStore.saveConnected(db, {
          tenantId: TENANT,
          realmId: '9341',
          companyName: 'Acme',
          connectedBy: 'usr_olivia',
          now: new Date(clock.now()),
          ...tokens,
        });
      await connect();
      await connectionStore.markNeedsReconnect(db, {
        tenantId: TENANT,
        reason: 'Intuit refused the refresh token',
        now: new Date(clock.now()),
      });
      await service.tick('a');
      await service.tick('a');
      expect(delivered.map((m) => m.type)).toEqual(['reconnect_needed']);
      expect(delivered[0]?.items[0]).toMatchObject({
        recordKind: null,
        fix: 'Intuit refused the refresh token',
      });

      clock.advance(3600_000);
      await connect();
      await service.tick('a');
      clock.advance(60_000);
      await connectionStore.markNeedsReconnect(db, {
        tenantId: TENANT,
        reason: 'Access revoked',
        now: new Date(clock.now()),
      });
      await service.tick('a');
      expect(delivered.map((m) => m.type)).toEqual(['reconnect_needed', 'reconnect_needed']);
    });

    it('refuses a sixth test notification within ten minutes', async () => {
      const { service } = await setup();
      for (let i = 0; i < 5; i++) expect((await service.sendTest(admin)).ok).toBe(true);
      const sixth = await service.sendTest(admin);
      expect(sixth.ok ? null : sixth.error.code).toBe('rate_limited');
    });
  });
}
