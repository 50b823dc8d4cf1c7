import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect, test, type APIRequestContext } from '@playwright/test';
import { bearer, ensureDisconnected, sessionToken } from '../src/api.ts';
import { openWizardPage, wizardContainer } from '../src/host.ts';
import { createQboCompany, qboRows, qboWrite, saveMapping } from '../src/qbo-company.ts';
import { consent } from '../src/qbo-consent.ts';
import { screenshotsDir, stackInfo } from '../src/stack-info.ts';

// Issues 8 and 19 (GUIDE step 8): reconcile a month, fix what differs with the page's own button, deposit the
// checks in QuickBooks as a bookkeeper does, and see the books agree.
// The records are dated in March 2025, a month no other spec writes to, in a QuickBooks company of this spec's.
test.describe.configure({ mode: 'serial' });

const COMPANY = { name: 'Reconciliation E2E Plumbing (Sandbox)', realmId: '' };
const MONTH = '2025-03';

async function exoserva<T>(request: APIRequestContext, path: string, data: unknown): Promise<T> {
  const token = await sessionToken(request, 'owner');
  const me = await request.get(`${stackInfo().urls.bff}/api/v1/me`, { headers: bearer(token) });
  const { tenantId } = (await me.json()) as { tenantId: string };
  const res = await request.post(`${stackInfo().urls.exoservaSandbox}/api/tenants/${tenantId}${path}`, {
    headers: bearer(token),
    data,
  });
  expect(res.ok(), await res.text()).toBe(true);
  return (await res.json()) as T;
}

async function setAutoSync(request: APIRequestContext, autoSync: boolean) {
  const token = await sessionToken(request, 'owner');
  const res = await request.put(`${stackInfo().urls.bff}/api/v1/sync/settings`, {
    headers: bearer(token),
    data: { autoSync, override: true },
  });
  expect(res.ok(), await res.text()).toBe(true);
}

test.beforeAll(async ({ request }) => {
  await ensureDisconnected(request);
  COMPANY.realmId = await createQboCompany(request, COMPANY.name);
});
test.afterAll(async ({ request }) => {
  await ensureDisconnected(request);
});

