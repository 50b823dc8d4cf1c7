/**
 * A month of books that agree, built the way the sync engine would have written them: Exoserva records and
 * the QuickBooks side (the general ledger of the mapped accounts, AgedReceivables, the month's documents), the
 * id map and a clean sync queue. Tests (and bench/reconcile.ts) start from it and break one thing at a time.
 */
import type {
  ExoCustomer,
  ExoInvoice,
  ExoPayment,
  ExoPayout,
  ExoRefund,
  ReconciledKind,
} from '@exoserva/contracts';
import { allocateRefund } from '../refund-allocation.ts';
import { addCalendarDays, isBusinessDay } from '../reconcile/business-days.ts';
import type { LedgerPosting } from '../reconcile/ledger.ts';
import { monthPeriod } from '../reconcile/month.ts';
import type { ConceptAccounts, LinkInfo, QboTxn, ReconcileInput } from '../reconcile/reconcile-input.ts';

/** The mapped accounts (one mapping version). */
export const ACCOUNTS = {
  service: '9',
  product: '10',
  discounts: '11',
  salesTax: '12',
  fees: '13',
  bank: '1',
} as const;
export const CONCEPTS: ConceptAccounts = {
  service_revenue: [ACCOUNTS.service],
  product_revenue: [ACCOUNTS.product],
  discounts: [ACCOUNTS.discounts],
  sales_tax: [ACCOUNTS.salesTax],
  fees: [ACCOUNTS.fees],
  bank: [ACCOUNTS.bank],
};
const UNDEPOSITED = '4';

/** A ledger posting, natural cents (income, liability: credit positive; expense: debit positive). */
export function posting(
  accountId: string,
  txnType: string,
  txnId: string,
  date: string,
  cents: number,
  extra: Partial<LedgerPosting> = {},
): LedgerPosting {
  return { accountId, txnType, txnId, date, docNumber: null, name: null, nameId: null, cents, ...extra };
}

export interface BooksOptions {
  month?: string;
  invoices?: number;
  customers?: number;
  /** Every nth invoice's payment gets a partial refund (0: none). */
  refundEvery?: number;
  /** Card payments per Stripe payout. */
  paymentsPerPayout?: number;
}

export interface Books {
  input: ReconcileInput;
  /** The QuickBooks customer id of an Exoserva customer. */
  qboCustomer(exoId: string): string;
}

const ISO = '2026-01-01T00:00:00.000Z';

