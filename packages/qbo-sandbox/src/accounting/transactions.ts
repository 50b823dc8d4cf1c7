/**
 * Sales forms (Invoice, SalesReceipt, CreditMemo, RefundReceipt), Payment and Deposit: validation, totals
 * in integer cents, and the journal postings each one makes.
 */
import type { Books, JournalLine } from './books.ts';
import { DOC_NUMBERED } from './entities.ts';
import { faults } from './faults.ts';
import {
  isRec,
  optArray,
  optBool,
  optCents,
  optDate,
  optDecimal,
  optRecord,
  optRefId,
  optString,
  type Rec,
} from './input.ts';
import {
  centsToNumber,
  decimalToNumber,
  parseDecimal,
  percentOf,
  productCents,
  prorate,
  type Decimal,
} from './money.ts';

export interface TxnBuild {
  data: Rec;
  journal: JournalLine[];
  taxOverride?: boolean;
  /** Invoices whose balance this write may change. */
  touchedInvoices?: string[];
}

export interface TxnContext {
  id: string | undefined;
  allowDuplicateDocNum: boolean;
}

const USD = { value: 'USD', name: 'United States Dollar' };

/** Everything the engine computes or controls; the rest of a caller's body is kept as sent. */
const CONTROLLED = new Set([
  'Id',
  'SyncToken',
  'MetaData',
  'domain',
  'sparse',
  'status',
  'Line',
  'TxnTaxDetail',
  'TotalAmt',
  'HomeTotalAmt',
  'Balance',
  'HomeBalance',
  'UnappliedAmt',
  'RemainingCredit',
  'DocNumber',
  'TxnDate',
  'DueDate',
  'CustomerRef',
  'DepositToAccountRef',
  'PaymentMethodRef',
  'LinkedTxn',
  'CurrencyRef',
]);

const LINE_DETAIL_TYPES = new Set([
  'PaymentLineDetail',
  'DiscountLineDetail',
  'TaxLineDetail',
  'SalesItemLineDetail',
  'ItemBasedExpenseLineDetail',
  'AccountBasedExpenseLineDetail',
  'DepositLineDetail',
  'PurchaseOrderItemLineDetail',
  'ItemReceiptLineDetail',
  'JournalEntryLineDetail',
  'GroupLineDetail',
  'DescriptionOnly',
  'SubTotalLineDetail',
  'SalesOrderItemLineDetail',
  'TDSLineDetail',
  'ReimburseLineDetail',
  'ItemAdjustmentLineDetail',
]);

function header(input: Rec): Rec {
  const out: Rec = {};
  for (const [k, v] of Object.entries(input)) if (!CONTROLLED.has(k)) out[k] = v;
  const note = optString(input, 'PrivateNote', 'PrivateNote', 4000);
  if (note !== undefined) out.PrivateNote = note;
  for (const [key, values] of [
    ['EmailStatus', ['NotSet', 'NeedToSend', 'EmailSent']],
    ['PrintStatus', ['NotSet', 'NeedToPrint', 'PrintComplete']],
    ['GlobalTaxCalculation', ['TaxInclusive', 'TaxExcluded', 'NotApplicable']],
  ] as const) {
    const v = optString(input, key);
    if (v !== undefined && !(values as readonly string[]).includes(v)) throw faults.invalidEnum(key, v);
  }
  const memo = optRecord(input, 'CustomerMemo');
  if (memo) optString(memo, 'value', 'CustomerMemo', 1000);
  const email = optRecord(input, 'BillEmail');
  if (email) {
    const address = optString(email, 'Address', 'BillEmail.Address', 100);
    if (address !== undefined && !(address.includes('@') && address.includes('.'))) {
      throw faults.business(
        `Email Address does not conform to the syntax rules of RFC 822. Supplied value:${address}`,
        'BillEmail.Address',
      );
    }
  }
  out.CurrencyRef = USD;
  return out;
}

function nameRef(books: Books, entity: string, id: string, element: string) {
  const data = books.resolveRef(entity, id, element);
  return { value: id, name: (data.DisplayName ?? data.Name) as string };
}

/** Bank or Other Current Asset: where money can be deposited or refunded from (REFERENCE §4 Payment). */
function cashAccountRef(books: Books, input: Rec, required: boolean) {
  const id =
    optRefId(input, 'DepositToAccountRef') ??
    (required ? undefined : books.requireAccountBySubType('UndepositedFunds', 'Undeposited Funds'));
  if (!id) throw faults.required('DepositToAccountRef');
  const account = books.resolveRef('Account', id, 'DepositToAccountRef');
  if (account.AccountType !== 'Bank' && account.AccountType !== 'Other Current Asset') {
    throw faults.business(
      'DepositToAccountRef must be a Bank or Other Current Asset account.',
      'DepositToAccountRef',
    );
  }
  return { value: id, name: account.Name as string };
}

function docNumber(books: Books, entity: string, input: Rec, ctx: TxnContext): string {
  const given = optString(input, 'DocNumber', 'DocNumber')?.trim();
  if (given !== undefined && given !== '') {
    if (given.length > 21) throw faults.stringLength('DocNumber', 21, given.length);
    if (!ctx.allowDuplicateDocNum) {
      const dup = books.allStored(entity).find((s) => s.data.Id !== ctx.id && s.data.DocNumber === given);
      if (dup) throw faults.duplicateDocNumber(given, entity, dup.data.Id as string);
    }
    return given;
  }
  // Auto-numbering: one more than the highest numeric DocNumber of this type, starting at 1001.
  let max = 1000;
  for (const s of books.allStored(entity)) {
    const n = Number(s.data.DocNumber);
    if (Number.isInteger(n) && n > max) max = n;
  }
  return String(max + 1);
}

