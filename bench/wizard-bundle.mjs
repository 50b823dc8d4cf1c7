#!/usr/bin/env node
// The wizard's download budget and mount time, measured in headless Chromium.
//
//   pnpm --filter @exoserva/wizard build && node bench/wizard-bundle.mjs [--runs 7] [--json]
//
// What it does:
//  1. serves apps/wizard/dist (CORS, its own origin) and apps/host-vanilla/dist (built here if missing) with a
//     /runtime-config.json, a fake BFF answering the wizard's contract fixtures, and a fake dev session;
//  2. builds a bare remote (same federation name and shared React, its mount renders one empty div): the baseline;
//  3. loads the host page in Chromium several times per remote (fresh context = cold cache, alternating) and
//     takes the time from "host starts loading the remote" to "first step is interactive" (Connect button enabled;
//     for the bare remote: its div exists);
//  4. sums the gzip sizes of every wizard-origin JS response that arrived before the Connect step was interactive,
//     excluding the shared react / react-dom chunks, and compares that with the 80 KB budget — once in English and
//     once in Spanish (`?locale=es-MX`: the Spanish catalog is fetched on demand), the larger one is the figure;
//  5. opens the Activity step and lists the chunks it fetched on demand;
//  6. measures once more with a host that publishes no federation runtime core (mount contract 1.0 hosts): the
//     wizard then fetches its own copy. Printed beside the budget, not counted in it.
// Exits 1 when the budget is exceeded in either language.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, extname, join, normalize, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';

/* global window, document, performance, MutationObserver -- the functions passed to page.evaluate run in the browser */

const BUDGET_BYTES = 80 * 1024;
const BASE_PATH = '/settings/integrations/quickbooks';
const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const wizardDist = join(root, 'apps/wizard/dist');
const hostDist = join(root, 'apps/host-vanilla/dist');
const args = process.argv.slice(2);
const runs = Number(args[args.indexOf('--runs') + 1]) || 7;
const asJson = args.includes('--json');

const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];
const SYSTEM_CHROMIUMS = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome-stable'];

// Shared singletons the host provides: not the wizard's bytes.
const SHARED_REACT =
  /prebuild__react|\/react-[\w-]{8}\.js$|\/react-dom-[\w-]{8}\.js$|\/jsx-runtime-[\w-]{8}\.js$/;

function log(...parts) {
  if (!asJson) console.log(...parts);
}

if (!existsSync(join(wizardDist, 'remoteEntry.js'))) {
  console.error('No apps/wizard/dist/remoteEntry.js: run `pnpm --filter @exoserva/wizard build` first.');
  process.exit(2);
}
if (!existsSync(join(hostDist, 'index.html'))) {
  log('Building apps/host-vanilla (the page that mounts the remote)…');
  execFileSync('pnpm', ['--filter', '@exoserva/host-vanilla', 'build'], { cwd: root, stdio: 'ignore' });
}

// The fake BFF answers with the same contract-typed fixtures the component tests and stories use.
const { tsImport } = await import('tsx/esm/api');
const fixtures = await tsImport(
  pathToFileURL(join(root, 'apps/wizard/src/test/fixtures/connection.ts')).href,
  import.meta.url,
);

// ── the bare baseline remote ────────────────────────────────────────────────────────────────────────────────
async function buildBareRemote() {
  const wizardRequire = createRequire(join(root, 'apps/wizard/package.json'));
  const { build } = await import(pathToFileURL(wizardRequire.resolve('vite')).href);
  const { federation } = await import(pathToFileURL(wizardRequire.resolve('@module-federation/vite')).href);
  const dir = join(tmpdir(), `exq-bare-remote-${process.pid}`);
  mkdirSync(join(dir, 'src'), { recursive: true });
  writeFileSync(
    join(dir, 'src/mount.js'),
    [
      "import { createElement } from 'react';",
      "import { createRoot } from 'react-dom/client';",
      "export const contractVersion = '1.0.0';",
      'export function mount(element) {',
      '  const root = createRoot(element);',
      "  root.render(createElement('div', { 'data-bench-ready': '' }));",
      '  return () => root.unmount();',
      '}',
    ].join('\n'),
  );
  writeFileSync(join(dir, 'index.html'), '<!doctype html><html><body></body></html>');
  await build({
    root: dir,
    configFile: false,
    logLevel: 'silent',
    base: './',
    resolve: {
      alias: {
        react: wizardRequire.resolve('react'),
        'react-dom': dirname(wizardRequire.resolve('react-dom')),
      },
    },
    plugins: [
      federation({
        name: 'exoserva_qbo_wizard',
        filename: 'remoteEntry.js',
        exposes: { './mount': './src/mount.js' },
        shared: {
          react: { singleton: true, requiredVersion: '^19.3.1' },
          'react-dom': { singleton: true, requiredVersion: '^19.3.1' },
        },
        dts: false,
      }),
    ],
    build: { target: 'esnext', outDir: join(dir, 'dist'), emptyOutDir: true },
  });
  return { dir, dist: join(dir, 'dist') };
}

