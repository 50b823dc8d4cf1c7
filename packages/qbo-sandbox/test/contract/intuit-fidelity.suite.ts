/**
 * Facts about Intuit a sync product gets hurt by, each checked through the real node-quickbooks client and each
 * naming the public source it comes from. The same suite runs against the stand-in and, with credentials, a real
 * Intuit sandbox company (see node-quickbooks.contract.test.ts for how the clients are pointed).
 */
import type QuickBooks from 'node-quickbooks';
import { expect, it } from 'vitest';
import { call, type AxiosLikeError } from './target.ts';

type Rec = Record<string, unknown>;

export interface FidelityContext {
  qbo(): QuickBooks;
}

const run = Date.now().toString(36);

async function one<T = Rec>(fn: (cb: (err: unknown, data?: unknown) => void) => void): Promise<T> {
  return call<T>(fn);
}

async function accountBySubType(qbo: QuickBooks, subType: string): Promise<string> {
  const res = await one<{ QueryResponse: { Account?: Rec[] } }>((cb) =>
    qbo.findAccounts([{ field: 'AccountSubType', value: subType }], cb),
  );
  const id = res.QueryResponse.Account?.[0]?.Id;
  if (typeof id !== 'string') throw new Error(`no ${subType} account`);
  return id;
}

async function serviceItem(qbo: QuickBooks): Promise<string> {
  const res = await one<{ QueryResponse: { Item?: Rec[] } }>((cb) =>
    qbo.findItems([{ field: 'Type', value: 'Service' }], cb),
  );
  return String(res.QueryResponse.Item?.[0]?.Id);
}

const line = (itemId: string, amount: number) => ({
  Amount: amount,
  DetailType: 'SalesItemLineDetail',
  SalesItemLineDetail: {
    ItemRef: { value: itemId },
    Qty: 1,
    UnitPrice: amount,
    TaxCodeRef: { value: 'NON' },
  },
});

