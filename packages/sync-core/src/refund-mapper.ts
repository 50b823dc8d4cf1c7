/**
 * Exoserva refund → QuickBooks RefundReceipt (GUIDE step 6: "Refund issued → QB Refund Receipt"), full or
 * partial, mirroring the sale it refunds (README "Refunds").
 *
 * - What it returns. The same items as the invoice (labor on the Service item, parts on the parts item), the
 *   same discount account and the same tax code, each with the share refund-allocation.ts works out — so service
 *   revenue, product revenue, discounts and Sales Tax Payable all move back by what the refund returns. A line
 *   returned whole goes with its Qty and UnitPrice; a part of a line goes as Qty 1 × the part.
 * - Money source. Card and ACH refunds are paid out of Undeposited Funds: Stripe takes them from a payout, and
 *   that payout's Deposit nets them as a negative linked line, so Undeposited Funds ends at zero and the deposit
 *   matches the bank. Cash and check refunds leave the tenant's refund source account directly.
 * - The link to the original. QuickBooks has no LinkedTxn from a RefundReceipt to a Payment, so the original is
 *   named in PrivateNote (Exoserva ids and invoice number), PaymentRefNum repeats the payment's reference and
 *   PaymentMethodRef its method.
 */
import {
  STRIPE_SETTLED_METHODS,
  type ExoInvoice,
  type ExoPayment,
  type ExoRefund,
} from '@exoserva/contracts';
import { discountLine, itemFor, mapSalesLine, mapTax, taxCodeFor } from './invoice-mapper.ts';
import { checkAmount, dependencyMissing } from './mapping-failures.ts';
import { centsToQbo, formatDollars } from './money.ts';
import { paymentReference } from './payment-methods.ts';
import type {
  MapContext,
  MappedPayload,
  QboDiscountLine,
  QboRefundReceiptBody,
  QboSalesItemLine,
} from './qbo-types.ts';
import { allocateRefund } from './refund-allocation.ts';
import { fail, failure, ok, type Result } from './result.ts';

export interface RefundRelated {
  /** The payment being refunded (a dependency: already synced). */
  payment: ExoPayment;
  /** The invoice that payment paid: what the refund mirrors. */
  invoice: ExoInvoice;
  /** Every refund Exoserva issued against that invoice (earlier ones decide what is left to refund). */
  refundsOfInvoice: readonly ExoRefund[];
  /** The QuickBooks PaymentMethod of the payment (paymentMethodFor), found or created by the BFF. */
  paymentMethodId: string;
}

export function mapRefund(
  refund: ExoRefund,
  { mapping, lookupId }: MapContext,
  { payment, invoice, refundsOfInvoice, paymentMethodId }: RefundRelated,
): Result<MappedPayload<'RefundReceipt', QboRefundReceiptBody>> {
  const forWhat = `refund ${refund.id}`;
  const customerId = lookupId('customer', refund.customerId);
  if (!customerId) return fail(dependencyMissing('customer', refund.customerId, forWhat));
  if (!lookupId('payment', refund.paymentId))
    return fail(dependencyMissing('payment', refund.paymentId, forWhat));
  if (payment.id !== refund.paymentId || invoice.id !== refund.invoiceId) {
    // The worker handed over the wrong records: a bug, not an expected outcome.
    throw new Error(
      `mapRefund: refund ${refund.id} is for payment ${refund.paymentId} / invoice ${refund.invoiceId}`,
    );
  }

  if (refund.kind === 'full') {
    const mismatch = checkAmount(
      `full refund of payment ${payment.id}`,
      payment.amountCents,
      refund.amountCents,
    );
    if (mismatch) return fail(mismatch);
  } else if (refund.amountCents >= payment.amountCents) {
    return fail(
      failure(
        'needs_person',
        'amount_mismatch',
        'Amounts don’t add up',
        `The partial refund ${refund.id} is ${formatDollars(refund.amountCents)}, but payment ${payment.id} was only ${formatDollars(payment.amountCents)}. Correct the refund in Exoserva, then retry.`,
        { details: { expectedCents: payment.amountCents, actualCents: refund.amountCents } },
      ),
    );
  }

  const allocation = allocateRefund(invoice, refund, refundsOfInvoice);
  if (!allocation.ok) return allocation;
  const { lines: lineShares, discountCents, taxCents } = allocation.value;
  const taxed = invoice.tax !== null;
  const tax = mapTax(invoice, taxCents, mapping);
  if (!tax.ok) return tax;

  const lines: (QboSalesItemLine | QboDiscountLine)[] = [];
  for (const { line, amountCents } of lineShares) {
    if (amountCents === 0) continue;
    if (amountCents === line.amountCents) {
      lines.push(mapSalesLine(line, lines.length + 1, mapping, taxed));
      continue;
    }
    const amount = centsToQbo(amountCents);
    lines.push({
      LineNum: lines.length + 1,
      Description: `${line.description} (part refunded)`,
      Amount: amount,
      DetailType: 'SalesItemLineDetail',
      SalesItemLineDetail: {
        ItemRef: { value: itemFor(line, mapping) },
        Qty: 1,
        UnitPrice: amount,
        TaxCodeRef: { value: taxCodeFor(line, taxed) },
      },
    });
  }
  if (lines.length === 0) {
    // A refund of a cent or two can fall entirely on the tax; QuickBooks wants at least one line.
    const first = lineShares[0]?.line;
    if (!first) throw new Error(`mapRefund: invoice ${invoice.id} has no lines`);
    lines.push({
      LineNum: 1,
      Description: `${first.description} (tax refunded)`,
      Amount: 0,
      DetailType: 'SalesItemLineDetail',
      SalesItemLineDetail: {
        ItemRef: { value: itemFor(first, mapping) },
        Qty: 1,
        UnitPrice: 0,
        TaxCodeRef: { value: taxCodeFor(first, taxed) },
      },
    });
  }
  if (discountCents > 0) {
    const description = invoice.discounts.map((d) => d.description).join('; ');
    lines.push(discountLine(lines.length + 1, description, discountCents, mapping));
  }

  const linesCents = lineShares.reduce((sum, l) => sum + l.amountCents, 0);
  const mismatch = checkAmount(
    `refund ${refund.id}`,
    refund.amountCents,
    linesCents - discountCents + taxCents,
  );
  if (mismatch) return fail(mismatch);

  const body: QboRefundReceiptBody = {
    CustomerRef: { value: customerId },
    TxnDate: refund.issuedOn,
    DepositToAccountRef: {
      value: STRIPE_SETTLED_METHODS.includes(refund.method)
        ? mapping.undepositedFundsAccountId
        : mapping.refundSourceAccountId,
    },
    PaymentMethodRef: { value: paymentMethodId },
    Line: lines,
    TxnTaxDetail: tax.value,
    ApplyTaxAfterDiscount: true,
    PrivateNote: `Refund of payment ${payment.id} (invoice ${invoice.number}); Exoserva ${refund.kind} refund ${refund.id}`,
  };
  const reference = paymentReference(payment);
  if (reference) body.PaymentRefNum = reference;
  return ok({ entity: 'RefundReceipt', body, totalCents: refund.amountCents });
}
