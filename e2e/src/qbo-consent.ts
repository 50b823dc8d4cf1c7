import { expect, type Page } from '@playwright/test';
import { SANDBOX_LOGIN } from '@exoserva/dev-stack';
import { stackInfo } from './stack-info.ts';

export const ACME = { name: 'Acme Heating & Air (Sandbox)', realmId: '9341452' } as const;

/** Waits for the browser to land on the QBO sandbox's consent page (Intuit's, in production). */
export async function expectConsentPage(page: Page): Promise<void> {
  await page.waitForURL((url) => url.href.startsWith(stackInfo().urls.qboSandbox), { timeout: 15_000 });
}

/** Signs in on the consent page as the sandbox's QuickBooks admin. */
export async function signInToSandbox(page: Page): Promise<void> {
  await expectConsentPage(page);
  await page.getByLabel(/email/i).fill(SANDBOX_LOGIN.email);
  await page.getByLabel(/password/i).fill(SANDBOX_LOGIN.password);
  await page.getByRole('button', { name: /sign in/i }).click();
}

/** Picks a company (a radio, an option or a select on the sandbox's page). */
export async function pickCompany(page: Page, name: string): Promise<void> {
  const radio = page.getByRole('radio', { name });
  const select = page.getByRole('combobox');
  await expect(radio.or(select).first()).toBeVisible();
  if (await radio.count()) await radio.check();
  else await select.first().selectOption({ label: name });
}

/** The whole consent: sign in, pick the company, Connect. */
export async function consent(page: Page, company: string = ACME.name): Promise<void> {
  await signInToSandbox(page);
  await pickCompany(page, company);
  await page.getByRole('button', { name: /^connect$/i }).click();
}
