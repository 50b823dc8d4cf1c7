/**
 * Exoserva's business records for each tenant: customers, invoices, payments, refunds, Stripe payouts, jobs
 * and estimates, shaped exactly as `@exoserva/contracts` (exoserva-domain.ts). Money is integer cents and
 * every total is computed here, once, with integer math. Every write bumps the record's version and hands
 * back the domain event that announces it; the caller (routes) passes events to the dispatcher.
 */
import { randomBytes } from 'node:crypto';
import type {
  Address,
  ExoCustomer,
  ExoEvent,
  ExoEventType,
  ExoInvoice,
  ExoInvoiceDiscount,
  ExoInvoiceLine,
  ExoPayment,
  ExoPayout,
  ExoPayoutAdjustment,
  ExoRefund,
  CardBrand,
  PaymentMethod,
} from '@exoserva/contracts';
import { STRIPE_SETTLED_METHODS } from '@exoserva/contracts';
import type { Clock } from './clock.ts';

export interface TaxRate {
  id: string;
  name: string;
  /** 8.15 % = 81500. */
  rateMillionths: number;
}

/** Exoserva-only records: they never leave Exoserva (GUIDE step 6). */
export interface Job {
  id: string;
  tenantId: string;
  customerId: string;
  title: string;
  internalNotes?: string;
  createdAt: string;
}

export interface Estimate {
  id: string;
  tenantId: string;
  customerId: string;
  jobId?: string;
  totalCents: number;
  description: string;
  createdAt: string;
}

export type RecordKind = 'customer' | 'invoice' | 'payment' | 'refund' | 'payout';

/** An expected refusal (400/404/409 at the route); bugs stay exceptions. */
export class RecordError extends Error {
  constructor(
    readonly status: 400 | 404 | 409,
    readonly code: 'validation_failed' | 'not_found' | 'conflict',
    message: string,
  ) {
    super(message);
    this.name = 'RecordError';
  }
}

export interface NewCustomer {
  displayName: string;
  companyName?: string | undefined;
  givenName?: string | undefined;
  familyName?: string | undefined;
  email?: string | undefined;
  phone?: string | undefined;
  billingAddress?: Address | undefined;
  serviceAddress?: Address | undefined;
}

export interface NewInvoiceLine {
  kind: 'labor' | 'part';
  description: string;
  quantityMilli: number;
  unitPriceCents: number;
  taxable?: boolean | undefined;
}

export interface NewInvoice {
  customerId: string;
  lines: NewInvoiceLine[];
  discounts?: { description: string; amountCents: number }[] | undefined;
  taxRateId?: string | undefined;
  issueDate?: string | undefined;
  dueDate?: string | undefined;
  customerMemo?: string | undefined;
  internalNotes?: string | undefined;
  attachments?: { fileName: string }[] | undefined;
  jobId?: string | undefined;
  number?: string | undefined;
}

export const DEFAULT_TAX_RATES: TaxRate[] = [
  { id: 'tax_denver', name: 'Denver combined', rateMillionths: 81_500 },
  { id: 'tax_state', name: 'State only', rateMillionths: 29_000 },
];

/** round(a / b) half away from zero, exactly, for integers (BigInt: no float ever touches money). */
export function divRound(numerator: bigint, denominator: bigint): bigint {
  const negative = numerator < 0n !== denominator < 0n;
  const n = numerator < 0n ? -numerator : numerator;
  const d = denominator < 0n ? -denominator : denominator;
  const q = (n * 2n + d) / (2n * d);
  return negative ? -q : q;
}

/** quantity (thousandths) × unit price (cents), rounded half away from zero to the cent. */
export function lineAmountCents(quantityMilli: number, unitPriceCents: number): number {
  return Number(divRound(BigInt(quantityMilli) * BigInt(unitPriceCents), 1000n));
}

/**
 * Tax on the taxable lines after their share of the discount: the discount is prorated over the subtotal
 * (taxable share rounded to the cent), then the rate applies, rounded half away from zero.
 */
export function taxCents(
  taxableCents: number,
  subtotalCents: number,
  discountCents: number,
  rateMillionths: number,
): number {
  if (taxableCents === 0 || subtotalCents === 0) return 0;
  const taxableDiscount = divRound(BigInt(discountCents) * BigInt(taxableCents), BigInt(subtotalCents));
  const base = BigInt(taxableCents) - taxableDiscount;
  return Number(divRound(base * BigInt(rateMillionths), 1_000_000n));
}