export function agreeingBooks(options: BooksOptions = {}): Books {
  const month = options.month ?? '2026-05';
  const n = options.invoices ?? 12;
  const customerCount = options.customers ?? Math.max(1, Math.ceil(n / 4));
  const refundEvery = options.refundEvery ?? 5;
  const perPayout = options.paymentsPerPayout ?? 4;
  const period = monthPeriod(month);
  const days: string[] = [];
  for (let d = period.start; d <= period.end; d = addCalendarDays(d, 1)) days.push(d);
  const businessDays = days.filter((d) => isBusinessDay(d));

  const customers: ExoCustomer[] = [];
  const invoices: ExoInvoice[] = [];
  const payments: ExoPayment[] = [];
  const refunds: ExoRefund[] = [];
  const payouts: ExoPayout[] = [];
  const links: Record<ReconciledKind | 'customer', Map<string, LinkInfo>> = {
    customer: new Map(),
    invoice: new Map(),
    payment: new Map(),
    refund: new Map(),
    payout: new Map(),
  };
  let nextQboId = 1000;
  const qboId = () => String(nextQboId++);
  const qboCustomerIds = new Map<string, string>();

  for (let c = 0; c < customerCount; c++) {
    const id = `cus_${c}`;
    customers.push({ id, tenantId: 't', displayName: `Customer ${c}`, version: 1, updatedAt: ISO });
    const q = String(500 + c);
    qboCustomerIds.set(id, q);
    links.customer.set(id, { qboId: q, recordVersion: 1 });
  }

  const qbo = {
    invoices: [] as QboTxn[],
    payments: [] as QboTxn[],
    refunds: [] as QboTxn[],
    deposits: [] as QboTxn[],
  };
  const txn = (
    id: string,
    date: string,
    cents: number,
    customerId: string | null,
    extra: Partial<QboTxn> = {},
  ) => ({
    id,
    syncToken: '0',
    date,
    totalCents: cents,
    customerId,
    customerName: null,
    docNumber: null,
    taxCents: 0,
    accountId: null,
    ...extra,
  });

  const ledger: LedgerPosting[] = [];
  const owed = new Map<string, number>();
  let pendingCard: ExoPayment[] = [];

  for (let i = 0; i < n; i++) {
    const customerId = `cus_${i % customerCount}`;
    const date = days[i % days.length] as string;
    const laborCents = 9_500 + (i % 7) * 1_250;
    const partCents = i % 3 === 0 ? 3_840 : 0;
    const discountCents = i % 4 === 0 ? 500 : 0;
    const taxCents = partCents ? Math.round((partCents - discountCents) * 0.0725) : 0;
    const totalCents = laborCents + partCents - discountCents + taxCents;
    const number = `INV-${10_000 + i}`;
    const invoice: ExoInvoice = {
      id: `inv_${i}`,
      tenantId: 't',
      number,
      customerId,
      issueDate: date,
      status: 'open',
      lines: [
        {
          id: `l${i}a`,
          kind: 'labor',
          description: 'Labor',
          quantityMilli: 1000,
          unitPriceCents: laborCents,
          amountCents: laborCents,
          taxable: false,
        },
        ...(partCents
          ? [
              {
                id: `l${i}b`,
                kind: 'part' as const,
                description: 'Part',
                quantityMilli: 1000,
                unitPriceCents: partCents,
                amountCents: partCents,
                taxable: true,
              },
            ]
          : []),
      ],
      discounts: discountCents ? [{ id: `d${i}`, description: 'Loyalty', amountCents: discountCents }] : [],
      tax: taxCents ? { taxRateId: 'tax', name: 'Tax', rateMillionths: 72_500, amountCents: taxCents } : null,
      subtotalCents: laborCents + partCents,
      discountCents,
      totalCents,
      attachments: [],
      version: 1,
      updatedAt: ISO,
    };
    invoices.push(invoice);
    const invoiceQboId = qboId();
    links.invoice.set(invoice.id, { qboId: invoiceQboId, recordVersion: 1 });
    const post = (account: string, cents: number) =>
      cents !== 0 &&
      ledger.push(posting(account, 'Invoice', invoiceQboId, date, cents, { docNumber: number }));
    post(ACCOUNTS.service, laborCents);
    post(ACCOUNTS.product, partCents);
    post(ACCOUNTS.discounts, -discountCents);
    post(ACCOUNTS.salesTax, taxCents);
    qbo.invoices.push(
      txn(invoiceQboId, date, totalCents, qboCustomerIds.get(customerId) ?? null, {
        docNumber: number,
        taxCents,
      }),
    );

    // Three of four invoices are paid in full the same day; the rest stay open (receivables).
    if (i % 4 === 3) {
      owed.set(customerId, (owed.get(customerId) ?? 0) + totalCents);
      continue;
    }
    const method = i % 2 === 0 ? 'card' : 'check';
    const payment: ExoPayment = {
      id: `pay_${i}`,
      tenantId: 't',
      invoiceId: invoice.id,
      customerId,
      amountCents: totalCents,
      method,
      receivedOn: date,
      ...(method === 'card' ? { stripeChargeId: `ch_${i}` } : { checkNumber: String(1000 + i) }),
      version: 1,
      updatedAt: ISO,
    };
    payments.push(payment);
    const paymentQboId = qboId();
    links.payment.set(payment.id, { qboId: paymentQboId, recordVersion: 1 });
    qbo.payments.push(
      txn(paymentQboId, date, totalCents, qboCustomerIds.get(customerId) ?? null, { accountId: UNDEPOSITED }),
    );

    if (refundEvery > 0 && i % refundEvery === 1) {
      const amountCents = Math.floor(totalCents / 4);
      const refund: ExoRefund = {
        id: `ref_${i}`,
        tenantId: 't',
        paymentId: payment.id,
        invoiceId: invoice.id,
        customerId,
        amountCents,
        kind: 'partial',
        issuedOn: date,
        method: payment.method,
        version: 1,
        updatedAt: ISO,
      };
      refunds.push(refund);
      const refundQboId = qboId();
      links.refund.set(refund.id, { qboId: refundQboId, recordVersion: 1 });
      // What the engine posts: the sale's share of each account, given back (refund-allocation.ts).
      const share = allocateRefund(invoice, refund, [refund]);
      if (!share.ok) throw new Error(share.failure.fix);
      const back = (account: string, cents: number) =>
        cents !== 0 && ledger.push(posting(account, 'RefundReceipt', refundQboId, date, cents));
      for (const l of share.value.lines)
        back(l.line.kind === 'labor' ? ACCOUNTS.service : ACCOUNTS.product, -l.amountCents);
      back(ACCOUNTS.discounts, share.value.discountCents);
      back(ACCOUNTS.salesTax, -share.value.taxCents);
      qbo.refunds.push(
        txn(refundQboId, date, amountCents, qboCustomerIds.get(customerId) ?? null, { accountId: '1' }),
      );
    }
    if (method === 'card') pendingCard.push(payment);
    if (pendingCard.length === perPayout) {
      payouts.push(payoutOf(pendingCard, payouts.length));
      pendingCard = [];
    }
  }

  function payoutOf(settled: ExoPayment[], index: number): ExoPayout {
    const gross = settled.reduce((s, p) => s + p.amountCents, 0);
    const feeCents = Math.round(gross * 0.029);
    // Arrives on a business day of the month, two business days after the last payment, capped at the month.
    const arrival = businessDays[Math.min(businessDays.length - 1, index % businessDays.length)] as string;
    const payout: ExoPayout = {
      id: `po_${index}`,
      tenantId: 't',
      stripePayoutId: `po_stripe_${index}`,
      arrivalDate: arrival,
      payments: settled.map((p) => ({ paymentId: p.id, amountCents: p.amountCents })),
      refunds: [],
      feeCents,
      netCents: gross - feeCents,
      version: 1,
      updatedAt: ISO,
    };
    const depositId = qboId();
    links.payout.set(payout.id, { qboId: depositId, recordVersion: 1 });
    qbo.deposits.push(txn(depositId, arrival, payout.netCents, null, { accountId: ACCOUNTS.bank }));
    ledger.push(posting(ACCOUNTS.fees, 'Deposit', depositId, arrival, feeCents));
    return payout;
  }

  const receivableCustomers = [...owed.entries()].map(([exoId, cents]) => ({
    id: qboCustomerIds.get(exoId) as string,
    name: customers.find((c) => c.id === exoId)?.displayName ?? exoId,
    cents,
  }));
  const input: ReconcileInput = {
    month,
    concepts: CONCEPTS,
    exoserva: { customers, invoices, payments, refunds, payouts },
    quickbooks: {
      ledger,
      receivables: {
        totalCents: receivableCustomers.reduce((s, c) => s + c.cents, 0),
        customers: receivableCustomers,
      },
      ...qbo,
    },
    links,
    work: new Map(),
  };
  return { input, qboCustomer: (exoId) => qboCustomerIds.get(exoId) as string };
}
