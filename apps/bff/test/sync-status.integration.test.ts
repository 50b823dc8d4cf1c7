import type {
  AuditEntry,
  ExoCustomer,
  ExoInvoice,
  FailureSearchResponse,
  LinkCandidatesResponse,
  RecordTimelineResponse,
  SyncActivityResponse,
  SyncStatusResponse,
} from '@exoserva/contracts';
import { DEFAULT_APP } from '@exoserva/qbo-sandbox';
import { afterEach, describe, expect, it } from 'vitest';
import { signSession } from './support/env.ts';
import { freshPglite } from './support/pglite-template.ts';
import { REALM, startSyncWorld, TENANT, uniqueName, type SyncWorld } from './support/sync-world.ts';

// Issue 7 (GUIDE step 7) against both sandboxes: a name conflict shows in Failed with its fix, is resolved by
// linking to the QuickBooks customer (no duplicate), ignore / un-ignore, bulk retry, the timeline, and
// another tenant's ids are refused.

let world: SyncWorld | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

async function start(options: { autoSync?: boolean } = {}) {
  const db = await freshPglite();
  world = await startSyncWorld({ openDatabase: () => db, ...options });
  const w = world;
  const owner = await signSession({ tid: TENANT, name: 'Olivia Owner' });
  const rival = await signSession({ tid: 'ten_rival', sub: 'usr_mallory' });
  const technician = await signSession({ tid: TENANT, role: 'technician', sub: 'usr_theo' });
  const call = async (method: string, path: string, body?: unknown, token = owner) => {
    const res = await fetch(`${w.instances[0]!.url}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: res.status, body: (await res.json()) as unknown };
  };
  /** The bookkeeper enters a customer in QuickBooks (the sandbox's Accounting API). */
  const qboCustomer = async (displayName: string) => {
    const grant = (await (
      await fetch(`${w.qbo.url}/_sandbox/tokens`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ realmId: REALM, clientId: DEFAULT_APP.clientId }),
      })
    ).json()) as { access_token: string };
    const res = await fetch(`${w.qbo.url}/v3/company/${REALM}/customer`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${grant.access_token}`,
        'content-type': 'application/json',
        accept: 'application/json',
      },
      // Entered by hand with an email Exoserva doesn't have: not our own earlier write, so not adopted.
      body: JSON.stringify({
        DisplayName: displayName,
        PrimaryEmailAddr: { Address: 'front-desk@example.com' },
      }),
    });
    expect(res.status).toBe(200);
    return ((await res.json()) as { Customer: { Id: string } }).Customer.Id;
  };
  /** An Exoserva customer whose name QuickBooks already has, with an invoice that waits on it. */
  const conflict = async (prefix: string) => {
    const name = uniqueName(prefix);
    const qboId = await qboCustomer(name);
    const customer = await w.exoPost<ExoCustomer>('/customers', { displayName: name });
    const invoice = await w.exoPost<ExoInvoice>('/invoices', {
      customerId: customer.id,
      lines: [{ kind: 'labor', description: 'Repair', quantityMilli: 1000, unitPriceCents: 12_500 }],
    });
    return { name, qboId, customer, invoice };
  };
  const status = async () => (await call('GET', '/api/v1/sync/status')).body as SyncStatusResponse;
  const failures = async (filter: object = {}) =>
    (await call('POST', '/api/v1/sync/status/failures', filter)).body as FailureSearchResponse;
  return { w, call, conflict, status, failures, owner, rival, technician };
}

