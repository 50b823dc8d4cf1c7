/**
 * Exoserva invoice → QuickBooks Invoice (GUIDE step 6: "New invoice → QB Invoice").
 *
 * What goes: lines (labor on the mapped Service item, parts on the mapped NonInventory item), one discount
 * line, Exoserva's exact tax, number, dates, customer, the customer-facing memo, and the Exoserva id in the
 * private note. What never goes: internal notes, attachments, the job (GUIDE: "What does NOT sync").
 */
import type { AccountMapping, ExoInvoice, ExoInvoiceLine, SyncFailure } from '@exoserva/contracts';
import { checkAmount, dependencyMissing } from './mapping-failures.ts';
import { centsToQbo, formatDollars, qboToCents, quantityFitsAmount, quantityMilliToQbo } from './money.ts';
import type {
  MapContext,
  MappedPayload,
  QboDiscountLine,
  QboEntityVersion,
  QboInvoiceBody,
  QboSalesItemLine,
  QboTxnTaxDetail,
} from './qbo-types.ts';
import { fail, failure, ok, type Result } from './result.ts';
import { buildSparseUpdate, type SparseUpdate } from './sparse-update.ts';

export function mapInvoice(
  invoice: ExoInvoice,
  { mapping, lookupId }: MapContext,
): Result<MappedPayload<'Invoice', QboInvoiceBody>> {
  const customerId = lookupId('customer', invoice.customerId);
  if (!customerId)
    return fail(dependencyMissing('customer', invoice.customerId, `invoice ${invoice.number}`));

  const tax = mapTax(invoice, invoice.tax?.amountCents ?? 0, mapping);
  if (!tax.ok) return tax;

  const salesLines = invoice.lines.map((line, i) => mapSalesLine(line, i + 1, mapping, invoice.tax !== null));
  const lines: (QboSalesItemLine | QboDiscountLine)[] = [...salesLines];
  const discountCents = invoice.discounts.reduce((sum, d) => sum + d.amountCents, 0);
  if (invoice.discounts.length > 0) {
    // One discount line: QuickBooks sales forms hold a single discount, so several Exoserva discounts merge
    // into one line whose description lists them.
    lines.push(
      discountLine(
        lines.length + 1,
        invoice.discounts.map((d) => d.description).join('; '),
        discountCents,
        mapping,
      ),
    );
  }

  const linesCents = invoice.lines.reduce((sum, l) => sum + l.amountCents, 0);
  const taxCents = invoice.tax?.amountCents ?? 0;
  const mismatch =
    checkAmount(`invoice ${invoice.number} subtotal`, invoice.subtotalCents, linesCents) ??
    checkAmount(`invoice ${invoice.number} discount`, invoice.discountCents, discountCents) ??
    checkAmount(`invoice ${invoice.number} total`, invoice.totalCents, linesCents - discountCents + taxCents);
  if (mismatch) return fail(mismatch);

  const body: QboInvoiceBody = {
    DocNumber: invoice.number,
    TxnDate: invoice.issueDate,
    CustomerRef: { value: customerId },
    Line: lines,
    TxnTaxDetail: tax.value,
    // Exoserva takes the discount off before tax (its tax is on the discounted taxable amount). QuickBooks'
    // default is the opposite (false), so the order is always stated.
    ApplyTaxAfterDiscount: true,
    PrivateNote: `Exoserva invoice ${invoice.id}`,
  };
  if (invoice.dueDate) body.DueDate = invoice.dueDate;
  if (invoice.customerMemo) body.CustomerMemo = { value: invoice.customerMemo };
  return ok({ entity: 'Invoice', body, totalCents: invoice.totalCents });
}

/** An edited invoice → sparse update; the worker skips the call when nothing changed. */
export function mapInvoiceUpdate(
  invoice: ExoInvoice,
  context: MapContext,
  target: QboEntityVersion,
  previousBody?: QboInvoiceBody,
): Result<SparseUpdate> {
  const mapped = mapInvoice(invoice, context);
  if (!mapped.ok) return mapped;
  return ok(buildSparseUpdate(mapped.value.body, target, previousBody));
}

/**
 * After QuickBooks answers, its TotalAmt must equal Exoserva's total to the cent (DESIGN: "A total that is
 * off by one cent is a bug"). Returns the failure to record, or undefined when they agree.
 */
export function checkQboTotal(
  what: string,
  expectedCents: number,
  qboTotalAmt: number | string,
): SyncFailure | undefined {
  const actualCents = qboToCents(qboTotalAmt);
  if (actualCents === expectedCents) return undefined;
  return failure(
    'needs_person',
    'amount_mismatch',
    'QuickBooks total differs',
    `QuickBooks recorded ${formatDollars(actualCents)} for ${what}, but Exoserva's total is ${formatDollars(expectedCents)}. Check the tax settings in QuickBooks, then retry.`,
    { details: { expectedCents, actualCents } },
  );
}

