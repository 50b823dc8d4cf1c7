/**
 * Exoserva payment → QuickBooks Payment applied to its invoice (GUIDE step 6: "Payment received → QB
 * Payment + Bank Deposit"; the deposit comes from the Stripe payout, see deposit-mapper.ts).
 */
import { STRIPE_SETTLED_METHODS, type AccountMapping, type ExoPayment } from '@exoserva/contracts';
import { dependencyMissing } from './mapping-failures.ts';
import { centsToQbo } from './money.ts';
import { paymentReference } from './payment-methods.ts';
import type { MapContext, MappedPayload, QboPaymentBody } from './qbo-types.ts';
import { fail, ok, type Result } from './result.ts';

export interface PaymentRelated {
  /** The QuickBooks PaymentMethod for paymentMethodFor(payment), found or created by the BFF. */
  paymentMethodId: string;
}

export function mapPayment(
  payment: ExoPayment,
  { mapping, lookupId }: MapContext,
  { paymentMethodId }: PaymentRelated,
): Result<MappedPayload<'Payment', QboPaymentBody>> {
  const forWhat = `payment ${payment.id}`;
  const customerId = lookupId('customer', payment.customerId);
  if (!customerId) return fail(dependencyMissing('customer', payment.customerId, forWhat));
  const invoiceId = lookupId('invoice', payment.invoiceId);
  if (!invoiceId) return fail(dependencyMissing('invoice', payment.invoiceId, forWhat));

  // The tip is not part of the Payment: it is not applied to the invoice and is not revenue. It reaches
  // QuickBooks with the payout that brings it to the bank (deposit-mapper.ts, on Tips Payable).
  const amount = centsToQbo(payment.amountCents);
  const reference = paymentReference(payment);
  const body: QboPaymentBody = {
    TotalAmt: amount,
    CustomerRef: { value: customerId },
    TxnDate: payment.receivedOn,
    DepositToAccountRef: { value: paymentDepositAccount(payment, mapping) },
    PaymentMethodRef: { value: paymentMethodId },
    Line: [{ Amount: amount, LinkedTxn: [{ TxnId: invoiceId, TxnType: 'Invoice' }] }],
    PrivateNote: payment.stripeChargeId
      ? `Exoserva payment ${payment.id} (Stripe charge ${payment.stripeChargeId})`
      : `Exoserva payment ${payment.id}`,
  };
  if (reference) body.PaymentRefNum = reference;
  return ok({ entity: 'Payment', body, totalCents: payment.amountCents });
}

/**
 * Card and ACH payments wait in Undeposited Funds until the Stripe payout moves them to the bank as one Deposit,
 * which is what the bank statement shows. Cash and checks follow the tenant's routing choice.
 */
export function paymentDepositAccount(payment: Pick<ExoPayment, 'method'>, mapping: AccountMapping): string {
  if (STRIPE_SETTLED_METHODS.includes(payment.method)) return mapping.undepositedFundsAccountId;
  const routing = payment.method === 'cash' ? mapping.paymentRouting.cash : mapping.paymentRouting.check;
  return routing === 'bank' ? mapping.bankDepositAccountId : mapping.undepositedFundsAccountId;
}
