/**
 * Fairness benchmark (issue 10): many companies send events at once; does every company get served, and
 * does none exceed Intuit's limits? Run with tsx from the repository root:
 *
 *   pnpm exec tsx bench/fairness.ts [companies=200] [eventsPerCompany=50] [instances=1] [timeoutSeconds=900]
 *
 * The BFF runs as real processes, as deployed (the bundle `pnpm --filter @exoserva/bff build` makes, built
 * here first; default settings: 4 claim loops, 250 ms poll, 60 s leases);
 * the stand-ins for Intuit (throttling ON: 500/min, 10/s, 10 concurrent per company) and Exoserva run in
 * this process. PGlite in a temp folder, or PostgreSQL when DATABASE_URL is set (then `instances` > 1
 * puts several BFFs behind a round-robin balancer).
 *
 * Each company's events are customer → invoice → partial payment chains (plus lone customers to make up
 * the count). 1. Baseline: one company alone. 2. All companies at once, records created round-robin
 * across companies. Event → visible in QuickBooks is timed from the Exoserva API answering (the event is
 * published then) to the moment the QBO stand-in's books commit the entity (its change callback). Per company:
 * completion (its last record visible), and the highest calls/s, calls/min and concurrency the stand-in
 * saw from the BFF for it.
 */
import { execFileSync } from 'node:child_process';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import type { ExoCustomer, ExoInvoice, ExoPayment } from '@exoserva/contracts';
import type { Database } from '../apps/bff/src/ports/database.ts';
import { startBffCluster, type BffCluster } from '../apps/bff/test/support/bff-cluster.ts';
import { EVENT_SECRET } from '../apps/bff/test/support/sync-world.ts';
import { cpuSplit, printCpuSplit } from './lib/cpu-split.ts';
import { deployedRuntime } from './lib/deployed-bff.ts';

const COMPANIES = Number(process.argv[2] ?? 200);
const EVENTS = Number(process.argv[3] ?? 50);
const INSTANCES = Number(process.argv[4] ?? 1);
const TIMEOUT_MS = Number(process.argv[5] ?? 900) * 1000;
const POSTGRES_URL = process.env.DATABASE_URL;
/** Record creations in flight against the Exoserva stand-in (its events go out as each one lands). */
const SENDERS = 64;
/**
 * RATE=n paces the crowd's record creations at n per second (each makes one event) instead of as fast as the
 * harness can: what the product does when arrivals are within what its share of the cores sustains.
 */
const RATE = Number(process.env.RATE ?? 0);
const TARGET_P95_MS = 5000;
const INTUIT = { perMinute: 500, perSecond: 10, concurrent: 10 };

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))] ?? Number.NaN;
};
const median = (xs: number[]) => pct(xs, 50);

interface Company {
  tenantId: string;
  realmId: string;
  companyName: string;
}

interface Tracked {
  company: Company;
  /** How the record shows in QuickBooks: a Customer's DisplayName, or the PrivateNote marker. */
  key: string;
  sentAt: number;
  seenAt?: number;
}

const companyList = (n: number, offset: number): Company[] =>
  Array.from({ length: n }, (_, i) => ({
    tenantId: `ten_fair_${offset + i}`,
    realmId: String(9_400_000 + offset + i),
    companyName: `Fair Co ${offset + i}`,
  }));

/** One company's records as a list of steps; each chain's steps run in order. */
function chainsOf(cluster: BffCluster, company: Company, events: number, track: (t: Tracked) => void) {
  const chains = Math.floor(events / 3);
  const loners = events - chains * 3;
  const steps: (() => Promise<void>)[][] = [];
  const customer = async (name: string) => {
    const c = await cluster.exoPost<ExoCustomer>(company.tenantId, '/customers', { displayName: name });
    track({ company, key: `c:${c.displayName}`, sentAt: performance.now() });
    return c;
  };
  for (let i = 0; i < chains; i++) {
    let cust: ExoCustomer | undefined;
    let inv: ExoInvoice | undefined;
    steps.push([
      async () => {
        cust = await customer(`${company.companyName} customer ${i}`);
      },
      async () => {
        inv = await cluster.exoPost<ExoInvoice>(company.tenantId, '/invoices', {
          customerId: cust?.id,
          lines: [
            { kind: 'labor', description: 'Labor', quantityMilli: 1000, unitPriceCents: 9500 + i },
            { kind: 'part', description: 'Part', quantityMilli: 2000, unitPriceCents: 1999, taxable: true },
          ],
          taxRateId: 'tax_denver',
        });
        track({ company, key: `invoice:${inv.id}`, sentAt: performance.now() });
      },
      async () => {
        // Partial, so the invoice is not paid in full (that would add an invoice.updated event).
        const pay = await cluster.exoPost<ExoPayment>(company.tenantId, `/invoices/${inv?.id}/payments`, {
          method: 'card',
          amountCents: 1000,
        });
        track({ company, key: `payment:${pay.id}`, sentAt: performance.now() });
      },
    ]);
  }
  for (let i = 0; i < loners; i++)
    steps.push([() => customer(`${company.companyName} loner ${i}`).then(() => undefined)]);
  return steps;
}

