import { expect, test } from '@playwright/test';
import { join } from 'node:path';
import { bearer, ensureDisconnected, errorCode, roleOf, sessionToken } from '../src/api.ts';
import {
  accessDenied,
  connectHeading,
  hostNav,
  openFromCommandPalette,
  openWizardPage,
  switchRole,
} from '../src/host.ts';
import { screenshotsDir, stackInfo } from '../src/stack-info.ts';

// Issue "Foundation", item 7: the wizard lives inside the host, and only admins get anything from it.

test.beforeAll(async ({ request }) => {
  await ensureDisconnected(request);
});

test('an owner reaches QuickBooks from the command palette and sees the wizard inside the host', async ({
  page,
}) => {
  await page.goto(stackInfo().hostUrl);
  await expect(hostNav(page)).toBeVisible();

  await openFromCommandPalette(page, 'Integrations', 'Settings → Integrations');
  await expect(page).toHaveURL(/\/settings\/integrations$/);

  await page.getByRole('link', { name: /QuickBooks Online/ }).click();
  await expect(page).toHaveURL(/\/settings\/integrations\/quickbooks/);

  await expect(hostNav(page)).toBeVisible();
  await expect(page.getByRole('navigation', { name: 'Settings' })).toBeVisible();
  await expect(connectHeading(page)).toBeVisible();
  await page.screenshot({
    path: join(screenshotsDir, 'foundation-owner-wizard-in-host.png'),
    fullPage: true,
  });
});

test('a technician gets an access-denied state instead of the wizard', async ({ page }) => {
  await openWizardPage(page, `${stackInfo().hostUrl}/settings/integrations/quickbooks`);
  await expect(connectHeading(page)).toBeVisible();

  // Every BFF answer to a technician's token, whatever the wizard decides to call.
  const technicianCalls: Array<{ path: string; status: number }> = [];
  page.on('response', (response) => {
    const url = new URL(response.url());
    if (url.origin !== new URL(stackInfo().urls.bff).origin || response.request().method() === 'OPTIONS')
      return;
    if (roleOf(response.request().headers().authorization) !== 'technician') return;
    technicianCalls.push({ path: url.pathname, status: response.status() });
  });

  await switchRole(page, 'Technician');
  await expect(accessDenied(page)).toBeVisible();
  for (const call of technicianCalls) {
    if (call.path === '/api/v1/me') continue;
    expect(call, 'a BFF call made with a technician token').toMatchObject({ status: 403 });
  }
  await expect(page.getByRole('button', { name: /Connect to QuickBooks/i })).toHaveCount(0);
  await expect(hostNav(page)).toBeVisible();
  await page.screenshot({
    path: join(screenshotsDir, 'foundation-technician-access-denied.png'),
    fullPage: true,
  });
});

test('the direct URL of the QuickBooks page survives a reload', async ({ page }) => {
  await openWizardPage(page, `${stackInfo().hostUrl}/settings/integrations/quickbooks`);
  await expect(connectHeading(page)).toBeVisible();
  await page.reload();
  await expect(page).toHaveURL(/\/settings\/integrations\/quickbooks/);
  await expect(hostNav(page)).toBeVisible();
  await expect(connectHeading(page)).toBeVisible();
});

test.describe('the BFF refuses non-admins whatever the UI shows', () => {
  const returnTo = () => `${stackInfo().hostUrl}/settings/integrations/quickbooks`;
  const adminCalls = [
    { method: 'GET', path: '/api/v1/connection' },
    { method: 'POST', path: '/api/v1/connection/authorize' },
    { method: 'POST', path: '/api/v1/connection/disconnect' },
    { method: 'GET', path: '/api/v1/audit' },
  ] as const;

  for (const call of adminCalls) {
    test(`${call.method} ${call.path} answers 403 forbidden to a technician`, async ({ request }) => {
      const token = await sessionToken(request, 'technician');
      const res = await request.fetch(`${stackInfo().urls.bff}${call.path}`, {
        method: call.method,
        headers: bearer(token),
        ...(call.method === 'POST' ? { data: { returnTo: returnTo() } } : {}),
      });
      expect(res.status()).toBe(403);
      expect(errorCode(await res.json())).toBe('forbidden');
    });
  }

  // /me is the one call a technician may make: it is how the wizard knows to show the access-denied state
  // (contracts' MeResponse.canManage). It reveals only who the caller already is.
  test('GET /api/v1/me tells a technician they cannot manage the integration', async ({ request }) => {
    const token = await sessionToken(request, 'technician');
    const res = await request.get(`${stackInfo().urls.bff}/api/v1/me`, { headers: bearer(token) });
    expect(res.status()).toBe(200);
    expect(await res.json()).toMatchObject({ role: 'technician', tenantId: 'ten_summit', canManage: false });
  });

  for (const call of [{ method: 'GET', path: '/api/v1/me' }, ...adminCalls]) {
    test(`${call.method} ${call.path} answers 401 unauthenticated without a token`, async ({ request }) => {
      const res = await request.fetch(`${stackInfo().urls.bff}${call.path}`, {
        method: call.method,
        ...(call.method === 'POST' ? { data: { returnTo: returnTo() } } : {}),
      });
      expect(res.status()).toBe(401);
      expect(errorCode(await res.json())).toBe('unauthenticated');
    });
  }
});
