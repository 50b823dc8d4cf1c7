import { expect, test, type Page } from '@playwright/test';
import { join } from 'node:path';
import { ensureDisconnected } from '../src/api.ts';
import { connectHeading, hostNav, wizardContainer } from '../src/host.ts';
import { screenshotsDir, stackInfo } from '../src/stack-info.ts';

/*
 * Issue 9: a host with aggressive global CSS. What is fair: any host rule WITHOUT !important whose selector is
 * no more specific than one class (`*`, element, attribute, single class) must not change the wizard — its
 * `.exq-root` reset (all: initial, then all: revert on every descendant) out-ranks them. A host `!important`
 * rule, or one aimed at the wizard's own classes, can still reach in: that is the host choosing to.
 * And the other way: mounting the wizard must not change a single computed style of the host's elements.
 */
const HOSTILE_CSS = `
  * { color: red; font-family: 'Comic Sans MS', cursive; letter-spacing: 3px; box-sizing: content-box; }
  div { display: inline; margin: 7px; padding: 5px; border: 2px dotted lime; }
  button { all: unset; background: hotpink; text-transform: uppercase; }
  h2, h3 { font-size: 60px; font-weight: 100; text-decoration: underline; }
  p, li, td { line-height: 4; font-size: 22px; }
  table { display: block; }
  ul, ol { list-style: square inside; }
  .exq-card { background: black; }
  [class] { opacity: 0.9; }
`;

// Host elements checked before and after the wizard mounts: chrome that stays on screen.
const HOST_SELECTORS = [
  'body',
  '.topbar',
  '.sidenav',
  '.sidenav a',
  'nav[aria-label="Settings"]',
  'nav[aria-label="Settings"] a',
  'header button',
  'main h1, .page h1',
];
const PROPS = [
  'color',
  'background-color',
  'font-family',
  'font-size',
  'line-height',
  'letter-spacing',
  'display',
  'margin-top',
  'padding-left',
  'box-sizing',
  'border-top-style',
  'opacity',
  'text-transform',
];

async function hostStyles(page: Page) {
  return page.evaluate(
    ({ selectors, props }) =>
      Object.fromEntries(
        selectors.map((selector) => {
          const el = document.querySelector(selector);
          if (!el) return [selector, null];
          const style = getComputedStyle(el);
          return [selector, Object.fromEntries(props.map((p) => [p, style.getPropertyValue(p)]))];
        }),
      ),
    { selectors: HOST_SELECTORS, props: PROPS },
  );
}

const wizardStyleCount = (page: Page) =>
  page.evaluate(
    () =>
      Array.from(document.querySelectorAll('style')).filter((s) => s.textContent?.includes('.exq-root'))
        .length,
  );

test.beforeAll(async ({ request }) => {
  await ensureDisconnected(request);
});

test('hostile global CSS without !important does not break the wizard, and the wizard changes nothing of the host', async ({
  page,
}) => {
  await page.goto(`${stackInfo().hostUrl}/settings/integrations`);
  await expect(hostNav(page)).toBeVisible();
  await page.addStyleTag({ content: HOSTILE_CSS });
  const before = await hostStyles(page);
  expect(Object.values(before).filter(Boolean).length).toBeGreaterThan(4);

  // Client-side navigation: the hostile stylesheet stays, the wizard mounts into it.
  await page
    .getByRole('link', { name: /QuickBooks Online/ })
    .first()
    .click();
  await expect(connectHeading(page)).toBeVisible();
  const wizard = wizardContainer(page);
  const connect = wizard.getByRole('button', { name: 'Connect to QuickBooks' });
  await expect(connect).toBeVisible();
  await page.screenshot({ path: join(screenshotsDir, 'guest-hostile-css.png'), fullPage: true });

  // The host is exactly as it was.
  expect(await hostStyles(page)).toEqual(before);

  // The wizard looks like itself.
  const look = await page.evaluate(() => {
    const root = document.querySelector('[data-exoserva-qbo-wizard]')!;
    const get = (selector: string) => getComputedStyle(root.querySelector(selector)!);
    const button = get('.exq-button--primary');
    const heading = get('h2');
    const layout = get('.exq-layout');
    const card = get('.exq-card');
    const body = get('.exq-content p');
    return {
      buttonColor: button.color,
      buttonBackground: button.backgroundColor,
      buttonFont: button.fontFamily,
      buttonTransform: button.textTransform,
      buttonDisplay: button.display,
      headingSize: heading.fontSize,
      headingDecoration: heading.textDecorationLine,
      layoutDisplay: layout.display,
      cardBackground: card.backgroundColor,
      cardOpacity: card.opacity,
      bodyLineHeight: body.lineHeight,
      letterSpacing: body.letterSpacing,
      boxSizing: card.boxSizing,
    };
  });
  expect(look.buttonColor).not.toBe('rgb(255, 0, 0)');
  expect(look.buttonBackground).not.toBe('rgb(255, 105, 180)');
  expect(look.buttonFont).not.toMatch(/Comic Sans/);
  expect(look.buttonTransform).toBe('none');
  // inline-flex, blockified to flex inside its flex row; the host's `all: unset` would make it inline.
  expect(look.buttonDisplay).toMatch(/flex/);
  expect(look.headingSize).toBe('18px');
  expect(look.headingDecoration).toBe('none');
  expect(look.layoutDisplay).toBe('grid');
  expect(look.cardOpacity).toBe('1');
  expect(look.letterSpacing).toBe('normal');
  expect(look.boxSizing).toBe('border-box');
  expect(look.bodyLineHeight).not.toBe('88px');
  // `.exq-card { background: black }` is a host rule aimed at the wizard's own class: out-ranked as well.
  expect(look.cardBackground).not.toBe('rgb(0, 0, 0)');
});

test('unmounting leaves no wizard style or element behind in the host', async ({ page }) => {
  await page.goto(`${stackInfo().hostUrl}/settings/integrations/quickbooks`);
  await expect(connectHeading(page)).toBeVisible();
  expect(await wizardStyleCount(page)).toBe(1);
  await page
    .getByRole('navigation', { name: 'Breadcrumb' })
    .getByRole('link', { name: 'Integrations' })
    .click();
  await expect(page).toHaveURL(/\/settings\/integrations$/);
  await expect(page.locator('[data-exoserva-qbo-wizard]')).toHaveCount(0);
  expect(await wizardStyleCount(page)).toBe(0);
});
