import { describe, expect, it } from 'vitest';
import { mapRefund } from './refund-mapper.ts';
import {
  cardPayment,
  checkPayment,
  context,
  lookupFrom,
  mapping,
  partialCardRefund,
  qboIds,
} from './testing/fixtures.ts';

const related = { payment: cardPayment, invoiceNumber: '1042' };

describe('mapRefund', () => {
  it('records a partial card refund as a refund receipt paid from Undeposited Funds', () => {
    expect(mapRefund(partialCardRefund, context, related)).toEqual({
      ok: true,
      value: {
        entity: 'RefundReceipt',
        totalCents: 3840,
        body: {
          CustomerRef: { value: '58' },
          TxnDate: '2026-03-05',
          DepositToAccountRef: { value: '4' },
          Line: [
            {
              LineNum: 1,
              Description: 'Refund, invoice 1042',
              Amount: 38.4,
              DetailType: 'SalesItemLineDetail',
              SalesItemLineDetail: {
                ItemRef: { value: '21' },
                Qty: 1,
                UnitPrice: 38.4,
                TaxCodeRef: { value: 'NON' },
              },
            },
          ],
          TxnTaxDetail: { TotalTax: 0 },
          PaymentRefNum: 'RsT2eZvKYlo2C1a2b3c4d',
          PrivateNote: 'Refund of payment pay_card_1 (invoice 1042); Exoserva partial refund ref_1',
        },
      },
    });
  });

  it('records a full refund of the whole payment', () => {
    const full = { ...partialCardRefund, id: 'ref_2', kind: 'full' as const, amountCents: 17461 };
    const result = mapRefund(full, context, related);
    expect(result.ok && result.value.body).toMatchObject({
      Line: [{ Amount: 174.61 }],
      PrivateNote: 'Refund of payment pay_card_1 (invoice 1042); Exoserva full refund ref_2',
    });
  });

  it('pays a check refund out of the refund source account', () => {
    const checkRefund = {
      ...partialCardRefund,
      paymentId: 'pay_check_1',
      method: 'check' as const,
      amountCents: 2000,
    };
    const result = mapRefund(checkRefund, context, { payment: checkPayment, invoiceNumber: '1042' });
    expect(result.ok && result.value.body).toMatchObject({
      DepositToAccountRef: { value: mapping.refundSourceAccountId },
      PaymentRefNum: '2218',
    });
  });

  it('returns amount_mismatch when a full refund is not the whole payment', () => {
    const result = mapRefund({ ...partialCardRefund, kind: 'full' }, context, related);
    expect(!result.ok && result.failure).toMatchObject({
      code: 'amount_mismatch',
      details: { expectedCents: 17461, actualCents: 3840 },
    });
  });

  it('returns amount_mismatch when a partial refund is not less than the payment', () => {
    const result = mapRefund({ ...partialCardRefund, amountCents: 20000 }, context, related);
    expect(!result.ok && result.failure).toMatchObject({ code: 'amount_mismatch' });
  });

  it('waits for the payment it refunds to reach QuickBooks first', () => {
    const { ['payment:pay_card_1']: _p, ...ids } = qboIds;
    const result = mapRefund(partialCardRefund, { ...context, lookupId: lookupFrom(ids) }, related);
    expect(!result.ok && result.failure).toMatchObject({
      code: 'dependency_missing',
      details: { dependencyKind: 'payment', dependencyId: 'pay_card_1' },
    });
  });

  it('throws when handed a payment the refund is not for, because that is a bug', () => {
    expect(() =>
      mapRefund(partialCardRefund, context, { payment: checkPayment, invoiceNumber: '1042' }),
    ).toThrow(/refund ref_1 is for payment pay_card_1/);
  });
});
