import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Balancer {
  url: string;
  /** Requests each upstream answered. */
  served: Map<string, number>;
  close(): Promise<void>;
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/**
 * A load balancer in front of several BFF processes, as production has one: round robin, and an upstream
 * that refuses a connection is dropped from the rotation (what a health check would do). A request cut off
 * mid-flight is answered 502, never retried here: the sender (the Exoserva platform) retries, and the BFF's
 * dedup by event id makes a retry of something already stored harmless.
 */
export async function startBalancer(upstreams: string[]): Promise<Balancer> {
  const alive = [...upstreams];
  const served = new Map<string, number>();
  let next = 0;
  const server = createServer((req, res) => {
    void (async () => {
      const body = await readBody(req);
      for (;;) {
        const upstream = alive[next++ % Math.max(1, alive.length)];
        if (!upstream) {
          res.writeHead(503).end();
          return;
        }
        const headers: Record<string, string> = {};
        for (const name of ['content-type', 'exoserva-signature', 'intuit-signature', 'authorization']) {
          const v = req.headers[name];
          if (typeof v === 'string') headers[name] = v;
        }
        try {
          const answer = await fetch(`${upstream}${req.url ?? '/'}`, {
            method: req.method ?? 'GET',
            headers,
            ...(body.length > 0 ? { body: new Uint8Array(body) } : {}),
          });
          const text = Buffer.from(await answer.arrayBuffer());
          served.set(upstream, (served.get(upstream) ?? 0) + 1);
          res.writeHead(answer.status, {
            'content-type': answer.headers.get('content-type') ?? 'text/plain',
          });
          res.end(text);
          return;
        } catch (err) {
          const code = (err as { cause?: { code?: string } }).cause?.code;
          if (code === 'ECONNREFUSED') {
            // Nothing reached it: take it out of the rotation and send this request elsewhere.
            // (Another request may have dropped it already: never splice(-1), the last upstream.)
            if (alive.includes(upstream)) alive.splice(alive.indexOf(upstream), 1);
            continue;
          }
          res.writeHead(502).end();
          return;
        }
      }
    })().catch(() => {
      if (!res.headersSent) res.writeHead(502);
      res.end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    served,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
