import type { NotificationMessage } from '@exoserva/contracts';
import { describe, expect, it } from 'vitest';
import { createExoservaSandbox } from './app.ts';
import { createManualClock } from './clock.ts';

const secret = 'test-session-secret-0123456789abcdef';
const apiKey = 'service-key-0123456789';
const path = '/api/tenants/ten_summit/notifications';

const message: NotificationMessage = {
  id: 'msg_1',
  type: 'sync_failed',
  tenantId: 'ten_summit',
  createdAt: '2026-01-10T17:00:00.000Z',
  subject: "QuickBooks sync: Customer Smith Plumbing (cus_1) didn't sync — Customer name conflict",
  summary: 'Fix: link or rename.',
  link: 'http://localhost:5173/settings/integrations/quickbooks/status',
  items: [],
  moreCount: 0,
  recipients: { roles: ['owner', 'tenant_admin'], emails: [] },
};

async function sessionFor(app: ReturnType<typeof createExoservaSandbox>['app'], role: string) {
  const res = await app.request('/api/dev/session', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ role }),
  });
  return ((await res.json()) as { token: string }).token;
}

describe('the notification inbox', () => {
  const { app } = createExoservaSandbox({ sessionSecret: secret, apiKey, clock: createManualClock() });
  const postAs = (headers: Record<string, string>, body: unknown = message) =>
    app.request(path, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
    });

  it('takes a message from the service once, and shows it to admins but not to a technician', async () => {
    expect((await postAs({ 'x-exoserva-api-key': apiKey })).status).toBe(201);
    expect((await postAs({ 'x-exoserva-api-key': apiKey })).status).toBe(200);
    const owner = await sessionFor(app, 'owner');
    const list = (await (
      await app.request(path, { headers: { authorization: `Bearer ${owner}` } })
    ).json()) as {
      items: NotificationMessage[];
    };
    expect(list.items.map((m) => m.id)).toEqual(['msg_1']);
    const tech = await sessionFor(app, 'technician');
    const techList = (await (
      await app.request(path, { headers: { authorization: `Bearer ${tech}` } })
    ).json()) as { items: unknown[] };
    expect(techList.items).toEqual([]);
  });

  it('refuses posts without the service key, from a user, with a bad body or for another tenant', async () => {
    expect((await postAs({})).status).toBe(401);
    const owner = await sessionFor(app, 'owner');
    expect((await postAs({ authorization: `Bearer ${owner}` })).status).toBe(403);
    expect((await postAs({ 'x-exoserva-api-key': apiKey }, { ...message, id: 2 })).status).toBe(400);
    expect(
      (await postAs({ 'x-exoserva-api-key': apiKey }, { ...message, tenantId: 'ten_northwind' })).status,
    ).toBe(400);
  });
});