const shortId = (prefix: string) => `${prefix}_${randomBytes(6).toString('hex')}`;

export class RecordStore {
  readonly customers = new Map<string, ExoCustomer>();
  readonly invoices = new Map<string, ExoInvoice>();
  readonly payments = new Map<string, ExoPayment>();
  readonly refunds = new Map<string, ExoRefund>();
  readonly payouts = new Map<string, ExoPayout>();
  readonly jobs = new Map<string, Job>();
  readonly estimates = new Map<string, Estimate>();
  private readonly taxRates = new Map<string, TaxRate[]>();
  /** Payments, refunds and adjustments already netted into a payout (Stripe settles each once). */
  private readonly paidOut = new Set<string>();
  /** Disputes and their fees Stripe has taken but no payout has netted yet, per tenant. */
  private readonly pendingAdjustments = new Map<string, ExoPayoutAdjustment[]>();
  /** Cents paid per invoice and refunded per payment, kept as records change: a scan of every payment per new
   * payment made a 10,000-record benchmark's harness quadratic. */
  private readonly paidByInvoice = new Map<string, number>();
  private readonly refundedByPayment = new Map<string, number>();
  private readonly invoiceCounters = new Map<string, number>();
  /**
   * Invoice numbers start with a per-process prefix: the QBO sandbox keeps its companies in a state file
   * across restarts while this store starts empty, and a reused number would clash with an old DocNumber.
   */
  private readonly numberPrefix = randomBytes(2).toString('hex').toUpperCase();

  constructor(private readonly clock: Clock) {}

  private now(): string {
    return this.clock.now().toISOString();
  }

  private today(): string {
    return this.now().slice(0, 10);
  }

  private event(type: ExoEventType, tenantId: string, record: { id: string; version: number }): ExoEvent {
    return {
      id: shortId('evt'),
      type,
      tenantId,
      occurredAt: this.now(),
      data: { objectId: record.id, objectVersion: record.version },
    };
  }

  // ---- tax rates -------------------------------------------------------------------------------------

  listTaxRates(tenantId: string): TaxRate[] {
    return this.taxRates.get(tenantId) ?? DEFAULT_TAX_RATES;
  }

  setTaxRates(tenantId: string, rates: TaxRate[]): void {
    this.taxRates.set(tenantId, rates);
  }

  // ---- reads ---------------------------------------------------------------------------------------

  get(kind: RecordKind, tenantId: string, id: string) {
    const map = this.mapOf(kind);
    const record = map.get(id);
    return record && record.tenantId === tenantId ? record : undefined;
  }

  list(kind: RecordKind, tenantId: string) {
    return [...this.mapOf(kind).values()].filter((r) => r.tenantId === tenantId);
  }

  private mapOf(kind: RecordKind): Map<string, { id: string; tenantId: string }> {
    switch (kind) {
      case 'customer':
        return this.customers;
      case 'invoice':
        return this.invoices;
      case 'payment':
        return this.payments;
      case 'refund':
        return this.refunds;
      case 'payout':
        return this.payouts;
    }
  }

  private must<T extends { tenantId: string }>(
    map: Map<string, T>,
    tenantId: string,
    id: string,
    what: string,
  ): T {
    const record = map.get(id);
    if (!record || record.tenantId !== tenantId) throw new RecordError(404, 'not_found', `No ${what} ${id}.`);
    return record;
  }

  // ---- customers -----------------------------------------------------------------------------------

  createCustomer(tenantId: string, input: NewCustomer): { record: ExoCustomer; event: ExoEvent } {
    const record: ExoCustomer = {
      id: shortId('cus'),
      tenantId,
      ...clean(input),
      version: 1,
      createdAt: this.now(),
      updatedAt: this.now(),
    };
    this.customers.set(record.id, record);
    return { record, event: this.event('customer.created', tenantId, record) };
  }

