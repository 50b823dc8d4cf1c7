import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createQboSandbox, startQboSandbox, type RunningQboSandbox } from './server.ts';

describe('createQboSandbox (in-process)', () => {
  it('serves the whole API through app.request without a socket', async () => {
    const { app, sandbox } = createQboSandbox();
    const tokens = (await (
      await app.request('/_sandbox/tokens', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ realmId: '9341452', clientId: 'exoserva-dev-client' }),
      })
    ).json()) as { access_token: string };
    const res = await app.request('/v3/company/9341452/companyinfo/9341452', {
      headers: { authorization: `Bearer ${tokens.access_token}` },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('intuit_tid')).toBeTruthy();

    sandbox.faults.set('9341452', { dropRate: 1 });
    const dropped = await app.request('/v3/company/9341452/preferences', {
      headers: { authorization: `Bearer ${tokens.access_token}` },
    });
    await expect(dropped.text()).rejects.toThrow(/dropped/);
    sandbox.close();
  });

  it('answers unknown paths with a JSON 404', async () => {
    const { app, sandbox } = createQboSandbox();
    const res = await app.request('/nowhere');
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ error: { code: 'not_found' } });
    sandbox.close();
  });
});

describe('the standalone CLI', () => {
  const cli = fileURLToPath(new URL('./cli.ts', import.meta.url));
  const tsx = fileURLToPath(new URL('../node_modules/.bin/tsx', import.meta.url));
  let blocker: RunningQboSandbox;

  beforeAll(async () => {
    blocker = await startQboSandbox({ port: 0 });
  });
  afterAll(async () => {
    await blocker.close();
  });

  function run(env: Record<string, string>) {
    const child = spawn(tsx, [cli], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    return { child, exited, output: () => output };
  }

  it('prints the URL, the app credentials and the logins, and closes cleanly on SIGTERM', async () => {
    const proc = run({ QBO_SANDBOX_PORT: '0' });
    const deadline = Date.now() + 15_000;
    while (!proc.output().includes('company     9341453') && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(proc.output()).toMatch(/listening on http:\/\/127\.0\.0\.1:\d+/);
    expect(proc.output()).toContain('clientId=exoserva-dev-client clientSecret=exoserva-dev-secret');
    expect(proc.output()).toContain('admin@sandbox.test / sandbox');
    proc.child.kill('SIGTERM');
    expect(await proc.exited).toBe(0);
  }, 20_000);

  it('names QBO_SANDBOX_PORT when the port is taken', async () => {
    const proc = run({ QBO_SANDBOX_PORT: String(blocker.port) });
    expect(await proc.exited).toBe(1);
    expect(proc.output()).toContain('QBO_SANDBOX_PORT');
  }, 20_000);
});
