import { z } from 'zod';
import { IsoDate, Timestamp } from './calendar.ts';
import { Cents } from './money.ts';

/** A record's version: the id map and the queue store it as a PostgreSQL integer, so it stays within one. */
export const RecordVersion = z.number().int().nonnegative().max(2_147_483_647);

/**
 * The Exoserva records the integration reads (through the Exoserva API port) and the signed domain events
 * that announce them. Money is integer cents. Fields marked "never leaves Exoserva" must not be sent to
 * QuickBooks (GUIDE step 6: internal notes, attachments, jobs, estimates).
 */
export const Address = z.object({
  line1: z.string().max(500),
  line2: z.string().max(500).optional(),
  city: z.string().max(255),
  region: z.string().max(255).optional(),
  postalCode: z.string().max(30).optional(),
  country: z.string().max(255).optional(),
});
export type Address = z.infer<typeof Address>;

export const ExoCustomer = z.object({
  id: z.string(),
  tenantId: z.string(),
  displayName: z.string().min(1).max(500),
  companyName: z.string().max(500).optional(),
  givenName: z.string().max(100).optional(),
  familyName: z.string().max(100).optional(),
  email: z.string().email().optional(),
  phone: z.string().max(30).optional(),
  billingAddress: Address.optional(),
  serviceAddress: Address.optional(),
  /** Increments on every edit; with the id it names one version of the record. */
  version: RecordVersion,
  /**
   * When the customer was created in Exoserva. Of two customers with the same display name, the earlier one
   * keeps the plain name in QuickBooks (platforms that don't send it fall back to id order).
   */
  createdAt: Timestamp.optional(),
  updatedAt: Timestamp,
});
export type ExoCustomer = z.infer<typeof ExoCustomer>;

export const ExoInvoiceLine = z.object({
  id: z.string(),
  kind: z.enum(['labor', 'part']),
  description: z.string().max(4000),
  /** Quantity in thousandths (1.5 hours = 1500) so fractional hours stay exact. */
  quantityMilli: z.number().int().positive(),
  unitPriceCents: Cents,
  /** Always quantity × unit price, rounded half away from zero to the cent by Exoserva. */
  amountCents: Cents,
  taxable: z.boolean(),
});
export type ExoInvoiceLine = z.infer<typeof ExoInvoiceLine>;

export const ExoInvoiceDiscount = z.object({
  id: z.string(),
  description: z.string().max(4000),
  /** A positive number of cents taken off the invoice. */
  amountCents: Cents.positive(),
});
export type ExoInvoiceDiscount = z.infer<typeof ExoInvoiceDiscount>;

export const ExoInvoiceTax = z.object({
  taxRateId: z.string(),
  name: z.string(),
  /** Rate in millionths: 7.25 % = 72500. */
  rateMillionths: z.number().int().nonnegative(),
  amountCents: Cents.nonnegative(),
});
export type ExoInvoiceTax = z.infer<typeof ExoInvoiceTax>;

export const ExoInvoice = z.object({
  id: z.string(),
  tenantId: z.string(),
  number: z.string().min(1).max(21),
  customerId: z.string(),
  issueDate: IsoDate,
  dueDate: IsoDate.optional(),
  status: z.enum(['open', 'paid', 'void']),
  lines: z.array(ExoInvoiceLine).min(1),
  discounts: z.array(ExoInvoiceDiscount),
  tax: ExoInvoiceTax.nullable(),
  subtotalCents: Cents,
  discountCents: Cents.nonnegative(),
  totalCents: Cents,
  customerMemo: z.string().max(1000).optional(),
  /** Never leaves Exoserva. */
  internalNotes: z.string().optional(),
  /** Never leave Exoserva. */
  attachments: z.array(z.object({ id: z.string(), fileName: z.string() })).default([]),
  /** Exoserva-only concept; never leaves Exoserva. */
  jobId: z.string().optional(),
  version: RecordVersion,
  updatedAt: Timestamp,
});
export type ExoInvoice = z.infer<typeof ExoInvoice>;

/** card and ach settle through Stripe (they arrive in payouts); cash and check are taken by hand. */
export const PaymentMethod = z.enum(['card', 'cash', 'check', 'ach']);
export type PaymentMethod = z.infer<typeof PaymentMethod>;

/** The card networks Stripe names (`payment_method_details.card.brand`). */
export const CardBrand = z.enum([
  'visa',
  'mastercard',
  'amex',
  'discover',
  'diners',
  'jcb',
  'unionpay',
  'unknown',
]);
export type CardBrand = z.infer<typeof CardBrand>;

/** Methods Stripe settles: their money waits in Undeposited Funds until a payout moves it to the bank. */
export const STRIPE_SETTLED_METHODS: readonly PaymentMethod[] = ['card', 'ach'];

