/**
 * Reading QuickBooks reports (REFERENCE §3.10: `{Header, Columns, Rows}`, money as strings such as "37.50").
 * Every amount crosses the one money boundary (`qboToCents`), which refuses anything that isn't a plain
 * two-decimal amount rather than guess. The shapes stay here and in the BFF; the product sees cents by id.
 */
import { qboToCents } from '../money.ts';

interface ColData {
  value?: string;
  id?: string;
}
interface ReportRow {
  type?: string;
  group?: string;
  ColData?: ColData[];
  Header?: { ColData?: ColData[] };
  Rows?: { Row?: ReportRow[] };
  Summary?: { ColData?: ColData[] };
}
interface Report {
  Rows?: { Row?: ReportRow[] };
}

/** A report money cell: "" (nothing in that column) is zero. */
export function reportCents(cell: ColData | undefined): number {
  const value = cell?.value?.trim() ?? '';
  return value === '' ? 0 : qboToCents(value);
}

function* dataRows(rows: ReportRow[] | undefined): Generator<ReportRow> {
  for (const row of rows ?? []) {
    if (row.ColData) yield row;
    if (row.Rows?.Row) yield* dataRows(row.Rows.Row);
  }
}

export interface ReceivablesByCustomer {
  totalCents: number;
  customers: Array<{ id: string; name: string; cents: number }>;
}

/**
 * AgedReceivables → what each customer owed on the report date (the last column, "Total") and the grand
 * total. The grand total is read from the report itself, not re-added, so a row we can't attribute (no
 * customer id) still shows up as a difference instead of vanishing.
 */
export function agedReceivablesByCustomer(report: unknown): ReceivablesByCustomer {
  const rows = (report as Report | undefined)?.Rows?.Row ?? [];
  const customers: ReceivablesByCustomer['customers'] = [];
  let totalCents: number | null = null;
  for (const row of dataRows(rows)) {
    const cols = row.ColData ?? [];
    const customer = cols[0];
    if (!customer?.id) continue;
    customers.push({
      id: customer.id,
      name: customer.value ?? '',
      cents: reportCents(cols[cols.length - 1]),
    });
  }
  for (const row of rows) {
    if (row.group === 'GrandTotal' && row.Summary?.ColData) {
      const cols = row.Summary.ColData;
      totalCents = reportCents(cols[cols.length - 1]);
    }
  }
  return { totalCents: totalCents ?? customers.reduce((s, c) => s + c.cents, 0), customers };
}