interface SalesLines {
  lines: Rec[];
  subtotal: number;
  discount: number;
  taxable: number;
  /** Net taxable amount after the discount share. */
  taxableNet: number;
  income: Map<string, number>;
  discounts: Map<string, number>;
}

function add(map: Map<string, number>, key: string, cents: number) {
  map.set(key, (map.get(key) ?? 0) + cents);
}

function salesLines(books: Books, input: Rec, applyTaxAfterDiscount: boolean): SalesLines {
  const raw = optArray(input, 'Line');
  if (!raw || raw.length === 0) throw faults.required('Line');
  const itemLines: Rec[] = [];
  const discountInputs: Rec[] = [];
  const income = new Map<string, number>();
  let subtotal = 0;
  let taxable = 0;
  let lineNo = 0;
  for (const line of raw) {
    if (!isRec(line)) throw faults.unsupportedProperty('Line', 'expected an object');
    let type = optString(line, 'DetailType', 'Line.DetailType');
    if (!type) {
      type = [...LINE_DETAIL_TYPES].find((t) => t in line);
      if (!type) throw faults.required('Line.DetailType');
    }
    if (!LINE_DETAIL_TYPES.has(type)) throw faults.invalidEnum('Line.DetailType', type);
    const description = optString(line, 'Description', 'Line.Description', 4000);
    if (type === 'SubTotalLineDetail') continue; // recomputed and appended below, as QuickBooks does
    if (type === 'DiscountLineDetail') {
      discountInputs.push(line);
      continue;
    }
    if (type === 'DescriptionOnly') {
      lineNo++;
      itemLines.push({
        Id: String(lineNo),
        LineNum: lineNo,
        ...(description !== undefined ? { Description: description } : {}),
        DetailType: 'DescriptionOnly',
        DescriptionLineDetail: optRecord(line, 'DescriptionLineDetail') ?? {},
      });
      continue;
    }
    if (type !== 'SalesItemLineDetail') {
      throw faults.business(`Line.DetailType ${type} is not supported on this transaction by the sandbox.`);
    }
    const detail = optRecord(line, 'SalesItemLineDetail', 'SalesItemLineDetail') ?? {};
    const itemId = optRefId(detail, 'ItemRef', 'ItemRef');
    if (!itemId) {
      // "When a line lacks an ItemRef it is treated as documentation and the Line.Amount attribute is ignored."
      lineNo++;
      itemLines.push({
        Id: String(lineNo),
        LineNum: lineNo,
        ...(description !== undefined ? { Description: description } : {}),
        DetailType: 'DescriptionOnly',
        DescriptionLineDetail: {},
      });
      continue;
    }
    const item = books.resolveRef('Item', itemId, 'ItemRef');
    const qty = optDecimal(detail, 'Qty', 'Qty');
    const unitPrice = optDecimal(detail, 'UnitPrice', 'UnitPrice');
    let amount = optCents(line, 'Amount', 'Line.Amount');
    if (amount === undefined) {
      if (qty && unitPrice) amount = productCents(qty, unitPrice);
      else throw faults.required('Line.Amount');
    } else if (qty && unitPrice && productCents(qty, unitPrice) !== amount) {
      throw faults.amountCalculation(String(line.Amount));
    }
    const taxCode = lineTaxCode(books, detail, item);
    const incomeId = (item.IncomeAccountRef as Rec | undefined)?.value as string | undefined;
    if (!incomeId) throw faults.business(`Item ${item.Name as string} has no income account.`, 'ItemRef');
    const incomeName = books.find('Account', incomeId)?.data.Name as string;
    subtotal += amount;
    if (taxCode.taxable) taxable += amount;
    add(income, incomeId, amount);
    lineNo++;
    const outDetail: Rec = { ...detail, ItemRef: { value: itemId, name: item.Name as string } };
    if (qty) outDetail.Qty = decimalToNumber(qty);
    if (unitPrice) outDetail.UnitPrice = decimalToNumber(unitPrice);
    else if (qty && qty.n !== 0n) outDetail.UnitPrice = centsToNumber(amount) / decimalToNumber(qty);
    outDetail.ItemAccountRef = { value: incomeId, name: incomeName };
    if (taxCode.value) outDetail.TaxCodeRef = { value: taxCode.value };
    else delete outDetail.TaxCodeRef;
    const serviceDate = optDate(detail, 'ServiceDate', 'ServiceDate');
    if (serviceDate) outDetail.ServiceDate = serviceDate;
    itemLines.push({
      Id: String(lineNo),
      LineNum: lineNo,
      ...(description !== undefined ? { Description: description } : {}),
      Amount: centsToNumber(amount),
      DetailType: 'SalesItemLineDetail',
      SalesItemLineDetail: outDetail,
    });
  }

  const discounts = new Map<string, number>();
  const discountLines: Rec[] = [];
  let discount = 0;
  for (const line of discountInputs) {
    const detail = optRecord(line, 'DiscountLineDetail', 'DiscountLineDetail') ?? {};
    const percentBased = optBool(detail, 'PercentBased', 'DiscountLineDetail.PercentBased') ?? false;
    const percent = optDecimal(detail, 'DiscountPercent', 'DiscountLineDetail.DiscountPercent');
    let cents: number;
    if (percentBased) {
      if (!percent) throw faults.required('DiscountLineDetail.DiscountPercent');
      cents = percentOf(subtotal, percent);
    } else {
      const amount = optCents(line, 'Amount', 'Line.Amount');
      if (amount === undefined) throw faults.required('Line.Amount');
      cents = amount;
    }
    if (cents < 0) throw faults.business('A discount can not be negative.', 'Line.Amount');
    const accountId =
      optRefId(detail, 'DiscountAccountRef', 'DiscountAccountRef') ??
      books.requireAccountBySubType('DiscountsRefundsGiven', 'Discounts given');
    const account = books.resolveRef('Account', accountId, 'DiscountAccountRef');
    discount += cents;
    add(discounts, accountId, cents);
    lineNo++;
    discountLines.push({
      Id: String(lineNo),
      Amount: centsToNumber(cents),
      DetailType: 'DiscountLineDetail',
      DiscountLineDetail: {
        PercentBased: percentBased,
        ...(percentBased && percent ? { DiscountPercent: decimalToNumber(percent) } : {}),
        DiscountAccountRef: { value: accountId, name: account.Name as string },
      },
    });
  }
  if (discount > subtotal) throw faults.business('The discount is larger than the subtotal.', 'Line.Amount');
  // The discount's share of the taxable amount comes off the tax base when tax is applied after discount.
  const taxableNet = applyTaxAfterDiscount ? taxable - prorate(discount, taxable, subtotal) : taxable;
  const lines = [
    ...itemLines,
    { Amount: centsToNumber(subtotal), DetailType: 'SubTotalLineDetail', SubTotalLineDetail: {} },
    ...discountLines,
  ];
  return { lines, subtotal, discount, taxable, taxableNet, income, discounts };
}

