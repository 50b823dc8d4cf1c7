import type { FigureKey, ReconciliationReport } from '@exoserva/contracts';
import { useT } from '../../../i18n/messages.tsx';
import { useFormat } from './format-helpers.ts';

/** Exoserva and QuickBooks side by side; a differing line offers the records behind it. */
export function FiguresTable({
  report,
  onShowRecords,
}: {
  report: ReconciliationReport;
  onShowRecords: (figure: FigureKey) => void;
}) {
  const t = useT();
  const f = useFormat();
  const countFor = (key: FigureKey) => report.discrepancies.filter((d) => d.figures.includes(key)).length;
  return (
    <div className="exq-table-wrap">
      <table className="exq-table exq-rec-table">
        <caption className="exq-sr-only">
          {t('reconciliation.figures.caption', { month: f.month(report.month) })}
        </caption>
        <ComparisonHead first={t('reconciliation.col.figure')} />
        <tbody>
          {report.figures.map((line) => {
            const count = countFor(line.key);
            return (
              <tr key={line.key}>
                <th scope="row">
                  {t(`reconciliation.figure.${line.key}`)}
                  {!line.matches && count > 0 && (
                    <button
                      type="button"
                      className="exq-button exq-button--link"
                      aria-label={`${t('reconciliation.showRecords', { count })}: ${t(`reconciliation.figure.${line.key}`)}`}
                      onClick={() => onShowRecords(line.key)}
                    >
                      {t('reconciliation.showRecords', { count })}
                    </button>
                  )}
                </th>
                <td className="exq-rec-num">{f.money(line.exoservaCents)}</td>
                <td className="exq-rec-num">{f.money(line.quickbooksCents)}</td>
                <td className="exq-rec-num">
                  {f.money(line.differenceCents)}
                  <StatusBadge matches={line.matches} />
                  {!line.matches && line.unexplainedCents !== 0 && (
                    <span className="exq-small exq-rec-unexplained">
                      {t('reconciliation.figures.unexplained', { amount: f.money(line.unexplainedCents) })}
                    </span>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

/** Matches / Differs under an amount: the column it would need doesn't fit beside the wizard's step list. */
export function StatusBadge({ matches }: { matches: boolean }) {
  const t = useT();
  return (
    <span className={`exq-badge exq-badge--${matches ? 'success' : 'warning'} exq-rec-badge`}>
      {t(matches ? 'reconciliation.status.matches' : 'reconciliation.status.differs')}
    </span>
  );
}

/** The head of a side-by-side table: what is compared, then Exoserva, QuickBooks and the difference. */
export function ComparisonHead({ first }: { first: string }) {
  const t = useT();
  return (
    <thead>
      <tr>
        <th scope="col">{first}</th>
        {(['exoserva', 'quickbooks', 'difference'] as const).map((col) => (
          <th key={col} scope="col" className="exq-rec-num">
            {t(`reconciliation.col.${col}`)}
          </th>
        ))}
      </tr>
    </thead>
  );
}
