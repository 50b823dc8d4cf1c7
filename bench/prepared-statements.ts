/**
 * Prepared statements on PostgreSQL: what naming the event receiver's statement saves the server. Runs
 * `syncStore.receiveEvent` (the one statement every Exoserva event costs: the event, its queue row, the
 * timeline's "queued" entry) 4,000 times with 8 in flight, alternating unnamed (the baseline) and named, three
 * rounds each, and prints PostgreSQL's CPU (its processes' user + system time, from /proc) and the wall time.
 *
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/test pnpm exec tsx bench/prepared-statements.ts
 *
 * Only this benchmark should be running on the server: the CPU counted is every postgres process's.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { openPostgresDatabase } from '../apps/bff/src/adapters/postgres-database.ts';
import { migrate } from '../apps/bff/src/db/migrator.ts';
import type { Database } from '../apps/bff/src/ports/database.ts';
import { syncStore } from '../apps/bff/src/stores/sync-store.ts';

const URL = process.env.DATABASE_URL;
if (!URL) {
  console.error('Set DATABASE_URL to a PostgreSQL server (this benchmark measures the server).');
  process.exit(2);
}
const EVENTS = 4000;
const IN_FLIGHT = 8;

/** CPU milliseconds used so far by every postgres process (clock ticks of 10 ms). */
function postgresCpuMs(): number {
  let ticks = 0;
  for (const pid of readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    try {
      if (readFileSync(`/proc/${pid}/comm`, 'utf8').trim() !== 'postgres') continue;
      const fields = (readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1] ?? '').split(' ');
      ticks += Number(fields[11]) + Number(fields[12]);
    } catch {
      // The process ended between the listing and the read.
    }
  }
  return ticks * 10;
}

let seq = 0;
async function ingest(db: Database): Promise<{ cpuMs: number; wallMs: number }> {
  const cpu0 = postgresCpuMs();
  const t0 = performance.now();
  let sent = 0;
  await Promise.all(
    Array.from({ length: IN_FLIGHT }, async () => {
      while (sent < EVENTS) {
        sent++;
        const n = ++seq;
        await syncStore.receiveEvent(db, {
          id: `evt_${n}`,
          tenantId: `ten_${n % 200}`,
          type: 'customer.created',
          kind: 'customer',
          objectId: `cus_${n}`,
          objectVersion: 1,
          occurredAt: new Date().toISOString(),
          now: new Date(),
        });
      }
    }),
  );
  return { cpuMs: postgresCpuMs() - cpu0, wallMs: performance.now() - t0 };
}

const schema = `bench_prepared_${process.pid}`;
const admin = openPostgresDatabase({ url: URL, prepare: false });
await admin.exec(`CREATE SCHEMA ${schema}`);
const plain = openPostgresDatabase({ url: URL, schema, max: IN_FLIGHT, prepare: false });
const named = openPostgresDatabase({ url: URL, schema, max: IN_FLIGHT });
try {
  await migrate(plain);
  const runs: Record<'plain' | 'named', { cpuMs: number; wallMs: number }[]> = { plain: [], named: [] };
  for (let round = 0; round < 3; round++) {
    runs.plain.push(await ingest(plain));
    runs.named.push(await ingest(named));
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
  const row = (label: string, r: { cpuMs: number; wallMs: number }[]) => {
    const cpu = median(r.map((x) => x.cpuMs));
    const wall = median(r.map((x) => x.wallMs));
    console.log(`| ${label} | ${(cpu / EVENTS).toFixed(3)} ms | ${((EVENTS / wall) * 1000).toFixed(0)} |`);
    return { cpu, wall };
  };
  console.log(`\n${EVENTS} events × 3 rounds each, ${IN_FLIGHT} in flight, medians:\n`);
  console.log('| statements | PostgreSQL CPU per event | events/s |\n|---|--:|--:|');
  const a = row('unnamed (baseline)', runs.plain);
  const b = row('named, prepared once per connection', runs.named);
  console.log(
    `\nPostgreSQL CPU named / unnamed: ${(b.cpu / a.cpu).toFixed(2)}×; events/s: ${(a.wall / b.wall).toFixed(2)}×`,
  );
} finally {
  await plain.close();
  await named.close();
  await admin.exec(`DROP SCHEMA ${schema} CASCADE`);
  await admin.close();
}
