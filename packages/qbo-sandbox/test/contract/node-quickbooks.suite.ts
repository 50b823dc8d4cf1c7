/**
 * The Accounting API as the real node-quickbooks 2.0.50 client uses it. Run against the sandbox and,
 * with credentials, against a real Intuit sandbox company; both must pass the same expectations.
 */
import type QuickBooks from 'node-quickbooks';
import { expect, it } from 'vitest';
import { call, type AxiosLikeError } from './target.ts';
import { xsdAvailable, xsdProblems } from './xsd-shape.ts';

export interface SuiteContext {
  qbo(): QuickBooks;
  realmId: string;
  /** False against real Intuit: revoking would end the caller's grant. */
  canRevoke: boolean;
}

type Rec = Record<string, unknown>;

function faultOf(err: unknown): { status?: number; code?: string } {
  const res = (err as AxiosLikeError).response;
  return { status: res?.status, code: res?.data?.Fault?.Error?.[0]?.code };
}

const checkXsd = xsdAvailable();
if (!checkXsd) console.warn('XSD shape checks skipped: Intuit XSDs not found (set QBO_XSD_DIR)');

function expectXsdShape(type: string, entity: Rec) {
  if (checkXsd) expect(xsdProblems(type, entity)).toEqual([]);
}

export function nodeQuickBooksSuite(ctx: SuiteContext): void {
  const run = `${Date.now().toString(36)}`;
  const name = (label: string) => `Contract ${label} ${run}`;
  let customer: Rec;

  it('reads CompanyInfo', async () => {
    const info = await call<Rec>((cb) => ctx.qbo().getCompanyInfo(ctx.realmId, cb));
    expect(info).toMatchObject({ Id: expect.any(String), CompanyName: expect.any(String) });
    expectXsdShape('CompanyInfo', info);
  });

  it('creates a customer once per requestid', async () => {
    const requestId = `contract-${run}`;
    customer = await call<Rec>((cb) =>
      ctx.qbo().createCustomer({ DisplayName: name('Customer'), requestId }, cb),
    );
    expect(customer).toMatchObject({ Id: expect.any(String), SyncToken: '0', DisplayName: name('Customer') });
    expectXsdShape('Customer', customer);
    const again = await call<Rec>((cb) =>
      ctx.qbo().createCustomer({ DisplayName: name('Customer'), requestId }, cb),
    );
    expect(again.Id).toBe(customer.Id);
  });

  it('reads the customer back', async () => {
    const read = await call<Rec>((cb) => ctx.qbo().getCustomer(customer.Id as string, cb));
    expect(read).toMatchObject({ Id: customer.Id, DisplayName: name('Customer'), Active: true });
  });

  it('sparse-updates the customer and bumps the SyncToken', async () => {
    const updated = await call<Rec>((cb) =>
      ctx.qbo().updateCustomer(
        {
          Id: customer.Id as string,
          SyncToken: customer.SyncToken as string,
          sparse: true,
          CompanyName: 'Contract Inc',
        },
        cb,
      ),
    );
    expect(updated).toMatchObject({
      Id: customer.Id,
      SyncToken: '1',
      CompanyName: 'Contract Inc',
      DisplayName: name('Customer'),
    });
    customer = updated;
  });

  it('refuses an update with a stale SyncToken with 5010', async () => {
    const err = await call((cb) =>
      ctx
        .qbo()
        .updateCustomer(
          { Id: customer.Id as string, SyncToken: '0', sparse: true, CompanyName: 'Stale' },
          cb,
        ),
    ).catch((e: unknown) => e);
    expect(faultOf(err)).toEqual({ status: 400, code: '5010' });
  });

  it('finds the customer by DisplayName through a query', async () => {
    const found = await call<{ QueryResponse: { Customer?: Rec[]; maxResults?: number } }>((cb) =>
      ctx.qbo().findCustomers({ DisplayName: name('Customer') }, cb),
    );
    expect(found.QueryResponse.Customer?.map((c) => c.Id)).toEqual([customer.Id]);
    expect(found.QueryResponse.maxResults).toBe(1);
  });

  it('answers a read of a missing id with 400 and 610', async () => {
    const err = await call((cb) => ctx.qbo().getCustomer('987654321', cb)).catch((e: unknown) => e);
    expect(faultOf(err)).toEqual({ status: 400, code: '610' });
  });

  it('answers a duplicate DisplayName with 400 and 6240', async () => {
    const err = await call((cb) => ctx.qbo().createCustomer({ DisplayName: name('Customer') }, cb)).catch(
      (e: unknown) => e,
    );
    expect(faultOf(err)).toEqual({ status: 400, code: '6240' });
  });

  it('creates an invoice whose shape fits the XSD', async () => {
    const items = await call<{ QueryResponse: { Item?: Rec[] } }>((cb) =>
      ctx.qbo().findItems([{ field: 'Type', value: 'Service' }], cb),
    );
    const item = items.QueryResponse.Item?.[0];
    expect(item).toBeDefined();
    const invoice = await call<Rec>((cb) =>
      ctx.qbo().createInvoice(
        {
          CustomerRef: { value: customer.Id as string },
          Line: [
            {
              Amount: 125.5,
              DetailType: 'SalesItemLineDetail',
              SalesItemLineDetail: { ItemRef: { value: item?.Id as string }, Qty: 1, UnitPrice: 125.5 },
            },
          ],
        },
        cb,
      ),
    );
    expect(invoice).toMatchObject({ TotalAmt: 125.5, Balance: 125.5, CustomerRef: { value: customer.Id } });
    expectXsdShape('Invoice', invoice);
  });

  it('runs a batch and returns the raw BatchItemResponse', async () => {
    const res = await call<{ BatchItemResponse: Rec[] }>((cb) =>
      ctx.qbo().batch(
        [
          { bId: 'b1', operation: 'create', Customer: { DisplayName: name('Batch') } },
          { bId: 'b2', Query: `select * from Customer where Id = '${customer.Id as string}'` },
        ] as never,
        cb,
      ),
    );
    const byId = Object.fromEntries(res.BatchItemResponse.map((r) => [r.bId, r]));
    expect(byId.b1).toMatchObject({ Customer: { DisplayName: name('Batch') } });
    expect(byId.b2).toMatchObject({ QueryResponse: { Customer: [{ Id: customer.Id }] } });
  });

  it('reports the customer through change data capture', async () => {
    const since = new Date(Date.now() - 3_600_000);
    const res = await call<{ CDCResponse: Array<{ QueryResponse: Array<{ Customer?: Rec[] }> }> }>((cb) =>
      ctx.qbo().changeDataCapture(['Customer'], since, cb),
    );
    const customers = res.CDCResponse[0]?.QueryResponse.flatMap((q) => q.Customer ?? []) ?? [];
    expect(customers.map((c) => c.Id)).toContain(customer.Id);
  });

  it('runs the ProfitAndLoss report (with node-quickbooks’ `&&` in the URL)', async () => {
    const report = await call<Rec>((cb) =>
      ctx.qbo().reportProfitAndLoss({ start_date: '2025-01-01', end_date: '2030-12-31' }, cb),
    );
    expect(report).toMatchObject({ Header: { ReportName: 'ProfitAndLoss' }, Columns: expect.any(Object) });
    expect(report).not.toHaveProperty('time');
  });

  it('refreshes the access token', async () => {
    const qbo = ctx.qbo();
    const before = qbo.token;
    const res = await call<Rec>((cb) => qbo.refreshAccessToken(cb));
    expect(res).toMatchObject({ token_type: 'bearer', expires_in: 3600 });
    expect(qbo.token).not.toBe(before);
    const info = await call<Rec>((cb) => qbo.getCompanyInfo(ctx.realmId, cb));
    expect(info.Id).toBeDefined();
  });

  it.runIf(ctx.canRevoke)('revokes access, after which calls get 401', async () => {
    const qbo = ctx.qbo();
    const token = qbo.token;
    await call((cb) => qbo.revokeAccess(true, cb));
    expect(qbo.token).toBeNull();
    qbo.token = token;
    const err = await call((cb) => qbo.getCompanyInfo(ctx.realmId, cb)).catch((e: unknown) => e);
    expect((err as AxiosLikeError).response?.status).toBe(401);
  });
}
