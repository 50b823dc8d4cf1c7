/**
 * Record by record, for one kind of record in one month: which Exoserva records have no QuickBooks
 * counterpart and why (the sync queue says: failed, waiting, blocked, held, never announced), which QuickBooks
 * documents no Exoserva record is linked to (entered by hand), and which linked pairs disagree on the amount
 * (edited in QuickBooks, not re-sent yet, a refund that did not fully reverse). Each gets the one-click fix
 * that exists, or `none` (the wizard explains what a person does instead).
 */
import type {
  Discrepancy,
  DiscrepancyCause,
  DiscrepancyFix,
  FigureKey,
  ReconciledKind,
} from '@exoserva/contracts';
import { workKey, type LinkInfo, type QboTxn, type WorkState } from './reconcile-input.ts';

/** An Exoserva record reduced to what the comparison needs. */
export interface ComparableRecord {
  id: string;
  label: string;
  date: string;
  amountCents: number;
  customerId: string | null;
  customerName: string | null;
  version: number;
  /** The figure lines this record moves. */
  figures: FigureKey[];
  /** Void invoices: nothing to find in QuickBooks unless they were linked before. */
  void?: boolean;
}

export interface CompareKindInput {
  kind: ReconciledKind;
  /** The kind's records dated in the month. */
  records: readonly ComparableRecord[];
  /** All of the kind's records by id (a linked QuickBooks document may be dated in this month while its
   * Exoserva record is dated in another: that's a difference too). */
  allRecords: ReadonlyMap<string, ComparableRecord>;
  /** QuickBooks documents of the kind dated in the month. */
  documents: readonly QboTxn[];
  links: ReadonlyMap<string, LinkInfo>;
  customerLinks: ReadonlyMap<string, LinkInfo>;
  work: ReadonlyMap<string, WorkState>;
  /** The figures a QuickBooks-only document of this kind moves. */
  documentFigures: FigureKey[];
}

const NONE: DiscrepancyFix = { action: 'none' };

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
 * A linked pair whose amounts differ. A refund that returns a different amount in QuickBooks is the guide's
 * "refund that didn't fully reverse"; otherwise the version last sent tells an unsent Exoserva edit (retry
 * sends it) from an edit made in QuickBooks (re-sync puts Exoserva's amounts back).
 */
export function amountCause(
  kind: ReconciledKind,
  record: ComparableRecord,
  link: LinkInfo,
): { cause: DiscrepancyCause; fix: DiscrepancyFix } {
  if (kind === 'refund') return { cause: 'partial_refund', fix: { action: 'resync' } };
  if (link.recordVersion !== null && link.recordVersion < record.version) {
    return { cause: 'not_resent', fix: { action: 'retry' } };
  }
  return { cause: 'changed_in_quickbooks', fix: { action: 'resync' } };
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

export function compareKind(input: CompareKindInput): Discrepancy[] {
  const { kind, links, work } = input;
  const out: Discrepancy[] = [];
  const docsById = new Map(input.documents.map((d) => [d.id, d]));
  const linkedQboIds = new Map<string, string>();
  for (const [exoId, link] of links) linkedQboIds.set(link.qboId, exoId);

  // Unlinked QuickBooks documents, indexed for pairing with unsynced records.
  const unlinked = input.documents.filter((d) => !linkedQboIds.has(d.id));
  const pairable = new Map<string, QboTxn>();
  for (const d of unlinked) {
    const key = pairingKey(kind, d.customerId, d.docNumber, d.date, d.totalCents);
    if (key && !pairable.has(key)) pairable.set(key, d);
  }
  const paired = new Set<string>();

  const exoSide = (r: ComparableRecord) => ({
    id: r.id,
    label: r.label,
    date: r.date,
    amountCents: r.amountCents,
    customerName: r.customerName,
  });
  const qboSide = (d: QboTxn) => ({
    id: d.id,
    docNumber: d.docNumber,
    date: d.date,
    amountCents: d.totalCents,
    customerName: d.customerName,
  });
  const failureOf = (id: string) => work.get(workKey(kind, id))?.failure ?? null;

  for (const record of input.records) {
    const link = links.get(record.id);
    if (!link) {
      if (record.void) continue;
      const state = work.get(workKey(kind, record.id));
      const { cause, fix } = unsyncedCause(state);
      const customerQboId = record.customerId
        ? (input.customerLinks.get(record.customerId)?.qboId ?? null)
        : null;
      const key = pairingKey(kind, customerQboId, record.label, record.date, record.amountCents);
      const candidate = key ? pairable.get(key) : undefined;
      const usable = candidate && !paired.has(candidate.id) ? candidate : undefined;
      if (usable) paired.add(usable.id);
      out.push({
        key: `${kind}:${record.id}`,
        recordKind: kind,
        cause,
        figures: record.figures,
        exoserva: exoSide(record),
        quickbooks: usable ? qboSide(usable) : null,
        differenceCents: record.amountCents - (usable?.totalCents ?? 0),
        failure: cause === 'sync_failed' ? failureOf(record.id) : null,
        // A hand-entered copy exists: link it (and sync Exoserva's amounts over it) instead of creating a twin.
        fix: usable ? { action: 'link', quickbooksId: usable.id } : fix,
      });
      continue;
    }
    const doc = docsById.get(link.qboId);
    if (!doc) {
      out.push({
        key: `${kind}:${record.id}`,
        recordKind: kind,
        cause: 'missing_in_quickbooks',
        figures: record.figures,
        exoserva: exoSide(record),
        quickbooks: null,
        differenceCents: record.amountCents,
        failure: null,
        fix: NONE,
      });
      continue;
    }
    if (doc.totalCents !== record.amountCents) {
      const { cause, fix } = amountCause(kind, record, link);
      out.push({
        key: `${kind}:${record.id}`,
        recordKind: kind,
        cause,
        figures: record.figures,
        exoserva: exoSide(record),
        quickbooks: qboSide(doc),
        differenceCents: record.amountCents - doc.totalCents,
        failure: null,
        fix,
      });
    }
  }

  const inMonth = new Set(input.records.map((r) => r.id));
  for (const doc of input.documents) {
    if (paired.has(doc.id)) continue;
    const exoId = linkedQboIds.get(doc.id);
    if (exoId && inMonth.has(exoId)) continue; // compared above
    const record = exoId ? input.allRecords.get(exoId) : undefined;
    if (record) {
      // Linked to a record Exoserva dates in another month: the date was changed on one side.
      out.push({
        key: `${kind}:${record.id}`,
        recordKind: kind,
        cause: 'changed_in_quickbooks',
        figures: record.figures,
        exoserva: exoSide(record),
        quickbooks: qboSide(doc),
        differenceCents: -doc.totalCents,
        failure: null,
        fix: { action: 'resync' },
      });
      continue;
    }
    if (doc.totalCents === 0) continue; // a voided document moves nothing
    out.push({
      key: `qbo:${kind}:${doc.id}`,
      recordKind: kind,
      cause: 'entered_by_hand',
      figures: input.documentFigures,
      exoserva: null,
      quickbooks: qboSide(doc),
      differenceCents: -doc.totalCents,
      failure: null,
      fix: NONE,
    });
  }
  return out;
}
