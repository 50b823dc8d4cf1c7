import type { ExoRefund } from '@exoserva/contracts';
import { describe, expect, it } from 'vitest';
import { qboToCents } from './money.ts';
import type { QboRefundReceiptBody } from './qbo-types.ts';
import { mapRefund, type RefundRelated } from './refund-mapper.ts';
import {
  cardPayment,
  checkPayment,
  context,
  invoice,
  lookupFrom,
  mapping,
  partialCardRefund,
  paymentMethodIds,
  qboIds,
} from './testing/fixtures.ts';

const related = (refunds: ExoRefund[], payment = cardPayment): RefundRelated => ({
  payment,
  invoice,
  refundsOfInvoice: refunds,
  paymentMethodId: payment.method === 'card' ? paymentMethodIds.visa : paymentMethodIds.check,
});

function body(refund: ExoRefund, refunds: ExoRefund[] = [refund]): QboRefundReceiptBody {
  const result = mapRefund(refund, context, related(refunds));
  if (!result.ok) throw new Error(result.failure.fix);
  return result.value.body;
}

const full: ExoRefund = { ...partialCardRefund, id: 'ref_full', kind: 'full', amountCents: 17461 };

/** What a RefundReceipt returns of each account: item (labor / parts), discount and tax, in cents. */
function byAccount(b: QboRefundReceiptBody) {
  const out = { labor: 0, parts: 0, discount: 0, tax: qboToCents(b.TxnTaxDetail.TotalTax) };
  for (const line of b.Line) {
    if (line.DetailType === 'DiscountLineDetail') out.discount += qboToCents(line.Amount);
    else if (line.SalesItemLineDetail.ItemRef.value === mapping.laborItemId)
      out.labor += qboToCents(line.Amount);
    else out.parts += qboToCents(line.Amount);
  }
  return out;
}

