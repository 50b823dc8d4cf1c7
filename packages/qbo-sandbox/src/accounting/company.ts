/**
 * One QuickBooks Online company: its records, rules, double-entry ledger, change history and requestid log.
 * Everything here throws IntuitFaultError for a request QuickBooks would refuse; routes render it.
 */
import type { Clock } from '../clock.ts';
import {
  Books,
  REQUEST_LOG_LIMIT,
  type ChangeOperation,
  type CompanyOptions,
  type CompanyState,
  type EntityChange,
  type JournalLine,
  type StoredEntity,
  type StoredResponse,
} from './books.ts';
import { entitySpec, type EntitySpec } from './entities.ts';
import { faults } from './faults.ts';
import { clone, isRec, optArray, optString, rejectUnknownProperties, type Rec } from './input.ts';
import { centsToNumber, decimalToNumber, parseDecimal } from './money.ts';
import { normalizeNameEntity } from './name-lists.ts';
import { parseQuery, QueryParseError } from './query-parser.ts';
import { runQuery } from './query-engine.ts';
import { buildReport } from './reports.ts';
import { seedCompany } from './seed.ts';
import { buildTransaction, paymentLinksOf, voidedCopy } from './transactions.ts';
import { metaTime } from './time.ts';

export type { EntityChange, CompanyOptions, StoredResponse };

export interface CompanyDeps {
  clock: Clock;
  onChange?: (change: EntityChange) => void;
}

export interface CompanySeed {
  realmId: string;
  companyName: string;
  salesTax?: boolean;
  automatedSalesTax?: boolean;
  /** Default true (assumption: QuickBooks accepts $0 invoices). */
  allowZeroDollarInvoices?: boolean;
}

export interface WriteOptions {
  /** `include=allowduplicatedocnum` */
  allowDuplicateDocNum?: boolean;
}

/** CDC looks back at most 30 days and returns at most 1000 objects (REFERENCE §3.8). */
const CDC_LOOKBACK_MS = 30 * 86_400_000;
const CDC_MAX_OBJECTS = 1000;
const CHANGE_RETENTION_MS = 31 * 86_400_000;

function entityOrFault(name: string): EntitySpec {
  const spec = entitySpec(name);
  if (!spec) throw faults.unsupportedOperation(`on entity ${name}`);
  return spec;
}

export class Company {
  readonly realmId: string;
  private readonly books: Books;

  private constructor(
    private readonly state: CompanyState,
    private readonly deps: CompanyDeps,
  ) {
    this.realmId = state.realmId;
    this.books = new Books(state, deps.clock);
  }

  get name(): string {
    return this.state.name;
  }

  set name(value: string) {
    this.state.name = value;
  }

  get options(): CompanyOptions {
    return this.state.options;
  }

  /** A company as QuickBooks creates it: chart of accounts, items, payment methods, tax setup. */
  static create(seed: CompanySeed, deps: CompanyDeps): Company {
    const salesTax = seed.salesTax ?? false;
    const company = new Company(
      {
        version: 1,
        realmId: seed.realmId,
        name: seed.companyName,
        options: {
          salesTax,
          automatedSalesTax: seed.automatedSalesTax ?? false,
          allowZeroDollarInvoices: seed.allowZeroDollarInvoices ?? true,
        },
        counters: {},
        records: {},
        tombstones: {},
        journal: {},
        changes: [],
        requestLog: [],
      },
      deps,
    );
    const stamp = metaTime(deps.clock.now());
    seedCompany(
      (entity, data, id) => {
        const spec = entityOrFault(entity);
        const newId = id ?? company.books.nextId(entity, spec.kind);
        company.books.put(entity, newId, {
          data: {
            ...data,
            domain: 'QBO',
            sparse: false,
            Id: newId,
            SyncToken: '0',
            MetaData: { CreateTime: stamp, LastUpdatedTime: stamp },
          },
        });
        return newId;
      },
      {
        companyName: seed.companyName,
        realmId: seed.realmId,
        salesTax,
        automatedSalesTax: seed.automatedSalesTax ?? false,
        today: company.books.today(),
      },
    );
    return company;
  }