  updateCustomer(
    tenantId: string,
    id: string,
    patch: Partial<NewCustomer>,
  ): { record: ExoCustomer; event: ExoEvent } {
    const current = this.must(this.customers, tenantId, id, 'customer');
    const record: ExoCustomer = {
      ...current,
      ...clean(patch),
      version: current.version + 1,
      updatedAt: this.now(),
    };
    this.customers.set(id, record);
    return { record, event: this.event('customer.updated', tenantId, record) };
  }

  // ---- invoices ------------------------------------------------------------------------------------

  createInvoice(tenantId: string, input: NewInvoice): { record: ExoInvoice; event: ExoEvent } {
    this.must(this.customers, tenantId, input.customerId, 'customer');
    const counter = (this.invoiceCounters.get(tenantId) ?? 1000) + 1;
    this.invoiceCounters.set(tenantId, counter);
    const computed = this.computeInvoice(tenantId, input);
    const record: ExoInvoice = {
      id: shortId('inv'),
      tenantId,
      number: input.number ?? `${this.numberPrefix}-${counter}`,
      customerId: input.customerId,
      issueDate: input.issueDate ?? this.today(),
      status: 'open',
      ...computed,
      ...(input.dueDate ? { dueDate: input.dueDate } : {}),
      ...(input.customerMemo ? { customerMemo: input.customerMemo } : {}),
      ...(input.internalNotes ? { internalNotes: input.internalNotes } : {}),
      attachments: (input.attachments ?? []).map((a) => ({ id: shortId('att'), fileName: a.fileName })),
      ...(input.jobId ? { jobId: input.jobId } : {}),
      version: 1,
      updatedAt: this.now(),
    };
    this.invoices.set(record.id, record);
    return { record, event: this.event('invoice.created', tenantId, record) };
  }

  /** Replaces lines/discounts/tax/memo/dates of an open invoice without payments. */
  updateInvoice(
    tenantId: string,
    id: string,
    patch: Partial<Omit<NewInvoice, 'customerId' | 'number'>>,
  ): { record: ExoInvoice; event: ExoEvent } {
    const current = this.must(this.invoices, tenantId, id, 'invoice');
    if (current.status !== 'open')
      throw new RecordError(409, 'conflict', `Invoice ${id} is ${current.status}.`);
    if (this.paidCents(id) > 0) throw new RecordError(409, 'conflict', `Invoice ${id} has payments.`);
    const lines = patch.lines ?? current.lines;
    const discounts = patch.discounts ?? current.discounts;
    const taxRateId = 'taxRateId' in patch ? patch.taxRateId : current.tax?.taxRateId;
    const computed = this.computeInvoice(tenantId, {
      customerId: current.customerId,
      lines,
      discounts,
      taxRateId,
    });
    const record: ExoInvoice = {
      ...current,
      ...computed,
      ...(patch.issueDate ? { issueDate: patch.issueDate } : {}),
      ...(patch.dueDate ? { dueDate: patch.dueDate } : {}),
      ...(patch.customerMemo !== undefined ? { customerMemo: patch.customerMemo } : {}),
      ...(patch.internalNotes !== undefined ? { internalNotes: patch.internalNotes } : {}),
      version: current.version + 1,
      updatedAt: this.now(),
    };
    this.invoices.set(id, record);
    return { record, event: this.event('invoice.updated', tenantId, record) };
  }

  voidInvoice(tenantId: string, id: string): { record: ExoInvoice; event: ExoEvent } {
    const current = this.must(this.invoices, tenantId, id, 'invoice');
    if (current.status === 'void') throw new RecordError(409, 'conflict', `Invoice ${id} is already void.`);
    if (this.paidCents(id) > 0)
      throw new RecordError(409, 'conflict', `Invoice ${id} has payments; refund them first.`);
    const record: ExoInvoice = {
      ...current,
      status: 'void',
      version: current.version + 1,
      updatedAt: this.now(),
    };
    this.invoices.set(id, record);
    return { record, event: this.event('invoice.voided', tenantId, record) };
  }

