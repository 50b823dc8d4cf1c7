import { expect, test, type Page } from '@playwright/test';
import type AxeCore from 'axe-core';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { ensureDisconnected } from '../src/api.ts';
import { openWizardPage, wizardContainer } from '../src/host.ts';
import { createQboCompany, saveMapping } from '../src/qbo-company.ts';
import { consent } from '../src/qbo-consent.ts';
import { screenshotsDir, stackInfo } from '../src/stack-info.ts';

// Issue 21: every step usable on an owner's phone (360–430 px) and on a laptop (1366 px), with no serious or
// critical axe finding anywhere on the page (the host's chrome included), and a screenshot of each to look at.
test.describe.configure({ mode: 'serial' });

const COMPANY = { name: 'Responsive E2E Heating (Sandbox)', realmId: '' };
const VIEWPORTS = [
  { name: 'phone', width: 390, height: 844 },
  { name: 'laptop', width: 1366, height: 768 },
] as const;
const STEPS = [
  { path: '', heading: 'Connected to QuickBooks Online' },
  { path: '/mapping', heading: 'Map your chart of accounts' },
  { path: '/direction', heading: 'Customer sync direction' },
  { path: '/test-sync', heading: 'Run a test sync' },
  { path: '/auto-sync', heading: 'Turn on auto-sync' },
  { path: '/status', heading: 'Sync status' },
  { path: '/status/failed', heading: 'Failed records' },
  { path: '/reconciliation', heading: 'Monthly reconciliation' },
  { path: '/backfill', heading: 'Bring in past records' },
  { path: '/notifications', heading: 'Failure notifications' },
  { path: '/activity', heading: 'Activity' },
] as const;

const axePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

async function seriousViolations(page: Page): Promise<string[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ path: axePath });
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: typeof AxeCore }).axe;
    const results = await axe.run(document, { resultTypes: ['violations'] });
    return results.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(' | ')}`);
  });
}

test.beforeAll(async ({ request }) => {
  await ensureDisconnected(request);
  COMPANY.realmId = await createQboCompany(request, COMPANY.name);
});
test.afterAll(async ({ request }) => {
  await ensureDisconnected(request);
});

test('every step fits a phone and a laptop, with no serious accessibility finding', async ({
  page,
  request,
}) => {
  test.setTimeout(120_000);
  await openWizardPage(page, `${stackInfo().hostUrl}/settings/integrations/quickbooks`);
  await wizardContainer(page)
    .getByRole('button', { name: /^Connect to QuickBooks$/i })
    .click();
  await consent(page, COMPANY.name);
  await expect(wizardContainer(page).getByText('Connected', { exact: true }).first()).toBeVisible();
  await saveMapping(request, COMPANY.realmId, { autoSync: false });

  const problems: string[] = [];
  for (const viewport of VIEWPORTS) {
    await page.setViewportSize(viewport);
    for (const step of STEPS) {
      await page.goto(`${stackInfo().hostUrl}/settings/integrations/quickbooks${step.path}`);
      const wizard = wizardContainer(page);
      await expect(wizard.getByRole('heading', { name: step.heading, exact: true }).first()).toBeVisible();
      // Let the step's reads settle (the mapping reads the chart) before judging the page.
      await page.waitForLoadState('networkidle');
      const where = `${viewport.name} ${step.path || '/'}`;
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      if (overflow > 0) problems.push(`${where}: the page is ${overflow}px wider than the screen`);
      for (const v of await seriousViolations(page)) problems.push(`${where}: ${v}`);
      if (viewport.name === 'phone') {
        // The step list folds to one line on a phone: the form starts within the first screen.
        const heading = await wizard
          .getByRole('heading', { name: step.heading, exact: true })
          .first()
          .boundingBox();
        if (!heading || heading.y > viewport.height * 0.6)
          problems.push(`${where}: the step starts below the fold`);
      }
      if (step.path === '/activity') {
        // Each entry's "who" reads on one line (it wrapped to four at 1366 px in a four-column table).
        const tallest = await wizard
          .locator('.exq-activity-who')
          .evaluateAll((cells) => Math.max(0, ...cells.map((c) => c.getBoundingClientRect().height)));
        if (tallest > 24) problems.push(`${where}: who did it wraps (${tallest}px tall)`);
      }
      await page.screenshot({
        path: join(
          screenshotsDir,
          `responsive-${viewport.name}${step.path.replaceAll('/', '-') || '-connect'}.png`,
        ),
        fullPage: true,
      });
    }
  }
  expect(problems).toEqual([]);
});
