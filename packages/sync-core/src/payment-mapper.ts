/**
 * Exoserva payment → QuickBooks Payment applied to its invoice (GUIDE step 6: "Payment received → QB
 * Payment + Bank Deposit"; the deposit comes from the Stripe payout, see deposit-mapper.ts).
 */
import type { AccountMapping, ExoPayment } from '@exoserva/contracts';
import { dependencyMissing } from './mapping-failures.ts';
import { centsToQbo } from './money.ts';
import type { MapContext, MappedPayload, QboPaymentBody } from './qbo-types.ts';
import { fail, ok, type Result } from './result.ts';

/** QuickBooks' PaymentRefNum holds at most 21 characters (2050 beyond that). */
export const PAYMENT_REF_NUM_MAX = 21;

export function mapPayment(
  payment: ExoPayment,
  { mapping, lookupId }: MapContext,
): Result<MappedPayload<'Payment', QboPaymentBody>> {
  const forWhat = `payment ${payment.id}`;
  const customerId = lookupId('customer', payment.customerId);
  if (!customerId) return fail(dependencyMissing('customer', payment.customerId, forWhat));
  const invoiceId = lookupId('invoice', payment.invoiceId);
  if (!invoiceId) return fail(dependencyMissing('invoice', payment.invoiceId, forWhat));

  const amount = centsToQbo(payment.amountCents);
  const reference = payment.method === 'check' ? payment.checkNumber : payment.stripeChargeId;
  const body: QboPaymentBody = {
    TotalAmt: amount,
    CustomerRef: { value: customerId },
    TxnDate: payment.receivedOn,
    DepositToAccountRef: { value: paymentDepositAccount(payment, mapping) },
    Line: [{ Amount: amount, LinkedTxn: [{ TxnId: invoiceId, TxnType: 'Invoice' }] }],
    PrivateNote:
      payment.method === 'card' && payment.stripeChargeId
        ? `Exoserva payment ${payment.id} (Stripe charge ${payment.stripeChargeId})`
        : `Exoserva payment ${payment.id}`,
  };
  if (reference) body.PaymentRefNum = paymentRefNum(reference);
  return ok({ entity: 'Payment', body, totalCents: payment.amountCents });
}

/**
 * Card payments wait in Undeposited Funds until the Stripe payout moves them to the bank as one Deposit,
 * which is what the bank statement shows. Cash and checks follow the tenant's routing choice.
 */
export function paymentDepositAccount(payment: Pick<ExoPayment, 'method'>, mapping: AccountMapping): string {
  if (payment.method === 'card') return mapping.undepositedFundsAccountId;
  return mapping.paymentRouting[payment.method] === 'bank'
    ? mapping.bankDepositAccountId
    : mapping.undepositedFundsAccountId;
}

/**
 * Fits a reference into PaymentRefNum. Stripe charge ids ("ch_" + 24) are longer than 21 characters; their
 * last 21 characters are the distinctive part (the full id is in PrivateNote).
 */
export function paymentRefNum(reference: string): string {
  return reference.length <= PAYMENT_REF_NUM_MAX ? reference : reference.slice(-PAYMENT_REF_NUM_MAX);
}
