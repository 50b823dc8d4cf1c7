import { describe, expect, it } from 'vitest';
import { checkQboTotal, mapInvoice, mapInvoiceUpdate } from './invoice-mapper.ts';
import { qboToCents } from './money.ts';
import type { QboDiscountLine, QboInvoiceBody, QboSalesItemLine } from './qbo-types.ts';
import { voidBody } from './sparse-update.ts';
import { context, invoice, lookupFrom, mapping } from './testing/fixtures.ts';

function mapped(inv = invoice): QboInvoiceBody {
  const result = mapInvoice(inv, context);
  if (!result.ok) throw new Error(`expected a payload, got ${result.failure.code}`);
  return result.value.body;
}

function salesLines(body: QboInvoiceBody): QboSalesItemLine[] {
  return body.Line.filter((l): l is QboSalesItemLine => l.DetailType === 'SalesItemLineDetail');
}

/** What QuickBooks will compute as TotalAmt for a body: Σ sales lines − discount + TotalTax, in cents. */
function qboTotalCents(body: QboInvoiceBody): number {
  let total = qboToCents(body.TxnTaxDetail.TotalTax);
  for (const line of body.Line)
    total += (line.DetailType === 'DiscountLineDetail' ? -1 : 1) * qboToCents(line.Amount);
  return total;
}

describe('mapInvoice', () => {
  it('maps the HVAC repair to a QuickBooks invoice with exact amounts', () => {
    expect(mapInvoice(invoice, context)).toEqual({
      ok: true,
      value: {
        entity: 'Invoice',
        totalCents: 17461,
        body: {
          DocNumber: '1042',
          TxnDate: '2026-03-02',
          DueDate: '2026-04-01',
          CustomerRef: { value: '58' },
          Line: [
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
              DiscountLineDetail: { PercentBased: false, DiscountAccountRef: { value: '86' } },
            },
          ],
          TxnTaxDetail: { TxnTaxCodeRef: { value: '7' }, TotalTax: 11.8 },
          ApplyTaxAfterDiscount: true,
          CustomerMemo: { value: 'Thank you for choosing CoolBreeze HVAC!' },
          PrivateNote: 'Exoserva invoice inv_123',
        },
      },
    });
  });

  it('puts labor on the service item and parts on the product item', () => {
    const [labor, part] = salesLines(mapped());
    expect(labor?.SalesItemLineDetail.ItemRef.value).toBe(mapping.laborItemId);
    expect(part?.SalesItemLineDetail.ItemRef.value).toBe(mapping.partsItemId);
  });

  it('makes the QuickBooks total equal the Exoserva total to the cent', () => {
    expect(qboTotalCents(mapped())).toBe(17461);
  });

  it('sends the real quantity and unit price of fractional hours', () => {
    const [labor] = salesLines(mapped());
    expect(labor?.SalesItemLineDetail).toMatchObject({ Qty: 1.5, UnitPrice: 95 });
    expect(qboToCents(labor!.Amount)).toBe(14250);
  });

  it('sends a quantity whose product rounds to the amount as it is (1.333 h × $95.00 = $126.64)', () => {
    const rounded = {
      ...invoice,
      lines: [{ ...invoice.lines[0]!, quantityMilli: 1333, amountCents: 12664 }, invoice.lines[1]!],
      subtotalCents: 16504,
      discountCents: 1809,
      totalCents: 16504 - 1809 + 1180,
    };
    const [labor] = salesLines(mapped(rounded));
    expect(labor).toMatchObject({
      Amount: 126.64,
      Description: 'Diagnose and repair condenser fan',
      SalesItemLineDetail: { Qty: 1.333, UnitPrice: 95 },
    });
  });

  it('sends a line whose amount is not its rounded product as 1 × the amount, the rate in the description', () => {
    const offByACent = {
      ...invoice,
      lines: [{ ...invoice.lines[0]!, quantityMilli: 1333, amountCents: 12663 }, invoice.lines[1]!],
      subtotalCents: 16503,
      discountCents: 1809,
      totalCents: 16503 - 1809 + 1180,
    };
    const [labor] = salesLines(mapped(offByACent));
    expect(labor).toMatchObject({
      Amount: 126.63,
      Description: 'Diagnose and repair condenser fan (1.333 × $95.00)',
      SalesItemLineDetail: { Qty: 1, UnitPrice: 126.63 },
    });
  });

  it('under Automated Sales Tax sends only Exoserva’s tax as an override: QuickBooks picks the code', () => {
    const result = mapInvoice(invoice, {
      ...context,
      mapping: { ...mapping, automatedSalesTax: true, taxCodes: {} },
    });
    expect(result.ok && result.value.body.TxnTaxDetail).toEqual({ TotalTax: 11.8 });
  });

  it('says explicitly that tax is applied after the discount, as Exoserva computes it', () => {
    expect(mapped().ApplyTaxAfterDiscount).toBe(true);
  });

  it('marks taxable lines TAX and untaxed lines NON', () => {
    const body = mapped({ ...invoice, lines: [invoice.lines[0]!, { ...invoice.lines[1]!, taxable: false }] });
    expect(salesLines(body).map((l) => l.SalesItemLineDetail.TaxCodeRef.value)).toEqual(['TAX', 'NON']);
  });

  it('sends an untaxed invoice with every line NON and a TotalTax of zero, so QuickBooks adds no tax', () => {
    const body = mapped({ ...invoice, tax: null, totalCents: 18090 - 1809 });
    expect(salesLines(body).map((l) => l.SalesItemLineDetail.TaxCodeRef.value)).toEqual(['NON', 'NON']);
    expect(body.TxnTaxDetail).toEqual({ TotalTax: 0 });
  });

  it('merges several discounts into the single discount line QuickBooks allows', () => {
    const body = mapped({
      ...invoice,
      discounts: [
        { id: 'd1', description: 'Loyalty discount 10 %', amountCents: 1809 },
        { id: 'd2', description: 'Coupon SPRING', amountCents: 500 },
      ],
      discountCents: 2309,
      totalCents: 18090 - 2309 + 1180,
    });
    const discounts = body.Line.filter((l): l is QboDiscountLine => l.DetailType === 'DiscountLineDetail');
    expect(discounts).toEqual([
      {
        LineNum: 3,
        Description: 'Loyalty discount 10 %; Coupon SPRING',
        Amount: 23.09,
        DetailType: 'DiscountLineDetail',
        DiscountLineDetail: { PercentBased: false, DiscountAccountRef: { value: '86' } },
      },
    ]);
  });

  it('sends no discount line when there is no discount', () => {
    const body = mapped({ ...invoice, discounts: [], discountCents: 0, totalCents: 18090 + 1180 });
    expect(body.Line.some((l) => l.DetailType === 'DiscountLineDetail')).toBe(false);
  });

  it('returns invalid_tax_rate, not a throw, when the tax rate is not mapped', () => {
    const result = mapInvoice(invoice, { ...context, mapping: { ...mapping, taxCodes: {} } });
    expect(result).toEqual({
      ok: false,
      failure: {
        kind: 'needs_person',
        code: 'invalid_tax_rate',
        title: 'Invalid tax rate',
        fix: 'The tax rate "Springfield sales tax" (7.25 %) has no matching rate in QuickBooks. Create the matching rate in QuickBooks and map it, then retry.',
        details: { taxRateId: 'txr_springfield', taxRateName: 'Springfield sales tax' },
      },
    });
  });

  it('returns dependency_missing when the customer has not reached QuickBooks yet', () => {
    const result = mapInvoice(invoice, { ...context, lookupId: lookupFrom({}) });
    expect(result.ok).toBe(false);
    expect(!result.ok && result.failure).toMatchObject({
      kind: 'retryable',
      code: 'dependency_missing',
      details: { dependencyKind: 'customer', dependencyId: 'cus_okafor' },
    });
  });

  it('returns amount_mismatch naming both numbers when the parts do not add up to the total', () => {
    const result = mapInvoice({ ...invoice, totalCents: 17462 }, context);
    expect(!result.ok && result.failure).toMatchObject({
      kind: 'needs_person',
      code: 'amount_mismatch',
      details: { expectedCents: 17462, actualCents: 17461 },
    });
    expect(!result.ok && result.failure.fix).toContain('should be $174.62 but its parts add up to $174.61');
  });

  it('returns amount_mismatch when the lines do not add up to the subtotal', () => {
    const result = mapInvoice({ ...invoice, subtotalCents: 18000 }, context);
    expect(!result.ok && result.failure).toMatchObject({
      code: 'amount_mismatch',
      details: { expectedCents: 18000, actualCents: 18090 },
    });
  });

  it('omits the due date and memo when Exoserva has none', () => {
    const { dueDate: _d, customerMemo: _m, ...bare } = invoice;
    const body = mapped(bare);
    expect(body).not.toHaveProperty('DueDate');
    expect(body).not.toHaveProperty('CustomerMemo');
  });
});

