/**
 * Memory and speed of the BFF (issue 10). Run with tsx from the repository root:
 *
 *   pnpm exec tsx bench/bff-load.ts [rate=500] [seconds=30] [tenants=200]
 *   DATABASE_URL=postgres://… pnpm exec tsx bench/bff-load.ts   # PGlite, then PostgreSQL
 *
 * For each database (PGlite always; PostgreSQL too when DATABASE_URL is set) one real BFF process starts as
 * deployed — the bundle (`pnpm --filter @exoserva/bff build`, run here first), started like `start:dist`
 * (`MALLOC_ARENA_MAX=2 node --max-semi-space-size=4 dist/main.mjs`, read from apps/bff/package.json) with
 * production settings: info logs with an access line per request, the per-session rate limit on — with
 * `tenants` connected companies, each with 100 synced and a few failed queue rows. The idle memory of the
 * unbundled form (`tsx src/main.ts`) is measured beside it.
 * Resident memory (VmRSS from /proc/<pid>/status) at idle, then an open-loop load (bench/lib/open-loop.ts:
 * a fixed schedule, latency from when each request was due) at `rate` requests/s for `seconds`:
 *   1. baseline: GET /healthz (no session, no database) — what the process and the loopback cost;
 *   2. the status endpoints the wizard polls, round robin, one Owner session per tenant.
 * p50/p99 and errors beside the goals: ≤ 400 MB with PGlite, ≤ 150 MB with PostgreSQL, p99 ≤ 20 ms at
 * 500 requests/s on 2 cores against PostgreSQL.
 */
import { execFileSync } from 'node:child_process';
import { cpus } from 'node:os';
import type { Database } from '../apps/bff/src/ports/database.ts';
import { startBffCluster, type BffCluster } from '../apps/bff/test/support/bff-cluster.ts';
import { signSession } from '../apps/bff/test/support/env.ts';
import { deployedRuntime } from './lib/deployed-bff.ts';
import { openLoop, percentile, type LoadRequest, type LoadResult } from './lib/open-loop.ts';

const RATE = Number(process.argv[2] ?? 500);
const SECONDS = Number(process.argv[3] ?? 30);
const TENANTS = Number(process.argv[4] ?? 200);
const POSTGRES_URL = process.env.DATABASE_URL;
const GOALS = { pgliteMb: 400, postgresMb: 150, p99Ms: 20 };
/** Status endpoints the wizard and the Sync Status screen poll; the ones this build lacks are skipped. */
const STATUS_PATHS = ['/api/v1/sync/summary', '/api/v1/connection', '/api/v1/me', '/api/v1/sync/status'];

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const mb = (bytes: number | null) => (bytes === null ? Number.NaN : bytes / 2 ** 20);

const tenants = Array.from({ length: TENANTS }, (_, i) => ({
  tenantId: `ten_load_${i}`,
  realmId: String(9_500_000 + i),
  companyName: `Load Co ${i}`,
}));

/** A synced history per tenant, so the summary counts real rows: 100 done, 3 failed (its last sync: their done_at). */
async function seedHistory(db: Database) {
  for (const t of tenants) {
    await db.query(
      `INSERT INTO sync_work (tenant_id, kind, record_id, kind_rank, state, not_before, created_at, updated_at, done_at, failure, failed_at)
       SELECT $1, 'invoice', 'inv_' || g, 2, CASE WHEN g % 34 = 0 THEN 'failed' ELSE 'done' END, now(), now(), now(), now(),
              CASE WHEN g % 34 = 0 THEN '{"kind":"needs_person","code":"account_not_found","title":"Account not found","fix":"Map it."}'::jsonb END,
              CASE WHEN g % 34 = 0 THEN now() END
         FROM generate_series(1, 103) g`,
      [t.tenantId],
    );
  }
}

