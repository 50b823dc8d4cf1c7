/**
 * Exoserva's payment methods → QuickBooks PaymentMethod names, and the reference a bookkeeper deposits and searches
 * by. Bookkeepers filter payments and build bank deposits by method, so every Payment and RefundReceipt names one.
 *
 * Names follow QuickBooks' own default list (Cash, Check, Visa, MasterCard, American Express, Discover, Diners
 * Club), so a company usually has them already; the BFF finds a method by name and creates it on first use.
 */
import type { CardBrand, ExoPayment } from '@exoserva/contracts';

export interface QboPaymentMethodSpec {
  /** The PaymentMethod's Name in QuickBooks. */
  name: string;
  /** QuickBooks' PaymentMethod.Type. */
  type: 'CREDIT_CARD' | 'NON_CREDIT_CARD';
}

const CARD_NAMES: Record<CardBrand, string> = {
  visa: 'Visa',
  mastercard: 'MasterCard',
  amex: 'American Express',
  discover: 'Discover',
  diners: 'Diners Club',
  jcb: 'JCB',
  unionpay: 'UnionPay',
  unknown: 'Credit Card',
};

export function paymentMethodFor(payment: Pick<ExoPayment, 'method' | 'cardBrand'>): QboPaymentMethodSpec {
  switch (payment.method) {
    case 'card':
      return { name: CARD_NAMES[payment.cardBrand ?? 'unknown'], type: 'CREDIT_CARD' };
    case 'ach':
      return { name: 'ACH', type: 'NON_CREDIT_CARD' };
    case 'check':
      return { name: 'Check', type: 'NON_CREDIT_CARD' };
    case 'cash':
      return { name: 'Cash', type: 'NON_CREDIT_CARD' };
  }
}

/** QuickBooks' PaymentRefNum holds at most 21 characters (2050 beyond that). */
export const PAYMENT_REF_NUM_MAX = 21;

/**
 * What goes in PaymentRefNum: the check number, or the card brand and last four ("Visa 4242"), or "ACH 6789" —
 * what is printed on the slip or the statement. Cash has none. The Stripe charge id is too long for the field and
 * goes whole in PrivateNote instead.
 */
export function paymentReference(
  payment: Pick<ExoPayment, 'method' | 'cardBrand' | 'last4' | 'checkNumber'>,
): string | undefined {
  let reference: string | undefined;
  if (payment.method === 'check') reference = payment.checkNumber;
  else if (payment.method === 'card' && payment.last4)
    reference = `${paymentMethodFor(payment).name} ${payment.last4}`;
  else if (payment.method === 'ach' && payment.last4) reference = `ACH ${payment.last4}`;
  return reference === undefined ? undefined : reference.slice(0, PAYMENT_REF_NUM_MAX);
}
