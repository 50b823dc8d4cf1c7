import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createAdaptorServer } from '@hono/node-server';
import { createBff, type Bff, type BffOverrides } from './app.ts';
import { loadConfig } from './config.ts';

export interface RunningBff {
  url: string;
  port: number;
  bff: Bff;
  close(): Promise<void>;
}

const MAINTENANCE_EVERY_MS = 15 * 60 * 1000;
/**
 * How long a shutdown waits for the sync workers to finish the writes they are in (each hands the rest of
 * its claim back at once). Under Kubernetes' default 30 s grace period, so SIGKILL never cuts a drain short.
 */
export const DRAIN_GRACE_MS = 20_000;

/**
 * Validates the environment, binds the port (0 picks a free one; BFF_PUBLIC_URL then defaults to the real
 * port), builds the BFF and serves it. A busy port fails with an error naming BFF_PORT.
 */
export async function startBff(
  env: Record<string, string | undefined>,
  overrides: BffOverrides = {},
): Promise<RunningBff> {
  let config = loadConfig(env);
  // `env` is the Node adapter's { incoming, outgoing }, passed on to Hono as c.env (the body-size limit reads it).
  let handler: (req: Request, env: unknown) => Response | Promise<Response> = () =>
    new Response('starting', { status: 503, headers: { 'retry-after': '1' } });
  const server = createAdaptorServer({ fetch: (req: Request, env: unknown) => handler(req, env) }) as Server;

  await new Promise<void>((resolve, reject) => {
    const onError = (err: NodeJS.ErrnoException) => {
      server.off('listening', onListening);
      reject(
        err.code === 'EADDRINUSE'
          ? new Error(
              `BFF_PORT ${config.port} is already in use on ${config.host}. Set BFF_PORT to a free port (0 picks one).`,
            )
          : err.code === 'EACCES'
            ? new Error(
                `BFF_PORT ${config.port} cannot be opened (permission denied). Set BFF_PORT to another port.`,
              )
            : err,
      );
    };
    const onListening = () => {
      server.off('error', onError);
      resolve();
    };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen(config.port, config.host);
  });

  const port = (server.address() as AddressInfo).port;
  if (config.port === 0) config = loadConfig({ ...env, BFF_PORT: String(port) });

  let bff: Bff;
  try {
    bff = await createBff(config, overrides);
  } catch (err) {
    await new Promise((r) => server.close(() => r(undefined)));
    throw err;
  }
  handler = (req, env) => bff.app.fetch(req, env);
  bff.logger.info('bff.started', {
    url: config.publicUrl,
    port,
    database: bff.database.engine,
    instanceId: bff.instanceId,
  });

  const timer = setInterval(() => void bff.runMaintenance(), MAINTENANCE_EVERY_MS);
  timer.unref();

  let closing: Promise<void> | undefined;
  return {
    url: config.publicUrl,
    port,
    bff,
    close() {
      closing ??= (async () => {
        clearInterval(timer);
        // Stop claiming at once while in-flight HTTP requests (event ingests among them) complete.
        const drained = bff.syncWorker?.stop({ graceMs: DRAIN_GRACE_MS }) ?? Promise.resolve(true);
        await new Promise<void>((resolve) => {
          const force = setTimeout(() => server.closeAllConnections(), 5_000);
          force.unref();
          server.close(() => {
            clearTimeout(force);
            resolve();
          });
          server.closeIdleConnections();
        });
        const workersDrained = await drained;
        await bff.close();
        bff.logger.info('bff.stopped', { workersDrained });
      })();
      return closing;
    },
  };
}
