/**
 * The records behind the month's differences, each once, with every figure line it moves (README
 * "Reconciliation"). For each Exoserva record of the month: what it should do to each line (expected-effects.ts)
 * against what its QuickBooks transaction does there (the ledger's postings to the mapped accounts, and the
 * documents' totals). For each QuickBooks transaction nothing in the month explains — entered by hand (a sales
 * receipt, a journal entry, a credit memo…), or tied to a record Exoserva dates in another month — what it does.
 * Whatever differs is an item; what doesn't is fine and stays off the list.
 */
import type {
  Discrepancy,
  DiscrepancyCause,
  DiscrepancyFix,
  ExoInvoice,
  ExoPayment,
  ExoRefund,
  FigureKey,
  ReconciledKind,
} from '@exoserva/contracts';
import {
  add,
  invoiceAmounts,
  invoiceEffects,
  paymentEffects,
  refundEffects,
  type Effects,
  type LedgerFigure,
} from './expected-effects.ts';
import type { LedgerPosting } from './ledger.ts';
import { workKey, type LinkInfo, type QboTxn, type WorkState } from './reconcile-input.ts';

/** The QuickBooks type each Exoserva kind lands as. */
export const QBO_TYPE: Record<ReconciledKind, string> = {
  invoice: 'Invoice',
  payment: 'Payment',
  refund: 'RefundReceipt',
  payout: 'Deposit',
};
const KIND_OF: Record<string, ReconciledKind> = {
  Invoice: 'invoice',
  Payment: 'payment',
  RefundReceipt: 'refund',
  Deposit: 'payout',
};

const NONE: DiscrepancyFix = { action: 'none' };
export const txnKey = (type: string, id: string) => `${type}:${id}`;

/** Why an Exoserva record has no QuickBooks document, from its sync queue row. */
export function unsyncedCause(state: WorkState | undefined): {
  cause: DiscrepancyCause;
  fix: DiscrepancyFix;
} {
  if (!state || state.state === 'done') return { cause: 'never_queued', fix: { action: 'retry' } };
  if (state.state === 'failed') return { cause: 'sync_failed', fix: { action: 'retry' } };
  if (state.state === 'blocked') return { cause: 'sync_blocked', fix: NONE };
  // A held record waits for the admin's explicit release (sync status page), never a silent retry here.
  if (state.held) return { cause: 'sync_held', fix: NONE };
  return { cause: 'sync_pending', fix: { action: 'retry' } };
}

/**
 * A linked pair whose totals differ. A refund that returns a different amount in QuickBooks is the guide's
 * "refund that didn't fully reverse"; otherwise the version last sent tells an unsent Exoserva edit (retry
 * sends it) from an edit made in QuickBooks (re-sync puts Exoserva's amounts back).
 */
export function amountCause(
  kind: ReconciledKind,
  version: number,
  link: LinkInfo,
): { cause: DiscrepancyCause; fix: DiscrepancyFix } {
  if (kind === 'refund') return { cause: 'partial_refund', fix: { action: 'resync' } };
  if (link.recordVersion !== null && link.recordVersion < version) {
    return { cause: 'not_resent', fix: { action: 'retry' } };
  }
  return { cause: 'changed_in_quickbooks', fix: { action: 'resync' } };
}

/** What QuickBooks' transactions do to the lines: ledger postings by the account's figure, document totals. */
export function actualEffects(
  ledger: readonly LedgerPosting[],
  accountFigure: ReadonlyMap<string, LedgerFigure>,
  documents: { payments: readonly QboTxn[]; refunds: readonly QboTxn[] },
): Map<string, Effects> {
  const out = new Map<string, Effects>();
  const of = (key: string) => {
    let e = out.get(key);
    if (!e) out.set(key, (e = {}));
    return e;
  };
  for (const p of ledger) {
    const figure = accountFigure.get(p.accountId);
    if (!figure) continue;
    // Discounts live on a contra-income account: a discount is a debit there, so its natural amount is negative.
    add(of(txnKey(p.txnType, p.txnId)), figure, figure === 'discounts' ? -p.cents : p.cents);
  }
  for (const d of documents.payments) add(of(txnKey('Payment', d.id)), 'payments', d.totalCents);
  for (const d of documents.refunds) add(of(txnKey('RefundReceipt', d.id)), 'refunds', d.totalCents);
  return out;
}