  private computeInvoice(
    tenantId: string,
    input: Pick<NewInvoice, 'customerId' | 'taxRateId'> & {
      lines: (NewInvoiceLine | ExoInvoiceLine)[];
      discounts?: { description: string; amountCents: number; id?: string }[] | undefined;
    },
  ) {
    if (input.lines.length === 0) throw new RecordError(400, 'validation_failed', 'An invoice needs a line.');
    const lines: ExoInvoiceLine[] = input.lines.map((l) => ({
      id: 'id' in l && l.id ? l.id : shortId('lin'),
      kind: l.kind,
      description: l.description,
      quantityMilli: l.quantityMilli,
      unitPriceCents: l.unitPriceCents,
      amountCents: lineAmountCents(l.quantityMilli, l.unitPriceCents),
      taxable: l.taxable ?? l.kind === 'part',
    }));
    const discounts: ExoInvoiceDiscount[] = (input.discounts ?? []).map((d) => ({
      id: d.id ?? shortId('dis'),
      description: d.description,
      amountCents: d.amountCents,
    }));
    const subtotalCents = lines.reduce((s, l) => s + l.amountCents, 0);
    const discountCents = discounts.reduce((s, d) => s + d.amountCents, 0);
    if (discountCents > subtotalCents)
      throw new RecordError(400, 'validation_failed', 'Discounts exceed the subtotal.');
    let tax: ExoInvoice['tax'] = null;
    if (input.taxRateId) {
      const rate = this.listTaxRates(tenantId).find((r) => r.id === input.taxRateId);
      if (!rate) throw new RecordError(400, 'validation_failed', `No tax rate ${input.taxRateId}.`);
      const taxable = lines.filter((l) => l.taxable).reduce((s, l) => s + l.amountCents, 0);
      tax = {
        taxRateId: rate.id,
        name: rate.name,
        rateMillionths: rate.rateMillionths,
        amountCents: taxCents(taxable, subtotalCents, discountCents, rate.rateMillionths),
      };
    }
    const totalCents = subtotalCents - discountCents + (tax?.amountCents ?? 0);
    if (totalCents <= 0)
      throw new RecordError(400, 'validation_failed', 'An invoice must total more than $0.');
    return { lines, discounts, tax, subtotalCents, discountCents, totalCents };
  }

  /** Σ payments on the invoice (refunds don't reopen it). */
  paidCents(invoiceId: string): number {
    return this.paidByInvoice.get(invoiceId) ?? 0;
  }

  // ---- payments, refunds, payouts ------------------------------------------------------------------

  /**
   * Marks an invoice paid (in full by default, or part of it). Returns the payment's event, and the invoice's
   * update event when the invoice becomes paid.
   */
  recordPayment(
    tenantId: string,
    invoiceId: string,
    input: {
      method: PaymentMethod;
      amountCents?: number | undefined;
      tipCents?: number | undefined;
      cardBrand?: CardBrand | undefined;
      last4?: string | undefined;
      checkNumber?: string | undefined;
      receivedOn?: string | undefined;
    },
  ): { record: ExoPayment; events: ExoEvent[] } {
    const invoice = this.must(this.invoices, tenantId, invoiceId, 'invoice');
    if (invoice.status === 'void') throw new RecordError(409, 'conflict', `Invoice ${invoiceId} is void.`);
    const balance = invoice.totalCents - this.paidCents(invoiceId);
    const amountCents = input.amountCents ?? balance;
    if (amountCents <= 0 || amountCents > balance) {
      throw new RecordError(
        409,
        'conflict',
        `Invoice ${invoice.number} has ${balance} cents open; cannot take ${amountCents}.`,
      );
    }
    const stripe = STRIPE_SETTLED_METHODS.includes(input.method);
    if (input.tipCents && input.method !== 'card')
      throw new RecordError(400, 'validation_failed', 'Only card payments carry a tip.');
    const id = shortId('pay');
    const record: ExoPayment = {
      id,
      tenantId,
      invoiceId,
      customerId: invoice.customerId,
      amountCents,
      ...(input.tipCents ? { tipCents: input.tipCents } : {}),
      method: input.method,
      receivedOn: input.receivedOn ?? this.today(),
      ...(stripe ? { stripeChargeId: `ch_${randomBytes(12).toString('hex')}` } : {}),
      ...(input.method === 'card'
        ? { cardBrand: input.cardBrand ?? 'visa', last4: input.last4 ?? '4242' }
        : {}),
      ...(input.method === 'ach' ? { last4: input.last4 ?? '6789' } : {}),
      ...(input.method === 'check' && input.checkNumber ? { checkNumber: input.checkNumber } : {}),
      version: 1,
      updatedAt: this.now(),
    };
    this.payments.set(id, record);
    this.add(this.paidByInvoice, invoiceId, amountCents);
    const events = [this.event('payment.received', tenantId, record)];
    if (amountCents === balance) {
      const paid: ExoInvoice = {
        ...invoice,
        status: 'paid',
        version: invoice.version + 1,
        updatedAt: this.now(),
      };
      this.invoices.set(invoiceId, paid);
      events.push(this.event('invoice.updated', tenantId, paid));
    }
    return { record, events };
  }

