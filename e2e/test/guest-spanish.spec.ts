import { expect, test } from '@playwright/test';
import type AxeCore from 'axe-core';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { ensureDisconnected } from '../src/api.ts';
import { openWizardPage, wizardContainer } from '../src/host.ts';
import { screenshotsDir, stackInfo } from '../src/stack-info.ts';

// Issue 9: the host passes locale es-MX (the shell takes ?locale=es-MX) and the whole wizard speaks Spanish,
// dates included, with no serious accessibility violation.

const axePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

test.beforeAll(async ({ request }) => {
  await ensureDisconnected(request);
});

test('with locale es-MX the wizard is in Spanish, declares its language and stays accessible', async ({
  page,
}) => {
  await openWizardPage(page, `${stackInfo().hostUrl}/settings/integrations/quickbooks?locale=es-MX`);
  const wizard = wizardContainer(page);
  await expect(wizard.getByRole('heading', { name: 'Conecta QuickBooks Online' })).toBeVisible();
  await expect(wizard.getByRole('button', { name: 'Conectar con QuickBooks' })).toBeEnabled();
  await expect(wizard.getByRole('navigation', { name: 'Pasos de configuración' })).toContainText(
    'Disponible después de conectar',
  );
  await expect(wizard.locator('[data-exoserva-qbo-wizard]')).toHaveAttribute('lang', 'es-MX');
  // Nothing English left in the wizard's own chrome.
  await expect(wizard).not.toContainText(/Connect to QuickBooks|Setup steps|Before you begin/);
  await page.screenshot({ path: join(screenshotsDir, 'guest-spanish-connect.png'), fullPage: true });

  await page.addScriptTag({ path: axePath });
  const serious = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: typeof AxeCore }).axe;
    const results = await axe.run({ include: [['[data-exoserva-qbo-wizard]']] } as never, {
      resultTypes: ['violations'],
    });
    return results.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => v.id);
  });
  expect(serious).toEqual([]);

  // The Activity page: Spanish headings; any dates are formatted by Intl for es-MX.
  await wizard.getByRole('link', { name: 'Ver toda la actividad' }).click();
  await expect(wizard.getByRole('heading', { name: 'Actividad', level: 2 })).toBeVisible();
  const dates = await wizard.locator('time').allTextContents();
  for (const date of dates) expect(date).not.toMatch(/\b(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)\b/);
  await page.screenshot({ path: join(screenshotsDir, 'guest-spanish-activity.png'), fullPage: true });
});
