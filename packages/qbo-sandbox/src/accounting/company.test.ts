import { describe, expect, it } from 'vitest';
import { Company } from './company.ts';
import { IntuitFaultError } from './faults.ts';
import { accountId, balance, itemId, newCompany, START, taxCodeId } from './test-support.ts';

function fault(fn: () => unknown) {
  try {
    fn();
  } catch (e) {
    if (e instanceof IntuitFaultError) return { status: e.status, ...e.errors[0] };
    throw e;
  }
  throw new Error('expected a fault');
}

type Rec = Record<string, unknown>;

/** labor 2.5 h × 95.00 (non-taxable) + parts 3 × 19.99 (taxable) − 10 % + California 7.25 % */
function serviceInvoice(company: Company, customerId: string, extra: Rec = {}) {
  return company.create('Invoice', {
    CustomerRef: { value: customerId },
    Line: [
      {
        Amount: 237.5,
        DetailType: 'SalesItemLineDetail',
        Description: 'Labor',
        SalesItemLineDetail: {
          ItemRef: { value: itemId(company, 'Hours') },
          Qty: 2.5,
          UnitPrice: 95,
          TaxCodeRef: { value: 'NON' },
        },
      },
      {
        Amount: 59.97,
        DetailType: 'SalesItemLineDetail',
        Description: 'Capacitor',
        SalesItemLineDetail: {
          ItemRef: { value: itemId(company, 'Sales') },
          Qty: 3,
          UnitPrice: 19.99,
          TaxCodeRef: { value: 'TAX' },
        },
      },
      { DetailType: 'DiscountLineDetail', DiscountLineDetail: { PercentBased: true, DiscountPercent: 10 } },
    ],
    TxnTaxDetail: { TxnTaxCodeRef: { value: taxCodeId(company, 'California') } },
    ApplyTaxAfterDiscount: true,
    ...extra,
  }).record;
}

describe('a new company', () => {
  it('is seeded like a new QuickBooks Online company', () => {
    const { company } = newCompany();
    const names = company.list('Account').map((a) => a.Name);
    expect(names).toEqual(
      expect.arrayContaining([
        'Checking',
        'Savings',
        'Accounts Receivable (A/R)',
        'Undeposited Funds',
        'Services',
        'Sales of Product Income',
        'Discounts given',
        'Bank charges',
        'Sales Tax Payable',
        'Opening Balance Equity',
      ]),
    );
    expect(company.list('Account').find((a) => a.Name === 'Undeposited Funds')).toMatchObject({
      AccountType: 'Other Current Asset',
      AccountSubType: 'UndepositedFunds',
      Classification: 'Asset',
      CurrentBalance: 0,
      SyncToken: '0',
      domain: 'QBO',
    });
    expect(company.list('PaymentMethod').map((p) => p.Name)).toEqual([
      'Cash',
      'Check',
      'Visa',
      'MasterCard',
      'American Express',
    ]);
    expect(company.get('Preferences', '1')).toMatchObject({
      TaxPrefs: { UsingSalesTax: true, PartnerTaxEnabled: false },
      SalesFormsPrefs: { CustomTxnNumbers: true, AllowDeposit: true },
      CurrencyPrefs: { HomeCurrency: { value: 'USD' } },
    });
    expect(company.get('CompanyInfo', '1')).toMatchObject({
      CompanyName: 'Cool Air HVAC',
      Country: 'US',
      CompanyAddr: { Country: 'USA' },
    });
    expect(company.list('TaxRate')[0]).toMatchObject({ Name: 'California', RateValue: 7.25 });
  });

  it('has no Sales Tax Payable nor tax codes without sales tax', () => {
    const { company } = newCompany({ salesTax: false });
    expect(company.list('Account').some((a) => a.AccountSubType === 'SalesTaxPayable')).toBe(false);
    expect(company.list('TaxCode')).toEqual([]);
  });

  it('survives a JSON snapshot and restore', () => {
    const { company, clock } = newCompany();
    const c = company.create('Customer', { DisplayName: 'Snap' }).record;
    const restored = Company.restore(JSON.parse(JSON.stringify(company.snapshot())), { clock });
    expect(restored.get('Customer', c.Id as string)).toEqual(c);
    expect(restored.create('Customer', { DisplayName: 'Next' }).record.Id).not.toBe(c.Id);
  });
});