function lineTaxCode(books: Books, detail: Rec, item: Rec): { value?: string; taxable: boolean } {
  const given = optRefId(detail, 'TaxCodeRef', 'TaxCodeRef');
  if (!books.options.salesTax) {
    // Without sales tax the line code is kept as sent but never taxes anything.
    return { value: given, taxable: false };
  }
  // Since 2018 a line without TaxCodeRef is treated as TAX and taxability comes from the item.
  if (!given)
    return item.Taxable === true ? { value: 'TAX', taxable: true } : { value: 'NON', taxable: false };
  if (given === 'TAX' || given === 'NON') return { value: given, taxable: given === 'TAX' };
  const code = books.resolveRef('TaxCode', given, 'TaxCodeRef');
  return { value: given, taxable: code.Taxable === true };
}

interface TaxResult {
  detail: Rec;
  total: number;
  override: boolean;
}

/**
 * State sales tax rates Automated Sales Tax applies in the stand-in, by ship-to state (base state rates; real AST
 * adds local rates from the full address). An assumption table, enough to tell a computed tax from an override.
 */
export const AST_STATE_RATES: Record<string, string> = {
  CA: '7.25',
  CO: '2.9',
  TX: '6.25',
  NY: '4',
  IL: '6.25',
  WA: '6.5',
  FL: '6',
  AZ: '5.6',
};

/** Where Automated Sales Tax taxes a sale: the form's ship-to, else the customer's, else the company's address. */
function shipToState(books: Books, input: Rec): string | undefined {
  const customerId = optRefId(input, 'CustomerRef');
  const customer = customerId ? books.find('Customer', customerId)?.data : undefined;
  const company = books.find('CompanyInfo', '1')?.data;
  for (const addr of [input.ShipAddr, customer?.ShipAddr, customer?.BillAddr, company?.CompanyAddr]) {
    const state = isRec(addr) ? addr.CountrySubDivisionCode : undefined;
    if (typeof state === 'string' && state !== '') return state.toUpperCase();
  }
  return undefined;
}

function txnTax(books: Books, input: Rec, base: number, honourOverride: boolean): TaxResult {
  const given = optRecord(input, 'TxnTaxDetail', 'TxnTaxDetail') ?? {};
  const override = honourOverride ? optCents(given, 'TotalTax', 'TxnTaxDetail.TotalTax') : undefined;
  if (books.options.salesTax && books.options.automatedSalesTax) {
    // Automated Sales Tax: the engine picks the code and computes tax from the ship-to address; an explicit
    // TotalTax is honoured (Intuit's 2017 AST post). The caller's TxnTaxCodeRef is not what decides.
    const state = shipToState(books, input);
    const rate = parseDecimal(AST_STATE_RATES[state ?? ''] ?? '0') ?? { n: 0n, scale: 0 };
    const computed = percentOf(base, rate);
    const total = override ?? computed;
    if (total < 0) throw faults.business('TotalTax can not be negative.', 'TxnTaxDetail.TotalTax');
    return {
      detail: {
        TotalTax: centsToNumber(total),
        TaxLine: [
          {
            Amount: centsToNumber(total),
            DetailType: 'TaxLineDetail',
            TaxLineDetail: {
              PercentBased: override === undefined,
              ...(override === undefined ? { TaxPercent: decimalToNumber(rate) } : {}),
              NetAmountTaxable: centsToNumber(base),
            },
          },
        ],
      },
      total,
      override: override !== undefined,
    };
  }
  const codeId = optRefId(given, 'TxnTaxCodeRef', 'TxnTaxCodeRef');
  const taxLines: Rec[] = [];
  let computed = 0;
  if (codeId) {
    const code = books.resolveRef('TaxCode', codeId, 'TxnTaxCodeRef');
    const details = ((code.SalesTaxRateList as Rec | undefined)?.TaxRateDetail as Rec[] | undefined) ?? [];
    for (const d of details) {
      const rateId = (d.TaxRateRef as Rec).value as string;
      const rate = books.find('TaxRate', rateId)?.data;
      const rateValue: Decimal = parseDecimal(rate?.RateValue ?? 0) ?? { n: 0n, scale: 0 };
      const cents = percentOf(base, rateValue);
      computed += cents;
      taxLines.push({
        Amount: centsToNumber(cents),
        DetailType: 'TaxLineDetail',
        TaxLineDetail: {
          TaxRateRef: { value: rateId },
          PercentBased: true,
          TaxPercent: decimalToNumber(rateValue),
          NetAmountTaxable: centsToNumber(base),
        },
      });
    }
  }
  // An explicit TotalTax is honoured (REFERENCE §4 TaxCode/TaxRate); the difference lands on the last tax line.
  const total = override ?? computed;
  if (override !== undefined && override !== computed) {
    const last = taxLines[taxLines.length - 1];
    if (last) last.Amount = centsToNumber(Math.round((last.Amount as number) * 100) + override - computed);
    else if (override !== 0) {
      taxLines.push({
        Amount: centsToNumber(override),
        DetailType: 'TaxLineDetail',
        TaxLineDetail: { PercentBased: false, NetAmountTaxable: centsToNumber(base) },
      });
    }
  }
  if (total < 0) throw faults.business('TotalTax can not be negative.', 'TxnTaxDetail.TotalTax');
  const detail: Rec = {
    ...(codeId ? { TxnTaxCodeRef: { value: codeId } } : {}),
    TotalTax: centsToNumber(total),
    ...(taxLines.length ? { TaxLine: taxLines } : {}),
  };
  return { detail, total, override: override !== undefined };
}

