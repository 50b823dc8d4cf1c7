import { act, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { SessionStore } from '../lib/session.ts';
import { fakeSessionFetch } from '../test/fake-sessions.ts';
import { rememberedRole } from '../lib/dev-role.ts';
import { App } from './app.tsx';

const config = {
  wizardRemoteEntry: 'https://wizard.test/remoteEntry.js',
  bffUrl: 'https://bff.test',
  exoservaApiUrl: 'https://exoserva.test',
};

async function renderShell(path: string) {
  window.history.replaceState(null, '', path);
  const fake = fakeSessionFetch();
  const sessions = new SessionStore(config.exoservaApiUrl, 'owner', fake.fetchImpl);
  const user = userEvent.setup();
  render(<App config={config} sessions={sessions} />);
  await act(() => sessions.signIn('owner'));
  return { user, sessions, fake };
}

describe('command palette', () => {
  it('opens with ⌘K, filters as you type and opens the chosen page with Enter', async () => {
    const { user } = await renderShell('/dashboard');
    await user.keyboard('{Meta>}k{/Meta}');
    const input = await screen.findByRole('combobox', { name: 'Search commands' });
    expect(input).toHaveFocus();
    await user.type(input, 'integr');
    const options = screen.getAllByRole('option').map((o) => o.textContent);
    expect(options).toEqual(['Settings → Integrations', 'Settings → Integrations → QuickBooks Online']);
    await user.keyboard('{Enter}');
    expect(window.location.pathname).toBe('/settings/integrations');
    expect(await screen.findByRole('heading', { level: 1, name: 'Integrations' })).toBeInTheDocument();
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
  });

  it('opens with Ctrl+K and moves through results with the arrow keys', async () => {
    const { user } = await renderShell('/dashboard');
    await user.keyboard('{Control>}k{/Control}');
    const input = await screen.findByRole('combobox');
    await user.type(input, 'integrations');
    expect(screen.getAllByRole('option')[0]).toHaveAttribute('aria-selected', 'true');
    await user.keyboard('{ArrowDown}');
    const selected = screen.getAllByRole('option').find((o) => o.getAttribute('aria-selected') === 'true');
    expect(selected).toHaveTextContent('Settings → Integrations → QuickBooks Online');
    await user.keyboard('{Enter}');
    expect(window.location.pathname).toBe('/settings/integrations/quickbooks');
  });

  it('says so when nothing matches', async () => {
    const { user } = await renderShell('/dashboard');
    await user.keyboard('{Control>}k{/Control}');
    await user.type(await screen.findByRole('combobox'), 'zzz');
    expect(screen.queryAllByRole('option')).toHaveLength(0);
    expect(screen.getByText('No matches for “zzz”.')).toBeInTheDocument();
  });
});

describe('command ranking', () => {
  it('puts a label match before a keyword match', async () => {
    const { user } = await renderShell('/dashboard');
    await user.keyboard('{Control>}k{/Control}');
    await user.type(await screen.findByRole('combobox'), 'quickbooks');
    expect(screen.getAllByRole('option')[0]).toHaveTextContent('Settings → Integrations → QuickBooks Online');
  });
});

describe('role switch', () => {
  it('fetches a new session for the chosen role and shows who is signed in', async () => {
    const { user, fake, sessions } = await renderShell('/settings/integrations');
    expect(await screen.findByTestId('tenant-name')).toHaveTextContent('Summit HVAC');
    await user.click(screen.getByRole('button', { name: /Dana Whitfield Owner account menu/ }));
    await user.click(await screen.findByRole('menuitemradio', { name: 'Technician' }));
    await waitFor(() =>
      expect(screen.getByRole('button', { name: /Luis Ortega Technician account menu/ })).toBeInTheDocument(),
    );
    // A reload signs in as the role chosen last (issue 21).
    expect(rememberedRole()).toBe('technician');
    expect(fake.requests.at(-1)).toEqual({
      url: 'https://exoserva.test/api/dev/session',
      role: 'technician',
    });
    expect(await sessions.getToken()).toBe('token-technician');
  });
});

describe('settings navigation', () => {
  it('lists Integrations under Operations and shows the integration cards', async () => {
    await renderShell('/settings/integrations');
    const nav = screen.getByRole('navigation', { name: 'Settings' });
    const operations = within(nav).getByRole('heading', { name: 'Operations' }).parentElement!;
    expect(within(operations).getByRole('link', { name: 'Integrations' })).toHaveAttribute(
      'aria-current',
      'page',
    );
    const cards = screen.getByRole('list', { name: 'Integrations' });
    expect(within(cards).getByRole('heading', { name: 'QuickBooks Online' })).toBeInTheDocument();
    expect(within(cards).getAllByText('Coming soon')).toHaveLength(2);
  });

  it('shows the QuickBooks connection on its card, and opens it from anywhere on the card (issue 21)', async () => {
    const answers: Record<string, unknown> = {
      'https://bff.test/api/v1/connection': { state: 'connected', company: { name: 'Acme Heating & Air' } },
      'https://bff.test/api/v1/sync/summary': { failed: 3 },
    };
    vi.stubGlobal('fetch', async (url: string) => {
      const body = answers[url];
      return body ? Response.json(body) : new Response('{}', { status: 404 });
    });
    try {
      const { user } = await renderShell('/settings/integrations');
      const cards = screen.getByRole('list', { name: 'Integrations' });
      const card = within(cards).getByRole('heading', { name: 'QuickBooks Online' }).closest('li')!;
      expect(await within(card).findByText('3 records failed')).toBeVisible();
      expect(within(card).getByText('Acme Heating & Air')).toBeVisible();
      expect(within(card).getByRole('link', { name: 'Manage QuickBooks Online' })).toBeVisible();
      // Anywhere on the card: the link's area covers it (guide step 1, "Click the QuickBooks card").
      expect(card).toHaveClass('card--link');
      await user.click(within(card).getByRole('link'));
      expect(window.location.pathname).toBe('/settings/integrations/quickbooks');
    } finally {
      vi.unstubAllGlobals();
    }
  });

  it('says a connection needs a reconnect on the card', async () => {
    vi.stubGlobal('fetch', async (url: string) =>
      url.endsWith('/api/v1/connection')
        ? Response.json({ state: 'needs_reconnect', company: { name: 'Acme Heating & Air' } })
        : new Response('{}', { status: 404 }),
    );
    try {
      await renderShell('/settings/integrations');
      expect(await screen.findByText('Needs reconnect')).toBeVisible();
      expect(screen.getByRole('link', { name: 'Reconnect QuickBooks Online' })).toBeVisible();
    } finally {
      vi.unstubAllGlobals();
    }
  });
});