  static restore(snapshot: unknown, deps: CompanyDeps): Company {
    if (!isRec(snapshot) || snapshot.version !== 1 || typeof snapshot.realmId !== 'string') {
      throw new Error('Not a qbo-sandbox company snapshot (version 1)');
    }
    return new Company(clone(snapshot) as unknown as CompanyState, deps);
  }

  snapshot(): unknown {
    return clone(this.state);
  }

  setOptions(options: Partial<CompanyOptions>): void {
    Object.assign(this.state.options, options);
  }

  // ---------------------------------------------------------------- reads

  list(entity: string, opts: { includeInactive?: boolean } = {}): Record<string, unknown>[] {
    const spec = entitySpec(entity);
    if (!spec) return [];
    return this.books
      .all(spec.name)
      .filter((s) => opts.includeInactive || s.data.Active !== false)
      .map((s) => this.present(spec.name, s));
  }

  get(entity: string, id: string): Record<string, unknown> | undefined {
    const spec = entitySpec(entity);
    const stored = spec ? this.books.find(spec.name, id) : undefined;
    return spec && stored ? this.present(spec.name, stored) : undefined;
  }

  /** GET /{entity}/{id}: unknown → 610 (HTTP 400, not 404). */
  read(entity: string, id: string): { entity: string; record: Rec } {
    const spec = entityOrFault(entity);
    // CompanyInfo is read by realm id (node-quickbooks getCompanyInfo(realmId)) and by its own Id.
    const key = spec.name === 'CompanyInfo' && id === this.realmId ? '1' : id;
    const stored = this.books.find(spec.name, key);
    if (!stored) throw faults.objectNotFound();
    return { entity: spec.name, record: this.present(spec.name, stored) };
  }

  preferences(): Rec {
    return this.read('Preferences', '1').record;
  }

  private present(entity: string, stored: StoredEntity): Rec {
    const out = clone(stored.data);
    if (entity === 'Customer') {
      const own = this.books.customerBalance(out.Id as string);
      let withJobs = own;
      for (const s of this.books.all('Customer')) {
        if (
          ((s.data.FullyQualifiedName as string) ?? '').startsWith(`${out.FullyQualifiedName as string}:`)
        ) {
          withJobs += this.books.customerBalance(s.data.Id as string);
        }
      }
      out.Balance = centsToNumber(own);
      out.BalanceWithJobs = centsToNumber(withJobs);
    } else if (entity === 'Vendor') {
      out.Balance = 0;
    } else if (entity === 'Account') {
      const debit = this.books.accountDebitBalance(out.Id as string);
      // Assets and expenses carry debit balances; liabilities, equity and income credit balances.
      const sign = out.Classification === 'Asset' || out.Classification === 'Expense' ? 1 : -1;
      out.CurrentBalance = centsToNumber(sign * debit);
      out.CurrentBalanceWithSubAccounts = centsToNumber(sign * debit);
    }
    return out;
  }

  // ---------------------------------------------------------------- writes

  /** POST /{entity}. A body carrying Id and SyncToken is an update, as in QuickBooks. */
  create(entity: string, body: unknown, opts: WriteOptions = {}): { entity: string; record: Rec } {
    const spec = entityOrFault(entity);
    const input = this.bodyFor(spec, body);
    if (input.Id !== undefined && input.SyncToken !== undefined) return this.update(entity, body, opts);
    if (spec.kind === 'singleton') throw faults.unsupportedOperation(`Create on ${spec.name}`);
    if (spec.name === 'TaxCode' || spec.name === 'TaxRate') {
      throw faults.unsupportedOperation(`Create on ${spec.name} (use taxservice/taxcode)`);
    }
    delete input.Id;
    if (spec.kind === 'name') {
      const data = normalizeNameEntity(this.books, spec.name, input, undefined);
      const id = this.books.nextId(spec.name, spec.kind);
      return this.commit(spec.name, id, { data }, undefined, 'Create');
    }
    const build = buildTransaction(
      this.books,
      spec.name,
      input,
      {
        id: undefined,
        allowDuplicateDocNum: opts.allowDuplicateDocNum ?? false,
      },
      undefined,
    );
    this.refuseIfClosed(build.data.TxnDate);
    const id = this.books.nextId(spec.name, spec.kind);
    this.commit(spec.name, id, { data: build.data, taxOverride: build.taxOverride }, build.journal, 'Create');
    this.reapplyInvoices(build.touchedInvoices ?? []);
    return {
      entity: spec.name,
      record: this.present(spec.name, this.books.find(spec.name, id) as StoredEntity),
    };
  }