// ── servers ─────────────────────────────────────────────────────────────────────────────────────────────────
const TYPES = {
  '.js': 'text/javascript',
  '.html': 'text/html',
  '.css': 'text/css',
  '.json': 'application/json',
  '.map': 'application/json',
};

function serveFile(res, dir, urlPath, fallback) {
  let file = normalize(join(dir, decodeURIComponent(urlPath)));
  if (!file.startsWith(dir) || !existsSync(file) || !extname(file))
    file = fallback ? join(dir, 'index.html') : '';
  if (!file || !existsSync(file)) {
    res.writeHead(404).end();
    return;
  }
  res.writeHead(200, {
    'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
    'cache-control': 'no-store',
  });
  res.end(readFileSync(file));
}

function listen(handler) {
  return new Promise((resolveListen) => {
    const server = createServer(handler);
    server.listen(0, '127.0.0.1', () => resolveListen(server));
  });
}
const urlOf = (server) => `http://127.0.0.1:${server.address().port}`;

async function remoteServer(dist) {
  return listen((req, res) => {
    res.setHeader('access-control-allow-origin', '*');
    serveFile(res, dist, new URL(req.url, 'http://x').pathname, false);
  });
}

async function hostServer(getRemoteEntry) {
  const json = (res, body, status = 200) =>
    res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  const server = await listen((req, res) => {
    const path = new URL(req.url, 'http://x').pathname;
    const origin = urlOf(server);
    if (path === '/runtime-config.json') {
      return json(res, {
        wizardRemoteEntry: getRemoteEntry(),
        bffUrl: `${origin}/bff`,
        exoservaApiUrl: `${origin}/exo`,
      });
    }
    if (path === '/exo/api/dev/session')
      return json(res, { token: 'bench-token', expiresAt: '2099-01-01T00:00:00.000Z' });
    if (path === '/bff/api/v1/me') return json(res, fixtures.ownerMe);
    if (path === '/bff/api/v1/connection') return json(res, fixtures.disconnectedStatus);
    if (path === '/bff/api/v1/audit') return json(res, { entries: fixtures.auditEntries });
    if (path.startsWith('/bff/'))
      return json(res, { error: { code: 'not_found', message: path, requestId: 'bench' } }, 404);
    serveFile(res, hostDist, path, true);
  });
  return server;
}

// ── measuring ───────────────────────────────────────────────────────────────────────────────────────────────
const READY = {
  wizard: '.exq-root button.exq-button--primary:not([disabled])',
  bare: '[data-bench-ready]',
};

// Runs in the page before anything else: stamps the moment the ready selector first matches.
const readyProbe = (selector) => {
  const check = () => {
    if (window.__exqReady === undefined && document.querySelector(selector))
      window.__exqReady = performance.now();
  };
  new MutationObserver(check).observe(document, { subtree: true, childList: true, attributes: true });
};

// A host of mount contract 1.0, which publishes no federation runtime core: the host's assignment is swallowed.
const hideHostRuntimeCore = () => {
  Object.defineProperty(window, '_FEDERATION_RUNTIME_CORE', { get: () => undefined, set: () => {} });
};

