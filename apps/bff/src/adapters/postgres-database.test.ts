/**
 * Prepared statements on a real PostgreSQL server (DATABASE_URL): named once per connection, left off for
 * statements whose columns follow the table, and still working when a newer instance's migration adds a column
 * while this one's statements are prepared (forward-only migrations, old instances draining: docs/adr/0010).
 */
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import type { Database } from '../ports/database.ts';
import { POSTGRES_URL } from '../../test/support/postgres.ts';
import { createPostgresSchema } from '../../test/support/postgres.ts';
import { openPostgresDatabase } from './postgres-database.ts';

if (!POSTGRES_URL)
  console.warn('postgres-database.test.ts: skipped — set DATABASE_URL to run it on PostgreSQL');

const prepared = async (db: Database) =>
  (
    await db.query<{ name: string; statement: string }>(
      // This query is prepared too: left out.
      `SELECT name, statement FROM pg_prepared_statements
        WHERE name LIKE 'exq\\_%' AND statement NOT LIKE '%pg_prepared_statements%' ORDER BY statement`,
    )
  ).rows;

describe.skipIf(!POSTGRES_URL)('PostgreSQL statements, prepared', () => {
  let cleanup: (() => Promise<void>) | undefined;
  afterEach(async () => {
    await cleanup?.();
    cleanup = undefined;
  });

  /** One connection (max 1), so what it prepared is what pg_prepared_statements shows. */
  async function oneConnection(prepare?: boolean) {
    const schema = await createPostgresSchema(POSTGRES_URL as string);
    const db = openPostgresDatabase({
      url: POSTGRES_URL as string,
      schema: schema.schema,
      max: 1,
      ...(prepare === undefined ? {} : { prepare }),
    });
    const admin = new pg.Client({
      connectionString: POSTGRES_URL,
      options: `-c search_path=${schema.schema}`,
    });
    await admin.connect();
    await admin.query('CREATE TABLE work (id int PRIMARY KEY, state text NOT NULL)');
    await admin.query(`INSERT INTO work VALUES (1, 'pending'), (2, 'done')`);
    cleanup = async () => {
      await db.close();
      await admin.end();
      await schema.drop();
    };
    return { db, admin };
  }

  it('prepares a statement once per connection, and leaves SELECT *, RETURNING * and generated many-row statements unnamed', async () => {
    const { db } = await oneConnection();
    for (let i = 0; i < 3; i++) {
      const { rows } = await db.query<{ n: string }>('SELECT count(*) AS n FROM work WHERE state = $1', [
        'pending',
      ]);
      expect(Number(rows[0]?.n)).toBe(1);
    }
    await db.query('SELECT * FROM work WHERE id = $1', [1]);
    await db.query(`UPDATE work SET state = $2 WHERE id = $1 RETURNING *`, [2, 'done']);
    // A generated multi-row write (its text changes with the row count): left unnamed.
    const ids = Array.from({ length: 41 }, (_, i) => 100 + i);
    await db.query(
      `SELECT count(*) AS n FROM work WHERE id IN (${ids.map((_, i) => `$${i + 1}`).join(', ')})`,
      ids,
    );
    await db.transaction(async (tx) => {
      await tx.query('UPDATE work SET state = $2 WHERE id = $1', [1, 'pending']);
    });
    expect((await prepared(db)).map((p) => p.statement)).toEqual([
      'SELECT count(*) AS n FROM work WHERE state = $1',
      'UPDATE work SET state = $2 WHERE id = $1',
    ]);
  });

  it('keeps answering when a migration adds a column while its statements are prepared', async () => {
    const { db, admin } = await oneConnection();
    const byState = 'SELECT id, state FROM work WHERE state = $1 ORDER BY id';
    expect((await db.query(byState, ['pending'])).rows).toEqual([{ id: 1, state: 'pending' }]);
    expect((await db.query('SELECT * FROM work WHERE id = $1', [1])).rows).toEqual([
      { id: 1, state: 'pending' },
    ]);
    // A newer instance migrates while this one runs.
    await admin.query('ALTER TABLE work ADD COLUMN priority int NOT NULL DEFAULT 0');
    expect((await db.query(byState, ['pending'])).rows).toEqual([{ id: 1, state: 'pending' }]);
    expect((await db.query('SELECT * FROM work WHERE id = $1', [1])).rows).toEqual([
      { id: 1, state: 'pending', priority: 0 },
    ]);
  });

  it('prepares nothing when told not to (a pooler that cannot keep prepared statements)', async () => {
    const { db } = await oneConnection(false);
    await db.query('SELECT count(*) AS n FROM work WHERE state = $1', ['pending']);
    await db.query('SELECT count(*) AS n FROM work WHERE state = $1', ['pending']);
    expect(await prepared(db)).toEqual([]);
  });
});