  /** POST /{entity}?operation=update — sparse when `sparse:true`, otherwise a full update. */
  update(
    entity: string,
    body: unknown,
    opts: WriteOptions & { void?: boolean } = {},
  ): { entity: string; record: Rec } {
    const spec = entityOrFault(entity);
    const input = this.bodyFor(spec, body);
    const { id, existing } = this.existingFor(spec, input);
    if (opts.void) {
      if (spec.name !== 'Payment') throw faults.unsupportedOperation(`void on ${spec.name} via update`);
      return this.voidTxn(spec.name, body);
    }
    if (existing.voided) throw faults.business('A voided transaction can not be changed.');
    const sparse = input.sparse === true || input.sparse === 'true';
    if (spec.kind === 'singleton') {
      const data = deepMerge(clone(existing.data), input);
      if (spec.name === 'CompanyInfo') {
        const name = optString(input, 'CompanyName', 'CompanyName', 1024);
        if (name) this.state.name = name;
      }
      return this.commit(spec.name, id, { data }, undefined, 'Update');
    }
    let merged: Rec;
    if (sparse) {
      merged = { ...clone(existing.data), ...input };
    } else {
      merged = { ...input };
      // A full update keeps what the caller can't send back: the customer of a payment's lines etc. are theirs.
    }
    if (spec.kind === 'name') {
      const data = normalizeNameEntity(this.books, spec.name, merged, id);
      return this.commit(spec.name, id, { data }, undefined, 'Update');
    }
    this.refuseIfDeposited(spec.name, id);
    this.refuseIfClosed(existing.data.TxnDate);
    // A sparse update that doesn't touch TxnTaxDetail recomputes tax unless the caller had overridden it.
    const keepOverride = !sparse || 'TxnTaxDetail' in input || existing.taxOverride === true;
    const build = buildTransaction(
      this.books,
      spec.name,
      merged,
      { id, allowDuplicateDocNum: opts.allowDuplicateDocNum ?? false },
      existing.data,
      keepOverride,
    );
    this.refuseIfClosed(build.data.TxnDate);
    if (spec.name === 'Invoice') {
      build.data.LinkedTxn = [
        ...((build.data.LinkedTxn as Rec[] | undefined) ?? []),
        ...this.paymentLinkedTxn(id),
      ];
    }
    this.commit(spec.name, id, { data: build.data, taxOverride: build.taxOverride }, build.journal, 'Update');
    this.reapplyInvoices(build.touchedInvoices ?? []);
    return {
      entity: spec.name,
      record: this.present(spec.name, this.books.find(spec.name, id) as StoredEntity),
    };
  }

  /** POST /{entity}?operation=delete — transactions only. */
  delete(entity: string, body: unknown): { entity: string; record: Rec } {
    const spec = entityOrFault(entity);
    if (spec.kind !== 'txn')
      throw faults.unsupportedOperation(`Delete on ${spec.name} (make it inactive instead)`);
    const input = this.bodyFor(spec, body, false);
    const { id, existing } = this.existingFor(spec, input);
    this.refuseIfDeposited(spec.name, id);
    this.refuseIfClosed(existing.data.TxnDate);
    if (spec.name === 'Invoice' && this.books.paymentsFor(id).length > 0) {
      throw faults.business(
        'You must unlink any linked transactions associated with the invoice object before deleting it.',
      );
    }
    const stamp = metaTime(this.deps.clock.now());
    this.books.remove(spec.name, id, stamp);
    this.recordChange(spec.name, id, 'Delete', stamp);
    if (spec.name === 'Payment') this.reapplyInvoices(paymentLinksOf(existing.data));
    return { entity: spec.name, record: { status: 'Deleted', domain: 'QBO', Id: id } };
  }

