import type { ExoCustomer, ExoInvoice, ExoPayment, ExoPayout, ExoRefund } from '@exoserva/contracts';
import { signEvent } from '@exoserva/exoserva-sandbox';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.ts';
import { nodeQuickBooksSyncApi } from '../src/adapters/node-quickbooks-sync-api.ts';
import type { QboEntity, QboSyncApi } from '../src/ports/qbo-sync-api.ts';
import { signSession, testEnv } from './support/env.ts';
import { freshPglite } from './support/pglite-template.ts';
import {
  EVENT_SECRET,
  REALM,
  standInEnv,
  startSyncWorld,
  TENANT,
  uniqueName,
  VERIFIER,
  type SyncWorld,
} from './support/sync-world.ts';
import { intuitSignature } from '@exoserva/qbo-sandbox';

const cents = (amount: unknown) => Math.round(Number(amount) * 100);

let world: SyncWorld | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

async function pglite() {
  const db = await freshPglite();
  return () => db;
}

describe('the sync engine against both sandboxes', () => {
  it('sends a customer, an invoice, payments, a refund and a payout once each, to the cent, keeping Exoserva-only data home', async () => {
    world = await startSyncWorld({ openDatabase: await pglite() });
    const w = world;
    const customer = await w.exoPost<ExoCustomer>('/customers', {
      displayName: uniqueName('Ada Lovelace'),
      email: 'ada@example.com',
    });
    const job = await w.exoPost<{ id: string }>('/jobs', {
      customerId: customer.id,
      title: 'No heat',
      internalNotes: 'SECRET-JOB-NOTE',
    });
    await w.exoPost('/estimates', {
      customerId: customer.id,
      jobId: job.id,
      totalCents: 99_00,
      description: 'SECRET-ESTIMATE',
    });
    const invoice = await w.exoPost<ExoInvoice>('/invoices', {
      customerId: customer.id,
      lines: [
        { kind: 'labor', description: 'Diagnosis', quantityMilli: 1333, unitPriceCents: 9500 },
        { kind: 'part', description: 'Capacitor', quantityMilli: 2000, unitPriceCents: 1999, taxable: true },
      ],
      discounts: [{ description: 'Loyalty', amountCents: 500 }],
      taxRateId: 'tax_denver',
      internalNotes: 'SECRET-INTERNAL-NOTE',
      attachments: [{ fileName: 'SECRET-PHOTO.jpg' }],
      jobId: job.id,
    });
    const card = await w.exoPost<ExoPayment>(`/invoices/${invoice.id}/payments`, {
      method: 'card',
      amountCents: invoice.totalCents - 1000,
    });
    const cash = await w.exoPost<ExoPayment>(`/invoices/${invoice.id}/payments`, { method: 'cash' });
    const refund = await w.exoPost<ExoRefund>(`/payments/${cash.id}/refunds`, { amountCents: 250 });
    const payout = await w.exoPost<ExoPayout>('/payouts', { feeCents: 123, paymentIds: [card.id] });

    const counts = await w.settle();
    expect(counts).toEqual({ done: 6 });

    const [customers = [], invoices = [], payments = [], refunds = [], deposits = []] = await Promise.all(
      ['Customer', 'Invoice', 'Payment', 'RefundReceipt', 'Deposit'].map((e) => w.qboList(e)),
    );
    expect(customers.filter((c) => c.DisplayName === customer.displayName)).toHaveLength(1);
    expect(invoices).toHaveLength(1);
    expect(cents(invoices[0]?.TotalAmt)).toBe(invoice.totalCents);
    expect(cents(invoices[0]?.Balance)).toBe(0);
    expect(payments.map((p) => cents(p.TotalAmt)).sort((a, b) => a - b)).toEqual(
      [cash.amountCents, card.amountCents].sort((a, b) => a - b),
    );
    expect(refunds.map((r) => cents(r.TotalAmt))).toEqual([refund.amountCents]);
    expect(deposits.map((d) => cents(d.TotalAmt))).toEqual([payout.netCents]);

    const everything = JSON.stringify([customers, invoices, payments, refunds, deposits]);
    for (const secret of [
      'SECRET-INTERNAL-NOTE',
      'SECRET-PHOTO',
      'SECRET-JOB-NOTE',
      'SECRET-ESTIMATE',
      job.id,
      TENANT,
    ]) {
      expect(everything).not.toContain(secret);
    }
  });

  it('edits become sparse updates and a void becomes a void, without a second invoice', async () => {
    world = await startSyncWorld({ openDatabase: await pglite() });
    const w = world;
    const customer = await w.exoPost<ExoCustomer>('/customers', { displayName: uniqueName('Grace Hopper') });
    const invoice = await w.exoPost<ExoInvoice>('/invoices', {
      customerId: customer.id,
      lines: [{ kind: 'labor', description: 'Tune-up', quantityMilli: 1000, unitPriceCents: 15000 }],
    });
    await w.settle();
    const res = await fetch(`${w.exo.url}/api/tenants/${TENANT}/invoices/${invoice.id}`, {
      method: 'PATCH',
      headers: {
        'content-type': 'application/json',
        'x-exoserva-api-key': 'exoserva-service-key-0123456789',
      },
      body: JSON.stringify({
        customerMemo: 'Thanks!',
        lines: [{ kind: 'labor', description: 'Tune-up', quantityMilli: 1500, unitPriceCents: 15000 }],
      }),
    });
    expect(res.status).toBe(200);
    await w.settle();
    let invoices = await w.qboList('Invoice');
    expect(invoices).toHaveLength(1);
    expect(cents(invoices[0]?.TotalAmt)).toBe(22500);
    expect((invoices[0]?.CustomerMemo as { value: string }).value).toBe('Thanks!');
    await w.exoPost(`/invoices/${invoice.id}/void`, {});
    await w.settle();
    invoices = await w.qboList('Invoice');
    expect(invoices).toHaveLength(1);
    expect(cents(invoices[0]?.TotalAmt)).toBe(0);
    expect(String(invoices[0]?.PrivateNote)).toMatch(/^Voided/);
  });

  it('retries a 429 as a plain create: no look-up first, one customer in QuickBooks', async () => {
    world = await startSyncWorld({ openDatabase: await pglite() });
    const w = world;
    type Logged = { method: string; path: string; outcome: string };
    const requests = async () =>
      (await (await fetch(`${w.qbo.url}/_sandbox/requests?realmId=${REALM}`)).json()) as Logged[];
    const before = (await requests()).length;
    await w.faults({ throttle: true });
    const customer = await w.exoPost<ExoCustomer>('/customers', {
      displayName: uniqueName('Throttled Theo'),
    });
    // Let the engine meet the 429 at least once, then lift the fault.
    for (let i = 0; i < 100 && !(await requests()).slice(before).some((r) => r.outcome === 'throttled'); i++)
      await new Promise((r) => setTimeout(r, 50));
    await w.faults({});
    expect(await w.settle()).toEqual({ done: 1 });
    const seen = (await requests()).slice(before);
    expect(seen.some((r) => r.outcome === 'throttled')).toBe(true);
    // A 429 sent nothing: the retry is not a crash recovery, so it does not query QuickBooks first.
    expect(seen.filter((r) => r.path.includes('/query'))).toEqual([]);
    const matches = (await w.qboList('Customer')).filter((c) => c.DisplayName === customer.displayName);
    expect(matches).toHaveLength(1);
  });

  it('refuses forged, stale and malformed events, and acknowledges a redelivery without queuing it twice', async () => {
    world = await startSyncWorld({ openDatabase: await pglite(), autoSync: false });
    const url = `${world.instances[0]?.url}/api/v1/exoserva/events`;
    const event = {
      id: 'evt_manual_1',
      type: 'customer.created',
      tenantId: TENANT,
      occurredAt: new Date().toISOString(),
      data: { objectId: 'cus_x', objectVersion: 1 },
    };
    const body = JSON.stringify(event);
    const now = Math.floor(Date.now() / 1000);
    const send = (sig: string | null, raw = body) =>
      fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(sig ? { 'exoserva-signature': sig } : {}) },
        body: raw,
      });

    for (const sig of [
      null,
      'garbage',
      signEvent('wrong-secret-0123456789', now, body),
      signEvent(EVENT_SECRET, now - 301, body),
    ]) {
      const res = await send(sig);
      expect(res.status).toBe(401);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('signature_invalid');
    }
    const tampered = await send(signEvent(EVENT_SECRET, now, body), body.replace('cus_x', 'cus_y'));
    expect(tampered.status).toBe(401);
    const bad = JSON.stringify({ ...event, type: 'job.created' });
    expect((await send(signEvent(EVENT_SECRET, now, bad), bad)).status).toBe(400);

    const first = await send(signEvent(EVENT_SECRET, now, body));
    expect(first.status).toBe(200);
    expect(await first.json()).toEqual({ received: true, duplicate: false });
    const again = await send(signEvent(EVENT_SECRET, now + 1, body));
    expect(await again.json()).toEqual({ received: true, duplicate: true });
    const { rows } = await world.instances[0]!.bff.database.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM sync_work',
    );
    expect(rows[0]?.n).toBe(1);
    expect(world.instances[0]?.lines.some((l) => l.includes('exoserva.event_refused'))).toBe(true);
  });

  it('keeps events pending while auto-sync is off; Sync Now sends them; the summary says so', async () => {
    world = await startSyncWorld({ openDatabase: await pglite(), autoSync: false });
    const w = world;
    const bff = w.instances[0]!;
    const customer = await w.exoPost<ExoCustomer>('/customers', {
      displayName: uniqueName('Test Customer ZZ'),
    });
    await w.exoPost('/invoices', {
      customerId: customer.id,
      lines: [{ kind: 'labor', description: 'Test', quantityMilli: 1000, unitPriceCents: 100 }],
    });
    await w.exo.sandbox.events.idle();
    await new Promise((r) => setTimeout(r, 300));
    const owner = await signSession({ tid: TENANT });
    const get = (path: string) =>
      fetch(`${bff.url}${path}`, { headers: { authorization: `Bearer ${owner}` } });
    let summary = (await (await get('/api/v1/sync/summary')).json()) as Record<string, unknown>;
    expect(summary).toMatchObject({ autoSync: false, pending: 2, failed: 0, synced: 0, lastSuccessAt: null });
    expect(await w.qboList('Invoice')).toHaveLength(0);

    const tech = await signSession({ tid: TENANT, role: 'technician', sub: 'usr_theo' });
    expect(
      (
        await fetch(`${bff.url}/api/v1/sync/run`, {
          method: 'POST',
          headers: { authorization: `Bearer ${tech}` },
        })
      ).status,
    ).toBe(403);
    const run = await fetch(`${bff.url}/api/v1/sync/run`, {
      method: 'POST',
      headers: { authorization: `Bearer ${owner}` },
    });
    expect(await run.json()).toEqual({ queued: 2 });
    await w.settle();
    summary = (await (await get('/api/v1/sync/summary')).json()) as Record<string, unknown>;
    expect(summary).toMatchObject({ pending: 0, synced: 2 });
    expect(typeof summary.lastSuccessAt).toBe('string');

    // No passing test sync yet: auto-sync on needs the admin's explicit override (GUIDE step 6).
    const refused = await fetch(`${bff.url}/api/v1/sync/settings`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${owner}`, 'content-type': 'application/json' },
      body: JSON.stringify({ autoSync: true }),
    });
    expect(refused.status).toBe(409);
    expect(await refused.json()).toMatchObject({ error: { details: { reason: 'test_sync_required' } } });
    const put = await fetch(`${bff.url}/api/v1/sync/settings`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${owner}`, 'content-type': 'application/json' },
      body: JSON.stringify({ autoSync: true, override: true }),
    });
    expect(await put.json()).toEqual({ autoSync: true });
    const badPut = await fetch(`${bff.url}/api/v1/sync/settings`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${owner}`, 'content-type': 'application/json' },
      body: JSON.stringify({ autoSync: 'yes' }),
    });
    expect(badPut.status).toBe(400);
  });

  it('a customer name conflict needs a person and holds only its own invoice; renaming it in Exoserva lets both through', async () => {
    world = await startSyncWorld({ openDatabase: await pglite() });
    const w = world;
    const taken = uniqueName('Bob Builder');
    // Someone already typed this customer into QuickBooks by hand, with another email.
    const tokenRes = await w.instances[0]!.bff.services.tokens.getAccessToken(TENANT);
    if (!tokenRes.ok) throw new Error('no token');
    await fetch(`${w.qbo.url}/v3/company/${REALM}/customer`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${tokenRes.value.accessToken}`,
        'content-type': 'application/json',
        accept: 'application/json',
      },
      body: JSON.stringify({ DisplayName: taken, PrimaryEmailAddr: { Address: 'other@example.com' } }),
    });
    const conflicted = await w.exoPost<ExoCustomer>('/customers', {
      displayName: taken,
      email: 'bob@example.com',
    });
    const held = await w.exoPost<ExoInvoice>('/invoices', {
      customerId: conflicted.id,
      lines: [{ kind: 'labor', description: 'A', quantityMilli: 1000, unitPriceCents: 5000 }],
    });
    const fine = await w.exoPost<ExoCustomer>('/customers', { displayName: uniqueName('Carol') });
    await w.exoPost('/invoices', {
      customerId: fine.id,
      lines: [{ kind: 'labor', description: 'B', quantityMilli: 1000, unitPriceCents: 7000 }],
    });
    await w.settle();
    const owner = await signSession({ tid: TENANT });
    const failures = (await (
      await fetch(`${w.instances[0]!.url}/api/v1/sync/failures`, {
        headers: { authorization: `Bearer ${owner}` },
      })
    ).json()) as {
      failures: { kind: string; id: string; failure: { code: string; fix: string }; blockedBy?: unknown[] }[];
    };
    const byId = new Map(failures.failures.map((f) => [f.id, f]));
    expect(byId.get(conflicted.id)?.failure.code).toBe('customer_name_conflict');
    expect(byId.get(conflicted.id)?.failure.fix).toMatch(/rename|merge/i);
    expect(byId.get(held.id)?.blockedBy).toEqual([{ kind: 'customer', id: conflicted.id }]);
    expect((await w.qboList('Invoice')).map((i) => cents(i.TotalAmt))).toEqual([7000]);

    await fetch(`${w.exo.url}/api/tenants/${TENANT}/customers/${conflicted.id}`, {
      method: 'PATCH',
      headers: {
        'content-type': 'application/json',
        'x-exoserva-api-key': 'exoserva-service-key-0123456789',
      },
      body: JSON.stringify({ displayName: `${taken} (HVAC)` }),
    });
    expect(await w.settle()).toEqual({ done: 4 });
    expect((await w.qboList('Invoice')).map((i) => cents(i.TotalAmt)).sort()).toEqual([5000, 7000]);
  });

  it('pauses a tenant whose access was revoked and keeps its queue without failing anything', async () => {
    world = await startSyncWorld({ openDatabase: await pglite() });
    const w = world;
    const bff = w.instances[0]!.bff;
    await w.faults({ revokeTokens: true });
    await w.exoPost<ExoCustomer>('/customers', { displayName: uniqueName('Paused') });
    await w.exo.sandbox.events.idle();
    const deadline = Date.now() + 10_000;
    while (
      (await bff.services.tokens.connectionHealth(TENANT)).state !== 'needs_reconnect' &&
      Date.now() < deadline
    ) {
      await new Promise((r) => setTimeout(r, 50));
    }
    expect((await bff.services.tokens.connectionHealth(TENANT)).state).toBe('needs_reconnect');
    const summary = await bff.services.sync.summary(TENANT);
    expect(summary).toMatchObject({ paused: true, pending: 1, failed: 0 });
    expect(
      await w.qboList('Customer').then((c) => c.filter((x) => String(x.DisplayName).startsWith('Paused'))),
    ).toHaveLength(0);
  });

  it('brings a QuickBooks-side customer edit back into Exoserva in two-way mode, without echoing its own writes', async () => {
    world = await startSyncWorld({ openDatabase: await pglite(), customerDirection: 'two_way' });
    const w = world;
    const bff = w.instances[0]!;
    const customer = await w.exoPost<ExoCustomer>('/customers', {
      displayName: uniqueName('Two Way'),
      email: 'tw@example.com',
    });
    await w.settle();
    const qboCustomer = (await w.qboList('Customer')).find(
      (c) => c.DisplayName === customer.displayName,
    ) as Record<string, unknown>;
    const tokenRes = await bff.bff.services.tokens.getAccessToken(TENANT);
    if (!tokenRes.ok) throw new Error('no token');
    // The bookkeeper fixes the email in QuickBooks (after the Exoserva edit, so QuickBooks' edit is newer).
    await new Promise((r) => setTimeout(r, 1100));
    await fetch(`${w.qbo.url}/v3/company/${REALM}/customer?operation=update`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${tokenRes.value.accessToken}`,
        'content-type': 'application/json',
        accept: 'application/json',
      },
      body: JSON.stringify({
        Id: qboCustomer.Id,
        SyncToken: qboCustomer.SyncToken,
        sparse: true,
        PrimaryEmailAddr: { Address: 'fixed@example.com' },
      }),
    });
    const legacy = JSON.stringify({
      eventNotifications: [
        {
          realmId: REALM,
          dataChangeEvent: {
            entities: [
              {
                name: 'Customer',
                id: String(qboCustomer.Id),
                operation: 'Update',
                lastUpdated: new Date().toISOString(),
              },
            ],
          },
        },
      ],
    });
    const forged = await fetch(`${bff.url}/api/v1/intuit/webhooks`, {
      method: 'POST',
      headers: { 'intuit-signature': 'AAAA' },
      body: legacy,
    });
    expect(forged.status).toBe(401);
    const ok = await fetch(`${bff.url}/api/v1/intuit/webhooks`, {
      method: 'POST',
      headers: { 'intuit-signature': intuitSignature(VERIFIER, legacy) },
      body: legacy,
    });
    expect(await ok.json()).toEqual({ queued: 1 });
    await w.settle();
    const after = (await (
      await fetch(`${w.exo.url}/api/tenants/${TENANT}/customers/${customer.id}`, {
        headers: { 'x-exoserva-api-key': 'exoserva-service-key-0123456789' },
      })
    ).json()) as ExoCustomer;
    expect(after.email).toBe('fixed@example.com');
    // The Exoserva edit's own event came back as customer.updated and was recognised: no write to QuickBooks.
    const requests = (await (await fetch(`${w.qbo.url}/_sandbox/requests?realmId=${REALM}`)).json()) as {
      method: string;
      path: string;
    }[];
    // Two writes in all: the engine's create and the bookkeeper's edit (the request log has no query string).
    const writes = requests.filter((r) => r.method === 'POST' && r.path.endsWith('/customer'));
    expect(writes).toHaveLength(2);
    expect((await w.qboList('Customer')).filter((c) => c.DisplayName === customer.displayName)).toHaveLength(
      1,
    );

    // A customer typed into QuickBooks (CloudEvents format) becomes an Exoserva customer.
    const created = (await (
      await fetch(`${w.qbo.url}/v3/company/${REALM}/customer`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${tokenRes.value.accessToken}`,
          'content-type': 'application/json',
          accept: 'application/json',
        },
        body: JSON.stringify({ DisplayName: uniqueName('From QuickBooks') }),
      })
    ).json()) as { Customer: { Id: string; DisplayName: string } };
    const cloud = JSON.stringify([
      {
        specversion: '1.0',
        id: 'x1',
        source: 'intuit',
        type: 'qbo.customer.created.v1',
        time: new Date().toISOString(),
        intuitentityid: created.Customer.Id,
        intuitaccountid: REALM,
        data: {},
      },
    ]);
    await fetch(`${bff.url}/api/v1/intuit/webhooks`, {
      method: 'POST',
      headers: { 'intuit-signature': intuitSignature(VERIFIER, cloud) },
      body: cloud,
    });
    await w.settle();
    const list = (await (
      await fetch(`${w.exo.url}/api/tenants/${TENANT}/customers`, {
        headers: { 'x-exoserva-api-key': 'exoserva-service-key-0123456789' },
      })
    ).json()) as { items: ExoCustomer[] };
    expect(list.items.filter((c) => c.displayName === created.Customer.DisplayName)).toHaveLength(1);
    expect(
      (await w.qboList('Customer')).filter((c) => c.DisplayName === created.Customer.DisplayName),
    ).toHaveLength(1);
  });
});

