/**
 * Reports computed from the journal: ProfitAndLoss, BalanceSheet, TrialBalance, AgedReceivables, shaped
 * like Report.xsd ({Header, Columns, Rows}; money as strings; REFERENCE §3.10).
 */
import { paymentLinks, type Books, type JournalLine } from './books.ts';
import { faults } from './faults.ts';
import type { Rec } from './input.ts';
import { centsToString, prorate } from './money.ts';
import { addDays, companyDate, daysBetween, intuitTime, isValidDate } from './time.ts';

type Basis = 'Accrual' | 'Cash';

interface Period {
  start: string;
  end: string;
  macro?: string;
}

const REPORTS = ['ProfitAndLoss', 'BalanceSheet', 'TrialBalance', 'AgedReceivables', 'GeneralLedger'];

function dateParam(params: Record<string, string>, key: string): string | undefined {
  const v = params[key];
  if (v === undefined || v === '') return undefined;
  if (!isValidDate(v)) throw faults.unsupportedProperty(key, `invalid date ${v}`);
  return v;
}

function macroPeriod(macro: string, today: string): Period {
  const year = today.slice(0, 4);
  const month = today.slice(0, 7);
  switch (macro.toLowerCase()) {
    case 'today':
      return { start: today, end: today, macro };
    case 'this month':
    case 'this month-to-date':
      return { start: `${month}-01`, end: today, macro };
    case 'this year':
    case 'this fiscal year':
    case 'this year-to-date':
    case 'this fiscal year-to-date':
      return {
        start: `${year}-01-01`,
        end: macro.toLowerCase().includes('to-date') ? today : `${year}-12-31`,
        macro,
      };
    case 'last year':
    case 'last fiscal year': {
      const last = String(Number(year) - 1);
      return { start: `${last}-01-01`, end: `${last}-12-31`, macro };
    }
    case 'last month': {
      const end = addDays(`${month}-01`, -1);
      return { start: `${end.slice(0, 7)}-01`, end, macro };
    }
    default:
      throw faults.invalidEnum('date_macro', macro);
  }
}

function period(params: Record<string, string>, today: string): Period {
  const start = dateParam(params, 'start_date');
  const end = dateParam(params, 'end_date');
  if (!start && !end && params.date_macro) return macroPeriod(params.date_macro, today);
  const p: Period = {
    start: start ?? `${(end ?? today).slice(0, 4)}-01-01`,
    end: end ?? today,
    ...(start || end ? {} : { macro: 'This Fiscal Year-to-date' }),
  };
  if (p.start > p.end) throw faults.unsupportedProperty('start_date', 'start_date is after end_date');
  return p;
}

/**
 * Cash basis: invoice income is recognised when (and in proportion to how much) it is paid; A/R postings
 * drop out. Credit memos are left out of cash-basis reports (partial: applying credits isn't modelled).
 */
function cashJournal(books: Books): JournalLine[] {
  const ar = books.accountIdBySubType('AccountsReceivable');
  const out: JournalLine[] = [];
  for (const [key, lines] of Object.entries(books.state.journal)) {
    const entity = key.split('/')[0];
    if (entity === 'Invoice' || entity === 'CreditMemo') continue;
    if (entity === 'Payment') {
      const payment = books.find('Payment', key.split('/')[1] as string)?.data as Rec;
      const applied = paymentLinks(payment).reduce((s, l) => s + l.cents, 0);
      for (const line of lines) {
        if (line.accountId !== ar) out.push(line);
        else if (line.amount + applied !== 0) out.push({ ...line, amount: line.amount + applied });
      }
      for (const link of paymentLinks(payment)) {
        const invoiceLines = (books.state.journal[`Invoice/${link.invoiceId}`] ?? []).filter(
          (l) => l.accountId !== ar,
        );
        const total = Math.round(
          ((books.find('Invoice', link.invoiceId)?.data.TotalAmt as number) ?? 0) * 100,
        );
        let remaining = -link.cents;
        invoiceLines.forEach((l, i) => {
          const share = i === invoiceLines.length - 1 ? remaining : prorate(l.amount, link.cents, total);
          remaining -= share;
          out.push({ accountId: l.accountId, amount: share, date: payment.TxnDate as string });
        });
      }
      continue;
    }
    out.push(...lines);
  }
  return out;
}