  /** POST /invoice|salesreceipt?operation=void, and Payment's update&include=void. */
  voidTxn(entity: string, body: unknown): { entity: string; record: Rec } {
    const spec = entityOrFault(entity);
    if (!spec.voidable) throw faults.unsupportedOperation(`Void on ${spec.name}`);
    const input = this.bodyFor(spec, body, false);
    const { id, existing } = this.existingFor(spec, input);
    this.refuseIfDeposited(spec.name, id);
    this.refuseIfClosed(existing.data.TxnDate);
    if (spec.name === 'Invoice' && this.books.paymentsFor(id).length > 0) {
      // Assumption: the sandbox refuses to void an invoice with payments applied instead of unlinking them.
      throw faults.business('Unlink the payments applied to this invoice before voiding it.');
    }
    const data = voidedCopy(spec.name, existing.data);
    this.commit(spec.name, id, { data, voided: true }, [], 'Void');
    if (spec.name === 'Payment') this.reapplyInvoices(paymentLinksOf(existing.data));
    return {
      entity: spec.name,
      record: this.present(spec.name, this.books.find(spec.name, id) as StoredEntity),
    };
  }

  /** POST /taxservice/taxcode: creates a TaxCode grouping new or existing TaxRates. */
  createTaxService(body: unknown): Rec {
    if (!isRec(body)) throw faults.unsupportedProperty('TaxService', 'expected an object');
    rejectUnknownProperties(body, new Set(['TaxCode', 'TaxRateDetails', 'TaxCodeId']));
    const codeName = optString(body, 'TaxCode', 'TaxCode', 100)?.trim();
    if (!codeName) throw faults.required('TaxCode');
    if (this.books.all('TaxCode').some((s) => String(s.data.Name).toLowerCase() === codeName.toLowerCase())) {
      throw faults.duplicateName('list');
    }
    const details = optArray(body, 'TaxRateDetails') ?? [];
    if (details.length === 0) throw faults.required('TaxRateDetails');
    const rates: { id: string; name: string; detail: Rec }[] = [];
    for (const raw of details) {
      if (!isRec(raw)) throw faults.unsupportedProperty('TaxRateDetails', 'expected an object');
      const existingId = optString(raw, 'TaxRateId', 'TaxRateId');
      if (existingId) {
        const rate = this.books.resolveRef('TaxRate', existingId, 'TaxRateId');
        rates.push({
          id: existingId,
          name: rate.Name as string,
          detail: {
            TaxRateName: rate.Name,
            TaxRateId: existingId,
            RateValue: rate.RateValue,
            TaxAgencyId: (rate.AgencyRef as Rec | undefined)?.value,
            TaxApplicableOn: 'Sales',
          },
        });
        continue;
      }
      const rateName = optString(raw, 'TaxRateName', 'TaxRateName', 100)?.trim();
      if (!rateName) throw faults.required('TaxRateName');
      const value = parseDecimal(raw.RateValue);
      if (!value) throw faults.required('RateValue');
      const agencyId = optString(raw, 'TaxAgencyId', 'TaxAgencyId');
      if (!agencyId) throw faults.required('TaxAgencyId');
      const agency = this.books.resolveRef('TaxAgency', agencyId, 'TaxAgencyId');
      const applicable = optString(raw, 'TaxApplicableOn') ?? 'Sales';
      if (applicable !== 'Sales' && applicable !== 'Purchase')
        throw faults.invalidEnum('TaxApplicableOn', applicable);
      const rateData = normalizeNameEntity(
        this.books,
        'TaxRate',
        {
          Name: rateName,
          Description: rateName,
          RateValue: decimalToNumber(value),
          AgencyRef: { value: agencyId, name: agency.DisplayName },
          SpecialTaxType: 'NONE',
          DisplayType: 'ReadOnly',
        },
        undefined,
      );
      const id = this.books.nextId('TaxRate', 'name');
      this.commit('TaxRate', id, { data: rateData }, undefined, 'Create');
      rates.push({
        id,
        name: rateName,
        detail: {
          TaxRateName: rateName,
          TaxRateId: id,
          RateValue: decimalToNumber(value),
          TaxAgencyId: agencyId,
          TaxApplicableOn: applicable,
        },
      });
    }
    const codeId = this.books.nextId('TaxCode', 'name');
    this.commit(
      'TaxCode',
      codeId,
      {
        data: {
          Name: codeName,
          Description: codeName,
          Active: true,
          Hidden: false,
          Taxable: true,
          TaxGroup: true,
          SalesTaxRateList: {
            TaxRateDetail: rates.map((r, i) => ({
              TaxRateRef: { value: r.id, name: r.name },
              TaxTypeApplicable: 'TaxOnAmount',
              TaxOrder: i,
            })),
          },
          PurchaseTaxRateList: { TaxRateDetail: [] },
        },
      },
      undefined,
      'Create',
    );
    return { TaxCode: codeName, TaxCodeId: codeId, TaxRateDetails: rates.map((r) => r.detail) };
  }