describe('invoice edits and voids', () => {
  const target = { Id: '130', SyncToken: '2' };

  it('sends a changed memo as a sparse update without lines', () => {
    const previous = mapped();
    const result = mapInvoiceUpdate(
      { ...invoice, customerMemo: 'See you next spring!' },
      context,
      target,
      previous,
    );
    expect(result).toEqual({
      ok: true,
      value: {
        changed: true,
        body: { Id: '130', SyncToken: '2', sparse: true, CustomerMemo: { value: 'See you next spring!' } },
      },
    });
  });

  it('sends every line when any line changed, because QuickBooks replaces lines all or nothing', () => {
    const previous = mapped();
    const edited = {
      ...invoice,
      lines: [invoice.lines[0]!, { ...invoice.lines[1]!, description: 'Run capacitor 45/5 µF 370 V' }],
    };
    const result = mapInvoiceUpdate(edited, context, target, previous);
    const body = result.ok && result.value.changed ? result.value.body : undefined;
    expect(body?.sparse).toBe(true);
    expect((body?.Line as unknown[]).length).toBe(3);
    expect(Object.keys(body ?? {}).sort()).toEqual(['Id', 'Line', 'SyncToken', 'sparse']);
  });

  it('reports nothing to update when only Exoserva-internal fields changed', () => {
    const previous = mapped();
    const result = mapInvoiceUpdate(
      { ...invoice, internalNotes: 'called twice', jobId: 'job_other', version: 5 },
      context,
      target,
      previous,
    );
    expect(result).toEqual({ ok: true, value: { changed: false } });
  });

  it('voids with just the id and the current SyncToken', () => {
    expect(voidBody({ Id: '130', SyncToken: '4' })).toEqual({ Id: '130', SyncToken: '4' });
  });
});

describe('checkQboTotal', () => {
  it('accepts a QuickBooks TotalAmt equal to the Exoserva total', () => {
    expect(checkQboTotal('invoice 1042', 17461, 174.61)).toBeUndefined();
  });

  it('flags a QuickBooks TotalAmt one cent off', () => {
    expect(checkQboTotal('invoice 1042', 17461, 174.62)).toMatchObject({
      kind: 'needs_person',
      code: 'amount_mismatch',
      details: { expectedCents: 17461, actualCents: 17462 },
    });
  });
});
