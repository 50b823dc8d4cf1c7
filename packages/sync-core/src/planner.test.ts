import { describe, expect, it } from 'vitest';
import {
  chooseOperation,
  dependenciesOf,
  planWork,
  refKey,
  workItemFor,
  type RecordRef,
  type WorkItem,
} from './planner.ts';
import { cardPayment, customer, invoice, partialCardRefund, payout } from './testing/fixtures.ts';

const ref = (kind: RecordRef['kind'], exoId: string): RecordRef => ({ kind, exoId });
const item = (kind: RecordRef['kind'], exoId: string, ...dependsOn: RecordRef[]): WorkItem => ({
  kind,
  exoId,
  dependsOn,
});

function setOf(refs: RecordRef[]) {
  const keys = new Set(refs.map(refKey));
  return (r: RecordRef) => keys.has(refKey(r));
}

const names = (items: { kind: string; exoId: string }[]) => items.map((i) => `${i.kind}:${i.exoId}`);

describe('dependenciesOf', () => {
  it('puts the customer before the invoice', () => {
    expect(dependenciesOf({ kind: 'customer', record: customer })).toEqual([]);
    expect(dependenciesOf({ kind: 'invoice', record: invoice })).toEqual([ref('customer', 'cus_okafor')]);
  });

  it('puts the invoice before its payment', () => {
    expect(dependenciesOf({ kind: 'payment', record: cardPayment })).toEqual([
      ref('customer', 'cus_okafor'),
      ref('invoice', 'inv_123'),
    ]);
  });

  it('puts a refund after the payment it refunds', () => {
    expect(dependenciesOf({ kind: 'refund', record: partialCardRefund })).toEqual([
      ref('customer', 'cus_okafor'),
      ref('payment', 'pay_card_1'),
    ]);
  });

  it('puts a payout after every payment and refund it settles', () => {
    expect(dependenciesOf({ kind: 'payout', record: payout })).toEqual([
      ref('payment', 'pay_card_1'),
      ref('payment', 'pay_card_2'),
      ref('refund', 'ref_1'),
    ]);
  });

  it('builds a work item from a record', () => {
    expect(workItemFor({ kind: 'invoice', record: invoice })).toEqual({
      kind: 'invoice',
      exoId: 'inv_123',
      dependsOn: [ref('customer', 'cus_okafor')],
    });
  });
});

