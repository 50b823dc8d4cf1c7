import { describe, expect, it } from 'vitest';
import { amountCause, compareKind, unsyncedCause, type ComparableRecord } from './record-comparison.ts';
import type { QboTxn } from './reconcile-input.ts';

const record = (id: string, date: string, amountCents: number, version = 1): ComparableRecord => ({
  id,
  label: id.toUpperCase(),
  date,
  amountCents,
  customerId: 'cus_1',
  customerName: 'Ada',
  version,
  figures: ['payments'],
});
const doc = (id: string, date: string, totalCents: number): QboTxn => ({
  id,
  syncToken: '0',
  date,
  totalCents,
  customerId: '58',
  customerName: 'Ada',
  docNumber: null,
  taxCents: 0,
  accountId: '4',
});

describe('record by record', () => {
  it('maps each sync queue state to a cause and the fix that exists', () => {
    expect(unsyncedCause(undefined)).toEqual({ cause: 'never_queued', fix: { action: 'retry' } });
    expect(unsyncedCause({ state: 'failed', held: false, failure: null }).cause).toBe('sync_failed');
    expect(unsyncedCause({ state: 'blocked', held: false, failure: null })).toEqual({
      cause: 'sync_blocked',
      fix: { action: 'none' },
    });
    expect(unsyncedCause({ state: 'pending', held: true, failure: null }).fix).toEqual({ action: 'none' });
    expect(unsyncedCause({ state: 'pending', held: false, failure: null }).cause).toBe('sync_pending');
  });

  it('calls a refund amount difference a partial reversal whatever the versions say', () => {
    const r = record('ref_1', '2026-05-02', 10_00, 3);
    expect(amountCause('refund', r, { qboId: '1', recordVersion: 1 }).cause).toBe('partial_refund');
    expect(amountCause('payment', r, { qboId: '1', recordVersion: 1 }).cause).toBe('not_resent');
    expect(amountCause('payment', r, { qboId: '1', recordVersion: 3 }).cause).toBe('changed_in_quickbooks');
    expect(amountCause('payment', r, { qboId: '1', recordVersion: null }).cause).toBe(
      'changed_in_quickbooks',
    );
  });

  it('catches a document re-dated into the month and a linked document that left it', () => {
    const april = record('pay_apr', '2026-04-30', 5_00);
    const may = record('pay_may', '2026-05-10', 7_00);
    const out = compareKind({
      kind: 'payment',
      records: [may],
      allRecords: new Map([
        [april.id, april],
        [may.id, may],
      ]),
      documents: [doc('Q1', '2026-05-01', 5_00)],
      links: new Map([
        ['pay_apr', { qboId: 'Q1', recordVersion: 1 }],
        ['pay_may', { qboId: 'Q2', recordVersion: 1 }],
      ]),
      customerLinks: new Map([['cus_1', { qboId: '58', recordVersion: 1 }]]),
      work: new Map(),
      documentFigures: ['payments'],
    });
    expect(out.map((d) => [d.key, d.cause, d.differenceCents])).toEqual([
      ['payment:pay_may', 'missing_in_quickbooks', 7_00],
      ['payment:pay_apr', 'changed_in_quickbooks', -5_00],
    ]);
  });

  it('pairs each hand-entered document with one unsynced record only', () => {
    const a = record('pay_a', '2026-05-10', 7_00);
    const b = record('pay_b', '2026-05-10', 7_00);
    const out = compareKind({
      kind: 'payment',
      records: [a, b],
      allRecords: new Map([
        [a.id, a],
        [b.id, b],
      ]),
      documents: [doc('H1', '2026-05-10', 7_00)],
      links: new Map(),
      customerLinks: new Map([['cus_1', { qboId: '58', recordVersion: 1 }]]),
      work: new Map(),
      documentFigures: ['payments'],
    });
    expect(out.map((d) => [d.key, d.fix])).toEqual([
      ['payment:pay_a', { action: 'link', quickbooksId: 'H1' }],
      ['payment:pay_b', { action: 'retry' }],
    ]);
    expect(out.reduce((s, d) => s + d.differenceCents, 0)).toBe(7_00);
  });
});
