/**
 * Paths a shop hits in its first month, against both stand-ins with the real node-quickbooks client: a person's
 * Retry after fixing QuickBooks, and customers who share a name.
 */
import type { ExoCustomer, ExoInvoice, ExoPayment } from '@exoserva/contracts';
import { afterEach, describe, expect, it } from 'vitest';
import { signSession } from './support/env.ts';
import { freshPglite } from './support/pglite-template.ts';
import {
  EVENT_SECRET,
  REALM,
  TENANT,
  startSyncWorld,
  uniqueName,
  type SyncWorld,
} from './support/sync-world.ts';

let world: SyncWorld | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

async function pglite() {
  const db = await freshPglite();
  return () => db;
}

/** Marks a QuickBooks tax code active or inactive, as a bookkeeper would in QuickBooks. */
function setTaxCodeActive(w: SyncWorld, name: string, active: boolean) {
  const company = w.qbo.sandbox.companies.get(REALM)!;
  const code = company.list('TaxCode', { includeInactive: true }).find((c) => c.Name === name);
  if (!code) throw new Error(`no tax code ${name}`);
  company.update('TaxCode', { Id: code.Id, SyncToken: code.SyncToken, sparse: true, Active: active });
}

async function queueRow(w: SyncWorld, kind: string, id: string) {
  const { rows } = await w.instances[0]!.bff.database.query<{
    state: string;
    failure: { code: string } | null;
  }>('SELECT state, failure FROM sync_work WHERE tenant_id = $1 AND kind = $2 AND record_id = $3', [
    TENANT,
    kind,
    id,
  ]);
  return rows[0];
}

