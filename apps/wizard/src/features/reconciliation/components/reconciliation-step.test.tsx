import { screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { errorReply, type FakeBff } from '../../../test/fake-bff.ts';
import { connectedStatus } from '../../../test/fixtures/connection.ts';
import {
  discrepanciesReport,
  emptyReport,
  longReport,
  matchingReport,
  overview,
} from '../../../test/fixtures/reconciliation.ts';
import { BASE_PATH, renderWizard } from '../../../test/render-wizard.tsx';

let bff: FakeBff;
afterEach(() => vi.unstubAllGlobals());

/** The wizard at the reconciliation step, connected, with last month's overview; `setup` answers the run. */
function open(setup: (b: FakeBff) => void) {
  const view = renderWizard(`${BASE_PATH}/reconciliation`, (b) => {
    b.on('GET /api/v1/connection', { body: connectedStatus }).on('GET /api/v1/reconciliation', {
      body: overview,
    });
    setup(b);
  });
  bff = view.bff;
  return view;
}

const runs = () => bff.calls.filter((c) => c.path === '/api/v1/reconciliation/runs');

describe('the reconciliation step', () => {
  it('reconciles last month by default and says when both books agree', async () => {
    open((b) => b.on('POST /api/v1/reconciliation/runs', { body: matchingReport }));
    expect(await screen.findByRole('heading', { name: 'The books agree for May 2026' })).toBeVisible();
    expect(runs()[0]?.body).toEqual({ month: '2026-05' });
    const table = screen.getByRole('table', { name: 'Exoserva and QuickBooks, May 2026' });
    const payments = within(table).getByRole('row', { name: /Payments received/ });
    expect(within(payments).getAllByText('$21,041.20')).toHaveLength(2);
    expect(within(payments).getByText('Matches')).toBeVisible();
    expect(screen.getByText('2 of 2 payouts matched')).toBeVisible();
  });

  it('drills from a differing figure to the records behind it, with the engine’s words and the fix', async () => {
    const { user } = open((b) => b.on('POST /api/v1/reconciliation/runs', { body: discrepanciesReport }));
    bff.on('POST /api/v1/sync/records/invoice/inv_1042/run', { body: { queued: 1 } });
    await screen.findByRole('heading', { name: /May 2026 needs a look/ });
    await user.click(screen.getByRole('button', { name: 'Show records (1): Payments received' }));
    const records = screen.getByRole('heading', { name: 'Records behind the differences' }).parentElement!;
    expect(within(records).getByText('Showing the records behind “Payments received”.')).toBeVisible();
    expect(within(records).getAllByRole('listitem')).toHaveLength(1);
    expect(within(records).getByRole('heading', { name: /In QuickBooks, not in Exoserva/ })).toBeVisible();
    await user.click(within(records).getByRole('button', { name: 'Show all records' }));
    expect(within(records).getAllByRole('listitem')).toHaveLength(4);
    expect(within(records).getByText(/Sync failure: Invalid tax rate/)).toBeVisible();
    expect(within(records).getByText(/Product revenue: \$45\.00 isn’t explained/)).toBeVisible();

    await user.click(within(records).getByRole('button', { name: 'Sync now: Invoice INV-1042' }));
    expect(
      await within(records).findByText('Queued to sync. Reconcile again once it has landed.'),
    ).toBeVisible();
    expect(
      bff.calls.some((c) => c.method === 'POST' && c.path === '/api/v1/sync/records/invoice/inv_1042/run'),
    ).toBe(true);
    // The other fixes go to their own endpoints.
    bff.on('POST /api/v1/reconciliation/links', { body: { queued: 1 } });
    await user.click(
      within(records).getByRole('button', { name: 'Link to QuickBooks #415: Invoice INV-1050' }),
    );
    await waitFor(() =>
      expect(bff.calls.find((c) => c.path === '/api/v1/reconciliation/links')?.body).toEqual({
        kind: 'invoice',
        exoservaId: 'inv_1050',
        quickbooksId: '415',
      }),
    );
  });

  it('lists the unmatched payout with its likely cause, and the deposit entered by hand', async () => {
    open((b) => b.on('POST /api/v1/reconciliation/runs', { body: discrepanciesReport }));
    const row = await screen.findByRole('row', { name: /po_1PqT4eF5gH6/ });
    expect(within(row).getByText(/differs by Stripe’s fee/)).toBeVisible();
    expect(
      within(row).getByRole('button', { name: /Re-sync from Exoserva: Payout po_1PqT4eF5gH6/ }),
    ).toBeVisible();
    expect(screen.getByText('Deposits no payout explains')).toBeVisible();
    expect(screen.getByText(/#433 · May 30, 2026 · \$200\.00/)).toBeVisible();
  });

  it('reconciles another month the admin picks, and again on request', async () => {
    const { user } = open((b) =>
      b.on('POST /api/v1/reconciliation/runs', ({ body }) => ({
        body: (body as { month: string }).month === '2026-01' ? emptyReport : matchingReport,
      })),
    );
    await screen.findByRole('heading', { name: 'The books agree for May 2026' });
    const month = screen.getByLabelText('Month');
    await user.clear(month);
    await user.type(month, '2026-01');
    await user.click(screen.getByRole('button', { name: 'Reconcile' }));
    expect(
      await screen.findByRole('heading', { name: 'Nothing to reconcile in January 2026' }),
    ).toBeVisible();
    await user.click(screen.getByRole('button', { name: 'Reconcile again' }));
    await waitFor(() =>
      expect(runs().map((r) => (r.body as { month: string }).month)).toEqual([
        '2026-05',
        '2026-01',
        '2026-01',
      ]),
    );
  });

  it('shows QuickBooks being unreachable as an error with a retry', async () => {
    open((b) =>
      b.on(
        'POST /api/v1/reconciliation/runs',
        errorReply('qbo_unavailable', 503, 'QuickBooks did not answer'),
      ),
    );
    expect(await screen.findByRole('alert')).toBeVisible();
    expect(screen.getByRole('button', { name: /Retry|Try again/ })).toBeVisible();
  });

  it('pages long lists on screen but keeps every row for print', async () => {
    const { user } = open((b) => b.on('POST /api/v1/reconciliation/runs', { body: longReport }));
    await user.click(await screen.findByRole('button', { name: 'Show 25 more' }));
    expect(screen.getByRole('button', { name: 'Show 10 more' })).toBeVisible();
    expect(screen.getByRole('button', { name: 'Show all 120 customers' })).toBeVisible();
    // Rows past the first page are in the document for the print stylesheet, hidden on screen.
    expect(document.querySelectorAll('.exq-rec-records > li')).toHaveLength(60);
  });

  it('draws the trend oldest first and names every month for a screen reader', async () => {
    open((b) => b.on('POST /api/v1/reconciliation/runs', { body: matchingReport }));
    const trend = (await screen.findByRole('heading', { name: 'Discrepancy by month' })).parentElement!;
    const items = within(trend).getAllByRole('listitem');
    expect(items.map((i) => i.textContent)).toEqual([
      expect.stringContaining('February 2026: $412.50'),
      expect.stringContaining('March 2026: $124.00'),
      expect.stringContaining('April 2026: $4.20'),
      expect.stringContaining('May 2026: $0.00, matched'),
    ]);
  });
});