describe('name lists', () => {
  it('creates a customer with string Id/SyncToken and MetaData, then bumps SyncToken on update', () => {
    const { company, clock } = newCompany();
    const c = company.create('Customer', {
      DisplayName: "O'Brien & Co",
      PrimaryEmailAddr: { Address: 'a@b.co' },
    }).record;
    expect(c).toMatchObject({
      Id: expect.any(String),
      SyncToken: '0',
      sparse: false,
      domain: 'QBO',
      Active: true,
      Balance: 0,
    });
    expect((c.MetaData as Rec).CreateTime).toBe('2026-03-10T10:00:00-08:00');
    clock.advance(60_000);
    const u = company.update('Customer', {
      Id: c.Id,
      SyncToken: '0',
      sparse: true,
      CompanyName: 'OB',
    }).record;
    expect(u).toMatchObject({ SyncToken: '1', DisplayName: "O'Brien & Co", CompanyName: 'OB' });
    expect((u.MetaData as Rec).LastUpdatedTime).toBe('2026-03-10T10:01:00-08:00');
  });

  it("refuses a stale SyncToken with 5010 and Intuit's text", () => {
    const { company } = newCompany();
    const c = company.create('Customer', { DisplayName: 'Stale' }).record;
    company.update('Customer', { Id: c.Id, SyncToken: '0', sparse: true, Notes: 'x' });
    expect(
      fault(() => company.update('Customer', { Id: c.Id, SyncToken: '0', sparse: true, Notes: 'y' })),
    ).toMatchObject({
      status: 400,
      code: '5010',
      Message: 'Stale Object Error',
      Detail:
        'Stale Object Error : You and root were working on this at the same time. root finished before you did, so your work was not saved.',
    });
  });

  it('keeps DisplayName unique across customers, vendors and employees (6240)', () => {
    const { company } = newCompany();
    company.create('Vendor', { DisplayName: 'Acme Supply' });
    expect(fault(() => company.create('Customer', { DisplayName: 'acme supply' }))).toMatchObject({
      code: '6240',
      Detail:
        'The name supplied already exists. : Another customer, vendor or employee is already using this name. Please use a different name.',
    });
    company.create('Employee', { GivenName: 'Jo', FamilyName: 'Tech' });
    expect(fault(() => company.create('Vendor', { DisplayName: 'Jo Tech' }))).toMatchObject({ code: '6240' });
  });

  it('requires a name (6080), builds DisplayName from parts, and refuses unknown properties (2010)', () => {
    const { company } = newCompany();
    expect(fault(() => company.create('Customer', { CompanyName: 'x' }))).toMatchObject({ code: '6080' });
    expect(company.create('Customer', { GivenName: 'Ann', FamilyName: 'Lee' }).record.DisplayName).toBe(
      'Ann Lee',
    );
    expect(fault(() => company.create('Customer', { DisplayName: 'Z', Bogus: 1 }))).toMatchObject({
      code: '2010',
      element: 'Bogus',
    });
    expect(fault(() => company.create('Customer', { DisplayName: { a: 1 } }))).toMatchObject({
      code: '2010',
      element: 'DisplayName',
    });
  });

  it('renames an inactivated customer "(deleted)" and frees its name', () => {
    const { company } = newCompany();
    const c = company.create('Customer', { DisplayName: 'Thrifty Meats' }).record;
    const d = company.update('Customer', { Id: c.Id, SyncToken: '0', sparse: true, Active: false }).record;
    expect(d).toMatchObject({ Active: false, DisplayName: 'Thrifty Meats (deleted)' });
    expect(company.list('Customer').some((x) => x.Id === c.Id)).toBe(false);
    expect(company.list('Customer', { includeInactive: true }).some((x) => x.Id === c.Id)).toBe(true);
    expect(company.create('Customer', { DisplayName: 'Thrifty Meats' }).record.Id).not.toBe(c.Id);
  });

  it('validates accounts: name required, type or subtype (6010), enum (2170)', () => {
    const { company } = newCompany();
    expect(fault(() => company.create('Account', { AccountType: 'Bank' }))).toMatchObject({
      code: '2020',
      element: 'Name',
    });
    expect(fault(() => company.create('Account', { Name: 'X' }))).toMatchObject({ code: '6010' });
    expect(fault(() => company.create('Account', { Name: 'X', AccountType: 'Bogus' }))).toMatchObject({
      code: '2170',
    });
    expect(
      company.create('Account', { Name: 'Merchant fees', AccountSubType: 'BankCharges' }).record,
    ).toMatchObject({
      AccountType: 'Expense',
      Classification: 'Expense',
    });
  });
});

