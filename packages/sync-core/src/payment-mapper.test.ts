import { describe, expect, it } from 'vitest';
import { mapPayment } from './payment-mapper.ts';
import { paymentMethodFor, paymentReference } from './payment-methods.ts';
import {
  cardPayment,
  checkPayment,
  context,
  lookupFrom,
  mapping,
  paymentMethodIds,
  qboIds,
} from './testing/fixtures.ts';

const visa = { paymentMethodId: paymentMethodIds.visa };
const check = { paymentMethodId: paymentMethodIds.check };

describe('mapPayment', () => {
  it('applies a card payment to its invoice and parks it in Undeposited Funds until the payout', () => {
    expect(mapPayment(cardPayment, context, visa)).toEqual({
      ok: true,
      value: {
        entity: 'Payment',
        totalCents: 17461,
        body: {
          TotalAmt: 174.61,
          CustomerRef: { value: '58' },
          TxnDate: '2026-03-03',
          DepositToAccountRef: { value: '4' },
          PaymentMethodRef: { value: '3' },
          Line: [{ Amount: 174.61, LinkedTxn: [{ TxnId: '130', TxnType: 'Invoice' }] }],
          PaymentRefNum: 'Visa 4242',
          PrivateNote: 'Exoserva payment pay_card_1 (Stripe charge ch_3PqRsT2eZvKYlo2C1a2b3c4d)',
        },
      },
    });
  });

  it('sends a check straight to the bank when the tenant routes checks to the bank', () => {
    const result = mapPayment(checkPayment, context, check);
    expect(result.ok && result.value.body).toMatchObject({
      DepositToAccountRef: { value: mapping.bankDepositAccountId },
      PaymentMethodRef: { value: '2' },
      PaymentRefNum: '2218',
      PrivateNote: 'Exoserva payment pay_check_1',
      TotalAmt: 50,
    });
  });

  it('sends cash to Undeposited Funds when the tenant routes cash there, with no reference', () => {
    const result = mapPayment({ ...checkPayment, method: 'cash', checkNumber: undefined }, context, check);
    expect(result.ok && result.value.body.DepositToAccountRef).toEqual({
      value: mapping.undepositedFundsAccountId,
    });
    expect(result.ok && result.value.body).not.toHaveProperty('PaymentRefNum');
  });

  it('sends cash to the bank when the tenant routes cash there', () => {
    const result = mapPayment(
      { ...checkPayment, method: 'cash', checkNumber: undefined },
      { ...context, mapping: { ...mapping, paymentRouting: { cash: 'bank', check: 'bank' } } },
      check,
    );
    expect(result.ok && result.value.body.DepositToAccountRef).toEqual({
      value: mapping.bankDepositAccountId,
    });
  });

  it('parks an ACH payment in Undeposited Funds like a card: Stripe pays it out', () => {
    const ach = { ...cardPayment, method: 'ach' as const, cardBrand: undefined, last4: '6789' };
    const result = mapPayment(ach, context, { paymentMethodId: '9' });
    expect(result.ok && result.value.body).toMatchObject({
      DepositToAccountRef: { value: mapping.undepositedFundsAccountId },
      PaymentRefNum: 'ACH 6789',
    });
  });

  it('applies only the invoice amount: a tip is neither applied nor revenue', () => {
    const result = mapPayment({ ...cardPayment, tipCents: 2500 }, context, visa);
    expect(result.ok && result.value).toMatchObject({
      totalCents: 17461,
      body: { TotalAmt: 174.61, Line: [{ Amount: 174.61 }] },
    });
  });

  it('waits for the invoice when it has not reached QuickBooks yet', () => {
    const { ['invoice:inv_123']: _invoice, ...ids } = qboIds;
    const result = mapPayment(cardPayment, { ...context, lookupId: lookupFrom(ids) }, visa);
    expect(!result.ok && result.failure).toMatchObject({
      code: 'dependency_missing',
      details: { dependencyKind: 'invoice', dependencyId: 'inv_123' },
    });
  });
});

describe('payment methods', () => {
  it('names each Exoserva method as QuickBooks’ default list does', () => {
    expect(paymentMethodFor({ method: 'card', cardBrand: 'amex' })).toEqual({
      name: 'American Express',
      type: 'CREDIT_CARD',
    });
    expect(paymentMethodFor({ method: 'card', cardBrand: 'mastercard' }).name).toBe('MasterCard');
    expect(paymentMethodFor({ method: 'card' }).name).toBe('Credit Card');
    expect(paymentMethodFor({ method: 'check' })).toEqual({ name: 'Check', type: 'NON_CREDIT_CARD' });
    expect(paymentMethodFor({ method: 'cash' }).name).toBe('Cash');
    expect(paymentMethodFor({ method: 'ach' }).name).toBe('ACH');
  });

  it('puts what is on the slip or the statement in the reference, at most 21 characters', () => {
    expect(paymentReference({ method: 'check', checkNumber: '2218' })).toBe('2218');
    expect(paymentReference({ method: 'card', cardBrand: 'visa', last4: '4242' })).toBe('Visa 4242');
    expect(paymentReference({ method: 'card', cardBrand: 'amex', last4: '0005' })).toBe(
      'American Express 0005',
    );
    expect(paymentReference({ method: 'ach', last4: '6789' })).toBe('ACH 6789');
    expect(paymentReference({ method: 'cash' })).toBeUndefined();
    expect(paymentReference({ method: 'check', checkNumber: '1234567890123456789012345' })).toHaveLength(21);
  });
});
