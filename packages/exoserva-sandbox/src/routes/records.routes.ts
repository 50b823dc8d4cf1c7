import { Address, CardBrand, PaymentMethod, type ExoEvent } from '@exoserva/contracts';
import { Hono, type MiddlewareHandler } from 'hono';
import { z } from 'zod';
import type { Clock } from '../clock.ts';
import { errorResponse, validationFailed } from '../errors.ts';
import type { EventDispatcher } from '../event-dispatcher.ts';
import { RecordError, type RecordKind, type RecordStore } from '../records-store.ts';
import type { ExoservaStore } from '../store.ts';
import { tenantAuth, type TenantAuthEnv } from './tenant-auth.ts';

export { API_KEY_HEADER } from './tenant-auth.ts';

const Id = z.string().min(1).max(128);
const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const CentsPositive = z.number().int().positive().max(1_000_000_000_00);

export const NewCustomerRequest = z
  .object({
    displayName: z.string().trim().min(1).max(500),
    companyName: z.string().max(500).optional(),
    givenName: z.string().max(100).optional(),
    familyName: z.string().max(100).optional(),
    email: z.string().email().optional(),
    phone: z.string().max(30).optional(),
    billingAddress: Address.optional(),
    serviceAddress: Address.optional(),
  })
  .strict();
export const CustomerPatchRequest = NewCustomerRequest.partial().strict();

const LineRequest = z
  .object({
    kind: z.enum(['labor', 'part']),
    description: z.string().min(1).max(4000),
    quantityMilli: z.number().int().positive().max(1_000_000_000),
    unitPriceCents: z.number().int().min(0).max(100_000_000_00),
    taxable: z.boolean().optional(),
  })
  .strict();
const DiscountRequest = z
  .object({ description: z.string().min(1).max(4000), amountCents: CentsPositive })
  .strict();

export const NewInvoiceRequest = z
  .object({
    customerId: Id,
    lines: z.array(LineRequest).min(1).max(200),
    discounts: z.array(DiscountRequest).max(20).optional(),
    taxRateId: Id.optional(),
    issueDate: IsoDate.optional(),
    dueDate: IsoDate.optional(),
    customerMemo: z.string().max(1000).optional(),
    internalNotes: z.string().max(10_000).optional(),
    attachments: z
      .array(z.object({ fileName: z.string().min(1).max(255) }).strict())
      .max(20)
      .optional(),
    jobId: Id.optional(),
    number: z.string().min(1).max(21).optional(),
  })
  .strict();
export const InvoicePatchRequest = NewInvoiceRequest.omit({ customerId: true, number: true })
  .partial()
  .strict();

export const PaymentRequest = z
  .object({
    method: PaymentMethod,
    amountCents: CentsPositive.optional(),
    /** Card payments: a tip on top of what is applied to the invoice. */
    tipCents: CentsPositive.optional(),
    cardBrand: CardBrand.optional(),
    last4: z
      .string()
      .regex(/^\d{4}$/)
      .optional(),
    checkNumber: z.string().min(1).max(30).optional(),
    receivedOn: IsoDate.optional(),
  })
  .strict();
export const RefundRequest = z
  .object({
    amountCents: CentsPositive.optional(),
    /** The invoice lines the refund gives back (whole, or the amount given); discount share and tax follow. */
    lines: z
      .array(z.object({ lineId: Id, amountCents: CentsPositive.optional() }).strict())
      .min(1)
      .max(200)
      .optional(),
    reason: z.string().max(1000).optional(),
    issuedOn: IsoDate.optional(),
  })
  .strict();
export const DisputeRequest = z
  .object({ feeCents: z.number().int().min(0).max(100_000).optional() })
  .strict();
export const PayoutRequest = z
  .object({
    paymentIds: z.array(Id).min(1).max(1000).optional(),
    feeCents: z.number().int().min(0).max(100_000_000_00),
    arrivalDate: IsoDate.optional(),
  })
  .strict();
export const JobRequest = z
  .object({
    customerId: Id,
    title: z.string().min(1).max(500),
    internalNotes: z.string().max(10_000).optional(),
  })
  .strict();
export const EstimateRequest = z
  .object({
    customerId: Id,
    jobId: Id.optional(),
    totalCents: z.number().int().min(0),
    description: z.string().min(1).max(4000),
  })
  .strict();
export const EventEndpointRequest = z
  .object({ url: z.string().url().max(2048), secret: z.string().min(16).max(256) })
  .strict();

/**
 * `?from=&to=` on the list routes: inclusive days. `displayName` (customers: the same name, ignoring case and
 * repeated spaces) and `invoiceId` (payments and refunds of one invoice) narrow a list further.
 */
