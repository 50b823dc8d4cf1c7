import type { ExoCustomer } from '@exoserva/contracts';
import { afterEach, describe, expect, it } from 'vitest';
import { freshPglite } from './support/pglite-template.ts';
import { REALM, startSyncWorld, TENANT, uniqueName, type SyncWorld } from './support/sync-world.ts';

/**
 * Two-way customers without webhooks: Intuit's webhooks can be late or lost, so change-data-capture polling is
 * the safety net (issue 6). Here no webhook is ever sent; only the poll can bring the QuickBooks-side changes.
 */
let world: SyncWorld | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

const EXO_KEY = { 'x-exoserva-api-key': 'exoserva-service-key-0123456789' };

describe('CDC polling (two-way customers, no webhooks)', () => {
  it('brings QuickBooks-side creates and edits into Exoserva once, and a second poll changes nothing', async () => {
    const db = await freshPglite();
    world = await startSyncWorld({ openDatabase: () => Promise.resolve(db), customerDirection: 'two_way' });
    const w = world;
    const bff = w.instances[0]!.bff;
    const engine = bff.services.syncEngine;
    if (!engine) throw new Error('the sync world always has an engine');

    const mine = await w.exoPost<ExoCustomer>('/customers', { displayName: uniqueName('Polled Pia') });
    await w.settle();
    // The first poll only sets the cursor: history before two-way was chosen is not imported by CDC.
    expect(await engine.pollCustomerChanges()).toBe(0);

    const token = await bff.services.tokens.getAccessToken(TENANT);
    if (!token.ok) throw new Error('no token');
    const qboWrite = async (path: string, body: unknown) =>
      (await (
        await fetch(`${w.qbo.url}/v3/company/${REALM}/${path}`, {
          method: 'POST',
          headers: {
            authorization: `Bearer ${token.value.accessToken}`,
            'content-type': 'application/json',
            accept: 'application/json',
          },
          body: JSON.stringify(body),
        })
      ).json()) as { Customer: { Id: string; SyncToken: string; DisplayName: string } };

    // The bookkeeper types a new customer into QuickBooks and edits the one the engine created.
    const typed = await qboWrite('customer', { DisplayName: uniqueName('Typed In QuickBooks') });
    const synced = (await w.qboList('Customer')).find((c) => c.DisplayName === mine.displayName)!;
    await new Promise((r) => setTimeout(r, 1100)); // QuickBooks' edit must be the most recent one
    await qboWrite('customer?operation=update', {
      Id: synced.Id,
      SyncToken: synced.SyncToken,
      sparse: true,
      PrimaryEmailAddr: { Address: 'pia@polled.example' },
    });

    expect(await engine.pollCustomerChanges()).toBeGreaterThanOrEqual(2);
    await w.settle();
    const list = async () =>
      (
        (await (
          await fetch(`${w.exo.url}/api/tenants/${TENANT}/customers`, { headers: EXO_KEY })
        ).json()) as {
          items: ExoCustomer[];
        }
      ).items;
    let customers = await list();
    expect(customers.filter((c) => c.displayName === typed.Customer.DisplayName)).toHaveLength(1);
    expect(customers.find((c) => c.id === mine.id)?.email).toBe('pia@polled.example');

    // The poll overlaps its cursor by a minute, so it sees the same changes again: nothing is created twice
    // and nothing echoes back to QuickBooks.
    const writesBefore = await qboCustomerWrites(w);
    await engine.pollCustomerChanges();
    await w.settle();
    customers = await list();
    expect(customers.filter((c) => c.displayName === typed.Customer.DisplayName)).toHaveLength(1);
    expect(await qboCustomerWrites(w)).toBe(writesBefore);
    expect((await w.qboList('Customer')).filter((c) => c.DisplayName === mine.displayName)).toHaveLength(1);
  });

  it('reads the customers one claim brings in with one query, not one metered read each (issue 24)', async () => {
    const db = await freshPglite();
    // No workers: the test runs the claim itself, so the three changes are claimed together.
    world = await startSyncWorld({
      openDatabase: () => Promise.resolve(db),
      customerDirection: 'two_way',
      workersPerInstance: 0,
    });
    const w = world;
    const bff = w.instances[0]!.bff;
    const engine = bff.services.syncEngine!;
    expect(await engine.pollCustomerChanges()).toBe(0); // sets the cursor
    const token = await bff.services.tokens.getAccessToken(TENANT);
    if (!token.ok) throw new Error('no token');
    const names = [uniqueName('Batch One'), uniqueName('Batch Two'), uniqueName('Batch Three')];
    for (const DisplayName of names) {
      const res = await fetch(`${w.qbo.url}/v3/company/${REALM}/customer`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${token.value.accessToken}`,
          'content-type': 'application/json',
          accept: 'application/json',
        },
        body: JSON.stringify({ DisplayName }),
      });
      expect(res.status).toBe(200);
    }
    expect(await engine.pollCustomerChanges()).toBe(3);
    const requests = async () =>
      (await (await fetch(`${w.qbo.url}/_sandbox/requests?realmId=${REALM}`)).json()) as {
        method: string;
        path: string;
      }[];
    const before = (await requests()).length;
    expect(await engine.runOnce('test')).toBe(3);
    const made = (await requests()).slice(before).filter((r) => r.method === 'GET');
    expect(made.filter((r) => /\/customer\/\d+$/.test(r.path))).toEqual([]);
    expect(made.filter((r) => r.path.endsWith('/query'))).toHaveLength(1);
    const customers = (
      (await (await fetch(`${w.exo.url}/api/tenants/${TENANT}/customers`, { headers: EXO_KEY })).json()) as {
        items: ExoCustomer[];
      }
    ).items;
    for (const name of names) expect(customers.filter((c) => c.displayName === name)).toHaveLength(1);
  });

  it('puts the change feed off when the app nears its metered allowance, and never the writes (issue 24)', async () => {
    const db = await freshPglite();
    world = await startSyncWorld({
      openDatabase: () => Promise.resolve(db),
      customerDirection: 'two_way',
      env: { QBO_METERED_MONTHLY_ALLOWANCE: '10' },
    });
    const w = world;
    const engine = w.instances[0]!.bff.services.syncEngine!;
    const month = new Date().toISOString().slice(0, 7);
    // The change feed has a cursor (without the guard, the next poll reads it)…
    await db.query(
      `INSERT INTO sync_tenant_state (tenant_id, cdc_since) VALUES ($1, now() - interval '1 hour')
       ON CONFLICT (tenant_id) DO UPDATE SET cdc_since = EXCLUDED.cdc_since`,
      [TENANT],
    );
    // …but 9 of the app's 10 metered calls this month are spent (90 %).
    await db.query(
      `INSERT INTO qbo_metered_calls (realm_id, month, purpose, calls) VALUES ($1, $2, 'sync', 9)`,
      [REALM, month],
    );
    const cdcReads = async () =>
      (
        (await (await fetch(`${w.qbo.url}/_sandbox/requests?realmId=${REALM}`)).json()) as { path: string }[]
      ).filter((r) => r.path.endsWith('/cdc')).length;
    expect(await engine.pollCustomerChanges()).toBe(0);
    expect(await engine.pollCustomerChanges()).toBe(0);
    expect(await cdcReads()).toBe(0);
    expect(w.instances[0]!.lines.some((l) => l.includes('qbo.metered_reads_deferred'))).toBe(true);
    // Writes go on: a customer made in Exoserva lands in QuickBooks.
    const customer = await w.exoPost<ExoCustomer>('/customers', { displayName: uniqueName('Still Synced') });
    await w.settle();
    expect((await w.qboList('Customer')).filter((c) => c.DisplayName === customer.displayName)).toHaveLength(
      1,
    );
    const view = (await (await fetch(`${w.instances[0]!.url}/operator/metered-calls`)).json()) as {
      allowance: number;
      deferring: boolean;
    };
    expect(view).toMatchObject({ allowance: 10, deferring: true });
  });

  it('reads the change feed once per window however many instances poll (issue 24: each read is metered)', async () => {
    const db = await freshPglite();
    world = await startSyncWorld({
      openDatabase: () => Promise.resolve(db),
      customerDirection: 'two_way',
      instances: 3,
    });
    const w = world;
    const engines = w.instances.map((i) => i.bff.services.syncEngine!);
    const cdcReads = async () => {
      const requests = (await (await fetch(`${w.qbo.url}/_sandbox/requests?realmId=${REALM}`)).json()) as {
        path: string;
      }[];
      return requests.filter((r) => r.path.endsWith('/cdc')).length;
    };
    const everyMs = 60 * 60_000;
    // The first window sets the cursor (no read); the next windows are claimed by one instance each.
    await Promise.all(engines.map((e) => e.pollCustomerChanges({ everyMs })));
    expect(await cdcReads()).toBe(0);
    await db.query(`UPDATE sync_tenant_state SET cdc_next_at = now() - interval '1 second'`);
    await Promise.all(engines.map((e) => e.pollCustomerChanges({ everyMs })));
    expect(await cdcReads()).toBe(1);
    // Within the window, nobody reads again…
    await Promise.all(engines.map((e) => e.pollCustomerChanges({ everyMs })));
    expect(await cdcReads()).toBe(1);
    // …and when it comes round, one instance does.
    await db.query(`UPDATE sync_tenant_state SET cdc_next_at = now() - interval '1 second'`);
    await Promise.all(engines.map((e) => e.pollCustomerChanges({ everyMs })));
    expect(await cdcReads()).toBe(2);
  });
});

async function qboCustomerWrites(w: SyncWorld): Promise<number> {
  const requests = (await (await fetch(`${w.qbo.url}/_sandbox/requests?realmId=${REALM}`)).json()) as {
    method: string;
    path: string;
  }[];
  return requests.filter((r) => r.method === 'POST' && r.path.endsWith('/customer')).length;
}
