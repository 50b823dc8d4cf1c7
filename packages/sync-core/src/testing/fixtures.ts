/**
 * Realistic records for tests: an HVAC repair for the Okafor household. 1.5 h of labor at $95.00, a run
 * capacitor at $38.40, a 10 % loyalty discount and 7.25 % sales tax on the discounted subtotal.
 *
 *   labor      1.5 × 95.00 = 142.50
 *   capacitor  1   × 38.40 =  38.40
 *   subtotal               = 180.90
 *   discount   10 %        = −18.09
 *   taxable                = 162.81
 *   tax        7.25 %      =  11.80   (11.803725 rounded)
 *   total                  = 174.61
 */
import type {
  AccountMapping,
  ExoCustomer,
  ExoInvoice,
  ExoPayment,
  ExoPayout,
  ExoRefund,
  SyncRecordKind,
} from '@exoserva/contracts';
import type { IdLookup, MapContext } from '../qbo-types.ts';

export const mapping: AccountMapping = {
  version: 3,
  serviceRevenueAccountId: '79',
  productRevenueAccountId: '80',
  salesTaxPayableAccountId: '81',
  discountsAccountId: '86',
  bankDepositAccountId: '35',
  undepositedFundsAccountId: '4',
  merchantFeesAccountId: '90',
  refundSourceAccountId: '35',
  tipsPayableAccountId: '95',
  payoutAdjustmentsAccountId: '96',
  laborItemId: '21',
  partsItemId: '22',
  taxCodes: { txr_springfield: '7' },
  paymentRouting: { cash: 'undeposited_funds', check: 'bank' },
  automatedSalesTax: false,
};

export const customer: ExoCustomer = {
  id: 'cus_okafor',
  tenantId: 'ten_coolbreeze',
  displayName: 'Adaeze Okafor',
  givenName: 'Adaeze',
  familyName: 'Okafor',
  email: 'adaeze@example.com',
  phone: '(217) 555-0143',
  billingAddress: {
    line1: '742 Evergreen Terrace',
    city: 'Springfield',
    region: 'IL',
    postalCode: '62704',
    country: 'US',
  },
  serviceAddress: {
    line1: '19 Maple Court',
    line2: 'Unit B',
    city: 'Springfield',
    region: 'IL',
    postalCode: '62701',
  },
  version: 2,
  updatedAt: '2026-03-02T15:04:05.000Z',
};

export const invoice: ExoInvoice = {
  id: 'inv_123',
  tenantId: 'ten_coolbreeze',
  number: '1042',
  customerId: 'cus_okafor',
  issueDate: '2026-03-02',
  dueDate: '2026-04-01',
  status: 'open',
  lines: [
    {
      id: 'line_labor',
      kind: 'labor',
      description: 'Diagnose and repair condenser fan',
      quantityMilli: 1500,
      unitPriceCents: 9500,
      amountCents: 14250,
      taxable: true,
    },
    {
      id: 'line_cap',
      kind: 'part',
      description: 'Run capacitor 45/5 µF 440 V',
      quantityMilli: 1000,
      unitPriceCents: 3840,
      amountCents: 3840,
      taxable: true,
    },
  ],
  discounts: [{ id: 'disc_loyalty', description: 'Loyalty discount 10 %', amountCents: 1809 }],
  tax: {
    taxRateId: 'txr_springfield',
    name: 'Springfield sales tax',
    rateMillionths: 72500,
    amountCents: 1180,
  },
  subtotalCents: 18090,
  discountCents: 1809,
  totalCents: 17461,
  customerMemo: 'Thank you for choosing CoolBreeze HVAC!',
  internalNotes: 'SECRET-NOTE customer dog bites, use side gate',
  attachments: [{ id: 'att_1', fileName: 'SECRET-PHOTO-condenser.jpg' }],
  jobId: 'job_SECRET_77',
  version: 4,
  updatedAt: '2026-03-02T16:00:00.000Z',
};

export const cardPayment: ExoPayment = {
  id: 'pay_card_1',
  tenantId: 'ten_coolbreeze',
  invoiceId: 'inv_123',
  customerId: 'cus_okafor',
  amountCents: 17461,
  method: 'card',
  receivedOn: '2026-03-03',
  stripeChargeId: 'ch_3PqRsT2eZvKYlo2C1a2b3c4d',
  cardBrand: 'visa',
  last4: '4242',
  version: 1,
  updatedAt: '2026-03-03T10:00:00.000Z',
};

export const checkPayment: ExoPayment = {
  id: 'pay_check_1',
  tenantId: 'ten_coolbreeze',
  invoiceId: 'inv_123',
  customerId: 'cus_okafor',
  amountCents: 5000,
  method: 'check',
  receivedOn: '2026-03-04',
  checkNumber: '2218',
  version: 1,
  updatedAt: '2026-03-04T10:00:00.000Z',
};

export const partialCardRefund: ExoRefund = {
  id: 'ref_1',
  tenantId: 'ten_coolbreeze',
  paymentId: 'pay_card_1',
  invoiceId: 'inv_123',
  customerId: 'cus_okafor',
  amountCents: 3840,
  kind: 'partial',
  reason: 'SECRET-REASON capacitor was under warranty',
  issuedOn: '2026-03-05',
  method: 'card',
  version: 1,
  createdAt: '2026-03-05T10:00:00.000Z',
  updatedAt: '2026-03-05T10:00:00.000Z',
};

/**
 * Payout: two card payments (174.61 + 250.00), the 38.40 refund netted, Stripe fee 12.56.
 * 424.61 − 38.40 − 12.56 = 373.65.
 */
export const payout: ExoPayout = {
  id: 'po_exo_9',
  tenantId: 'ten_coolbreeze',
  stripePayoutId: 'po_1PqZ9x2eZvKYlo2C',
  arrivalDate: '2026-03-06',
  payments: [
    { paymentId: 'pay_card_1', amountCents: 17461 },
    { paymentId: 'pay_card_2', amountCents: 25000 },
  ],
  refunds: [{ refundId: 'ref_1', amountCents: 3840 }],
  feeCents: 1256,
  netCents: 37365,
  version: 1,
  updatedAt: '2026-03-06T08:00:00.000Z',
};

/** The id map after customer, invoice, both card payments and the refund synced. */
export const qboIds: Record<string, string> = {
  'customer:cus_okafor': '58',
  'invoice:inv_123': '130',
  'payment:pay_card_1': '145',
  'payment:pay_card_2': '146',
  'payment:pay_check_1': '147',
  'refund:ref_1': '160',
};

export function lookupFrom(ids: Record<string, string>): IdLookup {
  return (kind: SyncRecordKind, exoId: string) => ids[`${kind}:${exoId}`];
}

export const context: MapContext = { mapping, lookupId: lookupFrom(qboIds) };

/** QuickBooks PaymentMethod ids of the seeded company's defaults. */
export const paymentMethodIds = { visa: '3', check: '2', cash: '1' } as const;
