import { expect, type Page } from '@playwright/test';

/**
 * How a test drives the Exoserva host shell. Locators are accessible names first; the one test id used is
 * the host's mount point for the wizard, which has no role of its own.
 */
export const wizardContainer = (page: Page) => page.getByTestId('wizard-container');

/** The host's own chrome: its main navigation, which stays around the wizard. */
export const hostNav = (page: Page) => page.getByRole('navigation', { name: 'Main' });

/** The wizard's top heading before a connection exists. */
export const connectHeading = (page: Page) =>
  wizardContainer(page)
    .getByRole('heading', { name: /Connect (to )?QuickBooks/i })
    .first();

export const accessDenied = (page: Page) =>
  wizardContainer(page).getByRole('heading', { name: /don.t have access/i });

/** Opens the command palette with Ctrl+K (⌘K on macOS), types a query and picks a result by its name. */
export async function openFromCommandPalette(
  page: Page,
  query: string,
  option: string | RegExp,
): Promise<void> {
  await page.keyboard.press(process.platform === 'darwin' ? 'Meta+K' : 'Control+K');
  const palette = page.getByRole('dialog');
  await expect(palette).toBeVisible();
  await palette.getByRole('combobox').fill(query);
  await palette.getByRole('option', { name: option, exact: typeof option === 'string' }).click();
  await expect(palette).toBeHidden();
}

/** Signs in as another role through the account menu's "Sign in as (demo)" switch. */
export async function switchRole(
  page: Page,
  role: 'Owner' | 'Tenant Administrator' | 'Technician',
): Promise<void> {
  await page.getByRole('button', { name: /account menu$/ }).click();
  await page.getByRole('menuitemradio', { name: role }).click();
  await expect(page.getByRole('button', { name: new RegExp(` ${role} account menu$`) })).toBeVisible();
}

/**
 * Opens a host URL that mounts the wizard and waits until the wizard rendered something. If the host shows
 * its "couldn't load" alert instead (remoteEntry.js unreachable, e.g. the wizard's dist was rebuilt under a
 * running suite), fail at once with the host's own explanation rather than at the next locator's timeout.
 */
export async function openWizardPage(page: Page, url: string): Promise<void> {
  await page.goto(url);
  const loadFailed = page.getByRole('alert').filter({ hasText: /integration couldn.t load/i });
  const rendered = wizardContainer(page).locator('*').first();
  await expect(rendered.or(loadFailed).first()).toBeVisible({ timeout: 20_000 });
  if (await loadFailed.isVisible())
    throw new Error(`The host could not load the wizard: ${await loadFailed.innerText()}`);
}
