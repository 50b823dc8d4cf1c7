import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import type { AccountMapping } from '@exoserva/contracts';
import { startExoservaSandbox, type RunningExoservaSandbox } from '@exoserva/exoserva-sandbox';
import { DEFAULT_APP, startQboSandbox, type RunningQboSandbox } from '@exoserva/qbo-sandbox';
import { intuitOAuthAuth } from '../../src/adapters/intuit-oauth-auth.ts';
import { createBff, type Bff, type BffOverrides } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import type { Database } from '../../src/ports/database.ts';
import { configureSync, connectTenant, sandboxMapping } from './connected-tenant.ts';
import { testEnv } from './env.ts';

export const REALM = '9341452';
export const TENANT = 'ten_summit';
export const EVENT_SECRET = 'exoserva-event-secret-0123456789';
export const API_KEY = 'exoserva-service-key-0123456789';
export const VERIFIER = DEFAULT_APP.verifierToken ?? 'exoserva-dev-verifier-token';

/** The BFF variables that point it at both stand-ins (the QBO sandbox's default app, Exoserva's key and secret). */
export function standInEnv(qboUrl: string, exoUrl: string): Record<string, string> {
  return {
    QBO_CLIENT_ID: DEFAULT_APP.clientId,
    QBO_CLIENT_SECRET: DEFAULT_APP.clientSecret,
    QBO_TOKEN_URL: `${qboUrl}/oauth2/v1/tokens/bearer`,
    QBO_REVOKE_URL: `${qboUrl}/v2/oauth2/tokens/revoke`,
    QBO_API_BASE_URL: `${qboUrl}/v3/company/`,
    EXOSERVA_API_URL: exoUrl,
    EXOSERVA_API_KEY: API_KEY,
    EXOSERVA_EVENT_SECRET: EVENT_SECRET,
    QBO_WEBHOOK_VERIFIER_TOKEN: VERIFIER,
  };
}

export interface BffInstance {
  bff: Bff;
  url: string;
  lines: string[];
  close(): Promise<void>;
}

export interface SyncWorld {
  qbo: RunningQboSandbox;
  exo: RunningExoservaSandbox;
  instances: BffInstance[];
  mapping: AccountMapping;
  /** Rows of a QuickBooks entity in the company, as the sandbox's control API lists them. */
  qboList(entity: string): Promise<Record<string, unknown>[]>;
  /** Calls the Exoserva stand-in's record API as the service. */
  exoPost<T = Record<string, unknown>>(path: string, body: unknown): Promise<T>;
  faults(settings: Record<string, unknown>): Promise<void>;
  /** Connects (again) with fresh tokens, stored the way the OAuth callback stores them. */
  reconnect(): Promise<void>;
  /** Waits until nothing is pending (or the deadline passes) and returns the queue's counts (held apart). */
  settle(timeoutMs?: number): Promise<Record<string, number>>;
  close(): Promise<void>;
}

export interface SyncWorldOptions {
  /** One database per instance call (PGlite: the same object; PostgreSQL: a pool per instance). */
  openDatabase: () => Promise<Database> | Database;
  instances?: number;
  throttling?: boolean;
  autoSync?: boolean;
  customerDirection?: 'one_way' | 'two_way';
  workersPerInstance?: number;
  overrides?: BffOverrides;
  /** Tax on: the QBO company has sales tax and Exoserva's tax_denver maps to its "California" code. */
  salesTax?: boolean;
  /**
   * Adjusts the company and the mapping before it is saved (accounts the test needs, more tax codes): gets the
   * mapping found by name in the seeded chart and the running QuickBooks stand-in, returns the mapping to save.
   */
  mapping?: (base: AccountMapping, qbo: RunningQboSandbox) => AccountMapping;
  /** More BFF environment (e.g. a small QBO_METERED_MONTHLY_ALLOWANCE). */
  env?: Record<string, string>;
}

/**
 * Both sandboxes on free ports and one or more real BFFs (HTTP servers, workers running) sharing one
 * database, connected to the QBO company with tokens minted by the sandbox, a mapping saved, auto-sync on.
 */