describe('the Sync Status dashboard against both sandboxes', () => {
  it('shows a name conflict with its fix, links it to the existing QuickBooks customer, and lands it without a duplicate', async () => {
    const { w, call, conflict, status, failures } = await start();
    const { name, qboId, customer, invoice } = await conflict('Smith Plumbing');
    await w.settle();

    expect(await status()).toMatchObject({ connection: 'connected', failed: 1, blocked: 1, pending: 0 });
    const list = await failures();
    const failed = list.records.find((r) => r.id === customer.id);
    expect(failed).toMatchObject({ kind: 'customer', label: name, state: 'failed' });
    expect(failed?.failure).toMatchObject({
      code: 'customer_name_conflict',
      title: 'Customer name conflict',
    });
    expect(failed?.failure.fix).toContain(`A customer named '${name}' already exists in QuickBooks`);
    expect(failed?.failure.details).toMatchObject({ name });
    // The waiting invoice as a bookkeeper knows it (issue 21): number, customer and amount, and what it waits for.
    expect(list.records.find((r) => r.id === invoice.id)).toMatchObject({
      state: 'blocked',
      label: invoice.number,
      customerName: name,
      amountCents: invoice.totalCents,
      blockedBy: [{ kind: 'customer', id: customer.id, label: name }],
    });
    expect(list.codes).toContainEqual({ code: 'customer_name_conflict', count: 1 });
    // Search by the name, the id, and a filter that matches nothing.
    expect((await failures({ search: name.slice(0, 12).toUpperCase() })).records.map((r) => r.id)).toEqual([
      customer.id,
    ]);
    expect((await failures({ search: customer.id })).total).toBe(1);
    expect((await failures({ code: 'invalid_tax_rate' })).total).toBe(0);

    const candidates = (
      await call('POST', `/api/v1/sync/records/customer/${customer.id}/link-candidates`, {})
    ).body as LinkCandidatesResponse;
    expect(candidates.search).toBe(name);
    expect(candidates.candidates[0]).toMatchObject({
      qboId,
      displayName: name,
      sameName: true,
      linkedTo: null,
    });
    expect(candidates.candidates[0]?.quickBooksUrl).toBe(
      `https://app.sandbox.qbo.intuit.com/app/customerdetail?nameId=${qboId}`,
    );

    const linked = await call('POST', `/api/v1/sync/records/customer/${customer.id}/link`, {
      qboCustomerId: qboId,
    });
    expect(linked).toEqual({ status: 200, body: { qboId, queued: 1 } });
    expect(await w.settle()).toEqual({ done: 2 });
    expect((await w.qboList('Customer')).filter((c) => c.DisplayName === name)).toHaveLength(1);
    const landed = (await w.qboList('Invoice')).find((i) => i.DocNumber === invoice.number);
    expect((landed?.CustomerRef as { value: string }).value).toBe(qboId);
    expect(await status()).toMatchObject({ failed: 0, blocked: 0, pending: 0, synced: 2 });
    expect((await status()).lastSuccessAt).not.toBeNull();

    // The timeline: queued → failed (Intuit's intuit_tid) → linked → queued again → sent (the update) → synced.
    const timeline = (await call('GET', `/api/v1/sync/records/customer/${customer.id}/timeline`))
      .body as RecordTimelineResponse;
    expect(timeline).toMatchObject({ state: 'synced', qboId, label: name, truncated: false });
    expect(timeline.quickBooksUrl).toContain(`nameId=${qboId}`);
    const events = timeline.entries.map((e) => e.event);
    expect(events.slice(0, 1)).toEqual(['queued']);
    expect(events).toEqual(expect.arrayContaining(['sent', 'failed', 'linked', 'synced']));
    expect(events.indexOf('linked')).toBeLessThan(events.lastIndexOf('synced'));
    const failedEntry = timeline.entries.find((e) => e.event === 'failed');
    expect(failedEntry?.failure?.intuit?.intuitTid).toMatch(/\S/);
    const synced = timeline.entries.findLast((e) => e.event === 'synced');
    expect(synced).toMatchObject({ operation: 'update', qboId });
    expect(synced?.syncToken).toMatch(/^\d+$/);
    expect(synced?.intuitTid).toMatch(/\S/);
    const sent = timeline.entries.findLast((e) => e.event === 'sent');
    expect(sent).toMatchObject({ operation: 'update' });
    expect(sent?.payload).toMatchObject({ Id: qboId, DisplayName: name });
    expect(sent?.requestId).toMatch(/\S/);
    // Tokens never reach the log.
    expect(JSON.stringify(timeline)).not.toMatch(/access_token|refresh_token|Bearer/i);

    const audit = (await call('GET', '/api/v1/audit')).body as { entries: AuditEntry[] };
    expect(audit.entries.find((e) => e.action === 'sync_customer_linked')?.detail).toContain(qboId);

    const activity = (await call('GET', '/api/v1/sync/status/activity')).body as SyncActivityResponse;
    expect(activity.days).toBe(30);
    const totals = activity.hours.reduce(
      (t, h) => ({ synced: t.synced + h.synced, failed: t.failed + h.failed }),
      { synced: 0, failed: 0 },
    );
    expect(totals).toEqual({ synced: 2, failed: 1 });
  });

  it('ignores a failure with a reason (out of the counter and of Sync Now), lists it under the filter, and un-ignores it', async () => {
    const { w, call, conflict, status, failures } = await start();
    const { customer } = await conflict('Ignored Ida');
    await w.settle();
    const path = `/api/v1/sync/records/customer/${customer.id}`;

    expect((await call('POST', `${path}/ignore`, { reason: 'no' })).status).toBe(400);
    const ignored = await call('POST', `${path}/ignore`, { reason: 'Duplicate of a walk-in customer' });
    expect(ignored.status).toBe(200);
    expect(ignored.body).toMatchObject({
      ignored: { userId: 'usr_olivia', name: 'Olivia Owner', reason: 'Duplicate of a walk-in customer' },
    });
    expect((await call('POST', `${path}/ignore`, { reason: 'twice over' })).status).toBe(409);
    expect(await status()).toMatchObject({ failed: 0, ignored: 1 });
    expect((await failures()).records.map((r) => r.id)).not.toContain(customer.id);
    const listed = await failures({ ignored: true });
    expect(listed.records.map((r) => r.id)).toEqual([customer.id]);
    expect(listed.records[0]?.ignored?.reason).toBe('Duplicate of a walk-in customer');

    // Sync Now ("Retry all") leaves an ignored record alone; its own Retry still works.
    await call('POST', '/api/v1/sync/run', {});
    await w.settle();
    expect(await status()).toMatchObject({ failed: 0, ignored: 1 });

    expect((await call('POST', `${path}/unignore`, {})).body).toEqual({ ignored: null });
    expect((await call('POST', `${path}/unignore`, {})).status).toBe(409);
    expect(await status()).toMatchObject({ failed: 1, ignored: 0 });
    const timeline = (await call('GET', `${path}/timeline`)).body as RecordTimelineResponse;
    expect(timeline.entries.filter((e) => ['ignored', 'unignored'].includes(e.event))).toMatchObject([
      { event: 'ignored', detail: 'Duplicate of a walk-in customer', actorName: 'Olivia Owner' },
      { event: 'unignored' },
    ]);
    const actions = ((await call('GET', '/api/v1/audit')).body as { entries: AuditEntry[] }).entries.map(
      (e) => e.action,
    );
    expect(actions).toEqual(expect.arrayContaining(['sync_record_ignored', 'sync_record_unignored']));
  });

  it('retries the selection or a whole filter in bulk', async () => {
    const { w, call, conflict, status } = await start();
    const a = await conflict('Bulk Ann');
    const b = await conflict('Bulk Bob');
    await w.settle();
    expect(await status()).toMatchObject({ failed: 2, blocked: 2 });

    const one = await call('POST', '/api/v1/sync/status/retry', {
      records: [{ kind: 'customer', id: a.customer.id }],
    });
    expect(one.body).toEqual({ queued: 1 });
    await w.settle();
    expect(await status()).toMatchObject({ failed: 2, blocked: 2 });

    const all = await call('POST', '/api/v1/sync/status/retry', { filter: { kind: 'customer' } });
    expect(all.body).toEqual({ queued: 2 });
    const timeline = (await call('GET', `/api/v1/sync/records/customer/${b.customer.id}/timeline`))
      .body as RecordTimelineResponse;
    expect(timeline.entries.filter((e) => e.event === 'queued').map((e) => e.detail)).toEqual([
      'new',
      'retry',
    ]);
  });

  it('refuses a technician, and refuses another tenant’s ids without touching them', async () => {
    const { w, call, conflict, status, rival, technician } = await start();
    const { customer, qboId } = await conflict('Private Pete');
    await w.settle();
    const path = `/api/v1/sync/records/customer/${customer.id}`;

    for (const [method, url, body] of [
      ['GET', '/api/v1/sync/status', undefined],
      ['POST', '/api/v1/sync/status/failures', {}],
      ['GET', `${path}/timeline`, undefined],
      ['POST', `${path}/ignore`, { reason: 'not yours' }],
    ] as const) {
      expect((await call(method, url, body, technician)).status).toBe(403);
    }

    expect((await call('GET', `${path}/timeline`, undefined, rival)).status).toBe(404);
    expect((await call('POST', `${path}/ignore`, { reason: 'not yours' }, rival)).status).toBe(404);
    expect((await call('POST', `${path}/unignore`, {}, rival)).status).toBe(404);
    expect((await call('POST', `${path}/link-candidates`, {}, rival)).status).toBe(404);
    expect((await call('POST', `${path}/link`, { qboCustomerId: qboId }, rival)).status).toBe(404);
    const retried = await call(
      'POST',
      '/api/v1/sync/status/retry',
      { records: [{ kind: 'customer', id: customer.id }] },
      rival,
    );
    expect(retried.status).toBe(404);
    const theirs = (await call('POST', '/api/v1/sync/status/failures', {}, rival))
      .body as FailureSearchResponse;
    expect(theirs.total).toBe(0);
    expect(
      JSON.stringify((await call('GET', '/api/v1/sync/status/activity', undefined, rival)).body),
    ).not.toMatch(/"synced":[1-9]|"failed":[1-9]/);
    expect(await status()).toMatchObject({ failed: 1, ignored: 0 });

    // An invoice cannot be linked, and a customer that did not fail cannot be either.
    expect(
      (await call('POST', '/api/v1/sync/records/invoice/inv_x/link', { qboCustomerId: '1' })).status,
    ).toBe(400);
  });

  it('ends the timeline of a record sent again unchanged on “In QuickBooks”, not on “Queued” (issue 21)', async () => {
    const { w, call } = await start();
    const customer = await w.exoPost<ExoCustomer>('/customers', { displayName: uniqueName('Unchanged') });
    await w.settle();
    expect((await call('POST', `/api/v1/sync/records/customer/${customer.id}/run`, {})).status).toBe(200);
    await w.settle();
    const timeline = (await call('GET', `/api/v1/sync/records/customer/${customer.id}/timeline`))
      .body as RecordTimelineResponse;
    const last = timeline.entries.at(-1);
    expect(last).toMatchObject({ event: 'synced', detail: 'unchanged', qboId: timeline.qboId });
    expect(timeline.entries.filter((e) => e.event === 'sent')).toHaveLength(1);
    // It wrote nothing: the activity chart counts the one write.
    const activity = (await call('GET', '/api/v1/sync/status/activity')).body as SyncActivityResponse;
    expect(activity.hours.reduce((n, h) => n + h.synced, 0)).toBe(1);
  });
});
