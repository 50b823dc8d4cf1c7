import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { freshPglite } from '../../test/support/pglite-template.ts';
import { manualClock } from '../../test/support/fakes.ts';
import type { Database } from '../ports/database.ts';
import { syncStore } from '../stores/sync-store.ts';
import { verifyExoservaSignature } from './exoserva-events.service.ts';
import { createQboRateLimiter } from './qbo-rate-limiter.ts';
import { customerChangesOf, verifyIntuitSignature } from './sync.service.ts';
import { signEvent } from '@exoserva/exoserva-sandbox';
import { intuitSignature } from '@exoserva/qbo-sandbox';

let db: Database;
beforeEach(async () => {
  db = await freshPglite();
  await db.query(
    `INSERT INTO connections (tenant_id, realm_id, status) VALUES ('t1', 'r1', 'connected'), ('t2', 'r2', 'needs_reconnect')`,
  );
  await db.query(`INSERT INTO integration_settings (tenant_id, auto_sync) VALUES ('t1', true), ('t2', true)`);
});
afterEach(async () => {
  await db.close();
});

const key = (recordId: string) => ({ tenantId: 't1', kind: 'customer' as const, recordId });

describe('the work queue', () => {
  it('hands a due row to one worker only, and to another once the lease has run out', async () => {
    const now = new Date('2026-11-24T12:00:00Z');
    await syncStore.enqueue(db, { tenantId: 't1', kind: 'customer', recordId: 'c1', version: 1, now });
    const lease = new Date(now.getTime() + 1000);
    const a = await syncStore.claim(db, { owner: 'a', now, leaseUntil: lease, limit: 10 });
    const b = await syncStore.claim(db, { owner: 'b', now, leaseUntil: lease, limit: 10 });
    expect(a.map((r) => r.recordId)).toEqual(['c1']);
    expect(b).toEqual([]);
    const later = new Date(now.getTime() + 1001);
    const c = await syncStore.claim(db, {
      owner: 'c',
      now: later,
      leaseUntil: new Date(later.getTime() + 1000),
      limit: 10,
    });
    expect(c.map((r) => [r.recordId, r.claims])).toEqual([['c1', 2]]);
    // The crashed worker's late completion changes nothing: the lease is c's now.
    expect(
      await db.transaction((tx) => syncStore.complete(tx, key('c1'), 'a', a[0]!.generation, later)),
    ).toBe(false);
    expect(
      await db.transaction((tx) => syncStore.complete(tx, key('c1'), 'c', c[0]!.generation, later)),
    ).toBe(true);
  });

  it('keeps a row pending when a newer event arrived while a worker held it', async () => {
    const now = new Date('2026-11-24T12:00:00Z');
    await syncStore.enqueue(db, { tenantId: 't1', kind: 'customer', recordId: 'c1', version: 1, now });
    const [row] = await syncStore.claim(db, {
      owner: 'a',
      now,
      leaseUntil: new Date(now.getTime() + 5000),
      limit: 1,
    });
    await syncStore.enqueue(db, { tenantId: 't1', kind: 'customer', recordId: 'c1', version: 2, now });
    await db.transaction((tx) => syncStore.complete(tx, key('c1'), 'a', row!.generation, now));
    const { rows } = await db.query<{ state: string; min_version: number }>(
      'SELECT state, min_version FROM sync_work',
    );
    expect(rows).toEqual([{ state: 'pending', min_version: 2 }]);
  });

  it('serves nothing of a tenant whose connection needs a reconnect, nor of one with auto-sync off unless asked', async () => {
    const now = new Date('2026-11-24T12:00:00Z');
    await syncStore.enqueue(db, { tenantId: 't2', kind: 'customer', recordId: 'x', version: 1, now });
    await db.query(`UPDATE integration_settings SET auto_sync = false WHERE tenant_id = 't1'`);
    await syncStore.enqueue(db, { tenantId: 't1', kind: 'invoice', recordId: 'i1', version: 1, now });
    const claim = () =>
      syncStore.claim(db, { owner: 'a', now, leaseUntil: new Date(now.getTime() + 1000), limit: 10 });
    expect(await claim()).toEqual([]);
    expect(await syncStore.runNow(db, 't1', now)).toBe(1);
    expect((await claim()).map((r) => r.recordId)).toEqual(['i1']);
  });

  it('claims customers before invoices before payments', async () => {
    const now = new Date('2026-11-24T12:00:00Z');
    await syncStore.enqueue(db, { tenantId: 't1', kind: 'payment', recordId: 'p', version: 1, now });
    await syncStore.enqueue(db, { tenantId: 't1', kind: 'invoice', recordId: 'i', version: 1, now });
    await syncStore.enqueue(db, { tenantId: 't1', kind: 'customer', recordId: 'c', version: 1, now });
    const rows = await syncStore.claim(db, {
      owner: 'a',
      now,
      leaseUntil: new Date(now.getTime() + 1000),
      limit: 10,
    });
    expect(rows.map((r) => r.kind)).toEqual(['customer', 'invoice', 'payment']);
  });
});

