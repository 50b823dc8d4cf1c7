import { defineConfig, devices } from '@playwright/test';
import { CHROMIUM_ARGS, findChromium } from './src/browser.ts';

const executablePath = findChromium();
const ci = Boolean(process.env.CI);

export default defineConfig({
  testDir: './test',
  outputDir: './artifacts/test-results',
  globalSetup: './src/global-setup.ts',
  // One stack, one database, one connection per tenant: the specs change shared state, so they run in turn.
  workers: 1,
  fullyParallel: false,
  retries: 0,
  forbidOnly: ci,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [['list'], ['html', { outputFolder: './artifacts/report', open: 'never' }]],
  use: {
    headless: true,
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
    launchOptions: {
      args: CHROMIUM_ARGS,
      ...(executablePath ? { executablePath } : {}),
    },
  },
  projects: [{ name: 'chromium', use: { ...devices['Desktop Chrome'] } }],
});