  refundedCents(paymentId: string): number {
    return this.refundedByPayment.get(paymentId) ?? 0;
  }

  private add(totals: Map<string, number>, id: string, cents: number): void {
    totals.set(id, (totals.get(id) ?? 0) + cents);
  }

  /**
   * A full refund (no amount, or the whole payment) or a partial one. With `lines`, the refund gives back those
   * invoice lines (each whole, or the amount given): their share of the discount and their tax come with them,
   * computed the way the invoice computed its own, and the refund's amount is what that adds up to.
   */
  issueRefund(
    tenantId: string,
    paymentId: string,
    input: {
      amountCents?: number | undefined;
      lines?: { lineId: string; amountCents?: number | undefined }[] | undefined;
      reason?: string | undefined;
      issuedOn?: string | undefined;
    },
  ): { record: ExoRefund; event: ExoEvent } {
    const payment = this.must(this.payments, tenantId, paymentId, 'payment');
    const already = this.refundedCents(paymentId);
    const left = payment.amountCents - already;
    const allocation = input.lines
      ? this.lineAllocation(tenantId, payment.invoiceId, input.lines)
      : undefined;
    const fromLines = allocation
      ? allocation.lines.reduce((s, l) => s + l.amountCents, 0) -
        allocation.discountCents +
        allocation.taxCents
      : undefined;
    if (fromLines !== undefined && input.amountCents !== undefined && input.amountCents !== fromLines) {
      throw new RecordError(
        400,
        'validation_failed',
        `The lines come to ${fromLines} cents, not ${input.amountCents}.`,
      );
    }
    const amountCents = fromLines ?? input.amountCents ?? left;
    if (amountCents <= 0 || amountCents > left) {
      throw new RecordError(409, 'conflict', `Payment ${paymentId} has ${left} cents left to refund.`);
    }
    const record: ExoRefund = {
      id: shortId('ref'),
      tenantId,
      paymentId,
      invoiceId: payment.invoiceId,
      customerId: payment.customerId,
      amountCents,
      kind: already === 0 && amountCents === payment.amountCents ? 'full' : 'partial',
      ...(input.reason ? { reason: input.reason } : {}),
      issuedOn: input.issuedOn ?? this.today(),
      method: payment.method,
      ...(allocation ? { allocation } : {}),
      version: 1,
      createdAt: this.now(),
      updatedAt: this.now(),
    };
    this.refunds.set(record.id, record);
    this.add(this.refundedByPayment, record.paymentId, record.amountCents);
    return { record, event: this.event('refund.issued', tenantId, record) };
  }

  /** What refunding these lines gives back: the lines, their prorated discount and their tax. */
  private lineAllocation(
    tenantId: string,
    invoiceId: string,
    picks: { lineId: string; amountCents?: number | undefined }[],
  ): NonNullable<ExoRefund['allocation']> {
    const invoice = this.must(this.invoices, tenantId, invoiceId, 'invoice');
    const lines = picks.map((pick) => {
      const line = invoice.lines.find((l) => l.id === pick.lineId);
      if (!line)
        throw new RecordError(
          400,
          'validation_failed',
          `Invoice ${invoice.number} has no line ${pick.lineId}.`,
        );
      const amountCents = pick.amountCents ?? line.amountCents;
      if (amountCents <= 0 || amountCents > line.amountCents)
        throw new RecordError(400, 'validation_failed', `Line ${pick.lineId} is ${line.amountCents} cents.`);
      return { line, amountCents };
    });
    const refunded = lines.reduce((s, l) => s + l.amountCents, 0);
    const taxable = lines.filter((l) => l.line.taxable).reduce((s, l) => s + l.amountCents, 0);
    const discountCents = Number(
      divRound(BigInt(invoice.discountCents) * BigInt(refunded), BigInt(invoice.subtotalCents)),
    );
    const taxCentsBack = invoice.tax
      ? taxCents(taxable, invoice.subtotalCents, invoice.discountCents, invoice.tax.rateMillionths)
      : 0;
    return {
      lines: lines.map((l) => ({ lineId: l.line.id, amountCents: l.amountCents })),
      discountCents,
      taxCents: taxCentsBack,
    };
  }