/** Postings common to sales forms; sign +1 for money in (invoice/receipt), -1 for money out (credit/refund). */
function salesPostings(
  books: Books,
  sl: SalesLines,
  tax: number,
  date: string,
  sign: 1 | -1,
  counter: { accountId: string; customerId?: string },
  total: number,
): JournalLine[] {
  const journal: JournalLine[] = [{ ...counter, amount: sign * total, date }];
  for (const [accountId, cents] of sl.income) journal.push({ accountId, amount: -sign * cents, date });
  for (const [accountId, cents] of sl.discounts) journal.push({ accountId, amount: sign * cents, date });
  if (tax !== 0) {
    const stp = books.requireAccountBySubType('SalesTaxPayable', 'Sales Tax Payable');
    journal.push({ accountId: stp, amount: -sign * tax, date });
  }
  return journal.filter((l) => l.amount !== 0);
}

function salesForm(
  books: Books,
  entity: string,
  input: Rec,
  ctx: TxnContext,
  honourTaxOverride: boolean,
): TxnBuild {
  const out = header(input);
  const customerId = optRefId(input, 'CustomerRef', 'CustomerRef');
  const customerRequired = entity === 'Invoice' || entity === 'CreditMemo';
  if (!customerId && customerRequired) throw faults.required('CustomerRef');
  const customer = customerId ? books.resolveRef('Customer', customerId, 'CustomerRef') : undefined;
  // Intuit's default is false: tax on the full subtotal unless the form says otherwise (Invoice reference).
  const applyTaxAfterDiscount = optBool(input, 'ApplyTaxAfterDiscount') ?? false;
  const sl = salesLines(books, input, applyTaxAfterDiscount);
  const tax = txnTax(books, input, sl.taxableNet, honourTaxOverride);
  const total = sl.subtotal - sl.discount + tax.total;
  if (total < 0) throw faults.business('The transaction total can not be negative.', 'TotalAmt');
  if (total === 0 && entity === 'Invoice' && !books.options.allowZeroDollarInvoices) {
    throw faults.business('You must set a transaction amount.', 'TotalAmt');
  }
  const txnDate = optDate(input, 'TxnDate') ?? books.today();
  if (DOC_NUMBERED.has(entity)) out.DocNumber = docNumber(books, entity, input, ctx);
  out.TxnDate = txnDate;
  if (customer && customerId) {
    out.CustomerRef = { value: customerId, name: customer.DisplayName as string };
    if (!out.BillAddr && customer.BillAddr) out.BillAddr = customer.BillAddr;
    if (!out.ShipAddr && customer.ShipAddr) out.ShipAddr = customer.ShipAddr;
  }
  const userLinks = (optArray(input, 'LinkedTxn') ?? []).filter(
    (l): l is Rec => isRec(l) && l.TxnType !== 'Payment' && l.TxnType !== 'Deposit',
  );
  out.LinkedTxn = userLinks;
  out.Line = sl.lines;
  out.TxnTaxDetail = tax.detail;
  out.TotalAmt = centsToNumber(total);
  out.ApplyTaxAfterDiscount = applyTaxAfterDiscount;
  const paymentMethodId = optRefId(input, 'PaymentMethodRef');
  if (paymentMethodId)
    out.PaymentMethodRef = nameRef(books, 'PaymentMethod', paymentMethodId, 'PaymentMethodRef');

  const ar = () => books.requireAccountBySubType('AccountsReceivable', 'Accounts Receivable');
  let journal: JournalLine[];
  if (entity === 'Invoice') {
    const applied = ctx.id ? (books.invoiceApplications().get(ctx.id) ?? 0) : 0;
    if (applied > total) {
      throw faults.business('The invoice total can not be less than the payments applied to it.', 'TotalAmt');
    }
    out.DueDate = optDate(input, 'DueDate') ?? termDueDate(books, input, txnDate);
    out.Balance = centsToNumber(total - applied);
    out.EmailStatus ??= 'NotSet';
    out.PrintStatus ??= 'NotSet';
    // Real invoices carry these even when nothing was asked (captured responses).
    out.Deposit ??= 0;
    out.AllowIPNPayment ??= false;
    out.AllowOnlinePayment ??= false;
    out.AllowOnlineCreditCardPayment ??= false;
    out.AllowOnlineACHPayment ??= false;
    journal = salesPostings(books, sl, tax.total, txnDate, 1, { accountId: ar(), customerId }, total);
  } else if (entity === 'CreditMemo') {
    out.Balance = centsToNumber(total);
    out.RemainingCredit = centsToNumber(total);
    journal = salesPostings(books, sl, tax.total, txnDate, -1, { accountId: ar(), customerId }, total);
  } else {
    const deposit = cashAccountRef(books, input, entity === 'RefundReceipt');
    out.DepositToAccountRef = deposit;
    out.Balance = 0;
    const sign = entity === 'SalesReceipt' ? 1 : -1;
    journal = salesPostings(books, sl, tax.total, txnDate, sign, { accountId: deposit.value }, total);
  }
  return { data: out, journal, taxOverride: tax.override };
}