  private bodyFor(spec: EntitySpec, body: unknown, strict = true): Rec {
    if (!isRec(body)) throw faults.unsupportedProperty(spec.name, 'the body must be a JSON object');
    // node-quickbooks sends the entity itself; some clients wrap it as {"Customer": {...}}.
    const unwrapped =
      Object.keys(body).length === 1 && isRec(body[spec.name]) ? (body[spec.name] as Rec) : body;
    if (strict) rejectUnknownProperties(unwrapped, spec.fields);
    return clone(unwrapped);
  }

  private existingFor(spec: EntitySpec, input: Rec): { id: string; existing: StoredEntity } {
    const id = optString(input, 'Id', 'Id');
    if (!id) throw faults.required('Id');
    const syncToken = optString(input, 'SyncToken', 'SyncToken');
    if (syncToken === undefined) throw faults.required('SyncToken');
    const key = spec.name === 'CompanyInfo' && id === this.realmId ? '1' : id;
    const existing = this.books.find(spec.name, key);
    if (!existing) throw faults.objectNotFound();
    if (existing.data.SyncToken !== syncToken) throw faults.stale();
    return { id: key, existing };
  }

  /** Runs a batch's items so none sees what an earlier one created (see routes.ts). */
  isolatedBatch<T>(fn: () => T): T {
    return this.books.isolated(fn);
  }

  /** A batch item created this: hidden from the rest of the batch. */
  hideUntilBatchEnds(entity: string, id: string): void {
    this.books.hide(entity, id);
  }

  /** The books' closing date, when the company closed its books (Preferences.AccountingInfoPrefs.BookCloseDate). */
  closingDate(): string | undefined {
    const prefs = this.books.find('Preferences', '1')?.data.AccountingInfoPrefs as Rec | undefined;
    const date = prefs?.BookCloseDate;
    return typeof date === 'string' && date !== '' ? date : undefined;
  }

  /** Closes the books through `date` (or reopens them with null), as the bookkeeper does at month end. */
  setClosingDate(date: string | null): void {
    const stored = this.books.find('Preferences', '1');
    if (!stored) return;
    const prefs = { ...((stored.data.AccountingInfoPrefs as Rec | undefined) ?? {}) };
    if (date) prefs.BookCloseDate = date;
    else delete prefs.BookCloseDate;
    this.commit(
      'Preferences',
      '1',
      { data: { ...stored.data, AccountingInfoPrefs: prefs } },
      undefined,
      'Update',
    );
  }