describe('money and the ledger', () => {
  it('totals an invoice with labor, parts, a percent discount and sales tax to the cent', () => {
    const { company } = newCompany();
    const cust = company.create('Customer', { DisplayName: 'Dana' }).record;
    const inv = serviceInvoice(company, cust.Id as string);
    const lines = inv.Line as Rec[];
    expect(lines.map((l) => [l.DetailType, l.Amount])).toEqual([
      ['SalesItemLineDetail', 237.5],
      ['SalesItemLineDetail', 59.97],
      ['SubTotalLineDetail', 297.47],
      ['DiscountLineDetail', 29.75],
    ]);
    expect(inv.TxnTaxDetail).toMatchObject({
      TotalTax: 3.91,
      TaxLine: [{ Amount: 3.91, TaxLineDetail: { TaxPercent: 7.25, NetAmountTaxable: 53.97 } }],
    });
    expect(inv).toMatchObject({
      TotalAmt: 271.63,
      Balance: 271.63,
      DocNumber: '1001',
      TxnDate: '2026-03-10',
      DueDate: '2026-03-10',
    });
    expect((lines[0]?.SalesItemLineDetail as Rec).ItemAccountRef).toMatchObject({ name: 'Services' });
    expect(balance(company, 'Accounts Receivable (A/R)')).toBe(271.63);
    expect(balance(company, 'Services')).toBe(237.5);
    expect(balance(company, 'Sales of Product Income')).toBe(59.97);
    expect(balance(company, 'Discounts given')).toBe(-29.75);
    expect(balance(company, 'Sales Tax Payable')).toBe(3.91);
    expect(company.get('Customer', cust.Id as string)?.Balance).toBe(271.63);
  });

  it('taxes the whole subtotal unless the form says to apply tax after the discount (Intuit’s default)', () => {
    const { company } = newCompany();
    const cust = company.create('Customer', { DisplayName: 'Dana' }).record;
    const inv = serviceInvoice(company, cust.Id as string, { ApplyTaxAfterDiscount: undefined });
    expect(inv.ApplyTaxAfterDiscount).toBe(false);
    // 7.25 % of the taxable 59.97 before the 10 % discount: 4.35 (after it, 53.97 → 3.91).
    expect(inv.TxnTaxDetail).toMatchObject({ TotalTax: 4.35 });
  });

  it('honours an explicit TotalTax over the computed one', () => {
    const { company } = newCompany();
    const cust = company.create('Customer', { DisplayName: 'Override' }).record;
    const inv = serviceInvoice(company, cust.Id as string, {
      TxnTaxDetail: { TxnTaxCodeRef: { value: taxCodeId(company, 'California') }, TotalTax: 4 },
    });
    expect(inv).toMatchObject({ TotalAmt: 271.72, TxnTaxDetail: { TotalTax: 4 } });
    expect(balance(company, 'Sales Tax Payable')).toBe(4);
  });

  it('refuses Amount ≠ Qty × UnitPrice with 6070', () => {
    const { company } = newCompany();
    const cust = company.create('Customer', { DisplayName: 'Calc' }).record;
    expect(
      fault(() =>
        company.create('Invoice', {
          CustomerRef: { value: cust.Id },
          Line: [
            {
              Amount: 100,
              DetailType: 'SalesItemLineDetail',
              SalesItemLineDetail: { ItemRef: { value: '1' }, Qty: 3, UnitPrice: 33.33 },
            },
          ],
        }),
      ),
    ).toMatchObject({ code: '6070', Detail: 'Amount is not equal to Qty * UnitPrice. Supplied value:100' });
  });

  it('applies a partial then a final payment, linking both to the invoice', () => {
    const { company } = newCompany();
    const cust = company.create('Customer', { DisplayName: 'Payer' }).record;
    const inv = serviceInvoice(company, cust.Id as string);
    const p1 = company.create('Payment', {
      CustomerRef: { value: cust.Id },
      TotalAmt: 100,
      Line: [{ Amount: 100, LinkedTxn: [{ TxnId: inv.Id, TxnType: 'Invoice' }] }],
    }).record;
    expect(p1).toMatchObject({ UnappliedAmt: 0, DepositToAccountRef: { name: 'Undeposited Funds' } });
    let now = company.get('Invoice', inv.Id as string)!;
    expect(now).toMatchObject({
      Balance: 171.63,
      SyncToken: '1',
      LinkedTxn: [{ TxnId: p1.Id, TxnType: 'Payment' }],
    });
    expect(company.get('Customer', cust.Id as string)?.Balance).toBe(171.63);
    expect(
      fault(() =>
        company.create('Payment', {
          CustomerRef: { value: cust.Id },
          TotalAmt: 200,
          Line: [{ Amount: 200, LinkedTxn: [{ TxnId: inv.Id, TxnType: 'Invoice' }] }],
        }),
      ),
    ).toMatchObject({ code: '6000' });
    company.create('Payment', {
      CustomerRef: { value: cust.Id },
      TotalAmt: 171.63,
      Line: [{ Amount: 171.63, LinkedTxn: [{ TxnId: inv.Id, TxnType: 'Invoice' }] }],
    });
    now = company.get('Invoice', inv.Id as string)!;
    expect(now.Balance).toBe(0);
    expect(company.get('Customer', cust.Id as string)?.Balance).toBe(0);
    expect(balance(company, 'Undeposited Funds')).toBe(271.63);
    expect(balance(company, 'Accounts Receivable (A/R)')).toBe(0);
  });

  it('treats an unapplied payment as a credit on the customer', () => {
    const { company } = newCompany();
    const cust = company.create('Customer', { DisplayName: 'Prepaid' }).record;
    const p = company.create('Payment', { CustomerRef: { value: cust.Id }, TotalAmt: 50 }).record;
    expect(p.UnappliedAmt).toBe(50);
    expect(company.get('Customer', cust.Id as string)?.Balance).toBe(-50);
  });

  it('refuses a $0 payment with 6000 "You must set a transaction amount." and requires TotalAmt', () => {
    const { company } = newCompany();
    const cust = company.create('Customer', { DisplayName: 'Zero' }).record;
    expect(
      fault(() => company.create('Payment', { CustomerRef: { value: cust.Id }, TotalAmt: 0 })),
    ).toMatchObject({
      code: '6000',
      Detail: 'Business Validation Error: You must set a transaction amount.',
    });
    expect(fault(() => company.create('Payment', { CustomerRef: { value: cust.Id } }))).toMatchObject({
      code: '2020',
      element: 'TotalAmt',
    });
  });

  it('accepts $0 invoices by default and refuses them when the company is set to', () => {
    const { company } = newCompany();
    const cust = company.create('Customer', { DisplayName: 'Free' }).record;
    const zero = {
      CustomerRef: { value: cust.Id },
      Line: [
        { Amount: 0, DetailType: 'SalesItemLineDetail', SalesItemLineDetail: { ItemRef: { value: '1' } } },
      ],
    };
    expect(company.create('Invoice', zero).record.TotalAmt).toBe(0);
    company.setOptions({ allowZeroDollarInvoices: false });
    expect(fault(() => company.create('Invoice', zero))).toMatchObject({ code: '6000' });
  });

  it('deposits two payments with a merchant-fee line so the bank gets exactly the payout', () => {
    const { company } = newCompany();
    const cust = company.create('Customer', { DisplayName: 'Depositor' }).record;
    const inv = serviceInvoice(company, cust.Id as string);
    const pay = (amt: number) =>
      company.create('Payment', {
        CustomerRef: { value: cust.Id },
        TotalAmt: amt,
        Line: [{ Amount: amt, LinkedTxn: [{ TxnId: inv.Id, TxnType: 'Invoice' }] }],
      }).record;
    const p1 = pay(100);
    const p2 = pay(171.63);
    const dep = company.create('Deposit', {
      DepositToAccountRef: { value: accountId(company, 'Checking') },
      Line: [
        { Amount: 100, LinkedTxn: [{ TxnId: p1.Id, TxnType: 'Payment', TxnLineId: '0' }] },
        { Amount: 171.63, LinkedTxn: [{ TxnId: p2.Id, TxnType: 'Payment', TxnLineId: '0' }] },
        {
          Amount: -8.15,
          DetailType: 'DepositLineDetail',
          DepositLineDetail: { AccountRef: { value: accountId(company, 'Bank charges') } },
        },
      ],
    }).record;
    expect(dep.TotalAmt).toBe(263.48);
    expect(balance(company, 'Checking')).toBe(263.48);
    expect(balance(company, 'Undeposited Funds')).toBe(0);
    expect(balance(company, 'Bank charges')).toBe(8.15);
    // A deposited payment can't be changed (6540).
    expect(
      fault(() =>
        company.update('Payment', { Id: p1.Id, SyncToken: p1.SyncToken, sparse: true, PrivateNote: 'x' }),
      ),
    ).toMatchObject({ code: '6540' });
    expect(fault(() => company.delete('Payment', { Id: p1.Id, SyncToken: p1.SyncToken }))).toMatchObject({
      code: '6540',
    });
  });

  it('nets a card refund paid from Undeposited Funds into the deposit with a negative linked line', () => {
    const { company } = newCompany();
    const cust = company.create('Customer', { DisplayName: 'Refunded' }).record;
    const inv = serviceInvoice(company, cust.Id as string);
    const payment = company.create('Payment', {
      CustomerRef: { value: cust.Id },
      TotalAmt: 271.63,
      Line: [{ Amount: 271.63, LinkedTxn: [{ TxnId: inv.Id, TxnType: 'Invoice' }] }],
    }).record;
    const refund = company.create('RefundReceipt', {
      CustomerRef: { value: cust.Id },
      DepositToAccountRef: { value: accountId(company, 'Undeposited Funds') },
      Line: [
        {
          Amount: 50,
          DetailType: 'SalesItemLineDetail',
          SalesItemLineDetail: { ItemRef: { value: itemId(company, 'Hours') }, Qty: 1, UnitPrice: 50 },
        },
      ],
    }).record;
    const dep = company.create('Deposit', {
      DepositToAccountRef: { value: accountId(company, 'Checking') },
      Line: [
        { Amount: 271.63, LinkedTxn: [{ TxnId: payment.Id, TxnType: 'Payment', TxnLineId: '0' }] },
        { Amount: -50, LinkedTxn: [{ TxnId: refund.Id, TxnType: 'RefundReceipt', TxnLineId: '0' }] },
      ],
    }).record;
    expect(dep.TotalAmt).toBe(221.63);
    expect((dep.Line as Rec[])[1]).toEqual({
      Amount: -50,
      LinkedTxn: [{ TxnId: refund.Id, TxnType: 'RefundReceipt', TxnLineId: '0' }],
    });
    expect(balance(company, 'Undeposited Funds')).toBe(0);
    expect(balance(company, 'Checking')).toBe(221.63);
    // The line must be the receipt's amount, negative: it is money that left the batch.
    expect(
      fault(() =>
        company.create('Deposit', {
          DepositToAccountRef: { value: accountId(company, 'Checking') },
          Line: [{ Amount: 50, LinkedTxn: [{ TxnId: refund.Id, TxnType: 'RefundReceipt', TxnLineId: '0' }] }],
        }),
      ),
    ).toMatchObject({ code: '6000' });
  });

  it('names a deposit line’s entity type in capitals and accepts either spelling', () => {
    const { company } = newCompany();
    const cust = company.create('Customer', { DisplayName: 'Walk-in' }).record;
    const dep = company.create('Deposit', {
      DepositToAccountRef: { value: accountId(company, 'Checking') },
      Line: [
        {
          Amount: 20,
          DetailType: 'DepositLineDetail',
          DepositLineDetail: {
            AccountRef: { value: accountId(company, 'Uncategorized Income') },
            Entity: { value: cust.Id, type: 'Customer' },
          },
        },
      ],
    }).record;
    expect(((dep.Line as Rec[])[0]?.DepositLineDetail as Rec).Entity).toMatchObject({
      value: cust.Id,
      type: 'CUSTOMER',
    });
  });

  it('applies a credit memo to an invoice with a $0 payment', () => {
    const { company } = newCompany();
    const cust = company.create('Customer', { DisplayName: 'Credited' }).record;
    const inv = serviceInvoice(company, cust.Id as string);
    const memo = company.create('CreditMemo', {
      CustomerRef: { value: cust.Id },
      Line: [
        {
          Amount: 40,
          DetailType: 'SalesItemLineDetail',
          SalesItemLineDetail: { ItemRef: { value: itemId(company, 'Hours') }, Qty: 1, UnitPrice: 40 },
        },
      ],
    }).record;
    const payment = company.create('Payment', {
      CustomerRef: { value: cust.Id },
      TotalAmt: 0,
      Line: [
        { Amount: 40, LinkedTxn: [{ TxnId: inv.Id, TxnType: 'Invoice' }] },
        { Amount: 40, LinkedTxn: [{ TxnId: memo.Id, TxnType: 'CreditMemo' }] },
      ],
    }).record;
    expect(payment).toMatchObject({ TotalAmt: 0, UnappliedAmt: 0 });
    expect((payment.Line as Rec[])[0]?.LineEx).toBeDefined();
    expect(company.read('Invoice', inv.Id as string).record.Balance).toBe(231.63);
    expect(company.read('CreditMemo', memo.Id as string).record).toMatchObject({
      Balance: 0,
      RemainingCredit: 0,
    });
    expect(company.read('Customer', cust.Id as string).record.Balance).toBe(231.63);
  });

  it('posts a balanced journal entry and a transfer, and refuses an unbalanced entry', () => {
    const { company } = newCompany();
    const je = company.create('JournalEntry', {
      Line: [
        {
          Amount: 125,
          DetailType: 'JournalEntryLineDetail',
          JournalEntryLineDetail: {
            PostingType: 'Debit',
            AccountRef: { value: accountId(company, 'Checking') },
          },
        },
        {
          Amount: 125,
          DetailType: 'JournalEntryLineDetail',
          JournalEntryLineDetail: {
            PostingType: 'Credit',
            AccountRef: { value: accountId(company, 'Services') },
          },
        },
      ],
    }).record;
    expect(je.TotalAmt).toBe(125);
    expect(balance(company, 'Services')).toBe(125);
    company.create('Transfer', {
      FromAccountRef: { value: accountId(company, 'Checking') },
      ToAccountRef: { value: accountId(company, 'Savings') },
      Amount: 100,
    });
    expect(balance(company, 'Checking')).toBe(25);
    expect(balance(company, 'Savings')).toBe(100);
    expect(
      fault(() =>
        company.create('JournalEntry', {
          Line: [
            {
              Amount: 1,
              DetailType: 'JournalEntryLineDetail',
              JournalEntryLineDetail: {
                PostingType: 'Debit',
                AccountRef: { value: accountId(company, 'Checking') },
              },
            },
          ],
        }),
      ),
    ).toMatchObject({ code: '6000' });
  });

  it('gives an invoice its due date from the sales term, and the flags real invoices carry', () => {
    const { company } = newCompany();
    const net30 = company.create('Term', { Name: 'Net 30', DueDays: 30 }).record;
    const cust = company.create('Customer', { DisplayName: 'Termed' }).record;
    const inv = serviceInvoice(company, cust.Id as string, { SalesTermRef: { value: net30.Id } });
    expect(inv).toMatchObject({
      TxnDate: '2026-03-10',
      DueDate: '2026-04-09',
      Deposit: 0,
      AllowIPNPayment: false,
      AllowOnlineCreditCardPayment: false,
      AllowOnlineACHPayment: false,
    });
  });

  it('reports a general ledger per account: each transaction with its type, id, name and natural amount', () => {
    const { company } = newCompany();
    const cust = company.create('Customer', { DisplayName: 'Ledger Lee' }).record;
    const inv = serviceInvoice(company, cust.Id as string);
    const services = accountId(company, 'Services');
    const je = company.create('JournalEntry', {
      TxnDate: '2026-03-12',
      Line: [
        {
          Amount: 25,
          DetailType: 'JournalEntryLineDetail',
          JournalEntryLineDetail: { PostingType: 'Debit', AccountRef: { value: services } },
        },
        {
          Amount: 25,
          DetailType: 'JournalEntryLineDetail',
          JournalEntryLineDetail: {
            PostingType: 'Credit',
            AccountRef: { value: accountId(company, 'Checking') },
          },
        },
      ],
    }).record;
    const report = company.report('GeneralLedger', {
      start_date: '2026-03-01',
      end_date: '2026-03-31',
      account: services,
    }) as { Rows: { Row: Rec[] }; Columns: { Column: Rec[] } };
    expect((report.Columns.Column as Rec[]).map((c) => c.ColTitle)).toContain('Transaction Type');
    expect(report.Rows.Row).toHaveLength(1);
    const section = report.Rows.Row[0] as { Header: { ColData: Rec[] }; Rows: { Row: { ColData: Rec[] }[] } };
    expect(section.Header.ColData[0]).toEqual({ value: 'Services', id: services });
    const rows = section.Rows.Row.map((r) => [r.ColData[1], r.ColData[3]?.value, r.ColData[6]?.value]);
    // Income is credit-natural: the invoice's labor grows it, the journal entry's debit shrinks it.
    expect(rows).toEqual([
      [{ value: 'Invoice', id: inv.Id }, 'Ledger Lee', '237.50'],
      [{ value: 'JournalEntry', id: je.Id }, '', '-25.00'],
    ]);
  });

  it('requires DepositToAccountRef on deposits and refunds (2020)', () => {
    const { company } = newCompany();
    expect(fault(() => company.create('Deposit', { Line: [] }))).toMatchObject({
      code: '2020',
      element: 'DepositToAccountRef',
    });
    expect(
      fault(() =>
        company.create('RefundReceipt', {
          Line: [
            {
              Amount: 1,
              DetailType: 'SalesItemLineDetail',
              SalesItemLineDetail: { ItemRef: { value: '1' } },
            },
          ],
        }),
      ),
    ).toMatchObject({ code: '2020', element: 'DepositToAccountRef' });
  });

  it('records a refund receipt as money out of the bank and income reversed, tax included', () => {
    const { company } = newCompany();
    const cust = company.create('Customer', { DisplayName: 'Refunded' }).record;
    const r = company.create('RefundReceipt', {
      CustomerRef: { value: cust.Id },
      DepositToAccountRef: { value: accountId(company, 'Checking') },
      Line: [
        {
          Amount: 19.99,
          DetailType: 'SalesItemLineDetail',
          SalesItemLineDetail: {
            ItemRef: { value: itemId(company, 'Sales') },
            Qty: 1,
            UnitPrice: 19.99,
            TaxCodeRef: { value: 'TAX' },
          },
        },
      ],
      TxnTaxDetail: { TxnTaxCodeRef: { value: taxCodeId(company, 'California') } },
    }).record;
    expect(r).toMatchObject({ TotalAmt: 21.44, Balance: 0, TxnTaxDetail: { TotalTax: 1.45 } });
    expect(balance(company, 'Checking')).toBe(-21.44);
    expect(balance(company, 'Sales of Product Income')).toBe(-19.99);
    expect(balance(company, 'Sales Tax Payable')).toBe(-1.45);
  });

  it('voids an invoice: amounts zeroed, "Voided" note, postings reversed', () => {
    const { company, changes } = newCompany();
    const cust = company.create('Customer', { DisplayName: 'Voidee' }).record;
    const inv = serviceInvoice(company, cust.Id as string, { PrivateNote: 'job 7' });
    const v = company.voidTxn('Invoice', { Id: inv.Id, SyncToken: inv.SyncToken }).record;
    expect(v).toMatchObject({ TotalAmt: 0, Balance: 0, PrivateNote: 'Voided - job 7', SyncToken: '1' });
    expect((v.Line as Rec[]).every((l) => l.Amount === 0)).toBe(true);
    expect(balance(company, 'Accounts Receivable (A/R)')).toBe(0);
    expect(balance(company, 'Services')).toBe(0);
    expect(balance(company, 'Sales Tax Payable')).toBe(0);
    expect(changes.at(-1)).toMatchObject({ entity: 'Invoice', id: inv.Id, operation: 'Void' });
  });

  it('voids a payment and gives the invoice its balance back', () => {
    const { company } = newCompany();
    const cust = company.create('Customer', { DisplayName: 'Bounce' }).record;
    const inv = serviceInvoice(company, cust.Id as string);
    const p = company.create('Payment', {
      CustomerRef: { value: cust.Id },
      TotalAmt: 271.63,
      Line: [{ Amount: 271.63, LinkedTxn: [{ TxnId: inv.Id, TxnType: 'Invoice' }] }],
    }).record;
    const v = company.update(
      'Payment',
      { Id: p.Id, SyncToken: p.SyncToken, sparse: true },
      { void: true },
    ).record;
    expect(v).toMatchObject({ TotalAmt: 0, UnappliedAmt: 0, PrivateNote: 'Voided' });
    expect(company.get('Invoice', inv.Id as string)).toMatchObject({ Balance: 271.63, LinkedTxn: [] });
    expect(balance(company, 'Undeposited Funds')).toBe(0);
    expect(company.get('Customer', cust.Id as string)?.Balance).toBe(271.63);
  });

  it('re-posts an updated invoice and deletes one with a Deleted status', () => {
    const { company } = newCompany();
    const cust = company.create('Customer', { DisplayName: 'Editor' }).record;
    const inv = serviceInvoice(company, cust.Id as string);
    const u = company.update('Invoice', {
      Id: inv.Id,
      SyncToken: inv.SyncToken,
      sparse: true,
      Line: [
        {
          Amount: 50,
          DetailType: 'SalesItemLineDetail',
          SalesItemLineDetail: {
            ItemRef: { value: itemId(company, 'Services') },
            TaxCodeRef: { value: 'NON' },
          },
        },
      ],
    }).record;
    expect(u).toMatchObject({
      TotalAmt: 50,
      Balance: 50,
      SyncToken: '1',
      TxnTaxDetail: { TotalTax: 0 },
      DocNumber: inv.DocNumber,
    });
    expect(balance(company, 'Accounts Receivable (A/R)')).toBe(50);
    expect(balance(company, 'Sales Tax Payable')).toBe(0);
    expect(company.delete('Invoice', { Id: inv.Id, SyncToken: '1' }).record).toEqual({
      status: 'Deleted',
      domain: 'QBO',
      Id: inv.Id,
    });
    expect(balance(company, 'Accounts Receivable (A/R)')).toBe(0);
    expect(fault(() => company.read('Invoice', inv.Id as string))).toMatchObject({
      code: '610',
      Message: 'Object Not Found',
    });
  });

  it('refuses duplicate DocNumbers per type (6140) unless allowed, and long ones (2050)', () => {
    const { company } = newCompany();
    const cust = company.create('Customer', { DisplayName: 'Docs' }).record;
    const inv = serviceInvoice(company, cust.Id as string, { DocNumber: 'EX-1' });
    expect(fault(() => serviceInvoice(company, cust.Id as string, { DocNumber: 'EX-1' }))).toMatchObject({
      code: '6140',
      Detail: `Duplicate Document Number Error : You must specify a different number. This number has already been used. DocNumber=EX-1 is assigned to TxnType=Invoice with TxnId=${inv.Id as string}`,
    });
    expect(
      company.create(
        'Invoice',
        { ...company.get('Invoice', inv.Id as string), Id: undefined, SyncToken: undefined },
        { allowDuplicateDocNum: true },
      ).record.DocNumber,
    ).toBe('EX-1');
    expect(
      fault(() => serviceInvoice(company, cust.Id as string, { DocNumber: 'X'.repeat(22) })),
    ).toMatchObject({ code: '2050' });
  });

  it('checks references: unknown → 2500, inactive → 610, missing → 2020', () => {
    const { company } = newCompany();
    expect(
      fault(() => company.create('Invoice', { CustomerRef: { value: '999' }, Line: [{}] })),
    ).toMatchObject({ code: '2500' });
    const c = company.create('Customer', { DisplayName: 'Gone' }).record;
    company.update('Customer', { Id: c.Id, SyncToken: '0', sparse: true, Active: false });
    expect(fault(() => serviceInvoice(company, c.Id as string))).toMatchObject({ code: '610' });
    expect(fault(() => company.create('Invoice', { Line: [] }))).toMatchObject({
      code: '2020',
      element: 'CustomerRef',
    });
    const d = company.create('Customer', { DisplayName: 'Here' }).record;
    expect(fault(() => company.create('Invoice', { CustomerRef: { value: d.Id } }))).toMatchObject({
      code: '2020',
      element: 'Line',
    });
    expect(
      fault(() =>
        company.create('Invoice', { CustomerRef: { value: d.Id }, Line: [{ DetailType: 'Nope' }] }),
      ),
    ).toMatchObject({ code: '2170' });
  });
});

