import { startBff } from '@exoserva/bff';
import { startExoservaSandbox } from '@exoserva/exoserva-sandbox';
import { DEFAULT_APP, startQboSandbox } from '@exoserva/qbo-sandbox';
import { createHmac } from 'node:crypto';
import { dirname, join, resolve } from 'node:path';
import { loadOrCreateDevSecrets } from './dev-secrets.ts';
import { BUILD_COMMAND, defaultPaths, missingBuilds } from './paths.ts';
import { findFreePort } from './ports.ts';
import { startStaticServer } from './static-server.ts';

export type ServiceName = 'host' | 'wizard' | 'bff' | 'qboSandbox' | 'exoservaSandbox';

/** The ports `pnpm start` uses unless told otherwise (see cli.ts for the environment names). */
export const DEFAULT_PORTS: Record<ServiceName, number> = {
  host: 5173,
  wizard: 5174,
  bff: 8787,
  qboSandbox: 4010,
  exoservaSandbox: 4020,
};

/** The QuickBooks app the BFF is registered as in the QBO sandbox (the sandbox's default app). */
export const DEV_QBO_APP = {
  clientId: DEFAULT_APP.clientId,
  clientSecret: DEFAULT_APP.clientSecret,
} as const;

/** Where the QBO sandbox's consent page signs in. */
export const SANDBOX_LOGIN = { email: 'admin@sandbox.test', password: 'sandbox' } as const;

export interface StackOptions {
  /** Port per service; 0 picks a free one (what e2e and tests do). Missing ones use DEFAULT_PORTS. */
  ports?: Partial<Record<ServiceName, number>>;
  /** The PGlite data folder. Default `<repo>/.data/pglite`; it survives restarts. */
  dataDir?: string;
  /** Where the dev-only secrets and the QBO sandbox's state are kept. Default: the folder holding dataDir. */
  stateDir?: string;
  /** A PostgreSQL URL instead of PGlite (passed to the BFF as DATABASE_URL). */
  databaseUrl?: string;
  /** QBO sandbox rate limiting (Intuit's 500 requests/minute per realm and friends). */
  throttling?: boolean;
  /** Built front-ends. Defaults: apps/wizard/dist and apps/host/dist. */
  wizardDist?: string;
  hostDist?: string;
  /** The BFF's LOG_LEVEL. Default 'info'. */
  logLevel?: string;
  /** Extra or overriding BFF environment entries (last word over everything startStack computes). */
  bffEnv?: Record<string, string | undefined>;
}

export interface StackUrls {
  host: string;
  wizard: string;
  bff: string;
  qboSandbox: string;
  exoservaSandbox: string;
}

export interface RunningStack {
  /** The host's origin; the product lives under `${hostUrl}/settings/integrations`. */
  hostUrl: string;
  urls: StackUrls;
  ports: Record<ServiceName, number>;
  dataDir: string;
  /** Stops every service in reverse order (and closes PGlite through the BFF). Safe to call twice. */
  stop(): Promise<void>;
}

/** Thrown before anything starts when a front-end build is missing. */
export class MissingBuildError extends Error {
  constructor(readonly missing: string[]) {
    super(`Missing ${missing.join(' and ')}. Build them first: ${BUILD_COMMAND}`);
    this.name = 'MissingBuildError';
  }
}

// Servers listen on loopback only; URLs say "localhost" so the printed address is the one people type.
const BIND_HOST = '127.0.0.1';
const PUBLIC_HOST = 'localhost';

async function resolvePorts(requested: StackOptions['ports']): Promise<Record<ServiceName, number>> {
  const ports = { ...DEFAULT_PORTS, ...requested };
  const taken = new Set<number>();
  for (const name of Object.keys(ports) as ServiceName[]) {
    if (ports[name] !== 0) continue;
    let port = await findFreePort(BIND_HOST);
    while (taken.has(port)) port = await findFreePort(BIND_HOST);
    ports[name] = port;
    taken.add(port);
  }
  return ports;
}

/**
 * Starts the whole product in this process: both sandboxes, the BFF, and the two static front-ends. Every
 * URL is known before anything starts (ports are resolved first), so each service is configured with the
 * others' real addresses: the QBO app's redirect URI, the BFF's CORS list, the host's runtime config.
 */