async function measure(
  browser,
  hostUrl,
  remoteOrigin,
  kind,
  collectBytes,
  locale = 'en-US',
  hostPublishesRuntimeCore = true,
) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await page.addInitScript(readyProbe, READY[kind]);
  if (!hostPublishesRuntimeCore) await page.addInitScript(hideHostRuntimeCore);
  const bodies = new Map();
  if (collectBytes) {
    page.on('response', async (response) => {
      if (!response.url().startsWith(remoteOrigin) || !response.url().endsWith('.js')) return;
      const body = await response.body().catch(() => null);
      if (body) bodies.set(response.url(), body);
    });
  }
  await page.goto(`${hostUrl}${BASE_PATH}${locale === 'en-US' ? '' : `?locale=${locale}`}`);
  await page.waitForFunction(() => window.__exqReady !== undefined, null, { timeout: 30_000 });
  const timing = await page.evaluate((origin) => {
    const mark = (name) => performance.getEntriesByName(name)[0]?.startTime ?? NaN;
    const resources = performance
      .getEntriesByType('resource')
      .filter((r) => r.name.startsWith(origin))
      .map((r) => ({ url: r.name, end: r.responseEnd }));
    return {
      loadStart: mark('exq:load-remote'),
      mount: mark('exq:mount'),
      ready: window.__exqReady,
      resources,
    };
  }, remoteOrigin);

  if (collectBytes) {
    const firstStep = new Set(timing.resources.filter((r) => r.end <= timing.ready).map((r) => r.url));
    await page.waitForTimeout(300);
    const before = new Set(bodies.keys());
    if (locale === 'en-US') {
      await page.getByRole('link', { name: 'View all activity' }).click();
      await page.getByRole('heading', { name: 'Activity', level: 2 }).first().waitFor();
      await page.waitForTimeout(300);
    }
    const onDemand = [...bodies.keys()].filter((url) => !before.has(url));
    await context.close();
    const size = (url) => gzipSync(bodies.get(url), { level: 9 }).length;
    const chunks = [...firstStep]
      .filter((url) => bodies.has(url))
      .map((url) => ({
        url,
        file: url.slice(remoteOrigin.length + 1),
        gzip: size(url),
        shared: SHARED_REACT.test(url),
      }));
    return {
      timing,
      chunks,
      onDemand: onDemand.map((url) => ({ file: url.slice(remoteOrigin.length + 1), gzip: size(url) })),
    };
  }
  await context.close();
  return { timing };
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
const kb = (bytes) => (bytes / 1024).toFixed(1);

const bare = await buildBareRemote();
const wizardRemote = await remoteServer(wizardDist);
const bareRemote = await remoteServer(bare.dist);
let current = wizardRemote;
const host = await hostServer(() => `${urlOf(current)}/remoteEntry.js`);
const hostUrl = urlOf(host);

const { chromium } = createRequire(join(root, 'e2e/package.json'))('@playwright/test');
const executablePath = process.env.CHROMIUM_PATH ?? SYSTEM_CHROMIUMS.find((p) => existsSync(p));
const browser = await chromium.launch({
  headless: true,
  args: CHROMIUM_ARGS,
  ...(executablePath ? { executablePath } : {}),
});

