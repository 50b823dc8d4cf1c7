/**
 * The company's state and the lookups every rule needs: records, the double-entry journal, the change
 * history and the requestid log. Plain JSON so a company can be snapshotted and restored.
 */
import type { Clock } from '../clock.ts';
import { faults } from './faults.ts';
import type { Rec } from './input.ts';
import { companyDate } from './time.ts';

export type ChangeOperation = 'Create' | 'Update' | 'Delete' | 'Void' | 'Merge';

export interface EntityChange {
  realmId: string;
  entity: string;
  id: string;
  operation: ChangeOperation;
  /** MetaData.LastUpdatedTime of the change, e.g. `2026-11-24T09:01:18-08:00`. */
  lastUpdated: string;
}

export interface CompanyOptions {
  salesTax: boolean;
  automatedSalesTax: boolean;
  /** Assumption: QuickBooks accepts $0 invoices; a company can be set to refuse them (6000). */
  allowZeroDollarInvoices: boolean;
  /** The subscription lapsed or was cancelled: every write is refused with 6190 (reads still work). */
  subscriptionLapsed?: boolean;
  /** The user who connected lost access to the company: every call is refused with 401, code 120. */
  connectedUserLostAccess?: boolean;
}

export interface StoredEntity {
  data: Rec;
  voided?: boolean;
  /** The TotalTax on this transaction was supplied by the caller, not computed. */
  taxOverride?: boolean;
}

/** One journal posting. amount is in cents: positive is a debit, negative a credit. */
export interface JournalLine {
  accountId: string;
  amount: number;
  date: string;
  customerId?: string;
}

export interface StoredResponse {
  status: number;
  body: unknown;
}

export interface CompanyState {
  version: 1;
  realmId: string;
  name: string;
  options: CompanyOptions;
  counters: Record<string, number>;
  records: Record<string, Record<string, StoredEntity>>;
  /** entity → id → LastUpdatedTime of the delete, for CDC. */
  tombstones: Record<string, Record<string, string>>;
  /** `${entity}/${id}` → postings. */
  journal: Record<string, JournalLine[]>;
  changes: (EntityChange & { at: number })[];
  requestLog: [string, StoredResponse][];
}

export const REQUEST_LOG_LIMIT = 10_000;

export class Books {
  private balanceCache: { byAccount: Map<string, number>; arByCustomer: Map<string, number> } | undefined;
  /** Records an unfinished batch created: invisible to its later items (`entity/id`). */
  private hidden: Set<string> | undefined;

  constructor(
    readonly state: CompanyState,
    readonly clock: Clock,
  ) {}

  get options(): CompanyOptions {
    return this.state.options;
  }

  today(): string {
    return companyDate(this.clock.now());
  }

  invalidate(): void {
    this.balanceCache = undefined;
  }

  find(entity: string, id: string): StoredEntity | undefined {
    if (this.hidden?.has(`${entity}/${id}`)) return undefined;
    return this.state.records[entity]?.[id];
  }

  all(entity: string): StoredEntity[] {
    const all = Object.values(this.state.records[entity] ?? {});
    const hidden = this.hidden;
    return hidden ? all.filter((s) => !hidden.has(`${entity}/${s.data.Id as string}`)) : all;
  }

  /**
   * Every record of a type, a running batch's own included: what unique names and document numbers are checked
   * against (a constraint, not a read — the batch's items still cannot reuse each other's names).
   */
  allStored(entity: string): StoredEntity[] {
    return Object.values(this.state.records[entity] ?? {});
  }

  /** Runs a batch: what its items create stays out of sight of its later items until it ends. */
  isolated<T>(fn: () => T): T {
    this.hidden = new Set();
    try {
      return fn();
    } finally {
      this.hidden = undefined;
    }
  }

  hide(entity: string, id: string): void {
    this.hidden?.add(`${entity}/${id}`);
  }

  put(entity: string, id: string, stored: StoredEntity): void {
    (this.state.records[entity] ??= {})[id] = stored;
    this.invalidate();
  }

  remove(entity: string, id: string, lastUpdated: string): void {
    delete this.state.records[entity]?.[id];
    (this.state.tombstones[entity] ??= {})[id] = lastUpdated;
    delete this.state.journal[`${entity}/${id}`];
    this.invalidate();
  }

  /** Transactions share one Id sequence, as in QuickBooks; each name list has its own. */
  nextId(entity: string, kind: 'name' | 'txn' | 'singleton'): string {
    const key = kind === 'txn' ? 'txn' : entity;
    const n = (this.state.counters[key] ?? 0) + 1;
    this.state.counters[key] = n;
    return String(n);
  }

  setJournal(entity: string, id: string, lines: JournalLine[]): void {
    if (lines.length === 0) delete this.state.journal[`${entity}/${id}`];
    else this.state.journal[`${entity}/${id}`] = lines;
    this.invalidate();
  }

