/**
 * Composes the sandbox's HTTP app (OAuth, control API, the gated Accounting API) and serves it.
 */
import type { AddressInfo } from 'node:net';
import { createAdaptorServer } from '@hono/node-server';
import { Hono } from 'hono';
import { accountingRoutes } from './accounting/routes.ts';
import { controlRoutes } from './control/control.routes.ts';
import { accountingGate } from './gateway/accounting-gate.ts';
import type { SandboxEnv } from './gateway/drop-connection.ts';
import { faultTime, IntuitFaultError, systemFault } from './intuit-fault.ts';
import { consentRoutes } from './oauth/consent.routes.ts';
import { intuitTid } from './oauth/random-tokens.ts';
import { tokenRoutes } from './oauth/token.routes.ts';
import { QboSandbox, type QboSandboxOptions } from './state/sandbox.ts';

export interface StartQboSandboxOptions extends QboSandboxOptions {
  /** Default 0: a free port. */
  port?: number;
  /** Default 127.0.0.1. */
  hostname?: string;
}

export interface RunningQboSandbox {
  url: string;
  port: number;
  sandbox: QboSandbox;
  close(): Promise<void>;
}

export function createQboSandbox(options: QboSandboxOptions = {}): {
  app: Hono<SandboxEnv>;
  sandbox: QboSandbox;
} {
  const sandbox = new QboSandbox(options);
  const app = new Hono<SandboxEnv>();

  // Intuit sends intuit_tid on every response; support tickets quote it.
  app.use('*', async (c, next) => {
    await next();
    if (!c.res.headers.has('intuit_tid')) c.res.headers.set('intuit_tid', intuitTid());
  });

  app.onError((e, c) => {
    const time = faultTime(sandbox.clock.now());
    if (e instanceof IntuitFaultError) return c.json(e.body(time), e.status as 400);
    console.error('[qbo-sandbox] unexpected error', e);
    if (c.req.path.startsWith('/v3/')) {
      const fault = systemFault(500, e.message);
      return c.json(fault.body(time), 500);
    }
    return c.json({ error: { code: 'internal', message: e.message } }, 500);
  });

  app.get('/', (c) =>
    c.json({
      name: 'qbo-sandbox',
      description:
        "A local stand-in for Intuit's OAuth 2.0 server and the QuickBooks Online Accounting API v3",
      endpoints: {
        authorize: '/connect/oauth2',
        token: '/oauth2/v1/tokens/bearer',
        revoke: '/v2/oauth2/tokens/revoke',
        userinfo: '/v1/openid_connect/userinfo',
        jwks: '/op/v1/jwks',
        accounting: '/v3/company/{realmId}/',
        control: '/_sandbox',
      },
    }),
  );

  const listCompanies = () =>
    sandbox.companies.summaries().map((s) => ({ realmId: s.realmId, name: s.companyName }));
  app.route(
    '/',
    consentRoutes({ clock: sandbox.clock, apps: sandbox.apps, grants: sandbox.tokens, listCompanies }),
  );
  app.route(
    '/',
    tokenRoutes({
      clock: sandbox.clock,
      apps: sandbox.apps,
      grants: sandbox.tokens,
      get signingKey() {
        return sandbox.signingKey;
      },
      faults: sandbox.faults,
    }),
  );
  app.route('/_sandbox', controlRoutes(sandbox));

  app.use('/v3/company/:realmId/*', accountingGate(sandbox));
  app.route(
    '/',
    accountingRoutes({ getCompany: (realmId) => sandbox.companies.get(realmId), clock: sandbox.clock }),
  );

  app.notFound((c) =>
    c.json({ error: { code: 'not_found', message: `No route for ${c.req.method} ${c.req.path}` } }, 404),
  );

  return { app, sandbox };
}

export async function startQboSandbox(options: StartQboSandboxOptions = {}): Promise<RunningQboSandbox> {
  const { port = 0, hostname = '127.0.0.1', ...rest } = options;
  const { app, sandbox } = createQboSandbox(rest);
  const server = createAdaptorServer({ fetch: app.fetch });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, hostname, () => {
      server.off('error', reject);
      resolve();
    });
  }).catch((e: unknown) => {
    sandbox.close();
    throw e;
  });
  const actualPort = (server.address() as AddressInfo).port;
  const host = hostname.includes(':') ? `[${hostname}]` : hostname;
  let closed: Promise<void> | undefined;
  return {
    url: `http://${host}:${actualPort}`,
    port: actualPort,
    sandbox,
    close: () => {
      closed ??= new Promise<void>((resolve, reject) => {
        sandbox.close();
        server.close((e) => (e ? reject(e) : resolve()));
        if ('closeAllConnections' in server) server.closeAllConnections();
      });
      return closed;
    },
  };
}