describe('change data capture and change events', () => {
  it('emits a change per write and returns changed and deleted records since a time', () => {
    const { company, clock, changes } = newCompany();
    const before = clock.now();
    const a = company.create('Customer', { DisplayName: 'CDC One' }).record;
    clock.advance(1000);
    const inv = serviceInvoice(company, a.Id as string);
    company.delete('Invoice', { Id: inv.Id, SyncToken: inv.SyncToken });
    expect(changes.map((c) => [c.entity, c.operation])).toEqual([
      ['Customer', 'Create'],
      ['Invoice', 'Create'],
      ['Invoice', 'Delete'],
    ]);
    const res = company.cdc(['Customer', 'Invoice'], before) as { QueryResponse: Rec[] };
    expect(res.QueryResponse[0]).toMatchObject({
      Customer: [{ Id: a.Id }],
      startPosition: 1,
      maxResults: 1,
      totalCount: 1,
    });
    expect(res.QueryResponse[1]).toMatchObject({
      Invoice: [{ Id: inv.Id, status: 'Deleted', domain: 'QBO' }],
    });
    const later = company.cdc(['Customer'], before + 500) as { QueryResponse: Rec[] };
    expect(later.QueryResponse[0]).toEqual({});
    expect(fault(() => company.cdc(['Customer'], START - 31 * 86_400_000))).toMatchObject({ status: 400 });
  });
});