  journalLines(): JournalLine[] {
    return Object.values(this.state.journal).flat();
  }

  /**
   * Resolves a reference for a write: unknown id → 2500, inactive → 610 (QuickBooks' "made inactive").
   */
  resolveRef(entity: string, id: string, element: string): Rec {
    const stored = this.find(entity, id);
    if (!stored) throw faults.invalidReference(element, id);
    if (stored.data.Active === false) throw faults.objectNotFound(element);
    return stored.data;
  }

  accountIdBySubType(subType: string): string | undefined {
    const found = this.all('Account').find(
      (a) => a.data.AccountSubType === subType && a.data.Active !== false,
    );
    return found?.data.Id as string | undefined;
  }

  requireAccountBySubType(subType: string, what: string): string {
    const id = this.accountIdBySubType(subType);
    if (!id) throw faults.business(`The company has no active ${what} account.`);
    return id;
  }

  private balances(): { byAccount: Map<string, number>; arByCustomer: Map<string, number> } {
    if (!this.balanceCache) {
      const byAccount = new Map<string, number>();
      const arByCustomer = new Map<string, number>();
      const ar = this.accountIdBySubType('AccountsReceivable');
      for (const line of this.journalLines()) {
        byAccount.set(line.accountId, (byAccount.get(line.accountId) ?? 0) + line.amount);
        if (line.accountId === ar && line.customerId) {
          arByCustomer.set(line.customerId, (arByCustomer.get(line.customerId) ?? 0) + line.amount);
        }
      }
      this.balanceCache = { byAccount, arByCustomer };
    }
    return this.balanceCache;
  }

  /** Debit-positive ledger balance of an account, in cents. */
  accountDebitBalance(accountId: string): number {
    return this.balances().byAccount.get(accountId) ?? 0;
  }

  /** What the customer owes: invoices minus payments and credits, from the A/R postings. */
  customerBalance(customerId: string): number {
    return this.balances().arByCustomer.get(customerId) ?? 0;
  }

  /** Cents applied to each invoice by payments, optionally ignoring one payment (the one being edited). */
  invoiceApplications(exceptPaymentId?: string): Map<string, number> {
    return this.applications('Invoice', exceptPaymentId);
  }

  /** Cents of each credit memo used by payments, optionally ignoring one payment. */
  creditApplications(exceptPaymentId?: string): Map<string, number> {
    return this.applications('CreditMemo', exceptPaymentId);
  }

  private applications(txnType: 'Invoice' | 'CreditMemo', exceptPaymentId?: string): Map<string, number> {
    const applied = new Map<string, number>();
    for (const p of this.all('Payment')) {
      if (p.data.Id === exceptPaymentId) continue;
      for (const link of paymentLinks(p.data, txnType)) {
        applied.set(link.invoiceId, (applied.get(link.invoiceId) ?? 0) + link.cents);
      }
    }
    return applied;
  }

  /** Payments applied to one invoice. */
  paymentsFor(invoiceId: string): { paymentId: string; cents: number; date: string }[] {
    return this.paymentsByInvoice().get(invoiceId) ?? [];
  }

  /** Every invoice's payments in one pass over the payments (a report over all invoices stays linear). */
  paymentsByInvoice(): Map<string, { paymentId: string; cents: number; date: string }[]> {
    const out = new Map<string, { paymentId: string; cents: number; date: string }[]>();
    for (const p of this.all('Payment')) {
      for (const link of paymentLinks(p.data)) {
        const list = out.get(link.invoiceId) ?? [];
        list.push({ paymentId: p.data.Id as string, cents: link.cents, date: p.data.TxnDate as string });
        out.set(link.invoiceId, list);
      }
    }
    return out;
  }

  /** The deposit holding a payment or sales receipt, if any. */
  depositOf(txnType: string, txnId: string, exceptDepositId?: string): string | undefined {
    for (const d of this.all('Deposit')) {
      if (d.data.Id === exceptDepositId) continue;
      for (const line of (d.data.Line as Rec[] | undefined) ?? []) {
        for (const l of (line.LinkedTxn as Rec[] | undefined) ?? []) {
          if (l.TxnId === txnId && l.TxnType === txnType) return d.data.Id as string;
        }
      }
    }
    return undefined;
  }
}

/** A payment's lines applied to invoices (or, with txnType, to credit memos): the linked id and the cents. */
export function paymentLinks(
  payment: Rec,
  txnType: 'Invoice' | 'CreditMemo' = 'Invoice',
): { invoiceId: string; cents: number }[] {
  const out: { invoiceId: string; cents: number }[] = [];
  for (const line of (payment.Line as Rec[] | undefined) ?? []) {
    const cents = Math.round(((line.Amount as number | undefined) ?? 0) * 100);
    for (const l of (line.LinkedTxn as Rec[] | undefined) ?? []) {
      if (l.TxnType === txnType && cents !== 0) out.push({ invoiceId: l.TxnId as string, cents });
    }
  }
  return out;
}