/** Payment lines may apply to these (Payment reference); the sandbox models invoices and credit memos. */
const PAYMENT_LINKABLE = new Set([
  'Invoice',
  'CreditMemo',
  'JournalEntry',
  'Expense',
  'Check',
  'CreditCardCredit',
]);

/** The LineEx NameValues Intuit adds to a payment line applied to an invoice (captured responses). */
function lineEx(invoice: Rec, openCents: number): Rec {
  const nv = (name: string, value: string) => ({
    name: '{http://schema.intuit.com/finance/v3}NameValue',
    declaredType: 'com.intuit.schema.finance.v3.NameValue',
    scope: 'javax.xml.bind.JAXBElement$GlobalScope',
    value: { Name: name, Value: value },
    nil: false,
    globalScope: true,
    typeSubstituted: false,
  });
  return {
    any: [
      nv('txnId', invoice.Id as string),
      nv('txnOpenBalance', centsToNumber(openCents).toFixed(2)),
      nv('txnReferenceNumber', String(invoice.DocNumber ?? '')),
    ],
  };
}

function payment(books: Books, input: Rec, ctx: TxnContext, previous: Rec | undefined): TxnBuild {
  const out = header(input);
  const customerId = optRefId(input, 'CustomerRef', 'CustomerRef');
  if (!customerId) throw faults.required('CustomerRef');
  const customer = books.resolveRef('Customer', customerId, 'CustomerRef');
  const total = optCents(input, 'TotalAmt', 'TotalAmt');
  if (total === undefined) throw faults.required('TotalAmt');
  if (total < 0) throw faults.business('The payment amount can not be negative.', 'TotalAmt');
  const applied = books.invoiceApplications(ctx.id);
  const credited = books.creditApplications(ctx.id);
  const lines: Rec[] = [];
  const touched = new Set<string>();
  let invoicesCents = 0;
  let creditsCents = 0;
  for (const line of optArray(input, 'Line') ?? []) {
    if (!isRec(line)) throw faults.unsupportedProperty('Line', 'expected an object');
    const amount = optCents(line, 'Amount', 'Line.Amount');
    if (amount === undefined) throw faults.required('Line.Amount');
    if (amount < 0) throw faults.business('A payment line amount can not be negative.', 'Line.Amount');
    const links = optArray(line, 'LinkedTxn', 'Line.LinkedTxn') ?? [];
    if (links.length === 0) throw faults.required('Line.LinkedTxn');
    const outLinks: Rec[] = [];
    let ex: Rec | undefined;
    for (const link of links) {
      if (!isRec(link)) throw faults.unsupportedProperty('Line.LinkedTxn', 'expected an object');
      const txnId = optString(link, 'TxnId', 'LinkedTxn.TxnId');
      const txnType = optString(link, 'TxnType', 'LinkedTxn.TxnType');
      if (!txnId) throw faults.required('LinkedTxn.TxnId');
      if (!txnType) throw faults.required('LinkedTxn.TxnType');
      if (!PAYMENT_LINKABLE.has(txnType)) throw faults.invalidEnum('LinkedTxn.TxnType', txnType);
      if (txnType !== 'Invoice' && txnType !== 'CreditMemo') {
        throw faults.business(
          `Applying a payment to a ${txnType} is not supported by the sandbox.`,
          'LinkedTxn.TxnType',
        );
      }
      const doc = books.find(txnType, txnId);
      if (!doc) throw faults.invalidReference('LinkedTxn.TxnId', txnId);
      if ((doc.data.CustomerRef as Rec).value !== customerId) {
        throw faults.business(`${txnType} ${txnId} belongs to another customer.`, 'LinkedTxn.TxnId');
      }
      const used = txnType === 'Invoice' ? applied : credited;
      const open = Math.round((doc.data.TotalAmt as number) * 100) - (used.get(txnId) ?? 0);
      if (amount > open) {
        throw faults.business(
          `The amount applied to ${txnType === 'Invoice' ? 'invoice' : 'credit memo'} ${txnId} (${centsToNumber(amount)}) exceeds its open balance (${centsToNumber(open)}).`,
          'Line.Amount',
        );
      }
      used.set(txnId, (used.get(txnId) ?? 0) + amount);
      if (txnType === 'Invoice') {
        touched.add(txnId);
        invoicesCents += amount;
        ex = lineEx(doc.data, open - amount);
      } else {
        // A credit memo used by the payment pays the invoice lines alongside the money received.
        creditsCents += amount;
      }
      outLinks.push({ TxnId: txnId, TxnType: txnType });
    }
    lines.push({ Amount: centsToNumber(amount), LinkedTxn: outLinks, ...(ex ? { LineEx: ex } : {}) });
  }
  if (invoicesCents - creditsCents > total)
    throw faults.business('The amount applied to invoices exceeds the payment amount.', 'TotalAmt');
  if (total === 0 && creditsCents === 0) {
    // Assumption: a $0 payment is refused with Intuit's documented "You must set a transaction amount." —
    // except the $0 payment that applies a credit memo to an invoice, which is how QuickBooks records that.
    throw faults.business('You must set a transaction amount.', 'TotalAmt');
  }
  for (const link of previous ? paymentLinksOf(previous) : []) touched.add(link);
  const deposit = cashAccountRef(books, input, false);
  const txnDate = optDate(input, 'TxnDate') ?? books.today();
  const paymentMethodId = optRefId(input, 'PaymentMethodRef');
  const refNum = optString(input, 'PaymentRefNum', 'PaymentRefNum', 21);
  Object.assign(out, {
    CustomerRef: { value: customerId, name: customer.DisplayName as string },
    DepositToAccountRef: deposit,
    ...(paymentMethodId
      ? { PaymentMethodRef: nameRef(books, 'PaymentMethod', paymentMethodId, 'PaymentMethodRef') }
      : {}),
    ...(refNum !== undefined ? { PaymentRefNum: refNum } : {}),
    TotalAmt: centsToNumber(total),
    UnappliedAmt: centsToNumber(total - (invoicesCents - creditsCents)),
    ProcessPayment: false,
    TxnDate: txnDate,
    Line: lines,
  });
  const ar = books.requireAccountBySubType('AccountsReceivable', 'Accounts Receivable');
  const journal: JournalLine[] = [
    { accountId: deposit.value, amount: total, date: txnDate },
    { accountId: ar, amount: -total, date: txnDate, customerId },
  ];
  return { data: out, journal: journal.filter((l) => l.amount !== 0), touchedInvoices: [...touched] };
}

