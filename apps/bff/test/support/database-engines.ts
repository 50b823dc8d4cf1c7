import { afterEach, beforeEach } from 'vitest';
import { migrate } from '../../src/db/migrator.ts';
import type { Database, Queryable } from '../../src/ports/database.ts';
import { freshPglite } from './pglite-template.ts';
import { createPostgresSchema, POSTGRES_URL } from './postgres.ts';

export interface DatabaseEngine {
  name: 'PGlite' | 'PostgreSQL';
  /** True when the engine is not available here (PostgreSQL without DATABASE_URL). */
  skip: boolean;
  /** A migrated, empty database and how to throw it away (after closing it). */
  open(): Promise<{ db: Database; drop(): Promise<void> }>;
}

/** For `describe.each`: persistence tests run on PGlite always, and on PostgreSQL when DATABASE_URL is set. */
export const DATABASE_ENGINES: DatabaseEngine[] = [
  {
    name: 'PGlite',
    skip: false,
    open: async () => ({ db: await freshPglite(), drop: async () => undefined }),
  },
  {
    name: 'PostgreSQL',
    skip: !POSTGRES_URL,
    async open() {
      const schema = await createPostgresSchema(POSTGRES_URL as string);
      const db = schema.open();
      await migrate(db);
      return { db, drop: () => schema.drop() };
    },
  },
];

/** A tenant whose queue the claim serves: connected to `realmId`, auto-sync on (no tokens: the claim needs none). */
export async function claimableTenant(db: Queryable, tenantId: string, realmId: string): Promise<void> {
  await db.query(`INSERT INTO connections (tenant_id, realm_id, status) VALUES ($1, $2, 'connected')`, [
    tenantId,
    realmId,
  ]);
  await db.query(`INSERT INTO integration_settings (tenant_id, auto_sync) VALUES ($1, true)`, [tenantId]);
}

/**
 * A fresh migrated database for each test of a `describe.each(DATABASE_ENGINES)` block, seeded by `seed`, closed
 * and thrown away after it. Read `.db` inside the tests (it changes per test); nothing is opened for a skipped
 * engine.
 */
export function databasePerTest(
  engine: DatabaseEngine,
  seed: (db: Database) => Promise<void> = async () => undefined,
): { readonly db: Database } {
  let opened: { db: Database; drop(): Promise<void> } | undefined;
  beforeEach(async () => {
    if (engine.skip) return;
    opened = await engine.open();
    await seed(opened.db);
  });
  afterEach(async () => {
    if (!opened) return;
    await opened.db.close();
    await opened.drop();
    opened = undefined;
  });
  return {
    get db() {
      if (!opened) throw new Error('databasePerTest: no database outside a test');
      return opened.db;
    },
  };
}
