/**
 * What Intuit really does to a company, and what the product does about it (issue 20): books closed at month end,
 * a lapsed subscription, a connecting user who lost access, and outages answered in HTML, in the gateway's JSON
 * and in XML. Both stand-ins, the real node-quickbooks client, PGlite.
 */
import type { ExoCustomer, ExoInvoice } from '@exoserva/contracts';
import { afterEach, describe, expect, it } from 'vitest';
import { connectionStore } from '../src/stores/connection-store.ts';
import { signSession } from './support/env.ts';
import { freshPglite } from './support/pglite-template.ts';
import { REALM, TENANT, startSyncWorld, uniqueName, type SyncWorld } from './support/sync-world.ts';

let world: SyncWorld | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

async function pglite() {
  const db = await freshPglite();
  return () => db;
}

async function company(w: SyncWorld, patch: Record<string, unknown>) {
  const res = await fetch(`${w.qbo.url}/_sandbox/companies/${REALM}`, {
    method: 'PATCH',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(patch),
  });
  expect(res.status).toBe(200);
}

async function row(w: SyncWorld, kind: string, id: string) {
  const { rows } = await w.instances[0]!.bff.database.query<{
    state: string;
    attempts: number;
    failure: { code: string; fix: string; details?: Record<string, unknown> } | null;
  }>('SELECT state, attempts, failure FROM sync_work WHERE tenant_id = $1 AND kind = $2 AND record_id = $3', [
    TENANT,
    kind,
    id,
  ]);
  return rows[0];
}

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('company states and outages against both sandboxes', () => {
  it('names the closing date when books are closed, waits for a person, and lands on Retry once reopened', async () => {
    world = await startSyncWorld({ openDatabase: await pglite() });
    const w = world;
    await company(w, { bookCloseDate: '2026-11-30' });
    const customer = await w.exoPost<ExoCustomer>('/customers', { displayName: uniqueName('Closed Books') });
    const invoice = await w.exoPost<ExoInvoice>('/invoices', {
      customerId: customer.id,
      issueDate: '2026-11-15',
      lines: [{ kind: 'labor', description: 'Late repair', quantityMilli: 1000, unitPriceCents: 15_000 }],
    });
    await w.settle();
    const failed = await row(w, 'invoice', invoice.id);
    expect(failed).toMatchObject({
      state: 'failed',
      failure: { code: 'books_closed', details: { closedThrough: '2026-11-30', txnDate: '2026-11-15' } },
    });
    expect(failed?.failure?.fix).toContain('closed through 2026-11-30');
    expect(failed?.failure?.fix).toContain('reopen the period');
    // Never a silent retry loop: it waits for a person.
    await pause(500);
    expect((await row(w, 'invoice', invoice.id))?.attempts).toBe(failed?.attempts);

    await company(w, { bookCloseDate: null });
    const owner = await signSession({ tid: TENANT });
    await fetch(`${w.instances[0]!.url}/api/v1/sync/records/invoice/${invoice.id}/run`, {
      method: 'POST',
      headers: { authorization: `Bearer ${owner}` },
    });
    expect(await w.settle()).toEqual({ done: 2 });
    expect((await w.qboList('Invoice')).filter((i) => i.DocNumber === invoice.number)).toHaveLength(1);
  });

  it('pauses the company and tells the admin when the subscription lapsed; resumes once renewed and reconnected', async () => {
    world = await startSyncWorld({ openDatabase: await pglite() });
    const w = world;
    const db = w.instances[0]!.bff.database;
    await company(w, { subscriptionLapsed: true });
    const customer = await w.exoPost<ExoCustomer>('/customers', { displayName: uniqueName('Lapsed Lucy') });
    await w.exo.sandbox.events.idle();
    for (let i = 0; i < 100 && (await connectionStore.get(db, TENANT))?.status !== 'needs_reconnect'; i++)
      await pause(50);
    const connection = await connectionStore.get(db, TENANT);
    expect(connection?.status).toBe('needs_reconnect');
    expect(JSON.stringify(connection)).toContain('subscription');
    // Nothing is lost: the record waits, pending.
    expect((await row(w, 'customer', customer.id))?.state).toBe('pending');

    await company(w, { subscriptionLapsed: false });
    await w.reconnect();
    expect(await w.settle()).toEqual({ done: 1 });
    expect((await w.qboList('Customer')).filter((c) => c.DisplayName === customer.displayName)).toHaveLength(
      1,
    );
  });

  it('asks for a reconnect when the connecting user lost access (401, code 120), without a refresh loop', async () => {
    world = await startSyncWorld({ openDatabase: await pglite() });
    const w = world;
    const db = w.instances[0]!.bff.database;
    await company(w, { connectedUserLostAccess: true });
    await w.exoPost<ExoCustomer>('/customers', { displayName: uniqueName('Lost Access') });
    await w.exo.sandbox.events.idle();
    for (let i = 0; i < 100 && (await connectionStore.get(db, TENANT))?.status !== 'needs_reconnect'; i++)
      await pause(50);
    expect((await connectionStore.get(db, TENANT))?.status).toBe('needs_reconnect');
    const requests = (await (await fetch(`${w.qbo.url}/_sandbox/requests?realmId=${REALM}`)).json()) as {
      status: number;
    }[];
    // One refused call, not a stream of refresh-and-retry.
    expect(requests.filter((r) => r.status === 401).length).toBeLessThanOrEqual(2);
  });

  it('lands every record exactly once through HTML and gateway-shaped outages and XML throttles', async () => {
    // A third of all calls fail here, and one attempt makes several calls: give each record the attempts a day
    // of real backoff would (the shared world's 12 run out in seconds under this much failure, 1 run in 3).
    world = await startSyncWorld({
      openDatabase: await pglite(),
      overrides: {
        syncOptions: {
          leaseMs: 5000,
          backoff: { baseMs: 50, capMs: 500, maxAttempts: 40 },
          throttledDelayMs: 200,
        },
      },
    });
    const w = world;
    await w.faults({ seed: 11, errorRate: 0.35, errorShape: 'outages', dropRate: 0.1 });
    const customers: ExoCustomer[] = [];
    for (let i = 0; i < 8; i++) {
      customers.push(await w.exoPost<ExoCustomer>('/customers', { displayName: uniqueName(`Outage ${i}`) }));
    }
    await w.faults({ throttle: true, throttleBody: 'xml' });
    await pause(300);
    await w.faults({ seed: 12, errorRate: 0.35, errorShape: 'outages' });
    const counts = await w.settle(45_000);
    await w.faults({});
    expect(counts).toEqual({ done: 8 });
    const names = new Set(customers.map((c) => c.displayName));
    const inQbo = (await w.qboList('Customer')).filter((c) => names.has(String(c.DisplayName)));
    expect(inQbo).toHaveLength(8);
  });
});
