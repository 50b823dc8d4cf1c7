import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTokenCipher } from '../crypto/token-cipher.ts';
import { createLogger } from '../logging/logger.ts';
import type { Database } from '../ports/database.ts';
import { auditStore } from '../stores/audit-store.ts';
import { connectionStore } from '../stores/connection-store.ts';
import { fakeIntuitAuth, manualClock } from '../../test/support/fakes.ts';
import { freshPglite } from '../../test/support/pglite-template.ts';
import { createPostgresSchema, POSTGRES_URL } from '../../test/support/postgres.ts';
import { createTokenService, encryptTokens, tokenContext, type TokenService } from './token.service.ts';

if (!POSTGRES_URL) console.warn('PostgreSQL token-service tests skipped: DATABASE_URL not set');

const TENANT = 'ten_summit';
const REALM = '9130350000001';
const keys = [{ kid: 'k1', key: Buffer.alloc(32, 1) }];

interface Setup {
  dbs: Database[];
  teardown(): Promise<void>;
}

async function pglite(): Promise<Setup> {
  const db = await freshPglite();
  return { dbs: [db, db], teardown: () => db.close() };
}

async function postgres(): Promise<Setup> {
  const schema = await createPostgresSchema(POSTGRES_URL as string);
  const a = schema.open();
  const b = schema.open();
  const { migrate } = await import('../db/migrator.ts');
  await migrate(a);
  return { dbs: [a, b], teardown: () => schema.drop() };
}