export function paymentLinksOf(payment: Rec): string[] {
  const ids: string[] = [];
  for (const line of (payment.Line as Rec[] | undefined) ?? []) {
    for (const l of (line.LinkedTxn as Rec[] | undefined) ?? [])
      if (l.TxnType === 'Invoice') ids.push(l.TxnId as string);
  }
  return ids;
}

/**
 * What a Deposit line may link (Deposit reference): money waiting in Undeposited Funds. A RefundReceipt paid out of
 * Undeposited Funds is linked with a negative line (money the processor paid back out of the batch).
 */
const DEPOSITABLE = new Set(['Payment', 'SalesReceipt', 'RefundReceipt', 'Transfer', 'JournalEntry']);

/** Cents a linkable transaction moved into (+) or out of (−) Undeposited Funds, and that account. */
function undepositedAmount(books: Books, txnType: string, data: Rec): { account: string; cents: number } {
  const uf = books.accountIdBySubType('UndepositedFunds');
  const total = Math.round(((data.TotalAmt ?? data.Amount ?? 0) as number) * 100);
  const inUf = (accountId: unknown) => accountId !== undefined && accountId === uf;
  switch (txnType) {
    case 'Payment':
    case 'SalesReceipt':
      return {
        account: (data.DepositToAccountRef as Rec).value as string,
        cents: inUf((data.DepositToAccountRef as Rec).value) ? total : 0,
      };
    case 'RefundReceipt':
      return {
        account: (data.DepositToAccountRef as Rec).value as string,
        cents: inUf((data.DepositToAccountRef as Rec).value) ? -total : 0,
      };
    case 'Transfer':
      return {
        account: uf ?? '',
        cents: inUf((data.ToAccountRef as Rec | undefined)?.value)
          ? total
          : inUf((data.FromAccountRef as Rec | undefined)?.value)
            ? -total
            : 0,
      };
    default: {
      let cents = 0;
      for (const line of (data.Line as Rec[] | undefined) ?? []) {
        const d = line.JournalEntryLineDetail as Rec | undefined;
        if (!d || !inUf((d.AccountRef as Rec | undefined)?.value)) continue;
        const amount = Math.round((line.Amount as number) * 100);
        cents += d.PostingType === 'Debit' ? amount : -amount;
      }
      return { account: uf ?? '', cents };
    }
  }
}

