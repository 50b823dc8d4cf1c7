import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { errorReply } from '../../../test/fake-bff.ts';
import { connectedStatus } from '../../../test/fixtures/connection.ts';
import {
  activityFixture,
  guideFailures,
  linkCandidates,
  statusAutoSyncOff,
  statusMappingBroken,
  statusHealthy,
  statusManyFailed,
  statusReconnect,
  timelineSynced,
} from '../../../test/fixtures/sync-status.ts';
import { BASE_PATH, renderWizard } from '../../../test/render-wizard.tsx';

type Bff = Parameters<Parameters<typeof renderWizard>[1]>[0];
const connected = (bff: Bff) =>
  bff
    .on('GET /api/v1/connection', { body: connectedStatus })
    .on('GET /api/v1/sync/status/activity', { body: activityFixture() });

describe('the Sync Status dashboard', () => {
  it('with nothing pending: the last sync relative and exact, nothing waiting, nothing failed', async () => {
    renderWizard(`${BASE_PATH}/status`, (b) =>
      connected(b).on('GET /api/v1/sync/status', { body: statusHealthy }),
    );
    expect(await screen.findByText('5 minutes ago')).toBeInTheDocument();
    const exact = screen.getByText(
      (_, el) => el?.tagName === 'TIME' && el.getAttribute('datetime') === statusHealthy.lastSuccessAt,
    );
    expect(exact.textContent).toMatch(/Nov 24, 2026/);
    expect(screen.getByText('Nothing waiting — as it should be most of the time.')).toBeInTheDocument();
    expect(screen.getByText('Nothing failed.')).toBeInTheDocument();
    expect(screen.queryByRole('link', { name: 'See why and fix' })).not.toBeInTheDocument();
    // Nothing waits and nothing failed: nothing to send.
    expect(screen.queryByRole('button', { name: 'Sync now' })).not.toBeInTheDocument();
  });

  it('says the mapping needs attention when the mapping page found an account gone, never "Up to date" (issue 21)', async () => {
    const { user, callbacks } = renderWizard(`${BASE_PATH}/status`, (b) =>
      connected(b)
        .on('GET /api/v1/sync/status', { body: statusMappingBroken })
        .on('GET /api/v1/mapping', () => new Promise(() => undefined)),
    );
    const notice = (await screen.findByRole('heading', { name: 'The mapping needs attention' })).closest(
      'div',
    )?.parentElement as HTMLElement;
    expect(notice).toHaveTextContent('Service Revenue and Labor lines');
    expect(screen.getByText('Mapping needs attention')).toBeVisible();
    expect(screen.queryByText('Up to date')).not.toBeInTheDocument();
    await user.click(screen.getByRole('link', { name: 'Open the mapping' }));
    expect(callbacks.onNavigate).toHaveBeenLastCalledWith('/mapping');
  });

  it('with auto-sync off: the Sync now the page promises sends what waits, and says how many went', async () => {
    const { user, bff } = renderWizard(`${BASE_PATH}/status`, (b) =>
      connected(b)
        .on('GET /api/v1/sync/status', { body: statusAutoSyncOff })
        .on('POST /api/v1/sync/run', { body: { queued: 3 } }),
    );
    expect(await screen.findByText('Auto-sync is off: these go when you press Sync Now.')).toBeVisible();
    await user.click(screen.getByRole('button', { name: 'Sync now' }));
    expect(await screen.findByText('Records sent to go now: 3.')).toBeVisible();
    expect(bff.calls.filter((c) => c.method === 'POST' && c.path === '/api/v1/sync/run')).toHaveLength(1);
  });

  it('with many failed: the counter opens the Failed list, and Pending says when it will be done', async () => {
    const { user, callbacks } = renderWizard(`${BASE_PATH}/status`, (b) =>
      connected(b)
        .on('GET /api/v1/sync/status', { body: { ...statusManyFailed, pending: 1200, etaSeconds: 150 } })
        .on('POST /api/v1/sync/status/failures', { body: guideFailures }),
    );
    const failed = (await screen.findByText('Failed', { selector: 'dt' })).closest('div') as HTMLElement;
    expect(within(failed).getByText('37')).toBeInTheDocument();
    expect(within(failed).getByText('12 records wait on them · 2 ignored')).toBeInTheDocument();
    expect(screen.getByText('1,200')).toBeInTheDocument();
    expect(
      screen.getByText('Done in about 3 minutes at QuickBooks’ limit of 500 requests a minute.'),
    ).toBeInTheDocument();
    await user.click(within(failed).getByRole('link', { name: 'See why and fix' }));
    expect(await screen.findByRole('heading', { name: 'Failed records' })).toBeInTheDocument();
    expect(callbacks.onNavigate).toHaveBeenLastCalledWith('/status/failed');
  });

  it('when QuickBooks needs a reconnect: paused, why, and a link to Connect', async () => {
    renderWizard(`${BASE_PATH}/status`, (b) =>
      connected(b).on('GET /api/v1/sync/status', { body: statusReconnect }),
    );
    expect(await screen.findByText('Sync is paused: QuickBooks needs you to reconnect')).toBeInTheDocument();
    expect(screen.getByText(/42 records are waiting/)).toBeInTheDocument();
    expect(screen.getByText(statusReconnect.pausedReason as string)).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Reconnect QuickBooks' })).toHaveAttribute(
      'href',
      `${BASE_PATH}/connect`,
    );
    expect(screen.getByText('Paused until QuickBooks is reconnected.')).toBeInTheDocument();
    expect(screen.getByText('Paused', { selector: '.exq-badge' })).toBeInTheDocument();
  });

  it('while loading, says it is reading', async () => {
    renderWizard(`${BASE_PATH}/status`, (b) =>
      connected(b).on('GET /api/v1/sync/status', () => new Promise(() => undefined)),
    );
    expect(await screen.findByText('Reading the sync status…')).toBeInTheDocument();
  });

  it('when the BFF fails, says so with the reference and retries on request', async () => {
    let up = false;
    const { user } = renderWizard(`${BASE_PATH}/status`, (b) =>
      connected(b).on('GET /api/v1/sync/status', () =>
        up ? { body: statusHealthy } : errorReply('internal_error', 500),
      ),
    );
    const alert = await screen.findByRole('alert');
    up = true;
    expect(alert).toHaveTextContent('Reference: req-internal_error');
    await user.click(within(alert).getByRole('button', { name: 'Retry' }));
    expect(await screen.findByText('5 minutes ago')).toBeInTheDocument();
  });

  it('draws the daily chart with a text description and a table of the same numbers', async () => {
    const { user } = renderWizard(`${BASE_PATH}/status`, (b) =>
      connected(b).on('GET /api/v1/sync/status', { body: statusHealthy }),
    );
    const chart = await screen.findByRole('img', { name: 'Synced and failed records per day' });
    const description = document.getElementById(chart.getAttribute('aria-describedby') as string);
    expect(description?.textContent).toMatch(/^Last 14 days: synced [\d,]+, failed \d+\.$/);
    expect(chart.querySelectorAll('rect.exq-chart__synced')).toHaveLength(14);
    await user.click(screen.getByRole('button', { name: '30 days' }));
    expect(screen.getByRole('button', { name: '30 days' })).toHaveAttribute('aria-pressed', 'true');
    expect(chart.querySelectorAll('rect.exq-chart__synced')).toHaveLength(30);
    await user.click(screen.getByText('Show as a table'));
    expect(within(screen.getByRole('table')).getAllByRole('row')).toHaveLength(31);
  });

  it('finds a record by its invoice number, customer or amount, and opens its timeline (issue 21)', async () => {
    const { user, bff } = renderWizard(`${BASE_PATH}/status`, (b) =>
      connected(b)
        .on('GET /api/v1/sync/status', { body: statusHealthy })
        .on('POST /api/v1/sync/records/search', ({ body }) => ({
          body: {
            query: (body as { query: string }).query,
            amountCents: null,
            matches:
              (body as { query: string }).query === 'Smith'
                ? [
                    {
                      kind: 'customer',
                      id: 'cus_2041',
                      label: 'Smith Plumbing',
                      customerName: 'Smith Plumbing',
                      amountCents: null,
                      lastActivityAt: '2026-11-24T14:55:00.000Z',
                      state: 'done',
                    },
                    {
                      kind: 'invoice',
                      id: 'inv_30507a1d0849',
                      label: 'DFFC-1002',
                      customerName: 'Smith Plumbing',
                      amountCents: 14_250,
                      lastActivityAt: '2026-11-24T14:50:00.000Z',
                      state: 'failed',
                    },
                  ]
                : [],
          },
        }))
        .on('GET /api/v1/sync/records/customer/cus_2041/timeline', { body: timelineSynced }),
    );
    const box = await screen.findByLabelText('Invoice number, customer, amount or Exoserva id');
    await user.type(box, 'DFFC-9999');
    await user.click(screen.getByRole('button', { name: 'Search' }));
    expect(
      await screen.findByText(/No record the sync handled in the last 90 days matches “DFFC-9999”/),
    ).toBeVisible();
    await user.clear(box);
    await user.type(box, 'Smith');
    await user.click(screen.getByRole('button', { name: 'Search' }));
    const results = await screen.findByRole('list', { name: 'Records matching “Smith”' });
    const invoice = within(results).getByRole('link', { name: /Invoice DFFC-1002/ });
    expect(invoice).toHaveTextContent('Smith Plumbing · $142.50');
    expect(invoice).toHaveTextContent('Failed');
    expect(bff.calls.find((c) => c.path === '/api/v1/sync/records/search')?.body).toEqual({
      query: 'DFFC-9999',
    });
    await user.click(within(results).getByRole('link', { name: /Customer Smith Plumbing/ }));
    expect(await screen.findByRole('heading', { name: 'Customer Smith Plumbing' })).toBeInTheDocument();
    expect(bff.calls.some((c) => c.path === '/api/v1/sync/records/customer/cus_2041/timeline')).toBe(true);
    const steps = within(screen.getByRole('list', { name: 'Steps, oldest first' })).getAllByRole('listitem');
    expect(steps.map((s) => s.querySelector('strong')?.textContent)).toEqual([
      'Queued',
      'Sent to QuickBooks',
      'Failed',
      'Linked to a QuickBooks customer',
      'Queued',
      'Sent to QuickBooks',
      'In QuickBooks',
    ]);
    expect(steps[6]).toHaveTextContent('QuickBooks id 58 · SyncToken 1');
    expect(steps[6]).toHaveTextContent('intuit_tid 1-6745f7c0-2b8e91d3f4aa');
    expect(steps[5]).toHaveTextContent('"sparse": true');
  });
});

