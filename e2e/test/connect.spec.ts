import { expect, test, type Page } from '@playwright/test';
import { join } from 'node:path';
import { bearer, ensureDisconnected, sandboxTokens, sessionToken } from '../src/api.ts';
import { openWizardPage, wizardContainer } from '../src/host.ts';
import { ACME, consent, expectConsentPage, signInToSandbox } from '../src/qbo-consent.ts';
import { screenshotsDir, stackInfo } from '../src/stack-info.ts';

// Issue 4: an Owner connects through Intuit's (the sandbox's) consent page, sees why when it fails, and
// disconnects with the grant revoked at Intuit. One connection per tenant: the steps run in order.
test.describe.configure({ mode: 'serial' });

const quickbooksPage = () => `${stackInfo().hostUrl}/settings/integrations/quickbooks`;
const connectButton = (page: Page) =>
  wizardContainer(page).getByRole('button', { name: /^Connect to QuickBooks$/i });

async function expectConnectedToAcme(page: Page) {
  const wizard = wizardContainer(page);
  await expect(page).toHaveURL(/\/settings\/integrations\/quickbooks/);
  await expect(wizard.getByText('Connected', { exact: true }).first()).toBeVisible();
  await expect(wizard.getByText(ACME.name).first()).toBeVisible();
  await expect(wizard.getByText(ACME.realmId).first()).toBeVisible();
}

test.beforeAll(async ({ request }) => {
  await ensureDisconnected(request);
});
test.afterAll(async ({ request }) => {
  await ensureDisconnected(request);
});

test('a connect link sent to someone else connects nothing (issue 22)', async ({
  page,
  browser,
  request,
}) => {
  // The owner's browser asks for a link exactly as the wizard does: a credentialed fetch from the host's page.
  await openWizardPage(page, quickbooksPage());
  await expect(
    wizardContainer(page).getByText(/You’re connecting QuickBooks to the Exoserva account “Summit HVAC”/),
  ).toBeVisible();
  const token = await sessionToken(request, 'owner');
  const url = await page.evaluate(
    async ({ bff, token, returnTo }) => {
      const res = await fetch(`${bff}/api/v1/connection/authorize`, {
        method: 'POST',
        credentials: 'include',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ returnTo, mode: 'redirect' }),
      });
      return ((await res.json()) as { url: string }).url;
    },
    { bff: stackInfo().urls.bff, token, returnTo: quickbooksPage() },
  );
  // Someone else's browser: the link stops at a page that says nothing was connected, never at Intuit's.
  const stranger = await browser.newContext();
  try {
    const other = await stranger.newPage();
    const res = await other.goto(url);
    expect(res?.status()).toBe(403);
    await expect(other.getByRole('heading', { name: 'Nothing was connected' })).toBeVisible();
    expect(other.url().startsWith(stackInfo().urls.qboSandbox)).toBe(false);
    await other.screenshot({ path: join(screenshotsDir, 'connect-link-elsewhere.png'), fullPage: true });
  } finally {
    await stranger.close();
  }
  // The browser that asked still goes on to Intuit with the same link.
  await page.goto(url);
  await expectConsentPage(page);
  expect(
    (
      await (
        await request.get(`${stackInfo().urls.bff}/api/v1/connection`, { headers: bearer(token) })
      ).json()
    ).state,
  ).toBe('disconnected');
});

test('an owner who cancels on the consent page sees that nothing was connected, and why', async ({
  page,
}) => {
  await openWizardPage(page, quickbooksPage());
  await connectButton(page).click();
  await signInToSandbox(page);
  await page.getByRole('button', { name: /cancel/i }).click();

  await expect(page).toHaveURL(/\/settings\/integrations\/quickbooks/);
  const wizard = wizardContainer(page);
  await expect(wizard.getByText(/wasn.t connected/i).first()).toBeVisible();
  await expect(wizard.getByText(/cancelled on Intuit/i)).toBeVisible();
  await expect(
    connectButton(page)
      .or(wizard.getByRole('button', { name: /try again/i }))
      .first(),
  ).toBeVisible();
  await page.screenshot({ path: join(screenshotsDir, 'connect-denied.png'), fullPage: true });
});

test('an owner connects Acme through the consent page and sees it connected', async ({ page }) => {
  await openWizardPage(page, quickbooksPage());
  await connectButton(page).click();
  await expectConsentPage(page);
  await consent(page, ACME.name);

  await expectConnectedToAcme(page);
  await page.screenshot({ path: join(screenshotsDir, 'connect-connected.png'), fullPage: true });

  await page.reload();
  await expectConnectedToAcme(page);
});

test('disconnecting asks first, then revokes the grant at Intuit', async ({ page, request }) => {
  await openWizardPage(page, quickbooksPage());
  await expectConnectedToAcme(page);

  await wizardContainer(page)
    .getByRole('button', { name: /^Disconnect$/ })
    .click();
  const dialog = page.getByRole('alertdialog').or(page.getByRole('dialog')).first();
  await expect(dialog).toBeVisible();
  await expect(dialog.getByText(ACME.name).first()).toBeVisible();
  await page.screenshot({ path: join(screenshotsDir, 'disconnect-confirm.png'), fullPage: true });
  await dialog.getByRole('button', { name: /^Disconnect$/ }).click();

  await expect(dialog).toBeHidden();
  await expect(connectButton(page)).toBeVisible();
  await expect(
    wizardContainer(page)
      .getByText(/Not connected/i)
      .first(),
  ).toBeVisible();

  await expect
    .poll(async () => grantsAreRevoked(await sandboxTokens(request, ACME.realmId)), { timeout: 10_000 })
    .toBe(true);
});

test('an owner reconnects after disconnecting', async ({ page }) => {
  await openWizardPage(page, quickbooksPage());
  await connectButton(page).click();
  await consent(page, ACME.name);
  await expectConnectedToAcme(page);

  // The Activity page at laptop width (the host's two sidebars leave the wizard a narrow card): each entry
  // stacks, so the company of the latest connect is on screen, not in a column scrolled out of view.
  await openWizardPage(page, `${quickbooksPage()}/activity`);
  const log = wizardContainer(page)
    .getByRole('region', { name: 'Activity' })
    .filter({ has: page.getByRole('table') })
    .last();
  const company = log.getByRole('cell', { name: new RegExp(ACME.realmId) }).first();
  await expect(company).toBeVisible();
  const [logBox, companyBox] = [await log.boundingBox(), await company.boundingBox()];
  expect(companyBox && logBox && companyBox.x + companyBox.width <= logBox.x + logBox.width + 1).toBe(true);
});

test("another tenant's owner does not see Summit's connection", async ({ request }) => {
  const summit = await request.get(`${stackInfo().urls.bff}/api/v1/connection`, {
    headers: bearer(await sessionToken(request, 'owner')),
  });
  expect(await summit.json()).toMatchObject({ state: 'connected', company: { realmId: ACME.realmId } });

  const northwind = await request.get(`${stackInfo().urls.bff}/api/v1/connection`, {
    headers: bearer(await sessionToken(request, 'owner', 'ten_northwind')),
  });
  expect(northwind.status()).toBe(200);
  expect(await northwind.json()).toMatchObject({ state: 'disconnected', company: null });
});

/** Whether the sandbox issued grants for the company and every one of them is revoked now. */
function grantsAreRevoked(body: unknown): boolean {
  if (!Array.isArray(body) || body.length === 0) throw new Error(`No grants in ${JSON.stringify(body)}`);
  return body.every((grant: { status?: string }) => grant.status === 'revoked');
}
