/**
 * The shared Intuit limiter under real concurrency: several instances (each its own connection pool) asking
 * for the last slots of one company at the same moment. On PGlite (one connection: the calls take turns),
 * and on PostgreSQL when DATABASE_URL is set — where the race is real.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { migrate } from '../db/migrator.ts';
import type { Database } from '../ports/database.ts';
import { freshPglite } from '../../test/support/pglite-template.ts';
import { createPostgresSchema, POSTGRES_URL } from '../../test/support/postgres.ts';
import { qboRateStore, type RateLimits } from './qbo-rate-store.ts';

const engines = [
  {
    name: 'PGlite',
    skip: false,
    async open(): Promise<{ instances: Database[]; drop(): Promise<void> }> {
      const db = await freshPglite();
      return { instances: [db, db, db], drop: () => db.close() };
    },
  },
  {
    name: 'PostgreSQL',
    skip: !POSTGRES_URL,
    async open(): Promise<{ instances: Database[]; drop(): Promise<void> }> {
      const schema = await createPostgresSchema(POSTGRES_URL as string);
      const first = schema.open();
      await migrate(first);
      return { instances: [first, schema.open(), schema.open()], drop: () => schema.drop() };
    },
  },
];

describe.each(engines)('admitting calls to one company from several instances ($name)', ({ skip, open }) => {
  let drop: (() => Promise<void>) | undefined;
  afterEach(async () => {
    await drop?.();
    drop = undefined;
  });

  const limits: RateLimits = { perSecond: 1000, perMinute: 20, concurrent: 1000, batchPerMinute: 5 };
  const admit = (db: Database, i: number, nowMs: number, batch = false) =>
    qboRateStore.tryAdmit(db, {
      realmId: 'r1',
      callId: `call_${i}`,
      batch,
      nowMs,
      inFlightMs: 45_000,
      limits,
    });

  it.skipIf(skip)('admits exactly the per-minute budget when 60 calls race for it', async () => {
    const { instances, drop: d } = await open();
    drop = d;
    const results = await Promise.all(
      Array.from({ length: 60 }, (_, i) => admit(instances[i % 3] as Database, i, 5_000_000)),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(20);
    const refused = results.filter((r) => !r.ok);
    expect(refused.every((r) => !r.ok && r.limit === 'perMinute' && r.retryInMs > 59_000)).toBe(true);
    // A minute later the window has moved: calls are admitted again.
    expect(await admit(instances[1] as Database, 100, 5_060_001)).toEqual({ ok: true });
  });

  it.skipIf(skip)('counts batches apart and holds concurrency until a call is released', async () => {
    const { instances, drop: d } = await open();
    drop = d;
    const db = instances[0] as Database;
    const batches = await Promise.all(Array.from({ length: 8 }, (_, i) => admit(db, i, 7_000_000, true)));
    expect(batches.filter((r) => r.ok)).toHaveLength(5);
    expect(batches.find((r) => !r.ok)).toMatchObject({ limit: 'batchPerMinute' });
    const tight = { ...limits, concurrent: 1 };
    const one = await qboRateStore.tryAdmit(db, {
      realmId: 'r2',
      callId: 'only',
      batch: false,
      nowMs: 7_000_000,
      inFlightMs: 45_000,
      limits: tight,
    });
    expect(one).toEqual({ ok: true });
    const second = {
      realmId: 'r2',
      callId: 'next',
      batch: false,
      nowMs: 7_000_010,
      inFlightMs: 45_000,
      limits: tight,
    };
    expect(await qboRateStore.tryAdmit(instances[2] as Database, second)).toMatchObject({
      ok: false,
      limit: 'concurrent',
    });
    await qboRateStore.release(db, 'r2', 'only');
    expect(await qboRateStore.tryAdmit(instances[2] as Database, second)).toEqual({ ok: true });
  });
});