describe('reports', () => {
  function book() {
    const { company } = newCompany();
    const cust = company.create('Customer', { DisplayName: 'Report Co' }).record;
    const inv = serviceInvoice(company, cust.Id as string);
    const p = company.create('Payment', {
      CustomerRef: { value: cust.Id },
      TotalAmt: 271.63,
      Line: [{ Amount: 271.63, LinkedTxn: [{ TxnId: inv.Id, TxnType: 'Invoice' }] }],
    }).record;
    company.create('Deposit', {
      DepositToAccountRef: { value: accountId(company, 'Checking') },
      Line: [
        { Amount: 271.63, LinkedTxn: [{ TxnId: p.Id, TxnType: 'Payment' }] },
        {
          Amount: -8.15,
          DetailType: 'DepositLineDetail',
          DepositLineDetail: { AccountRef: { value: accountId(company, 'Bank charges') } },
        },
      ],
    });
    serviceInvoice(company, cust.Id as string, { TxnDate: '2026-01-05', DueDate: '2026-01-20' });
    return { company, cust };
  }

  const summary = (rows: Rec[], group: string) =>
    ((rows.find((r) => r.group === group)?.Summary as Rec).ColData as Rec[])[1]?.value;

  it('builds a P&L from the ledger, matching account balances', () => {
    const { company } = book();
    const pl = company.report('ProfitAndLoss', { start_date: '2026-01-01', end_date: '2026-12-31' });
    expect(pl.Header).toMatchObject({
      ReportName: 'ProfitAndLoss',
      ReportBasis: 'Accrual',
      StartPeriod: '2026-01-01',
      EndPeriod: '2026-12-31',
      Currency: 'USD',
    });
    const rows = (pl.Rows as Rec).Row as Rec[];
    expect(summary(rows, 'Income')).toBe(
      String(
        (
          balance(company, 'Services') +
          balance(company, 'Sales of Product Income') +
          balance(company, 'Discounts given')
        ).toFixed(2),
      ),
    );
    expect(summary(rows, 'Income')).toBe('535.44');
    expect(summary(rows, 'Expenses')).toBe('8.15');
    expect(summary(rows, 'NetIncome')).toBe('527.29');
    const income = ((rows[0]?.Rows as Rec).Row as Rec[]).map((r) => (r.ColData as Rec[]).map((c) => c.value));
    expect(income).toContainEqual(['Discounts given', '-59.50']);
  });

  it('balances the balance sheet and the trial balance', () => {
    const { company } = book();
    const bs = company.report('BalanceSheet', { end_date: '2026-03-31' });
    const rows = (bs.Rows as Rec).Row as Rec[];
    expect(summary(rows, 'TotalAssets')).toBe('535.11');
    expect(summary(rows, 'TotalLiabilitiesAndEquity')).toBe('535.11');
    expect(balance(company, 'Checking') + balance(company, 'Accounts Receivable (A/R)')).toBeCloseTo(
      535.11,
      2,
    );
    const tb = company.report('TrialBalance', { end_date: '2026-03-31' });
    const total = ((tb.Rows as Rec).Row as Rec[]).at(-1) as Rec;
    const cols = ((total.Summary as Rec).ColData as Rec[]).map((c) => c.value);
    expect(cols[1]).toBe(cols[2]);
  });

  it('ages receivables by due date per customer with a grand total', () => {
    const { company, cust } = book();
    const ar = company.report('AgedReceivables', { report_date: '2026-03-10' });
    expect(((ar.Columns as Rec).Column as Rec[]).map((c) => c.ColTitle)).toEqual([
      '',
      'Current',
      '1 - 30',
      '31 - 60',
      '61 - 90',
      '91 and over',
      'Total',
    ]);
    const rows = (ar.Rows as Rec).Row as Rec[];
    expect((rows[0]?.ColData as Rec[]).map((c) => c.value)).toEqual([
      'Report Co',
      '0.00',
      '0.00',
      '271.63',
      '0.00',
      '0.00',
      '271.63',
    ]);
    expect((rows[0]?.ColData as Rec[])[0]).toMatchObject({ id: cust.Id });
    expect(rows.at(-1)).toMatchObject({ group: 'GrandTotal', type: 'Section' });
  });

  it('recognises income only when paid on a cash basis', () => {
    const { company } = book();
    const pl = company.report('ProfitAndLoss', {
      start_date: '2026-01-01',
      end_date: '2026-12-31',
      accounting_method: 'Cash',
    });
    expect(summary((pl.Rows as Rec).Row as Rec[], 'Income')).toBe('267.72');
  });
});
