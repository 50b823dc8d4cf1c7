import type { NotificationMessage } from '@exoserva/contracts';
import { act, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { InboxButton, NotificationsProvider, Toasts } from './notifications.tsx';
import { PlatformInboxFeed } from './platform-inbox.tsx';

const message = (id: string, subject: string): NotificationMessage => ({
  id,
  type: 'sync_failed',
  tenantId: 'tenant-summit',
  createdAt: '2026-11-24T12:00:00.000Z',
  subject,
  summary: 'Fix: link or rename.',
  link: `${window.location.origin}/settings/integrations/quickbooks/status`,
  items: [
    {
      recordKind: 'customer',
      recordId: 'cus_1',
      label: 'Smith Plumbing',
      code: 'customer_name_conflict',
      title: 'Customer name conflict',
      fix: 'Link to it, or rename in Exoserva.',
      failedAt: '2026-11-24T12:00:00.000Z',
    },
  ],
  moreCount: 0,
  recipients: { roles: ['owner', 'tenant_admin'], emails: [] },
});

function platform(initial: NotificationMessage[]) {
  let items = initial;
  const requests: Array<{ url: string; auth: string | null }> = [];
  const fetchImpl = (async (url: string, init?: RequestInit) => {
    requests.push({ url, auth: new Headers(init?.headers).get('authorization') });
    return Response.json({ items: [...items].reverse() });
  }) as typeof fetch;
  return { fetchImpl, requests, deliver: (m: NotificationMessage) => (items = [...items, m]) };
}

const tick = () => act(() => new Promise((r) => setTimeout(r, 80)));

describe('the dev shell inbox fed by the platform', () => {
  it('fills the bell quietly at sign-in, then toasts and lists what arrives, each once, with a link to Sync Status', async () => {
    const p = platform([message('m1', 'QuickBooks sync: Customer Smith Plumbing didn’t sync')]);
    render(
      <NotificationsProvider>
        <PlatformInboxFeed
          exoservaApiUrl="https://exoserva.test/"
          tenantId="tenant-summit"
          getToken={() => Promise.resolve('token-owner')}
          sessionKey="user-owner:owner"
          fetchImpl={p.fetchImpl}
          pollMs={40}
        />
        <InboxButton />
        <Toasts />
      </NotificationsProvider>,
    );
    await tick();
    expect(p.requests[0]).toEqual({
      url: 'https://exoserva.test/api/tenants/tenant-summit/notifications',
      auth: 'Bearer token-owner',
    });
    expect(screen.getByRole('button', { name: 'Inbox, 1 unread' })).toBeInTheDocument();
    expect(screen.queryAllByTestId('host-toast')).toHaveLength(0);

    p.deliver(message('m2', 'QuickBooks sync: 3 records didn’t sync'));
    await tick();
    await tick();
    expect(screen.getAllByTestId('host-toast').map((t) => t.textContent)).toEqual([
      expect.stringContaining('3 records didn’t sync'),
    ]);
    const user = userEvent.setup();
    await user.click(screen.getByRole('button', { name: 'Inbox, 2 unread' }));
    const items = screen.getAllByTestId('inbox-item');
    expect(items).toHaveLength(2);
    expect(items[0]).toHaveTextContent('3 records didn’t sync');
    expect(items[0]).toHaveTextContent('Fix: Link to it, or rename in Exoserva.');
    const link = within(items[0]!).getByRole('link', { name: 'Open Sync Status' });
    await user.click(link);
    expect(window.location.pathname).toBe('/settings/integrations/quickbooks/status');
  });

  it('clears the count once read, keeps it cleared on reload, and shows a fixed failure as resolved (issue 21)', async () => {
    window.localStorage.clear();
    const p = platform([
      message('m1', 'QuickBooks sync: Customer Smith Plumbing didn’t sync'),
      {
        ...message('m2', 'QuickBooks sync: Invoice 1002 didn’t sync'),
        items: [{ ...message('x', '').items[0]!, recordKind: 'invoice', recordId: 'inv_2' }],
      },
    ]);
    const asked: string[][] = [];
    const openFailures = (records: { kind: string; id: string }[]) => {
      asked.push(records.map((r) => `${r.kind}:${r.id}`));
      return Promise.resolve(new Set(['invoice:inv_2']));
    };
    const shell = () => (
      <NotificationsProvider>
        <PlatformInboxFeed
          exoservaApiUrl="https://exoserva.test/"
          tenantId="tenant-summit"
          getToken={() => Promise.resolve('token-owner')}
          sessionKey="user-owner:owner"
          fetchImpl={p.fetchImpl}
          pollMs={40}
        />
        <InboxButton openFailures={openFailures} />
      </NotificationsProvider>
    );
    const view = render(shell());
    await tick();
    const user = userEvent.setup();
    await user.click(screen.getByRole('button', { name: 'Inbox, 2 unread' }));
    const items = screen.getAllByTestId('inbox-item');
    expect(items.map((i) => within(i).queryByText('New')?.textContent)).toEqual(['New', 'New']);
    await tick();
    expect(asked).toEqual([['invoice:inv_2', 'customer:cus_1']]);
    const [invoice, customer] = screen.getAllByTestId('inbox-item');
    expect(customer).toHaveTextContent('Resolved');
    expect(customer).toHaveTextContent('No longer failing.');
    expect(invoice).not.toHaveTextContent('Resolved');
    // The date the way the wizard writes it.
    expect(customer).toHaveTextContent('Nov 24, 2026');
    await user.keyboard('{Escape}');
    expect(screen.getByRole('button', { name: 'Inbox' })).toBeInTheDocument();
    expect(screen.queryByText('2')).not.toBeInTheDocument();

    view.unmount();
    render(shell());
    await tick();
    expect(screen.getByRole('button', { name: 'Inbox' })).toBeInTheDocument();
  });
});
