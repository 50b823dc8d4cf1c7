/**
 * Several BFF instances as deployments run them: separate OS processes (`node --import tsx src/main.ts`)
 * on one PostgreSQL, behind a round-robin balancer that Exoserva's signed events go through, with the
 * stand-ins for Intuit (throttling on) and Exoserva. While many events flow:
 *
 * - one instance is SIGKILLed mid-work: its claims' leases run out and the survivor takes them over, so
 *   QuickBooks ends up with exactly one of each record and nothing is lost;
 * - one instance gets SIGTERM: it stops claiming, finishes the writes it is in, hands the rest back, closes
 *   the database and exits 0 well inside its deadline, holding no lease; the other finishes the work.
 *
 * PostgreSQL only (PGlite is one process): skipped, with the reason printed, when DATABASE_URL is not set.
 * MULTI_PROCESS_CHAINS (default 20) customer → invoice → payment chains per tenant, three tenants.
 */
import type { ExoCustomer, ExoInvoice, ExoPayment } from '@exoserva/contracts';
import { afterEach, describe, expect, it } from 'vitest';
import type { Database } from '../src/ports/database.ts';
import { DRAIN_GRACE_MS } from '../src/server.ts';
import { startBffCluster, type BffCluster } from './support/bff-cluster.ts';
import { logEvents, type BffProcess } from './support/bff-process.ts';
import { POSTGRES_URL } from './support/postgres.ts';

const CHAINS = Number(process.env.MULTI_PROCESS_CHAINS ?? 20);
const TENANTS = [
  { tenantId: 'ten_mp_alpine', realmId: '9341452', companyName: 'Alpine Air (Sandbox)' },
  { tenantId: 'ten_mp_bayside', realmId: '9341453', companyName: 'Bayside Plumbing (Sandbox)' },
  { tenantId: 'ten_mp_cedar', realmId: '9341454', companyName: 'Cedar Electric (Sandbox)' },
];
const TIMEOUT = 180_000 + CHAINS * 3000;

type Cluster = BffCluster & { db: Database };

let cluster: Cluster | undefined;
afterEach(async () => {
  await cluster?.close();
  cluster = undefined;
});

const startCluster = async (instances: number): Promise<Cluster> =>
  (await startBffCluster({
    tenants: TENANTS,
    postgresUrl: POSTGRES_URL,
    instances,
    // Short leases, so a killed instance's rows are taken over within the test's patience.
    env: { SYNC_WORKERS: '3', SYNC_POLL_MS: '50', SYNC_LEASE_MS: '3000' },
  })) as Cluster;

interface Sent {
  tenantId: string;
  realmId: string;
  companyName: string;
  customers: ExoCustomer[];
  invoices: ExoInvoice[];
  payments: ExoPayment[];
}

/** CHAINS customer → invoice → payment chains per tenant, all tenants at once, a few chains at a time. */
async function sendEvents(c: Cluster): Promise<Sent[]> {
  return Promise.all(
    TENANTS.map(async (t) => {
      const sent: Sent = { ...t, customers: [], invoices: [], payments: [] };
      for (let i = 0; i < CHAINS; i += 4) {
        await Promise.all(
          Array.from({ length: Math.min(4, CHAINS - i) }, async (_, k) => {
            const n = i + k;
            const customer = await c.exoPost<ExoCustomer>(t.tenantId, '/customers', {
              displayName: `${t.companyName} customer ${n}`,
            });
            sent.customers.push(customer);
            const invoice = await c.exoPost<ExoInvoice>(t.tenantId, '/invoices', {
              customerId: customer.id,
              lines: [
                { kind: 'labor', description: 'Labor', quantityMilli: 1500, unitPriceCents: 9500 + n },
                {
                  kind: 'part',
                  description: 'Part',
                  quantityMilli: 1000,
                  unitPriceCents: 1999,
                  taxable: true,
                },
              ],
              taxRateId: 'tax_denver',
            });
            sent.invoices.push(invoice);
            sent.payments.push(
              await c.exoPost<ExoPayment>(t.tenantId, `/invoices/${invoice.id}/payments`, {
                method: n % 2 === 0 ? 'card' : 'cash',
              }),
            );
          }),
        );
      }
      return sent;
    }),
  );
}

const leasesHeldBy = async (db: Database, p: BffProcess) =>
  Number(
    (
      await db.query<{ n: string | number }>(
        `SELECT count(*) AS n FROM sync_work WHERE lease_owner LIKE $1 || '#%' AND lease_until IS NOT NULL`,
        [p.instanceId],
      )
    ).rows[0]?.n ?? 0,
  );

const doneCount = async (db: Database) =>
  Number(
    (await db.query<{ n: string | number }>("SELECT count(*) AS n FROM sync_work WHERE state = 'done'"))
      .rows[0]?.n ?? 0,
  );