  /** 6210: nothing dated on or before the closing date is created, changed, voided or deleted. */
  private refuseIfClosed(txnDate: unknown): void {
    const closed = this.closingDate();
    if (closed && typeof txnDate === 'string' && txnDate <= closed) throw faults.periodClosed(closed);
  }

  private refuseIfDeposited(entity: string, id: string): void {
    if (
      ['Payment', 'SalesReceipt', 'RefundReceipt', 'Transfer', 'JournalEntry'].includes(entity) &&
      this.books.depositOf(entity, id)
    )
      throw faults.deposited();
  }

  private paymentLinkedTxn(invoiceId: string): Rec[] {
    const ids = [...new Set(this.books.paymentsFor(invoiceId).map((p) => p.paymentId))];
    return ids.map((TxnId) => ({ TxnId, TxnType: 'Payment' }));
  }

  /**
   * After payments change, invoices get their new Balance and a LinkedTxn to each payment; QuickBooks bumps
   * the invoice's SyncToken for that, so a client holding the old one gets 5010.
   */
  /** A credit memo's Balance and RemainingCredit follow the payments that use it. */
  private reapplyCredits(): void {
    const used = this.books.creditApplications();
    for (const stored of this.books.all('CreditMemo')) {
      const id = stored.data.Id as string;
      const left = centsToNumber(Math.round((stored.data.TotalAmt as number) * 100) - (used.get(id) ?? 0));
      if (left === stored.data.Balance && left === stored.data.RemainingCredit) continue;
      const data = { ...stored.data, Balance: left, RemainingCredit: left };
      this.commit('CreditMemo', id, { ...stored, data }, undefined, 'Update');
    }
  }

  private reapplyInvoices(ids: Iterable<string>): void {
    this.reapplyCredits();
    const applied = this.books.invoiceApplications();
    for (const id of new Set(ids)) {
      const stored = this.books.find('Invoice', id);
      if (!stored || stored.voided) continue;
      const total = Math.round((stored.data.TotalAmt as number) * 100);
      const balance = centsToNumber(total - (applied.get(id) ?? 0));
      const links = [
        ...((stored.data.LinkedTxn as Rec[] | undefined) ?? []).filter((l) => l.TxnType !== 'Payment'),
        ...this.paymentLinkedTxn(id),
      ];
      if (balance === stored.data.Balance && JSON.stringify(links) === JSON.stringify(stored.data.LinkedTxn))
        continue;
      const data = { ...stored.data, Balance: balance, LinkedTxn: links };
      this.commit('Invoice', id, { ...stored, data }, undefined, 'Update');
    }
  }

  private commit(
    entity: string,
    id: string,
    stored: StoredEntity,
    journal: JournalLine[] | undefined,
    operation: ChangeOperation,
  ): { entity: string; record: Rec } {
    const now = this.deps.clock.now();
    const stamp = metaTime(now);
    const previous = this.books.find(entity, id);
    const data = stored.data;
    delete data.sparse;
    data.domain = 'QBO';
    data.sparse = false;
    data.Id = id;
    data.SyncToken = previous ? String(Number(previous.data.SyncToken) + 1) : '0';
    data.MetaData = {
      CreateTime: (previous?.data.MetaData as Rec | undefined)?.CreateTime ?? stamp,
      LastUpdatedTime: stamp,
    };
    this.books.put(entity, id, stored);
    if (journal) this.books.setJournal(entity, id, journal);
    this.recordChange(entity, id, operation, stamp);
    return { entity, record: this.present(entity, stored) };
  }

  private recordChange(entity: string, id: string, operation: ChangeOperation, lastUpdated: string): void {
    const at = this.deps.clock.now();
    const change: EntityChange = { realmId: this.realmId, entity, id, operation, lastUpdated };
    this.state.changes.push({ ...change, at });
    const cutoff = at - CHANGE_RETENTION_MS;
    while (this.state.changes.length > 0 && (this.state.changes[0] as { at: number }).at < cutoff)
      this.state.changes.shift();
    this.deps.onChange?.(change);
  }