/**
 * The real node-quickbooks client, some of its calls wrapped. The client needs the sandbox's address, known
 * once the world is up: `connect` sets it.
 */
function wrappedSyncApi(wrap: (real: () => QboSyncApi) => Partial<QboSyncApi>) {
  const real: { api?: QboSyncApi } = {};
  const api = () => real.api as QboSyncApi;
  const wrapped: QboSyncApi = {
    create: (...a) => api().create(...a),
    batch: (...a) => api().batch(...a),
    update: (...a) => api().update(...a),
    voidInvoice: (...a) => api().voidInvoice(...a),
    read: (...a) => api().read(...a),
    findIn: (...a) => api().findIn(...a),
    findPaymentMethods: (...a) => api().findPaymentMethods(...a),
    createPaymentMethod: (...a) => api().createPaymentMethod(...a),
    readPreferences: (...a) => api().readPreferences(...a),
    changedCustomers: (...a) => api().changedCustomers(...a),
    ...wrap(api),
  };
  return {
    api: wrapped,
    connect: (w: SyncWorld) => {
      real.api = nodeQuickBooksSyncApi(loadConfig(testEnv(standInEnv(w.qbo.url, w.exo.url))).qbo);
    },
  };
}

describe('what one QuickBooks request carries', () => {
  it("sends a company's ready customers and invoices in one batch, not one request per kind", async () => {
    const calls: string[] = [];
    const counted = wrappedSyncApi((api) => ({
      create: (ctx, entity, body, requestId) => {
        calls.push(`create ${entity}`);
        return api().create(ctx, entity, body, requestId);
      },
      batch: (ctx, items) => {
        calls.push(`batch ${items.map((i) => i.entity).join('+')}`);
        return api().batch(ctx, items);
      },
    }));
    world = await startSyncWorld({
      openDatabase: await pglite(),
      autoSync: false,
      overrides: { qboSyncApi: counted.api },
    });
    const w = world;
    counted.connect(w);
    const owner = await signSession({ tid: TENANT });
    const syncNow = async () => {
      await w.exo.sandbox.events.idle();
      const res = await fetch(`${w.instances[0]!.url}/api/v1/sync/run`, {
        method: 'POST',
        headers: { authorization: `Bearer ${owner}` },
      });
      expect(res.status).toBe(200);
      return w.settle();
    };
    const known = await w.exoPost<ExoCustomer>('/customers', { displayName: uniqueName('Ada Lovelace') });
    expect(await syncNow()).toEqual({ done: 1 });
    expect(calls).toEqual(['create Customer']);

    calls.length = 0;
    const newcomer = await w.exoPost<ExoCustomer>('/customers', { displayName: uniqueName('Alan Turing') });
    const invoice = await w.exoPost<ExoInvoice>('/invoices', {
      customerId: known.id,
      lines: [{ kind: 'labor', description: 'Tune-up', quantityMilli: 1000, unitPriceCents: 15_000 }],
    });
    expect(await syncNow()).toEqual({ done: 3 });
    // Both were ready (the invoice's customer is in QuickBooks already): one request of the company's budget.
    expect(calls).toEqual(['batch Customer+Invoice']);
    const customers = await w.qboList('Customer');
    expect(customers.filter((c) => c.DisplayName === newcomer.displayName)).toHaveLength(1);
    const invoices = (await w.qboList('Invoice')).filter((i) =>
      String(i.PrivateNote ?? '').includes(invoice.id),
    );
    expect(invoices.map((i) => cents(i.TotalAmt))).toEqual([invoice.totalCents]);
  });
});

