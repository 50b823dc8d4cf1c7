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
  pendingReport,
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
    // The bookkeeper's deposit of synced checks is explained, not a problem.
    expect(screen.getByRole('heading', { name: 'Deposits of synced payments' })).toBeVisible();
    expect(screen.getByRole('link', { name: 'Deposit #356' })).toHaveAttribute(
      'href',
      'https://app.qbo.intuit.com/app/deposit?txnId=356',
    );
    expect(screen.getByText(/\$3,329\.71 · payments: 7/)).toBeVisible();
    expect(screen.queryByText('Deposits no payout explains')).toBeNull();
  });

  it('heads with the open items, each once, and drills from a line to the records behind it', async () => {
    const { user } = open((b) => b.on('POST /api/v1/reconciliation/runs', { body: discrepanciesReport }));
    bff.on('POST /api/v1/sync/records/invoice/inv_1042/run', { body: { queued: 1 } });
    await screen.findByRole('heading', { name: 'May 2026 needs a look: 7 open items' });
    expect(screen.getByText(/\$45\.00 of the differences isn’t explained by any record/)).toBeVisible();
    const table = screen.getByRole('table', { name: 'Exoserva and QuickBooks, May 2026' });
    expect(
      within(within(table).getByRole('row', { name: /Product revenue/ })).getByText('$45.00 not explained'),
    ).toBeVisible();
    await user.click(
      screen.getByRole('button', { name: 'Show records (1): Product revenue (after refunds)' }),
    );
    const records = screen.getByRole('heading', { name: 'Records behind the differences' }).parentElement!;
    expect(
      within(records).getByText('Showing the records behind “Product revenue (after refunds)”.'),
    ).toBeVisible();
    expect(document.querySelectorAll('.exq-rec-records > li')).toHaveLength(1);
    // A sale rung up in QuickBooks only: its type, number, date, customer, amount, what it moves and a link.
    const receipt = within(records).getByRole('heading', {
      name: 'Sales receipt #1055 — In QuickBooks, not in Exoserva',
    }).parentElement!;
    expect(within(receipt).getByText(/#1055 · May 19, 2026 · \$149\.94 · Walk-in/)).toBeVisible();
    expect(within(receipt).getByText('-$149.94')).toBeVisible();
    expect(within(receipt).getByRole('link', { name: /Open in QuickBooks/ })).toHaveAttribute(
      'href',
      'https://app.qbo.intuit.com/app/salesreceipt?txnId=377',
    );
    expect(
      within(records).getByText(/Product revenue \(after refunds\): \$45\.00 isn’t explained/),
    ).toBeVisible();
    await user.click(within(records).getByRole('button', { name: 'Show all records' }));
    expect(document.querySelectorAll('.exq-rec-records > li')).toHaveLength(5);
    expect(within(records).getByText(/Sync failure: Invalid tax rate/)).toBeVisible();
    expect(within(records).getByRole('heading', { name: /Journal entry #ADJ-5/ })).toBeVisible();
    // The refund whose tax stayed payable: once, with both lines it moves.
    const refund = within(records).getByRole('heading', {
      name: /Refund INV-1017 — Refund didn’t fully reverse the sale/,
    }).parentElement!;
    expect(within(refund).getByText('Sales tax collected')).toBeVisible();
    expect(within(refund).getByText('-$4.79')).toBeVisible();

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

  it('lists a payout whose deposit is missing and a stray deposit on their own, beside the explained check slip', async () => {
    open((b) => b.on('POST /api/v1/reconciliation/runs', { body: discrepanciesReport }));
    const row = await screen.findByRole('row', { name: /po_1PqT4eF5gH6/ });
    expect(within(row).getByText(/Its deposit was deleted or moved in QuickBooks/)).toBeVisible();
    expect(screen.getByText('2 of 3 payouts matched')).toBeVisible();
    expect(screen.getByText('Deposits no payout explains')).toBeVisible();
    expect(screen.getByRole('link', { name: 'Deposit #433' })).toBeVisible();
    expect(screen.getByText(/May 30, 2026 · \$200\.00/)).toBeVisible();
    expect(screen.getByRole('link', { name: 'Deposit #356' })).toBeVisible();
  });

  it('says first that records of the month are still on their way', async () => {
    open((b) => b.on('POST /api/v1/reconciliation/runs', { body: pendingReport }));
    const pending = await screen.findByRole('heading', {
      name: '6 records of May 2026 are still on their way to QuickBooks',
    });
    const verdict = screen.getByRole('heading', { name: /May 2026 needs a look/ });
    expect(pending.compareDocumentPosition(verdict) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
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
    expect(await screen.findByRole('heading', { name: 'Nothing happened in January 2026' })).toBeVisible();
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

  it('draws the trend oldest first, a month without activity as such, and names every month for a screen reader', async () => {
    open((b) => b.on('POST /api/v1/reconciliation/runs', { body: matchingReport }));
    const trend = (await screen.findByRole('heading', { name: 'Discrepancy by month' })).parentElement!;
    const items = within(trend).getAllByRole('listitem');
    expect(items.map((i) => i.textContent)).toEqual([
      expect.stringContaining('January 2026: no activity'),
      expect.stringContaining('February 2026: $412.50'),
      expect.stringContaining('March 2026: $124.00'),
      expect.stringContaining('April 2026: $4.20'),
      expect.stringContaining('May 2026: $0.00, matched'),
    ]);
  });
});
