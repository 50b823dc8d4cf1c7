import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openPostgresDatabase } from '../../src/adapters/postgres-database.ts';
import type { Database } from '../../src/ports/database.ts';

export const POSTGRES_URL = process.env.DATABASE_URL;

/**
 * A private schema on the PostgreSQL server in DATABASE_URL, so parallel and repeated runs never collide.
 * `open()` gives pools pinned to it (several, to play several BFF instances); `drop()` removes it.
 */
export async function createPostgresSchema(url: string): Promise<{
  schema: string;
  open(): Database;
  drop(): Promise<void>;
}> {
  const schema = `bff_test_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    await admin.query(`CREATE SCHEMA ${schema}`);
  } finally {
    await admin.end();
  }
  const opened: Database[] = [];
  return {
    schema,
    open() {
      const db = openPostgresDatabase({ url, schema, max: 5 });
      opened.push(db);
      return db;
    },
    async drop() {
      await Promise.all(opened.map((d) => d.close().catch(() => undefined)));
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      try {
        await c.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      } finally {
        await c.end();
      }
    },
  };
}
