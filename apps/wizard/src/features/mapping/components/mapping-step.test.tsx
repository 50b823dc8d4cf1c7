import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { errorReply } from '../../../test/fake-bff.ts';
import { connectedStatus } from '../../../test/fixtures/connection.ts';
import {
  accountNotFoundState,
  astState,
  invalidTaxRateState,
  mappedWithSyncedState,
  missingAccountsState,
  unmappedState,
} from '../../../test/fixtures/mapping.ts';
import { BASE_PATH, renderWizard } from '../../../test/render-wizard.tsx';

const at = `${BASE_PATH}/mapping`;
const connected = (bff: Parameters<Parameters<typeof renderWizard>[1]>[0]) =>
  bff.on('GET /api/v1/connection', { body: connectedStatus });

describe('Map your chart of accounts', () => {
  it('says it is reading the chart while QuickBooks answers', async () => {
    renderWizard(at, (bff) => connected(bff).on('GET /api/v1/mapping', () => new Promise(() => undefined)));
    expect(await screen.findByText('Reading your chart of accounts from QuickBooks…')).toBeInTheDocument();
  });

  it('says sales tax is off only when the company has no tax codes to map (issue 21)', async () => {
    const off = { ...unmappedState, salesTax: { enabled: false, automated: false } };
    const view = renderWizard(at, (bff) => connected(bff).on('GET /api/v1/mapping', { body: off }));
    expect(await screen.findByLabelText(/^Service Revenue/)).toBeInTheDocument();
    expect(screen.queryByText('Sales tax is turned off in this QuickBooks company.')).toBeNull();
    view.unmount();
    renderWizard(at, (bff) =>
      connected(bff).on('GET /api/v1/mapping', { body: { ...off, taxCodes: [], taxRates: [] } }),
    );
    expect(
      await screen.findByText('Sales tax is turned off in this QuickBooks company.'),
    ).toBeInTheDocument();
  });

  it('pre-selects a suggestion for every concept and says why', async () => {
    renderWizard(at, (bff) => connected(bff).on('GET /api/v1/mapping', { body: unmappedState }));
    const service = await screen.findByLabelText(/^Service Revenue/);
    expect(service).toHaveValue('10');
    expect(screen.getByLabelText(/^Bank Deposit Account/)).toHaveValue('35');
    // Only accounts of compatible types are offered.
    expect(
      within(screen.getByLabelText(/^Bank Deposit Account/)).queryByRole('option', {
        name: /Service Income/,
      }),
    ).toBeNull();
    expect(
      screen.getAllByText(/QuickBooks marks this account’s detail type for exactly this/).length,
    ).toBeGreaterThan(3);
    expect(screen.getByText(/refunds leave the same account card payouts land in/)).toBeInTheDocument();
    expect(screen.getByText('Not saved yet')).toBeInTheDocument();
  });

  it('saves the accepted suggestions and points to the next step', async () => {
    const { bff, user } = renderWizard(at, (b) =>
      connected(b)
        .on('GET /api/v1/mapping', { body: unmappedState })
        .on('POST /api/v1/mapping', { body: { version: 1, newVersion: true, repostRequested: null } }),
    );
    await user.click(await screen.findByRole('button', { name: 'Save mapping' }));
    expect((await screen.findAllByText('Mapping saved'))[0]).toBeInTheDocument();
    const sent = bff.calls.find((c) => c.method === 'POST' && c.path === '/api/v1/mapping')?.body;
    expect(sent).toMatchObject({
      accounts: { service_revenue: '10', product_revenue: '11', bank_deposit: '35', refund_source: '35' },
      laborItemId: '1',
      partsItemId: '3',
      taxCodes: { tax_denver: '3', tax_state: '4' },
      confirmRemap: false,
    });
    expect(screen.getByRole('link', { name: 'Next: customer sync direction' })).toBeInTheDocument();
  });

  it('lets a shop that takes no tips save without Tips Payable, and disputes default to the fees account', async () => {
    const { bff, user } = renderWizard(at, (b) =>
      connected(b)
        .on('GET /api/v1/mapping', { body: unmappedState })
        .on('POST /api/v1/mapping', { body: { version: 1, newVersion: true, repostRequested: null } }),
    );
    const tips = await screen.findByRole('combobox', { name: /Tips Payable/ });
    expect(tips).toHaveDisplayValue('None — we don’t take tips');
    expect(screen.getByRole('combobox', { name: /Disputes and Adjustments/ })).toHaveDisplayValue(
      'Merchant Fees · Expense',
    );
    await user.click(screen.getByRole('button', { name: 'Save mapping' }));
    await screen.findAllByText('Mapping saved');
    const sent = bff.calls.find((c) => c.method === 'POST' && c.path === '/api/v1/mapping')?.body;
    expect(sent).toMatchObject({ accounts: { tips_payable: null, payout_adjustments: '15' } });
  });

  it('lists missing prerequisites and creates the account with the name the admin confirms', async () => {
    const { bff, user } = renderWizard(at, (b) =>
      connected(b)
        .on('GET /api/v1/mapping', { body: missingAccountsState })
        .on('POST /api/v1/mapping/accounts', ({ body }) => ({
          status: 201,
          body: {
            account: {
              id: '90',
              name: (body as { name: string }).name,
              type: 'Other Current Liability',
              subtype: 'SalesTaxPayable',
              active: true,
            },
          },
        })),
    );
    expect(
      await screen.findByText('Your QuickBooks chart is missing accounts Exoserva needs'),
    ).toBeInTheDocument();
    expect(screen.getByText('Sales Tax Payable: no Other Current Liability account')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Save mapping' })).toBeDisabled();
    await user.click(screen.getByRole('button', { name: 'Create “Sales Tax Payable”' }));
    const dialog = await screen.findByRole('dialog', { name: 'Create an account in QuickBooks' });
    const name = within(dialog).getByLabelText('Account name');
    expect(name).toHaveValue('Sales Tax Payable');
    await user.clear(name);
    await user.type(name, 'Bad: name');
    expect(within(dialog).getByRole('button', { name: 'Create account' })).toBeDisabled();
    await user.clear(name);
    await user.type(name, 'Sales Tax Payable CO');
    await user.click(within(dialog).getByRole('button', { name: 'Create account' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(bff.calls.find((c) => c.path === '/api/v1/mapping/accounts')?.body).toEqual({
      concept: 'sales_tax_payable',
      name: 'Sales Tax Payable CO',
    });
    expect(
      screen.getByText('“Sales Tax Payable CO” was created in QuickBooks and selected.'),
    ).toBeInTheDocument();
  });

  it('shows why QuickBooks refused to create an account, keeping the dialog open', async () => {
    const { user } = renderWizard(at, (b) =>
      connected(b)
        .on('GET /api/v1/mapping', { body: missingAccountsState })
        .on(
          'POST /api/v1/mapping/accounts',
          errorReply('conflict', 409, 'QuickBooks already has an entry with that name'),
        ),
    );
    await user.click(await screen.findByRole('button', { name: 'Create “Operating Checking”' }));
    const dialog = await screen.findByRole('dialog');
    await user.click(within(dialog).getByRole('button', { name: 'Create account' }));
    expect(await within(dialog).findByRole('alert')).toHaveTextContent('already has an entry with that name');
  });

  it('explains Automated Sales Tax and asks for no tax codes: totals always equal Exoserva’s', async () => {
    const noCodes = {
      ...astState,
      taxCodes: [],
      taxRates: astState.taxRates.map((r) => ({ ...r, selectedTaxCodeId: null, suggestedTaxCodeId: null })),
    };
    const { bff, user } = renderWizard(at, (b) =>
      connected(b)
        .on('GET /api/v1/mapping', { body: noCodes })
        .on('POST /api/v1/mapping', { body: { version: 1, newVersion: true, repostRequested: null } }),
    );
    expect(await screen.findByText('Automated Sales Tax is on in QuickBooks')).toBeInTheDocument();
    expect(screen.getByText(/QuickBooks totals always equal Exoserva’s/)).toBeInTheDocument();
    expect(screen.queryByRole('combobox', { name: /Denver/ })).not.toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Save mapping' }));
    await screen.findAllByText('Mapping saved');
    expect(bff.calls.find((c) => c.method === 'POST')?.body).toMatchObject({ taxCodes: {} });
  });

  it('creates the tax code an Exoserva rate needs in QuickBooks, then lets the mapping save', async () => {
    let created = false;
    const { bff, user } = renderWizard(at, (b) =>
      connected(b)
        .on('GET /api/v1/mapping', () => ({
          body: created
            ? {
                ...invalidTaxRateState,
                taxCodes: [
                  ...invalidTaxRateState.taxCodes,
                  { id: '50', name: 'Oakland', rateMillionths: 102_500 },
                ],
              }
            : invalidTaxRateState,
        }))
        .on('POST /api/v1/mapping/tax-codes', () => {
          created = true;
          return { status: 201, body: { taxCode: { id: '50', name: 'Oakland', rateMillionths: 102_500 } } };
        }),
    );
    const create = await screen.findByRole('button', {
      name: /Create “Oakland” \(10[.,]25 ?%\) in QuickBooks/,
    });
    expect(screen.getByRole('button', { name: 'Save mapping' })).toBeDisabled();
    await user.click(create);
    expect(bff.calls.find((c) => c.path === '/api/v1/mapping/tax-codes')?.body).toEqual({
      taxRateId: 'tax_oak',
    });
    expect(await screen.findByRole('button', { name: 'Save mapping' })).toBeEnabled();
  });

  it('blocks saving on a tax rate QuickBooks does not have, with the fix and a retry that reads afresh', async () => {
    const { user, bff } = renderWizard(at, (b) =>
      connected(b)
        .on('GET /api/v1/mapping', { body: invalidTaxRateState })
        // The bookkeeper created the rate in QuickBooks meanwhile: Retry asks the BFF to read the chart again.
        .on('POST /api/v1/mapping/refresh', { body: unmappedState }),
    );
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('Invalid tax rate — create the matching rate in QuickBooks, then retry');
    expect(screen.getByRole('button', { name: 'Save mapping' })).toBeDisabled();
    await user.click(within(alert).getByRole('button', { name: 'Retry' }));
    await waitFor(() => expect(screen.getByRole('button', { name: 'Save mapping' })).toBeEnabled());
    expect(bff.calls.filter((c) => c.path === '/api/v1/mapping/refresh')).toHaveLength(1);
  });

  it('warns with the count before re-mapping after records synced, and sends the confirmation and re-post range', async () => {
    const { bff, user } = renderWizard(at, (b) =>
      connected(b)
        .on('GET /api/v1/mapping', { body: mappedWithSyncedState })
        .on('POST /api/v1/mapping', {
          body: { version: 4, newVersion: true, repostRequested: { from: '2026-10-01', to: '2026-10-31' } },
        }),
    );
    expect(await screen.findByText('Saved · version 3')).toBeInTheDocument();
    await user.selectOptions(screen.getByLabelText(/^Discounts Given/), '13');
    await user.click(screen.getByRole('button', { name: 'Save mapping' }));
    const dialog = await screen.findByRole('alertdialog');
    expect(
      within(dialog).getByText('412 invoices have synced with the current mapping.'),
    ).toBeInTheDocument();
    expect(
      within(dialog).getByText('New invoices, payments and refunds use the new accounts.'),
    ).toBeInTheDocument();
    expect(within(dialog).getByText(/Records already in QuickBooks keep their accounts/)).toBeInTheDocument();
    // The safe choice has focus first; nothing was sent yet.
    expect(within(dialog).getByRole('button', { name: 'Cancel' })).toHaveFocus();
    expect(bff.calls.some((c) => c.method === 'POST')).toBe(false);
    await user.click(within(dialog).getByLabelText(/re-post records dated in a range/));
    const confirm = within(dialog).getByRole('button', { name: 'Save new mapping' });
    expect(confirm).toBeDisabled();
    await user.type(within(dialog).getByLabelText('From'), '2026-10-01');
    await user.type(within(dialog).getByLabelText('To'), '2026-10-31');
    await user.click(confirm);
    await waitFor(() => expect(screen.queryByRole('alertdialog')).toBeNull());
    expect(bff.calls.find((c) => c.method === 'POST')?.body).toMatchObject({
      accounts: { discounts: '13' },
      confirmRemap: true,
      repost: { from: '2026-10-01', to: '2026-10-31' },
    });
    expect(await screen.findByText(/will be re-posted with the new mapping/)).toBeInTheDocument();
  });

  it('saves without a warning when nothing synced with the current mapping', async () => {
    const { bff, user } = renderWizard(at, (b) =>
      connected(b)
        .on('GET /api/v1/mapping', {
          body: { ...mappedWithSyncedState, syncedWithCurrentVersion: { total: 0, byEntity: {} } },
        })
        .on('POST /api/v1/mapping', { body: { version: 4, newVersion: true, repostRequested: null } }),
    );
    await user.selectOptions(await screen.findByLabelText(/^Discounts Given/), '13');
    await user.click(screen.getByRole('button', { name: 'Save mapping' }));
    expect((await screen.findAllByText('Mapping saved'))[0]).toBeInTheDocument();
    expect(screen.queryByRole('alertdialog')).toBeNull();
    expect(bff.calls.filter((c) => c.method === 'POST')).toHaveLength(1);
  });

  it('shows the account-not-found state with what changed in QuickBooks', async () => {
    renderWizard(at, (b) => connected(b).on('GET /api/v1/mapping', { body: accountNotFoundState }));
    expect(await screen.findByText('Account not found')).toBeInTheDocument();
    expect(screen.getByText('Needs attention')).toBeInTheDocument();
    expect(
      screen.getByText(
        '“Checking” was renamed to “Business Checking” in QuickBooks. Confirm it or pick another, then save.',
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText('The account saved here no longer exists in QuickBooks. Pick another.'),
    ).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Save mapping' })).toBeDisabled();
  });

  it('lists the problems the BFF found at save time', async () => {
    const { user } = renderWizard(at, (b) =>
      connected(b)
        .on('GET /api/v1/mapping', { body: unmappedState })
        .on('POST /api/v1/mapping', {
          status: 422,
          body: {
            error: {
              code: 'mapping_invalid',
              message: 'Some choices no longer match QuickBooks.',
              requestId: 'r1',
              details: {
                problems: [
                  {
                    field: 'accounts.bank_deposit',
                    code: 'account_inactive',
                    message: 'Account 35 is inactive in QuickBooks',
                  },
                ],
              },
            },
          },
        }),
    );
    await user.click(await screen.findByRole('button', { name: 'Save mapping' }));
    expect(await screen.findAllByText('Account 35 is inactive in QuickBooks')).not.toHaveLength(0);
  });

  it('asks to connect first when QuickBooks is not connected', async () => {
    renderWizard(at, (b) =>
      connected(b).on(
        'GET /api/v1/mapping',
        errorReply('qbo_reauth_required', 409, 'QuickBooks is not connected'),
      ),
    );
    expect(await screen.findByText('Connect QuickBooks first')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Go to Connect' })).toBeInTheDocument();
  });

  it('enables steps 2 and 3 in the step list once connected', async () => {
    renderWizard(at, (b) => connected(b).on('GET /api/v1/mapping', { body: unmappedState }));
    const nav = await screen.findByRole('navigation', { name: 'Setup steps' });
    expect(await within(nav).findByRole('link', { name: /Map your chart of accounts/ })).toHaveAttribute(
      'aria-current',
    );
    expect(within(nav).getByRole('link', { name: /Customer sync direction/ })).toBeInTheDocument();
  });
});
