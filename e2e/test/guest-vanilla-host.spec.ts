import { expect, test } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import {
  createServer,
  request as httpRequest,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, extname, join, normalize, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureDisconnected } from '../src/api.ts';
import { screenshotsDir, stackInfo } from '../src/stack-info.ts';

/*
 * Issue 9: apps/host-vanilla — plain TypeScript, no React of its own — mounts the wizard with mount(), navigates
 * inside it and unmounts it. The stack does not serve that host, so this spec does: a small server on port 0
 * with its dist, a /runtime-config.json pointing at the running stack's wizard, and the BFF and Exoserva API
 * proxied under its own origin (the stack's CORS lists allow only the stack's host).
 */
const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const dist = join(repoRoot, 'apps', 'host-vanilla', 'dist');
const TYPES: Record<string, string> = {
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.html': 'text/html',
  '.json': 'application/json',
  '.map': 'application/json',
};

let server: Server;
let origin = '';

function proxy(target: string, req: IncomingMessage, res: ServerResponse) {
  const url = new URL(target);
  const headers = { ...req.headers, host: url.host };
  delete headers.origin;
  delete headers.referer;
  const upstream = httpRequest(url, { method: req.method, headers }, (answer) => {
    res.writeHead(answer.statusCode ?? 502, answer.headers);
    answer.pipe(res);
  });
  upstream.on('error', () => res.writeHead(502).end());
  req.pipe(upstream);
}

test.beforeAll(async ({ request }) => {
  await ensureDisconnected(request);
  if (!existsSync(join(dist, 'index.html'))) {
    execFileSync('pnpm', ['--filter', '@exoserva/host-vanilla', 'build'], { cwd: repoRoot, stdio: 'ignore' });
  }
  const stack = stackInfo();
  server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const search = new URL(req.url ?? '/', 'http://x').search;
    if (path === '/runtime-config.json') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          wizardRemoteEntry: `${stack.urls.wizard}/remoteEntry.js`,
          bffUrl: `${origin}/bff`,
          exoservaApiUrl: `${origin}/exo`,
        }),
      );
      return;
    }
    if (path.startsWith('/bff/')) return proxy(`${stack.urls.bff}${path.slice(4)}${search}`, req, res);
    if (path.startsWith('/exo/'))
      return proxy(`${stack.urls.exoservaSandbox}${path.slice(4)}${search}`, req, res);
    let file = normalize(join(dist, decodeURIComponent(path)));
    if (!file.startsWith(dist) || !extname(file) || !existsSync(file)) file = join(dist, 'index.html');
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
    res.end(readFileSync(file));
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

test.afterAll(async () => {
  await new Promise((done) => server?.close(done));
});

test('a host without React mounts the wizard, navigates inside it, and unmounts it cleanly', async ({
  page,
}) => {
  const wizardOrigin = stackInfo().urls.wizard;
  const reactFromRemote: string[] = [];
  const runtimeCoreFromRemote: string[] = [];
  page.on('request', (request) => {
    if (!request.url().startsWith(wizardOrigin)) return;
    // The host provides React to the shared scope: the remote's own fallback copy must never be fetched.
    if (/prebuild__react_mf_2_dom_mf_1_client/.test(request.url())) reactFromRemote.push(request.url());
    // The host publishes its federation runtime core (contract 1.1): the wizard's own copy is not fetched either.
    if (/federation-runtime-core-/.test(request.url())) runtimeCoreFromRemote.push(request.url());
  });
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));

  await page.goto(`${origin}/settings/integrations/quickbooks`);
  const container = page.getByTestId('wizard-container');
  await expect(container.getByRole('heading', { name: 'Connect QuickBooks Online' })).toBeVisible();
  await expect(page).toHaveURL(/\/settings\/integrations\/quickbooks\/connect$/);
  await expect(page.getByRole('navigation', { name: 'Main' })).toBeVisible();
  await page.screenshot({ path: join(screenshotsDir, 'guest-vanilla-host.png'), fullPage: true });

  // Navigate inside the wizard; the address bar follows, and back returns.
  await container
    .getByRole('navigation', { name: 'Setup steps' })
    .getByRole('link', { name: 'Activity' })
    .click();
  await expect(container.getByRole('heading', { name: 'Activity', level: 2 })).toBeVisible();
  await expect(page).toHaveURL(/\/quickbooks\/activity$/);
  await page.goBack();
  await expect(container.getByRole('heading', { name: 'Connect QuickBooks Online' })).toBeVisible();

  // Leave: the host unmounts; nothing of the wizard stays.
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Home' }).click();
  await expect(page.getByRole('heading', { name: 'Home', level: 1 })).toBeVisible();
  await expect(page.locator('[data-exoserva-qbo-wizard]')).toHaveCount(0);
  const wizardStyles = await page.evaluate(
    () =>
      Array.from(document.querySelectorAll('style')).filter((s) => s.textContent?.includes('.exq-root'))
        .length,
  );
  expect(wizardStyles).toBe(0);
  await expect(container).toBeEmpty();

  // And back in: it mounts again.
  await page
    .getByRole('navigation', { name: 'Main' })
    .getByRole('link', { name: 'QuickBooks Online' })
    .click();
  await expect(container.getByRole('heading', { name: 'Connect QuickBooks Online' })).toBeVisible();

  expect(reactFromRemote).toEqual([]);
  expect(runtimeCoreFromRemote).toEqual([]);
  expect(errors).toEqual([]);
});

test('a host that publishes no federation runtime core (mount contract 1.0) still gets a working wizard', async ({
  page,
}) => {
  const wizardOrigin = stackInfo().urls.wizard;
  // The host's `_FEDERATION_RUNTIME_CORE ??= …` is swallowed, as if it were written against contract 1.0.
  await page.addInitScript(() => {
    Object.defineProperty(window, '_FEDERATION_RUNTIME_CORE', { get: () => undefined, set: () => {} });
  });
  const runtimeCoreFromRemote: string[] = [];
  page.on('request', (request) => {
    if (request.url().startsWith(wizardOrigin) && /federation-runtime-core-/.test(request.url()))
      runtimeCoreFromRemote.push(request.url());
  });
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));

  await page.goto(`${origin}/settings/integrations/quickbooks`);
  const container = page.getByTestId('wizard-container');
  await expect(container.getByRole('heading', { name: 'Connect QuickBooks Online' })).toBeVisible();
  await container
    .getByRole('navigation', { name: 'Setup steps' })
    .getByRole('link', { name: 'Activity' })
    .click();
  await expect(container.getByRole('heading', { name: 'Activity', level: 2 })).toBeVisible();

  // The wizard fetched its own runtime core, once, and kept it private: nothing was published on the host's global.
  expect(runtimeCoreFromRemote).toHaveLength(1);
  expect(
    await page.evaluate(() => (window as { _FEDERATION_RUNTIME_CORE?: unknown })._FEDERATION_RUNTIME_CORE),
  ).toBe(undefined);
  expect(errors).toEqual([]);
});