/**
 * When each record became visible in QuickBooks: the stand-in calls back the moment its books commit an
 * entity, and the callback reads the entity's key (DisplayName, or the PrivateNote marker). Reading the books
 * by polling instead cost more CPU than the BFF under test (10,000 records scanned every 50 ms), so the harness,
 * not the product, set the figures.
 */
function watchVisible(cluster: BffCluster) {
  const firstSeen = new Map<string, number>();
  const stop = cluster.qbo.sandbox.onEntityChange((change) => {
    if (!['Customer', 'Invoice', 'Payment'].includes(change.entity)) return;
    const at = performance.now();
    const record = cluster.qbo.sandbox.companies.get(change.realmId)?.get(change.entity, change.id);
    if (!record) return;
    const m = /Exoserva (invoice|payment) (\S+)/.exec(String(record.PrivateNote ?? ''));
    const key =
      change.entity === 'Customer' ? `c:${String(record.DisplayName)}` : m ? `${m[1]}:${m[2]}` : undefined;
    const id = key && `${change.realmId}/${key}`;
    if (id && !firstSeen.has(id)) firstSeen.set(id, at);
  });
  return {
    /** Marks what QuickBooks now shows; true when every tracked record is visible. */
    mark(tracked: Tracked[]): boolean {
      let all = true;
      for (const t of tracked) {
        if (t.seenAt !== undefined) continue;
        t.seenAt = firstSeen.get(`${t.company.realmId}/${t.key}`);
        if (t.seenAt === undefined) all = false;
      }
      return all;
    },
    stop,
  };
}

async function runWave(cluster: BffCluster, companies: Company[], label: string) {
  const tracked: Tracked[] = [];
  const perCompany = companies.map((c) => chainsOf(cluster, c, EVENTS, (t) => tracked.push(t)));
  // Round robin across companies, chain steps in order: "everyone at once", as fast as the senders go.
  const queue: (() => Promise<void>)[] = [];
  const maxChains = Math.max(...perCompany.map((p) => p.length));
  for (let i = 0; i < maxChains; i++) {
    for (const chains of perCompany) {
      const chain = chains[i];
      if (chain)
        queue.push(async () => {
          for (const step of chain) {
            await pace();
            await step();
          }
        });
    }
  }
  const visible = watchVisible(cluster);
  const start = performance.now();
  // The crowd only: the warm-up and the baseline company run unpaced.
  const rate = label === 'crowd' ? RATE : 0;
  let nextAt = start;
  const pace = async () => {
    if (rate <= 0) return;
    const at = nextAt;
    nextAt += 1000 / rate;
    const wait = at - performance.now();
    if (wait > 0) await sleep(wait);
  };
  let next = 0;
  await Promise.all(
    Array.from({ length: SENDERS }, async () => {
      while (next < queue.length) await (queue[next++] as () => Promise<void>)();
    }),
  );
  const sentIn = performance.now() - start;
  const deadline = Date.now() + TIMEOUT_MS;
  while (!visible.mark(tracked) && Date.now() < deadline) await sleep(50);
  visible.stop();

  const seen = tracked.filter((t) => t.seenAt !== undefined);
  const latency = seen.map((t) => (t.seenAt as number) - t.sentAt);
  const completion = companies.map((c) => {
    const mine = tracked.filter((t) => t.company === c);
    return mine.every((t) => t.seenAt !== undefined)
      ? Math.max(...mine.map((t) => t.seenAt as number)) - start
      : Number.POSITIVE_INFINITY;
  });
  const companyP95 = companies.map((c) =>
    pct(
      tracked
        .filter((t) => t.company === c && t.seenAt !== undefined)
        .map((t) => (t.seenAt as number) - t.sentAt),
      95,
    ),
  );
  // Whether the product kept pace while events arrived: latency of the events sent in each tenth of the sending
  // time. Flat = it kept up and p95 is the pipeline's own; rising = a backlog built while events arrived.
  const slices = Array.from({ length: 10 }, (_, i) => {
    const from = start + (sentIn * i) / 10;
    const to = start + (sentIn * (i + 1)) / 10;
    const mine = seen.filter((t) => t.sentAt >= from && (t.sentAt < to || i === 9));
    const ms = mine.map((t) => (t.seenAt as number) - t.sentAt);
    return { fromS: (from - start) / 1000, events: mine.length, p50: pct(ms, 50), p95: pct(ms, 95) };
  });
  const throttle = companies.map((c) => cluster.qbo.sandbox.throttle.statsOf(c.realmId));
  const totalMs = Math.max(...seen.map((t) => t.seenAt as number)) - start;
  return {
    label,
    companies: companies.length,
    records: tracked.length,
    lost: tracked.length - seen.length,
    sentInMs: sentIn,
    totalMs,
    p50: pct(latency, 50),
    p95: pct(latency, 95),
    p99: pct(latency, 99),
    completionMedian: median(completion),
    completionMax: Math.max(...completion),
    companyP95Max: Math.max(...companyP95),
    maxPerMinute: Math.max(...throttle.map((s) => s.maxPerMinute)),
    maxPerSecond: Math.max(...throttle.map((s) => s.maxPerSecond)),
    maxConcurrent: Math.max(...throttle.map((s) => s.maxConcurrent)),
    throttled: throttle.reduce((n, s) => n + s.throttled, 0),
    calls: throttle.reduce((n, s) => n + s.admitted, 0),
    slices,
  };
}