const ListQuery = z.object({
  from: IsoDate.optional(),
  to: IsoDate.optional(),
  displayName: z.string().min(1).max(500).optional(),
  invoiceId: Id.optional(),
});
const normalName = (name: string) => name.trim().replace(/\s+/g, ' ').toLowerCase();
const DATE_FIELD: Record<RecordKind, string> = {
  customer: 'updatedAt',
  invoice: 'issueDate',
  payment: 'receivedOn',
  refund: 'issuedOn',
  payout: 'arrivalDate',
};

const PLURAL: Record<string, RecordKind> = {
  customers: 'customer',
  invoices: 'invoice',
  payments: 'payment',
  refunds: 'refund',
  payouts: 'payout',
};

export interface RecordRoutesDeps {
  store: ExoservaStore;
  records: RecordStore;
  events: EventDispatcher;
  clock: Clock;
  sessionSecret: string;
  /** When set, record routes need this key in `x-exoserva-api-key` or a session of the same tenant. */
  apiKey?: string | undefined;
}

/**
 * The tenant-scoped record API under `/api/tenants/:tid/…`: reads (what the BFF uses through its
 * ExoservaApi port) and writes (tests, e2e, the host's demo screen and the BFF's two-way customer sync).
 * Every write publishes the signed event that announces it.
 */