  /**
   * A card dispute: Stripe withdraws the charge and a dispute fee from the next payout (both negative
   * adjustments there). The payment itself stays: what the dispute costs is booked with the payout.
   */
  disputePayment(
    tenantId: string,
    paymentId: string,
    input: { feeCents?: number | undefined },
  ): ExoPayoutAdjustment[] {
    const payment = this.must(this.payments, tenantId, paymentId, 'payment');
    if (!STRIPE_SETTLED_METHODS.includes(payment.method))
      throw new RecordError(409, 'conflict', `Payment ${paymentId} did not go through Stripe.`);
    const charge = payment.amountCents + (payment.tipCents ?? 0);
    const adjustments: ExoPayoutAdjustment[] = [
      {
        id: shortId('adj'),
        kind: 'dispute',
        description: `Dispute of ${payment.stripeChargeId ?? paymentId}`,
        amountCents: -charge,
        paymentId,
      },
      {
        id: shortId('adj'),
        kind: 'dispute_fee',
        description: `Dispute fee, ${payment.stripeChargeId ?? paymentId}`,
        amountCents: -(input.feeCents ?? 1500),
        paymentId,
      },
    ];
    this.pendingAdjustments.set(tenantId, [...(this.pendingAdjustments.get(tenantId) ?? []), ...adjustments]);
    return adjustments;
  }

  /** Card and ACH payments not yet in a payout. */
  unpaidOutCardPayments(tenantId: string): ExoPayment[] {
    return this.list('payment', tenantId).filter(
      (p): p is ExoPayment =>
        STRIPE_SETTLED_METHODS.includes((p as ExoPayment).method) && !this.paidOut.has(p.id),
    );
  }

  /**
   * A Stripe payout: what Stripe's balance holds — the charges not yet paid out (each payment and its tip; by
   * default all of them), the refunds of Stripe payments not yet netted, the disputes taken since, less Stripe's
   * processing fees — arriving at the bank on `arrivalDate`. A balance that nets to nothing or less is refused
   * (Stripe would debit the bank instead).
   */
  payOut(
    tenantId: string,
    input: { paymentIds?: string[] | undefined; feeCents: number; arrivalDate?: string | undefined },
  ): { record: ExoPayout; event: ExoEvent } {
    const payments = input.paymentIds
      ? input.paymentIds.map((id) => this.must(this.payments, tenantId, id, 'payment'))
      : this.unpaidOutCardPayments(tenantId);
    for (const p of payments) {
      if (!STRIPE_SETTLED_METHODS.includes(p.method))
        throw new RecordError(409, 'conflict', `Payment ${p.id} did not go through Stripe.`);
      if (this.paidOut.has(p.id))
        throw new RecordError(409, 'conflict', `Payment ${p.id} was already paid out.`);
    }
    const refunds = (this.list('refund', tenantId) as ExoRefund[]).filter(
      (r) => STRIPE_SETTLED_METHODS.includes(r.method) && !this.paidOut.has(r.id),
    );
    const adjustments = this.pendingAdjustments.get(tenantId) ?? [];
    if (payments.length === 0 && refunds.length === 0 && adjustments.length === 0)
      throw new RecordError(409, 'conflict', 'No card payments to pay out.');
    const gross = payments.reduce((s, p) => s + p.amountCents + (p.tipCents ?? 0), 0);
    const refunded = refunds.reduce((s, r) => s + r.amountCents, 0);
    const adjusted = adjustments.reduce((s, a) => s + a.amountCents, 0);
    const netCents = gross - refunded - input.feeCents + adjusted;
    if (netCents <= 0) throw new RecordError(400, 'validation_failed', 'The payout would not be positive.');
    const record: ExoPayout = {
      id: shortId('po'),
      tenantId,
      stripePayoutId: `po_${randomBytes(12).toString('hex')}`,
      arrivalDate: input.arrivalDate ?? this.today(),
      payments: payments.map((p) => ({
        paymentId: p.id,
        amountCents: p.amountCents,
        ...(p.tipCents ? { tipCents: p.tipCents } : {}),
      })),
      refunds: refunds.map((r) => ({ refundId: r.id, amountCents: r.amountCents })),
      feeCents: input.feeCents,
      ...(adjustments.length ? { adjustments } : {}),
      netCents,
      version: 1,
      updatedAt: this.now(),
    };
    for (const p of payments) this.paidOut.add(p.id);
    for (const r of refunds) this.paidOut.add(r.id);
    this.pendingAdjustments.delete(tenantId);
    this.payouts.set(record.id, record);
    return { record, event: this.event('payout.paid', tenantId, record) };
  }