type Wave = Awaited<ReturnType<typeof runWave>>;

/** BFF settings for a trial, from this process's environment (e.g. SYNC_WORKERS=8); printed with the figures. */
function settingsToTry(): Record<string, string> {
  const names = ['SYNC_WORKERS', 'SYNC_POLL_MS', 'DATABASE_POOL_MAX', 'DATABASE_PREPARED_STATEMENTS'];
  const chosen = Object.fromEntries(names.flatMap((n) => (process.env[n] ? [[n, process.env[n]]] : [])));
  if (Object.keys(chosen).length > 0) console.log(`BFF settings for this trial: ${JSON.stringify(chosen)}`);
  return chosen;
}

function report(base: Wave, all: Wave) {
  const s = (ms: number) => (Number.isFinite(ms) ? `${(ms / 1000).toFixed(2)} s` : 'never');
  const ratio = (a: number, b: number) => (Number.isFinite(a) && b > 0 ? `${(a / b).toFixed(2)}×` : '—');
  const within = (v: number, limit: number) => `${v} (limit ${limit}: ${v <= limit ? 'within' : 'EXCEEDED'})`;
  console.log(
    `\n| figure | one company alone (baseline) | ${all.companies} companies at once | ratio | target |`,
  );
  console.log('|---|--:|--:|--:|---|');
  const row = (name: string, a: string, b: string, r: string, target = '') =>
    console.log(`| ${name} | ${a} | ${b} | ${r} | ${target} |`);
  row('records (events)', String(base.records), String(all.records), '');
  row('lost (never visible)', String(base.lost), String(all.lost), '', '0');
  row('all created in Exoserva after', s(base.sentInMs), s(all.sentInMs), '');
  row('event → visible p50', s(base.p50), s(all.p50), ratio(all.p50, base.p50));
  row(
    'event → visible p95',
    s(base.p95),
    s(all.p95),
    ratio(all.p95, base.p95),
    `< 5 s: ${all.p95 < TARGET_P95_MS ? 'met' : 'NOT met'}`,
  );
  row('event → visible p99', s(base.p99), s(all.p99), ratio(all.p99, base.p99));
  row(
    'company completion, median',
    s(base.completionMedian),
    s(all.completionMedian),
    ratio(all.completionMedian, base.completionMedian),
  );
  row(
    'company completion, slowest',
    s(base.completionMax),
    s(all.completionMax),
    ratio(all.completionMax, base.completionMax),
  );
  row(
    'starvation: slowest / median completion',
    '',
    ratio(all.completionMax, all.completionMedian),
    '',
    'close to 1×',
  );
  row(
    'worst company p95',
    s(base.companyP95Max),
    s(all.companyP95Max),
    ratio(all.companyP95Max, base.companyP95Max),
  );
  row(
    'throughput, records/s',
    (base.records / (base.totalMs / 1000)).toFixed(1),
    (all.records / (all.totalMs / 1000)).toFixed(1),
    '',
  );
  row(
    'QuickBooks calls (429s)',
    `${base.calls} (${base.throttled})`,
    `${all.calls} (${all.throttled})`,
    '',
    '0 429s',
  );
  row(
    'max calls/min, any company',
    String(base.maxPerMinute),
    within(all.maxPerMinute, INTUIT.perMinute),
    '',
  );
  row('max calls/s, any company', String(base.maxPerSecond), within(all.maxPerSecond, INTUIT.perSecond), '');
  row(
    'max concurrent, any company',
    String(base.maxConcurrent),
    within(all.maxConcurrent, INTUIT.concurrent),
    '',
  );
}