describe('the QuickBooks rate limiter', () => {
  it('admits at most the per-second limit and says how long until the window moves', async () => {
    const clock = manualClock(1_000_000);
    const limiter = createQboRateLimiter({
      db,
      clock,
      limits: { perSecond: 3, perMinute: 100, concurrent: 10, batchPerMinute: 2 },
    });
    for (let i = 0; i < 3; i++) expect('release' in (await limiter.tryAcquire('r1'))).toBe(true);
    const refused = await limiter.tryAcquire('r1');
    expect(refused).toMatchObject({ limit: 'perSecond' });
    expect((refused as { retryInMs: number }).retryInMs).toBeGreaterThan(0);
    expect('release' in (await limiter.tryAcquire('r2'))).toBe(true); // another company has its own windows
    clock.advance(1001);
    expect('release' in (await limiter.tryAcquire('r1'))).toBe(true);
  });

  it('holds concurrency until slots are released, and counts batches per minute', async () => {
    const clock = manualClock(2_000_000);
    const limiter = createQboRateLimiter({
      db,
      clock,
      limits: { perSecond: 100, perMinute: 100, concurrent: 2, batchPerMinute: 1 },
    });
    const a = await limiter.tryAcquire('r1');
    const b = await limiter.tryAcquire('r1');
    expect(await limiter.tryAcquire('r1')).toMatchObject({ limit: 'concurrent' });
    if ('release' in a) await a.release();
    if ('release' in b) await b.release();
    const batch = await limiter.tryAcquire('r1', { batch: true });
    expect('release' in batch).toBe(true);
    if ('release' in batch) await batch.release();
    expect(await limiter.tryAcquire('r1', { batch: true })).toMatchObject({ limit: 'batchPerMinute' });
    expect('release' in (await limiter.tryAcquire('r1'))).toBe(true); // single requests still go
  });

  it('never lets the per-minute budget be exceeded by several limiters sharing the database', async () => {
    const clock = manualClock(3_000_000);
    const limits = { perSecond: 1000, perMinute: 20, concurrent: 1000, batchPerMinute: 5 };
    const limiters = [1, 2, 3].map(() => createQboRateLimiter({ db, clock, limits }));
    const results = await Promise.all(
      Array.from({ length: 60 }, (_, i) => limiters[i % 3]!.tryAcquire('r1')),
    );
    expect(results.filter((r) => 'release' in r)).toHaveLength(20);
  });
});

describe('signatures', () => {
  const body = '{"id":"evt_1"}';
  const now = 1_800_000_000_000;
  const t = now / 1000;
  it('accepts a fresh Exoserva signature and refuses stale, future, forged and malformed ones', () => {
    expect(
      verifyExoservaSignature(signEvent('s3cret-0123456789', t, body), body, ['s3cret-0123456789'], now),
    ).toEqual({ ok: true });
    expect(
      verifyExoservaSignature(
        signEvent('old-0123456789', t, body),
        body,
        ['new-0123456789', 'old-0123456789'],
        now,
      ),
    ).toEqual({ ok: true });
    expect(
      verifyExoservaSignature(
        signEvent('s3cret-0123456789', t - 301, body),
        body,
        ['s3cret-0123456789'],
        now,
      ),
    ).toEqual({ ok: false, reason: 'stale' });
    expect(
      verifyExoservaSignature(
        signEvent('s3cret-0123456789', t + 301, body),
        body,
        ['s3cret-0123456789'],
        now,
      ),
    ).toEqual({ ok: false, reason: 'stale' });
    expect(
      verifyExoservaSignature(signEvent('other-0123456789', t, body), body, ['s3cret-0123456789'], now),
    ).toEqual({ ok: false, reason: 'mismatch' });
    expect(verifyExoservaSignature(`t=${t},v1=zz`, body, ['s3cret-0123456789'], now)).toEqual({
      ok: false,
      reason: 'malformed',
    });
    expect(verifyExoservaSignature(undefined, body, ['s3cret-0123456789'], now)).toEqual({
      ok: false,
      reason: 'missing',
    });
  });

  it('verifies intuit-signature and reads customer changes from both webhook formats', () => {
    const legacy = {
      eventNotifications: [
        {
          realmId: 'r1',
          dataChangeEvent: {
            entities: [
              { name: 'Customer', id: '5', operation: 'Update' },
              { name: 'Invoice', id: '9', operation: 'Create' },
            ],
          },
        },
      ],
    };
    const raw = JSON.stringify(legacy);
    expect(verifyIntuitSignature(intuitSignature('verifier', raw), raw, 'verifier')).toBe(true);
    expect(verifyIntuitSignature(intuitSignature('other', raw), raw, 'verifier')).toBe(false);
    expect(verifyIntuitSignature('not base64 at all', raw, 'verifier')).toBe(false);
    expect(customerChangesOf(legacy)).toEqual([{ realmId: 'r1', id: '5', operation: 'Update' }]);
    expect(
      customerChangesOf([
        { specversion: '1.0', type: 'qbo.customer.created.v1', intuitentityid: '7', intuitaccountid: 'r1' },
        { specversion: '1.0', type: 'qbo.invoice.created.v1', intuitentityid: '8', intuitaccountid: 'r1' },
      ]),
    ).toEqual([{ realmId: 'r1', id: '7', operation: 'created' }]);
  });
});
