import type {
  AuditEntry,
  BackfillCurrentResponse,
  BackfillJob,
  BackfillPreviewResponse,
  ExoCustomer,
  ExoInvoice,
} from '@exoserva/contracts';
import { afterEach, describe, expect, it } from 'vitest';
import { mappingStore } from '../src/stores/mapping-store.ts';
import { signSession } from './support/env.ts';
import { freshPglite } from './support/pglite-template.ts';
import { createPostgresSchema, POSTGRES_URL } from './support/postgres.ts';
import {
  REALM,
  startSyncWorld,
  TENANT,
  uniqueName,
  type BffInstance,
  type SyncWorld,
} from './support/sync-world.ts';

let world: SyncWorld | undefined;
let dropSchema: (() => Promise<void>) | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
  await dropSchema?.();
  dropSchema = undefined;
});

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));
async function until(check: () => Promise<boolean>, timeoutMs = 20_000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return true;
    if (Date.now() > deadline) return false;
    await pause(50);
  }
}

const OCTOBER = { from: '2026-10-01', to: '2026-10-31' };

function api(instance: BffInstance, token: string) {
  return async <T = unknown>(
    method: string,
    path: string,
    body?: unknown,
  ): Promise<{ status: number; body: T }> => {
    const res = await fetch(`${instance.url}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: res.status, body: (await res.json()) as T };
  };
}

/**
 * Records that exist in Exoserva but were never announced (made before the integration was connected): written
 * straight into the stand-in's store, so no event reaches the BFF and only a backfill brings them across.
 */
function unannounced(w: SyncWorld) {
  const store = w.exo.sandbox.records;
  return {
    customer: (displayName: string, email?: string): ExoCustomer =>
      store.createCustomer(TENANT, { displayName, ...(email ? { email } : {}) }).record,
    invoice: (customerId: string, issueDate: string, cents: number, extra: object = {}): ExoInvoice =>
      store.createInvoice(TENANT, {
        customerId,
        issueDate,
        lines: [{ kind: 'labor', description: 'Service visit', quantityMilli: 1000, unitPriceCents: cents }],
        ...extra,
      } as Parameters<typeof store.createInvoice>[1]).record,
    payment: (invoiceId: string, receivedOn: string) =>
      store.recordPayment(TENANT, invoiceId, { method: 'check', checkNumber: '1001', receivedOn }).record,
  };
}

/** Writes into the QuickBooks company as a bookkeeper would (its own API, the BFF's current token). */
async function enterInQbo(w: SyncWorld, entity: string, body: object): Promise<Record<string, unknown>> {
  const token = await w.instances[0]!.bff.services.tokens.getAccessToken(TENANT);
  if (!token.ok) throw new Error('no token');
  const res = await fetch(`${w.qbo.url}/v3/company/${REALM}/${entity.toLowerCase()}?minorversion=75`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${token.value.accessToken}`,
      'content-type': 'application/json',
      accept: 'application/json',
    },
    body: JSON.stringify(body),
  });
  const json = (await res.json()) as Record<string, Record<string, unknown>>;
  if (!res.ok) throw new Error(`${entity}: ${res.status} ${JSON.stringify(json)}`);
  return json[entity] as Record<string, unknown>;
}

async function waitForJob(
  call: ReturnType<typeof api>,
  done: (job: BackfillJob) => boolean,
  timeoutMs = 30_000,
): Promise<BackfillJob> {
  let job: BackfillJob | null = null;
  await until(async () => {
    job = (await call<BackfillCurrentResponse>('GET', '/api/v1/backfill/jobs/current')).body.job;
    return job !== null && done(job);
  }, timeoutMs);
  return job as unknown as BackfillJob;
}

const countBy = <T>(list: T[], key: (t: T) => string) => {
  const m = new Map<string, number>();
  for (const x of list) m.set(key(x), (m.get(key(x)) ?? 0) + 1);
  return m;
};

