import { expect, test, type Page } from '@playwright/test';
import type AxeCore from 'axe-core';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { ensureDisconnected } from '../src/api.ts';
import { connectHeading, openWizardPage, switchRole, wizardContainer } from '../src/host.ts';
import { ACME, consent } from '../src/qbo-consent.ts';
import { screenshotsDir, stackInfo } from '../src/stack-info.ts';

// Issue 9: axe finds no serious or critical violation on any reachable step; keyboard only works, with visible
// focus; focus moves to the step heading on navigation and into dialogs.

const axePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
const quickbooksPage = (path = '') => `${stackInfo().hostUrl}/settings/integrations/quickbooks${path}`;

/** Runs axe on the wizard's root only (the host is not ours to judge); returns the serious and critical ones. */
async function wizardViolations(page: Page): Promise<string[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ path: axePath });
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: typeof AxeCore }).axe;
    const results = await axe.run({ include: [['[data-exoserva-qbo-wizard]']] } as never, {
      resultTypes: ['violations'],
    });
    return results.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(' | ')}`);
  });
}

/** Focus is visibly marked: an outline or the wizard's focus ring (box-shadow). */
async function focusIsVisible(page: Page): Promise<boolean> {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    if (!el) return false;
    const style = getComputedStyle(el);
    const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0;
    return outline || (style.boxShadow !== 'none' && style.boxShadow !== '');
  });
}

test.beforeAll(async ({ request }) => {
  await ensureDisconnected(request);
});

test.afterAll(async ({ request }) => {
  await ensureDisconnected(request);
});

test('the not-connected Connect step, the Activity page and a technician’s view have no serious violation', async ({
  page,
}) => {
  await openWizardPage(page, quickbooksPage());
  await expect(connectHeading(page)).toBeVisible();
  expect(await wizardViolations(page)).toEqual([]);

  await openWizardPage(page, quickbooksPage('/connect?qbo_error=oauth_denied'));
  await expect(wizardContainer(page).getByRole('alert').first()).toBeVisible();
  expect(await wizardViolations(page)).toEqual([]);

  await openWizardPage(page, quickbooksPage('/activity'));
  await expect(wizardContainer(page).getByRole('heading', { name: 'Activity', level: 2 })).toBeVisible();
  expect(await wizardViolations(page)).toEqual([]);

  await switchRole(page, 'Technician');
  await expect(wizardContainer(page).getByRole('heading', { name: /don.t have access/i })).toBeVisible();
  expect(await wizardViolations(page)).toEqual([]);
});

test('the wizard works by keyboard alone, with visible focus and focus on the new step’s heading', async ({
  page,
}) => {
  await openWizardPage(page, quickbooksPage());
  await expect(connectHeading(page)).toBeVisible();
  const wizard = wizardContainer(page);

  // Tab from the top of the page until the Connect button has focus; every stop inside the wizard is visible.
  const connect = wizard.getByRole('button', { name: 'Connect to QuickBooks' });
  for (let i = 0; i < 80 && !(await connect.evaluate((el) => el === document.activeElement)); i += 1) {
    await page.keyboard.press('Tab');
    const inWizard = await page.evaluate(
      () => !!document.activeElement?.closest('[data-exoserva-qbo-wizard]'),
    );
    if (inWizard) expect(await focusIsVisible(page), 'focus ring on a wizard control').toBe(true);
  }
  await expect(connect).toBeFocused();

  // A step link by keyboard: focus lands on the new step's heading.
  const viewAll = wizard.getByRole('link', { name: 'View all activity' });
  await viewAll.focus();
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/quickbooks\/activity$/);
  await expect(wizard.getByRole('heading', { name: 'Activity', level: 2 })).toBeFocused();
  await wizard.getByRole('link', { name: 'Back to Connect' }).focus();
  await page.keyboard.press('Enter');
  await expect(connectHeading(page)).toBeFocused();
});

test('connected: the step and the disconnect dialog have no serious violation; focus goes into the dialog and back', async ({
  page,
}) => {
  await openWizardPage(page, quickbooksPage());
  const wizard = wizardContainer(page);
  await wizard.getByRole('button', { name: 'Connect to QuickBooks' }).click();
  await consent(page, ACME.name);
  await expect(wizard.getByRole('heading', { name: 'Connected to QuickBooks Online' })).toBeVisible();
  expect(await wizardViolations(page)).toEqual([]);

  const disconnect = wizard.getByRole('button', { name: /^Disconnect$/ });
  await disconnect.focus();
  await page.keyboard.press('Enter');
  const dialog = page.getByRole('alertdialog', { name: 'Disconnect QuickBooks?' });
  await expect(dialog).toBeVisible();
  // The safe choice is focused first, and Tab stays inside the dialog.
  await expect(dialog.getByRole('button', { name: 'Cancel' })).toBeFocused();
  await page.keyboard.press('Tab');
  await page.keyboard.press('Tab');
  expect(await page.evaluate(() => !!document.activeElement?.closest('[role="alertdialog"]'))).toBe(true);
  expect(await wizardViolations(page)).toEqual([]);
  await page.screenshot({ path: join(screenshotsDir, 'guest-a11y-disconnect-dialog.png') });

  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await expect(disconnect).toBeFocused();
});