function deposit(books: Books, input: Rec, ctx: TxnContext): TxnBuild {
  const out = header(input);
  if (!optRefId(input, 'DepositToAccountRef')) throw faults.required('DepositToAccountRef');
  const target = cashAccountRef(books, input, true);
  const raw = optArray(input, 'Line');
  if (!raw || raw.length === 0) throw faults.required('Line');
  const txnDate = optDate(input, 'TxnDate') ?? books.today();
  const journal: JournalLine[] = [];
  const lines: Rec[] = [];
  const seen = new Set<string>();
  let total = 0;
  let lineNo = 0;
  for (const line of raw) {
    if (!isRec(line)) throw faults.unsupportedProperty('Line', 'expected an object');
    const amount = optCents(line, 'Amount', 'Line.Amount');
    if (amount === undefined) throw faults.required('Line.Amount');
    const description = optString(line, 'Description', 'Line.Description', 4000);
    const links = optArray(line, 'LinkedTxn', 'Line.LinkedTxn') ?? [];
    lineNo++;
    if (links.length > 0) {
      const link = links[0];
      if (!isRec(link) || links.length > 1) throw faults.unsupportedProperty('Line.LinkedTxn');
      const txnId = optString(link, 'TxnId', 'LinkedTxn.TxnId');
      const txnType = optString(link, 'TxnType', 'LinkedTxn.TxnType');
      if (!txnId) throw faults.required('LinkedTxn.TxnId');
      if (!txnType) throw faults.required('LinkedTxn.TxnType');
      if (!DEPOSITABLE.has(txnType)) {
        throw faults.business(
          `Depositing a ${txnType} is not supported by the sandbox.`,
          'LinkedTxn.TxnType',
        );
      }
      const linked = books.find(txnType, txnId);
      if (!linked) throw faults.invalidReference('LinkedTxn.TxnId', txnId);
      const key = `${txnType}/${txnId}`;
      if (seen.has(key) || books.depositOf(txnType, txnId, ctx.id)) {
        throw faults.business(`${txnType} ${txnId} has already been deposited.`, 'LinkedTxn.TxnId');
      }
      seen.add(key);
      const waiting = undepositedAmount(books, txnType, linked.data);
      if (waiting.cents === 0) {
        throw faults.business(`${txnType} ${txnId} is not in Undeposited Funds.`, 'LinkedTxn.TxnId');
      }
      if (amount !== waiting.cents) {
        throw faults.business(
          `The deposit line amount (${centsToNumber(amount)}) must equal the ${txnType} amount (${centsToNumber(waiting.cents)}).`,
          'Line.Amount',
        );
      }
      journal.push({ accountId: waiting.account, amount: -amount, date: txnDate });
      // Captured deposits show linked lines with only Amount and LinkedTxn.
      lines.push({
        Amount: centsToNumber(amount),
        LinkedTxn: [{ TxnId: txnId, TxnType: txnType, TxnLineId: '0' }],
      });
    } else {
      const detail = optRecord(line, 'DepositLineDetail', 'DepositLineDetail');
      const accountId = detail ? optRefId(detail, 'AccountRef', 'AccountRef') : undefined;
      if (!accountId) throw faults.required('AccountRef');
      const account = books.resolveRef('Account', accountId, 'AccountRef');
      const outDetail: Rec = { ...detail, AccountRef: { value: accountId, name: account.Name as string } };
      const entityRef = detail ? optRecord(detail, 'Entity', 'DepositLineDetail.Entity') : undefined;
      if (entityRef) {
        const entityId = optRefId(detail as Rec, 'Entity', 'DepositLineDetail.Entity') as string;
        // Intuit names the type in capitals (CUSTOMER) on deposit lines and accepts either spelling on write.
        const given = (optString(entityRef, 'type') ?? 'CUSTOMER').toUpperCase();
        const type = { CUSTOMER: 'Customer', VENDOR: 'Vendor', EMPLOYEE: 'Employee' }[given];
        if (!type) throw faults.invalidEnum('Entity.type', given);
        outDetail.Entity = { ...nameRef(books, type, entityId, 'DepositLineDetail.Entity'), type: given };
      }
      const paymentMethodId = detail ? optRefId(detail, 'PaymentMethodRef') : undefined;
      if (paymentMethodId) {
        outDetail.PaymentMethodRef = nameRef(books, 'PaymentMethod', paymentMethodId, 'PaymentMethodRef');
      }
      // A negative direct line (a processor's fee) moves money the other way, e.g. debits Bank charges.
      journal.push({ accountId, amount: -amount, date: txnDate });
      lines.push({
        Id: String(lineNo),
        LineNum: lineNo,
        ...(description !== undefined ? { Description: description } : {}),
        Amount: centsToNumber(amount),
        DetailType: 'DepositLineDetail',
        DepositLineDetail: outDetail,
      });
    }
    total += amount;
  }
  if (total < 0) throw faults.business('The deposit total can not be negative.', 'TotalAmt');
  journal.unshift({ accountId: target.value, amount: total, date: txnDate });
  Object.assign(out, {
    DepositToAccountRef: target,
    TxnDate: txnDate,
    Line: lines,
    TotalAmt: centsToNumber(total),
  });
  return { data: out, journal: journal.filter((l) => l.amount !== 0) };
}