for (const [engine, setupFn, skip] of [
  ['PGlite', pglite, false],
  ['PostgreSQL', postgres, !POSTGRES_URL],
] as const) {
  describe.skipIf(skip)(`token service on ${engine}`, () => {
    let setup: Setup;
    let clock: ReturnType<typeof manualClock>;
    let intuit: ReturnType<typeof fakeIntuitAuth>;
    let services: TokenService[];
    const cipher = createTokenCipher(keys);

    async function seedConnection() {
      const code = intuit.grantCode(REALM);
      const tokens = await intuit.auth.exchangeCode({ code, realmId: REALM, state: 's' });
      if (!tokens.ok) throw new Error('seed failed');
      await connectionStore.saveConnected(setup.dbs[0] as Database, {
        tenantId: TENANT,
        realmId: REALM,
        companyName: 'Summit',
        connectedBy: 'usr_olivia',
        now: new Date(clock.now()),
        ...encryptTokens(cipher, tokens.value, clock.now(), {
          access: tokenContext.access(TENANT),
          refresh: tokenContext.refresh(TENANT),
        }),
      });
      return tokens.value;
    }

    beforeEach(async () => {
      setup = await setupFn();
      clock = manualClock();
      intuit = fakeIntuitAuth({ refreshDelayMs: 30 });
      services = setup.dbs.map((db, i) =>
        createTokenService({
          db,
          cipher,
          intuit: intuit.auth,
          clock,
          logger: createLogger({ level: 'silent' }),
          instanceId: `instance-${i}`,
          pollMs: 10,
        }),
      );
    });
    afterEach(async () => {
      await setup.teardown();
    });

    it('hands out the stored access token while it has more than 5 minutes left', async () => {
      const seeded = await seedConnection();
      clock.advance(54 * 60 * 1000);
      const result = await services[0]?.getAccessToken(TENANT);
      expect(result).toMatchObject({ ok: true, value: { accessToken: seeded.accessToken, realmId: REALM } });
      expect(intuit.calls.refresh).toBe(0);
    });

    it('refreshes once for many parallel callers across two instances, and commits the rotated refresh token', async () => {
      const seeded = await seedConnection();
      clock.advance(56 * 60 * 1000);
      const results = await Promise.all(
        Array.from({ length: 40 }, (_, i) => (services[i % 2] as TokenService).getAccessToken(TENANT)),
      );
      expect(intuit.calls.refresh).toBe(1);
      const tokens = new Set(results.map((r) => (r.ok ? r.value.accessToken : `fail:${r.error.code}`)));
      expect(tokens.size).toBe(1);
      const [token] = [...tokens];
      expect(token).not.toBe(seeded.accessToken);
      expect(intuit.isAccessLive(token as string)).toBe(true);
      const row = await connectionStore.get(setup.dbs[0] as Database, TENANT);
      const storedRefresh = cipher.decrypt(row?.refreshTokenEnc as string, tokenContext.refresh(TENANT));
      expect(intuit.liveRefreshTokens()).toEqual([storedRefresh]);
      expect(row?.refreshLeaseOwner).toBeNull();
    });

    it('moves to needs_reconnect on invalid_grant, audits it once, and stops refreshing', async () => {
      await seedConnection();
      clock.advance(60 * 60 * 1000);
      intuit.failNext('refresh', { kind: 'invalid_grant', message: 'invalid_grant', status: 400 });
      const first = await services[0]?.getAccessToken(TENANT);
      expect(first).toMatchObject({ ok: false, error: { code: 'qbo_reauth_required' } });
      const again = await services[1]?.getAccessToken(TENANT);
      expect(again).toMatchObject({ ok: false, error: { code: 'qbo_reauth_required' } });
      expect(intuit.calls.refresh).toBe(1);
      expect(await services[0]?.connectionHealth(TENANT)).toMatchObject({ state: 'needs_reconnect' });
      const audit = await auditStore.list(setup.dbs[0] as Database, TENANT);
      expect(audit.map((a) => a.action)).toEqual(['needs_reconnect']);
    });

    it('stays connected when Intuit is unreachable, and succeeds on the next try', async () => {
      await seedConnection();
      clock.advance(60 * 60 * 1000);
      intuit.failNext('refresh', { kind: 'unavailable', message: 'down' });
      expect(await services[0]?.getAccessToken(TENANT)).toMatchObject({
        ok: false,
        error: { code: 'qbo_unavailable' },
      });
      expect(await services[0]?.connectionHealth(TENANT)).toMatchObject({ state: 'connected' });
      expect((await services[1]?.getAccessToken(TENANT))?.ok).toBe(true);
    });

    it('refreshes a token QuickBooks rejected once, however many callers report it', async () => {
      const seeded = await seedConnection();
      const results = await Promise.all(
        Array.from({ length: 10 }, (_, i) =>
          (services[i % 2] as TokenService).getAccessToken(TENANT, { rejectedToken: seeded.accessToken }),
        ),
      );
      expect(intuit.calls.refresh).toBe(1);
      expect(new Set(results.map((r) => r.ok && r.value.accessToken)).size).toBe(1);
    });

    it('keeps idle refresh tokens rolling: refreshes those not refreshed for 24 hours', async () => {
      await seedConnection();
      clock.advance(23 * 60 * 60 * 1000);
      expect(await services[0]?.refreshStale()).toEqual({ refreshed: 0, failed: 0 });
      clock.advance(2 * 60 * 60 * 1000);
      expect(await services[0]?.refreshStale()).toEqual({ refreshed: 1, failed: 0 });
      expect(intuit.calls.refresh).toBe(1);
    });

    it('re-encrypts tokens written under an older key', async () => {
      await seedConnection();
      const rotated = createTokenService({
        db: setup.dbs[0] as Database,
        cipher: createTokenCipher([{ kid: 'k2', key: Buffer.alloc(32, 2) }, ...keys]),
        intuit: intuit.auth,
        clock,
        logger: createLogger({ level: 'silent' }),
        instanceId: 'rotated',
      });
      expect(await rotated.reencryptOldKeys()).toBe(1);
      const row = await connectionStore.get(setup.dbs[0] as Database, TENANT);
      expect(row?.keyId).toBe('k2');
      expect(row?.accessTokenEnc?.startsWith('v1.k2.')).toBe(true);
      expect((await rotated.getAccessToken(TENANT)).ok).toBe(true);
    });
  });
}
