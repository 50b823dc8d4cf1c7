import type { ExoPayout } from '@exoserva/contracts';
import { describe, expect, it } from 'vitest';
import { monthPeriod } from './month.ts';
import { matchPayouts, type PayoutMatchInput } from './payout-matching.ts';
import type { LinkInfo, QboTxn } from './reconcile-input.ts';

const payout = (id: string, arrivalDate: string, netCents: number, feeCents = 300): ExoPayout => ({
  id,
  tenantId: 't',
  stripePayoutId: `po_${id}`,
  arrivalDate,
  payments: [{ paymentId: `pay_${id}`, amountCents: netCents + feeCents }],
  refunds: [],
  feeCents,
  netCents,
  version: 1,
  updatedAt: '2026-05-01T00:00:00.000Z',
});
const deposit = (id: string, date: string, cents: number, accountId = '1'): QboTxn => ({
  id,
  syncToken: '0',
  date,
  totalCents: cents,
  customerId: null,
  customerName: null,
  docNumber: null,
  taxCents: 0,
  accountId,
});
const run = (over: Partial<PayoutMatchInput>) =>
  matchPayouts({
    payouts: [],
    deposits: [],
    bankAccountIds: ['1'],
    period: monthPeriod('2026-05'),
    links: new Map(),
    paymentLinks: new Map(),
    work: new Map(),
    ...over,
  });
const link = (qboId: string): LinkInfo => ({ qboId, recordVersion: 1 });

describe('payouts ↔ deposits', () => {
  it('matches a linked deposit of the same amount within 2 business days (Friday → Tuesday)', () => {
    const r = run({
      payouts: [payout('a', '2026-05-01', 97_00)],
      deposits: [deposit('D1', '2026-05-05', 97_00)],
      links: new Map([['a', link('D1')]]),
    });
    expect(r.lines[0]).toMatchObject({
      matched: true,
      businessDaysApart: 2,
      cause: null,
      fix: { action: 'none' },
    });
    expect(r.unmatchedDeposits).toEqual([]);
  });

  it('flags a date three business days away, and the fee line missing from a deposit', () => {
    const r = run({
      payouts: [payout('a', '2026-05-01', 97_00), payout('b', '2026-05-11', 50_00, 150)],
      deposits: [deposit('D1', '2026-05-06', 97_00), deposit('D2', '2026-05-11', 51_50)],
      links: new Map([
        ['a', link('D1')],
        ['b', link('D2')],
      ]),
    });
    const byId = Object.fromEntries(r.lines.map((l) => [l.payoutId, l]));
    expect(byId.a).toMatchObject({
      matched: false,
      cause: 'date_too_far',
      businessDaysApart: 3,
      fix: { action: 'resync' },
    });
    expect(byId.b).toMatchObject({ matched: false, cause: 'fee_line', fix: { action: 'resync' } });
  });

  it('calls any other amount an amount difference, and a vanished deposit missing', () => {
    const r = run({
      payouts: [payout('a', '2026-05-04', 97_00), payout('b', '2026-05-04', 10_00)],
      deposits: [deposit('D1', '2026-05-04', 96_00)],
      links: new Map([
        ['a', link('D1')],
        ['b', link('D404')],
      ]),
    });
    expect(r.lines.map((l) => [l.payoutId, l.cause])).toEqual([
      ['a', 'amount_differs'],
      ['b', 'deposit_missing'],
    ]);
  });

  it('explains an unsynced payout by its queue row, and offers to link a hand-entered deposit that fits', () => {
    const r = run({
      payouts: [payout('a', '2026-05-04', 97_00), payout('b', '2026-05-04', 12_00)],
      deposits: [deposit('H1', '2026-05-05', 97_00), deposit('H2', '2026-05-20', 12_00)],
      work: new Map([
        [
          'payout:b',
          { state: 'failed', held: false, failure: { code: 'payout_not_positive', title: 'T', fix: 'F' } },
        ],
      ]),
    });
    const byId = Object.fromEntries(r.lines.map((l) => [l.payoutId, l]));
    expect(byId.a).toMatchObject({
      cause: 'not_synced',
      fix: { action: 'link', quickbooksId: 'H1' },
      deposit: { id: 'H1' },
    });
    // The same amount 11 business days later is not this payout's deposit.
    expect(byId.b).toMatchObject({
      cause: 'not_synced',
      fix: { action: 'retry' },
      deposit: null,
      failure: { code: 'payout_not_positive' },
    });
    expect(r.unmatchedDeposits).toEqual([
      { id: 'H2', date: '2026-05-20', amountCents: 12_00, docNumber: null, url: null },
    ]);
  });

  it('lists deposits entered by hand in the month, not other accounts’ or next month’s, nor another payout’s', () => {
    const r = run({
      payouts: [],
      deposits: [
        deposit('H1', '2026-05-15', 5_00),
        deposit('X1', '2026-05-15', 5_00, '2'),
        deposit('H2', '2026-06-02', 5_00),
        deposit('L1', '2026-05-01', 7_00),
      ],
      links: new Map([['april_payout', link('L1')]]),
    });
    expect(r.unmatchedDeposits.map((d) => d.id)).toEqual(['H1']);
  });

  it('explains the bookkeeper’s deposit of synced checks, and lists one with anything else in it', () => {
    const r = run({
      deposits: [
        {
          ...deposit('S1', '2026-05-12', 3_329_71),
          linked: [
            { type: 'Payment', id: 'P1' },
            { type: 'Payment', id: 'P2' },
          ],
          directLines: 0,
        },
        { ...deposit('S2', '2026-05-13', 150_00), linked: [{ type: 'Payment', id: 'P1' }], directLines: 1 },
        { ...deposit('S3', '2026-05-14', 80_00), linked: [{ type: 'Payment', id: 'P9' }], directLines: 0 },
      ],
      paymentLinks: new Map([
        ['pay_1', link('P1')],
        ['pay_2', link('P2')],
      ]),
    });
    expect(r.paymentsDeposits).toEqual([
      { id: 'S1', date: '2026-05-12', amountCents: 3_329_71, payments: 2, url: null },
    ]);
    // A direct line (cash from elsewhere), or a payment Exoserva never sent: not explained by synced payments.
    expect(r.unmatchedDeposits.map((d) => d.id)).toEqual(['S2', 'S3']);
  });

  it('lists unmatched payouts first', () => {
    const r = run({
      payouts: [payout('ok', '2026-05-04', 1_00), payout('bad', '2026-05-20', 2_00)],
      deposits: [deposit('D1', '2026-05-04', 1_00)],
      links: new Map([['ok', link('D1')]]),
    });
    expect(r.lines.map((l) => l.payoutId)).toEqual(['bad', 'ok']);
  });
});