/** A Journal Entry: balanced debit and credit lines on any accounts (JournalEntry reference). */
function journalEntry(books: Books, input: Rec): TxnBuild {
  const out = header(input);
  const raw = optArray(input, 'Line');
  if (!raw || raw.length === 0) throw faults.required('Line');
  const txnDate = optDate(input, 'TxnDate') ?? books.today();
  const journal: JournalLine[] = [];
  const lines: Rec[] = [];
  let debits = 0;
  let credits = 0;
  let lineNo = 0;
  const ar = books.accountIdBySubType('AccountsReceivable');
  for (const line of raw) {
    if (!isRec(line)) throw faults.unsupportedProperty('Line', 'expected an object');
    const amount = optCents(line, 'Amount', 'Line.Amount');
    if (amount === undefined) throw faults.required('Line.Amount');
    if (amount < 0) throw faults.business('A journal entry line amount can not be negative.', 'Line.Amount');
    const detail = optRecord(line, 'JournalEntryLineDetail', 'JournalEntryLineDetail');
    if (!detail) throw faults.required('JournalEntryLineDetail');
    const postingType = optString(detail, 'PostingType', 'JournalEntryLineDetail.PostingType');
    if (postingType !== 'Debit' && postingType !== 'Credit')
      throw faults.invalidEnum('PostingType', String(postingType));
    const accountId = optRefId(detail, 'AccountRef', 'AccountRef');
    if (!accountId) throw faults.required('AccountRef');
    const account = books.resolveRef('Account', accountId, 'AccountRef');
    const entity = optRecord(detail, 'Entity', 'JournalEntryLineDetail.Entity');
    const customerId = entity ? optRefId(entity, 'EntityRef', 'Entity.EntityRef') : undefined;
    if (accountId === ar && !customerId) {
      // QuickBooks wants a customer on every A/R line of a journal entry.
      throw faults.business(
        'When you use Accounts Receivable, you must choose a customer in the Name field.',
      );
    }
    if (customerId) books.resolveRef('Customer', customerId, 'Entity.EntityRef');
    const signed = postingType === 'Debit' ? amount : -amount;
    if (postingType === 'Debit') debits += amount;
    else credits += amount;
    journal.push({ accountId, amount: signed, date: txnDate, ...(customerId ? { customerId } : {}) });
    lineNo++;
    lines.push({
      Id: String(lineNo - 1),
      ...(line.Description !== undefined
        ? { Description: optString(line, 'Description', 'Line.Description', 4000) }
        : {}),
      Amount: centsToNumber(amount),
      DetailType: 'JournalEntryLineDetail',
      JournalEntryLineDetail: { ...detail, AccountRef: { value: accountId, name: account.Name as string } },
    });
  }
  if (debits !== credits) {
    throw faults.business('Transaction is not balanced: the debits and credits must be equal.', 'Line');
  }
  const docNumber = optString(input, 'DocNumber', 'DocNumber', 21);
  if (docNumber !== undefined) out.DocNumber = docNumber;
  Object.assign(out, {
    TxnDate: txnDate,
    Line: lines,
    Adjustment: optBool(input, 'Adjustment') ?? false,
    TotalAmt: centsToNumber(debits),
  });
  return { data: out, journal: journal.filter((l) => l.amount !== 0) };
}

/** A Transfer between two balance-sheet accounts (Transfer reference). */
function transfer(books: Books, input: Rec): TxnBuild {
  const out = header(input);
  const fromId = optRefId(input, 'FromAccountRef', 'FromAccountRef');
  const toId = optRefId(input, 'ToAccountRef', 'ToAccountRef');
  if (!fromId) throw faults.required('FromAccountRef');
  if (!toId) throw faults.required('ToAccountRef');
  if (fromId === toId) throw faults.business('The From and To accounts must be different.', 'ToAccountRef');
  const from = books.resolveRef('Account', fromId, 'FromAccountRef');
  const to = books.resolveRef('Account', toId, 'ToAccountRef');
  const amount = optCents(input, 'Amount', 'Amount');
  if (amount === undefined) throw faults.required('Amount');
  if (amount <= 0) throw faults.business('You must set a transaction amount.', 'Amount');
  const txnDate = optDate(input, 'TxnDate') ?? books.today();
  Object.assign(out, {
    TxnDate: txnDate,
    FromAccountRef: { value: fromId, name: from.Name as string },
    ToAccountRef: { value: toId, name: to.Name as string },
    Amount: centsToNumber(amount),
  });
  delete out.Line;
  return {
    data: out,
    journal: [
      { accountId: toId, amount, date: txnDate },
      { accountId: fromId, amount: -amount, date: txnDate },
    ],
  };
}

/** Due date from the customer's or the form's sales term (Term: DueDays), else the transaction date. */
function termDueDate(books: Books, input: Rec, txnDate: string): string {
  const termId =
    optRefId(input, 'SalesTermRef', 'SalesTermRef') ??
    ((books.find('Customer', optRefId(input, 'CustomerRef') ?? '')?.data.SalesTermRef as Rec | undefined)
      ?.value as string | undefined);
  if (!termId) return txnDate;
  const term = books.resolveRef('Term', termId, 'SalesTermRef');
  const days = Number(term.DueDays ?? 0);
  const date = new Date(`${txnDate}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + (Number.isFinite(days) ? days : 0));
  return date.toISOString().slice(0, 10);
}

/** Validates a transaction (create, or the merged result of an update) and computes what to store and post. */
export function buildTransaction(
  books: Books,
  entity: string,
  input: Rec,
  ctx: TxnContext,
  previous: Rec | undefined,
  honourTaxOverride = true,
): TxnBuild {
  switch (entity) {
    case 'Payment':
      return payment(books, input, ctx, previous);
    case 'Deposit':
      return deposit(books, input, ctx);
    case 'JournalEntry':
      return journalEntry(books, input);
    case 'Transfer':
      return transfer(books, input);
    default:
      return salesForm(books, entity, input, ctx, honourTaxOverride);
  }
}

/** What a void leaves: the transaction stays, every amount becomes 0 and PrivateNote starts with "Voided". */
export function voidedCopy(entity: string, data: Rec): Rec {
  const out: Rec = structuredClone(data);
  const note = typeof data.PrivateNote === 'string' && data.PrivateNote !== '' ? data.PrivateNote : '';
  out.PrivateNote = note ? `Voided - ${note}` : 'Voided';
  out.TotalAmt = 0;
  if (entity === 'Payment') {
    out.UnappliedAmt = 0;
    out.Line = [];
    return out;
  }
  out.Balance = 0;
  out.Line = ((data.Line as Rec[] | undefined) ?? []).map((line) => {
    const l: Rec = structuredClone(line);
    if ('Amount' in l) l.Amount = 0;
    const d = l.SalesItemLineDetail as Rec | undefined;
    if (d && 'Qty' in d) d.Qty = 0;
    return l;
  });
  const tax = out.TxnTaxDetail as Rec | undefined;
  if (tax) {
    tax.TotalTax = 0;
    for (const l of (tax.TaxLine as Rec[] | undefined) ?? []) l.Amount = 0;
  }
  return out;
}
