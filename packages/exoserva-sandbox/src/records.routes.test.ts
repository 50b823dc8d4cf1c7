import { createHmac } from 'node:crypto';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ExoEvent, ExoInvoice, ExoPayment, ExoPayout, ExoRefund, ExoCustomer } from '@exoserva/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createExoservaSandbox } from './app.ts';
import { createManualClock } from './clock.ts';
import { createEventDispatcher } from './event-dispatcher.ts';
import { lineAmountCents, taxCents } from './records-store.ts';

const secret = 'test-session-secret-0123456789abcdef';
const T = '/api/tenants/ten_summit';

function sandbox(
  extra: Parameters<typeof createExoservaSandbox>[0] extends infer O ? Partial<O> : never = {},
) {
  return createExoservaSandbox({ sessionSecret: secret, clock: createManualClock(), ...extra });
}

async function post(
  app: ReturnType<typeof sandbox>['app'],
  path: string,
  body: unknown,
  headers: Record<string, string> = {},
) {
  return app.request(path, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
}

describe('record money', () => {
  it('rounds quantity × price half away from zero to the cent', () => {
    expect(lineAmountCents(1333, 9500)).toBe(12664); // 126.635 → 126.64
    expect(lineAmountCents(1500, 12000)).toBe(18000);
    expect(lineAmountCents(1, 1)).toBe(0);
  });
  it('taxes the taxable lines after their share of the discount', () => {
    // 100.00 taxable of 200.00, 20.00 discount → 10.00 of it taxable-side → 90.00 × 8.15 % = 7.335 → 7.34
    expect(taxCents(10000, 20000, 2000, 81500)).toBe(734);
  });
});

describe('the record API', () => {
  it('creates a customer, an invoice with exact totals, a payment, a refund and a payout', async () => {
    const { app } = sandbox();
    const customer = ExoCustomer.parse(
      await (
        await post(app, `${T}/customers`, { displayName: 'Ada: Lovelace', email: 'ada@example.com' })
      ).json(),
    );
    const res = await post(app, `${T}/invoices`, {
      customerId: customer.id,
      lines: [
        { kind: 'labor', description: 'Diagnosis', quantityMilli: 1333, unitPriceCents: 9500 },
        { kind: 'part', description: 'Capacitor', quantityMilli: 2000, unitPriceCents: 1999, taxable: true },
      ],
      discounts: [{ description: 'Loyalty', amountCents: 500 }],
      taxRateId: 'tax_denver',
      internalNotes: 'gate code 1234',
      attachments: [{ fileName: 'photo.jpg' }],
    });
    expect(res.status).toBe(201);
    const invoice = ExoInvoice.parse(await res.json());
    expect(invoice.subtotalCents).toBe(12664 + 3998);
    expect(invoice.totalCents).toBe(invoice.subtotalCents - 500 + (invoice.tax?.amountCents ?? 0));
    expect(invoice.internalNotes).toBe('gate code 1234');

    const payment = ExoPayment.parse(
      await (await post(app, `${T}/invoices/${invoice.id}/payments`, { method: 'card' })).json(),
    );
    expect(payment.amountCents).toBe(invoice.totalCents);
    expect(payment.stripeChargeId).toMatch(/^ch_/);

    const partial = ExoRefund.parse(
      await (await post(app, `${T}/payments/${payment.id}/refunds`, { amountCents: 100 })).json(),
    );
    expect(partial.kind).toBe('partial');

    const inv2 = ExoInvoice.parse(
      await (
        await post(app, `${T}/invoices`, {
          customerId: customer.id,
          lines: [{ kind: 'labor', description: 'Tune-up', quantityMilli: 1000, unitPriceCents: 15000 }],
        })
      ).json(),
    );
    await post(app, `${T}/invoices/${inv2.id}/payments`, { method: 'card' });
    const payout = ExoPayout.parse(await (await post(app, `${T}/payouts`, { feeCents: 465 })).json());
    // Like Stripe's: both charges, the refund paid back out of the balance, less the fee.
    expect(payout.payments).toHaveLength(2);
    expect(payout.refunds).toEqual([{ refundId: partial.id, amountCents: 100 }]);
    expect(payout.netCents).toBe(invoice.totalCents + 15000 - 100 - 465);
    expect((await post(app, `${T}/payouts`, { feeCents: 0 })).status).toBe(409);
  });

  it('pays out tips, refunds and a dispute with its fee, the net adding up', async () => {
    const { app } = sandbox();
    const customer = ExoCustomer.parse(
      await (await post(app, `${T}/customers`, { displayName: 'Tipper' })).json(),
    );
    const invoice = ExoInvoice.parse(
      await (
        await post(app, `${T}/invoices`, {
          customerId: customer.id,
          lines: [{ kind: 'labor', description: 'Repair', quantityMilli: 1000, unitPriceCents: 20000 }],
        })
      ).json(),
    );
    const payment = ExoPayment.parse(
      await (
        await post(app, `${T}/invoices/${invoice.id}/payments`, {
          method: 'card',
          tipCents: 3000,
          cardBrand: 'amex',
          last4: '0005',
        })
      ).json(),
    );
    expect(payment).toMatchObject({ amountCents: 20000, tipCents: 3000, cardBrand: 'amex', last4: '0005' });
    const first = ExoPayout.parse(await (await post(app, `${T}/payouts`, { feeCents: 700 })).json());
    expect(first.payments).toEqual([{ paymentId: payment.id, amountCents: 20000, tipCents: 3000 }]);
    expect(first.netCents).toBe(20000 + 3000 - 700);

    // The customer disputes the charge: Stripe takes it and a fee from the next payout.
    expect((await post(app, `${T}/payments/${payment.id}/disputes`, {})).status).toBe(201);
    const big = ExoInvoice.parse(
      await (
        await post(app, `${T}/invoices`, {
          customerId: customer.id,
          lines: [{ kind: 'labor', description: 'Install', quantityMilli: 1000, unitPriceCents: 90000 }],
        })
      ).json(),
    );
    await post(app, `${T}/invoices/${big.id}/payments`, { method: 'card' });
    const second = ExoPayout.parse(await (await post(app, `${T}/payouts`, { feeCents: 2640 })).json());
    expect(second.adjustments?.map((a) => [a.kind, a.amountCents])).toEqual([
      ['dispute', -23000],
      ['dispute_fee', -1500],
    ]);
    expect(second.netCents).toBe(90000 - 2640 - 23000 - 1500);
  });

  it('refunds chosen lines with their discount share and tax', async () => {
    const { app } = sandbox();
    const customer = ExoCustomer.parse(
      await (await post(app, `${T}/customers`, { displayName: 'Lines' })).json(),
    );
    const invoice = ExoInvoice.parse(
      await (
        await post(app, `${T}/invoices`, {
          customerId: customer.id,
          lines: [
            { kind: 'labor', description: 'Labor', quantityMilli: 1500, unitPriceCents: 9500 },
            { kind: 'part', description: 'Capacitor', quantityMilli: 1000, unitPriceCents: 3840 },
          ],
          discounts: [{ description: 'Loyalty', amountCents: 1809 }],
          taxRateId: 'tax_denver',
        })
      ).json(),
    );
    const payment = ExoPayment.parse(
      await (await post(app, `${T}/invoices/${invoice.id}/payments`, { method: 'card' })).json(),
    );
    const part = invoice.lines[1]!;
    const refund = ExoRefund.parse(
      await (await post(app, `${T}/payments/${payment.id}/refunds`, { lines: [{ lineId: part.id }] })).json(),
    );
    // Capacitor 38.40, its share of the 18.09 discount (3.84), 8.15 % tax on 38.40 − 3.84 = 34.56 → 2.82.
    expect(refund.allocation).toEqual({
      lines: [{ lineId: part.id, amountCents: 3840 }],
      discountCents: 384,
      taxCents: 282,
    });
    expect(refund.amountCents).toBe(3840 - 384 + 282);
    const listed = await (await app.request(`${T}/refunds?invoiceId=${invoice.id}`)).json();
    expect(listed.items.map((r: { id: string }) => r.id)).toEqual([refund.id]);
  });

  it('refuses bad input with 400 and unknown records with 404', async () => {
    const { app } = sandbox();
    expect((await post(app, `${T}/customers`, { displayName: '' })).status).toBe(400);
    expect((await post(app, `${T}/invoices`, { customerId: 'cus_nope', lines: [] })).status).toBe(400);
    expect((await app.request(`${T}/invoices/inv_nope`)).status).toBe(404);
    expect((await app.request('/api/tenants/ten_nope/invoices')).status).toBe(404);
  });

  it('needs the service key or a session of the tenant when a key is configured', async () => {
    const { app } = sandbox({ apiKey: 'k-0123456789' });
    expect((await app.request(`${T}/customers`)).status).toBe(401);
    expect(
      (await app.request(`${T}/customers`, { headers: { 'x-exoserva-api-key': 'k-0123456789' } })).status,
    ).toBe(200);
    const session = (await (await post(app, '/api/dev/session', { role: 'owner' })).json()) as {
      token: string;
    };
    expect(
      (await app.request(`${T}/customers`, { headers: { authorization: `Bearer ${session.token}` } })).status,
    ).toBe(200);
    expect(
      (
        await app.request('/api/tenants/ten_northwind/customers', {
          headers: { authorization: `Bearer ${session.token}` },
        })
      ).status,
    ).toBe(401);
  });
});

describe('signed domain events', () => {
  const received: { event: ExoEvent; signature: string; raw: string }[] = [];
  let failFirst = true;
  const server = createServer((req: IncomingMessage, res) => {
    let raw = '';
    req.on('data', (c: Buffer) => (raw += c.toString('utf8')));
    req.on('end', () => {
      if (failFirst) {
        failFirst = false;
        res.writeHead(503).end();
        return;
      }
      received.push({
        event: ExoEvent.parse(JSON.parse(raw)),
        signature: String(req.headers['exoserva-signature']),
        raw,
      });
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  let url = '';
  beforeAll(async () => {
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/events`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it('pushes each write as a signed event and retries a failed delivery', async () => {
    const { app, events, clock } = sandbox({
      events: { url, secret: 'event-secret-0123456789' },
      eventRetryDelaysMs: [10, 10],
    });
    const customer = ExoCustomer.parse(
      await (await post(app, `${T}/customers`, { displayName: 'Grace' })).json(),
    );
    await events.idle();
    expect(received).toHaveLength(1);
    const [{ event, signature, raw }] = received as [(typeof received)[number]];
    expect(event).toMatchObject({
      type: 'customer.created',
      tenantId: 'ten_summit',
      data: { objectId: customer.id, objectVersion: 1 },
    });
    const m = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(signature);
    expect(m).not.toBeNull();
    const t = Number(m?.[1]);
    expect(t).toBe(Math.floor(clock.now().getTime() / 1000));
    expect(m?.[2]).toBe(createHmac('sha256', 'event-secret-0123456789').update(`${t}.${raw}`).digest('hex'));
    const [delivery] = events.deliveries();
    expect(delivery?.status).toBe('delivered');
    expect(delivery?.attempts.map((a) => a.status)).toEqual([503, 200]);
  });
});

describe('event delivery under a burst', () => {
  it('keeps at most maxConcurrent deliveries in flight and delivers every event', async () => {
    let inFlight = 0;
    let most = 0;
    let count = 0;
    const slow = createServer((req: IncomingMessage, res) => {
      inFlight += 1;
      most = Math.max(most, inFlight);
      req.resume();
      req.on('end', () =>
        setTimeout(() => {
          inFlight -= 1;
          count += 1;
          res.writeHead(200).end('{}');
        }, 5),
      );
    });
    await new Promise<void>((r) => slow.listen(0, '127.0.0.1', r));
    try {
      const url = `http://127.0.0.1:${(slow.address() as AddressInfo).port}/events`;
      const dispatcher = createEventDispatcher({
        clock: createManualClock(new Date('2026-11-25T00:00:00Z')),
        defaultEndpoint: { url, secret: 'event-secret-0123456789' },
        maxConcurrent: 3,
      });
      for (let i = 0; i < 20; i++) {
        dispatcher.publish({
          id: `evt_burst_${i}`,
          type: 'customer.updated',
          tenantId: 'ten_summit',
          occurredAt: '2026-11-25T00:00:00.000Z',
          data: { objectId: `cus_${i}`, objectVersion: 1 },
        });
      }
      await dispatcher.idle();
      expect(count).toBe(20);
      expect(most).toBe(3);
      expect(dispatcher.deliveries().every((d) => d.status === 'delivered')).toBe(true);
    } finally {
      await new Promise<void>((r) => slow.close(() => r()));
    }
  });
});

describe('event delivery when the receiver refuses', () => {
  it('does not resend an event refused with a 4xx, but does after 429 and 408 (issue 22)', async () => {
    const answers = new Map<string, number[]>([
      ['evt_refused', [400, 200]],
      ['evt_throttled', [429, 200]],
      ['evt_timeout', [408, 200]],
    ]);
    const server = createServer((req: IncomingMessage, res) => {
      let raw = '';
      req.on('data', (c: Buffer) => (raw += c.toString()));
      req.on('end', () => {
        const id = (JSON.parse(raw) as { id: string }).id;
        res.writeHead(answers.get(id)?.shift() ?? 200).end('{}');
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const dispatcher = createEventDispatcher({
        clock: createManualClock(new Date('2026-12-07T00:00:00Z')),
        defaultEndpoint: {
          url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/events`,
          secret: 'event-secret-0123456789',
        },
        retryDelaysMs: [5, 5],
      });
      for (const id of answers.keys())
        dispatcher.publish({
          id,
          type: 'customer.updated',
          tenantId: 'ten_summit',
          occurredAt: '2026-12-07T00:00:00.000Z',
          data: { objectId: 'cus_1', objectVersion: 1 },
        });
      await dispatcher.idle();
      const byId = new Map(dispatcher.deliveries().map((d) => [d.eventId, d]));
      expect(byId.get('evt_refused')).toMatchObject({ status: 'failed', attempts: [{ status: 400 }] });
      expect(byId.get('evt_throttled')?.attempts.map((a) => a.status)).toEqual([429, 200]);
      expect(byId.get('evt_timeout')?.attempts.map((a) => a.status)).toEqual([408, 200]);
    } finally {
      await new Promise<void>((r) => server.close(() => r()));
    }
  });
});

describe('deleting test records', () => {
  it('deletes a payment, then its invoice, then the customer — never one that something still refers to', async () => {
    const { app } = sandbox();
    const del = (path: string) => app.request(`${T}/${path}`, { method: 'DELETE' });
    const customer = ExoCustomer.parse(
      await (await post(app, `${T}/customers`, { displayName: 'Test Customer ZZ' })).json(),
    );
    const invoice = ExoInvoice.parse(
      await (
        await post(app, `${T}/invoices`, {
          customerId: customer.id,
          lines: [{ kind: 'labor', description: 'Test', quantityMilli: 1000, unitPriceCents: 100 }],
        })
      ).json(),
    );
    const payment = ExoPayment.parse(
      await (await post(app, `${T}/invoices/${invoice.id}/payments`, { method: 'cash' })).json(),
    );
    expect((await del(`customers/${customer.id}`)).status).toBe(409);
    expect((await del(`invoices/${invoice.id}`)).status).toBe(409);
    expect((await del(`payments/${payment.id}`)).status).toBe(204);
    const reopened = ExoInvoice.parse(await (await app.request(`${T}/invoices/${invoice.id}`)).json());
    expect(reopened.status).toBe('open');
    expect((await del(`invoices/${invoice.id}`)).status).toBe(204);
    expect((await del(`customers/${customer.id}`)).status).toBe(204);
    expect((await app.request(`${T}/customers/${customer.id}`)).status).toBe(404);
    expect((await del(`customers/${customer.id}`)).status).toBe(404);
    expect((await del(`refunds/whatever`)).status).toBe(404);
  });
});
