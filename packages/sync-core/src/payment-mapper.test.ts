import { describe, expect, it } from 'vitest';
import { mapPayment, paymentRefNum } from './payment-mapper.ts';
import { cardPayment, checkPayment, context, lookupFrom, mapping, qboIds } from './testing/fixtures.ts';

describe('mapPayment', () => {
  it('applies a card payment to its invoice and parks it in Undeposited Funds until the payout', () => {
    expect(mapPayment(cardPayment, context)).toEqual({
      ok: true,
      value: {
        entity: 'Payment',
        totalCents: 17461,
        body: {
          TotalAmt: 174.61,
          CustomerRef: { value: '58' },
          TxnDate: '2026-03-03',
          DepositToAccountRef: { value: '4' },
          Line: [{ Amount: 174.61, LinkedTxn: [{ TxnId: '130', TxnType: 'Invoice' }] }],
          PaymentRefNum: 'RsT2eZvKYlo2C1a2b3c4d',
          PrivateNote: 'Exoserva payment pay_card_1 (Stripe charge ch_3PqRsT2eZvKYlo2C1a2b3c4d)',
        },
      },
    });
  });

  it('sends a check straight to the bank when the tenant routes checks to the bank', () => {
    const result = mapPayment(checkPayment, context);
    expect(result.ok && result.value.body).toMatchObject({
      DepositToAccountRef: { value: mapping.bankDepositAccountId },
      PaymentRefNum: '2218',
      PrivateNote: 'Exoserva payment pay_check_1',
      TotalAmt: 50,
    });
  });

  it('sends cash to Undeposited Funds when the tenant routes cash there', () => {
    const result = mapPayment({ ...checkPayment, method: 'cash', checkNumber: undefined }, context);
    expect(result.ok && result.value.body.DepositToAccountRef).toEqual({
      value: mapping.undepositedFundsAccountId,
    });
    expect(result.ok && result.value.body).not.toHaveProperty('PaymentRefNum');
  });

  it('sends cash to the bank when the tenant routes cash there', () => {
    const result = mapPayment(
      { ...checkPayment, method: 'cash', checkNumber: undefined },
      { ...context, mapping: { ...mapping, paymentRouting: { cash: 'bank', check: 'bank' } } },
    );
    expect(result.ok && result.value.body.DepositToAccountRef).toEqual({
      value: mapping.bankDepositAccountId,
    });
  });

  it('waits for the invoice when it has not reached QuickBooks yet', () => {
    const { ['invoice:inv_123']: _invoice, ...ids } = qboIds;
    const result = mapPayment(cardPayment, { ...context, lookupId: lookupFrom(ids) });
    expect(!result.ok && result.failure).toMatchObject({
      code: 'dependency_missing',
      details: { dependencyKind: 'invoice', dependencyId: 'inv_123' },
    });
  });

  it('fits long references into the 21 characters PaymentRefNum holds', () => {
    expect(paymentRefNum('2218')).toBe('2218');
    expect(paymentRefNum('ch_3PqRsT2eZvKYlo2C1a2b3c4d')).toHaveLength(21);
  });
});
