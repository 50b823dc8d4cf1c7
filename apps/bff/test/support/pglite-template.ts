import { PGlite } from '@electric-sql/pglite';
import { pgliteDatabase } from '../../src/adapters/pglite-database.ts';
import { migrate } from '../../src/db/migrator.ts';
import type { Database } from '../../src/ports/database.ts';

// A fresh PGlite costs seconds and hundreds of MB; a migrated template is built once per test file
// (worker) and every test database starts from its dump (~0.4 s).
let template: Promise<Blob> | undefined;

async function buildTemplate(): Promise<Blob> {
  const db = await PGlite.create();
  try {
    await migrate(pgliteDatabase(db));
    return await db.dumpDataDir('none');
  } finally {
    await db.close();
  }
}

/** A migrated, empty, in-memory database. Close it (or the BFF that owns it) when done. */
export async function freshPglite(): Promise<Database> {
  template ??= buildTemplate();
  const db = await PGlite.create({ loadDataDir: await template });
  return pgliteDatabase(db);
}