export interface OpenItemsInput {
  invoices: readonly ExoInvoice[];
  payments: readonly ExoPayment[];
  refunds: readonly ExoRefund[];
  /** Every record Exoserva has, to name records dated in another month and to place refunds. */
  all: { invoices: readonly ExoInvoice[]; payments: readonly ExoPayment[]; refunds: readonly ExoRefund[] };
  customerNames: ReadonlyMap<string, string>;
  /** QuickBooks documents dated in the month. */
  documents: { invoices: readonly QboTxn[]; payments: readonly QboTxn[]; refunds: readonly QboTxn[] };
  ledger: readonly LedgerPosting[];
  actual: ReadonlyMap<string, Effects>;
  links: Record<ReconciledKind | 'customer', ReadonlyMap<string, LinkInfo>>;
  work: ReadonlyMap<string, WorkState>;
  /** Transactions the payouts section accounts for (deposits of payouts): not items here. */
  claimed: ReadonlySet<string>;
  recordUrl: (type: string, id: string) => string | null;
}

interface RecordView {
  kind: ReconciledKind;
  id: string;
  label: string;
  date: string;
  amountCents: number;
  customerId: string | null;
  version: number;
  void: boolean;
  expected: Effects;
}

const effectsList = (e: Effects) =>
  (Object.entries(e) as [FigureKey, number][])
    .filter(([, c]) => c !== 0)
    .map(([figure, cents]) => ({ figure, cents }));

function minus(a: Effects, b: Effects | undefined): Effects {
  const out: Effects = { ...a };
  for (const [k, v] of Object.entries(b ?? {}) as [FigureKey, number][]) add(out, k, -v);
  return out;
}

/**
 * The key that pairs a QuickBooks document entered by hand with the unsynced Exoserva record it most likely
 * stands for: an invoice by number and customer (what a bookkeeper copies), anything else by customer, date
 * and amount.
 */
function pairingKey(
  kind: ReconciledKind,
  customerQboId: string | null,
  docNumber: string | null,
  date: string,
  cents: number,
) {
  if (!customerQboId) return null;
  if (kind === 'invoice') return docNumber ? `${customerQboId}|#${docNumber.toLowerCase()}` : null;
  return `${customerQboId}|${date}|${cents}`;
}

