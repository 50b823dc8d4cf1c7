/**
 * The pure half of a backfill: from the records of a range and what QuickBooks already holds, decide per
 * record whether it is already there (the id map), will be linked instead of created (an invoice's DocNumber,
 * a matched customer), or will be sent — and add it up per kind for the preview. No I/O: the service reads,
 * this decides, tests feed it plain data.
 */
import type {
  BackfillKind,
  BackfillPreviewKind,
  ExoCustomer,
  ExoInvoice,
  ExoPayment,
  ExoPayout,
  ExoRefund,
  SyncRecordKind,
} from '@exoserva/contracts';
import type { MatchBucket } from '@exoserva/sync-core';
import { KIND_RANK, refString } from '../stores/sync-store.ts';

export interface RangeRecords {
  invoice: ExoInvoice[];
  payment: ExoPayment[];
  refund: ExoRefund[];
  payout: ExoPayout[];
}

/** An invoice QuickBooks already has under the same DocNumber. */
export interface QboInvoiceByNumber {
  qboId: string;
  syncToken: string;
  /** Its CustomerRef. */
  customerQboId: string | null;
  totalCents: number;
}

export interface PlanInput {
  kinds: readonly BackfillKind[];
  /** Already limited to the range. */
  records: RangeRecords;
  /** Every customer of the tenant (records refer to them by id). */
  customers: readonly ExoCustomer[];
  /** "kind:id" → QuickBooks id, for every record the id map links in this company. */
  links: ReadonlyMap<string, string>;
  /** QuickBooks invoice ids some Exoserva invoice is already linked to. */
  linkedQboInvoiceIds: ReadonlySet<string>;
  /** "kind:id" of records held since a deliberate disconnect. */
  held: ReadonlySet<string>;
  /** By DocNumber, for the range's invoices that have no link. */
  qboInvoicesByNumber: ReadonlyMap<string, QboInvoiceByNumber>;
  /** For referenced customers without a link: what customer matching found. */
  customerMatches: ReadonlyMap<string, { bucket: MatchBucket; qboId: string | null }>;
}

export interface PlannedItem {
  kind: SyncRecordKind;
  recordId: string;
  recordDate: string;
  amountCents: number;
}

/** A link to write before feeding: QuickBooks already has the record. */
export interface PlannedLink {
  kind: 'customer' | 'invoice';
  exoId: string;
  qboId: string;
  /** null for customers (matching stores none; the engine re-reads on its first update). */
  syncToken: string | null;
}

export interface Plan {
  kinds: BackfillPreviewKind[];
  /** What the job feeds, customers first, then by kind and date. */
  items: PlannedItem[];
  links: PlannedLink[];
}

const amountOf = {
  invoice: (r: ExoInvoice) => r.totalCents,
  payment: (r: ExoPayment) => r.amountCents,
  refund: (r: ExoRefund) => r.amountCents,
  payout: (r: ExoPayout) => r.netCents,
};
const dateOf = {
  invoice: (r: ExoInvoice) => r.issueDate,
  payment: (r: ExoPayment) => r.receivedOn,
  refund: (r: ExoRefund) => r.issuedOn,
  payout: (r: ExoPayout) => r.arrivalDate,
};

const emptyKind = (kind: SyncRecordKind): BackfillPreviewKind => ({
  kind,
  records: 0,
  totalCents: 0,
  alreadySynced: 0,
  willLink: 0,
  willCreate: 0,
  willCreateCents: 0,
  needsReview: 0,
  held: 0,
});

