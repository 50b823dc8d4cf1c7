import type { ExoCustomer, ExoInvoice, HeldRecordsResponse } from '@exoserva/contracts';
import { afterEach, describe, expect, it } from 'vitest';
import { signSession } from './support/env.ts';
import { freshPglite } from './support/pglite-template.ts';
import { startSyncWorld, TENANT, uniqueName, type SyncWorld } from './support/sync-world.ts';

let world: SyncWorld | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

async function pglite() {
  const db = await freshPglite();
  return () => db;
}

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until(check: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check()) && Date.now() < deadline) await pause(50);
}

describe('disconnect and needs-reconnect against both sandboxes', () => {
  it('holds records created while disconnected, even after reconnecting, until an admin releases them; then they land once', async () => {
    world = await startSyncWorld({ openDatabase: await pglite() });
    const w = world;
    const bff = w.instances[0]!;
    const owner = await signSession({ tid: TENANT });
    const call = (method: string, path: string, body?: unknown, token = owner) =>
      fetch(`${bff.url}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${token}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });

    expect((await call('POST', '/api/v1/connection/disconnect', {})).status).toBe(200);
    const customer = await w.exoPost<ExoCustomer>('/customers', { displayName: uniqueName('Held Hank') });
    const invoice = await w.exoPost<ExoInvoice>('/invoices', {
      customerId: customer.id,
      lines: [{ kind: 'labor', description: 'Tune-up', quantityMilli: 1000, unitPriceCents: 12_345 }],
    });
    await w.exo.sandbox.events.idle();
    await pause(300);
    const named = async () =>
      (await w.qboList('Customer')).filter((c) => c.DisplayName === customer.displayName);
    expect(await named()).toHaveLength(0);
    expect(await w.qboList('Invoice')).toHaveLength(0);

    // While disconnected the records are listed, but cannot be released.
    let held = (await (await call('GET', '/api/v1/sync/held')).json()) as HeldRecordsResponse;
    expect(held.total).toBe(2);
    expect((await call('POST', '/api/v1/sync/held/release', { all: true })).status).toBe(409);

    await w.reconnect();
    await pause(400);
    expect(await named()).toHaveLength(0);
    expect(await w.qboList('Invoice')).toHaveLength(0);
    held = (await (await call('GET', '/api/v1/sync/held')).json()) as HeldRecordsResponse;
    expect(held.total).toBe(2);
    expect(held.records.map((r) => `${r.kind}:${r.id}`).sort()).toEqual(
      [`customer:${customer.id}`, `invoice:${invoice.id}`].sort(),
    );
    // Named the way the admin knows them, read from Exoserva (issue 21).
    expect(held.records.find((r) => r.kind === 'invoice')).toMatchObject({
      label: invoice.number,
      amountCents: 12_345,
      customerName: customer.displayName,
    });
    expect(held.records.find((r) => r.kind === 'customer')).toMatchObject({ label: customer.displayName });
    // Tenant-wide Sync Now is not the explicit choice: it leaves held records alone.
    expect(await (await call('POST', '/api/v1/sync/run')).json()).toEqual({ queued: 0 });

    const tech = await signSession({ tid: TENANT, role: 'technician', sub: 'usr_theo' });
    expect((await call('GET', '/api/v1/sync/held', undefined, tech)).status).toBe(403);
    expect((await call('POST', '/api/v1/sync/held/release', { all: true }, tech)).status).toBe(403);

    const released = await call('POST', '/api/v1/sync/held/release', { all: true });
    expect(await released.json()).toEqual({ released: 2 });
    expect(await w.settle()).toEqual({ done: 2 });
    expect(await named()).toHaveLength(1);
    const invoices = await w.qboList('Invoice');
    expect(invoices).toHaveLength(1);
    expect(Math.round(Number(invoices[0]?.TotalAmt) * 100)).toBe(12_345);
    held = (await (await call('GET', '/api/v1/sync/held')).json()) as HeldRecordsResponse;
    expect(held).toEqual({ records: [], total: 0 });

    const audit = (await (await call('GET', '/api/v1/audit')).json()) as {
      entries: {
        action: string;
        detail: string | null;
        detailCode?: string;
        detailParams?: Record<string, string | number>;
        actor: { userId: string } | null;
      }[];
    };
    const entry = audit.entries.find((e) => e.action === 'held_released');
    expect(entry?.actor?.userId).toBe('usr_olivia');
    expect(entry?.detail).toMatch(/^2 record/);
    // The same fact as a code the wizard says in the admin's language.
    expect(entry?.detailCode).toMatch(/^held_released(_all)?$/);
    expect(entry?.detailParams).toEqual({ count: 2 });
  });

  it('holds what was still waiting at the moment of disconnect, and releases only the records asked for (with what they need)', async () => {
    world = await startSyncWorld({ openDatabase: await pglite(), autoSync: false });
    const w = world;
    const bff = w.instances[0]!;
    const owner = await signSession({ tid: TENANT });
    const call = (method: string, path: string, body?: unknown) =>
      fetch(`${bff.url}${path}`, {
        method,
        headers: { authorization: `Bearer ${owner}`, 'content-type': 'application/json' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
    const customer = await w.exoPost<ExoCustomer>('/customers', { displayName: uniqueName('Waiting') });
    const invoice = await w.exoPost<ExoInvoice>('/invoices', {
      customerId: customer.id,
      lines: [{ kind: 'labor', description: 'Visit', quantityMilli: 1000, unitPriceCents: 5_000 }],
    });
    const other = await w.exoPost<ExoCustomer>('/customers', { displayName: uniqueName('Other') });
    await w.exo.sandbox.events.idle();
    await pause(200);

    await call('POST', '/api/v1/connection/disconnect', {});
    await w.reconnect();
    await call('PUT', '/api/v1/sync/settings', { autoSync: true, override: true });
    await pause(300);
    expect(await w.qboList('Invoice')).toHaveLength(0);
    const held = (await (await call('GET', '/api/v1/sync/held')).json()) as HeldRecordsResponse;
    expect(held.total).toBe(3);

    // One record that is not held refuses the whole request and releases nothing.
    const mixed = await call('POST', '/api/v1/sync/held/release', {
      records: [
        { kind: 'invoice', id: invoice.id },
        { kind: 'invoice', id: 'inv_not_held' },
      ],
    });
    expect(mixed.status).toBe(404);
    expect(((await (await call('GET', '/api/v1/sync/held')).json()) as HeldRecordsResponse).total).toBe(3);

    const res = await call('POST', '/api/v1/sync/held/release', {
      records: [{ kind: 'invoice', id: invoice.id }],
    });
    expect(await res.json()).toEqual({ released: 1 });
    await w.settle();
    expect(await w.qboList('Invoice')).toHaveLength(1);
    const names = (await w.qboList('Customer')).map((c) => c.DisplayName);
    expect(names).toContain(customer.displayName);
    expect(names).not.toContain(other.displayName);
    const left = (await (await call('GET', '/api/v1/sync/held')).json()) as HeldRecordsResponse;
    expect(left.records.map((r) => r.id)).toEqual([other.id]);
  });

  it('pauses on needs-reconnect, keeps the queue, and resumes after reconnecting without any release', async () => {
    world = await startSyncWorld({ openDatabase: await pglite() });
    const w = world;
    const bff = w.instances[0]!.bff;
    await w.faults({ revokeTokens: true });
    const customer = await w.exoPost<ExoCustomer>('/customers', { displayName: uniqueName('Paused Pat') });
    await w.exoPost<ExoInvoice>('/invoices', {
      customerId: customer.id,
      lines: [{ kind: 'labor', description: 'Repair', quantityMilli: 1000, unitPriceCents: 9_900 }],
    });
    await w.exo.sandbox.events.idle();
    await until(async () => (await bff.services.tokens.connectionHealth(TENANT)).state === 'needs_reconnect');
    expect((await bff.services.tokens.connectionHealth(TENANT)).state).toBe('needs_reconnect');
    await pause(200);
    expect(await bff.services.sync.summary(TENANT)).toMatchObject({ paused: true, pending: 2, failed: 0 });
    expect(await bff.services.sync.held(TENANT)).toEqual({ records: [], total: 0 });
    expect(await w.qboList('Invoice')).toHaveLength(0);

    await w.reconnect();
    expect(await w.settle()).toEqual({ done: 2 });
    expect((await w.qboList('Customer')).filter((c) => c.DisplayName === customer.displayName)).toHaveLength(
      1,
    );
    expect((await w.qboList('Invoice')).map((i) => Math.round(Number(i.TotalAmt) * 100))).toEqual([9_900]);
  });
});
