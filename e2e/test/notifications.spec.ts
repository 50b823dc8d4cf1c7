import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import { join } from 'node:path';
import { bearer, ensureDisconnected, sessionToken } from '../src/api.ts';
import { connectCompany } from '../src/connect-company.ts';
import { openWizardPage, wizardContainer } from '../src/host.ts';
import { createQboCompany, qboWrite, saveMapping } from '../src/qbo-company.ts';
import { screenshotsDir, stackInfo } from '../src/stack-info.ts';

// Issue 7: a record that needs a person raises a notification through the host — in the dev shell, the bell's
// inbox (fed by the Exoserva stand-in, where the BFF's inbox notifier delivers) — once, with its fix and a link.
test.describe.configure({ mode: 'serial' });

const COMPANY = { name: 'Notify E2E Plumbing (Sandbox)', realmId: '' };

test.beforeAll(async ({ request }) => {
  await ensureDisconnected(request);
  COMPANY.realmId = await createQboCompany(request, COMPANY.name);
});
test.afterAll(async ({ request }) => {
  await ensureDisconnected(request);
});

/** Someone typed this customer into QuickBooks by hand (another email: not one the sync may adopt). */
async function typeIntoQuickBooks(request: APIRequestContext, displayName: string) {
  await qboWrite(request, COMPANY.realmId, 'customer', {
    DisplayName: displayName,
    PrimaryEmailAddr: { Address: 'someone-else@example.com' },
  });
}

const bell = (page: Page) => page.getByRole('button', { name: /^Inbox(, \d+ unread)?$/ });

test('a forced name conflict shows up in the dev shell’s inbox, once, with its fix and a link to Sync Status', async ({
  page,
  request,
}) => {
  await connectCompany(page, COMPANY.name);
  await saveMapping(request, COMPANY.realmId, { autoSync: true });

  await page.goto(`${stackInfo().hostUrl}/dashboard`);
  await expect(bell(page)).toBeVisible();
  const before = Number(/(\d+)/.exec((await bell(page).getAttribute('aria-label')) ?? '')?.[1] ?? 0);

  const name = `Smith Plumbing ${Date.now().toString(36)}`;
  await typeIntoQuickBooks(request, name);
  const owner = await sessionToken(request, 'owner');
  const created = await request.post(`${stackInfo().urls.exoservaSandbox}/api/tenants/ten_summit/customers`, {
    headers: bearer(owner),
    data: { displayName: name, email: 'smith@example.com' },
  });
  expect(created.ok(), await created.text()).toBe(true);

  // Within seconds: the toast, and the bell's count.
  const toast = page.getByTestId('host-toast').filter({ hasText: name });
  await expect(toast).toContainText('Customer name conflict', { timeout: 30_000 });
  await expect(bell(page)).toHaveAccessibleName(`Inbox, ${before + 1} unread`);

  // Reading the inbox clears its count (issue 21).
  await bell(page).click();
  await expect(bell(page)).toHaveAccessibleName('Inbox');
  const item = page.getByTestId('inbox-item').filter({ hasText: name });
  await expect(item).toHaveCount(1);
  await expect(item).toContainText('Customer name conflict');
  await expect(item).toContainText(/Fix: .*(link|rename)/i);
  await page.screenshot({ path: join(screenshotsDir, 'notifications-inbox.png') });

  // Sync Now on the failed record fails again in the same episode: still one notification.
  const retry = await request.post(`${stackInfo().urls.bff}/api/v1/sync/run`, {
    headers: bearer(owner),
    data: {},
  });
  expect(retry.ok()).toBe(true);
  await page.waitForTimeout(4000);
  await expect(page.getByTestId('inbox-item').filter({ hasText: name })).toHaveCount(1);

  await item.getByRole('link', { name: 'Open Sync Status' }).click();
  await expect(page).toHaveURL(/\/settings\/integrations\/quickbooks\/status$/);
});

test('the settings page lists what was sent and sends a test that reaches the inbox', async ({ page }) => {
  await openWizardPage(page, `${stackInfo().hostUrl}/settings/integrations/quickbooks/notifications`);
  const wizard = wizardContainer(page);
  await expect(wizard.getByRole('heading', { name: 'Failure notifications' })).toBeVisible();
  await expect(wizard.getByRole('table', { name: 'Recent notifications' })).toContainText(
    'Customer name conflict',
  );
  await expect(wizard.getByRole('radio', { name: /Immediately/ })).toBeChecked();

  await wizard.getByRole('button', { name: 'Send a test notification' }).click();
  // The live region says it too; the visible line is the paragraph.
  await expect(
    wizard.getByRole('paragraph').filter({ hasText: /Test notification on its way/ }),
  ).toBeVisible();
  await expect(
    wizard.getByRole('table', { name: 'Recent notifications' }).getByRole('row').nth(1),
  ).toContainText('Sent', { timeout: 15_000 });
  await bell(page).click();
  await expect(page.getByTestId('inbox-item').filter({ hasText: 'Test notification' })).toHaveCount(1, {
    timeout: 10_000,
  });
  await page.keyboard.press('Escape');
  // A tall viewport rather than fullPage: the shell's sticky header would be painted mid-page.
  await page.setViewportSize({ width: 1280, height: 1500 });
  await page.screenshot({ path: join(screenshotsDir, 'notifications-settings.png') });
});
