import { expect, type Page } from '@playwright/test';
import { openWizardPage, wizardContainer } from './host.ts';
import { consent } from './qbo-consent.ts';
import { stackInfo } from './stack-info.ts';

/** Connects the demo tenant to the named sandbox company through the wizard and Intuit's (stand-in) consent page. */
export async function connectCompany(page: Page, companyName: string): Promise<void> {
  await openWizardPage(page, `${stackInfo().hostUrl}/settings/integrations/quickbooks`);
  await wizardContainer(page)
    .getByRole('button', { name: /^Connect to QuickBooks$/i })
    .click();
  await consent(page, companyName);
  await expect(wizardContainer(page).getByText('Connected', { exact: true }).first()).toBeVisible();
}