export async function startStack(options: StackOptions = {}): Promise<RunningStack> {
  const wizardDist = resolve(options.wizardDist ?? defaultPaths.wizardDist);
  const hostDist = resolve(options.hostDist ?? defaultPaths.hostDist);
  const missing = missingBuilds({ wizardDist, hostDist });
  if (missing.length > 0) throw new MissingBuildError(missing);

  const dataDir = resolve(options.dataDir ?? defaultPaths.dataDir);
  const stateDir = resolve(options.stateDir ?? dirname(dataDir));
  const secrets = await loadOrCreateDevSecrets(join(stateDir, 'dev-secrets.json'));

  const ports = await resolvePorts(options.ports);
  const url = (port: number) => `http://${PUBLIC_HOST}:${port}`;
  const urls: StackUrls = {
    host: url(ports.host),
    wizard: url(ports.wizard),
    bff: url(ports.bff),
    qboSandbox: url(ports.qboSandbox),
    exoservaSandbox: url(ports.exoservaSandbox),
  };

  const stops: Array<() => Promise<void>> = [];
  let stopped: Promise<void> | undefined;
  const stop = () => {
    stopped ??= (async () => {
      const errors: unknown[] = [];
      for (const fn of stops.reverse()) {
        await fn().catch((err: unknown) => errors.push(err));
      }
      if (errors.length > 0) throw new AggregateError(errors, 'Some services did not stop cleanly');
    })();
    return stopped;
  };

  try {
    const exoserva = await startExoservaSandbox({
      port: ports.exoservaSandbox,
      hostname: BIND_HOST,
      sessionSecret: secrets.sessionSecret,
      corsOrigins: [urls.host],
      apiKey: devSyncSecrets(secrets.sessionSecret).exoservaApiKey,
      // Signed domain events go to the BFF's receiver (the sync engine).
      events: {
        url: `${urls.bff}/api/v1/exoserva/events`,
        secret: devSyncSecrets(secrets.sessionSecret).eventSecret,
      },
    });
    stops.push(() => exoserva.close());

    // The dev app, registered with this run's callback (the default app otherwise names port 8787).
    const qboApp = {
      ...DEFAULT_APP,
      redirectUris: [`${urls.bff}/api/v1/oauth/callback`],
      webhookUrl: `${urls.bff}/api/v1/intuit/webhooks`,
    };
    const qbo = await startQboSandbox({
      port: ports.qboSandbox,
      hostname: BIND_HOST,
      ...(options.throttling === undefined ? {} : { throttling: options.throttling }),
      stateFile: join(stateDir, 'qbo-sandbox.json'),
      apps: [qboApp],
    });
    // A saved state file restores the apps of the last run, whose BFF may have had another port.
    qbo.sandbox.apps.upsert(qboApp);
    stops.push(() => qbo.close());

    const bff = await startBff(
      buildBffEnv({
        urls,
        ports,
        dataDir,
        secrets,
        databaseUrl: options.databaseUrl,
        logLevel: options.logLevel,
        extra: options.bffEnv,
      }),
    );
    stops.push(() => bff.close());

    const wizard = await startStaticServer({
      root: wizardDist,
      port: ports.wizard,
      hostname: BIND_HOST,
      corsAnyOrigin: true,
    });
    stops.push(() => wizard.close());

    const host = await startStaticServer({
      root: hostDist,
      port: ports.host,
      hostname: BIND_HOST,
      spaFallback: true,
      json: {
        '/runtime-config.json': {
          wizardRemoteEntry: `${urls.wizard}/remoteEntry.js`,
          bffUrl: urls.bff,
          exoservaApiUrl: urls.exoservaSandbox,
        },
      },
    });
    stops.push(() => host.close());
  } catch (err) {
    await stop().catch(() => undefined);
    throw err;
  }

  return { hostUrl: urls.host, urls, ports, dataDir, stop };
}

/** The BFF's environment, built the way a deployment would set it, every URL pointing at the stand-ins. */
export function buildBffEnv(input: {
  urls: StackUrls;
  ports: Record<ServiceName, number>;
  dataDir: string;
  secrets: { sessionSecret: string; tokenEncryptionKeys: string };
  databaseUrl?: string | undefined;
  logLevel?: string | undefined;
  extra?: Record<string, string | undefined> | undefined;
}): Record<string, string | undefined> {
  const { urls, ports } = input;
  return {
    BFF_PORT: String(ports.bff),
    BFF_HOST: BIND_HOST,
    BFF_PUBLIC_URL: urls.bff,
    DATABASE_URL: input.databaseUrl,
    PGLITE_DATA_DIR: input.databaseUrl ? undefined : input.dataDir,
    SESSION_HS256_SECRET: input.secrets.sessionSecret,
    CORS_ORIGINS: urls.host,
    TOKEN_ENCRYPTION_KEYS: input.secrets.tokenEncryptionKeys,
    QBO_ENVIRONMENT: 'sandbox',
    QBO_CLIENT_ID: DEV_QBO_APP.clientId,
    QBO_CLIENT_SECRET: DEV_QBO_APP.clientSecret,
    QBO_REDIRECT_URI: `${urls.bff}/api/v1/oauth/callback`,
    QBO_AUTHORIZE_URL: `${urls.qboSandbox}/connect/oauth2`,
    QBO_TOKEN_URL: `${urls.qboSandbox}/oauth2/v1/tokens/bearer`,
    QBO_REVOKE_URL: `${urls.qboSandbox}/v2/oauth2/tokens/revoke`,
    QBO_USERINFO_URL: `${urls.qboSandbox}/v1/openid_connect/userinfo`,
    QBO_JWKS_URL: `${urls.qboSandbox}/op/v1/jwks`,
    QBO_API_BASE_URL: `${urls.qboSandbox}/v3/company/`,
    EXOSERVA_API_URL: urls.exoservaSandbox,
    EXOSERVA_API_KEY: devSyncSecrets(input.secrets.sessionSecret).exoservaApiKey,
    EXOSERVA_EVENT_SECRET: devSyncSecrets(input.secrets.sessionSecret).eventSecret,
    QBO_WEBHOOK_VERIFIER_TOKEN: DEFAULT_APP.verifierToken,
    HOST_APP_URL: urls.host,
    LOG_LEVEL: input.logLevel ?? 'info',
    ...input.extra,
  };
}

/**
 * DEV ONLY: the Exoserva service key and event-signing secret, derived from the dev session secret so the
 * dev secrets file keeps its format. Production sets EXOSERVA_API_KEY / EXOSERVA_EVENT_SECRET itself.
 */
export function devSyncSecrets(sessionSecret: string): { exoservaApiKey: string; eventSecret: string } {
  const derive = (label: string) => createHmac('sha256', sessionSecret).update(label).digest('base64url');
  return { exoservaApiKey: derive('exoserva-api-key'), eventSecret: derive('exoserva-event-secret') };
}