describe('planWork', () => {
  const chain = [
    item('payout', 'po_1', ref('payment', 'pay_1')),
    item('payment', 'pay_1', ref('customer', 'cus_1'), ref('invoice', 'inv_1')),
    item('invoice', 'inv_1', ref('customer', 'cus_1')),
    item('customer', 'cus_1'),
  ];

  it('sends the customer first and lets the rest wait for it', () => {
    const plan = planWork({ pending: chain, isSynced: setOf([]), isBlocked: setOf([]) });
    expect(names(plan.ready)).toEqual(['customer:cus_1']);
    expect(plan.waiting.map((w) => [refKey(w.item), w.on.map(refKey)])).toEqual([
      ['invoice:inv_1', ['customer:cus_1']],
      ['payment:pay_1', ['customer:cus_1', 'invoice:inv_1']],
      ['payout:po_1', ['payment:pay_1']],
    ]);
    expect(plan.blocked).toEqual([]);
  });

  it('makes a record ready once everything it depends on is in QuickBooks', () => {
    const plan = planWork({
      pending: chain.slice(0, 2),
      isSynced: setOf([ref('customer', 'cus_1'), ref('invoice', 'inv_1')]),
      isBlocked: setOf([]),
    });
    expect(names(plan.ready)).toEqual(['payment:pay_1']);
    expect(names(plan.waiting.map((w) => w.item))).toEqual(['payout:po_1']);
  });

  it('orders ready records customers, invoices, payments, refunds, payouts', () => {
    const pending = [
      item('payout', 'po_9'),
      item('refund', 'ref_9'),
      item('payment', 'pay_9'),
      item('invoice', 'inv_9'),
      item('customer', 'cus_9'),
    ];
    const plan = planWork({ pending, isSynced: setOf([]), isBlocked: setOf([]) });
    expect(names(plan.ready)).toEqual([
      'customer:cus_9',
      'invoice:inv_9',
      'payment:pay_9',
      'refund:ref_9',
      'payout:po_9',
    ]);
  });

  it('blocks only what depends on a failure that needs a person', () => {
    const pending = [...chain, item('customer', 'cus_2'), item('invoice', 'inv_2', ref('customer', 'cus_2'))];
    const plan = planWork({ pending, isSynced: setOf([]), isBlocked: setOf([ref('customer', 'cus_1')]) });
    expect(names(plan.ready)).toEqual(['customer:cus_2']);
    expect(names(plan.waiting.map((w) => w.item))).toEqual(['invoice:inv_2']);
    expect(plan.blocked.map((b) => [refKey(b.item), b.by.map(refKey)])).toEqual([
      ['customer:cus_1', ['customer:cus_1']],
      ['invoice:inv_1', ['customer:cus_1']],
      ['payment:pay_1', ['customer:cus_1']],
      ['payout:po_1', ['customer:cus_1']],
    ]);
  });

  it('blocks on a failed dependency that is no longer pending', () => {
    const plan = planWork({
      pending: [item('invoice', 'inv_1', ref('customer', 'cus_1'))],
      isSynced: setOf([]),
      isBlocked: setOf([ref('customer', 'cus_1')]),
    });
    expect(plan.blocked.map((b) => b.by.map(refKey))).toEqual([['customer:cus_1']]);
  });

  it('waits on a dependency it has not been told about yet rather than sending too early', () => {
    const plan = planWork({
      pending: [item('invoice', 'inv_1', ref('customer', 'cus_new'))],
      isSynced: setOf([]),
      isBlocked: setOf([]),
    });
    expect(plan.ready).toEqual([]);
    expect(plan.waiting.map((w) => w.on.map(refKey))).toEqual([['customer:cus_new']]);
  });

  it('names every failed root when a payout depends on two blocked payments', () => {
    const pending = [
      item('payment', 'pay_a'),
      item('payment', 'pay_b'),
      item('payout', 'po_1', ref('payment', 'pay_a'), ref('payment', 'pay_b')),
    ];
    const plan = planWork({
      pending,
      isSynced: setOf([]),
      isBlocked: setOf([ref('payment', 'pay_a'), ref('payment', 'pay_b')]),
    });
    expect(plan.blocked.find((b) => b.item.kind === 'payout')?.by.map(refKey)).toEqual([
      'payment:pay_a',
      'payment:pay_b',
    ]);
  });

  it('throws on a dependency cycle, which only a bug can produce', () => {
    const pending = [item('invoice', 'a', ref('invoice', 'b')), item('invoice', 'b', ref('invoice', 'a'))];
    expect(() => planWork({ pending, isSynced: setOf([]), isBlocked: setOf([]) })).toThrow(/cycle/);
  });
});

describe('chooseOperation', () => {
  const synced = { qboId: '130', syncToken: '2', payloadHash: 'h1' };

  it('creates what QuickBooks has never seen', () => {
    expect(chooseOperation({ kind: 'invoice', record: invoice }, undefined, 'h1')).toBe('create');
  });

  it('skips an update when the body hash has not changed', () => {
    expect(chooseOperation({ kind: 'invoice', record: invoice }, synced, 'h1')).toBe('skip');
  });

  it('updates when the body hash changed', () => {
    expect(chooseOperation({ kind: 'invoice', record: invoice }, synced, 'h2')).toBe('update');
  });

  it('voids a voided invoice once, and never one QuickBooks has not seen', () => {
    const voided = { kind: 'invoice' as const, record: { ...invoice, status: 'void' as const } };
    expect(chooseOperation(voided, synced, undefined)).toBe('void');
    expect(chooseOperation(voided, { ...synced, voided: true }, undefined)).toBe('skip');
    expect(chooseOperation(voided, undefined, undefined)).toBe('skip');
  });
});