describe('backfill against both sandboxes', () => {
  it('previews a range (what QuickBooks already has is linked, not created), runs it paused and resumed, and a second run creates nothing', async () => {
    world = await startSyncWorld({
      openDatabase: await (async () => {
        const db = await freshPglite();
        return () => db;
      })(),
      overrides: { backfillOptions: { tickMs: 250, window: 1 } },
    });
    const w = world;
    const bff = w.instances[0]!;
    const call = api(bff, await signSession({ tid: TENANT }));
    const make = unannounced(w);

    const rosa = make.customer(uniqueName('Rosa Alvarez'), 'rosa@example.test');
    const ben = make.customer(uniqueName('Ben Ortiz'));
    const handEntered = make.invoice(rosa.id, '2026-10-03', 25_000);
    const october = [
      handEntered,
      make.invoice(rosa.id, '2026-10-10', 12_345),
      make.invoice(ben.id, '2026-10-20', 9_999),
      make.invoice(ben.id, '2026-10-31', 1_001),
    ];
    const september = make.invoice(ben.id, '2026-09-30', 5_000);
    const payment = make.payment(october[1]!.id, '2026-10-11');
    // The bookkeeper already typed Rosa and her first invoice into QuickBooks by hand.
    const qboRosa = await enterInQbo(w, 'Customer', {
      DisplayName: rosa.displayName,
      PrimaryEmailAddr: { Address: 'rosa@example.test' },
    });
    const qboInvoice = await enterInQbo(w, 'Invoice', {
      DocNumber: handEntered.number,
      CustomerRef: { value: qboRosa.Id },
      Line: [
        {
          DetailType: 'SalesItemLineDetail',
          Amount: 250,
          SalesItemLineDetail: { ItemRef: { value: '1' }, Qty: 1, UnitPrice: 250 },
        },
      ],
    });

    // Bad input changes nothing; a Technician may not look.
    expect(
      (await call('POST', '/api/v1/backfill/preview', { from: '2026-10-31', to: '2026-10-01' })).status,
    ).toBe(400);
    expect(
      (await call('POST', '/api/v1/backfill/preview', { from: '2026-02-30', to: '2026-03-01' })).status,
    ).toBe(400);
    const tech = api(bff, await signSession({ tid: TENANT, role: 'technician', sub: 'usr_theo' }));
    expect((await tech('POST', '/api/v1/backfill/preview', OCTOBER)).status).toBe(403);

    const preview = await call<BackfillPreviewResponse>('POST', '/api/v1/backfill/preview', OCTOBER);
    expect(preview.status).toBe(200);
    const byKind = Object.fromEntries(preview.body.kinds.map((k) => [k.kind, k]));
    expect(byKind.invoice).toMatchObject({
      records: 4,
      totalCents: 25_000 + 12_345 + 9_999 + 1_001,
      alreadySynced: 0,
      willLink: 1,
      willCreate: 3,
      willCreateCents: 12_345 + 9_999 + 1_001,
    });
    expect(byKind.payment).toMatchObject({ records: 1, totalCents: payment.amountCents, willCreate: 1 });
    expect(byKind.customer).toMatchObject({ records: 2, willLink: 1, willCreate: 1 });
    expect(preview.body.toSend).toBe(6); // 4 invoices (one of them an update of the linked one), Ben, the payment
    expect(await w.qboList('Invoice')).toHaveLength(1); // a preview writes nothing

    const started = await call<BackfillJob>('POST', '/api/v1/backfill/jobs', OCTOBER);
    expect(started.status).toBe(201);
    expect(started.body).toMatchObject({ status: 'running', total: 6, source: 'backfill' });
    expect((await call('POST', '/api/v1/backfill/jobs', OCTOBER)).status).toBe(409); // one at a time
    // Pause at once: what was handed to the queue finishes, nothing more is fed.
    const paused = await call<BackfillJob>('POST', `/api/v1/backfill/jobs/${started.body.id}/pause`, {});
    expect(paused.body.status).toBe('paused');
    await pause(600);
    const whilePaused = await waitForJob(call, (j) => j.inFlight === 0);
    expect(whilePaused.status).toBe('paused');
    expect(whilePaused.waiting).toBeGreaterThan(0);
    await pause(400);
    expect((await waitForJob(call, () => true)).waiting).toBe(whilePaused.waiting);
    expect(
      (await call<BackfillJob>('POST', `/api/v1/backfill/jobs/${started.body.id}/resume`, {})).body.status,
    ).toBe('running');
    const finished = await waitForJob(call, (j) => j.status === 'done');
    expect(finished).toMatchObject({
      status: 'done',
      total: 6,
      synced: 6,
      failed: 0,
      waiting: 0,
      inFlight: 0,
    });

    const invoices = await w.qboList('Invoice');
    const numbers = countBy(invoices, (i) => String(i.DocNumber));
    expect(invoices).toHaveLength(4);
    for (const inv of october) expect(numbers.get(inv.number)).toBe(1);
    expect(numbers.has(september.number)).toBe(false);
    // The hand-entered invoice was linked and brought in line with Exoserva, not duplicated.
    const linked = invoices.find((i) => i.Id === qboInvoice.Id);
    expect(linked?.PrivateNote).toBe(`Exoserva invoice ${handEntered.id}`);
    const customers = (await w.qboList('Customer')).filter((c) =>
      [rosa.displayName, ben.displayName].includes(String(c.DisplayName)),
    );
    expect(customers).toHaveLength(2);
    expect(await w.qboList('Payment')).toHaveLength(1);

    // The same range again: everything is already there.
    const again = await call<BackfillPreviewResponse>('POST', '/api/v1/backfill/preview', OCTOBER);
    expect(again.body.toSend).toBe(0);
    expect(again.body.kinds.find((k) => k.kind === 'invoice')).toMatchObject({
      alreadySynced: 4,
      willCreate: 0,
    });
    const second = await call<BackfillJob>('POST', '/api/v1/backfill/jobs', OCTOBER);
    expect(second.body.total).toBe(0);
    await waitForJob(call, (j) => j.id === second.body.id && j.status === 'done');
    expect(await w.qboList('Invoice')).toHaveLength(4);
    expect(await w.qboList('Payment')).toHaveLength(1);

    const audit = (await call<{ entries: AuditEntry[] }>('GET', '/api/v1/audit')).body.entries.map(
      (e) => e.action,
    );
    expect(audit.filter((a) => a === 'backfill_started')).toHaveLength(2);
    expect(audit).toContain('backfill_paused');
    expect(audit).toContain('backfill_resumed');
    const entry = (await call<{ entries: AuditEntry[] }>('GET', '/api/v1/audit')).body.entries.find(
      (e) => e.action === 'backfill_paused',
    );
    expect(entry?.actor?.userId).toBe('usr_olivia');
    expect(entry?.detailCode).toBe('backfill_job');
    expect(entry?.detailParams).toMatchObject({ count: expect.any(Number), from: expect.any(String) });
  }, 90_000);

  it('covers records held since a disconnect: backfilling their range releases them, and they land once', async () => {
    world = await startSyncWorld({
      openDatabase: await (async () => {
        const db = await freshPglite();
        return () => db;
      })(),
      overrides: { backfillOptions: { tickMs: 100 } },
    });
    const w = world;
    const call = api(w.instances[0]!, await signSession({ tid: TENANT }));
    expect((await call('POST', '/api/v1/connection/disconnect', {})).status).toBe(200);
    const customer = await w.exoPost<ExoCustomer>('/customers', { displayName: uniqueName('Held Hank') });
    const invoice = await w.exoPost<ExoInvoice>('/invoices', {
      customerId: customer.id,
      issueDate: '2026-10-15',
      lines: [{ kind: 'labor', description: 'Tune-up', quantityMilli: 1000, unitPriceCents: 12_345 }],
    });
    await w.exo.sandbox.events.idle();
    await w.reconnect();
    await pause(300);
    expect(await w.qboList('Invoice')).toHaveLength(0);

    const preview = await call<BackfillPreviewResponse>('POST', '/api/v1/backfill/preview', OCTOBER);
    expect(preview.body.kinds.find((k) => k.kind === 'invoice')).toMatchObject({
      records: 1,
      held: 1,
      willCreate: 1,
    });
    expect(preview.body.kinds.find((k) => k.kind === 'customer')).toMatchObject({ held: 1 });
    await call('POST', '/api/v1/backfill/jobs', OCTOBER);
    expect((await waitForJob(call, (j) => j.status === 'done')).synced).toBe(2);
    const invoices = await w.qboList('Invoice');
    expect(invoices.map((i) => i.DocNumber)).toEqual([invoice.number]);
    expect((await call<{ total: number }>('GET', '/api/v1/sync/held')).body.total).toBe(0);
  }, 60_000);

  it('re-posts a range after a re-map: invoices in QuickBooks now use the new account, nothing is duplicated', async () => {
    world = await startSyncWorld({
      openDatabase: await (async () => {
        const db = await freshPglite();
        return () => db;
      })(),
      overrides: { backfillOptions: { tickMs: 100 } },
    });
    const w = world;
    const bff = w.instances[0]!;
    const call = api(bff, await signSession({ tid: TENANT }));
    const customer = await w.exoPost<ExoCustomer>('/customers', { displayName: uniqueName('Remap Rita') });
    const invoiceOn = (issueDate: string) =>
      w.exoPost<ExoInvoice>('/invoices', {
        customerId: customer.id,
        issueDate,
        lines: [{ kind: 'labor', description: 'Repair', quantityMilli: 2000, unitPriceCents: 9_000 }],
        discounts: [{ description: 'Loyalty', amountCents: 1_000 }],
      });
    const inRange = [await invoiceOn('2026-10-02'), await invoiceOn('2026-10-30')];
    const outside = await invoiceOn('2026-11-02');
    expect(await w.settle()).toEqual({ done: 4 });

    const discountAccount = (inv: Record<string, unknown>) =>
      (inv.Line as Array<Record<string, { DiscountAccountRef?: { value: string } }>>).find(
        (l) => l.DiscountLineDetail,
      )?.DiscountLineDetail?.DiscountAccountRef?.value;
    const before = await w.qboList('Invoice');
    const { discountsAccountId } = w.mapping;
    expect(before.map(discountAccount)).toEqual([discountsAccountId, discountsAccountId, discountsAccountId]);
    const mappedIncome = [
      w.mapping.serviceRevenueAccountId,
      w.mapping.productRevenueAccountId,
      discountsAccountId,
    ];
    const newAccount = (await w.qboList('Account')).find(
      (a) => a.AccountType === 'Income' && !mappedIncome.includes(String(a.Id)),
    );
    expect(newAccount).toBeDefined();

    type Logged = { method: string; path: string; outcome: string };
    const qboRequests = async () =>
      (await (await fetch(`${w.qbo.url}/_sandbox/requests?realmId=${REALM}`)).json()) as Logged[];
    const seenBefore = (await qboRequests()).length;

    // What the mapping step stores when an admin re-maps and chooses to re-post October (mapping.service.ts).
    const { version: _v, ...previous } = w.mapping;
    const db = bff.bff.database;
    await db.query(
      `INSERT INTO account_mappings (tenant_id, version, mapping, created_by, realm_id) VALUES ($1, 2, $2::jsonb, 'usr_olivia', $3)`,
      [TENANT, JSON.stringify({ ...previous, discountsAccountId: String(newAccount?.Id) }), REALM],
    );
    await mappingStore.insertRepost(db, {
      tenantId: TENANT,
      version: 2,
      from: OCTOBER.from,
      to: OCTOBER.to,
      requestedBy: 'usr_olivia',
      at: new Date(),
    });

    const job = await waitForJob(call, (j) => j.source === 'repost' && j.status === 'done');
    expect(job).toMatchObject({ mappingVersion: 2, total: 2, synced: 2, from: OCTOBER.from, to: OCTOBER.to });
    const after = await w.qboList('Invoice');
    expect(after).toHaveLength(3);
    const byNumber = new Map(after.map((i) => [String(i.DocNumber), i]));
    for (const inv of inRange)
      expect(discountAccount(byNumber.get(inv.number)!)).toBe(String(newAccount?.Id));
    expect(discountAccount(byNumber.get(outside.number)!)).toBe(discountsAccountId);
    // Sent as updates of the same QuickBooks invoices, and remembered with the new version.
    expect([...byNumber.values()].map((i) => i.Id).sort()).toEqual(before.map((i) => i.Id).sort());
    const { rows } = await db.query<{ exoserva_id: string; mapping_version: number }>(
      `SELECT exoserva_id, mapping_version FROM qbo_links WHERE entity_type = 'invoice' ORDER BY exoserva_id`,
    );
    const versions = new Map(rows.map((r) => [r.exoserva_id, Number(r.mapping_version)]));
    for (const inv of inRange) expect(versions.get(inv.id)).toBe(2);
    expect(versions.get(outside.id)).toBe(1);
    const repost = await db.query<{ status: string }>('SELECT status FROM mapping_reposts');
    expect(repost.rows.map((r) => r.status)).toEqual(['done']);

    // Exactly once: QuickBooks saw one invoice write per re-posted invoice, and nothing for the others.
    const writes = (await qboRequests())
      .slice(seenBefore)
      .filter((r) => r.method === 'POST' && /\/(invoice|batch)\b/.test(r.path) && r.outcome === 'ok');
    expect(writes).toHaveLength(2);
  }, 60_000);
});

