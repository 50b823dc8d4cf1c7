/**
 * The real node-quickbooks client, unchanged except for its base URL, against accountingRoutes served on a
 * free loopback port.
 */
import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import QuickBooks from 'node-quickbooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accountingRoutes } from './routes.ts';
import { newCompany, START } from './test-support.ts';

type Rec = Record<string, unknown>;
type Method = (...args: unknown[]) => void;

process.env.NO_PROXY = '127.0.0.1,localhost';

const { company, clock } = newCompany();
let server: ServerType;
let qbo: QuickBooks;

/** node-quickbooks is callback-based; an axios error carries the Fault in err.response.data. */
function call<T = Rec>(method: string, ...args: unknown[]): Promise<T> {
  return new Promise((resolve, reject) => {
    const fn = (qbo as unknown as Record<string, Method>)[method] as Method;
    fn.call(qbo, ...args, (err: unknown, data: T) => (err ? reject(err) : resolve(data)));
  });
}

async function faultOf(p: Promise<unknown>): Promise<Rec> {
  try {
    await p;
  } catch (e) {
    const err = e as { response?: { status: number; data: Rec } };
    return { status: err.response?.status, ...((err.response?.data ?? e) as Rec) };
  }
  throw new Error('expected a fault');
}

beforeAll(async () => {
  const app = accountingRoutes({ getCompany: (id) => (id === company.realmId ? company : undefined), clock });
  server = await new Promise<ServerType>((resolve) => {
    const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
  });
  const { port } = server.address() as AddressInfo;
  QuickBooks.V3_ENDPOINT_BASE_URL = `http://127.0.0.1:${port}/v3/company/`;
  qbo = new QuickBooks('cid', 'csecret', 'AT1', false, company.realmId, true, false, '75', '2.0', 'RT1');
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

describe('node-quickbooks against the accounting routes', () => {
  let customer: Rec;
  let invoice: Rec;

  it('creates a customer once per requestId, reads it and updates it sparsely', async () => {
    customer = await call('createCustomer', { DisplayName: "O'Brien & Co", requestId: 'req-123' });
    const again = await call('createCustomer', { DisplayName: "O'Brien & Co", requestId: 'req-123' });
    expect(again.Id).toBe(customer.Id);
    const read = await call('getCustomer', customer.Id);
    expect(read).toMatchObject({ DisplayName: "O'Brien & Co", SyncToken: '0' });
    const updated = await call('updateCustomer', { Id: customer.Id, SyncToken: '0', CompanyName: "O'Brien" });
    expect(updated).toMatchObject({ SyncToken: '1', CompanyName: "O'Brien", DisplayName: "O'Brien & Co" });
    customer = updated;
  });

  it('surfaces faults in err.response.data', async () => {
    const f = await faultOf(call('getCustomer', '404'));
    expect(f).toMatchObject({ status: 400, Fault: { Error: [{ code: '610' }], type: 'ValidationFault' } });
    const stale = await faultOf(call('updateCustomer', { Id: customer.Id, SyncToken: '0', Notes: 'x' }));
    expect(stale).toMatchObject({ Fault: { Error: [{ code: '5010' }] } });
  });

  it("finds customers with a \\' escape and with LIKE", async () => {
    await call('createCustomer', { DisplayName: 'Acme Heating' });
    const exact = await call<{ QueryResponse: Rec }>('findCustomers', { DisplayName: "O'Brien & Co" });
    expect(exact.QueryResponse).toMatchObject({
      Customer: [{ Id: customer.Id }],
      startPosition: 1,
      maxResults: 1,
    });
    const like = await call<{ QueryResponse: Rec }>('findCustomers', [
      { field: 'DisplayName', value: 'A%', operator: 'LIKE' },
      { field: 'limit', value: 5 },
    ]);
    expect((like.QueryResponse.Customer as Rec[]).map((c) => c.DisplayName)).toEqual(['Acme Heating']);
    const all = await call<{ QueryResponse: Rec }>('findCustomers', { fetchAll: true });
    expect(all.QueryResponse.Customer).toHaveLength(2);
  });

  it('invoices, takes a payment and shows the invoice paid', async () => {
    invoice = await call('createInvoice', {
      CustomerRef: { value: customer.Id },
      Line: [
        {
          Amount: 150,
          DetailType: 'SalesItemLineDetail',
          SalesItemLineDetail: { ItemRef: { value: '1' }, Qty: 1, UnitPrice: 150 },
        },
      ],
    });
    expect(invoice).toMatchObject({ TotalAmt: 150, Balance: 150, DocNumber: '1001' });
    const payment = await call('createPayment', {
      CustomerRef: { value: customer.Id },
      TotalAmt: 150,
      Line: [{ Amount: 150, LinkedTxn: [{ TxnId: invoice.Id, TxnType: 'Invoice' }] }],
    });
    expect(payment).toMatchObject({ TotalAmt: 150, UnappliedAmt: 0 });
    const paid = await call('getInvoice', invoice.Id);
    expect(paid).toMatchObject({ Balance: 0, LinkedTxn: [{ TxnId: payment.Id, TxnType: 'Payment' }] });
  });

  it('runs a batch', async () => {
    const res = await call<{ BatchItemResponse: Rec[] }>('batch', [
      { bId: 'b1', operation: 'create', Customer: { DisplayName: 'Batch Customer' } },
      { bId: 'b2', operation: 'create', Customer: { DisplayName: 'Acme Heating' } },
      { bId: 'b3', Query: 'select count(*) from Customer' },
    ]);
    expect(res.BatchItemResponse[0]).toMatchObject({
      bId: 'b1',
      Customer: { DisplayName: 'Batch Customer' },
    });
    expect(res.BatchItemResponse[1]).toMatchObject({ bId: 'b2', Fault: { Error: [{ code: '6240' }] } });
    // Items don't see what earlier items of the same batch created (Intuit's 2017 batch post).
    expect(res.BatchItemResponse[2]).toMatchObject({ bId: 'b3', QueryResponse: { totalCount: 2 } });
  });

  it('reads change data capture with a Date formatted in a +offset time zone', async () => {
    const tz = process.env.TZ;
    process.env.TZ = 'Europe/Berlin'; // formatISO then emits "+01:00" with a raw, unencoded "+"
    const pending = call<{ CDCResponse: { QueryResponse: Rec[] }[] }>(
      'changeDataCapture',
      ['Customer', 'Invoice'],
      new Date(START - 3_600_000),
    );
    process.env.TZ = tz;
    const res = await pending;
    const [customers, invoices] = res.CDCResponse[0]?.QueryResponse ?? [];
    expect((customers?.Customer as Rec[]).length).toBe(3);
    expect(invoices?.Invoice).toEqual([expect.objectContaining({ Id: invoice.Id })]);
  });

  it('reports profit and loss through the && URL', async () => {
    const report = await call<Rec>('reportProfitAndLoss', {
      start_date: '2026-01-01',
      end_date: '2026-12-31',
    });
    expect(report.Header).toMatchObject({
      ReportName: 'ProfitAndLoss',
      StartPeriod: '2026-01-01',
      EndPeriod: '2026-12-31',
    });
    const rows = (report.Rows as { Row: Rec[] }).Row;
    const net = rows.find((r) => r.group === 'NetIncome')?.Summary as { ColData: Rec[] };
    expect(net.ColData[1]?.value).toBe('150.00');
  });

  it('voids and deletes an invoice by id', async () => {
    const other = await call('createInvoice', {
      CustomerRef: { value: customer.Id },
      Line: [
        { Amount: 20, DetailType: 'SalesItemLineDetail', SalesItemLineDetail: { ItemRef: { value: '1' } } },
      ],
      PrivateNote: 'duplicate',
    });
    const voided = await call<{ Invoice: Rec }>('voidInvoice', other.Id);
    expect(voided.Invoice).toMatchObject({ TotalAmt: 0, Balance: 0, PrivateNote: 'Voided - duplicate' });
    const deleted = await call<{ Invoice: Rec }>('deleteInvoice', other.Id);
    expect(deleted.Invoice).toEqual({ status: 'Deleted', domain: 'QBO', Id: other.Id });
    const gone = await faultOf(call('getInvoice', other.Id));
    expect(gone).toMatchObject({ Fault: { Error: [{ code: '610' }] } });
  });

  it('reads company info by realm id and the preferences', async () => {
    const info = await call('getCompanyInfo', company.realmId);
    expect(info).toMatchObject({ CompanyName: 'Cool Air HVAC', Country: 'US' });
    const prefs = await call('getPreferences');
    expect(prefs).toMatchObject({ TaxPrefs: { UsingSalesTax: true } });
  });
});
