/**
 * Exoserva refund → QuickBooks RefundReceipt (GUIDE step 6: "Refund issued → QB Refund Receipt"), full or
 * partial.
 *
 * Decisions (README "Refunds"):
 * - Money source. A card refund is paid out of Undeposited Funds: Stripe takes it from a later payout, and
 *   that payout's Deposit nets it as a negative linked line, so the deposit still matches the bank. Cash and
 *   check refunds leave the tenant's refund source account (mapping.refundSourceAccountId) directly.
 * - One line on the labor (Service) item, NON-taxable, for the refunded amount. An Exoserva refund returns
 *   money against a payment, not particular invoice lines, so there is nothing exact to split by; a
 *   proportional split would invent cents by rounding. The accountant can reclassify in QuickBooks.
 *   TotalTax 0 stops Automated Sales Tax from adding tax on top of the refund.
 * - The link to the original. QuickBooks has no LinkedTxn from a RefundReceipt to a Payment, so the
 *   original is named in PrivateNote (Exoserva ids and invoice number) and PaymentRefNum carries the
 *   original payment's reference (Stripe charge or check number), searchable in QuickBooks.
 */
import type { ExoPayment, ExoRefund } from '@exoserva/contracts';
import { checkAmount, dependencyMissing } from './mapping-failures.ts';
import { centsToQbo, formatDollars } from './money.ts';
import { paymentRefNum } from './payment-mapper.ts';
import type { MapContext, MappedPayload, QboRefundReceiptBody } from './qbo-types.ts';
import { fail, failure, ok, type Result } from './result.ts';

export interface RefundRelated {
  /** The payment being refunded (read by the worker: it is a dependency and already synced). */
  payment: ExoPayment;
  /** The number of the invoice the payment paid, for the note. */
  invoiceNumber: string;
}

export function mapRefund(
  refund: ExoRefund,
  { mapping, lookupId }: MapContext,
  { payment, invoiceNumber }: RefundRelated,
): Result<MappedPayload<'RefundReceipt', QboRefundReceiptBody>> {
  const forWhat = `refund ${refund.id}`;
  const customerId = lookupId('customer', refund.customerId);
  if (!customerId) return fail(dependencyMissing('customer', refund.customerId, forWhat));
  if (!lookupId('payment', refund.paymentId))
    return fail(dependencyMissing('payment', refund.paymentId, forWhat));
  if (payment.id !== refund.paymentId) {
    // The worker handed over the wrong record: a bug, not an expected outcome.
    throw new Error(`mapRefund: refund ${refund.id} is for payment ${refund.paymentId}, got ${payment.id}`);
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

  const amount = centsToQbo(refund.amountCents);
  const reference = payment.method === 'check' ? payment.checkNumber : payment.stripeChargeId;
  const body: QboRefundReceiptBody = {
    CustomerRef: { value: customerId },
    TxnDate: refund.issuedOn,
    DepositToAccountRef: {
      value: refund.method === 'card' ? mapping.undepositedFundsAccountId : mapping.refundSourceAccountId,
    },
    Line: [
      {
        LineNum: 1,
        Description: `Refund, invoice ${invoiceNumber}`,
        Amount: amount,
        DetailType: 'SalesItemLineDetail',
        SalesItemLineDetail: {
          ItemRef: { value: mapping.laborItemId },
          Qty: 1,
          UnitPrice: amount,
          TaxCodeRef: { value: 'NON' },
        },
      },
    ],
    TxnTaxDetail: { TotalTax: 0 },
    PrivateNote: `Refund of payment ${payment.id} (invoice ${invoiceNumber}); Exoserva ${refund.kind} refund ${refund.id}`,
  };
  if (reference) body.PaymentRefNum = paymentRefNum(reference);
  return ok({ entity: 'RefundReceipt', body, totalCents: refund.amountCents });
}
