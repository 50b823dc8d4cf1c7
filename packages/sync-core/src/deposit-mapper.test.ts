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

  it('puts tips on Tips Payable and adjustments on their accounts, the deposit still equal to the payout', () => {
    const withTipAndDispute = {
      ...payout,
      payments: [
        { paymentId: 'pay_card_1', amountCents: 17461, tipCents: 2000 },
        { paymentId: 'pay_card_2', amountCents: 25000 },
      ],
      adjustments: [
        { id: 'adj_1', kind: 'dispute' as const, description: 'Dispute of ch_9', amountCents: -9000 },
        { id: 'adj_2', kind: 'dispute_fee' as const, description: 'Dispute fee', amountCents: -1500 },
      ],
      netCents: 37365 + 2000 - 9000 - 1500,
    };
    const result = mapPayout(withTipAndDispute, context);
    const lines = result.ok ? result.value.body.Line : [];
    expect(lines.filter((l) => 'DetailType' in l)).toEqual([
      {
        Amount: 20,
        Description: 'Tip on payment pay_card_1',
        DetailType: 'DepositLineDetail',
        DepositLineDetail: { AccountRef: { value: '95' } },
      },
      {
        Amount: -12.56,
        Description: 'Stripe fees, payout po_1PqZ9x2eZvKYlo2C',
        DetailType: 'DepositLineDetail',
        DepositLineDetail: { AccountRef: { value: '90' } },
      },
      {
        Amount: -90,
        Description: 'Dispute of ch_9',
        DetailType: 'DepositLineDetail',
        DepositLineDetail: { AccountRef: { value: '96' } },
      },
      {
        Amount: -15,
        Description: 'Dispute fee',
        DetailType: 'DepositLineDetail',
        DepositLineDetail: { AccountRef: { value: '90' } },
      },
    ]);
    expect(lines.reduce((sum, line) => sum + qboToCents(line.Amount), 0)).toBe(withTipAndDispute.netCents);
  });

  it('asks for Tips Payable when a mapping saved before tips meets a tip', () => {
    const tipped = {
      ...payout,
      payments: [{ paymentId: 'pay_card_1', amountCents: 17461, tipCents: 500 }],
      refunds: [],
      feeCents: 0,
      netCents: 17961,
    };
    const result = mapPayout(tipped, {
      ...context,
      mapping: { ...context.mapping, tipsPayableAccountId: null },
    });
    expect(!result.ok && result.failure).toMatchObject({
      kind: 'needs_person',
      code: 'account_not_found',
      details: { concept: 'tips_payable' },
    });
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
