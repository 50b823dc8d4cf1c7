import { expect, type Page } from '@playwright/test';

/**
 * How a test drives the Exoserva host shell. Locators are accessible names first; the one test id used is
 * the host's mount point for the wizard, which has no role of its own.
 */
export const wizardContainer = (page: Page) => page.getByTestId('wizard-container');

/** The host's own chrome: its main navigation, which stays around the wizard. */
export const hostNav = (page: Page) => page.getByRole('navigation').first();

/** The wizard's top heading before a connection exists. */
export const connectHeading = (page: Page) =>
  wizardContainer(page)
    .getByRole('heading', { name: /Connect (to )?QuickBooks/i })
    .first();

export const accessDenied = (page: Page) =>
  wizardContainer(page).getByRole('heading', { name: /don.t have access/i });

/** Opens the command palette with Ctrl+K (⌘K on macOS) and picks an entry by name. */
export async function openFromCommandPalette(page: Page, entry: string | RegExp): Promise<void> {
  await page.keyboard.press(process.platform === 'darwin' ? 'Meta+K' : 'Control+K');
  const palette = page.getByRole('dialog');
  await expect(palette).toBeVisible();
  const input = palette
    .getByRole('combobox')
    .or(palette.getByRole('textbox'))
    .or(palette.getByRole('searchbox'));
  await input.first().fill(typeof entry === 'string' ? entry : entry.source.replace(/[\\^$]/g, ''));
  const name = typeof entry === 'string' ? new RegExp(entry, 'i') : entry;
  const choice = palette
    .getByRole('option', { name })
    .or(palette.getByRole('link', { name }))
    .or(palette.getByRole('button', { name }))
    .or(palette.getByRole('menuitem', { name }));
  await choice.first().click();
  await expect(palette).toBeHidden();
}

/** Switches the signed-in user's role through the host's role switch (a select or a menu). */
export async function switchRole(
  page: Page,
  role: 'Owner' | 'Tenant Administrator' | 'Technician',
): Promise<void> {
  const select = page.getByRole('combobox', { name: /role/i });
  if (await select.count()) {
    await select.first().selectOption({ label: role });
    return;
  }
  await page
    .getByRole('button', { name: /role|owner|administrator|technician/i })
    .first()
    .click();
  await page
    .getByRole('menuitemradio', { name: role })
    .or(page.getByRole('menuitem', { name: role }))
    .or(page.getByRole('option', { name: role }))
    .or(page.getByRole('radio', { name: role }))
    .first()
    .click();
}