export const ExoPayment = z.object({
  id: z.string(),
  tenantId: z.string(),
  invoiceId: z.string(),
  customerId: z.string(),
  /** What the payment applies to the invoice. */
  amountCents: Cents.positive(),
  /**
   * A tip the customer added on top (card payments): not revenue, and not applied to the invoice. The Stripe
   * charge is amountCents + tipCents. Absent = no tip.
   */
  tipCents: Cents.nonnegative().optional(),
  method: PaymentMethod,
  receivedOn: IsoDate,
  /** Card and ACH payments: the Stripe charge. */
  stripeChargeId: z.string().optional(),
  /** Card payments: the network. */
  cardBrand: CardBrand.optional(),
  /** Card payments: the card's last four digits; ACH: the bank account's. */
  last4: z
    .string()
    .regex(/^\d{4}$/)
    .optional(),
  checkNumber: z.string().max(30).optional(),
  version: RecordVersion,
  updatedAt: Timestamp,
});
export type ExoPayment = z.infer<typeof ExoPayment>;

export const ExoRefund = z.object({
  id: z.string(),
  tenantId: z.string(),
  paymentId: z.string(),
  invoiceId: z.string(),
  customerId: z.string(),
  amountCents: Cents.positive(),
  /** full = the whole payment back; partial = part of it. */
  kind: z.enum(['full', 'partial']),
  reason: z.string().max(1000).optional(),
  issuedOn: IsoDate,
  method: PaymentMethod,
  /**
   * When Exoserva knows what the refund gives back: the invoice lines (their amounts before discount), the share of
   * the discount taken back and the tax, with lines − discount + tax = amountCents. Without it the refund is spread
   * over the sale in proportion (sync-core README, "Refunds").
   */
  allocation: z
    .object({
      lines: z.array(z.object({ lineId: z.string(), amountCents: Cents.nonnegative() })).min(1),
      discountCents: Cents.nonnegative(),
      taxCents: Cents.nonnegative(),
    })
    .optional(),
  version: RecordVersion,
  /** When the refund was issued (orders several refunds of one invoice). */
  createdAt: Timestamp.optional(),
  updatedAt: Timestamp,
});
export type ExoRefund = z.infer<typeof ExoRefund>;

/**
 * Something else Stripe added to or took from a payout: a dispute (the charge withdrawn), its fee, a dispute won
 * back. amountCents is signed as the bank sees it (a dispute is negative).
 */
export const ExoPayoutAdjustment = z.object({
  id: z.string(),
  kind: z.enum(['dispute', 'dispute_fee', 'dispute_reversal', 'other']),
  description: z.string().max(1000),
  amountCents: Cents,
  /** The payment the adjustment is about, when there is one. */
  paymentId: z.string().optional(),
});
export type ExoPayoutAdjustment = z.infer<typeof ExoPayoutAdjustment>;

/**
 * A Stripe payout: what the bank receives, and everything Stripe netted into it — the charges it settles (each a
 * payment and its tip), the refunds it paid back, its processing fees and its adjustments — and the day the money
 * arrives. net = Σ (payment + tip) − Σ refunds − fee + Σ adjustments.
 */
export const ExoPayout = z.object({
  id: z.string(),
  tenantId: z.string(),
  stripePayoutId: z.string(),
  arrivalDate: IsoDate,
  payments: z
    .array(
      z.object({
        paymentId: z.string(),
        amountCents: Cents.positive(),
        /** Absent = no tip. */
        tipCents: Cents.nonnegative().optional(),
      }),
    )
    .default([]),
  refunds: z.array(z.object({ refundId: z.string(), amountCents: Cents.positive() })).default([]),
  feeCents: Cents.nonnegative(),
  adjustments: z.array(ExoPayoutAdjustment).optional(),
  netCents: Cents,
  version: RecordVersion,
  updatedAt: Timestamp,
});
export type ExoPayout = z.infer<typeof ExoPayout>;

export const exoEventTypes = [
  'customer.created',
  'customer.updated',
  'invoice.created',
  'invoice.updated',
  'invoice.voided',
  'payment.received',
  'refund.issued',
  'payout.paid',
] as const;
export const ExoEventType = z.enum(exoEventTypes);
export type ExoEventType = z.infer<typeof ExoEventType>;

/**
 * A signed domain event pushed to the BFF. It names the record and its version; the BFF reads the record
 * through the Exoserva API port, so an event can never carry stale or forged money.
 * Signature: header `exoserva-signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>`.
 */
export const ExoEvent = z.object({
  id: z.string().min(1).max(100),
  type: ExoEventType,
  tenantId: z.string().min(1).max(128),
  occurredAt: Timestamp,
  data: z.object({
    objectId: z.string().min(1).max(128),
    objectVersion: RecordVersion,
  }),
});
export type ExoEvent = z.infer<typeof ExoEvent>;
