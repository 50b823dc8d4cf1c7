import { screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { connectedStatus, disconnectedStatus } from '../test/fixtures/connection.ts';
import { BASE_PATH, renderWizard } from '../test/render-wizard.tsx';

describe('the wizard inside a host', () => {
  it('redirects its home to the Connect step and mirrors that in the address bar', async () => {
    const { callbacks } = renderWizard(BASE_PATH, (bff) =>
      bff.on('GET /api/v1/connection', { body: disconnectedStatus }),
    );
    await screen.findByRole('button', { name: 'Connect to QuickBooks' });
    await waitFor(() => expect(window.location.pathname).toBe(`${BASE_PATH}/connect`));
    expect(callbacks.onNavigate).toHaveBeenCalledWith('/connect');
  });

  it('opens a deep link to the activity page and navigates under the base path', async () => {
    const { user } = renderWizard(`${BASE_PATH}/activity`, (bff) =>
      bff.on('GET /api/v1/connection', { body: connectedStatus }),
    );
    expect(await screen.findByRole('heading', { name: 'Activity' })).toBeInTheDocument();
    const back = screen.getByRole('link', { name: 'Back to Connect' });
    expect(back).toHaveAttribute('href', `${BASE_PATH}/connect`);
    await user.click(back);
    expect(
      await screen.findByRole('heading', { name: 'Connected to QuickBooks Online' }),
    ).toBeInTheDocument();
    expect(window.location.pathname).toBe(`${BASE_PATH}/connect`);
  });

  it('uses host message overrides and theme tokens, scoped to its own root', async () => {
    const { container } = renderWizard(
      `${BASE_PATH}/connect`,
      (bff) => bff.on('GET /api/v1/connection', { body: disconnectedStatus }),
      { messages: { 'connect.button': 'Link QuickBooks' }, theme: { colorPrimary: 'rgb(1, 2, 3)' } },
    );
    expect(await screen.findByRole('button', { name: 'Link QuickBooks' })).toBeInTheDocument();
    const root = container.querySelector('.exq-root') as HTMLElement;
    expect(root.style.getPropertyValue('--exq-color-primary')).toBe('rgb(1, 2, 3)');
    expect(document.head.querySelector('style')).toBeNull();
  });
});