export function intuitFidelitySuite(ctx: FidelityContext): void {
  let customerId = '';
  let itemId = '';
  let undeposited = '';
  let checking = '';

  it('sets up a customer for the facts below', async () => {
    const qbo = ctx.qbo();
    const customer = await one<Rec>((cb) => qbo.createCustomer({ DisplayName: `Fidelity ${run}` }, cb));
    customerId = String(customer.Id);
    itemId = await serviceItem(qbo);
    undeposited = await accountBySubType(qbo, 'UndepositedFunds');
    checking = await accountBySubType(qbo, 'Checking');
  });

  // Intuit's Deposit reference: "Linkable types: Transfer, Payment, SalesReceipt, RefundReceipt, JournalEntry".
  // A refund paid out of Undeposited Funds is netted with a negative line.
  it('deposits a payment and nets a refund receipt from Undeposited Funds in the same deposit', async () => {
    const qbo = ctx.qbo();
    const invoice = await one<Rec>((cb) =>
      qbo.createInvoice({ CustomerRef: { value: customerId }, Line: [line(itemId, 120)] }, cb),
    );
    const payment = await one<Rec>((cb) =>
      qbo.createPayment(
        {
          CustomerRef: { value: customerId },
          TotalAmt: 120,
          DepositToAccountRef: { value: undeposited },
          Line: [{ Amount: 120, LinkedTxn: [{ TxnId: invoice.Id, TxnType: 'Invoice' }] }],
        },
        cb,
      ),
    );
    // Intuit's Payment reference (and the IntuitDeveloperRelations gist): invoice lines carry LineEx.
    expect((payment.Line as Rec[])[0]).toHaveProperty('LineEx');
    const refund = await one<Rec>((cb) =>
      qbo.createRefundReceipt(
        {
          CustomerRef: { value: customerId },
          DepositToAccountRef: { value: undeposited },
          Line: [line(itemId, 20)],
        },
        cb,
      ),
    );
    const deposit = await one<Rec>((cb) =>
      qbo.createDeposit(
        {
          DepositToAccountRef: { value: checking },
          Line: [
            { Amount: 120, LinkedTxn: [{ TxnId: payment.Id, TxnType: 'Payment', TxnLineId: '0' }] },
            { Amount: -20, LinkedTxn: [{ TxnId: refund.Id, TxnType: 'RefundReceipt', TxnLineId: '0' }] },
          ],
        },
        cb,
      ),
    );
    expect(deposit.TotalAmt).toBe(100);
    // Captured deposits: a linked line carries its Amount and LinkedTxn, no detail.
    for (const l of deposit.Line as Rec[]) expect(l).not.toHaveProperty('DepositLineDetail');
  });

  // Intuit's Deposit reference sample: a direct line names its entity type in capitals.
  it('names a deposit line’s entity CUSTOMER', async () => {
    const qbo = ctx.qbo();
    const income = await accountBySubType(qbo, 'OtherPrimaryIncome');
    const deposit = await one<Rec>((cb) =>
      qbo.createDeposit(
        {
          DepositToAccountRef: { value: checking },
          Line: [
            {
              Amount: 15,
              DetailType: 'DepositLineDetail',
              DepositLineDetail: {
                AccountRef: { value: income },
                Entity: { value: customerId, type: 'CUSTOMER' },
              },
            },
          ],
        },
        cb,
      ),
    );
    expect(((deposit.Line as Rec[])[0]?.DepositLineDetail as Rec).Entity).toMatchObject({ type: 'CUSTOMER' });
  });

  // Intuit's Payment reference: LinkedTxn may be an Invoice or a CreditMemo (and JournalEntry, Expense, Check).
  it('applies a credit memo to an invoice with a $0 payment', async () => {
    const qbo = ctx.qbo();
    const invoice = await one<Rec>((cb) =>
      qbo.createInvoice({ CustomerRef: { value: customerId }, Line: [line(itemId, 50)] }, cb),
    );
    const memo = await one<Rec>((cb) =>
      qbo.createCreditMemo({ CustomerRef: { value: customerId }, Line: [line(itemId, 10)] }, cb),
    );
    await one((cb) =>
      qbo.createPayment(
        {
          CustomerRef: { value: customerId },
          TotalAmt: 0,
          Line: [
            { Amount: 10, LinkedTxn: [{ TxnId: invoice.Id, TxnType: 'Invoice' }] },
            { Amount: 10, LinkedTxn: [{ TxnId: memo.Id, TxnType: 'CreditMemo' }] },
          ],
        },
        cb,
      ),
    );
    const after = await one<Rec>((cb) => qbo.getInvoice(String(invoice.Id), cb));
    expect(after.Balance).toBe(40);
  });

  // Captured invoices carry Deposit and the online-payment flags; the Invoice reference documents
  // ApplyTaxAfterDiscount's default as false.
  it('answers an invoice with Deposit 0, the AllowOnline flags and ApplyTaxAfterDiscount false by default', async () => {
    const qbo = ctx.qbo();
    const invoice = await one<Rec>((cb) =>
      qbo.createInvoice({ CustomerRef: { value: customerId }, Line: [line(itemId, 30)] }, cb),
    );
    expect(invoice).toMatchObject({ Deposit: 0, AllowIPNPayment: false, AllowOnlineACHPayment: false });
    expect(invoice.ApplyTaxAfterDiscount).toBe(false);
  });

  // Intuit's 2017 post on batch operations: "requests do not have visibility of earlier requests included from
  // the same payload".
  it('runs batch items without letting them see what earlier items created', async () => {
    const name = `Fidelity batch ${run}`;
    const res = await one<{ BatchItemResponse: Rec[] }>((cb) =>
      ctx.qbo().batch(
        [
          { bId: 'b1', operation: 'create', Customer: { DisplayName: name } },
          { bId: 'b2', Query: `select * from Customer where DisplayName = '${name}'` },
        ] as never,
        cb,
      ),
    );
    const byId = Object.fromEntries(res.BatchItemResponse.map((r) => [r.bId, r]));
    expect(byId.b1).toHaveProperty('Customer');
    expect((byId.b2?.QueryResponse as Rec | undefined)?.Customer).toBeUndefined();
  });

  // node-quickbooks test/cdc.js and quickbooks-ruby's change_data_capture fixture: only changed entities are listed.
  it('lists only the entities that changed in change data capture', async () => {
    const since = new Date(Date.now() - 60_000);
    const res = await one<{ CDCResponse: { QueryResponse: Rec[] }[] }>((cb) =>
      ctx.qbo().changeDataCapture(['Customer', 'Vendor'], since, cb),
    );
    const responses = res.CDCResponse[0]?.QueryResponse ?? [];
    expect(responses.some((r) => 'Vendor' in r)).toBe(false);
    expect(responses.some((r) => 'Customer' in r)).toBe(true);
  });

  // Captured ProfitAndLoss responses of a company with income only: no empty COGS or Expenses groups.
  it('leaves empty groups out of a ProfitAndLoss', async () => {
    const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
    const report = await one<{ Rows: { Row: Rec[] } }>((cb) =>
      ctx.qbo().reportProfitAndLoss({ start_date: day(-2), end_date: day(2) }, cb),
    );
    const groups = report.Rows.Row.map((r) => r.group);
    expect(groups).toContain('Income');
    expect(groups).not.toContain('COGS');
  });
}

/** Is the error a fault with this status and code, whatever its casing? */
export function faultOf(err: unknown): { status?: number; code?: string } {
  const res = (err as AxiosLikeError).response as
    | {
        status: number;
        data: { Fault?: { Error: { code: string }[] }; fault?: { error: { code: string }[] } };
      }
    | undefined;
  return {
    status: res?.status,
    code: res?.data?.Fault?.Error?.[0]?.code ?? res?.data?.fault?.error?.[0]?.code,
  };
}