describe('the Failed list', () => {
  const at = `${BASE_PATH}/status/failed`;

  it('says what failed in the guide’s words, with the fix and the way to fix it', async () => {
    renderWizard(at, (b) => connected(b).on('POST /api/v1/sync/status/failures', { body: guideFailures }));
    const list = await screen.findByRole('list', { name: 'Failed records' });
    expect(list).toHaveTextContent(
      "Customer name conflict — a customer named 'Smith Plumbing' already exists in QuickBooks: link to it, or rename in Exoserva",
    );
    expect(list).toHaveTextContent('Invalid tax rate — create the matching rate in QuickBooks, then retry');
    expect(list).toHaveTextContent('Account not found — your chart of accounts changed: re-run mapping');
    expect(within(list).getByRole('link', { name: 're-run mapping' })).toHaveAttribute(
      'href',
      `${BASE_PATH}/mapping`,
    );
    expect(within(list).getByRole('link', { name: 'Open in QuickBooks' })).toHaveAttribute(
      'href',
      'https://app.sandbox.qbo.intuit.com/app/recvpayment?txnId=311',
    );
    expect(list).toHaveTextContent('it goes to QuickBooks once Customer Smith Plumbing is fixed and synced');
    // What a bookkeeper recognises (issue 21): the amount the books are off by and the customer, not an id.
    const payment = within(list).getByRole('listitem', { name: 'Payment of $289.67' });
    expect(payment).toHaveTextContent('Smith Plumbing');
    expect(within(payment).getByText('pay_5520')).not.toBeVisible();
    // The filter names failures in words, not codes (issue 21).
    const codes = within(screen.getByLabelText('Failure'))
      .getAllByRole('option')
      .map((o) => o.textContent);
    expect(codes).toContain('Waiting for another record (1)');
    expect(codes.join()).not.toMatch(/dependency missing|_/);
    // Link to existing is offered for the customer only.
    expect(within(list).getAllByRole('button', { name: 'Link to existing' })).toHaveLength(1);
  });

  it('links a name conflict to the existing QuickBooks customer, then the list refreshes', async () => {
    let linked = false;
    const { user, bff } = renderWizard(at, (b) =>
      connected(b)
        .on('POST /api/v1/sync/status/failures', () => ({
          body: linked
            ? { ...guideFailures, records: guideFailures.records.slice(1), total: 3 }
            : guideFailures,
        }))
        .on('POST /api/v1/sync/records/customer/cus_2041/link-candidates', { body: linkCandidates })
        .on('POST /api/v1/sync/records/customer/cus_2041/link', () => {
          linked = true;
          return { body: { qboId: '58', queued: 1 } };
        }),
    );
    await user.click(await screen.findByRole('button', { name: 'Link to existing' }));
    const dialog = await screen.findByRole('dialog', {
      name: 'Link Smith Plumbing to a QuickBooks customer',
    });
    const radios = await within(dialog).findAllByRole('radio');
    expect(radios[1]).toBeDisabled();
    expect(within(dialog).getByText('Already linked to Exoserva customer cus_1900')).toBeInTheDocument();
    await user.click(radios[0]!);
    await user.click(within(dialog).getByRole('button', { name: 'Link and retry' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(bff.calls.find((c) => c.path.endsWith('/link'))?.body).toEqual({ qboCustomerId: '58' });
    await waitFor(() =>
      expect(
        within(screen.getByRole('list', { name: 'Failed records' })).queryByText(/Customer name conflict/),
      ).not.toBeInTheDocument(),
    );
  });

  it('ignores a record only with a reason', async () => {
    const { user, bff } = renderWizard(at, (b) =>
      connected(b)
        .on('POST /api/v1/sync/status/failures', { body: guideFailures })
        .on('POST /api/v1/sync/records/invoice/inv_1077/ignore', {
          body: {
            ignored: { at: '2026-11-24T15:00:00.000Z', userId: 'u', name: 'Dana', reason: 'Paid in cash' },
          },
        }),
    );
    const item = (await screen.findByRole('heading', { name: 'Invoice INV-1077' })).closest(
      'li',
    ) as HTMLElement;
    await user.click(within(item).getByRole('button', { name: 'Ignore' }));
    const dialog = await screen.findByRole('alertdialog', { name: 'Ignore INV-1077?' });
    await user.click(within(dialog).getByRole('button', { name: 'Ignore' }));
    expect(within(dialog).getByText('Say why in a few words.')).toBeInTheDocument();
    expect(bff.calls.some((c) => c.path.endsWith('/ignore'))).toBe(false);
    await user.type(within(dialog).getByLabelText('Why (kept in the activity log)'), '  Paid in cash ');
    await user.click(within(dialog).getByRole('button', { name: 'Ignore' }));
    await waitFor(() => expect(screen.queryByRole('alertdialog')).not.toBeInTheDocument());
    expect(bff.calls.find((c) => c.path.endsWith('/ignore'))?.body).toEqual({ reason: 'Paid in cash' });
  });

  it('filters and searches on the server, and retries a selection or the whole filter', async () => {
    const { user, bff } = renderWizard(at, (b) =>
      connected(b)
        .on('POST /api/v1/sync/status/failures', { body: guideFailures })
        .on('POST /api/v1/sync/status/retry', { body: { queued: 2 } }),
    );
    await user.selectOptions(await screen.findByLabelText('Record type'), 'invoice');
    await user.type(screen.getByLabelText('Search'), 'INV-10');
    await user.click(screen.getByRole('button', { name: 'Search' }));
    await waitFor(() =>
      expect(bff.calls.filter((c) => c.path === '/api/v1/sync/status/failures').at(-1)?.body).toEqual({
        kind: 'invoice',
        search: 'INV-10',
        limit: 50,
      }),
    );
    await user.click(screen.getByRole('checkbox', { name: 'Select Invoice INV-1077' }));
    await user.click(screen.getByRole('button', { name: 'Retry selected (1)' }));
    expect(await screen.findByText('2 records were queued to retry.')).toBeInTheDocument();
    expect(bff.calls.filter((c) => c.path === '/api/v1/sync/status/retry')[0]?.body).toEqual({
      records: [{ kind: 'invoice', id: 'inv_1077' }],
    });
    await user.click(screen.getByRole('button', { name: 'Retry all 4' }));
    await waitFor(() =>
      expect(bff.calls.filter((c) => c.path === '/api/v1/sync/status/retry')[1]?.body).toEqual({
        filter: { kind: 'invoice', search: 'INV-10' },
      }),
    );
  });
});