async function statusRequests(cluster: BffCluster): Promise<(i: number) => LoadRequest> {
  const tokens = await Promise.all(
    tenants.map((t) =>
      signSession({ tid: t.tenantId, sub: `usr_owner_${t.tenantId}` }, { ttlSec: 3 * 3600 }),
    ),
  );
  const url = cluster.instances[0]?.url as string;
  const paths: string[] = [];
  for (const path of STATUS_PATHS) {
    const res = await fetch(`${url}${path}`, { headers: { authorization: `Bearer ${tokens[0]}` } });
    await res.arrayBuffer();
    if (res.status === 200) paths.push(path);
    else console.log(`  (skipping ${path}: ${res.status} in this build)`);
  }
  return (i) => {
    const path = paths[i % paths.length] as string;
    // Consecutive requests go to different tenants (sessions), so no one session meets its rate limit.
    return {
      path,
      label: path,
      headers: { authorization: `Bearer ${tokens[Math.floor(i / paths.length) % tokens.length]}` },
    };
  };
}

/** Runs `load` while sampling the BFF's RSS every 500 ms; the highest sample. */
async function underLoad(cluster: BffCluster, load: () => Promise<LoadResult>) {
  const p = cluster.instances[0];
  let peak = 0;
  let sampling = true;
  const sampler = (async () => {
    while (sampling) {
      peak = Math.max(peak, p?.rssBytes() ?? 0);
      await sleep(500);
    }
  })();
  const result = await load();
  sampling = false;
  await sampler;
  return { result, peakRss: peak };
}

const METRICS_TOKEN = 'bench-metrics-token-0123456789';