  // ---- deletes (the test sync's clean-up, GUIDE step 5) -----------------------------------------------

  /**
   * Removes a customer, invoice or payment that nothing else refers to, as an admin deleting test records
   * would: a payment not refunded or paid out (its invoice opens again), an invoice without payments, a
   * customer without invoices, payments, jobs or estimates. No event: the record is gone, and a reader that
   * asks for it (the BFF's queue) treats "not found" as nothing left to send.
   */
  deleteRecord(kind: 'customer' | 'invoice' | 'payment', tenantId: string, id: string): void {
    const refersTo = (map: Map<string, { tenantId: string }>, field: string) =>
      [...map.values()].some((r) => r.tenantId === tenantId && (r as Record<string, unknown>)[field] === id);
    if (kind === 'payment') {
      const payment = this.must(this.payments, tenantId, id, 'payment');
      if (this.refundedCents(id) > 0 || this.paidOut.has(id))
        throw new RecordError(409, 'conflict', `Payment ${id} was refunded or paid out.`);
      this.payments.delete(id);
      this.add(this.paidByInvoice, payment.invoiceId, -payment.amountCents);
      const invoice = this.invoices.get(payment.invoiceId);
      if (invoice?.status === 'paid') {
        this.invoices.set(invoice.id, {
          ...invoice,
          status: 'open',
          version: invoice.version + 1,
          updatedAt: this.now(),
        });
      }
      return;
    }
    if (kind === 'invoice') {
      this.must(this.invoices, tenantId, id, 'invoice');
      if (refersTo(this.payments, 'invoiceId'))
        throw new RecordError(409, 'conflict', `Invoice ${id} has payments; delete them first.`);
      this.invoices.delete(id);
      return;
    }
    this.must(this.customers, tenantId, id, 'customer');
    if (
      refersTo(this.invoices, 'customerId') ||
      refersTo(this.payments, 'customerId') ||
      refersTo(this.jobs, 'customerId') ||
      refersTo(this.estimates, 'customerId')
    )
      throw new RecordError(409, 'conflict', `Customer ${id} still has records.`);
    this.customers.delete(id);
  }

  // ---- jobs and estimates (never leave Exoserva) ---------------------------------------------------

  createJob(
    tenantId: string,
    input: { customerId: string; title: string; internalNotes?: string | undefined },
  ): Job {
    this.must(this.customers, tenantId, input.customerId, 'customer');
    const job: Job = { id: shortId('job'), tenantId, ...clean(input), createdAt: this.now() };
    this.jobs.set(job.id, job);
    return job;
  }

  createEstimate(
    tenantId: string,
    input: { customerId: string; jobId?: string | undefined; totalCents: number; description: string },
  ): Estimate {
    this.must(this.customers, tenantId, input.customerId, 'customer');
    const estimate: Estimate = { id: shortId('est'), tenantId, ...clean(input), createdAt: this.now() };
    this.estimates.set(estimate.id, estimate);
    return estimate;
  }

  listJobs(tenantId: string): Job[] {
    return [...this.jobs.values()].filter((j) => j.tenantId === tenantId);
  }

  listEstimates(tenantId: string): Estimate[] {
    return [...this.estimates.values()].filter((e) => e.tenantId === tenantId);
  }
}

/** Drops undefined properties (exactOptionalPropertyTypes: absent, never undefined). */
function clean<T extends object>(input: T): { [K in keyof T]: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined)) as never;
}