/** Resolves once `p` holds leases and at least `minDone` rows are done (the run is well under way). */
async function midWork(db: Database, p: BffProcess, minDone: number, timeoutMs = 60_000): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const held = await leasesHeldBy(db, p);
    if (held > 0 && (await doneCount(db)) >= minDone) return held;
    if (Date.now() > deadline) throw new Error(`${p.instanceId} never held a lease mid-run`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Waits until every queued row is done (or the deadline passes) and returns the queue's counts. */
async function settle(c: Cluster, timeoutMs: number): Promise<Record<string, number>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    await c.exo.sandbox.events.idle();
    const { rows } = await c.db.query<{ state: string; n: string | number }>(
      'SELECT state, count(*) AS n FROM sync_work GROUP BY state',
    );
    const counts = Object.fromEntries(rows.map((r) => [r.state, Number(r.n)]));
    if ((!counts.pending && counts.done) || Date.now() > deadline) return counts;
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** QuickBooks holds exactly one of each record of each tenant, for the right amount, and nothing else. */
async function expectExactlyOnce(c: Cluster, sent: Sent[]) {
  for (const s of sent) {
    const list = async (entity: string) =>
      (await (await fetch(`${c.qbo.url}/_sandbox/companies/${s.realmId}/${entity}`)).json()) as Record<
        string,
        unknown
      >[];
    const [customers, invoices, payments] = await Promise.all(['Customer', 'Invoice', 'Payment'].map(list));
    const note = (e: Record<string, unknown>) => String(e.PrivateNote ?? '');
    const ours = (customers ?? []).filter((q) => String(q.DisplayName).startsWith(s.companyName));
    expect(ours, `${s.tenantId} customers`).toHaveLength(s.customers.length);
    for (const cu of s.customers) {
      expect(
        ours.filter((q) => q.DisplayName === cu.displayName),
        cu.displayName,
      ).toHaveLength(1);
    }
    expect(invoices, `${s.tenantId} invoices`).toHaveLength(s.invoices.length);
    for (const inv of s.invoices) {
      const found = (invoices ?? []).filter((q) => note(q).endsWith(`Exoserva invoice ${inv.id}`));
      expect(found, inv.id).toHaveLength(1);
      expect(Math.round(Number(found[0]?.TotalAmt) * 100)).toBe(inv.totalCents);
    }
    expect(payments, `${s.tenantId} payments`).toHaveLength(s.payments.length);
    for (const p of s.payments) {
      const found = (payments ?? []).filter((q) => new RegExp(`Exoserva payment ${p.id}( |$)`).test(note(q)));
      expect(found, p.id).toHaveLength(1);
    }
  }
}

const noPg = !POSTGRES_URL;
if (noPg) {
  console.warn(
    'multi-process: DATABASE_URL is not set, so the tests with several BFF processes on one PostgreSQL are skipped (PGlite serves one process only)',
  );
}

describe.skipIf(noPg)('several BFF processes on one PostgreSQL', () => {
  it(
    'one killed mid-work (SIGKILL): the other takes its leases over; exactly one of each record, none lost',
    async () => {
      cluster = await startCluster(2);
      const c = cluster;
      const [survivor, victim] = c.instances as [BffProcess, BffProcess];
      const sending = sendEvents(c);
      const held = await midWork(c.db, victim, CHAINS);
      victim.kill('SIGKILL');
      const { signal } = await victim.exited;
      expect(signal).toBe('SIGKILL');
      const sent = await sending;

      const counts = await settle(c, 120_000 + CHAINS * 2000);
      const events = sent.reduce((n, s) => n + s.customers.length + s.invoices.length + s.payments.length, 0);
      console.info(
        `[multi-process SIGKILL] chains/tenant=${CHAINS} records=${events} victim held ${held} leases at the kill; balancer served ${JSON.stringify(Object.fromEntries(c.balancer.served))}; queue=${JSON.stringify(counts)}`,
      );
      expect(counts).toEqual({ done: counts.done });
      // The dead instance's rows were taken over by the survivor, not left behind.
      expect(await leasesHeldBy(c.db, victim)).toBe(0);
      await expectExactlyOnce(c, sent);
      expect(survivor.output.some((l) => l.includes('"level":"error"'))).toBe(false);
    },
    TIMEOUT,
  );

  it(
    'one stopped with SIGTERM under load: exits 0 within its deadline holding no lease; nothing duplicated',
    async () => {
      cluster = await startCluster(2);
      const c = cluster;
      const [, leaving] = c.instances as [BffProcess, BffProcess];
      const sending = sendEvents(c);
      await midWork(c.db, leaving, CHAINS);
      const t0 = Date.now();
      leaving.kill('SIGTERM');
      const { code } = await leaving.exited;
      const tookMs = Date.now() - t0;
      expect(code).toBe(0);
      expect(tookMs).toBeLessThan(DRAIN_GRACE_MS + 5000);
      // Everything it held was finished or handed back before it closed the database.
      expect(await leasesHeldBy(c.db, leaving)).toBe(0);
      expect(logEvents(leaving, 'bff.stopped')).toEqual([expect.objectContaining({ workersDrained: true })]);
      const sent = await sending;

      const counts = await settle(c, 120_000 + CHAINS * 2000);
      console.info(
        `[multi-process SIGTERM] exit 0 after ${tookMs} ms; balancer served ${JSON.stringify(Object.fromEntries(c.balancer.served))}; queue=${JSON.stringify(counts)}`,
      );
      expect(counts).toEqual({ done: counts.done });
      await expectExactlyOnce(c, sent);
    },
    TIMEOUT,
  );
});