/** The BFF's own view of its memory (GET /metrics): how much of the resident set is the V8 heap. */
async function memoryBreakdown(url: string): Promise<string> {
  const res = await fetch(`${url}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
  const text = await res.text();
  const gauge = (name: string) =>
    Number(new RegExp(`^${name} (\\d+)$`, 'm').exec(text)?.[1] ?? NaN) / 2 ** 20;
  return `RSS ${gauge('process_resident_memory_bytes').toFixed(0)} MB = V8 heap ${gauge('nodejs_heap_size_total_bytes').toFixed(0)} MB reserved (${gauge('nodejs_heap_size_used_bytes').toFixed(0)} used) + the rest (external ${gauge('nodejs_external_memory_bytes').toFixed(0)} MB, code, native)`;
}

interface EngineFigures {
  engine: string;
  idleMb: number;
  idleTsxMb: number;
  peakMb: number;
  afterMb: number;
  baseline: LoadResult;
  status: LoadResult;
}

const deployed = deployedRuntime();

const startCluster = (engine: 'PGlite' | 'PostgreSQL', entry: 'src' | 'dist') =>
  startBffCluster({
    tenants,
    postgresUrl: engine === 'PostgreSQL' ? POSTGRES_URL : undefined,
    seed: seedHistory,
    entry,
    // The bundle as deployed (flags and allocator setting from `start:dist`); the sources as `start` runs them.
    nodeArgs: entry === 'dist' ? deployed.nodeArgs : [],
    env: {
      LOG_LEVEL: 'info',
      BFF_METRICS_TOKEN: METRICS_TOKEN,
      ...(entry === 'dist' ? deployed.env : {}),
    },
  });

/** Idle RSS of a BFF run from the TypeScript sources through tsx (`pnpm --filter @exoserva/bff start`). */
async function idleOfSources(engine: 'PGlite' | 'PostgreSQL'): Promise<number> {
  const cluster = await startCluster(engine, 'src');
  try {
    await sleep(5000);
    return mb(cluster.instances[0]?.rssBytes() ?? null);
  } finally {
    await cluster.close();
  }
}

async function measure(engine: 'PGlite' | 'PostgreSQL'): Promise<EngineFigures> {
  console.log(`\n${engine}: starting a BFF with ${TENANTS} tenants …`);
  const idleTsxMb = await idleOfSources(engine);
  const cluster = await startCluster(engine, 'dist');
  try {
    const bff = cluster.instances[0];
    if (!bff) throw new Error('no BFF');
    // Let start-up garbage settle before calling it idle.
    await sleep(5000);
    const idle = mb(bff.rssBytes());
    const idleBreakdown = await memoryBreakdown(bff.url);
    const next = await statusRequests(cluster);
    // A short warm-up at the same rate (JIT, pools, caches), not counted.
    await openLoop({ baseUrl: bff.url, rate: RATE, seconds: Math.min(5, SECONDS), next });
    console.log(`  idle RSS ${idle.toFixed(0)} MB; baseline /healthz at ${RATE}/s for ${SECONDS} s …`);
    const baseline = await underLoad(cluster, () =>
      openLoop({
        baseUrl: bff.url,
        rate: RATE,
        seconds: SECONDS,
        next: () => ({ path: '/healthz', label: '/healthz' }),
      }),
    );
    console.log(`  status endpoints at ${RATE}/s for ${SECONDS} s …`);
    const status = await underLoad(cluster, () =>
      openLoop({ baseUrl: bff.url, rate: RATE, seconds: SECONDS, next }),
    );
    const loadedBreakdown = await memoryBreakdown(bff.url);
    await sleep(2000);
    console.log(`  memory idle:       ${idleBreakdown}\n  memory after load: ${loadedBreakdown}`);
    return {
      engine,
      idleMb: idle,
      idleTsxMb,
      peakMb: mb(Math.max(baseline.peakRss, status.peakRss)),
      afterMb: mb(bff.rssBytes()),
      baseline: baseline.result,
      status: status.result,
    };
  } finally {
    await cluster.close();
  }
}

function report(figures: EngineFigures[]) {
  const ms = (x: number) => `${x.toFixed(1)} ms`;
  const non2xx = (r: LoadResult) =>
    [...r.statuses].filter(([s]) => s < 200 || s >= 300).reduce((n, [, c]) => n + c, 0);
  console.log(
    `\nMachine: ${cpus().length} CPUs (${cpus()[0]?.model ?? '?'}), load generator and stand-ins in this process; BFF started as \`${deployed.commandLine}\`.`,
  );
  console.log(
    '\n| database | RSS idle (tsx src/main.ts) | RSS idle | RSS peak under load | RSS after | goal |',
  );
  console.log('|---|--:|--:|--:|--:|---|');
  for (const f of figures) {
    const goal = f.engine === 'PGlite' ? GOALS.pgliteMb : GOALS.postgresMb;
    console.log(
      `| ${f.engine} | ${f.idleTsxMb.toFixed(0)} MB | ${f.idleMb.toFixed(0)} MB | ${f.peakMb.toFixed(0)} MB | ${f.afterMb.toFixed(0)} MB | ≤ ${goal} MB: ${f.peakMb <= goal ? 'met' : 'NOT met'} |`,
    );
  }
  console.log(
    `\n| database | requests | rate achieved | p50 | p99 | max | errors / non-2xx | p99 vs /healthz | goal |`,
  );
  console.log('|---|---|--:|--:|--:|--:|--:|--:|---|');
  for (const f of figures) {
    const row = (name: string, r: LoadResult, vs?: LoadResult) => {
      const p99 = percentile(r.all, 99);
      const ratio = vs ? `${(p99 / percentile(vs.all, 99)).toFixed(2)}×` : '1×';
      const goal = vs
        ? `p99 ≤ ${GOALS.p99Ms} ms: ${p99 <= GOALS.p99Ms && r.errors === 0 ? 'met' : 'NOT met'}`
        : '';
      console.log(
        `| ${f.engine} | ${name} | ${r.achievedRate.toFixed(0)}/s | ${ms(percentile(r.all, 50))} | ${ms(p99)} | ${ms(Math.max(...r.all))} | ${r.errors} / ${non2xx(r)} | ${ratio} | ${goal} |`,
      );
    };
    row('baseline GET /healthz', f.baseline);
    row('status endpoints, mixed', f.status, f.baseline);
    for (const [label, xs] of f.status.latencies) {
      console.log(
        `| ${f.engine} | · ${label} | | ${ms(percentile(xs, 50))} | ${ms(percentile(xs, 99))} | ${ms(Math.max(...xs))} | | | |`,
      );
    }
    console.log(
      `| ${f.engine} | (generator's own start lag p99) | | | ${ms(f.status.startLagP99)} | | | | |`,
    );
  }
}

// What deployments run: the bundle.
execFileSync(process.execPath, ['apps/bff/scripts/build.mjs'], { stdio: 'inherit' });
// BFF_LOAD_ONLY=PostgreSQL skips the PGlite half (for trials of PostgreSQL deployment settings).
const figures = process.env.BFF_LOAD_ONLY === 'PostgreSQL' ? [] : [await measure('PGlite')];
if (POSTGRES_URL) figures.push(await measure('PostgreSQL'));
else
  console.log(
    '\nDATABASE_URL is not set: PostgreSQL skipped (the goals name PostgreSQL for p99 and 150 MB).',
  );
report(figures);