async function main() {
  const warmUp = companyList(1, 0);
  const baseline = companyList(1, 1);
  const crowd = companyList(COMPANIES, 2);
  const engine = POSTGRES_URL ? `PostgreSQL, ${INSTANCES} BFF process(es)` : 'PGlite, 1 BFF process';
  if (!POSTGRES_URL && INSTANCES > 1) throw new Error('several instances need DATABASE_URL (PostgreSQL)');
  // What deployments run: the bundle.
  execFileSync(process.execPath, ['apps/bff/scripts/build.mjs'], { stdio: 'inherit' });
  const deployed = deployedRuntime();
  console.log(
    `Fairness: ${COMPANIES} companies × ${EVENTS} events, ${engine}, throttling on, BFF as \`${deployed.commandLine}\` …`,
  );
  if (RATE > 0) console.log(`The crowd's events paced at ${RATE} per second (RATE), not all at once`);
  const cluster = await startBffCluster({
    tenants: [...warmUp, ...baseline, ...crowd],
    entry: 'dist',
    postgresUrl: POSTGRES_URL,
    instances: INSTANCES,
    // Production settings: 4 claim loops, 250 ms poll, info logs (an access-log line per event).
    // As deployed (`start:dist`'s flags and allocator setting); BFF_NODE_ARGS replaces the flags for a trial or a
    // profile, e.g. "--max-semi-space-size=4 --cpu-prof --cpu-prof-dir=/tmp/prof" (written at SIGTERM).
    env: { LOG_LEVEL: 'info', ...deployed.env, ...settingsToTry() },
    nodeArgs: deployed.nodeArgs,
  });
  try {
    // With several BFFs, events reach them through the cluster's round-robin balancer — a proxy in this process,
    // one more HTTP hop per event on the cores the product is measured on. DELIVERY=direct has the Exoserva
    // stand-in deliver each company's events straight to one BFF instead (companies spread evenly; the BFFs
    // still share one queue, so either processes any company's records).
    if (process.env.DELIVERY === 'direct' && cluster.instances.length > 1) {
      console.log('Event delivery: straight to the BFFs, companies spread across them (DELIVERY=direct)');
      [...warmUp, ...baseline, ...crowd].forEach((c, i) => {
        const bff = cluster.instances[i % cluster.instances.length] as (typeof cluster.instances)[number];
        cluster.exo.sandbox.events.setEndpoint(c.tenantId, {
          url: `${bff.url}/api/v1/exoserva/events`,
          secret: EVENT_SECRET,
        });
      });
    }
    // A first wave through a cold process (JIT, pools) is slower: warm up on a company of its own.
    await runWave(cluster, warmUp, 'warm-up');
    const base = await runWave(cluster, baseline, 'baseline');
    console.log(`baseline done: ${base.records} records, p95 ${base.p95.toFixed(0)} ms`);
    const cpu = cpuSplit(
      cluster.instances.map((p) => p.pid),
      { postgres: Boolean(POSTGRES_URL) },
    );
    // The stand-ins answer the BFFs from this process's event loop: how long it kept them waiting.
    const loopDelay = monitorEventLoopDelay({ resolution: 10 });
    loopDelay.enable();
    const crowdStart = new Date();
    const all = await runWave(cluster, crowd, 'crowd');
    loopDelay.disable();
    const cpuUsed = cpu.stop();
    report(base, all);
    printSlices(all);
    printCpuSplit(cpuUsed);
    console.log(
      `\nThe benchmark's event loop (stand-ins, balancer, senders) during the wave: delay p50 ${(loopDelay.percentile(50) / 1e6).toFixed(1)} ms, p99 ${(loopDelay.percentile(99) / 1e6).toFixed(1)} ms, max ${(loopDelay.max / 1e6).toFixed(0)} ms`,
    );
    const rss = cluster.instances.map((p) => p.rssBytes());
    console.log(
      `\nBFF resident memory after the run: ${rss.map((b) => (b === null ? '?' : `${Math.round(b / 2 ** 20)} MB`)).join(', ')}`,
    );
    if (cluster.db) await printLatencyParts(cluster.db, crowdStart);
    if (cluster.db) await printWritesPerRecord(cluster.db, base.records + all.records);
    if (all.lost > 0) process.exitCode = 1;
  } finally {
    // A graceful stop first, so a `--cpu-prof` in BFF_NODE_ARGS gets written (close() SIGKILLs).
    for (const bff of cluster.instances) bff.kill('SIGTERM');
    await Promise.all(cluster.instances.map((bff) => bff.exited));
    await cluster.close();
  }
}