let exitCode = 0;
try {
  current = wizardRemote;
  const bytes = await measure(browser, hostUrl, urlOf(wizardRemote), 'wizard', true);
  const spanish = await measure(browser, hostUrl, urlOf(wizardRemote), 'wizard', true, 'es-MX');
  const legacyHost = await measure(browser, hostUrl, urlOf(wizardRemote), 'wizard', true, 'en-US', false);
  const times = { wizard: { total: [], mount: [] }, bare: { total: [], mount: [] } };
  for (let i = 0; i < runs; i += 1) {
    for (const kind of ['bare', 'wizard']) {
      current = kind === 'wizard' ? wizardRemote : bareRemote;
      const { timing } = await measure(browser, hostUrl, urlOf(current), kind, false);
      times[kind].total.push(timing.ready - timing.loadStart);
      times[kind].mount.push(timing.ready - timing.mount);
    }
  }

  const own = bytes.chunks.filter((c) => !c.shared);
  const shared = bytes.chunks.filter((c) => c.shared);
  const sum = (chunks) => chunks.reduce((total, c) => total + c.gzip, 0);
  const englishTotal = sum(own);
  const spanishTotal = sum(spanish.chunks.filter((c) => !c.shared));
  const ownTotal = Math.max(englishTotal, spanishTotal);
  const sharedTotal = sum(shared);
  const legacyHostTotal = sum(legacyHost.chunks.filter((c) => !c.shared));
  const summary = {
    budgetKb: BUDGET_BYTES / 1024,
    firstStepKbGzip: Number(kb(ownTotal)),
    firstStepKbGzipByLocale: { 'en-US': Number(kb(englishTotal)), 'es-MX': Number(kb(spanishTotal)) },
    // Not the budget's figure: a host that publishes no runtime core makes the wizard fetch its own copy.
    firstStepKbGzipHostWithoutRuntimeCore: Number(kb(legacyHostTotal)),
    budgetRatio: Number((ownTotal / BUDGET_BYTES).toFixed(2)),
    sharedReactKbGzip: Number(kb(sharedTotal)),
    withinBudget: ownTotal <= BUDGET_BYTES,
    runs,
    medianMs: {
      wizardLoadToInteractive: Math.round(median(times.wizard.total)),
      bareLoadToInteractive: Math.round(median(times.bare.total)),
      wizardMountToInteractive: Math.round(median(times.wizard.mount)),
      bareMountToInteractive: Math.round(median(times.bare.mount)),
    },
  };
  summary.ratio = Number((median(times.wizard.total) / median(times.bare.total)).toFixed(2));

  if (asJson) {
    console.log(
      JSON.stringify(
        { ...summary, chunks: bytes.chunks, spanishChunks: spanish.chunks, onDemand: bytes.onDemand },
        null,
        2,
      ),
    );
  } else {
    log('\nWizard code fetched before the Connect step was interactive (gzip -9, wizard origin only):\n');
    log('| chunk | KB gzip |');
    log('|---|---:|');
    for (const c of [...own].sort((a, b) => b.gzip - a.gzip)) log(`| ${c.file} | ${kb(c.gzip)} |`);
    log(`| **wizard total, en-US (budget ${BUDGET_BYTES / 1024} KB)** | **${kb(englishTotal)}** |`);
    const spanishOnly = spanish.chunks.filter(
      (c) => !c.shared && !bytes.chunks.some((e) => e.file === c.file),
    );
    for (const c of spanishOnly) log(`| es-MX only: ${c.file} | ${kb(c.gzip)} |`);
    log(`| **wizard total, es-MX** | **${kb(spanishTotal)}** |`);
    log(`| shared react/react-dom chunks fetched from the remote (excluded) | ${kb(sharedTotal)} |`);
    const legacyOnly = legacyHost.chunks.filter(
      (c) => !c.shared && !bytes.chunks.some((e) => e.file === c.file),
    );
    log(
      `| host publishing no federation runtime core (contract 1.0 hosts), en-US: ${kb(legacyHostTotal)} KB, ` +
        `of which ${legacyOnly.map((c) => `${c.file} ${kb(c.gzip)}`).join(', ') || 'nothing extra'} | |`,
    );
    log('\nLoaded on demand when the Activity step opened:\n');
    log('| chunk | KB gzip |');
    log('|---|---:|');
    for (const c of bytes.onDemand) log(`| ${c.file} | ${kb(c.gzip)} |`);
    log(`\nTime to interactive first step, median of ${runs} cold runs (Chromium, loopback, fake BFF):\n`);
    log('| remote | load remote → interactive (ms) | mount() → interactive (ms) |');
    log('|---|---:|---:|');
    log(
      `| bare remote (empty div) | ${summary.medianMs.bareLoadToInteractive} | ${summary.medianMs.bareMountToInteractive} |`,
    );
    log(
      `| wizard (Connect step) | ${summary.medianMs.wizardLoadToInteractive} | ${summary.medianMs.wizardMountToInteractive} |`,
    );
    log(`| **ratio wizard / bare (load → interactive)** | **${summary.ratio}×** | |`);
    log(
      `\n${summary.withinBudget ? 'OK' : 'OVER BUDGET'}: ${kb(ownTotal)} KB of ${BUDGET_BYTES / 1024} KB ` +
        `(ratio ${summary.budgetRatio}; the larger of en-US ${kb(englishTotal)} and es-MX ${kb(spanishTotal)})`,
    );
  }
  if (!summary.withinBudget) exitCode = 1;
} finally {
  await browser.close();
  for (const server of [wizardRemote, bareRemote, host]) server.close();
  rmSync(bare.dir, { recursive: true, force: true });
}
process.exit(exitCode);
