import type { ReconciliationReport } from '@exoserva/contracts';
import { beforeAll, describe, expect, it } from 'vitest';
import { createTranslator, loadCatalog } from '../../i18n/messages.tsx';
import { discrepanciesReport } from '../../test/fixtures/reconciliation.ts';
import { centsCell, csvCell, reportCsv } from './csv.ts';

// Catalogs load on demand; the export speaks whichever language is on the page.
beforeAll(async () => {
  await Promise.all([loadCatalog('en-US'), loadCatalog('es-MX')]);
});

describe('CSV export', () => {
  it('writes cents as exact decimals', () => {
    expect([centsCell(0), centsCell(5), centsCell(-5), centsCell(123_456_789), centsCell(-100)]).toEqual([
      '0.00',
      '0.05',
      '-0.05',
      '1234567.89',
      '-1.00',
    ]);
  });

  it('defuses formulas in text cells but keeps its own amounts numeric', () => {
    expect(csvCell('=HYPERLINK("http://evil.test","x")')).toBe(`"'=HYPERLINK(""http://evil.test"",""x"")"`);
    expect(csvCell('+1+1')).toBe("'+1+1");
    expect(csvCell('-2+3')).toBe("'-2+3");
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvCell('\tcmd')).toBe("'\tcmd");
    expect(csvCell('-12.50')).toBe('-12.50');
    expect(csvCell('Okafor, Adaeze')).toBe('"Okafor, Adaeze"');
    expect(csvCell('line\nbreak')).toBe('"line\nbreak"');
    expect(csvCell(null)).toBe('');
  });

  it('holds one row per figure, record, payout, deposit and customer of the report, naming what each moves', () => {
    const report: ReconciliationReport = {
      ...discrepanciesReport,
      receivables: [{ ...discrepanciesReport.receivables[0]!, customerName: '=cmd|"/c calc"!A0' }],
    };
    const csv = reportCsv(report, createTranslator());
    const lines = csv.trimEnd().split('\r\n');
    const expected =
      1 +
      report.figures.length +
      report.discrepancies.length +
      report.payouts.lines.length +
      report.payouts.unmatchedDeposits.length +
      report.payouts.paymentsDeposits.length +
      report.receivables.length;
    expect(lines).toHaveLength(expected);
    expect(lines[0]).toBe('Section,Item,Date,Exoserva,QuickBooks,Difference,Status,Note');
    const product = report.figures.find((f) => f.key === 'product_revenue')!;
    expect(lines).toContain(
      `Figures,Product revenue (after refunds),2026-05-01/2026-05-31,${centsCell(product.exoservaCents)},${centsCell(product.quickbooksCents)},${centsCell(product.differenceCents)},Differs,`,
    );
    expect(lines.at(-1)).toContain(`"'=cmd|""/c calc""!A0"`);
    // A record QuickBooks holds alone is named by its type and number, with what it moves and its link.
    const receipt = lines.find((l) => l.startsWith('Records,Sales receipt #1055'));
    expect(receipt).toContain(
      'What it moves (Exoserva − QuickBooks): Product revenue (after refunds) -149.94',
    );
    expect(receipt).toContain('https://app.qbo.intuit.com/app/salesreceipt?txnId=377');
    expect(lines).toContain('Deposits of synced payments,#356,2026-05-15,,3329.71,,Matches,payments: 7');
  });

  it('speaks the admin’s language', () => {
    const csv = reportCsv(discrepanciesReport, createTranslator({}, 'es-MX'));
    expect(csv.split('\r\n')[0]).toBe('Sección,Elemento,Fecha,Exoserva,QuickBooks,Diferencia,Estado,Nota');
  });
});
