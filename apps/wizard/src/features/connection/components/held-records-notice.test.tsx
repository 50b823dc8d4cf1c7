import type { HeldRecordsResponse } from '@exoserva/contracts';
import { screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { errorReply } from '../../../test/fake-bff.ts';
import { connectedStatus } from '../../../test/fixtures/connection.ts';
import { BASE_PATH, renderWizard } from '../../../test/render-wizard.tsx';

const CONNECT = `${BASE_PATH}/connect`;

const held: HeldRecordsResponse = {
  total: 3,
  records: [
    { kind: 'customer', id: 'cus_2001', since: '2026-11-20T10:00:00.000Z', label: 'Hank Hill' },
    {
      kind: 'invoice',
      id: 'inv_3002',
      since: '2026-11-20T10:04:00.000Z',
      label: 'DFFC-1002',
      amountCents: 75_858,
      customerName: 'Hank Hill',
    },
    { kind: 'invoice', id: 'inv_3001', since: '2026-11-20T10:05:00.000Z' },
  ],
};

afterEach(() => vi.restoreAllMocks());

describe('Records held since a disconnect', () => {
  it('lists them and syncs them only after the admin confirms', async () => {
    let released = false;
    const { user, bff } = renderWizard(CONNECT, (b) =>
      b
        .on('GET /api/v1/connection', { body: connectedStatus })
        .on('GET /api/v1/sync/held', () => ({ body: released ? { records: [], total: 0 } : held }))
        .on('POST /api/v1/sync/held/release', () => {
          released = true;
          return { body: { released: 3 } };
        }),
    );
    expect(
      await screen.findByText(
        '3 records were created or changed in Exoserva while QuickBooks was disconnected. They will not sync unless you choose to.',
      ),
    ).toBeInTheDocument();
    const list = screen.getByRole('list', { name: 'Records not synced' });
    expect(
      within(list)
        .getAllByRole('listitem')
        .map((li) => li.textContent),
    ).toEqual(['Customer Hank Hill', 'Invoice DFFC-1002 · Hank Hill · $758.58', 'Invoice inv_3001']);

    await user.click(screen.getByRole('button', { name: 'Sync these records' }));
    const dialog = await screen.findByRole('alertdialog', { name: 'Sync these 3 records to QuickBooks?' });
    expect(bff.calls.some((c) => c.path === '/api/v1/sync/held/release')).toBe(false);
    await user.click(within(dialog).getByRole('button', { name: 'Sync now' }));

    await waitFor(() => expect(screen.queryByRole('alertdialog')).not.toBeInTheDocument());
    await waitFor(() =>
      expect(screen.queryByRole('button', { name: 'Sync these records' })).not.toBeInTheDocument(),
    );
    const call = bff.calls.find((c) => c.method === 'POST' && c.path === '/api/v1/sync/held/release');
    expect(call?.body).toEqual({
      records: [
        { kind: 'customer', id: 'cus_2001' },
        { kind: 'invoice', id: 'inv_3002' },
        { kind: 'invoice', id: 'inv_3001' },
      ],
    });
  });

  it('cancelling the confirmation syncs nothing', async () => {
    const { user, bff } = renderWizard(CONNECT, (b) =>
      b.on('GET /api/v1/connection', { body: connectedStatus }).on('GET /api/v1/sync/held', { body: held }),
    );
    await user.click(await screen.findByRole('button', { name: 'Sync these records' }));
    const dialog = await screen.findByRole('alertdialog');
    await user.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    await waitFor(() => expect(screen.queryByRole('alertdialog')).not.toBeInTheDocument());
    expect(bff.calls.some((c) => c.path === '/api/v1/sync/held/release')).toBe(false);
    expect(screen.getByRole('button', { name: 'Sync these records' })).toBeInTheDocument();
  });

  it('keeps the dialog open and says why when the release is refused', async () => {
    const { user } = renderWizard(CONNECT, (b) =>
      b
        .on('GET /api/v1/connection', { body: connectedStatus })
        .on('GET /api/v1/sync/held', { body: held })
        .on(
          'POST /api/v1/sync/held/release',
          errorReply('conflict', 409, 'Held records can only be synced while QuickBooks is connected.'),
        ),
    );
    await user.click(await screen.findByRole('button', { name: 'Sync these records' }));
    const dialog = await screen.findByRole('alertdialog');
    await user.click(within(dialog).getByRole('button', { name: 'Sync now' }));
    expect(await within(dialog).findByRole('alert')).toHaveTextContent('only be synced while QuickBooks');
  });

  it('shows nothing when no record is held', async () => {
    renderWizard(CONNECT, (b) =>
      b
        .on('GET /api/v1/connection', { body: connectedStatus })
        .on('GET /api/v1/sync/held', { body: { records: [], total: 0 } }),
    );
    expect(await screen.findByRole('button', { name: 'Disconnect' })).toBeInTheDocument();
    expect(screen.queryByText(/while QuickBooks was disconnected/)).not.toBeInTheDocument();
  });
});
