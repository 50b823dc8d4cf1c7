import { describe, expect, it } from 'vitest';
import { mapPayout } from './deposit-mapper.ts';
import { qboToCents } from './money.ts';
import { context, lookupFrom, payout, qboIds } from './testing/fixtures.ts';

describe('mapPayout', () => {
  it('deposits the Stripe payout into the bank on its arrival date', () => {
    expect(mapPayout(payout, context)).toEqual({
      ok: true,
      value: {
        entity: 'Deposit',
        totalCents: 37365,
        body: {
          DepositToAccountRef: { value: '35' },
          TxnDate: '2026-03-06',
          Line: [
            { Amount: 174.61, LinkedTxn: [{ TxnId: '145', TxnType: 'Payment', TxnLineId: '0' }] },
            { Amount: 250, LinkedTxn: [{ TxnId: '146', TxnType: 'Payment', TxnLineId: '0' }] },
            { Amount: -38.4, LinkedTxn: [{ TxnId: '160', TxnType: 'RefundReceipt', TxnLineId: '0' }] },
            {
              Amount: -12.56,
              Description: 'Stripe fees, payout po_1PqZ9x2eZvKYlo2C',
              DetailType: 'DepositLineDetail',
              DepositLineDetail: { AccountRef: { value: '90' } },
            },
          ],
          PrivateNote: 'Exoserva payout po_exo_9 (Stripe po_1PqZ9x2eZvKYlo2C)',
        },
      },
    });
  });

  it('makes the deposit equal the Stripe payout to the cent', () => {
    const result = mapPayout(payout, context);
    const lines = result.ok ? result.value.body.Line : [];
    expect(lines.reduce((sum, line) => sum + qboToCents(line.Amount), 0)).toBe(payout.netCents);
  });

  it('sends no fee line when Stripe took no fee', () => {
    const result = mapPayout({ ...payout, feeCents: 0, netCents: 38621 }, context);
    expect(result.ok && result.value.body.Line.some((l) => 'DetailType' in l)).toBe(false);
  });

  it('returns amount_mismatch when the payout does not add up to its net', () => {
    const result = mapPayout({ ...payout, netCents: 37366 }, context);
    expect(!result.ok && result.failure).toMatchObject({
      kind: 'needs_person',
      code: 'amount_mismatch',
      details: { expectedCents: 37366, actualCents: 37365 },
    });
  });

  it('waits for a refund netted in the payout to reach QuickBooks first', () => {
    const { ['refund:ref_1']: _refund, ...ids } = qboIds;
    const result = mapPayout(payout, { ...context, lookupId: lookupFrom(ids) });
    expect(!result.ok && result.failure).toMatchObject({
      code: 'dependency_missing',
      details: { dependencyKind: 'refund', dependencyId: 'ref_1' },
    });
  });

  it('refuses a payout that nets to nothing, which no bank deposit can show', () => {
    const result = mapPayout(
      {
        ...payout,
        payments: [{ paymentId: 'pay_card_1', amountCents: 1000 }],
        refunds: [{ refundId: 'ref_1', amountCents: 1000 }],
        feeCents: 0,
        netCents: 0,
      },
      context,
    );
    expect(!result.ok && result.failure).toMatchObject({ kind: 'needs_person', code: 'payout_not_positive' });
  });
});