test('reconciles a month, retries the payment that did not sync, and sees both books agree', async ({
  page,
  request,
}) => {
  await openWizardPage(page, `${stackInfo().hostUrl}/settings/integrations/quickbooks`);
  await wizardContainer(page)
    .getByRole('button', { name: /^Connect to QuickBooks$/i })
    .click();
  await consent(page, COMPANY.name);
  await expect(wizardContainer(page).getByText('Connected', { exact: true }).first()).toBeVisible();
  await saveMapping(request, COMPANY.realmId, { autoSync: true });

  // March: two invoices and one payment sync by themselves…
  const customer = await exoserva<{ id: string }>(request, '/customers', {
    displayName: `Reconcile E2E ${Date.now().toString(36)}`,
  });
  const labor = (hours: number) => [
    { kind: 'labor', description: 'Drain repair', quantityMilli: hours * 1000, unitPriceCents: 11_000 },
  ];
  const first = await exoserva<{ id: string; number: string; totalCents: number }>(request, '/invoices', {
    customerId: customer.id,
    issueDate: `${MONTH}-10`,
    lines: labor(2),
  });
  const second = await exoserva<{ id: string; number: string; totalCents: number }>(request, '/invoices', {
    customerId: customer.id,
    issueDate: `${MONTH}-17`,
    lines: labor(1),
  });
  await exoserva(request, `/invoices/${first.id}/payments`, {
    method: 'check',
    checkNumber: '2201',
    receivedOn: `${MONTH}-12`,
  });
  await expect
    .poll(
      async () =>
        (await qboRows(request, COMPANY.realmId, 'Invoice')).length +
        (await qboRows(request, COMPANY.realmId, 'Payment')).length,
      { timeout: 20_000 },
    )
    .toBe(3);
  // …then auto-sync is paused and the second payment waits in the queue.
  await setAutoSync(request, false);
  await exoserva(request, `/invoices/${second.id}/payments`, {
    method: 'check',
    checkNumber: '2202',
    receivedOn: `${MONTH}-20`,
  });

  await page.goto(`${stackInfo().hostUrl}/settings/integrations/quickbooks/reconciliation`);
  const wizard = wizardContainer(page);
  await expect(wizard.getByRole('heading', { name: 'Monthly reconciliation' })).toBeVisible();
  await wizard.getByLabel('Month', { exact: true }).fill(MONTH);
  await wizard.getByRole('button', { name: 'Reconcile', exact: true }).click();
  await expect(wizard.getByRole('heading', { name: /March 2025 needs a look/ })).toBeVisible({
    timeout: 20_000,
  });
  const payments = wizard.getByRole('row', { name: /Payments received/ });
  await expect(payments.getByText('Differs')).toBeVisible();
  await payments.getByRole('button', { name: /Show records/ }).click();
  const record = wizard.getByRole('listitem').filter({ hasText: `Payment ${second.number}` });
  await expect(record.getByRole('heading', { name: /In Exoserva, waiting to sync/ })).toBeVisible();
  await page.screenshot({ path: join(screenshotsDir, 'reconciliation-discrepancy.png'), fullPage: true });

  await record.getByRole('button', { name: `Sync now: Payment ${second.number}` }).click();
  await expect(record.getByText('Queued to sync. Reconcile again once it has landed.')).toBeVisible();
  await expect
    .poll(async () => (await qboRows(request, COMPANY.realmId, 'Payment')).length, { timeout: 20_000 })
    .toBe(2);
  // The bookkeeper deposits both checks in QuickBooks, as bookkeepers do: a clean month still agrees.
  const checks = await qboRows(request, COMPANY.realmId, 'Payment');
  const bank = (await qboRows(request, COMPANY.realmId, 'Account')).find((a) => a.Name === 'Checking')!;
  const slip = (
    await qboWrite(request, COMPANY.realmId, 'deposit', {
      TxnDate: `${MONTH}-21`,
      DepositToAccountRef: { value: bank.Id },
      Line: checks.map((p) => ({
        Amount: p.TotalAmt,
        LinkedTxn: [{ TxnId: p.Id, TxnType: 'Payment', TxnLineId: '0' }],
      })),
    })
  ).Deposit as { Id: string };

  await wizard.getByRole('button', { name: 'Reconcile again' }).click();
  await expect(wizard.getByRole('heading', { name: 'The books agree for March 2025' })).toBeVisible({
    timeout: 20_000,
  });
  await expect(payments.getByText('Matches')).toBeVisible();
  await expect(wizard.getByRole('heading', { name: 'Deposits of synced payments' })).toBeVisible();
  await expect(wizard.getByRole('link', { name: `Deposit #${slip.Id}` })).toBeVisible();
  await expect(wizard.getByText('Deposits no payout explains')).toBeHidden();
  const trend = wizard.getByRole('heading', { name: 'Discrepancy by month' }).locator('..');
  await expect(trend.getByText(/March 2025: \$0\.00, matched/)).toBeAttached();
  await page.screenshot({ path: join(screenshotsDir, 'reconciliation-matching.png'), fullPage: true });

  // The accountant's copies: the CSV of the same figures, and the print view.
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    wizard.getByRole('button', { name: 'Export CSV' }).click(),
  ]);
  expect(download.suggestedFilename()).toBe(`reconciliation-${MONTH}.csv`);
  const csv = await readFile((await download.path()) as string, 'utf8');
  const total = first.totalCents + second.totalCents;
  const dollars = `${Math.floor(total / 100)}.${String(total % 100).padStart(2, '0')}`;
  expect(csv).toContain(
    `Figures,Payments received,${MONTH}-01/${MONTH}-31,${dollars},${dollars},0.00,Matches,`,
  );
  await page.emulateMedia({ media: 'print' });
  await expect(wizard.getByRole('button', { name: 'Export CSV' })).toBeHidden();
  await expect(page.getByRole('navigation', { name: /steps/i })).toBeHidden();
  await page.screenshot({ path: join(screenshotsDir, 'reconciliation-print.png'), fullPage: true });
  await page.emulateMedia({ media: 'screen' });
  await setAutoSync(request, true);
});