/**
 * A sales line as Exoserva has it: the item for its kind, its real Qty and UnitPrice, and its exact Amount.
 * QuickBooks refuses a line whose Amount isn't Qty × UnitPrice (6070); Exoserva rounds that product to the cent,
 * half away from zero, which is how QuickBooks is taken to round it too (1.333 h × $95.00 = $126.635 → $126.64).
 * Only a line whose amount came from some other rule (quantityFitsAmount false) goes as Qty 1 × Amount, its
 * quantity and rate kept readable in the description: the money is exact either way.
 */
export function mapSalesLine(
  line: ExoInvoiceLine,
  lineNum: number,
  mapping: AccountMapping,
  taxed: boolean,
): QboSalesItemLine {
  const fits = quantityFitsAmount(line.quantityMilli, line.unitPriceCents, line.amountCents);
  const description = fits
    ? line.description
    : `${line.description} (${quantityMilliToQbo(line.quantityMilli)} × ${formatDollars(line.unitPriceCents)})`;
  return {
    LineNum: lineNum,
    Description: description,
    Amount: centsToQbo(line.amountCents),
    DetailType: 'SalesItemLineDetail',
    SalesItemLineDetail: {
      ItemRef: { value: itemFor(line, mapping) },
      Qty: fits ? quantityMilliToQbo(line.quantityMilli) : 1,
      UnitPrice: centsToQbo(fits ? line.unitPriceCents : line.amountCents),
      // US pseudo tax codes at line level (QuickBooks' TaxCode docs). An untaxed invoice sends every line NON.
      TaxCodeRef: { value: taxCodeFor(line, taxed) },
    },
  };
}

/** Labor lines go on the mapped Service item (service revenue), parts on the NonInventory item (product revenue). */
export function itemFor(line: Pick<ExoInvoiceLine, 'kind'>, mapping: AccountMapping): string {
  return line.kind === 'labor' ? mapping.laborItemId : mapping.partsItemId;
}

export function taxCodeFor(line: Pick<ExoInvoiceLine, 'taxable'>, taxed: boolean): 'TAX' | 'NON' {
  return taxed && line.taxable ? 'TAX' : 'NON';
}

/** The one discount line a QuickBooks sales form holds, on the mapped discounts account. */
export function discountLine(
  lineNum: number,
  description: string,
  cents: number,
  mapping: AccountMapping,
): QboDiscountLine {
  return {
    LineNum: lineNum,
    Description: description,
    Amount: centsToQbo(cents),
    DetailType: 'DiscountLineDetail',
    DiscountLineDetail: { PercentBased: false, DiscountAccountRef: { value: mapping.discountsAccountId } },
  };
}

/**
 * TotalTax is always sent, so QuickBooks' total is Exoserva's total: under Automated Sales Tax an explicit
 * TotalTax overrides the engine's own calculation (Intuit's AST notes). An untaxed sale sends 0. `taxCents` is
 * what this form carries: the invoice's tax, or the share of it a refund gives back.
 */
export function mapTax(
  sale: Pick<ExoInvoice, 'tax'>,
  taxCents: number,
  mapping: AccountMapping,
): Result<QboTxnTaxDetail> {
  if (!sale.tax) return ok({ TotalTax: 0 });
  // Automated Sales Tax picks the tax code itself; the amount is Exoserva's, as an override (Intuit's AST notes).
  if (mapping.automatedSalesTax) return ok({ TotalTax: centsToQbo(taxCents) });
  const taxCodeId = mapping.taxCodes[sale.tax.taxRateId];
  if (!taxCodeId) {
    return fail(
      failure(
        'needs_person',
        'invalid_tax_rate',
        'Invalid tax rate',
        `The tax rate "${sale.tax.name}" (${formatRate(sale.tax.rateMillionths)}) has no matching rate in QuickBooks. Create the matching rate in QuickBooks and map it, then retry.`,
        { details: { taxRateId: sale.tax.taxRateId, taxRateName: sale.tax.name } },
      ),
    );
  }
  return ok({ TxnTaxCodeRef: { value: taxCodeId }, TotalTax: centsToQbo(taxCents) });
}

/** 72500 millionths → "7.25 %". */
function formatRate(rateMillionths: number): string {
  const digits = String(rateMillionths).padStart(5, '0');
  const text = `${digits.slice(0, -4)}.${digits.slice(-4)}`.replace(/\.?0+$/, '');
  return `${text} %`;
}
