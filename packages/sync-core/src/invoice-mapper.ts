/**
 * Exoserva invoice → QuickBooks Invoice (GUIDE step 6: "New invoice → QB Invoice").
 *
 * What goes: lines (labor on the mapped Service item, parts on the mapped NonInventory item), one discount
 * line, Exoserva's exact tax, number, dates, customer, the customer-facing memo, and the Exoserva id in the
 * private note. What never goes: internal notes, attachments, the job (GUIDE: "What does NOT sync").
 */
import type { AccountMapping, ExoInvoice, ExoInvoiceLine, SyncFailure } from '@exoserva/contracts';
import { checkAmount, dependencyMissing } from './mapping-failures.ts';
import { centsToQbo, formatDollars, isExactLineProduct, qboToCents, quantityMilliToQbo } from './money.ts';
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

  const tax = mapTax(invoice, mapping);
  if (!tax.ok) return tax;

  const salesLines = invoice.lines.map((line, i) => mapSalesLine(line, i + 1, mapping, invoice.tax !== null));
  const lines: (QboSalesItemLine | QboDiscountLine)[] = [...salesLines];
  const discountCents = invoice.discounts.reduce((sum, d) => sum + d.amountCents, 0);
  if (invoice.discounts.length > 0) {
    // One discount line: QuickBooks sales forms hold a single discount, so several Exoserva discounts merge
    // into one line whose description lists them.
    lines.push({
      LineNum: lines.length + 1,
      Description: invoice.discounts.map((d) => d.description).join('; '),
      Amount: centsToQbo(discountCents),
      DetailType: 'DiscountLineDetail',
      DiscountLineDetail: { PercentBased: false, DiscountAccountRef: { value: mapping.discountsAccountId } },
    });
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
 * Qty and UnitPrice go only when Qty × UnitPrice is exactly the amount. Exoserva rounds quantity × price
 * to the cent (1.333 h × $95.00 = $126.635 → $126.64); QuickBooks rejects a line whose Amount isn't
 * Qty × UnitPrice (6070) and does not document its rounding. So an inexact line goes as Qty 1 × Amount —
 * the money is exact either way — and the real quantity and rate stay readable in the description.
 */
export function mapSalesLine(
  line: ExoInvoiceLine,
  lineNum: number,
  mapping: AccountMapping,
  taxed: boolean,
): QboSalesItemLine {
  const exact = isExactLineProduct(line.quantityMilli, line.unitPriceCents, line.amountCents);
  const description = exact
    ? line.description
    : `${line.description} (${quantityMilliToQbo(line.quantityMilli)} × ${formatDollars(line.unitPriceCents)})`;
  return {
    LineNum: lineNum,
    Description: description,
    Amount: centsToQbo(line.amountCents),
    DetailType: 'SalesItemLineDetail',
    SalesItemLineDetail: {
      ItemRef: { value: line.kind === 'labor' ? mapping.laborItemId : mapping.partsItemId },
      Qty: exact ? quantityMilliToQbo(line.quantityMilli) : 1,
      UnitPrice: centsToQbo(exact ? line.unitPriceCents : line.amountCents),
      // US pseudo tax codes at line level (REFERENCE §4 TaxCode). An untaxed invoice sends every line NON.
      TaxCodeRef: { value: taxed && line.taxable ? 'TAX' : 'NON' },
    },
  };
}

/**
 * TotalTax is always sent, so QuickBooks' total is Exoserva's total: under Automated Sales Tax an explicit
 * TotalTax overrides the engine's own calculation (REFERENCE §4 TaxCode/AST). An untaxed invoice sends 0.
 */
function mapTax(invoice: ExoInvoice, mapping: AccountMapping): Result<QboTxnTaxDetail> {
  if (!invoice.tax) return ok({ TotalTax: 0 });
  const taxCodeId = mapping.taxCodes[invoice.tax.taxRateId];
  if (!taxCodeId) {
    return fail(
      failure(
        'needs_person',
        'invalid_tax_rate',
        'Invalid tax rate',
        `The tax rate "${invoice.tax.name}" (${formatRate(invoice.tax.rateMillionths)}) has no matching rate in QuickBooks. Create the matching rate in QuickBooks and map it, then retry.`,
        { details: { taxRateId: invoice.tax.taxRateId, taxRateName: invoice.tax.name } },
      ),
    );
  }
  return ok({ TxnTaxCodeRef: { value: taxCodeId }, TotalTax: centsToQbo(invoice.tax.amountCents) });
}

/** 72500 millionths → "7.25 %". */
function formatRate(rateMillionths: number): string {
  const digits = String(rateMillionths).padStart(5, '0');
  const text = `${digits.slice(0, -4)}.${digits.slice(-4)}`.replace(/\.?0+$/, '');
  return `${text} %`;
}
