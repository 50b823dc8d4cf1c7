import { mkdir } from 'node:fs/promises';
import { PGlite } from '@electric-sql/pglite';
import type { Database, Queryable } from '../ports/database.ts';

function wrap(q: Pick<PGlite, 'query' | 'exec'>): Queryable {
  return {
    async query<Row>(sql: string, params: unknown[] = []) {
      const res = await q.query<Row>(sql, params);
      return { rows: res.rows, rowCount: res.affectedRows ?? res.rows.length };
    },
    async exec(sql: string) {
      await q.exec(sql);
    },
  };
}

export function pgliteDatabase(db: PGlite): Database {
  const base = wrap(db);
  return {
    engine: 'pglite',
    ...base,
    transaction: (fn) => db.transaction((tx) => fn(wrap(tx))),
    close: async () => {
      if (!db.closed) await db.close();
    },
  };
}

/**
 * PostgreSQL's default 128MB of shared buffers live inside PGlite's WebAssembly heap, so they are resident memory
 * of the BFF itself (≈ 90 MB more than this, measured: BENCHMARKS.md, BFF memory). The embedded database is one
 * tenant-sized set of tables on a local disk whose pages the OS caches anyway; 32MB holds its working set.
 */
const PGLITE_SHARED_BUFFERS = '32MB';

/**
 * Embedded PostgreSQL: a data folder on disk (kept between restarts), or `memory://` for a throwaway one.
 * `loadDataDir` starts from a dump (tests build databases from a migrated template this way).
 */
export async function openPgliteDatabase(options: {
  dataDir?: string;
  loadDataDir?: Blob;
}): Promise<Database> {
  const dataDir = options.dataDir && options.dataDir !== 'memory://' ? options.dataDir : undefined;
  if (dataDir) await mkdir(dataDir, { recursive: true });
  const db = await PGlite.create({
    startParams: [...PGlite.defaultStartParams, '-c', `shared_buffers=${PGLITE_SHARED_BUFFERS}`],
    ...(dataDir ? { dataDir } : {}),
    ...(options.loadDataDir ? { loadDataDir: options.loadDataDir } : {}),
  });
  return pgliteDatabase(db);
}