export async function startSyncWorld(options: SyncWorldOptions): Promise<SyncWorld> {
  const qbo = await startQboSandbox({
    port: 0,
    throttling: options.throttling ?? true,
    companies: [
      { realmId: REALM, companyName: 'Acme Heating & Air (Sandbox)', salesTax: options.salesTax ?? true },
    ],
  });
  const exo = await startExoservaSandbox({
    port: 0,
    sessionSecret: 'test-session-secret-0123456789-abcdefghij',
    apiKey: API_KEY,
    eventRetryDelaysMs: [50, 200, 500, 1000, 2000, 2000, 2000, 2000],
  });
  const env = testEnv({
    ...standInEnv(qbo.url, exo.url),
    SYNC_WORKERS: String(options.workersPerInstance ?? 4),
    SYNC_POLL_MS: '50',
    SYNC_CDC_POLL_MS: '0',
    LOG_LEVEL: 'warn',
    ...options.env,
  });
  const config = loadConfig(env);

  const instances: BffInstance[] = [];
  for (let i = 0; i < (options.instances ?? 1); i++) {
    const lines: string[] = [];
    const bff = await createBff(config, {
      database: await options.openDatabase(),
      intuitAuth: intuitOAuthAuth(config.qbo, { retryDelayMs: 10 }),
      logSink: (l) => lines.push(l),
      instanceId: `bff-${i}`,
      tokenOptions: { pollMs: 10 },
      syncOptions: {
        leaseMs: 5000,
        backoff: { baseMs: 50, capMs: 1000, maxAttempts: 12 },
        throttledDelayMs: 200,
      },
      ...options.overrides,
    });
    const server = serve({ fetch: bff.app.fetch, port: 0, hostname: '127.0.0.1' });
    await new Promise<void>((r) => server.once('listening', () => r()));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    instances.push({
      bff,
      url,
      lines,
      close: async () => {
        if ('closeAllConnections' in server) server.closeAllConnections();
        await new Promise<void>((r) => server.close(() => r()));
        await bff.close();
      },
    });
  }
  const first = instances[0] as BffInstance;
  const db = first.bff.database;
  exo.sandbox.events.setDefaultEndpoint({ url: `${first.url}/api/v1/exoserva/events`, secret: EVENT_SECRET });

  // Connect: tokens as if the admin had consented, stored the way the OAuth callback stores them.
  const connect = () =>
    connectTenant(db, {
      tenantId: TENANT,
      realmId: REALM,
      companyName: 'Acme Heating & Air (Sandbox)',
      qboUrl: qbo.url,
      keys: config.tokenEncryptionKeys,
    });
  await connect();

  const qboList = async (entity: string) =>
    (await (await fetch(`${qbo.url}/_sandbox/companies/${REALM}/${entity}`)).json()) as Record<
      string,
      unknown
    >[];
  const found = await sandboxMapping(qbo.url, REALM);
  const mapping = options.mapping ? options.mapping(found, qbo) : found;
  await configureSync(db, TENANT, mapping, {
    autoSync: options.autoSync ?? true,
    customerDirection: options.customerDirection ?? 'one_way',
  });

  const world: SyncWorld = {
    qbo,
    exo,
    instances,
    mapping,
    qboList,
    async exoPost<T>(path: string, body: unknown) {
      const res = await fetch(`${exo.url}/api/tenants/${TENANT}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-exoserva-api-key': API_KEY },
        body: JSON.stringify(body),
      });
      if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
      return (await res.json()) as T;
    },
    reconnect: connect,
    async faults(settings) {
      await fetch(`${qbo.url}/_sandbox/faults`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ realmId: REALM, ...settings }),
      });
    },
    async settle(timeoutMs = 20_000) {
      const deadline = Date.now() + timeoutMs;
      let counts: Record<string, number>;
      for (;;) {
        await exo.sandbox.events.idle();
        const { rows } = await db.query<{ state: string; n: string | number }>(
          // Held rows (created while disconnected) wait for an admin, not for the workers.
          `SELECT CASE WHEN state = 'pending' AND held_since IS NOT NULL THEN 'held' ELSE state END AS state,
                  count(*) AS n FROM sync_work GROUP BY 1`,
        );
        counts = Object.fromEntries(rows.map((r) => [r.state, Number(r.n)]));
        if (!counts.pending) return counts;
        if (Date.now() > deadline) {
          const stuck = await db.query(
            'SELECT kind, record_id, state, attempts, claims, failure, not_before, lease_until FROM sync_work WHERE state <> $1',
            ['done'],
          );
          console.warn(
            'settle: still pending',
            JSON.stringify(stuck.rows),
            instances.map((i) => i.lines.slice(-5)),
          );
          return counts;
        }
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    async close() {
      exo.sandbox.events.close();
      for (const i of instances) await i.close().catch(() => undefined);
      await exo.close();
      await qbo.close();
    },
  };
  return world;
}

export const uniqueName = (prefix: string) => `${prefix} ${randomBytes(3).toString('hex')}`;
