/**
 * QuickBooks' GeneralLedger report, read as postings: per account, every transaction that posted to it in the
 * period, with its type and id (so it can be told apart and tied to an Exoserva record), its number, its
 * customer and its amount. The reconciliation reads QuickBooks' figures from here — the accounts themselves —
 * never from what the sync engine meant to post.
 *
 * Shape (Report.xsd; Intuit's GeneralLedger): `Columns.Column[]` each with a `ColKey` (tx_date, txn_type,
 * doc_num, name, subt_nat_amount…); `Rows.Row[]` one Section per account whose Header's first cell carries the
 * account's id and whose Data rows carry a transaction each (txn_type with the transaction's id, name with the
 * customer's id). Amounts are natural: positive when they grow the account's own balance.
 */
import { reportCents } from './qbo-reports.ts';

export interface LedgerPosting {
  accountId: string;
  /** QuickBooks' transaction type: Invoice, Payment, RefundReceipt, Deposit, SalesReceipt, JournalEntry… */
  txnType: string;
  txnId: string;
  date: string;
  docNumber: string | null;
  name: string | null;
  nameId: string | null;
  /** Natural cents: what the posting adds to the account's own balance. */
  cents: number;
}

interface Cell {
  value?: string;
  id?: string;
}
interface Row {
  type?: string;
  ColData?: Cell[];
  Header?: { ColData?: Cell[] };
  Rows?: { Row?: Row[] };
}
interface Report {
  Columns?: { Column?: { ColTitle?: string; MetaData?: { Name?: string; Value?: string }[] }[] };
  Rows?: { Row?: Row[] };
}

const KEYS = ['tx_date', 'txn_type', 'doc_num', 'name', 'subt_nat_amount'] as const;
type Key = (typeof KEYS)[number];
/** Column titles for reports that carry no ColKey (older captures). */
const TITLES: Record<Key, string> = {
  tx_date: 'Date',
  txn_type: 'Transaction Type',
  doc_num: 'Num',
  name: 'Name',
  subt_nat_amount: 'Amount',
};

function columnIndexes(report: Report): Record<Key, number> {
  const columns = report.Columns?.Column ?? [];
  const out = {} as Record<Key, number>;
  for (const key of KEYS) {
    const byKey = columns.findIndex((c) => c.MetaData?.some((m) => m.Name === 'ColKey' && m.Value === key));
    const byTitle = columns.findIndex((c) => c.ColTitle === TITLES[key]);
    const index = byKey >= 0 ? byKey : byTitle;
    if (index < 0) throw new RangeError(`GeneralLedger: no ${key} column`);
    out[key] = index;
  }
  return out;
}

/** Every posting of the report, account by account. */
export function generalLedgerPostings(report: unknown): LedgerPosting[] {
  const r = (report ?? {}) as Report;
  const rows = r.Rows?.Row ?? [];
  if (rows.length === 0) return [];
  const at = columnIndexes(r);
  const out: LedgerPosting[] = [];
  const walk = (list: Row[], accountId: string | null) => {
    for (const row of list) {
      const headerId = row.Header?.ColData?.[0]?.id;
      const account = headerId ?? accountId;
      if (row.Rows?.Row) walk(row.Rows.Row, account);
      const cells = row.ColData;
      if (!cells || !account) continue;
      const type = cells[at.txn_type];
      if (!type?.id) continue; // a beginning-balance or summary row
      const name = cells[at.name];
      out.push({
        accountId: account,
        txnType: type.value ?? '',
        txnId: type.id,
        date: cells[at.tx_date]?.value ?? '',
        docNumber: cells[at.doc_num]?.value || null,
        name: name?.value || null,
        nameId: name?.id ?? null,
        cents: reportCents(cells[at.subt_nat_amount]),
      });
    }
  };
  walk(rows, null);
  return out;
}
