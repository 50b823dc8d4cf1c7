import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isPortFree } from './ports.ts';
import { startStaticServer, type RunningServer } from './static-server.ts';

describe('startStaticServer', () => {
  let root: string;
  let spa: RunningServer;
  let remote: RunningServer;
  const base = (s: RunningServer) => `http://127.0.0.1:${s.port}`;

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'dev-stack-static-'));
    await mkdir(join(root, 'assets'));
    await writeFile(join(root, 'index.html'), '<!doctype html><title>shell</title>');
    await writeFile(join(root, 'remoteEntry.js'), 'export const x = 1;');
    await writeFile(join(root, 'assets', 'app-AbCdEf12.js'), 'console.log(1)');
    spa = await startStaticServer({
      root,
      port: 0,
      hostname: '127.0.0.1',
      spaFallback: true,
      json: { '/runtime-config.json': { bffUrl: 'http://localhost:8787' } },
    });
    remote = await startStaticServer({ root, port: 0, hostname: '127.0.0.1', corsAnyOrigin: true });
  });
  afterAll(async () => {
    await spa.close();
    await remote.close();
    await rm(root, { recursive: true, force: true });
  });

  it('answers client-side routes with index.html so a reload keeps the page', async () => {
    const res = await fetch(`${base(spa)}/settings/integrations/quickbooks`);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('<title>shell</title>');
  });

  it('answers a missing asset with 404 rather than the app shell', async () => {
    expect((await fetch(`${base(spa)}/assets/missing-12345678.js`)).status).toBe(404);
  });

  it('serves the generated runtime config uncached', async () => {
    const res = await fetch(`${base(spa)}/runtime-config.json`);
    expect(await res.json()).toEqual({ bffUrl: 'http://localhost:8787' });
    expect(res.headers.get('cache-control')).toBe('no-store');
  });

  it('serves a remote entry with CORS for any origin and without long caching', async () => {
    const res = await fetch(`${base(remote)}/remoteEntry.js`, {
      headers: { origin: 'http://localhost:5173' },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(res.headers.get('content-type')).toMatch(/javascript/);
    expect(res.headers.get('cache-control')).toBe('no-cache');
    const hashed = await fetch(`${base(remote)}/assets/app-AbCdEf12.js`);
    expect(hashed.headers.get('cache-control')).toContain('immutable');
  });

  it('refuses paths that climb out of the root', async () => {
    const res = await fetch(`${base(remote)}/..%2f..%2fetc/passwd`);
    expect(res.status).toBe(404);
  });

  it('releases its port on close', async () => {
    const s = await startStaticServer({ root, port: 0, hostname: '127.0.0.1' });
    expect(await isPortFree(s.port)).toBe(false);
    await s.close();
    expect(await isPortFree(s.port)).toBe(true);
  });
});
