import type { Queryable } from '../ports/database.ts';

/** What the operator sees of an event the BFF could not take. */
export interface DeadLetter {
  id: number;
  receivedAt: string;
  source: 'exoserva';
  /** `invalid`: signed, but not a valid event; `store_failed`: the store refused it (a bug to look at). */
  reason: 'invalid' | 'store_failed';
  eventId: string | null;
  tenantId: string | null;
  detail: Record<string, unknown>;
  /** The body as received, cut at BODY_LIMIT characters. */
  body: string;
}

/** Enough of a body to see what was wrong with it; the request limit bounds the rest anyway. */
export const BODY_LIMIT = 8 * 1024;

// PostgreSQL text holds neither NUL nor an unpaired surrogate: keep the body readable, not byte-exact.
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
const storable = (s: string) =>
  s.slice(0, BODY_LIMIT).replaceAll('\u0000', '\ufffd').replace(LONE_SURROGATE, '\ufffd');
const field = (v: unknown) => (typeof v === 'string' && v.length > 0 ? storable(v).slice(0, 200) : null);

/** SQL for event_dead_letters (016). */
export const deadLetterStore = {
  async add(
    q: Queryable,
    row: Omit<DeadLetter, 'id' | 'receivedAt' | 'eventId' | 'tenantId'> & {
      at: Date;
      /** The parsed body if it parsed: its id and tenant are copied out when they are strings. */
      parsed: unknown;
    },
  ): Promise<void> {
    const p = (row.parsed ?? {}) as { id?: unknown; tenantId?: unknown };
    await q.query(
      `INSERT INTO event_dead_letters (received_at, source, reason, event_id, tenant_id, detail, body)
       VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7)`,
      [
        row.at,
        row.source,
        row.reason,
        field(p.id),
        field(p.tenantId),
        JSON.stringify(row.detail, (_k, v: unknown) => (typeof v === 'string' ? storable(v) : v)),
        storable(row.body),
      ],
    );
  },

  async recent(q: Queryable, limit = 100): Promise<DeadLetter[]> {
    const { rows } = await q.query<Record<string, unknown>>(
      `SELECT * FROM event_dead_letters ORDER BY received_at DESC, id DESC LIMIT $1`,
      [limit],
    );
    return rows.map((r) => ({
      id: Number(r.id),
      receivedAt: (r.received_at instanceof Date
        ? r.received_at
        : new Date(String(r.received_at))
      ).toISOString(),
      source: 'exoserva',
      reason: String(r.reason) as DeadLetter['reason'],
      eventId: r.event_id === null ? null : String(r.event_id),
      tenantId: r.tenant_id === null ? null : String(r.tenant_id),
      detail: (typeof r.detail === 'string' ? JSON.parse(r.detail) : r.detail) as Record<string, unknown>,
      body: String(r.body),
    }));
  },

  async count(q: Queryable): Promise<number> {
    const { rows } = await q.query<{ n: number | string }>('SELECT count(*) AS n FROM event_dead_letters');
    return Number(rows[0]?.n ?? 0);
  },
};
