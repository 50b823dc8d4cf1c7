import { createServer } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { testEnv } from '../test/support/env.ts';
import { startBff, type RunningBff } from './server.ts';

const running: RunningBff[] = [];
afterAll(async () => {
  await Promise.all(running.map((r) => r.close()));
});

describe('startBff', () => {
  it('listens on a free port, derives its public URL from it and serves /readyz', async () => {
    const lines: string[] = [];
    const bff = await startBff(testEnv({ BFF_PUBLIC_URL: undefined, BFF_HOST: '127.0.0.1' }), {
      logSink: (l) => lines.push(l),
    });
    running.push(bff);
    expect(bff.port).toBeGreaterThan(0);
    expect(bff.url).toBe(`http://localhost:${bff.port}`);
    const res = await fetch(`http://127.0.0.1:${bff.port}/readyz`);
    expect(res.status).toBe(200);
    expect(bff.bff.config.qbo.redirectUri).toBe(`http://localhost:${bff.port}/api/v1/oauth/callback`);
  });

  it('names BFF_PORT when the port is taken', async () => {
    const blocker = createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', () => r()));
    const port = (blocker.address() as { port: number }).port;
    try {
      await expect(startBff(testEnv({ BFF_PORT: String(port), BFF_HOST: '127.0.0.1' }))).rejects.toThrow(
        /BFF_PORT/,
      );
    } finally {
      await new Promise((r) => blocker.close(r));
    }
  });

  it('fails fast on bad configuration before binding anything', async () => {
    await expect(startBff({})).rejects.toThrow(/Invalid BFF configuration/);
  });

  it('closes cleanly and twice', async () => {
    const bff = await startBff(testEnv({ BFF_HOST: '127.0.0.1' }), { logSink: () => undefined });
    await bff.close();
    await bff.close();
    await expect(fetch(`http://127.0.0.1:${bff.port}/healthz`)).rejects.toThrow();
  });
});
