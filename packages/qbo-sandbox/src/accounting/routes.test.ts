import { describe, expect, it } from 'vitest';
import { accountingRoutes, rawParams } from './routes.ts';
import { newCompany } from './test-support.ts';

type Rec = Record<string, unknown>;

function setup() {
  const { company, clock } = newCompany();
  const app = accountingRoutes({ getCompany: (id) => (id === company.realmId ? company : undefined), clock });
  const base = `/v3/company/${company.realmId}`;
  const call = async (method: string, path: string, body?: unknown, contentType = 'application/json') => {
    const res = await app.request(`${base}${path}`, {
      method,
      ...(body !== undefined
        ? {
            body: typeof body === 'string' ? body : JSON.stringify(body),
            headers: { 'content-type': contentType },
          }
        : {}),
    });
    return { status: res.status, tid: res.headers.get('intuit_tid'), body: (await res.json()) as Rec };
  };
  return { app, company, call, base };
}

describe('accounting routes', () => {
  it('answers an unknown realm with a 400 ValidationFault and always sends intuit_tid', async () => {
    const { app } = setup();
    const res = await app.request('/v3/company/nope/customer/1');
    expect(res.status).toBe(400);
    expect(res.headers.get('intuit_tid')).toMatch(/^1-[0-9a-f]{8}-[0-9a-f]{24}$/);
    const body = (await res.json()) as Rec;
    expect(body).toMatchObject({
      Fault: { type: 'ValidationFault' },
      time: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}-08:00$/),
    });
  });

  it('reads an unknown id as 400 code 610', async () => {
    const { call } = setup();
    const r = await call('GET', '/customer/404?minorversion=75&format=json');
    expect(r.status).toBe(400);
    expect(r.body.Fault).toMatchObject({
      Error: [{ Message: 'Object Not Found', code: '610' }],
      type: 'ValidationFault',
    });
  });

  it('turns malformed JSON into a 400 ValidationFault, never a crash', async () => {
    const { call } = setup();
    const r = await call('POST', '/customer', '{"DisplayName": ');
    expect(r.status).toBe(400);
    expect(r.body.Fault).toMatchObject({ Error: [{ code: '2010' }], type: 'ValidationFault' });
    const arr = await call('POST', '/customer', [1, 2]);
    expect(arr.status).toBe(400);
  });

  it('replays the original response for a repeated requestid and creates nothing new', async () => {
    const { call, company } = setup();
    const first = await call('POST', '/customer?requestid=req-123&minorversion=75', {
      DisplayName: "O'Brien & Co",
    });
    const again = await call('POST', '/customer?requestid=req-123&minorversion=75', {
      DisplayName: "O'Brien & Co",
    });
    expect(first.status).toBe(200);
    expect(again).toMatchObject({ status: 200, body: first.body });
    expect(company.list('Customer')).toHaveLength(1);
    const failed = await call('POST', '/customer?requestid=req-124', { DisplayName: "O'Brien & Co" });
    expect(failed.status).toBe(400);
    expect((await call('POST', '/customer?requestid=req-124', { DisplayName: 'Other' })).body).toEqual(
      failed.body,
    );
    expect(
      (await call('POST', `/customer?requestid=${'x'.repeat(51)}`, { DisplayName: 'Long' })).status,
    ).toBe(400);
  });

  it('updates with ?operation=update and deletes/voids transactions', async () => {
    const { call } = setup();
    const c = (await call('POST', '/customer', { DisplayName: 'Route' })).body.Customer as Rec;
    const u = await call('POST', '/customer?operation=update', {
      Id: c.Id,
      SyncToken: '0',
      sparse: true,
      DisplayName: 'Route 2',
    });
    expect(u.body.Customer).toMatchObject({ DisplayName: 'Route 2', SyncToken: '1' });
    const stale = await call('POST', '/customer?operation=update', {
      Id: c.Id,
      SyncToken: '0',
      sparse: true,
      Notes: 'x',
    });
    expect(stale.body.Fault).toMatchObject({ Error: [{ code: '5010' }] });
    const inv = (
      await call('POST', '/invoice', {
        CustomerRef: { value: c.Id },
        Line: [
          { Amount: 10, DetailType: 'SalesItemLineDetail', SalesItemLineDetail: { ItemRef: { value: '1' } } },
        ],
      })
    ).body.Invoice as Rec;
    const voided = await call('POST', '/invoice?operation=void', { Id: inv.Id, SyncToken: inv.SyncToken });
    expect(voided.body.Invoice).toMatchObject({ TotalAmt: 0, PrivateNote: 'Voided' });
    const del = await call('POST', '/invoice?operation=delete', { Id: inv.Id, SyncToken: '1' });
    expect(del.body).toMatchObject({
      Invoice: { status: 'Deleted', domain: 'QBO', Id: inv.Id },
      time: expect.any(String),
    });
    const nameDelete = await call('POST', '/customer?operation=delete', { Id: c.Id, SyncToken: '1' });
    expect(nameDelete.status).toBe(400);
  });

  it('queries by GET and by POST application/text with the exact envelopes', async () => {
    const { call } = setup();
    await call('POST', '/customer', { DisplayName: "O'Brien & Co" });
    await call('POST', '/customer', { DisplayName: 'Acme' });
    const q = encodeURIComponent(
      "select * from customer where DisplayName = 'O\\'Brien & Co' startposition 1 maxresults 1000",
    );
    const got = await call('GET', `/query?query=${q}&minorversion=75&format=json`);
    expect(got.body.QueryResponse).toMatchObject({
      Customer: [{ DisplayName: "O'Brien & Co" }],
      startPosition: 1,
      maxResults: 1,
    });
    const posted = await call('POST', '/query', 'SELECT COUNT(*) FROM Customer', 'application/text');
    expect(posted.body).toEqual({ QueryResponse: { totalCount: 2 }, time: expect.any(String) });
    const none = await call(
      'GET',
      `/query?query=${encodeURIComponent("select * from Customer where DisplayName = 'zzz'")}`,
    );
    expect(none.body).toEqual({ QueryResponse: {}, time: expect.any(String) });
    const bad = await call('GET', `/query?query=${encodeURIComponent('select from Customer')}`);
    expect(bad.status).toBe(400);
    expect(bad.body.Fault).toMatchObject({
      Error: [
        {
          code: '4000',
          Message: 'Error parsing query',
          Detail: expect.stringMatching(/^QueryParserError: /),
        },
      ],
    });
    const unknown = await call('GET', `/query?query=${encodeURIComponent('select * from Widget')}`);
    expect((unknown.body.Fault as { Error: Rec[] }).Error[0]?.Detail).toContain('Widget');
    const tooMany = await call(
      'GET',
      `/query?query=${encodeURIComponent('select * from Customer maxresults 1001')}`,
    );
    expect(tooMany.body.Fault).toMatchObject({ Error: [{ code: '4001' }] });
  });

  it('runs batch items serially; a failed item gets a Fault while the others apply', async () => {
    const { call, company } = setup();
    await call('POST', '/customer', { DisplayName: 'Taken' });
    const r = await call('POST', '/batch', {
      BatchItemRequest: [
        { bId: 'b1', operation: 'create', Customer: { DisplayName: 'Batch One' } },
        { bId: 'b2', operation: 'create', Customer: { DisplayName: 'Taken' } },
        { bId: 'b3', Query: "select * from Customer where DisplayName = 'Batch One'" },
        { bId: 'b4', operation: 'explode', Customer: {} },
      ],
    });
    expect(r.status).toBe(200);
    const items = r.body.BatchItemResponse as Rec[];
    expect(items[0]).toMatchObject({ bId: 'b1', Customer: { DisplayName: 'Batch One' } });
    expect(items[1]).toMatchObject({
      bId: 'b2',
      Fault: { Error: [{ code: '6240' }], type: 'ValidationFault' },
    });
    // Items don't see what earlier items of the same batch created ("requests do not have visibility of
    // earlier requests included from the same payload", Intuit's 2017 batch post)…
    expect(items[2]).toEqual({ bId: 'b3', QueryResponse: {} });
    expect(items[3]).toMatchObject({ bId: 'b4', Fault: { Error: [{ code: '2170' }] } });
    expect(company.list('Customer')).toHaveLength(2);
    // …once the batch is over, everyone does.
    const after = await call(
      'GET',
      `/query?query=${encodeURIComponent("select * from Customer where DisplayName = 'Batch One'")}`,
    );
    expect(after.body).toMatchObject({ QueryResponse: { Customer: [{ DisplayName: 'Batch One' }] } });
    // A reference to a record an earlier item created fails too.
    const ref = await call('POST', '/batch', {
      BatchItemRequest: [
        { bId: 'c1', operation: 'create', Customer: { DisplayName: 'Batch Two' } },
        {
          bId: 'c2',
          operation: 'create',
          Invoice: {
            CustomerRef: { value: String(Number(company.list('Customer').at(-1)?.Id) + 1) },
            Line: [
              {
                Amount: 10,
                DetailType: 'SalesItemLineDetail',
                SalesItemLineDetail: { ItemRef: { value: '1' } },
              },
            ],
          },
        },
      ],
    });
    expect((ref.body.BatchItemResponse as Rec[])[1]).toMatchObject({
      bId: 'c2',
      Fault: { Error: [{ code: '2500' }] },
    });
    const big = await call('POST', '/batch', {
      BatchItemRequest: Array.from({ length: 31 }, (_, i) => ({
        bId: `x${i}`,
        Query: 'select * from Customer',
      })),
    });
    expect(big.status).toBe(400);
    expect(big.body.Fault).toMatchObject({
      Error: [{ code: '1040', Message: 'Batch size exceeds allowed limit' }],
    });
  });

  it('honours requestid on batch', async () => {
    const { call, company } = setup();
    const body = {
      BatchItemRequest: [{ bId: 'b1', operation: 'create', Customer: { DisplayName: 'Once' } }],
    };
    const a = await call('POST', '/batch?requestid=batch-1', body);
    const b = await call('POST', '/batch?requestid=batch-1', body);
    expect(b.body).toEqual(a.body);
    expect(company.list('Customer')).toHaveLength(1);
  });

  it('repairs the unencoded + of changedSince and tolerates && in CDC and reports', async () => {
    const { call } = setup();
    await call('POST', '/customer', { DisplayName: 'Changed' });
    const cdc = await call(
      'GET',
      '/cdc?entities=Customer,Invoice&&changedSince=2026-03-10T19:00:00+01:00&minorversion=75&format=json',
    );
    expect(cdc.status).toBe(200);
    const qr = ((cdc.body.CDCResponse as Rec[])[0]?.QueryResponse as Rec[]) ?? [];
    // Only the entities that changed are listed (no empty Invoice entry).
    expect(qr).toHaveLength(1);
    expect(qr[0]).toMatchObject({ Customer: [{ DisplayName: 'Changed' }], totalCount: 1 });
    const old = await call('GET', '/cdc?entities=Customer&changedSince=2025-01-01');
    expect(old.status).toBe(400);
    const rep = await call(
      'GET',
      '/reports/ProfitAndLoss?start_date=2026-01-01&end_date=2026-12-31&&minorversion=75&format=json',
    );
    expect(rep.status).toBe(200);
    expect(rep.body).toMatchObject({
      Header: { ReportName: 'ProfitAndLoss', StartPeriod: '2026-01-01' },
      Columns: {},
      Rows: {},
    });
    expect(rep.body.time).toBeUndefined();
  });

  it('creates a tax code and its rate through taxservice/taxcode', async () => {
    const { call, company } = setup();
    const agency = company.list('TaxAgency')[0]?.Id;
    const r = await call('POST', '/taxservice/taxcode', {
      TaxCode: 'Oakland',
      TaxRateDetails: [
        { TaxRateName: 'Oakland City', RateValue: 1.5, TaxAgencyId: agency, TaxApplicableOn: 'Sales' },
      ],
    });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({
      TaxCode: 'Oakland',
      TaxCodeId: expect.any(String),
      TaxRateDetails: [{ TaxRateName: 'Oakland City', RateValue: 1.5 }],
    });
    expect(company.get('TaxCode', r.body.TaxCodeId as string)).toMatchObject({
      Name: 'Oakland',
      TaxGroup: true,
    });
  });

  it('parses raw query strings with empty pairs and keeps the raw + for repair', () => {
    expect(rawParams('/x?a=1&&b=2+3&c=%2B&')).toEqual({ a: '1', b: '2 3', c: '+' });
  });
});