describe('mapRefund', () => {
  it('mirrors the sale it refunds in full: the same lines, quantities, discount and tax', () => {
    const b = body(full);
    expect(b).toMatchObject({
      CustomerRef: { value: '58' },
      TxnDate: '2026-03-05',
      DepositToAccountRef: { value: mapping.undepositedFundsAccountId },
      PaymentMethodRef: { value: paymentMethodIds.visa },
      PaymentRefNum: 'Visa 4242',
      ApplyTaxAfterDiscount: true,
      TxnTaxDetail: { TxnTaxCodeRef: { value: '7' }, TotalTax: 11.8 },
      PrivateNote: 'Refund of payment pay_card_1 (invoice 1042); Exoserva full refund ref_full',
    });
    expect(b.Line).toEqual([
      {
        LineNum: 1,
        Description: 'Diagnose and repair condenser fan',
        Amount: 142.5,
        DetailType: 'SalesItemLineDetail',
        SalesItemLineDetail: {
          ItemRef: { value: '21' },
          Qty: 1.5,
          UnitPrice: 95,
          TaxCodeRef: { value: 'TAX' },
        },
      },
      {
        LineNum: 2,
        Description: 'Run capacitor 45/5 µF 440 V',
        Amount: 38.4,
        DetailType: 'SalesItemLineDetail',
        SalesItemLineDetail: {
          ItemRef: { value: '22' },
          Qty: 1,
          UnitPrice: 38.4,
          TaxCodeRef: { value: 'TAX' },
        },
      },
      {
        LineNum: 3,
        Description: 'Loyalty discount 10 %',
        Amount: 18.09,
        DetailType: 'DiscountLineDetail',
        DiscountLineDetail: {
          PercentBased: false,
          DiscountAccountRef: { value: mapping.discountsAccountId },
        },
      },
    ]);
    expect(byAccount(b)).toEqual({ labor: 14250, parts: 3840, discount: 1809, tax: 1180 });
  });

  it('spreads a partial refund over the sale in proportion, the cents adding up exactly', () => {
    // $38.40 of $174.61: labor 142.50 × r = 31.339…, parts 8.444…, discount −3.978…, tax 2.595…
    const b = body(partialCardRefund);
    expect(byAccount(b)).toEqual({ labor: 3134, parts: 844, discount: 398, tax: 260 });
    const shares = byAccount(b);
    expect(shares.labor + shares.parts - shares.discount + shares.tax).toBe(3840);
    expect(b.Line[0]).toMatchObject({
      Description: 'Diagnose and repair condenser fan (part refunded)',
      SalesItemLineDetail: { Qty: 1, UnitPrice: 31.34, TaxCodeRef: { value: 'TAX' } },
    });
  });

  it('brings every account back to zero when partial refunds add up to the whole sale', () => {
    const refunds: ExoRefund[] = [3840, 5000, 17461 - 3840 - 5000].map((amountCents, i) => ({
      ...partialCardRefund,
      id: `ref_${i}`,
      amountCents,
      createdAt: `2026-03-0${5 + i}T10:00:00.000Z`,
    }));
    const totals = { labor: 0, parts: 0, discount: 0, tax: 0 };
    for (const r of refunds) {
      const shares = byAccount(body(r, refunds));
      for (const k of Object.keys(totals) as (keyof typeof totals)[]) totals[k] += shares[k];
    }
    expect(totals).toEqual({ labor: 14250, parts: 3840, discount: 1809, tax: 1180 });
  });

  it('follows what Exoserva says a refund covers: the capacitor, its discount share and its tax', () => {
    const capacitor: ExoRefund = {
      ...partialCardRefund,
      amountCents: 3840 - 384 + 250,
      allocation: { lines: [{ lineId: 'line_cap', amountCents: 3840 }], discountCents: 384, taxCents: 250 },
    };
    const b = body(capacitor);
    expect(byAccount(b)).toEqual({ labor: 0, parts: 3840, discount: 384, tax: 250 });
    expect(b.Line[0]).toMatchObject({
      SalesItemLineDetail: { ItemRef: { value: '22' }, Qty: 1, UnitPrice: 38.4 },
    });
  });

  it('refuses an allocation from Exoserva that does not add up to the refund', () => {
    const wrong: ExoRefund = {
      ...partialCardRefund,
      allocation: { lines: [{ lineId: 'line_cap', amountCents: 3840 }], discountCents: 0, taxCents: 1 },
    };
    const result = mapRefund(wrong, context, related([wrong]));
    expect(!result.ok && result.failure).toMatchObject({ code: 'amount_mismatch' });
  });

  it('sends an untaxed sale’s refund with no tax and NON lines', () => {
    const untaxed = { ...invoice, tax: null, totalCents: 18090 - 1809 };
    const refund = { ...partialCardRefund, amountCents: 1000 };
    const result = mapRefund(refund, context, { ...related([refund]), invoice: untaxed });
    const b = result.ok ? result.value.body : undefined;
    expect(b?.TxnTaxDetail).toEqual({ TotalTax: 0 });
    expect(
      b?.Line.filter((l) => l.DetailType === 'SalesItemLineDetail').map(
        (l) => l.SalesItemLineDetail.TaxCodeRef.value,
      ),
    ).toEqual(['NON', 'NON']);
  });

  it('pays a check refund out of the refund source account', () => {
    const checkRefund = {
      ...partialCardRefund,
      paymentId: 'pay_check_1',
      method: 'check' as const,
      amountCents: 2000,
    };
    const result = mapRefund(checkRefund, context, related([checkRefund], checkPayment));
    expect(result.ok && result.value.body).toMatchObject({
      DepositToAccountRef: { value: mapping.refundSourceAccountId },
      PaymentMethodRef: { value: paymentMethodIds.check },
      PaymentRefNum: '2218',
    });
  });

  it('returns amount_mismatch when a full refund is not the whole payment', () => {
    const result = mapRefund({ ...partialCardRefund, kind: 'full' }, context, related([partialCardRefund]));
    expect(!result.ok && result.failure).toMatchObject({
      code: 'amount_mismatch',
      details: { expectedCents: 17461, actualCents: 3840 },
    });
  });

  it('returns amount_mismatch when a partial refund is not less than the payment', () => {
    const result = mapRefund({ ...partialCardRefund, amountCents: 20000 }, context, related([]));
    expect(!result.ok && result.failure).toMatchObject({ code: 'amount_mismatch' });
  });

  it('returns amount_mismatch when earlier refunds leave less of the sale than this one returns', () => {
    const earlier = {
      ...partialCardRefund,
      id: 'ref_0',
      amountCents: 15000,
      createdAt: '2026-03-04T10:00:00.000Z',
    };
    const result = mapRefund(partialCardRefund, context, related([earlier, partialCardRefund]));
    expect(!result.ok && result.failure).toMatchObject({ code: 'amount_mismatch' });
  });

  it('waits for the payment it refunds to reach QuickBooks first', () => {
    const { ['payment:pay_card_1']: _p, ...ids } = qboIds;
    const result = mapRefund(partialCardRefund, { ...context, lookupId: lookupFrom(ids) }, related([]));
    expect(!result.ok && result.failure).toMatchObject({
      code: 'dependency_missing',
      details: { dependencyKind: 'payment', dependencyId: 'pay_card_1' },
    });
  });

  it('throws when handed a payment the refund is not for, because that is a bug', () => {
    expect(() => mapRefund(partialCardRefund, context, related([], checkPayment))).toThrow(
      /refund ref_1 is for payment pay_card_1/,
    );
  });
});
