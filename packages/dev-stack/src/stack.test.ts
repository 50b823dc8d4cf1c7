import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultPaths, missingBuilds } from './paths.ts';
import { isPortFree } from './ports.ts';
import { MissingBuildError, startStack, type RunningStack } from './stack.ts';

const missing = missingBuilds(defaultPaths);
if (missing.length > 0) {
  console.warn(
    `[dev-stack] skipping the whole-stack test: missing ${missing.join(' and ')}. Build them first.`,
  );
}

describe.skipIf(missing.length > 0)('startStack', () => {
  let dir: string;
  let stack: RunningStack;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'dev-stack-test-'));
    stack = await startStack({
      ports: { host: 0, wizard: 0, bff: 0, qboSandbox: 0, exoservaSandbox: 0 },
      dataDir: join(dir, 'pglite'),
      logLevel: 'warn',
    });
  });
  afterAll(async () => {
    await stack?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('serves a runtime config pointing the host at the wizard, the BFF and the Exoserva sandbox', async () => {
    const res = await fetch(`${stack.hostUrl}/runtime-config.json`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      wizardRemoteEntry: `${stack.urls.wizard}/remoteEntry.js`,
      bffUrl: stack.urls.bff,
      exoservaApiUrl: stack.urls.exoservaSandbox,
    });
  });

  it('serves the host shell on client-side routes', async () => {
    const res = await fetch(`${stack.hostUrl}/settings/integrations/quickbooks`);
    expect(res.status).toBe(200);
    expect(await res.text()).toMatch(/<html/i);
  });

  it('serves the wizard remoteEntry.js with CORS for the host', async () => {
    const res = await fetch(`${stack.urls.wizard}/remoteEntry.js`, { headers: { origin: stack.hostUrl } });
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
  });

  it('has a ready BFF that accepts sessions from the Exoserva sandbox', async () => {
    const ready = await fetch(`${stack.urls.bff}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ status: 'ready' });

    const session = (await (
      await fetch(`${stack.urls.exoservaSandbox}/api/dev/session`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ role: 'owner' }),
      })
    ).json()) as { token: string };
    const me = await fetch(`${stack.urls.bff}/api/v1/me`, {
      headers: { authorization: `Bearer ${session.token}` },
    });
    expect(me.status).toBe(200);
    expect(await me.json()).toMatchObject({ tenantId: 'ten_summit', role: 'owner', canManage: true });
  });

  it('registers the BFF callback as a redirect URI of the QBO sandbox app', async () => {
    const res = await fetch(`${stack.urls.qboSandbox}/_sandbox/apps`);
    const apps = (await res.json()) as Array<{ clientId: string; redirectUris: string[] }>;
    expect(apps.find((a) => a.clientId === 'exoserva-dev-client')?.redirectUris).toEqual([
      `${stack.urls.bff}/api/v1/oauth/callback`,
    ]);
  });

  it('releases every port on stop', async () => {
    await stack.stop();
    for (const port of Object.values(stack.ports)) expect(await isPortFree(port)).toBe(true);
  });
});

describe('startStack without the front-end builds', () => {
  it('refuses to start and says how to build them', async () => {
    const started = startStack({ wizardDist: join(tmpdir(), 'no-such-wizard-dist'), ports: { host: 0 } });
    await expect(started).rejects.toBeInstanceOf(MissingBuildError);
    await expect(started).rejects.toThrow(/pnpm --filter @exoserva\/wizard --filter @exoserva\/host build/);
  });
});
