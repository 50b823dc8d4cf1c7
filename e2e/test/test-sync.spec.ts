import { expect, test, type Page } from '@playwright/test';
import { join } from 'node:path';
import { bearer, ensureDisconnected, sessionToken } from '../src/api.ts';
import { openWizardPage, wizardContainer } from '../src/host.ts';
import { createQboCompany, qboRows, saveMapping } from '../src/qbo-company.ts';
import { consent } from '../src/qbo-consent.ts';
import { screenshotsDir, stackInfo } from '../src/stack-info.ts';

// Issue 7 (GUIDE steps 5 and 6): the admin runs the test sync with one button, watches it pass, cleans the test
// records up on both sides, and only then turns auto-sync on — without the override a passing test makes moot.
test.describe.configure({ mode: 'serial' });

const COMPANY = { name: 'Test Sync E2E Heating (Sandbox)', realmId: '' };
const WIZARD = () => `${stackInfo().hostUrl}/settings/integrations/quickbooks`;

async function connect(page: Page) {
  await openWizardPage(page, WIZARD());
  await wizardContainer(page)
    .getByRole('button', { name: /^Connect to QuickBooks$/i })
    .click();
  await consent(page, COMPANY.name);
  await expect(wizardContainer(page).getByText('Connected', { exact: true }).first()).toBeVisible();
}

test.beforeAll(async ({ request }) => {
  await ensureDisconnected(request);
  COMPANY.realmId = await createQboCompany(request, COMPANY.name);
});
test.afterAll(async ({ request }) => {
  await ensureDisconnected(request);
});

test('runs the test sync, cleans up both sides, then turns on auto-sync', async ({ page, request }) => {
  test.setTimeout(120_000);
  await connect(page);
  await saveMapping(request, COMPANY.realmId, { autoSync: false });
  const wizard = wizardContainer(page);

  // Before a passing test, auto-sync is locked behind an explicit override.
  await openWizardPage(page, `${WIZARD()}/auto-sync`);
  await expect(wizard.getByText('No passing test sync yet')).toBeVisible();
  await wizard.getByRole('switch', { name: 'Auto-sync' }).click();
  const dialog = page.getByRole('alertdialog', { name: 'Turn on auto-sync without a passing test?' });
  await expect(dialog).toBeVisible();
  await page.screenshot({ path: join(screenshotsDir, 'auto-sync-override.png'), fullPage: true });
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(wizard.getByRole('switch', { name: 'Auto-sync' })).toHaveAttribute('aria-checked', 'false');

  // The test: one button, each step live, then every check passed.
  await wizard.getByRole('link', { name: 'Run the test sync' }).click();
  await wizard.getByRole('button', { name: 'Run the test sync' }).click();
  const steps = wizard.getByRole('list', { name: 'Test sync steps' });
  await expect(steps).toBeVisible();
  await expect(wizard.getByRole('heading', { name: 'Test sync passed' })).toBeVisible({ timeout: 60_000 });
  await expect(steps.getByText('Passed', { exact: true })).toHaveCount(9);
  await page.screenshot({ path: join(screenshotsDir, 'test-sync-passed.png'), fullPage: true });

  const [customers, invoices, payments] = await Promise.all(
    ['Customer', 'Invoice', 'Payment'].map((e) => qboRows(request, COMPANY.realmId, e)),
  );
  expect(customers!.filter((c) => c.DisplayName === 'Test Customer ZZ')).toHaveLength(1);
  expect(invoices!.map((i) => i.TotalAmt)).toEqual([1]);
  expect(invoices![0]?.Balance).toBe(0);
  expect(payments!.map((p) => p.TotalAmt)).toEqual([1]);

  // Clean up: says what it did, item by item; QuickBooks keeps only the inactive customer.
  await wizard.getByRole('button', { name: 'Clean up test records' }).click();
  await expect(wizard.getByRole('heading', { name: 'Test records cleaned up' })).toBeVisible({
    timeout: 30_000,
  });
  await expect(
    wizard.getByText(
      'QuickBooks: customer Test Customer ZZ — made inactive (QuickBooks cannot delete customers)',
    ),
  ).toBeVisible();
  await expect(wizard.getByText(/^QuickBooks: invoice ZZTEST-\w+ — deleted$/)).toBeVisible();
  await expect(wizard.getByText('Exoserva: customer Test Customer ZZ — deleted')).toBeVisible();
  await page.screenshot({ path: join(screenshotsDir, 'test-sync-cleaned.png'), fullPage: true });
  expect(await qboRows(request, COMPANY.realmId, 'Invoice')).toHaveLength(0);
  expect(await qboRows(request, COMPANY.realmId, 'Payment')).toHaveLength(0);
  const inactive = (await qboRows(request, COMPANY.realmId, 'Customer')).find(
    (c) => c.Id === customers!.find((x) => x.DisplayName === 'Test Customer ZZ')?.Id,
  );
  expect(inactive?.Active).toBe(false);

  // Passing the test offers the toggle: on, with no override dialog.
  await wizard.getByRole('link', { name: 'Turn on auto-sync', exact: true }).click();
  await expect(wizard.getByRole('heading', { name: 'Test sync passed' })).toBeVisible();
  const toggle = wizard.getByRole('switch', { name: 'Auto-sync' });
  await toggle.click();
  await expect(toggle).toHaveAttribute('aria-checked', 'true');
  await expect(page.getByRole('alertdialog')).toHaveCount(0);
  await page.screenshot({ path: join(screenshotsDir, 'auto-sync-on.png'), fullPage: true });

  const summary = await request.get(`${stackInfo().urls.bff}/api/v1/sync/summary`, {
    headers: bearer(await sessionToken(request, 'owner')),
  });
  expect(((await summary.json()) as { autoSync: boolean }).autoSync).toBe(true);
});