export function openItems(input: OpenItemsInput): Discrepancy[] {
  const { links, work, actual } = input;
  const invoicesById = new Map(input.all.invoices.map((i) => [i.id, i]));
  const refundsByInvoice = new Map<string, ExoRefund[]>();
  for (const r of input.all.refunds)
    refundsByInvoice.set(r.invoiceId, [...(refundsByInvoice.get(r.invoiceId) ?? []), r]);
  const name = (id: string | null) => (id ? (input.customerNames.get(id) ?? null) : null);

  const view = {
    invoice: (i: ExoInvoice): RecordView => ({
      kind: 'invoice',
      id: i.id,
      label: i.number,
      date: i.issueDate,
      amountCents: invoiceAmounts(i).total,
      customerId: i.customerId,
      version: i.version,
      void: i.status === 'void',
      expected: invoiceEffects(i),
    }),
    payment: (p: ExoPayment): RecordView => ({
      kind: 'payment',
      id: p.id,
      label: invoicesById.get(p.invoiceId)?.number ?? p.invoiceId,
      date: p.receivedOn,
      amountCents: p.amountCents,
      customerId: p.customerId,
      version: p.version,
      void: false,
      expected: paymentEffects(p),
    }),
    refund: (r: ExoRefund): RecordView => ({
      kind: 'refund',
      id: r.id,
      label: invoicesById.get(r.invoiceId)?.number ?? r.invoiceId,
      date: r.issuedOn,
      amountCents: r.amountCents,
      customerId: r.customerId,
      version: r.version,
      void: false,
      expected: refundEffects(r, invoicesById.get(r.invoiceId), refundsByInvoice.get(r.invoiceId) ?? []),
    }),
  };

  // Documents by type and id, and what the id map ties each QuickBooks transaction to.
  const docs = new Map<string, QboTxn & { type: string }>();
  for (const [type, list] of [
    ['Invoice', input.documents.invoices],
    ['Payment', input.documents.payments],
    ['RefundReceipt', input.documents.refunds],
  ] as const) {
    for (const d of list) docs.set(txnKey(type, d.id), { ...d, type });
  }
  const linkedTo = new Map<string, { kind: ReconciledKind; exoId: string }>();
  for (const kind of ['invoice', 'payment', 'refund', 'payout'] as const) {
    for (const [exoId, link] of links[kind])
      linkedTo.set(txnKey(QBO_TYPE[kind], link.qboId), { kind, exoId });
  }

  // What the ledger says of each transaction: date, number, name (for transactions no query returned).
  const seen = new Map<
    string,
    { type: string; id: string; date: string; docNumber: string | null; name: string | null }
  >();
  for (const p of input.ledger) {
    const key = txnKey(p.txnType, p.txnId);
    if (!seen.has(key))
      seen.set(key, { type: p.txnType, id: p.txnId, date: p.date, docNumber: p.docNumber, name: p.name });
  }

  const consumed = new Set<string>(input.claimed);
  const out: Discrepancy[] = [];
  const qboSide = (key: string, fallbackAmount: number) => {
    const d = docs.get(key);
    const s = seen.get(key);
    const [type = '', id = ''] = key.split(/:(.*)/s);
    return {
      id,
      type,
      docNumber: d?.docNumber ?? s?.docNumber ?? null,
      date: d?.date ?? s?.date ?? '',
      amountCents: d?.totalCents ?? fallbackAmount,
      customerName: d?.customerName ?? s?.name ?? null,
      url: input.recordUrl(type, id),
    };
  };
  const exoSide = (r: RecordView) => ({
    id: r.id,
    label: r.label,
    date: r.date,
    amountCents: r.amountCents,
    customerName: name(r.customerId),
  });
  const largest = (e: Effects) => Math.max(0, ...Object.values(e).map((v) => Math.abs(v ?? 0)));

  // Unlinked documents, indexed for pairing with unsynced records.
  const pairable = new Map<string, string>();
  for (const [key, d] of docs) {
    if (linkedTo.has(key)) continue;
    const kind = KIND_OF[d.type] as ReconciledKind;
    const k = pairingKey(kind, d.customerId, d.docNumber, d.date, d.totalCents);
    if (k && !pairable.has(`${kind}|${k}`)) pairable.set(`${kind}|${k}`, key);
  }

  const records: RecordView[] = [
    ...input.invoices.map(view.invoice),
    ...input.payments.map(view.payment),
    ...input.refunds.map(view.refund),
  ];
  for (const r of records) {
    const link = links[r.kind].get(r.id);
    if (!link) {
      if (r.void) continue;
      const { cause, fix } = unsyncedCause(work.get(workKey(r.kind, r.id)));
      const customerQboId = r.customerId ? (links.customer.get(r.customerId)?.qboId ?? null) : null;
      const k = pairingKey(r.kind, customerQboId, r.label, r.date, r.amountCents);
      const candidate = k ? pairable.get(`${r.kind}|${k}`) : undefined;
      const copy = candidate && !consumed.has(candidate) ? candidate : undefined;
      if (copy) consumed.add(copy);
      const effects = minus(r.expected, copy ? actual.get(copy) : undefined);
      // What the record leaves owing in Exoserva that QuickBooks doesn't hold (or the other way round).
      const copyTotal = copy ? (docs.get(copy)?.totalCents ?? 0) : 0;
      if (r.kind === 'invoice') add(effects, 'receivables', r.amountCents - copyTotal);
      if (r.kind === 'payment') add(effects, 'receivables', -(r.amountCents - copyTotal));
      out.push({
        key: `${r.kind}:${r.id}`,
        recordKind: r.kind,
        cause,
        figures: [],
        effects: effectsList(effects),
        exoserva: exoSide(r),
        quickbooks: copy ? qboSide(copy, 0) : null,
        differenceCents: r.amountCents - copyTotal,
        failure: cause === 'sync_failed' ? (work.get(workKey(r.kind, r.id))?.failure ?? null) : null,
        // A hand-entered copy exists: link it (and sync Exoserva's amounts over it) instead of creating a twin.
        fix: copy ? { action: 'link', quickbooksId: copy.split(/:(.*)/s)[1] as string } : fix,
      });
      continue;
    }
    const key = txnKey(QBO_TYPE[r.kind], link.qboId);
    consumed.add(key);
    const doc = docs.get(key);
    const got = actual.get(key);
    if (!doc && !got) {
      if (r.void) continue;
      const effects = { ...r.expected };
      if (r.kind === 'invoice') add(effects, 'receivables', r.amountCents);
      if (r.kind === 'payment') add(effects, 'receivables', -r.amountCents);
      out.push({
        key: `${r.kind}:${r.id}`,
        recordKind: r.kind,
        cause: 'missing_in_quickbooks',
        figures: [],
        effects: effectsList(effects),
        exoserva: exoSide(r),
        quickbooks: null,
        differenceCents: r.amountCents,
        failure: null,
        fix: NONE,
      });
      continue;
    }
    const effects = minus(r.expected, got);
    const totalDiff = doc ? r.amountCents - doc.totalCents : 0;
    if (r.kind === 'invoice') add(effects, 'receivables', totalDiff);
    if (r.kind === 'payment') add(effects, 'receivables', -totalDiff);
    if (effectsList(effects).length === 0) continue;
    const { cause, fix } =
      totalDiff !== 0
        ? amountCause(r.kind, r.version, link)
        : r.kind === 'refund'
          ? { cause: 'not_reversed' as const, fix: { action: 'resync' as const } }
          : { cause: 'posted_differently' as const, fix: { action: 'resync' as const } };
    out.push({
      key: `${r.kind}:${r.id}`,
      recordKind: r.kind,
      cause,
      figures: [],
      effects: effectsList(effects),
      exoserva: exoSide(r),
      quickbooks: qboSide(key, r.amountCents - totalDiff),
      differenceCents: totalDiff !== 0 ? totalDiff : largest(effects),
      failure: null,
      fix,
    });
  }

  // QuickBooks transactions nothing in the month accounts for.
  const inMonth = new Set(records.map((r) => `${r.kind}:${r.id}`));
  const allById = {
    invoice: new Map(input.all.invoices.map((i) => [i.id, view.invoice(i)])),
    payment: new Map(input.all.payments.map((p) => [p.id, view.payment(p)])),
    refund: new Map(input.all.refunds.map((r) => [r.id, view.refund(r)])),
  };
  for (const key of new Set([...actual.keys(), ...docs.keys()])) {
    if (consumed.has(key)) continue;
    const got = actual.get(key) ?? {};
    const effects = minus({}, got);
    const [type = ''] = key.split(/:(.*)/s);
    const doc = docs.get(key);
    const tie = linkedTo.get(key);
    if (tie && inMonth.has(`${tie.kind}:${tie.exoId}`)) continue;
    // A deposit of another month's payout is that month's business (its payout line matches it there).
    if (tie?.kind === 'payout') continue;
    const other = tie ? allById[tie.kind].get(tie.exoId) : undefined;
    if (type === 'Invoice') add(effects, 'receivables', -(doc?.totalCents ?? 0));
    if (type === 'Payment') add(effects, 'receivables', doc?.totalCents ?? 0);
    if (effectsList(effects).length === 0) continue;
    if (other) {
      // Linked to a record Exoserva dates in another month: the date was changed on one side.
      out.push({
        key: `${other.kind}:${other.id}`,
        recordKind: other.kind,
        cause: 'changed_in_quickbooks',
        figures: [],
        effects: effectsList(effects),
        exoserva: exoSide(other),
        quickbooks: qboSide(key, largest(effects)),
        differenceCents: -(doc?.totalCents ?? largest(effects)),
        failure: null,
        fix: { action: 'resync' },
      });
      continue;
    }
    out.push({
      key: `qbo:${key}`,
      recordKind: tie?.kind ?? KIND_OF[type] ?? null,
      cause: 'entered_by_hand',
      figures: [],
      effects: effectsList(effects),
      exoserva: null,
      quickbooks: qboSide(key, largest(effects)),
      differenceCents: -(doc?.totalCents ?? largest(effects)),
      failure: null,
      fix: NONE,
    });
  }
  for (const d of out) d.figures = d.effects.map((e) => e.figure);
  return out.sort(
    (a, b) => Math.abs(b.differenceCents) - Math.abs(a.differenceCents) || a.key.localeCompare(b.key),
  );
}
