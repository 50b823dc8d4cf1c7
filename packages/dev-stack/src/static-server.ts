import { serve } from '@hono/node-server';
import { serveStatic } from '@hono/node-server/serve-static';
import { Hono } from 'hono';
import { cors } from 'hono/cors';
import { readFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';

export interface StaticServerOptions {
  /** Absolute path of the folder to serve. */
  root: string;
  port: number;
  hostname: string;
  /** `Access-Control-Allow-Origin: *` on every response: a Module Federation remote is loaded cross-origin. */
  corsAnyOrigin?: boolean;
  /** Unknown paths that are not files answer index.html, so client-side routes survive a reload. */
  spaFallback?: boolean;
  /** Extra JSON documents served at fixed paths, before the files (e.g. /runtime-config.json). */
  json?: Record<string, unknown>;
}

export interface RunningServer {
  port: number;
  close(): Promise<void>;
}

/** A small static file server on Hono: what a CDN would do in production. */
export async function startStaticServer(options: StaticServerOptions): Promise<RunningServer> {
  const app = new Hono();
  if (options.corsAnyOrigin) app.use('*', cors({ origin: '*' }));
  for (const [path, body] of Object.entries(options.json ?? {})) {
    app.get(path, (c) => {
      c.header('Cache-Control', 'no-store');
      return c.json(body);
    });
  }
  app.use(
    '*',
    serveStatic({
      root: options.root,
      onFound: (path, c) => {
        // Hashed assets may be cached for ever; entry points (index.html, remoteEntry.js) must be re-read.
        const immutable =
          /[.-][A-Za-z0-9_-]{8,}\.(js|css|woff2?|png|svg)$/.test(path) && !path.endsWith('remoteEntry.js');
        c.header('Cache-Control', immutable ? 'public, max-age=31536000, immutable' : 'no-cache');
      },
    }),
  );
  if (options.spaFallback) {
    const indexPath = join(options.root, 'index.html');
    app.get('*', async (c) => {
      // A missing asset is a 404, not the app shell: otherwise a broken script loads HTML and fails oddly.
      if (/\.[a-z0-9]+$/i.test(c.req.path)) return c.text('Not found', 404);
      c.header('Cache-Control', 'no-cache');
      return c.html(await readFile(indexPath, 'utf8'));
    });
  }

  const server = serve({ fetch: app.fetch, port: options.port, hostname: options.hostname });
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  return { port: (server.address() as AddressInfo).port, close: () => closeServer(server) };
}

export function closeServer(server: ReturnType<typeof serve>): Promise<void> {
  return new Promise((resolve, reject) => {
    // Keep-alive sockets from the browser would otherwise hold close() open.
    if ('closeAllConnections' in server) server.closeAllConnections();
    server.close((err) => (err ? reject(err) : resolve()));
  });
}
