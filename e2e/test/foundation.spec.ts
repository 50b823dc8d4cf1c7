import { expect, test } from '@playwright/test';
import { join } from 'node:path';
import { bearer, ensureDisconnected, errorCode, sessionToken } from '../src/api.ts';
import {
  accessDenied,
  connectHeading,
  hostNav,
  openFromCommandPalette,
  switchRole,
  wizardContainer,
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

  await openFromCommandPalette(page, 'Integrations');
  await expect(page).toHaveURL(/\/settings\/integrations$/);

  await page
    .getByRole('link', { name: /QuickBooks/i })
    .or(page.getByRole('button', { name: /QuickBooks/i }))
    .first()
    .click();
  await expect(page).toHaveURL(/\/settings\/integrations\/quickbooks/);

  await expect(hostNav(page)).toBeVisible();
  await expect(wizardContainer(page)).toBeVisible();
  await expect(connectHeading(page)).toBeVisible();
  await page.screenshot({
    path: join(screenshotsDir, 'foundation-owner-wizard-in-host.png'),
    fullPage: true,
  });
});

test('a technician gets an access-denied state instead of the wizard', async ({ page }) => {
  await page.goto(`${stackInfo().hostUrl}/settings/integrations/quickbooks`);
  await expect(connectHeading(page)).toBeVisible();

  await switchRole(page, 'Technician');
  await expect(accessDenied(page)).toBeVisible();
  await expect(page.getByRole('button', { name: /Connect to QuickBooks/i })).toHaveCount(0);
  await expect(hostNav(page)).toBeVisible();
  await page.screenshot({
    path: join(screenshotsDir, 'foundation-technician-access-denied.png'),
    fullPage: true,
  });
});

test('the direct URL of the QuickBooks page survives a reload', async ({ page }) => {
  await page.goto(`${stackInfo().hostUrl}/settings/integrations/quickbooks`);
  await expect(connectHeading(page)).toBeVisible();
  await page.reload();
  await expect(page).toHaveURL(/\/settings\/integrations\/quickbooks/);
  await expect(hostNav(page)).toBeVisible();
  await expect(connectHeading(page)).toBeVisible();
});

test.describe('the BFF refuses non-admins whatever the UI shows', () => {
  const calls = [
    { method: 'GET', path: '/api/v1/me' },
    { method: 'GET', path: '/api/v1/connection' },
    { method: 'POST', path: '/api/v1/connection/authorize' },
  ] as const;

  for (const call of calls) {
    test(`${call.method} ${call.path} answers 403 forbidden to a technician`, async ({ request }) => {
      const token = await sessionToken(request, 'technician');
      const res = await request.fetch(`${stackInfo().urls.bff}${call.path}`, {
        method: call.method,
        headers: bearer(token),
        ...(call.method === 'POST'
          ? { data: { returnTo: `${stackInfo().hostUrl}/settings/integrations/quickbooks` } }
          : {}),
      });
      expect(res.status()).toBe(403);
      expect(errorCode(await res.json())).toBe('forbidden');
    });

    test(`${call.method} ${call.path} answers 401 unauthenticated without a token`, async ({ request }) => {
      const res = await request.fetch(`${stackInfo().urls.bff}${call.path}`, {
        method: call.method,
        ...(call.method === 'POST'
          ? { data: { returnTo: `${stackInfo().hostUrl}/settings/integrations/quickbooks` } }
          : {}),
      });
      expect(res.status()).toBe(401);
      expect(errorCode(await res.json())).toBe('unauthenticated');
    });
  }
});
