import { screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { errorReply } from '../../../test/fake-bff.ts';
import {
  connectedExpiringIn,
  connectedStatus,
  disconnectedStatus,
  needsReconnectStatus,
  pendingSwitchStatus,
  technicianMe,
} from '../../../test/fixtures/connection.ts';
import { BASE_PATH, renderWizard } from '../../../test/render-wizard.tsx';

const CONNECT = `${BASE_PATH}/connect`;

afterEach(() => vi.restoreAllMocks());

describe('Connect step', () => {
  it('shows a loading state while the connection is being read', async () => {
    let answer: (value: { body: unknown }) => void = () => {};
    const pending = new Promise<{ body: unknown }>((resolve) => (answer = resolve));
    renderWizard(CONNECT, (bff) => bff.on('GET /api/v1/connection', () => pending));
    expect(await screen.findByText('Checking your QuickBooks connection…')).toBeInTheDocument();
    answer({ body: disconnectedStatus });
    expect(await screen.findByRole('button', { name: 'Connect to QuickBooks' })).toBeInTheDocument();
  });

  it('says the service is unreachable and retries on request', async () => {
    let reachable = false;
    const { user } = renderWizard(CONNECT, (bff) =>
      bff.on('GET /api/v1/connection', () => (reachable ? { body: disconnectedStatus } : 'network_error')),
    );
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('We can’t reach the QuickBooks service right now');
    reachable = true;
    await user.click(within(alert).getByRole('button', { name: 'Retry' }));
    expect(await screen.findByRole('button', { name: 'Connect to QuickBooks' })).toBeInTheDocument();
  });

  it('tells a technician that only an Owner or Tenant Administrator can manage the integration', async () => {
    renderWizard(CONNECT, (bff) =>
      bff
        .on('GET /api/v1/me', { body: technicianMe })
        .on('GET /api/v1/connection', errorReply('forbidden', 403)),
    );
    expect(
      await screen.findByText('Only an Owner or Tenant Administrator can manage the QuickBooks integration.'),
    ).toBeInTheDocument();
    expect(screen.getByText('You’re signed in as Technician.')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Connect to QuickBooks' })).not.toBeInTheDocument();
  });

  it('treats a 403 from /me as access denied', async () => {
    renderWizard(CONNECT, (bff) =>
      bff
        .on('GET /api/v1/me', errorReply('forbidden', 403))
        .on('GET /api/v1/connection', { body: disconnectedStatus }),
    );
    expect(
      await screen.findByRole('heading', { name: 'You don’t have access to this integration' }),
    ).toBeVisible();
  });

  it('shows what will be requested, the prerequisites and the tip before connecting', async () => {
    renderWizard(CONNECT, (bff) => bff.on('GET /api/v1/connection', { body: disconnectedStatus }));
    await screen.findByRole('heading', { name: 'Connect QuickBooks Online' });
    const scopes = screen.getByRole('list', { name: 'What Exoserva will ask Intuit for' });
    expect(
      within(scopes)
        .getAllByRole('listitem')
        .map((li) => li.textContent),
    ).toEqual(['Customers', 'Invoices', 'Payments', 'Items', 'Tax Rates']);
    expect(screen.getByText('Owner or Tenant Administrator role in Exoserva')).toBeInTheDocument();
    expect(screen.getByText('QuickBooks Desktop is not supported.')).toBeInTheDocument();
    expect(screen.getByText(/QuickBooks Online admin login/)).toBeInTheDocument();
    expect(screen.getByText(/separate Chrome profile or an Incognito window/)).toBeInTheDocument();
    // Whose Exoserva account the QuickBooks company will join, before leaving for Intuit.
    expect(
      screen.getByText(
        'You’re connecting QuickBooks to the Exoserva account “Summit HVAC”, signed in as Dana Whitfield.',
      ),
    ).toBeVisible();
    expect(screen.getByRole('navigation', { name: 'Setup steps' })).toHaveTextContent(
      'Available after connecting',
    );
  });

  it('starts the redirect flow with this page, minus old results, as the return address', async () => {
    const assign = vi.fn();
    vi.spyOn(window, 'location', 'get').mockReturnValue({
      ...window.location,
      href: `http://localhost:3000${CONNECT}?qbo_error=oauth_denied&tab=1`,
      pathname: CONNECT,
      search: '?qbo_error=oauth_denied&tab=1',
      hash: '',
      assign,
    } as Location);
    const { user, bff } = renderWizard(`${CONNECT}?qbo_error=oauth_denied&tab=1`, (b) =>
      b.on('GET /api/v1/connection', { body: disconnectedStatus }).on('POST /api/v1/connection/authorize', {
        body: { url: 'https://bff.test/api/v1/oauth/start?t=abc', expiresAt: '2030-01-01T00:00:00.000Z' },
      }),
    );
    await user.click(await screen.findByRole('button', { name: 'Connect to QuickBooks' }));
    await waitFor(() => expect(assign).toHaveBeenCalledWith('https://bff.test/api/v1/oauth/start?t=abc'));
    const call = bff.calls.find((c) => c.path === '/api/v1/connection/authorize');
    expect(call?.body).toEqual({ returnTo: `http://localhost:3000${CONNECT}?tab=1`, mode: 'redirect' });
    expect(call?.token).toBe('session-token');
  });

  it('opens a popup and refetches when the popup reports success', async () => {
    const popup = { location: { href: '' }, closed: false, close: vi.fn() };
    vi.spyOn(window, 'open').mockReturnValue(popup as unknown as Window);
    let connected = false;
    const { user, callbacks } = renderWizard(CONNECT, (bff) =>
      bff
        .on('GET /api/v1/connection', () => ({ body: connected ? connectedStatus : disconnectedStatus }))
        .on('POST /api/v1/connection/authorize', {
          body: { url: 'https://bff.test/api/v1/oauth/start?t=p', expiresAt: '2030-01-01T00:00:00.000Z' },
        }),
    );
    await user.click(await screen.findByRole('button', { name: 'Connect in a popup' }));
    await waitFor(() => expect(popup.location.href).toBe('https://bff.test/api/v1/oauth/start?t=p'));
    expect(screen.getByText(/Finish connecting in the popup window/)).toBeInTheDocument();
    connected = true;
    // A message from another origin is ignored; the BFF's is believed.
    window.dispatchEvent(
      new MessageEvent('message', {
        origin: 'https://evil.test',
        data: { type: 'exoserva-qbo-oauth', outcome: 'connected' },
      }),
    );
    window.dispatchEvent(
      new MessageEvent('message', {
        origin: 'https://bff.test',
        data: { type: 'exoserva-qbo-oauth', outcome: 'connected' },
      }),
    );
    expect(
      await screen.findByRole('heading', { name: 'Connected to QuickBooks Online' }),
    ).toBeInTheDocument();
    expect(callbacks.onConnected).toHaveBeenCalledWith(connectedStatus.company);
  });

  it.each([
    ['oauth_denied', 'You cancelled on Intuit’s page'],
    ['oauth_state_invalid', 'The sign-in link expired or was started in a different browser session'],
    ['oauth_code_invalid', 'Intuit didn’t accept the authorization'],
    ['company_connected_elsewhere', 'already connected to another Exoserva account'],
    ['forbidden', 'Only an Owner or Tenant Administrator can connect QuickBooks'],
    ['qbo_unavailable', 'QuickBooks Online didn’t respond'],
    ['something_new', 'didn’t finish (code: something_new)'],
  ])('explains a returned qbo_error=%s and offers Try again', async (code, text) => {
    renderWizard(`${CONNECT}?qbo_error=${code}`, (bff) =>
      bff.on('GET /api/v1/connection', { body: disconnectedStatus }),
    );
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('QuickBooks wasn’t connected');
    expect(alert).toHaveTextContent(text);
    expect(within(alert).getByRole('button', { name: 'Try again' })).toBeInTheDocument();
  });

  it('shows Connected after qbo_connected, tells the host, then strips the params', async () => {
    const { callbacks } = renderWizard(`${CONNECT}?qbo_connected=1`, (bff) =>
      bff.on('GET /api/v1/connection', { body: connectedStatus }),
    );
    expect(await screen.findByText('QuickBooks is connected')).toBeInTheDocument();
    expect(callbacks.onConnected).toHaveBeenCalledTimes(1);
    await waitFor(() => expect(window.location.search).toBe(''));
    expect(window.location.pathname).toBe(CONNECT);
  });

  it('marks the steps already done and offers the next one (issue 21: no dead ends)', async () => {
    const { user, callbacks } = renderWizard(CONNECT, (bff) =>
      bff.on('GET /api/v1/connection', { body: connectedStatus }).on('GET /api/v1/setup/progress', {
        body: { connected: true, mapping: 'done', direction: 'todo', testSync: 'failed', autoSync: 'off' },
      }),
    );
    const panel = await screen.findByRole('region', { name: 'Connected to QuickBooks Online' });
    const next = await within(panel).findByRole('link', { name: 'Next: choose the customer sync direction' });
    const steps = screen.getByRole('navigation', { name: 'Setup steps' });
    expect(within(steps).getByRole('link', { name: /Map your chart of accounts\s*Done/ })).toBeVisible();
    expect(
      within(steps).getByRole('link', { name: /Run a test sync\s*Failed — run it again/ }),
    ).toBeVisible();
    expect(within(steps).getByRole('link', { name: /Turn on auto-sync$/ })).toBeVisible();
    await user.click(next);
    expect(callbacks.onNavigate).toHaveBeenLastCalledWith('/direction');
  });

  it('shows the connected company, realm, date and environment', async () => {
    renderWizard(CONNECT, (bff) => bff.on('GET /api/v1/connection', { body: connectedStatus }));
    const panel = await screen.findByRole('region', { name: 'Connected to QuickBooks Online' });
    expect(within(panel).getAllByText('Summit HVAC LLC').length).toBeGreaterThan(0);
    expect(within(panel).getByText('9341452781203')).toBeInTheDocument();
    expect(within(panel).getByText(/Oct 3, 2026/)).toBeInTheDocument();
    expect(within(panel).getByText('Sandbox')).toBeInTheDocument();
    expect(screen.queryByText(/This connection ends/)).not.toBeInTheDocument();
  });

  it('counts down to the hard expiry when it is within 60 days', async () => {
    renderWizard(CONNECT, (bff) => bff.on('GET /api/v1/connection', { body: connectedExpiringIn(12) }));
    expect(await screen.findByText('This connection ends in 12 days')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Reconnect now' })).toBeInTheDocument();
  });

  it('explains what stays and what stops before disconnecting, then disconnects', async () => {
    let connected = true;
    const { user, bff, callbacks } = renderWizard(CONNECT, (b) =>
      b
        .on('GET /api/v1/connection', () => ({ body: connected ? connectedStatus : disconnectedStatus }))
        .on('POST /api/v1/connection/disconnect', () => {
          connected = false;
          return { status: 204 };
        }),
    );
    await user.click(await screen.findByRole('button', { name: 'Disconnect' }));
    const dialog = await screen.findByRole('alertdialog', { name: 'Disconnect QuickBooks?' });
    expect(dialog.closest('.exq-root')).not.toBeNull();
    expect(dialog).toHaveTextContent('Records already in QuickBooks stay there');
    expect(dialog).toHaveTextContent('activity history, are kept');
    expect(dialog).toHaveTextContent('New and changed records stop syncing');
    expect(dialog).toHaveTextContent('does not backfill');
    await user.click(within(dialog).getByRole('button', { name: 'Disconnect' }));
    expect(await screen.findByRole('button', { name: 'Connect to QuickBooks' })).toBeInTheDocument();
    expect(bff.calls.some((c) => c.method === 'POST' && c.path === '/api/v1/connection/disconnect')).toBe(
      true,
    );
    expect(callbacks.onDisconnected).toHaveBeenCalledTimes(1);
  });

  it('keeps the connection and says so when the disconnect fails', async () => {
    const { user } = renderWizard(CONNECT, (b) =>
      b
        .on('GET /api/v1/connection', { body: connectedStatus })
        .on('POST /api/v1/connection/disconnect', errorReply('qbo_unavailable', 503, 'Intuit is down')),
    );
    await user.click(await screen.findByRole('button', { name: 'Disconnect' }));
    const dialog = await screen.findByRole('alertdialog');
    await user.click(within(dialog).getByRole('button', { name: 'Disconnect' }));
    expect(await within(dialog).findByRole('alert')).toHaveTextContent('Intuit is down');
  });

  it('shows the reason and a Reconnect button when the connection needs a reconnect', async () => {
    renderWizard(CONNECT, (bff) => bff.on('GET /api/v1/connection', { body: needsReconnectStatus }));
    expect(
      await screen.findByRole('heading', { name: 'QuickBooks needs you to reconnect' }),
    ).toBeInTheDocument();
    expect(screen.getByText(/the QuickBooks admin disconnected Exoserva/)).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Reconnect to QuickBooks' })).toBeInTheDocument();
  });

  it('asks before switching companies, naming both and the existing links', async () => {
    let pending = true;
    const { user, bff } = renderWizard(`${CONNECT}?qbo_pending_switch=1`, (b) =>
      b
        .on('GET /api/v1/connection', () => ({
          body: pending
            ? pendingSwitchStatus
            : { ...connectedStatus, company: pendingSwitchStatus.pendingSwitch!.to, pendingSwitch: null },
        }))
        .on('POST /api/v1/connection/switch', () => {
          pending = false;
          return { status: 204 };
        }),
    );
    const dialog = await screen.findByRole('alertdialog', { name: 'Switch QuickBooks company?' });
    expect(dialog).toHaveTextContent('Summit HVAC LLC');
    expect(dialog).toHaveTextContent('Summit HVAC (New Books)');
    expect(dialog).toHaveTextContent('1,284 Exoserva records are linked');
    await user.click(within(dialog).getByRole('button', { name: 'Switch to Summit HVAC (New Books)' }));
    await waitFor(() => expect(screen.queryByRole('alertdialog')).not.toBeInTheDocument());
    expect(bff.calls.find((c) => c.path === '/api/v1/connection/switch')?.body).toEqual({ confirm: true });
    await waitFor(() => expect(window.location.search).toBe(''));
  });

  it('cancels a pending switch with DELETE and keeps the current company', async () => {
    let pending = true;
    const { user, bff } = renderWizard(CONNECT, (b) =>
      b
        .on('GET /api/v1/connection', () => ({ body: pending ? pendingSwitchStatus : connectedStatus }))
        .on('DELETE /api/v1/connection/switch', () => {
          pending = false;
          return { status: 204 };
        }),
    );
    const dialog = await screen.findByRole('alertdialog');
    await user.click(within(dialog).getByRole('button', { name: 'Keep Summit HVAC LLC' }));
    await waitFor(() => expect(screen.queryByRole('alertdialog')).not.toBeInTheDocument());
    expect(bff.calls.some((c) => c.method === 'DELETE' && c.path === '/api/v1/connection/switch')).toBe(true);
    expect(screen.queryByText('Review switch')).not.toBeInTheDocument();
  });

  it('lists the audit log: who, when, which company, what', async () => {
    renderWizard(CONNECT, (bff) => bff.on('GET /api/v1/connection', { body: connectedStatus }));
    const table = await screen.findByRole('table');
    const rows = within(table).getAllByRole('row');
    expect(rows[1]).toHaveTextContent('Dana Whitfield · Owner');
    expect(rows[1]).toHaveTextContent('Connected');
    expect(rows[1]).toHaveTextContent('Summit HVAC LLC');
    expect(rows[2]).toHaveTextContent('Priya Raman · Tenant Administrator');
    expect(rows[2]).toHaveTextContent('Disconnected');
  });

  it('announces the status politely', async () => {
    renderWizard(CONNECT, (bff) => bff.on('GET /api/v1/connection', { body: connectedStatus }));
    await waitFor(() =>
      expect(screen.getByRole('status')).toHaveTextContent('QuickBooks is connected to Summit HVAC LLC.'),
    );
  });
});