describe('money paths against both sandboxes', () => {
  it('lets a person’s Retry land an invoice and its waiting payment once the tax code is fixed in QuickBooks', async () => {
    world = await startSyncWorld({ openDatabase: await pglite() });
    const w = world;
    setTaxCodeActive(w, 'California', false);
    const customer = await w.exoPost<ExoCustomer>('/customers', { displayName: uniqueName('Ines Ortega') });
    // A customer of its own first, so the invoice goes alone (with its requestid), not in a batch.
    await w.settle();
    const invoice = await w.exoPost<ExoInvoice>('/invoices', {
      customerId: customer.id,
      lines: [{ kind: 'part', description: 'Blower motor', quantityMilli: 1000, unitPriceCents: 28_900 }],
      taxRateId: 'tax_denver',
    });
    const payment = await w.exoPost<ExoPayment>(`/invoices/${invoice.id}/payments`, { method: 'card' });
    await w.settle();
    expect(await queueRow(w, 'invoice', invoice.id)).toMatchObject({
      state: 'failed',
      failure: { code: 'invalid_tax_rate' },
    });
    expect((await queueRow(w, 'payment', payment.id))?.state).toBe('blocked');

    // The bookkeeper reactivates the code; the owner presses Retry on the invoice (paid: it can't be edited).
    setTaxCodeActive(w, 'California', true);
    const owner = await signSession({ tid: TENANT });
    const retry = await fetch(`${w.instances[0]!.url}/api/v1/sync/records/invoice/${invoice.id}/run`, {
      method: 'POST',
      headers: { authorization: `Bearer ${owner}` },
    });
    expect(retry.status).toBe(200);
    expect(await w.settle()).toEqual({ done: 3 });

    const invoices = (await w.qboList('Invoice')).filter((i) => i.DocNumber === invoice.number);
    expect(invoices).toHaveLength(1);
    expect(Math.round(Number(invoices[0]?.Balance) * 100)).toBe(0);
    expect(await w.qboList('Payment')).toHaveLength(1);
    // Refused (also for the invoice's new version when it became paid), then landed on the Retry: each attempt
    // with a requestid of its own, since Intuit answers a repeated one with its first answer.
    const sent = w.qbo.sandbox.requests
      .list()
      .filter((r) => r.method === 'POST' && r.path.endsWith('/invoice') && r.requestid);
    expect(sent.at(-1)?.status).toBe(200);
    expect(sent.filter((r) => r.status === 200)).toHaveLength(1);
    expect(sent.slice(0, -1).every((r) => r.status === 400)).toBe(true);
    expect(new Set(sent.map((r) => r.requestid)).size).toBe(sent.length);
  });

  it('holds invoices off an income account made inactive in QuickBooks, and a Retry lands them once it is back (issue 21)', async () => {
    world = await startSyncWorld({ openDatabase: await pglite() });
    const w = world;
    const owner = await signSession({ tid: TENANT });
    const call = (method: string, path: string) =>
      fetch(`${w.instances[0]!.url}${path}`, { method, headers: { authorization: `Bearer ${owner}` } });
    const company = w.qbo.sandbox.companies.get(REALM)!;
    const setActive = (active: boolean) => {
      const account = company
        .list('Account', { includeInactive: true })
        .find((a) => a.Id === w.mapping.serviceRevenueAccountId)!;
      company.update('Account', {
        Id: account.Id,
        SyncToken: account.SyncToken,
        sparse: true,
        Active: active,
      });
    };
    setActive(false);
    // The admin opens the mapping page: it says "Account not found", and so does the dashboard.
    expect((await call('GET', '/api/v1/mapping')).status).toBe(200);
    const customer = await w.exoPost<ExoCustomer>('/customers', { displayName: uniqueName('Rita Moreno') });
    const invoice = await w.exoPost<ExoInvoice>('/invoices', {
      customerId: customer.id,
      lines: [{ kind: 'labor', description: 'Tune-up', quantityMilli: 1000, unitPriceCents: 12_900 }],
    });
    await w.settle();
    expect(await queueRow(w, 'invoice', invoice.id)).toMatchObject({
      state: 'failed',
      failure: { code: 'account_not_found' },
    });
    expect((await w.qboList('Invoice')).filter((i) => i.DocNumber === invoice.number)).toHaveLength(0);
    expect((await queueRow(w, 'customer', customer.id))?.state).toBe('done');

    // The bookkeeper makes the account active again; the owner presses Retry without reopening the mapping page.
    setActive(true);
    expect((await call('POST', `/api/v1/sync/records/invoice/${invoice.id}/run`)).status).toBe(200);
    await w.settle();
    expect((await queueRow(w, 'invoice', invoice.id))?.state).toBe('done');
    expect((await w.qboList('Invoice')).filter((i) => i.DocNumber === invoice.number)).toHaveLength(1);
    const status = (await (await call('GET', '/api/v1/sync/status')).json()) as {
      mapping?: { status: string };
    };
    expect(status.mapping?.status ?? 'mapped').toBe('mapped');
  });

  it('gives the plain name to the customer created first, whichever event arrives first', async () => {
    world = await startSyncWorld({ openDatabase: await pglite() });
    const w = world;
    const name = uniqueName('Pat Lee');
    const endpoint = { url: `${w.instances[0]!.url}/api/v1/exoserva/events`, secret: EVENT_SECRET };
    // The first customer's event is lost for now (the platform will send its next one)…
    w.exo.sandbox.events.setDefaultEndpoint(undefined);
    const first = await w.exoPost<ExoCustomer>('/customers', { displayName: name, email: 'pat@one.example' });
    w.exo.sandbox.events.setDefaultEndpoint(endpoint);
    // …so the second Pat Lee reaches QuickBooks first.
    const second = await w.exoPost<ExoCustomer>('/customers', {
      displayName: name,
      email: 'pat@two.example',
    });
    await w.settle();
    const res = await fetch(`${w.exo.url}/api/tenants/${TENANT}/customers/${first.id}`, {
      method: 'PATCH',
      headers: {
        'content-type': 'application/json',
        'x-exoserva-api-key': 'exoserva-service-key-0123456789',
      },
      body: JSON.stringify({ phone: '555-0100' }),
    });
    expect(res.status).toBe(200);
    expect(await w.settle()).toEqual({ done: 2 });

    const byEmail = new Map(
      (await w.qboList('Customer')).map((c) => [
        (c.PrimaryEmailAddr as { Address?: string } | undefined)?.Address,
        c.DisplayName,
      ]),
    );
    expect(byEmail.get('pat@one.example')).toBe(name);
    expect(byEmail.get('pat@two.example')).toBe(`${name} (2)`);
    expect(second.createdAt! > first.createdAt!).toBe(true);
  });
});