  // ---------------------------------------------------------------- query, cdc, reports

  /** `select ... from ...` → the QueryResponse object (without `time`). */
  query(text: string): Rec {
    let parsed;
    try {
      parsed = parseQuery(text);
    } catch (e) {
      if (e instanceof QueryParseError) throw faults.queryParse(e.message);
      throw e;
    }
    const spec = entitySpec(parsed.entity);
    if (!spec) throw faults.queryParse(`Invalid context declaration : ${parsed.entity}`);
    const records = this.books.all(spec.name).map((s) => this.present(spec.name, s));
    const { rows, total } = runQuery(
      parsed,
      { entity: spec.name, nameList: spec.kind === 'name', fields: spec.fields },
      records,
    );
    if (parsed.count) return { totalCount: total };
    if (rows.length === 0) return {};
    return { [spec.name]: rows, startPosition: parsed.startPosition ?? 1, maxResults: rows.length };
  }

  /** GET /cdc: every entity changed since `sinceMs`, deletes as `{status:"Deleted"}`. */
  cdc(entities: string[], sinceMs: number): Rec {
    const now = this.deps.clock.now();
    if (sinceMs < now - CDC_LOOKBACK_MS) {
      throw faults.queryInvalid('changedSince must be within the last 30 days');
    }
    const specs = entities.map((e) => {
      const spec = entitySpec(e);
      if (!spec) throw faults.queryInvalid(`Unknown entity ${e} in entities`);
      if (!spec.cdc) throw faults.queryInvalid(`Change data capture is not supported for ${spec.name}`);
      return spec;
    });
    let budget = CDC_MAX_OBJECTS;
    const responses: Rec[] = [];
    for (const spec of specs) {
      const ids: string[] = [];
      for (const c of this.state.changes) {
        if (c.entity === spec.name && c.at >= sinceMs && !ids.includes(c.id)) ids.push(c.id);
      }
      const rows: Rec[] = [];
      for (const id of ids) {
        if (budget <= 0) break;
        const stored = this.books.find(spec.name, id);
        if (stored) rows.push(this.present(spec.name, stored));
        else {
          const when = this.state.tombstones[spec.name]?.[id];
          rows.push({ domain: 'QBO', status: 'Deleted', Id: id, MetaData: { LastUpdatedTime: when } });
        }
        budget--;
      }
      // Only the entities that changed are listed; with nothing changed at all, one empty object (captured
      // CDC responses: node-quickbooks test/cdc.js, quickbooks-ruby's change_data_capture fixture).
      if (rows.length)
        responses.push({
          [spec.name]: rows,
          startPosition: 1,
          maxResults: rows.length,
          totalCount: rows.length,
        });
    }
    return { QueryResponse: responses.length ? responses : [{}] };
  }

  report(name: string, params: Record<string, string>): Rec {
    return buildReport(this.books, name, params, this.deps.clock.now());
  }

  // ---------------------------------------------------------------- requestid

  /** The response first given for this requestid, if any (REFERENCE §3.6). */
  replay(requestId: string): StoredResponse | undefined {
    return this.state.requestLog.find(([id]) => id === requestId)?.[1];
  }

  remember(requestId: string, response: StoredResponse): void {
    this.state.requestLog.push([requestId, clone(response)]);
    if (this.state.requestLog.length > REQUEST_LOG_LIMIT) this.state.requestLog.shift();
  }
}

function deepMerge(target: Rec, patch: Rec): Rec {
  for (const [k, v] of Object.entries(patch)) {
    if (['Id', 'SyncToken', 'MetaData', 'sparse', 'domain'].includes(k)) continue;
    target[k] = isRec(v) && isRec(target[k]) ? deepMerge(target[k] as Rec, v) : v;
  }
  return target;
}