describe('a total QuickBooks computes differently', () => {
  it('fails the invoice with its fix, keeps its link, raises its alert, and lets the rest of the batch land', async () => {
    // QuickBooks answers every Invoice with a total one cent off (as a company tax setting can make it).
    const skew = (e: QboEntity): QboEntity =>
      e.TotalAmt === undefined ? e : { ...e, TotalAmt: Math.round(Number(e.TotalAmt) * 100 + 1) / 100 };
    const skewed = wrappedSyncApi((api) => ({
      create: async (ctx, entity, body, requestId) => {
        const r = await api().create(ctx, entity, body, requestId);
        return r.ok && entity === 'Invoice' ? { ...r, value: skew(r.value) } : r;
      },
      batch: async (ctx, items) => {
        const r = await api().batch(ctx, items);
        if (!r.ok) return r;
        const invoices = new Set(items.filter((i) => i.entity === 'Invoice').map((i) => i.bId));
        return {
          ...r,
          value: r.value.map((x) =>
            'entity' in x && invoices.has(x.bId) ? { ...x, entity: skew(x.entity) } : x,
          ),
        };
      },
    }));
    const db = await freshPglite();
    world = await startSyncWorld({ openDatabase: () => db, overrides: { qboSyncApi: skewed.api } });
    const w = world;
    skewed.connect(w);

    const customer = await w.exoPost<ExoCustomer>('/customers', { displayName: uniqueName('Grace Hopper') });
    const invoice = await w.exoPost<ExoInvoice>('/invoices', {
      customerId: customer.id,
      lines: [{ kind: 'labor', description: 'Tune-up', quantityMilli: 1000, unitPriceCents: 12_000 }],
    });
    const counts = await w.settle();
    expect(counts).toMatchObject({ done: 1, failed: 1 });

    const count = async (sql: string) =>
      Number((await db.query<{ n: number | string }>(sql, [invoice.id])).rows[0]?.n);
    const { rows } = await db.query<{ state: string; failure: { code: string; fix: string } }>(
      'SELECT state, failure FROM sync_work WHERE record_id = $1',
      [invoice.id],
    );
    expect(rows[0]?.state).toBe('failed');
    expect(rows[0]?.failure.code).toBe('amount_mismatch');
    expect(rows[0]?.failure.fix).toContain('$120.01');
    // In QuickBooks once and linked, so a Retry after the fix updates it instead of creating a twin.
    const inQbo = (await w.qboList('Invoice')).filter((i) =>
      String(i.PrivateNote ?? '').includes(invoice.id),
    );
    expect(inQbo).toHaveLength(1);
    expect(await count('SELECT count(*) AS n FROM qbo_links WHERE exoserva_id = $1')).toBe(1);
    expect(await count('SELECT count(*) AS n FROM notification_alerts WHERE record_id = $1')).toBe(1);
    expect(await count(`SELECT count(*) AS n FROM sync_log WHERE record_id = $1 AND event = 'failed'`)).toBe(
      1,
    );
  }, 60_000);
});
