import { expect, test, type APIRequestContext } from '@playwright/test';
import { join } from 'node:path';
import { bearer, ensureDisconnected, sessionToken } from '../src/api.ts';
import { openWizardPage, wizardContainer } from '../src/host.ts';
import { createQboCompany, qboWrite } from '../src/qbo-company.ts';
import { consent } from '../src/qbo-consent.ts';
import { screenshotsDir, stackInfo } from '../src/stack-info.ts';

// Issue 5 (GUIDE steps 3 and 4): connect → map the chart of accounts (create the missing Sales Tax Payable,
// unblock the tax rates, accept the suggestions, save) → customer sync direction → customer matching.
test.describe.configure({ mode: 'serial' });

const quickbooksPage = () => `${stackInfo().hostUrl}/settings/integrations/quickbooks`;
/** A company of this spec's own, as a new QuickBooks subscriber has it: sales tax never set up. */
const COMPANY = { name: 'Mapping E2E Heating (Sandbox)', realmId: '' };

/** Plays the bookkeeper in this spec's QuickBooks company. */
const qbo = (request: APIRequestContext, path: string, data: unknown) =>
  qboWrite(request, COMPANY.realmId, path, data);

test.beforeAll(async ({ request }) => {
  await ensureDisconnected(request);
  COMPANY.realmId = await createQboCompany(request, COMPANY.name, { salesTax: false });
});
test.afterAll(async ({ request }) => {
  await ensureDisconnected(request);
});

test('an owner connects, maps the chart of accounts, chooses the direction and matches customers', async ({
  page,
  request,
}) => {
  const { bff, exoservaSandbox } = stackInfo().urls;
  const owner = await sessionToken(request, 'owner');
  const rates = (await (
    await request.get(`${exoservaSandbox}/api/tenants/ten_summit/tax-rates`, { headers: bearer(owner) })
  ).json()) as Array<{ id: string; name: string; rateMillionths: number }>;
  expect(rates.length).toBeGreaterThan(0);

  // An Exoserva customer that already exists in QuickBooks, with the same email.
  const stamp = Date.now().toString(36);
  const email = `rosa.${stamp}@example.com`;
  const created = await request.post(`${exoservaSandbox}/api/tenants/ten_summit/customers`, {
    headers: bearer(owner),
    data: { displayName: `Rosa Alvarez ${stamp}`, email },
  });
  expect(created.ok()).toBe(true);

  // Connect the company (no sales tax set up: no Sales Tax Payable, no tax agency, no tax codes).
  await openWizardPage(page, quickbooksPage());
  const wizard = wizardContainer(page);
  await wizard.getByRole('button', { name: /^Connect to QuickBooks$/i }).click();
  await consent(page, COMPANY.name);
  await expect(wizard.getByText('Connected', { exact: true }).first()).toBeVisible();
  await qbo(request, 'customer', {
    DisplayName: `Rosa Alvarez ${stamp}`,
    PrimaryEmailAddr: { Address: email },
  });

  // Step 2: the mapping reads the live chart.
  await wizard.getByRole('link', { name: /Map your chart of accounts/ }).click();
  await expect(wizard.getByRole('heading', { name: 'Map your chart of accounts' })).toBeVisible();
  await expect(wizard.getByText('Your QuickBooks chart is missing accounts Exoserva needs')).toBeVisible();
  await expect(wizard.getByLabel(/^Service Revenue/)).not.toHaveValue('');
  await expect(wizard.getByText(/detail type for exactly this/).first()).toBeVisible();
  await page.screenshot({ path: join(screenshotsDir, 'mapping-missing-prerequisites.png'), fullPage: true });

  await wizard.getByRole('button', { name: 'Create “Sales Tax Payable”' }).click();
  const dialog = page.getByRole('dialog', { name: 'Create an account in QuickBooks' });
  await expect(dialog.getByLabel('Account name')).toHaveValue('Sales Tax Payable');
  await page.screenshot({ path: join(screenshotsDir, 'mapping-create-account.png'), fullPage: true });
  await dialog.getByRole('button', { name: 'Create account' }).click();
  await expect(dialog).toBeHidden();
  await expect(
    wizard.getByText('“Sales Tax Payable” was created in QuickBooks and selected.').first(),
  ).toBeVisible();
  await expect(wizard.getByText('Your QuickBooks chart is missing accounts Exoserva needs')).toBeHidden();

  // Exoserva's tax rates have no QuickBooks code yet: saving is blocked with the fix.
  await expect(
    wizard.getByText('Invalid tax rate — create the matching rate in QuickBooks, then retry').first(),
  ).toBeVisible();
  await expect(wizard.getByRole('button', { name: 'Save mapping' })).toBeDisabled();
  await page.screenshot({ path: join(screenshotsDir, 'mapping-invalid-tax-rate.png'), fullPage: true });

  // The bookkeeper sets up sales tax in QuickBooks (its agency); the admin creates each rate's code from the page.
  await qbo(request, 'taxagency', { DisplayName: `Colorado DOR ${stamp}` });
  for (const rate of rates) {
    await wizard
      .getByRole('button', { name: new RegExp(`^Create “${rate.name}” \\(.+\\) in QuickBooks$`) })
      .click();
  }
  await expect(
    wizard.getByText('Invalid tax rate — create the matching rate in QuickBooks, then retry'),
  ).toHaveCount(0);
  await expect(wizard.getByRole('button', { name: 'Save mapping' })).toBeEnabled();
  await page.screenshot({ path: join(screenshotsDir, 'mapping-suggestions.png'), fullPage: true });
  await wizard.getByRole('button', { name: 'Save mapping' }).click();
  await expect(wizard.getByText('Mapping saved').first()).toBeVisible();
  await expect(wizard.getByText('Saved · version', { exact: false })).toBeVisible();

  const state = await request.get(`${bff}/api/v1/mapping`, { headers: bearer(owner) });
  expect(((await state.json()) as { status: string }).status).toBe('mapped');

  // Step 3: one-way is recommended and preselected.
  await wizard.getByRole('link', { name: 'Next: customer sync direction' }).click();
  await expect(wizard.getByRole('radio', { name: /One-way: Exoserva → QuickBooks/ })).toBeChecked();
  await page.screenshot({ path: join(screenshotsDir, 'direction.png'), fullPage: true });
  await wizard.getByRole('button', { name: 'Save direction' }).click();
  await expect(wizard.getByText('Saved: One-way: Exoserva → QuickBooks.').first()).toBeVisible();

  // Matching: the QuickBooks customer with the same email and name is linked automatically.
  await wizard.getByRole('link', { name: 'Next: match existing customers' }).click();
  const linked = wizard.getByRole('region', { name: /Linked automatically/ });
  await expect(linked.getByText(`Rosa Alvarez ${stamp}`).first()).toBeVisible();
  await page.screenshot({ path: join(screenshotsDir, 'matching.png'), fullPage: true });
  await wizard.getByRole('button', { name: 'Save matches' }).click();
  await expect(wizard.getByText(/customers linked to QuickBooks/).first()).toBeVisible();

  const audit = (await (await request.get(`${bff}/api/v1/audit`, { headers: bearer(owner) })).json()) as {
    entries: Array<{ action: string }>;
  };
  expect(audit.entries.map((e) => e.action)).toEqual(
    expect.arrayContaining(['mapping_saved', 'direction_changed', 'customers_matched', 'qbo_record_created']),
  );
});
