import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startExoservaSandbox, type RunningExoservaSandbox } from '@exoserva/exoserva-sandbox';
import { startQboSandbox, type RunningQboSandbox } from '@exoserva/qbo-sandbox';
import { request } from 'undici';
import { openPgliteDatabase } from '../../src/adapters/pglite-database.ts';
import { loadConfig } from '../../src/config.ts';
import { migrate } from '../../src/db/migrator.ts';
import type { Database } from '../../src/ports/database.ts';
import { spawnBff, type BffProcess } from './bff-process.ts';
import { configureSync, connectTenant, sandboxMapping, type ConnectedTenant } from './connected-tenant.ts';
import { testEnv } from './env.ts';
import { createPostgresSchema } from './postgres.ts';
import { startBalancer, type Balancer } from './round-robin-balancer.ts';
import { API_KEY, EVENT_SECRET, standInEnv } from './sync-world.ts';

export interface BffCluster {
  qbo: RunningQboSandbox;
  exo: RunningExoservaSandbox;
  /** The shared database, open in this process too (PostgreSQL only: PGlite belongs to the one BFF). */
  db: Database | null;
  balancer: Balancer;
  instances: BffProcess[];
  /** The environment the BFFs run with (start another with `spawnBff(cluster.env)`). */
  env: Record<string, string | undefined>;
  /** Calls the Exoserva stand-in's record API as the service. */
  exoPost<T>(tenantId: string, path: string, body: unknown): Promise<T>;
  close(): Promise<void>;
}

export interface BffClusterOptions {
  tenants: ConnectedTenant[];
  /** A PostgreSQL URL (a private schema is made in it and dropped at close), or PGlite in a temp folder. */
  postgresUrl?: string | undefined;
  instances?: number;
  /** Intuit's limits on the QBO stand-in (default on). */
  throttling?: boolean;
  /** Extra or overriding BFF variables. */
  env?: Record<string, string | undefined>;
  /** How the BFF processes run: the sources through tsx (default) or the built bundle. */
  entry?: 'src' | 'dist';
  /** Flags for `node` before the entry (e.g. V8 heap settings a deployment passes). */
  nodeArgs?: string[];
  /** Runs on the migrated, connected database before any BFF starts (PGlite can only be written then). */
  seed?: (db: Database) => Promise<void>;
}

/**
 * The product as deployed, on this machine: both stand-ins in this process, every tenant connected to its
 * own QuickBooks company with a mapping saved and auto-sync on, and `instances` real BFF processes
 * (`src/main.ts`) on one database behind a round-robin balancer that Exoserva's events go through.
 * PGlite serves one process only, so it allows one instance.
 */
export async function startBffCluster(options: BffClusterOptions): Promise<BffCluster> {
  const instances = options.instances ?? 1;
  if (!options.postgresUrl && instances > 1) throw new Error('several BFF processes need PostgreSQL');
  const qbo = await startQboSandbox({
    port: 0,
    throttling: options.throttling ?? true,
    companies: options.tenants.map((t) => ({
      realmId: t.realmId,
      companyName: t.companyName,
      salesTax: true,
    })),
  });
  const exo = await startExoservaSandbox({
    port: 0,
    sessionSecret: 'test-session-secret-0123456789-abcdefghij',
    apiKey: API_KEY,
    eventRetryDelaysMs: [100, 300, 1000, 2000, 3000, 3000, 3000, 3000, 3000, 3000],
  });
  for (const t of options.tenants) {
    exo.sandbox.store.addTenant({
      id: t.tenantId,
      name: t.companyName,
      currency: 'USD',
      locale: 'en-US',
      timeZone: 'America/Denver',
    });
  }

  let db: Database;
  let databaseEnv: Record<string, string | undefined>;
  let dropDatabase: () => Promise<void>;
  if (options.postgresUrl) {
    const url = options.postgresUrl;
    const pg = await createPostgresSchema(url);
    db = pg.open();
    // Every process pinned to the private schema through the URL, as an operator could do.
    const searchPath = encodeURIComponent(`-c search_path=${pg.schema}`);
    databaseEnv = {
      DATABASE_URL: `${url}${url.includes('?') ? '&' : '?'}options=${searchPath}`,
      PGLITE_DATA_DIR: undefined,
    };
    dropDatabase = pg.drop;
  } else {
    const dir = await mkdtemp(join(tmpdir(), 'bff-cluster-'));
    db = await openPgliteDatabase({ dataDir: dir });
    databaseEnv = { DATABASE_URL: undefined, PGLITE_DATA_DIR: dir };
    dropDatabase = () => rm(dir, { recursive: true, force: true });
  }
  await migrate(db);

  const env = testEnv({
    BFF_PUBLIC_URL: undefined,
    ...databaseEnv,
    ...standInEnv(qbo.url, exo.url),
    SYNC_CDC_POLL_MS: '0',
    // bff.started (port, instance id) and bff.stopped are info lines.
    LOG_LEVEL: 'info',
    ...options.env,
  });
  const keys = loadConfig(env).tokenEncryptionKeys;
  // Every company has the same seeded chart of accounts, so one mapping fits all.
  const mapping = options.tenants[0] ? await sandboxMapping(qbo.url, options.tenants[0].realmId) : null;
  for (const t of options.tenants) {
    await connectTenant(db, { ...t, qboUrl: qbo.url, keys });
    if (mapping)
      await configureSync(db, t.tenantId, mapping, { autoSync: true, customerDirection: 'one_way' });
  }
  await options.seed?.(db);
  if (!options.postgresUrl) await db.close();

  const processes: BffProcess[] = [];
  let balancer: Balancer | undefined;
  const close = async () => {
    exo.sandbox.events.close();
    for (const p of processes) p.kill('SIGKILL');
    await Promise.all(processes.map((p) => p.exited));
    await balancer?.close();
    await exo.close();
    await qbo.close();
    if (options.postgresUrl) await db.close().catch(() => undefined);
    await dropDatabase();
  };
  try {
    processes.push(
      ...(await Promise.all(
        Array.from({ length: instances }, () =>
          spawnBff(env, { entry: options.entry ?? 'src', nodeArgs: options.nodeArgs }),
        ),
      )),
    );
    balancer = await startBalancer(processes.map((p) => p.url));
  } catch (err) {
    await close();
    throw err;
  }
  exo.sandbox.events.setDefaultEndpoint({
    url: `${balancer.url}/api/v1/exoserva/events`,
    secret: EVENT_SECRET,
  });

  return {
    qbo,
    exo,
    db: options.postgresUrl ? db : null,
    balancer,
    instances: processes,
    env,
    async exoPost<T>(tenantId: string, path: string, body: unknown) {
      // undici's request(), not fetch(): the fairness benchmark's senders create 10,000 records on the cores
      // being measured, and fetch cost them more CPU than the stand-in spent creating.
      const res = await request(`${exo.url}/api/tenants/${tenantId}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-exoserva-api-key': API_KEY },
        body: JSON.stringify(body),
      });
      const text = await res.body.text();
      if (res.statusCode < 200 || res.statusCode > 299) throw new Error(`${path}: ${res.statusCode} ${text}`);
      return JSON.parse(text) as T;
    },
    close,
  };
}
