import type { MswApi } from 'msw-storybook-addon/types';

declare global {
  var __exqMsw: MswApi | undefined;
}

/**
 * In Storybook: a service worker (served at /mockServiceWorker.js by ./vite.config.ts). In the stories-as-tests
 * run (jsdom) the test file has already put an msw/node server on `globalThis.__exqMsw`, so the browser worker
 * is never imported there.
 */
export async function setupMsw(): Promise<MswApi> {
  if (globalThis.__exqMsw) return globalThis.__exqMsw;
  const { setupWorker } = await import('msw/browser');
  const worker = setupWorker();
  await worker.start({
    quiet: true,
    serviceWorker: { url: './mockServiceWorker.js' },
    onUnhandledRequest: 'bypass',
  });
  return worker;
}
