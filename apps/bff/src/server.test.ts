import { request as httpRequest } from 'node:http';
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

  it('limits request bodies over a real socket: a declared length from its header, a chunked body as it streams', async () => {
    const bff = await startBff(testEnv({ BFF_HOST: '127.0.0.1' }), { logSink: () => undefined });
    running.push(bff);
    /** A raw HTTP/1.1 POST, so the test controls the framing: Content-Length, or chunked with none. */
    const post = (body: string, framing: 'length' | 'chunked') =>
      new Promise<{ status: number; body: string }>((resolve, reject) => {
        const req = httpRequest(
          {
            host: '127.0.0.1',
            port: bff.port,
            method: 'POST',
            path: '/api/v1/exoserva/events',
            headers: {
              'content-type': 'application/json',
              ...(framing === 'length' ? { 'content-length': Buffer.byteLength(body) } : {}),
            },
          },
          (res) => {
            let text = '';
            res.on('data', (chunk: Buffer) => (text += chunk.toString()));
            res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
          },
        );
        req.on('error', reject);
        if (framing === 'chunked') {
          // Several writes before end(): Node sends Transfer-Encoding: chunked.
          for (let i = 0; i < body.length; i += 16 * 1024) req.write(body.slice(i, i + 16 * 1024));
        } else req.write(body);
        req.end();
      });
    const big = JSON.stringify({ padding: 'x'.repeat(70 * 1024) });
    for (const framing of ['length', 'chunked'] as const) {
      const res = await post(big, framing);
      expect(res.status, framing).toBe(413);
      expect(JSON.parse(res.body)).toMatchObject({ error: { code: 'payload_too_large' } });
    }
    // A body under the limit reaches the route, which reads it (and refuses the missing signature).
    for (const framing of ['length', 'chunked'] as const) {
      const res = await post(JSON.stringify({ id: 'evt_1' }), framing);
      expect(res.status, framing).toBe(401);
    }
  });
});
