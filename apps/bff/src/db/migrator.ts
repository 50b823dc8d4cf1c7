import { readdir, readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Database } from '../ports/database.ts';

export const MIGRATIONS_DIR = join(dirname(fileURLToPath(import.meta.url)), 'migrations');

// Any constant works; it only has to be the same for every BFF instance sharing a database.
const MIGRATION_LOCK_KEY = 4_711_202_611;

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

const FILE = /^(\d{3})-([a-z0-9-]+)\.sql$/;

export async function loadMigrations(dir = MIGRATIONS_DIR): Promise<Migration[]> {
  const files = (await readdir(dir)).filter((f) => f.endsWith('.sql')).sort();
  const migrations: Migration[] = [];
  for (const file of files) {
    const match = FILE.exec(file);
    if (!match) throw new Error(`Migration file ${file} is not named NNN-name.sql`);
    migrations.push({
      version: Number(match[1]),
      name: match[2] as string,
      sql: await readFile(join(dir, file), 'utf8'),
    });
  }
  const versions = new Set(migrations.map((m) => m.version));
  if (versions.size !== migrations.length) throw new Error('Two migrations share a version number');
  return migrations;
}

/**
 * Applies every migration not yet recorded in `schema_migrations`, in one transaction that first takes a
 * transaction-scoped advisory lock: several instances starting together run them once, the others wait
 * and then find nothing to do. Returns the versions this call applied.
 */
export async function migrate(db: Database, migrations?: Migration[]): Promise<number[]> {
  const all = migrations ?? (await loadMigrations());
  return db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK_KEY]);
    await tx.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version integer PRIMARY KEY,
      name text NOT NULL,
      applied_at timestamptz NOT NULL DEFAULT now()
    )`);
    const { rows } = await tx.query<{ version: number }>('SELECT version FROM schema_migrations');
    const applied = new Set(rows.map((r) => Number(r.version)));
    const done: number[] = [];
    for (const m of all) {
      if (applied.has(m.version)) continue;
      await tx.exec(m.sql);
      await tx.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [m.version, m.name]);
      done.push(m.version);
    }
    return done;
  });
}

/** For /readyz: is the database reachable and is every known migration applied? */
export async function migrationStatus(
  db: Database,
  migrations?: Migration[],
): Promise<{ ok: boolean; detail: string }> {
  const all = migrations ?? (await loadMigrations());
  const table = await db.query<{ t: string | null }>("SELECT to_regclass('schema_migrations')::text AS t");
  if (!table.rows[0]?.t) return { ok: false, detail: 'no migrations applied' };
  const { rows } = await db.query<{ version: number }>('SELECT version FROM schema_migrations');
  const applied = new Set(rows.map((r) => Number(r.version)));
  // Every known migration must be applied, not just the newest: a gap means a half-migrated schema.
  const missing = all.filter((m) => !applied.has(m.version)).map((m) => m.version);
  return missing.length === 0
    ? { ok: true, detail: `schema version ${Math.max(0, ...applied)}` }
    : { ok: false, detail: `migrations not applied: ${missing.join(', ')}` };
}
