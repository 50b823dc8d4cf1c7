import type { ReconciliationReport } from '@exoserva/contracts';
import type { Translate } from '../../i18n/messages.tsx';
import { recordName } from './components/discrepancy-list.tsx';

/** An amount column: cents as a plain decimal ("-12.50"), string math so no float ever touches the money. */
export function centsCell(cents: number): string {
  const digits = String(Math.abs(cents)).padStart(3, '0');
  return `${cents < 0 ? '-' : ''}${digits.slice(0, -2)}.${digits.slice(-2)}`;
}

const AMOUNT = /^-?\d+\.\d{2}$/;
// Spreadsheets run a cell that starts with one of these as a formula (OWASP "CSV injection").
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * One CSV cell. Text that a spreadsheet would run as a formula gets a leading apostrophe; amounts this module
 * wrote itself are left as numbers (a plain "-12.50" is not a formula, and an apostrophe would make it text the
 * accountant can't sum). Quotes, commas and line breaks are quoted per RFC 4180.
 */
export function csvCell(value: string | null): string {
  if (value === null) return '';
  const text = !AMOUNT.test(value) && FORMULA_START.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

type Row = Array<string | null>;

/** The report as the accountant's spreadsheet: the same figures, records, payouts and receivables as the page. */
export function reportCsv(report: ReconciliationReport, t: Translate): string {
  const status = (matches: boolean) =>
    t(matches ? 'reconciliation.status.matches' : 'reconciliation.status.differs');
  const rows: Row[] = [
    [
      t('reconciliation.csv.section'),
      t('reconciliation.csv.item'),
      t('reconciliation.col.date'),
      t('reconciliation.col.exoserva'),
      t('reconciliation.col.quickbooks'),
      t('reconciliation.col.difference'),
      t('reconciliation.col.status'),
      t('reconciliation.csv.note'),
    ],
  ];
  for (const f of report.figures) {
    rows.push([
      t('reconciliation.csv.figures'),
      t(`reconciliation.figure.${f.key}`),
      `${report.period.start}/${report.period.end}`,
      centsCell(f.exoservaCents),
      centsCell(f.quickbooksCents),
      centsCell(f.differenceCents),
      status(f.matches),
      null,
    ]);
  }
  for (const d of report.discrepancies) {
    const label = recordName(d, t);
    rows.push([
      t('reconciliation.csv.records'),
      label,
      d.exoserva?.date ?? d.quickbooks?.date ?? null,
      d.exoserva ? centsCell(d.exoserva.amountCents) : null,
      d.quickbooks ? centsCell(d.quickbooks.amountCents) : null,
      centsCell(d.differenceCents),
      t(`reconciliation.cause.${d.cause}.title`),
      [
        d.failure ? t('reconciliation.failure', { title: d.failure.title, fix: d.failure.fix }) : null,
        d.effects.length
          ? `${t('reconciliation.effects')}: ${d.effects
              .map((e) => `${t(`reconciliation.figure.${e.figure}`)} ${centsCell(e.cents)}`)
              .join('; ')}`
          : null,
        d.quickbooks?.url ?? null,
      ]
        .filter(Boolean)
        .join(' — ') || null,
    ]);
  }
  for (const p of report.payouts.lines) {
    rows.push([
      t('reconciliation.csv.payouts'),
      p.stripePayoutId,
      p.arrivalDate,
      centsCell(p.netCents),
      p.deposit ? centsCell(p.deposit.amountCents) : null,
      p.deposit ? centsCell(p.netCents - p.deposit.amountCents) : centsCell(p.netCents),
      p.matched ? t('reconciliation.payouts.matched') : t('reconciliation.status.differs'),
      p.cause ? t(`reconciliation.payoutCause.${p.cause}`) : null,
    ]);
  }
  for (const d of report.payouts.unmatchedDeposits) {
    rows.push([
      t('reconciliation.csv.deposits'),
      t('reconciliation.side.document', { number: d.docNumber ?? d.id }),
      d.date,
      null,
      centsCell(d.amountCents),
      centsCell(-d.amountCents),
      t('reconciliation.status.differs'),
      d.url,
    ]);
  }
  for (const d of report.payouts.paymentsDeposits) {
    rows.push([
      t('reconciliation.csv.paymentsDeposits'),
      t('reconciliation.side.document', { number: d.id }),
      d.date,
      null,
      centsCell(d.amountCents),
      null,
      t('reconciliation.status.matches'),
      t('reconciliation.paymentsDeposits.count', { count: d.payments }),
    ]);
  }
  for (const r of report.receivables) {
    rows.push([
      t('reconciliation.csv.receivables'),
      r.customerName,
      report.period.end,
      centsCell(r.exoservaCents),
      centsCell(r.quickbooksCents),
      centsCell(r.differenceCents),
      status(r.matches),
      null,
    ]);
  }
  return rows.map((r) => r.map(csvCell).join(',')).join('\r\n') + '\r\n';
}

/** Hands the CSV to the browser as a download (a Blob URL, revoked once clicked). */
export function downloadCsv(fileName: string, csv: string): void {
  // A BOM so Excel reads the file as UTF-8 (accents in customer names).
  const url = URL.createObjectURL(new Blob(['\uFEFF', csv], { type: 'text/csv;charset=utf-8' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.rel = 'noopener';
  a.style.display = 'none';
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 0);
}
