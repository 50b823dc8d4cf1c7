import type { TrendPoint } from '@exoserva/contracts';
import { useT } from '../../../i18n/messages.tsx';
import { useFormat } from './format-helpers.ts';

/** The monthly discrepancy, oldest first: bars a sighted admin scans, and a list a screen reader reads. */
export function TrendChart({ trend }: { trend: TrendPoint[] }) {
  const t = useT();
  const f = useFormat();
  const max = Math.max(1, ...trend.map((p) => p.discrepancyCents));
  return (
    <section className="exq-rec-section" aria-labelledby="exq-rec-trend">
      <h3 id="exq-rec-trend" className="exq-section-title">
        {t('reconciliation.trend.title')}
      </h3>
      <p className="exq-muted">{t('reconciliation.trend.intro')}</p>
      {trend.length === 0 ? (
        <p className="exq-muted">{t('reconciliation.trend.empty')}</p>
      ) : (
        <ol className="exq-rec-trend">
          {trend.map((p) => (
            <li key={p.month}>
              <span className="exq-small" aria-hidden="true">
                {f.money(p.discrepancyCents)}
              </span>
              <span
                className={`exq-rec-bar${p.matches ? ' exq-rec-bar--ok' : ''}`}
                style={{ height: `${Math.round((p.discrepancyCents / max) * 96) + 2}px` }}
                aria-hidden="true"
              />
              <span>
                <span className="exq-sr-only">
                  {t('reconciliation.trend.point', {
                    month: f.month(p.month),
                    amount: f.money(p.discrepancyCents),
                  })}
                  {p.matches ? `, ${t('reconciliation.trend.matched')}` : ''}
                </span>
                <span aria-hidden="true">{f.month(p.month, 'short')}</span>
              </span>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