export function recordRoutes(deps: RecordRoutesDeps) {
  const { records, events } = deps;

  const publish = (...list: ExoEvent[]) => {
    for (const e of list) events.publish(e);
  };

  async function body<S extends z.ZodType>(c: Parameters<MiddlewareHandler<TenantAuthEnv>>[0], schema: S) {
    const raw: unknown = await c.req.json().catch(() => undefined);
    return schema.safeParse(raw);
  }

  const guard = async (
    c: Parameters<MiddlewareHandler<TenantAuthEnv>>[0],
    run: () => Response | Promise<Response>,
  ) => {
    try {
      return await run();
    } catch (err) {
      if (err instanceof RecordError) return errorResponse(c, err.status, err.code, err.message);
      throw err;
    }
  };

  const app = new Hono<TenantAuthEnv>();
  app.use('/api/tenants/:tid/*', tenantAuth(deps));

  app.get('/api/tenants/:tid/tax-rates', (c) => c.json(records.listTaxRates(c.req.param('tid'))));

  app.post('/api/tenants/:tid/customers', async (c) => {
    const parsed = await body(c, NewCustomerRequest);
    if (!parsed.success) return validationFailed(c, parsed.error);
    const { record, event } = records.createCustomer(c.req.param('tid'), parsed.data);
    publish(event);
    return c.json(record, 201);
  });
  app.patch('/api/tenants/:tid/customers/:id', async (c) => {
    const parsed = await body(c, CustomerPatchRequest);
    if (!parsed.success) return validationFailed(c, parsed.error);
    return guard(c, () => {
      const { record, event } = records.updateCustomer(c.req.param('tid'), c.req.param('id'), parsed.data);
      publish(event);
      return c.json(record);
    });
  });

  app.post('/api/tenants/:tid/invoices', async (c) => {
    const parsed = await body(c, NewInvoiceRequest);
    if (!parsed.success) return validationFailed(c, parsed.error);
    return guard(c, () => {
      const { record, event } = records.createInvoice(c.req.param('tid'), parsed.data);
      publish(event);
      return c.json(record, 201);
    });
  });
  app.patch('/api/tenants/:tid/invoices/:id', async (c) => {
    const parsed = await body(c, InvoicePatchRequest);
    if (!parsed.success) return validationFailed(c, parsed.error);
    return guard(c, () => {
      const { record, event } = records.updateInvoice(c.req.param('tid'), c.req.param('id'), parsed.data);
      publish(event);
      return c.json(record);
    });
  });
  app.post('/api/tenants/:tid/invoices/:id/void', (c) =>
    guard(c, () => {
      const { record, event } = records.voidInvoice(c.req.param('tid'), c.req.param('id'));
      publish(event);
      return c.json(record);
    }),
  );
  app.post('/api/tenants/:tid/invoices/:id/payments', async (c) => {
    const parsed = await body(c, PaymentRequest);
    if (!parsed.success) return validationFailed(c, parsed.error);
    return guard(c, () => {
      const { record, events: list } = records.recordPayment(
        c.req.param('tid'),
        c.req.param('id'),
        parsed.data,
      );
      publish(...list);
      return c.json(record, 201);
    });
  });
  app.post('/api/tenants/:tid/payments/:id/refunds', async (c) => {
    const parsed = await body(c, RefundRequest);
    if (!parsed.success) return validationFailed(c, parsed.error);
    return guard(c, () => {
      const { record, event } = records.issueRefund(c.req.param('tid'), c.req.param('id'), parsed.data);
      publish(event);
      return c.json(record, 201);
    });
  });
  // A card dispute: Stripe takes the charge and a fee from the next payout (no event: it reaches the books
  // with that payout).
  app.post('/api/tenants/:tid/payments/:id/disputes', async (c) => {
    const parsed = await body(c, DisputeRequest);
    if (!parsed.success) return validationFailed(c, parsed.error);
    return guard(c, () =>
      c.json(
        { adjustments: records.disputePayment(c.req.param('tid'), c.req.param('id'), parsed.data) },
        201,
      ),
    );
  });
  app.post('/api/tenants/:tid/payouts', async (c) => {
    const parsed = await body(c, PayoutRequest);
    if (!parsed.success) return validationFailed(c, parsed.error);
    return guard(c, () => {
      const { record, event } = records.payOut(c.req.param('tid'), parsed.data);
      publish(event);
      return c.json(record, 201);
    });
  });

  app.post('/api/tenants/:tid/jobs', async (c) => {
    const parsed = await body(c, JobRequest);
    if (!parsed.success) return validationFailed(c, parsed.error);
    return guard(c, () => c.json(records.createJob(c.req.param('tid'), parsed.data), 201));
  });
  app.get('/api/tenants/:tid/jobs', (c) => c.json({ items: records.listJobs(c.req.param('tid')) }));
  app.post('/api/tenants/:tid/estimates', async (c) => {
    const parsed = await body(c, EstimateRequest);
    if (!parsed.success) return validationFailed(c, parsed.error);
    return guard(c, () => c.json(records.createEstimate(c.req.param('tid'), parsed.data), 201));
  });
  app.get('/api/tenants/:tid/estimates', (c) => c.json({ items: records.listEstimates(c.req.param('tid')) }));

  // The test sync's clean-up: delete what nothing else refers to (no event; see RecordStore.deleteRecord).
  app.delete('/api/tenants/:tid/:plural/:id', (c) => {
    const kind = PLURAL[c.req.param('plural')];
    if (kind !== 'customer' && kind !== 'invoice' && kind !== 'payment')
      return errorResponse(c, 404, 'not_found', `No route ${c.req.method} ${c.req.path}.`);
    return guard(c, () => {
      records.deleteRecord(kind, c.req.param('tid'), c.req.param('id'));
      return c.body(null, 204);
    });
  });

  // Where this tenant's events go (the BFF's receiver) and what happened to them.
  app.put('/api/tenants/:tid/event-endpoint', async (c) => {
    const parsed = await body(c, EventEndpointRequest);
    if (!parsed.success) return validationFailed(c, parsed.error);
    events.setEndpoint(c.req.param('tid'), parsed.data);
    return c.json({ url: parsed.data.url });
  });
  app.get('/api/tenants/:tid/event-deliveries', (c) =>
    c.json({
      endpoint: events.endpointUrl(c.req.param('tid')),
      deliveries: events.deliveries(c.req.param('tid')),
    }),
  );

  // Reads, one route shape for every kind: /api/tenants/:tid/{customers|invoices|payments|refunds|payouts}[/:id]
  app.get('/api/tenants/:tid/:plural', (c) => {
    const kind = PLURAL[c.req.param('plural')];
    if (!kind) return errorResponse(c, 404, 'not_found', `No route ${c.req.method} ${c.req.path}.`);
    const range = ListQuery.safeParse(c.req.query());
    if (!range.success) return validationFailed(c, range.error);
    const { from, to, displayName, invoiceId } = range.data;
    let items = records.list(kind, c.req.param('tid'));
    if (displayName !== undefined) {
      const wanted = normalName(displayName);
      items = items.filter(
        (r) => normalName(String((r as { displayName?: string }).displayName ?? '')) === wanted,
      );
    }
    if (invoiceId !== undefined)
      items = items.filter((r) => (r as { invoiceId?: string }).invoiceId === invoiceId);
    if (!from && !to) return c.json({ items });
    // Dated the way the platform's list filter dates them (the BFF's backfill asks for a range).
    const day = (r: object) => String((r as Record<string, unknown>)[DATE_FIELD[kind]]).slice(0, 10);
    return c.json({ items: items.filter((r) => (!from || day(r) >= from) && (!to || day(r) <= to)) });
  });
  app.get('/api/tenants/:tid/:plural/:id', (c) => {
    const kind = PLURAL[c.req.param('plural')];
    if (!kind) return errorResponse(c, 404, 'not_found', `No route ${c.req.method} ${c.req.path}.`);
    const record = records.get(kind, c.req.param('tid'), c.req.param('id'));
    if (!record) return errorResponse(c, 404, 'not_found', `No ${kind} ${c.req.param('id')}.`);
    return c.json(record);
  });

  return app;
}