describe.skipIf(!POSTGRES_URL)('backfill across instances on PostgreSQL', () => {
  it('survives the feeding instance closing mid-job, another finishes it, live events still land promptly, and QuickBooks holds each record once', async () => {
    const pg = await createPostgresSchema(POSTGRES_URL as string);
    dropSchema = pg.drop;
    world = await startSyncWorld({
      openDatabase: () => pg.open(),
      instances: 2,
      overrides: { backfillOptions: { tickMs: 100, window: 10, leaseMs: 1_000 } },
    });
    const w = world;
    const [first, second] = w.instances as [BffInstance, BffInstance];
    const owner = await signSession({ tid: TENANT });
    const make = unannounced(w);
    const customers = Array.from({ length: 5 }, (_, i) => make.customer(uniqueName(`Past ${i}`)));
    const invoices: ExoInvoice[] = [];
    for (let i = 0; i < 60; i++)
      invoices.push(
        make.invoice(customers[i % 5]!.id, `2026-10-${String(1 + (i % 28)).padStart(2, '0')}`, 1_000 + i),
      );

    const started = await api(first, owner)<BackfillJob>('POST', '/api/v1/backfill/jobs', OCTOBER);
    expect(started.body.total).toBe(65);
    const firstFeeding = await until(async () => {
      const job = (await api(second, owner)<BackfillCurrentResponse>('GET', '/api/v1/backfill/jobs/current'))
        .body.job;
      return (job?.synced ?? 0) >= 10;
    });
    expect(firstFeeding).toBe(true);
    await first.close();
    w.exo.sandbox.events.setDefaultEndpoint({
      url: `${second.url}/api/v1/exoserva/events`,
      secret: 'exoserva-event-secret-0123456789',
    });

    // A live invoice while the backfill runs: priority 0 goes ahead of the backfill's queue.
    const liveAt = Date.now();
    const live = await w.exoPost<ExoInvoice>('/invoices', {
      customerId: customers[0]!.id,
      lines: [{ kind: 'part', description: 'Filter', quantityMilli: 1000, unitPriceCents: 4_200 }],
    });
    const landed = await until(async () =>
      (await w.qboList('Invoice')).some((i) => i.DocNumber === live.number),
    );
    const liveLatencyMs = Date.now() - liveAt;
    expect(landed).toBe(true);
    expect(liveLatencyMs).toBeLessThan(8_000);

    const call = api(second, owner);
    const startedAt = Date.now();
    const done = await waitForJob(call, (j) => j.status === 'done', 60_000);
    expect(done).toMatchObject({ status: 'done', synced: 65, failed: 0 });
    const all = await w.qboList('Invoice');
    const counts = countBy(all, (i) => String(i.DocNumber));
    for (const inv of [...invoices, live]) expect(counts.get(inv.number)).toBe(1);
    expect(all).toHaveLength(61);
    console.info(
      `backfill: 65 records; after the takeover ${65 - 10}+ records in ${Date.now() - startedAt} ms; live invoice landed in ${liveLatencyMs} ms`,
    );
  }, 120_000);
});