/** Event → visible by when the event was sent: does the product keep pace while the events arrive? */
function printSlices(wave: Wave) {
  console.log('\nEvent → visible by when the event was sent (tenths of the sending time):\n');
  console.log('| sent from | events | p50 | p95 |\n|--:|--:|--:|--:|');
  for (const s of wave.slices)
    console.log(
      `| ${s.fromS.toFixed(1)} s | ${s.events} | ${(s.p50 / 1000).toFixed(2)} s | ${(s.p95 / 1000).toFixed(2)} s |`,
    );
}

/**
 * PostgreSQL only: where an event's time went, from the BFF's own records of the wave — Exoserva's event
 * (occurred_at) → received by a BFF (the delivery) → first sent to QuickBooks (waiting in the queue for its
 * company's turn, and for what it depends on) → synced (the QuickBooks request and the commit of its outcome).
 */
async function printLatencyParts(db: Database, since: Date) {
  const { rows } = await db.query<{ part: string; p50: number; p95: number; n: string }>(
    `WITH log AS (
       SELECT tenant_id, record_id,
              min(at) FILTER (WHERE event = 'queued') AS queued,
              min(at) FILTER (WHERE event = 'sent') AS sent,
              min(at) FILTER (WHERE event = 'synced') AS synced
         FROM sync_log WHERE at >= $1 GROUP BY tenant_id, record_id
     ), ev AS (
       SELECT tenant_id, object_id, min(occurred_at) AS occurred, min(received_at) AS received
         FROM exo_events WHERE received_at >= $1 GROUP BY tenant_id, object_id
     ), parts AS (
       SELECT 'delivery (event → received)' AS part, 1 AS o, ev.received - ev.occurred AS d FROM ev
       UNION ALL SELECT 'waiting (received → sent)', 2, log.sent - ev.received
         FROM log JOIN ev ON ev.tenant_id = log.tenant_id AND ev.object_id = log.record_id
       UNION ALL SELECT 'QuickBooks (sent → synced)', 3, log.synced - log.sent FROM log
     )
     SELECT part, count(d) AS n,
            percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM d)) AS p50,
            percentile_cont(0.95) WITHIN GROUP (ORDER BY extract(epoch FROM d)) AS p95
       FROM parts WHERE d IS NOT NULL GROUP BY part, o ORDER BY o`,
    [since],
  );
  console.log("\nWhere an event's time went (the BFFs' records, PostgreSQL):\n");
  console.log('| part | records | p50 | p95 |\n|---|--:|--:|--:|');
  for (const r of rows)
    console.log(`| ${r.part} | ${r.n} | ${Number(r.p50).toFixed(2)} s | ${Number(r.p95).toFixed(2)} s |`);
}

/**
 * PostgreSQL only: the rows each table gained, changed and lost over the whole run (set-up and warm-up included),
 * per record synced — the database work a record costs, where the profile says the BFF's time goes.
 */
async function printWritesPerRecord(db: Database, records: number) {
  await new Promise((r) => setTimeout(r, 1500)); // the statistics collector flushes about once a second
  const { rows } = await db.query<{ relname: string; ins: string; upd: string; del: string }>(
    `SELECT relname, n_tup_ins AS ins, n_tup_upd AS upd, n_tup_del AS del FROM pg_stat_user_tables
      WHERE schemaname = current_schema() AND n_tup_ins + n_tup_upd + n_tup_del > 0 ORDER BY relname`,
  );
  const per = (n: string) => (Number(n) / records).toFixed(2);
  console.log(`\nDatabase writes per record synced (${records} records, PostgreSQL statistics):\n`);
  console.log('| table | inserted | updated | deleted |\n|---|--:|--:|--:|');
  let total = 0;
  for (const r of rows) {
    total += Number(r.ins) + Number(r.upd) + Number(r.del);
    console.log(`| ${r.relname} | ${per(r.ins)} | ${per(r.upd)} | ${per(r.del)} |`);
  }
  console.log(`| **all tables** | | | **${(total / records).toFixed(2)} rows written per record** |`);
}

await main();