function sums(lines: JournalLine[], from: string | undefined, to: string): Map<string, number> {
  const m = new Map<string, number>();
  for (const l of lines) {
    if (l.date > to || (from !== undefined && l.date < from)) continue;
    m.set(l.accountId, (m.get(l.accountId) ?? 0) + l.amount);
  }
  return m;
}

interface AccountInfo {
  id: string;
  name: string;
  type: string;
  subType: string;
  classification: string;
}

function accounts(books: Books): AccountInfo[] {
  return books
    .all('Account')
    .map((s) => ({
      id: s.data.Id as string,
      name: s.data.Name as string,
      type: s.data.AccountType as string,
      subType: s.data.AccountSubType as string,
      classification: s.data.Classification as string,
    }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

const col = (value: string, id?: string) => (id ? { value, id } : { value });

function dataRow(a: AccountInfo, cents: number): Rec {
  return { ColData: [col(a.name, a.id), col(centsToString(cents))], type: 'Data' };
}

function section(
  group: string,
  title: string,
  rows: Rec[],
  total: number,
  totalTitle = `Total ${title}`,
): Rec {
  return {
    Header: { ColData: [col(title), col('')] },
    Rows: { Row: rows },
    Summary: { ColData: [col(totalTitle), col(centsToString(total))] },
    type: 'Section',
    group,
  };
}

function summaryOnly(group: string, title: string, total: number): Rec {
  return { Summary: { ColData: [col(title), col(centsToString(total))] }, type: 'Section', group };
}

function accountSection(
  group: string,
  title: string,
  list: AccountInfo[],
  balances: Map<string, number>,
  sign: 1 | -1,
): { row: Rec; total: number; hasData: boolean } {
  let total = 0;
  const rows: Rec[] = [];
  for (const a of list) {
    const cents = sign * (balances.get(a.id) ?? 0);
    if (cents === 0) continue;
    total += cents;
    rows.push(dataRow(a, cents));
  }
  return { row: section(group, title, rows, total), total, hasData: rows.length > 0 };
}

function header(name: string, basis: Basis, p: Period, now: number, options: [string, string][]): Rec {
  return {
    Time: intuitTime(now),
    ReportName: name,
    ...(p.macro ? { DateMacro: p.macro.toLowerCase() } : {}),
    ReportBasis: basis,
    StartPeriod: p.start,
    EndPeriod: p.end,
    SummarizeColumnsBy: 'Total',
    Currency: 'USD',
    Option: options.map(([Name, Value]) => ({ Name, Value })),
  };
}

const ACCOUNT_COLUMNS = {
  Column: [
    { ColTitle: '', ColType: 'Account', MetaData: [{ Name: 'ColKey', Value: 'account' }] },
    { ColTitle: 'Total', ColType: 'Money', MetaData: [{ Name: 'ColKey', Value: 'total' }] },
  ],
};

/**
 * P&L figures for a date range: income positive, expenses positive. As Intuit's report does, a group with no
 * account activity is left out, and a subtotal with nothing under it reads "" rather than "0.00" (captured
 * ProfitAndLoss responses with income only).
 */
function profitAndLossRows(all: AccountInfo[], balances: Map<string, number>) {
  const of = (type: string) => all.filter((a) => a.type === type);
  const income = accountSection('Income', 'Income', of('Income'), balances, -1);
  const cogs = accountSection('COGS', 'Cost of Goods Sold', of('Cost of Goods Sold'), balances, 1);
  const expenses = accountSection('Expenses', 'Expenses', of('Expense'), balances, 1);
  const otherIncome = accountSection('OtherIncome', 'Other Income', of('Other Income'), balances, -1);
  const otherExpenses = accountSection('OtherExpenses', 'Other Expenses', of('Other Expense'), balances, 1);
  const gross = income.total - cogs.total;
  const operating = gross - expenses.total;
  const netOther = otherIncome.total - otherExpenses.total;
  const net = operating + netOther;
  const subtotal = (group: string, title: string, cents: number, parts: { hasData: boolean }[]): Rec =>
    parts.some((p) => p.hasData)
      ? summaryOnly(group, title, cents)
      : { Summary: { ColData: [col(title), col('')] }, type: 'Section', group };
  const present = (s: { row: Rec; hasData: boolean }) => (s.hasData ? [s.row] : []);
  const rows = [
    ...present(income),
    ...present(cogs),
    subtotal('GrossProfit', 'Gross Profit', gross, [income, cogs]),
    ...present(expenses),
    subtotal('NetOperatingIncome', 'Net Operating Income', operating, [income, cogs, expenses]),
    ...present(otherIncome),
    ...present(otherExpenses),
    ...(otherIncome.hasData || otherExpenses.hasData
      ? [summaryOnly('NetOtherIncome', 'Net Other Income', netOther)]
      : []),
    subtotal('NetIncome', 'Net Income', net, [income, cogs, expenses, otherIncome, otherExpenses]),
  ];
  const hasData = [income, cogs, expenses, otherIncome, otherExpenses].some((s) => s.hasData);
  return { rows, net, hasData };
}

function netIncome(all: AccountInfo[], balances: Map<string, number>): number {
  let net = 0;
  for (const a of all) {
    if (a.classification === 'Revenue' || a.classification === 'Expense') net -= balances.get(a.id) ?? 0;
  }
  return net;
}

function profitAndLoss(books: Books, journal: JournalLine[], basis: Basis, p: Period, now: number): Rec {
  const { rows, hasData } = profitAndLossRows(accounts(books), sums(journal, p.start, p.end));
  return {
    Header: header('ProfitAndLoss', basis, p, now, [
      ['AccountingStandard', 'GAAP'],
      ['NoReportData', String(!hasData)],
    ]),
    Columns: ACCOUNT_COLUMNS,
    Rows: { Row: rows },
  };
}

function balanceSheet(books: Books, journal: JournalLine[], basis: Basis, p: Period, now: number): Rec {
  const all = accounts(books);
  const balances = sums(journal, undefined, p.end);
  const fyStart = `${p.end.slice(0, 4)}-01-01`;
  const currentNet = netIncome(all, sums(journal, fyStart, p.end));
  const priorNet = netIncome(all, sums(journal, undefined, addDays(fyStart, -1)));
  const of = (type: string) => all.filter((a) => a.type === type);
  const bank = accountSection('BankAccounts', 'Bank Accounts', of('Bank'), balances, 1);
  const ar = accountSection('AR', 'Accounts Receivable', of('Accounts Receivable'), balances, 1);
  const oca = accountSection(
    'OtherCurrentAssets',
    'Other Current Assets',
    of('Other Current Asset'),
    balances,
    1,
  );
  const currentAssets = bank.total + ar.total + oca.total;
  const fixed = accountSection('FixedAssets', 'Fixed Assets', of('Fixed Asset'), balances, 1);
  const other = accountSection('OtherAssets', 'Other Assets', of('Other Asset'), balances, 1);
  const totalAssets = currentAssets + fixed.total + other.total;
  const ap = accountSection('AP', 'Accounts Payable', of('Accounts Payable'), balances, -1);
  const cc = accountSection('CreditCards', 'Credit Cards', of('Credit Card'), balances, -1);
  const ocl = accountSection(
    'OtherCurrentLiabilities',
    'Other Current Liabilities',
    of('Other Current Liability'),
    balances,
    -1,
  );
  const currentLiabilities = ap.total + cc.total + ocl.total;
  const ltl = accountSection(
    'LongTermLiabilities',
    'Long-Term Liabilities',
    of('Long Term Liability'),
    balances,
    -1,
  );
  const totalLiabilities = currentLiabilities + ltl.total;
  // Retained Earnings carries the net income of earlier fiscal years; this year's shows as Net Income.
  const equityRows: Rec[] = [];
  let equity = 0;
  for (const a of of('Equity')) {
    let cents = -(balances.get(a.id) ?? 0);
    if (a.subType === 'RetainedEarnings') cents += priorNet;
    if (cents === 0) continue;
    equity += cents;
    equityRows.push(dataRow(a, cents));
  }
  equityRows.push({
    ColData: [col('Net Income'), col(centsToString(currentNet))],
    type: 'Data',
    group: 'NetIncome',
  });
  equity += currentNet;
  const rows = [
    section(
      'TotalAssets',
      'ASSETS',
      [
        section('CurrentAssets', 'Current Assets', [bank.row, ar.row, oca.row], currentAssets),
        fixed.row,
        other.row,
      ],
      totalAssets,
      'TOTAL ASSETS',
    ),
    section(
      'TotalLiabilitiesAndEquity',
      'LIABILITIES AND EQUITY',
      [
        section(
          'Liabilities',
          'Liabilities',
          [
            section(
              'CurrentLiabilities',
              'Current Liabilities',
              [ap.row, cc.row, ocl.row],
              currentLiabilities,
            ),
            ltl.row,
          ],
          totalLiabilities,
        ),
        section('Equity', 'Equity', equityRows, equity),
      ],
      totalLiabilities + equity,
      'TOTAL LIABILITIES AND EQUITY',
    ),
  ];
  const hasData = [...balances.values()].some((v) => v !== 0);
  return {
    Header: header('BalanceSheet', basis, p, now, [
      ['AccountingStandard', 'GAAP'],
      ['NoReportData', String(!hasData)],
    ]),
    Columns: ACCOUNT_COLUMNS,
    Rows: { Row: rows },
  };
}

function trialBalance(books: Books, journal: JournalLine[], basis: Basis, p: Period, now: number): Rec {
  const all = accounts(books);
  const fyStart = `${p.end.slice(0, 4)}-01-01`;
  const cumulative = sums(journal, undefined, p.end);
  const ytd = sums(journal, fyStart, p.end);
  const priorNet = netIncome(all, sums(journal, undefined, addDays(fyStart, -1)));
  const rows: Rec[] = [];
  let debit = 0;
  let credit = 0;
  for (const a of all) {
    const pl = a.classification === 'Revenue' || a.classification === 'Expense';
    let d = (pl ? ytd : cumulative).get(a.id) ?? 0;
    if (a.subType === 'RetainedEarnings') d -= priorNet;
    if (d === 0) continue;
    if (d > 0) debit += d;
    else credit -= d;
    rows.push({
      ColData: [col(a.name, a.id), col(d > 0 ? centsToString(d) : ''), col(d < 0 ? centsToString(-d) : '')],
      type: 'Data',
    });
  }
  rows.push({
    Summary: { ColData: [col('TOTAL'), col(centsToString(debit)), col(centsToString(credit))] },
    type: 'Section',
    group: 'GrandTotal',
  });
  return {
    Header: header('TrialBalance', basis, p, now, [['NoReportData', String(rows.length === 1)]]),
    Columns: {
      Column: [
        { ColTitle: '', ColType: 'Account' },
        { ColTitle: 'Debit', ColType: 'Money' },
        { ColTitle: 'Credit', ColType: 'Money' },
      ],
    },
    Rows: { Row: rows },
  };
}

const AGING_TITLES = ['Current', '1 - 30', '31 - 60', '61 - 90', '91 and over'];

function agedReceivables(books: Books, params: Record<string, string>, now: number): Rec {
  const reportDate = dateParam(params, 'report_date') ?? dateParam(params, 'end_date') ?? companyDate(now);
  const buckets = new Map<string, number[]>();
  const bucket = (customerId: string) => {
    let b = buckets.get(customerId);
    if (!b) buckets.set(customerId, (b = [0, 0, 0, 0, 0]));
    return b;
  };
  const paymentsOf = books.paymentsByInvoice();
  for (const inv of books.all('Invoice')) {
    const d = inv.data;
    if (inv.voided || (d.TxnDate as string) > reportDate) continue;
    const paid = (paymentsOf.get(d.Id as string) ?? [])
      .filter((p) => p.date <= reportDate)
      .reduce((s, p) => s + p.cents, 0);
    const open = Math.round((d.TotalAmt as number) * 100) - paid;
    if (open === 0) continue;
    const late = daysBetween((d.DueDate as string) ?? (d.TxnDate as string), reportDate);
    const index = late <= 0 ? 0 : late <= 30 ? 1 : late <= 60 ? 2 : late <= 90 ? 3 : 4;
    const b = bucket((d.CustomerRef as Rec).value as string);
    b[index] = (b[index] as number) + open;
  }
  // Unapplied payments and credit memos reduce what is owed; the sandbox shows them as Current.
  for (const p of books.all('Payment')) {
    if ((p.data.TxnDate as string) > reportDate) continue;
    const unapplied = Math.round(((p.data.UnappliedAmt as number) ?? 0) * 100);
    if (unapplied !== 0) {
      const b = bucket((p.data.CustomerRef as Rec).value as string);
      b[0] = (b[0] as number) - unapplied;
    }
  }
  for (const c of books.all('CreditMemo')) {
    if ((c.data.TxnDate as string) > reportDate) continue;
    const b = bucket((c.data.CustomerRef as Rec).value as string);
    b[0] = (b[0] as number) - Math.round((c.data.TotalAmt as number) * 100);
  }
  const totals = [0, 0, 0, 0, 0];
  const rows: Rec[] = [];
  const customers = [...buckets.entries()]
    .map(([id, b]) => ({ id, b, name: (books.find('Customer', id)?.data.DisplayName as string) ?? id }))
    .filter((c) => c.b.some((v) => v !== 0))
    .sort((a, b) => a.name.localeCompare(b.name));
  for (const c of customers) {
    c.b.forEach((v, i) => (totals[i] = (totals[i] as number) + v));
    rows.push({
      ColData: [
        col(c.name, c.id),
        ...c.b.map((v) => col(centsToString(v))),
        col(centsToString(c.b.reduce((s, v) => s + v, 0))),
      ],
      type: 'Data',
    });
  }
  rows.push({
    Summary: {
      ColData: [
        col('TOTAL'),
        ...totals.map((v) => col(centsToString(v))),
        col(centsToString(totals.reduce((s, v) => s + v, 0))),
      ],
    },
    type: 'Section',
    group: 'GrandTotal',
  });
  return {
    Header: header(
      'AgedReceivables',
      'Accrual',
      { start: reportDate, end: reportDate, macro: 'Today' },
      now,
      [
        ['report_date', reportDate],
        ['NoReportData', String(customers.length === 0)],
      ],
    ),
    Columns: {
      Column: [
        { ColTitle: '', ColType: 'Customer', MetaData: [{ Name: 'ColKey', Value: 'customer' }] },
        ...AGING_TITLES.map((t, i) => ({
          ColTitle: t,
          ColType: 'Money',
          MetaData: [{ Name: 'ColKey', Value: String(i) }],
        })),
        { ColTitle: 'Total', ColType: 'Money', MetaData: [{ Name: 'ColKey', Value: 'total' }] },
      ],
    },
    Rows: { Row: rows },
  };
}

const GL_COLUMNS = [
  ['Date', 'tx_date', 'Date'],
  ['Transaction Type', 'txn_type', 'String'],
  ['Num', 'doc_num', 'String'],
  ['Name', 'name', 'String'],
  ['Memo/Description', 'memo', 'String'],
  ['Split', 'split_acc', 'String'],
  ['Amount', 'subt_nat_amount', 'Money'],
  ['Balance', 'rbal_nat_amount', 'Money'],
] as const;

/**
 * GeneralLedger for a period (accrual): per account, a Data row per transaction that posted to it — date, type
 * (with the transaction's id), number, name (with the customer's id), memo, split account, amount and running
 * balance — and a "Total for" summary. Amounts are natural: positive when they grow the account's own balance
 * (a debit to an asset or expense, a credit to a liability, equity or income). `account` (comma-separated ids)
 * limits the accounts, as Intuit's report parameter does. Shape as Report.xsd / Intuit's GeneralLedger samples.
 */
function generalLedger(books: Books, p: Period, params: Record<string, string>, now: number): Rec {
  const wanted = params.account ? new Set(params.account.split(',').map((a) => a.trim())) : undefined;
  const all = accounts(books).filter((a) => !wanted || wanted.has(a.id));
  const natural = (a: AccountInfo) =>
    a.classification === 'Asset' || a.classification === 'Expense' ? 1 : -1;
  const byAccount = new Map<string, { key: string; line: JournalLine; split: string }[]>();
  const nameOf = (id: string) => books.find('Account', id)?.data.Name as string | undefined;
  for (const [key, lines] of Object.entries(books.state.journal)) {
    for (const line of lines) {
      if (line.date < p.start || line.date > p.end) continue;
      const others = lines.filter((l) => l.accountId !== line.accountId);
      const split = others.length === 1 ? (nameOf(others[0]?.accountId as string) ?? '') : '-Split-';
      const list = byAccount.get(line.accountId) ?? [];
      list.push({ key, line, split });
      byAccount.set(line.accountId, list);
    }
  }
  const rows: Rec[] = [];
  for (const a of all) {
    const entries = (byAccount.get(a.id) ?? []).sort(
      (x, y) => x.line.date.localeCompare(y.line.date) || x.key.localeCompare(y.key),
    );
    if (entries.length === 0) continue;
    let balance = 0;
    const data = entries.map(({ key, line, split }) => {
      const [entity = '', id = ''] = key.split('/');
      const txn = books.find(entity, id)?.data;
      const customerId =
        (line.customerId ?? ((txn?.CustomerRef as Rec | undefined)?.value as string)) || undefined;
      const customer = customerId ? (books.find('Customer', customerId)?.data.DisplayName as string) : '';
      const cents = natural(a) * line.amount;
      balance += cents;
      return {
        ColData: [
          col(line.date),
          col(entity, id),
          col(String(txn?.DocNumber ?? '')),
          customerId ? col(customer ?? '', customerId) : col(''),
          col(String(txn?.PrivateNote ?? '')),
          col(split),
          col(centsToString(cents)),
          col(centsToString(balance)),
        ],
        type: 'Data',
      };
    });
    rows.push({
      Header: { ColData: [col(a.name, a.id), ...GL_COLUMNS.slice(1).map(() => col(''))] },
      Rows: { Row: data },
      Summary: {
        ColData: [
          col(`Total for ${a.name}`),
          ...GL_COLUMNS.slice(1, -2).map(() => col('')),
          col(centsToString(balance)),
          col(''),
        ],
      },
      type: 'Section',
    });
  }
  return {
    Header: header('GeneralLedger', 'Accrual', p, now, [['NoReportData', String(rows.length === 0)]]),
    Columns: {
      Column: GL_COLUMNS.map(([ColTitle, key, ColType]) => ({
        ColTitle,
        ColType,
        MetaData: [{ Name: 'ColKey', Value: key }],
      })),
    },
    Rows: { Row: rows },
  };
}

export function buildReport(
  books: Books,
  requested: string,
  params: Record<string, string>,
  now: number,
): Rec {
  const name = REPORTS.find((r) => r.toLowerCase() === requested.toLowerCase());
  if (!name) throw faults.unsupportedOperation(`report ${requested}`);
  const method = params.accounting_method || 'Accrual';
  if (method !== 'Accrual' && method !== 'Cash') throw faults.invalidEnum('accounting_method', method);
  if (name === 'AgedReceivables') return agedReceivables(books, params, now);
  if (name === 'GeneralLedger') return generalLedger(books, period(params, companyDate(now)), params, now);
  const journal = method === 'Cash' ? cashJournal(books) : books.journalLines();
  const p = period(params, companyDate(now));
  if (name === 'ProfitAndLoss') return profitAndLoss(books, journal, method, p, now);
  if (name === 'BalanceSheet') return balanceSheet(books, journal, method, p, now);
  return trialBalance(books, journal, method, p, now);
}
