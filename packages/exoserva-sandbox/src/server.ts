import { serve } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import { createExoservaSandbox, type ExoservaSandboxOptions } from './app.ts';

export interface StartExoservaSandboxOptions extends ExoservaSandboxOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  /** Default 127.0.0.1: loopback only. */
  hostname?: string;
}

export interface RunningExoservaSandbox {
  url: string;
  port: number;
  sandbox: ReturnType<typeof createExoservaSandbox>;
  close(): Promise<void>;
}

export async function startExoservaSandbox(
  options: StartExoservaSandboxOptions,
): Promise<RunningExoservaSandbox> {
  const sandbox = createExoservaSandbox(options);
  const hostname = options.hostname ?? '127.0.0.1';
  const server = serve({ fetch: sandbox.app.fetch, port: options.port ?? 0, hostname });
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  const port = (server.address() as AddressInfo).port;
  const urlHost = hostname === '0.0.0.0' || hostname === '::' ? 'localhost' : hostname;
  return {
    url: `http://${urlHost.includes(':') ? `[${urlHost}]` : urlHost}:${port}`,
    port,
    sandbox,
    close: () =>
      new Promise<void>((resolve, reject) => {
        sandbox.events.close();
        // Idle keep-alive sockets would hold close() open for seconds.
        if ('closeAllConnections' in server) server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}
