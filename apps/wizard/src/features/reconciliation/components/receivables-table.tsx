import type { ReconciliationReport } from '@exoserva/contracts';
import { useState } from 'react';
import { useT } from '../../../i18n/messages.tsx';
import { ComparisonHead, StatusBadge } from './figures-table.tsx';
import { useFormat } from './format-helpers.ts';

const FIRST = 20;

/** Receivables per customer at month end, differing customers first (the BFF sorts them so). */
export function ReceivablesTable({ report }: { report: ReconciliationReport }) {
  const t = useT();
  const f = useFormat();
  const [all, setAll] = useState(false);
  const rows = report.receivables;
  return (
    <section className="exq-rec-section" aria-labelledby="exq-rec-receivables">
      <h3 id="exq-rec-receivables" className="exq-section-title">
        {t('reconciliation.receivables.title', { date: f.day(report.period.end) })}
      </h3>
      {rows.length === 0 ? (
        <p className="exq-muted">{t('reconciliation.receivables.none')}</p>
      ) : (
        <div className="exq-table-wrap">
          <table className="exq-table exq-rec-table">
            <ComparisonHead first={t('reconciliation.col.customer')} />
            <tbody>
              {rows.map((r, i) => (
                <tr
                  key={r.exoservaCustomerId ?? `qbo-${r.quickbooksCustomerId}`}
                  className={!all && i >= FIRST ? 'exq-rec-print-only' : undefined}
                >
                  <th scope="row">{r.customerName}</th>
                  <td className="exq-rec-num">{f.money(r.exoservaCents)}</td>
                  <td className="exq-rec-num">{f.money(r.quickbooksCents)}</td>
                  <td className="exq-rec-num">
                    {f.money(r.differenceCents)}
                    <StatusBadge matches={r.matches} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {!all && rows.length > FIRST && (
        <button
          type="button"
          className="exq-button exq-button--secondary exq-rec-noprint"
          onClick={() => setAll(true)}
        >
          {t('reconciliation.receivables.more', { count: rows.length })}
        </button>
      )}
    </section>
  );
}