export function planBackfill(input: PlanInput): Plan {
  const items: PlannedItem[] = [];
  const links: PlannedLink[] = [];
  const perKind = new Map<SyncRecordKind, BackfillPreviewKind>();
  const tally = (kind: SyncRecordKind) => {
    let k = perKind.get(kind);
    if (!k) perKind.set(kind, (k = emptyKind(kind)));
    return k;
  };
  const referenced = new Set<string>();
  const customerQboId = (exoId: string) =>
    input.links.get(refString('customer', exoId)) ??
    (input.customerMatches.get(exoId)?.bucket === 'linked'
      ? input.customerMatches.get(exoId)?.qboId
      : null) ??
    null;

  for (const kind of input.kinds) {
    const t = tally(kind);
    for (const record of input.records[kind] as Array<ExoInvoice | ExoPayment | ExoRefund | ExoPayout>) {
      // A void invoice QuickBooks never had stays out of it (the engine skips it too).
      const rk = refString(kind, record.id);
      const linked = input.links.has(rk);
      if (kind === 'invoice' && (record as ExoInvoice).status === 'void' && !linked) continue;
      const amount = (amountOf[kind] as (r: typeof record) => number)(record);
      t.records += 1;
      t.totalCents += amount;
      if (input.held.has(rk)) t.held += 1;
      if (linked) {
        // Already in QuickBooks; unless it is still waiting in the queue (held), there is nothing to send.
        t.alreadySynced += 1;
        if (input.held.has(rk)) pushItem(kind, record, amount);
        continue;
      }
      if (kind === 'invoice') {
        const invoice = record as ExoInvoice;
        const found = input.qboInvoicesByNumber.get(invoice.number);
        if (found && !input.linkedQboInvoiceIds.has(found.qboId)) {
          const sameCustomer =
            found.customerQboId !== null && found.customerQboId === customerQboId(invoice.customerId);
          if (sameCustomer || found.totalCents === invoice.totalCents) {
            t.willLink += 1;
            links.push({
              kind: 'invoice',
              exoId: invoice.id,
              qboId: found.qboId,
              syncToken: found.syncToken,
            });
            pushItem(kind, record, amount);
            continue;
          }
        }
        // The number is taken by a different QuickBooks invoice: it goes, and fails with the fix if it must.
        if (found) t.needsReview += 1;
      }
      t.willCreate += 1;
      t.willCreateCents += amount;
      pushItem(kind, record, amount);
    }
  }

  function pushItem(
    kind: BackfillKind,
    record: ExoInvoice | ExoPayment | ExoRefund | ExoPayout,
    amount: number,
  ) {
    items.push({
      kind,
      recordId: record.id,
      recordDate: (dateOf[kind] as (r: typeof record) => string)(record),
      amountCents: amount,
    });
    if ('customerId' in record) referenced.add(record.customerId);
  }

  // Customers the records to send refer to: linked already, matched (linked now), or created.
  const customersById = new Map(input.customers.map((c) => [c.id, c]));
  const customerItems: PlannedItem[] = [];
  if (referenced.size > 0) {
    const t = tally('customer');
    for (const id of referenced) {
      const customer = customersById.get(id);
      if (!customer) continue;
      const rk = refString('customer', id);
      t.records += 1;
      if (input.held.has(rk)) t.held += 1;
      if (input.links.has(rk)) {
        t.alreadySynced += 1;
        continue;
      }
      const match = input.customerMatches.get(id);
      if (match?.bucket === 'linked' && match.qboId) {
        t.willLink += 1;
        links.push({ kind: 'customer', exoId: id, qboId: match.qboId, syncToken: null });
        continue;
      }
      if (match?.bucket === 'review') t.needsReview += 1;
      t.willCreate += 1;
      customerItems.push({
        kind: 'customer',
        recordId: id,
        recordDate: customer.updatedAt.slice(0, 10),
        amountCents: 0,
      });
    }
  }

  const ordered = [...customerItems, ...items].sort(
    (a, b) => KIND_RANK[a.kind] - KIND_RANK[b.kind] || a.recordDate.localeCompare(b.recordDate),
  );
  const order: SyncRecordKind[] = ['customer', 'invoice', 'payment', 'refund', 'payout'];
  return {
    kinds: order.flatMap((k) => (perKind.has(k) ? [perKind.get(k) as BackfillPreviewKind] : [])),
    items: ordered,
    links,
  };
}

// ---- progress and ETA --------------------------------------------------------------------------------

/** Below this many records landed in the last minute, the measure is noise: the limiter's rate stands in. */
const MIN_MEASURED = 5;

/**
 * Records per minute a job moves at: measured over the last minute (scaled up while the job is younger than
 * a minute), or, before there is a measure, the limiter's per-minute budget (one request per record; batches
 * of creates only make it faster, live sync only slower).
 */
export function backfillRate(input: {
  landedLastMinute: number;
  runningForMs: number;
  limiterPerMinute: number;
}): { perMinute: number; measured: boolean } {
  const windowMs = Math.min(60_000, Math.max(1_000, input.runningForMs));
  if (input.landedLastMinute < MIN_MEASURED) return { perMinute: input.limiterPerMinute, measured: false };
  return { perMinute: (input.landedLastMinute * 60_000) / windowMs, measured: true };
}

/** Whole seconds until `remaining` records are through at `perMinute`. */
export function etaSeconds(remaining: number, perMinute: number): number {
  if (remaining <= 0) return 0;
  if (perMinute <= 0) return Number.MAX_SAFE_INTEGER;
  return Math.ceil((remaining * 60) / perMinute);
}
