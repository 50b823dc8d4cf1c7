/**
 * GUIDE step 6, "What does NOT sync": jobs, estimates, internal notes, attachments. Every payload the core
 * can build from the fixtures is serialized and searched for them.
 */
import { describe, expect, it } from 'vitest';
import { mapCustomer, mapCustomerUpdate } from './customer-mapper.ts';
import { mapPayout } from './deposit-mapper.ts';
import { mapInvoice, mapInvoiceUpdate } from './invoice-mapper.ts';
import { mapPayment } from './payment-mapper.ts';
import { mapRefund } from './refund-mapper.ts';
import {
  cardPayment,
  checkPayment,
  context,
  customer,
  invoice,
  partialCardRefund,
  payout,
  paymentMethodIds,
} from './testing/fixtures.ts';

function everyPayload(): unknown[] {
  const target = { Id: '1', SyncToken: '0' };
  const original = mapInvoice(invoice, context);
  if (!original.ok) throw new Error(original.failure.fix);
  const edited = { ...invoice, internalNotes: `${invoice.internalNotes} again`, customerMemo: 'New memo' };
  return [
    mapCustomer(customer),
    mapCustomerUpdate(customer, target),
    mapInvoice(invoice, context),
    mapInvoiceUpdate(edited, context, target),
    mapInvoiceUpdate(edited, context, target, original.value.body),
    mapPayment(cardPayment, context, { paymentMethodId: paymentMethodIds.visa }),
    mapPayment(checkPayment, context, { paymentMethodId: paymentMethodIds.check }),
    mapRefund(partialCardRefund, context, {
      payment: cardPayment,
      invoice,
      refundsOfInvoice: [partialCardRefund],
      paymentMethodId: paymentMethodIds.visa,
    }),
    mapPayout(payout, context),
  ];
}

describe('what never leaves Exoserva', () => {
  const json = JSON.stringify(everyPayload());

  it('builds every payload successfully', () => {
    for (const payload of everyPayload()) expect(payload).not.toMatchObject({ ok: false });
  });

  it('never sends internal notes', () => {
    expect(json).not.toContain('SECRET-NOTE');
    expect(json).not.toContain('dog bites');
    expect(json.toLowerCase()).not.toContain('internalnote');
  });

  it('never sends attachments', () => {
    expect(json).not.toContain('SECRET-PHOTO');
    expect(json).not.toContain('att_1');
    expect(json).not.toMatch(/attach/i);
  });

  it('never sends the job', () => {
    expect(json).not.toContain('job_SECRET_77');
    expect(json).not.toMatch(/job/i);
  });

  it('never sends estimates', () => {
    expect(json).not.toMatch(/estimate/i);
  });

  it('never sends the staff-facing refund reason', () => {
    expect(json).not.toContain('SECRET-REASON');
  });

  it('never sends tenant ids or Exoserva timestamps', () => {
    expect(json).not.toContain('ten_coolbreeze');
    expect(json).not.toMatch(/\d{4}-\d{2}-\d{2}T/);
  });
});
