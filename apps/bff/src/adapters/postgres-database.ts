import { createHash } from 'node:crypto';
import pg from 'pg';
import type { Database, Queryable } from '../ports/database.ts';

/**
 * Statements whose result columns follow the table (`SELECT *`, `t.*`, `RETURNING *`) stay unnamed: prepared by
 * an instance still running while a newer one migrates, they would fail with "cached plan must not change
 * result type" once a column is added. Everything else keeps its result type across the additive migrations
 * (docs/adr/0010), and PostgreSQL re-plans it by itself after a schema change. `count(*)` is not a column list.
 */
const FOLLOWS_THE_TABLE = /(SELECT|RETURNING|,)\s*(\w+\.)?\*/i;

/**
 * Only statements of up to this many parameters get a name. The per-record and per-call statements are all
 * smaller; a bigger one is a generated multi-row write (a batch's timeline or id-map rows) whose text changes with
 * the row count, and whose parse is shared by up to 30 records already — preparing each of its variants on every
 * connection would only hold server memory.
 */
const MAX_NAMED_PARAMS = 40;

/** Distinct statement texts remembered; past it (an unforeseen stream of generated SQL) new ones go unnamed. */
const MAX_NAMED = 200;

/**
 * Names a statement by a hash of its text, so every connection prepares it once and then only binds and runs it:
 * parsing and planning were most of PostgreSQL's CPU for the event receiver's statement (bench/prepared-statements.ts).
 */
function statementNamer() {
  const names = new Map<string, string | null>();
  return (sql: string, paramCount: number): string | undefined => {
    if (paramCount > MAX_NAMED_PARAMS) return undefined;
    const known = names.get(sql);
    if (known !== undefined) return known ?? undefined;
    if (names.size >= MAX_NAMED) return undefined;
    const name = FOLLOWS_THE_TABLE.test(sql)
      ? null
      : `exq_${createHash('sha256').update(sql).digest('hex').slice(0, 24)}`;
    names.set(sql, name);
    return name ?? undefined;
  };
}

function wrap(
  q: pg.Pool | pg.PoolClient,
  nameOf: ((sql: string, paramCount: number) => string | undefined) | null,
): Queryable {
  return {
    async query<Row>(sql: string, params: unknown[] = []) {
      const name = nameOf?.(sql, params.length);
      const res = name ? await q.query({ name, text: sql, values: params }) : await q.query(sql, params);
      return { rows: res.rows as Row[], rowCount: res.rowCount ?? res.rows.length };
    },
    async exec(sql: string) {
      await q.query(sql);
    },
  };
}

/**
 * A PostgreSQL server through a node-postgres pool. `schema` pins `search_path` on every connection so
 * test runs can each live in their own schema of one shared database. `prepare` (default on) names the
 * statements it can (above); turn it off behind a connection pooler that cannot keep prepared statements
 * (PgBouncer in transaction mode before 1.21, or without max_prepared_statements).
 */
export function openPostgresDatabase(options: {
  url: string;
  schema?: string;
  max?: number;
  prepare?: boolean;
}): Database {
  if (options.schema && !/^[a-z_][a-z0-9_]{0,62}$/.test(options.schema)) {
    throw new Error('schema must be a lower-case SQL identifier');
  }
  const pool = new pg.Pool({
    connectionString: options.url,
    max: options.max ?? 10,
    ...(options.schema ? { options: `-c search_path=${options.schema}` } : {}),
  });
  const nameOf = options.prepare === false ? null : statementNamer();
  // An idle client that loses its server must not crash the process; the next query reports it.
  pool.on('error', () => undefined);
  let closed = false;
  return {
    engine: 'postgres',
    ...wrap(pool, nameOf),
    async transaction(fn) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const result = await fn(wrap(client, nameOf));
        await client.query('COMMIT');
        return result;
      } catch (err) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw err;
      } finally {
        client.release();
      }
    },
    async close() {
      if (closed) return;
      closed = true;
      await pool.end();
    },
  };
}
