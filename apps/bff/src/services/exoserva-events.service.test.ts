import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshPglite } from '../../test/support/pglite-template.ts';
import { createLogger } from '../logging/logger.ts';
import type { Database } from '../ports/database.ts';
import { deadLetterStore } from '../stores/dead-letter-store.ts';
import { createExoservaEventsService } from './exoserva-events.service.ts';

const SECRET = 'event-secret-for-this-test-0123456789';
const NOW = Date.UTC(2026, 11, 7, 12);
const sign = (body: string) => {
  const t = Math.floor(NOW / 1000);
  return `t=${t},v1=${createHmac('sha256', SECRET).update(`${t}.${body}`).digest('hex')}`;
};
const event = (overrides: Record<string, unknown> = {}) =>
  JSON.stringify({
    id: 'evt_1',
    type: 'invoice.created',
    tenantId: 'ten_summit',
    occurredAt: '2026-12-07T11:59:00Z',
    data: { objectId: 'inv_1', objectVersion: 1 },
    ...overrides,
  });

let db: Database;
const lines: string[] = [];
beforeAll(async () => {
  db = await freshPglite();
});
afterAll(async () => {
  await db.close();
});

/** The receiver over a database whose event insert fails with `code` (what PostgreSQL would answer). */
function receiverFailingWith(code: string | undefined) {
  const failing: Database = {
    ...db,
    query: async (sql, params) => {
      if (sql.includes('INSERT INTO exo_events'))
        throw Object.assign(new Error('value out of range'), { code });
      return db.query(sql, params);
    },
  } as Database;
  return createExoservaEventsService({
    db: failing,
    clock: { now: () => NOW },
    logger: createLogger({ level: 'info', sink: (l) => lines.push(l) }),
    secrets: [SECRET],
  });
}

describe('the Exoserva event receiver after the signature holds', () => {
  it('keeps an event the store refuses for good (a PostgreSQL data error) and answers once, never a 5xx', async () => {
    const body = event();
    const before = await deadLetterStore.count(db);
    const res = await receiverFailingWith('22003').receive({ signature: sign(body), rawBody: body });
    expect(res).toEqual({ ok: true, value: { received: true, duplicate: false } });
    expect(await deadLetterStore.count(db)).toBe(before + 1);
    const [kept] = await deadLetterStore.recent(db, 1);
    expect(kept).toMatchObject({
      reason: 'store_failed',
      eventId: 'evt_1',
      tenantId: 'ten_summit',
      detail: { code: '22003' },
      body,
    });
    expect(lines.some((l) => l.includes('exoserva.event_dead_lettered'))).toBe(true);
  });

  it('lets a failure a retry may cure (a lost connection) reach the platform, which resends', async () => {
    const body = event({ id: 'evt_2' });
    const before = await deadLetterStore.count(db);
    await expect(
      receiverFailingWith(undefined).receive({ signature: sign(body), rawBody: body }),
    ).rejects.toThrow('value out of range');
    await expect(
      receiverFailingWith('08006').receive({ signature: sign(body), rawBody: body }),
    ).rejects.toThrow();
    expect(await deadLetterStore.count(db)).toBe(before);
  });

  it('keeps a signed event that fails the schema, readable even with a NUL in it, and refuses it with a 400', async () => {
    // A raw NUL (not JSON at all), then a version no PostgreSQL integer holds.
    const nul = event({ id: 'evt_3' }).replace('evt_3', 'evt_\u0000');
    expect((await receiverFailingWith('22003').receive({ signature: sign(nul), rawBody: nul })).ok).toBe(
      false,
    );
    expect((await deadLetterStore.recent(db, 1))[0]?.body).toContain('evt_\ufffd');
    const body = event({ id: 'evt_4', data: { objectId: 'inv_1', objectVersion: 2_147_483_648 } });
    const res = await receiverFailingWith('22003').receive({ signature: sign(body), rawBody: body });
    expect(res.ok).toBe(false);
    const [kept] = await deadLetterStore.recent(db, 1);
    expect(kept).toMatchObject({ reason: 'invalid', eventId: 'evt_4' });
    expect(JSON.stringify(kept?.detail)).toContain('objectVersion');
  });
});
