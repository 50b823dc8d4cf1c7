import type { ExoCustomer, NotificationMessage } from '@exoserva/contracts';
import { afterEach, describe, expect, it } from 'vitest';
import { signSession } from './support/env.ts';
import { freshPglite } from './support/pglite-template.ts';
import { REALM, startSyncWorld, TENANT, uniqueName, type SyncWorld } from './support/sync-world.ts';

let world: SyncWorld | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

const inbox = (w: SyncWorld) => w.exo.sandbox.inbox.list(TENANT);

async function waitFor<T>(
  read: () => T | Promise<T>,
  done: (v: T) => boolean,
  timeoutMs = 15_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Types a customer into QuickBooks by hand (another email: not ours to adopt), so the same name conflicts. */
async function takeName(w: SyncWorld, name: string) {
  const token = await w.instances[0]!.bff.services.tokens.getAccessToken(TENANT);
  if (!token.ok) throw new Error('no token');
  await fetch(`${w.qbo.url}/v3/company/${REALM}/customer`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${token.value.accessToken}`,
      'content-type': 'application/json',
      accept: 'application/json',
    },
    body: JSON.stringify({ DisplayName: name, PrimaryEmailAddr: { Address: 'other@example.com' } }),
  });
  return token.value.accessToken;
}

describe('failure notifications through the dev adapter (the Exoserva stand-in’s inbox)', () => {
  it('a name conflict raises exactly one notification, with the fix and a link, however often it is retried', async () => {
    world = await startSyncWorld({ openDatabase: async () => await freshPglite() });
    const w = world;
    const taken = uniqueName('Smith Plumbing');
    const accessToken = await takeName(w, taken);
    const customer = await w.exoPost<ExoCustomer>('/customers', {
      displayName: taken,
      email: 'smith@example.com',
    });
    await w.settle();

    const delivered = await waitFor(
      () => inbox(w),
      (list) => list.length > 0,
    );
    expect(delivered).toHaveLength(1);
    const [message] = delivered as NotificationMessage[];
    expect(message).toMatchObject({
      type: 'sync_failed',
      items: [
        {
          recordKind: 'customer',
          recordId: customer.id,
          label: taken,
          code: 'customer_name_conflict',
          title: 'Customer name conflict',
        },
      ],
    });
    expect(message?.link).toMatch(/\/settings\/integrations\/quickbooks\/status$/);
    expect(message?.summary).toContain('Fix:');

    // Retry (Sync Now) fails again without landing in between: the same episode, nothing new.
    const owner = await signSession({ tid: TENANT });
    const retry = await fetch(`${w.instances[0]!.url}/api/v1/sync/records/customer/${customer.id}/run`, {
      method: 'POST',
      headers: { authorization: `Bearer ${owner}` },
    });
    expect(retry.status).toBe(200);
    await w.settle();
    await new Promise((r) => setTimeout(r, 2500));
    expect(inbox(w)).toHaveLength(1);

    const recent = (await (
      await fetch(`${w.instances[0]!.url}/api/v1/notifications`, {
        headers: { authorization: `Bearer ${owner}` },
      })
    ).json()) as { notifications: { status: string; recordCount: number }[] };
    expect(recent.notifications).toEqual([expect.objectContaining({ status: 'sent', recordCount: 1 })]);

    // Nothing of the connection's credentials travels with a notification.
    const { rows } = await w.instances[0]!.bff.database.query<{ payload: unknown }>(
      'SELECT payload FROM notification_messages',
    );
    const everything = JSON.stringify([inbox(w), rows]);
    expect(everything).not.toContain(accessToken);
    expect(everything).not.toContain(accessToken.slice(0, 20));
  });

  it('retryable failures (QuickBooks 5xx) never notify', async () => {
    world = await startSyncWorld({ openDatabase: async () => await freshPglite() });
    const w = world;
    await w.faults({ errorRate: 0.5, seed: 3 });
    for (let i = 0; i < 4; i++) await w.exoPost('/customers', { displayName: uniqueName(`Retry ${i}`) });
    await w.exo.sandbox.events.idle();
    await new Promise((r) => setTimeout(r, 500));
    await w.faults({});
    expect(await w.settle()).toEqual({ done: 4 });
    await new Promise((r) => setTimeout(r, 2000));
    expect(inbox(w)).toEqual([]);
  });

  it('a test notification reaches the inbox within seconds', async () => {
    world = await startSyncWorld({ openDatabase: async () => await freshPglite() });
    const w = world;
    const owner = await signSession({ tid: TENANT });
    const res = await fetch(`${w.instances[0]!.url}/api/v1/notifications/test`, {
      method: 'POST',
      headers: { authorization: `Bearer ${owner}` },
    });
    expect(res.status).toBe(202);
    const started = Date.now();
    const delivered = await waitFor(
      () => inbox(w),
      (list) => list.length > 0,
      5000,
    );
    expect(delivered.map((m) => m.type)).toEqual(['test']);
    expect(Date.now() - started).toBeLessThan(5000);
  });
});
