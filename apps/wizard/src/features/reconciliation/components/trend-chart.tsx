import type { TrendPoint } from '@exoserva/contracts';
import { useT } from '../../../i18n/messages.tsx';
import { useFormat } from './format-helpers.ts';

/** The monthly discrepancy, oldest first: bars a sighted admin scans, and a list a screen reader reads. */
export function TrendChart({ trend }: { trend: TrendPoint[] }) {
  const t = useT();
  const f = useFormat();
  const max = Math.max(1, ...trend.filter((p) => !p.empty).map((p) => p.discrepancyCents));
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
                {p.empty ? '—' : f.money(p.discrepancyCents)}
              </span>
              <span
                className={`exq-rec-bar${p.empty ? ' exq-rec-bar--none' : p.matches ? ' exq-rec-bar--ok' : ''}`}
                style={
                  p.empty ? undefined : { height: `${Math.round((p.discrepancyCents / max) * 96) + 2}px` }
                }
                aria-hidden="true"
              />
              <span>
                <span className="exq-sr-only">
                  {p.empty
                    ? `${f.month(p.month)}: ${t('reconciliation.trend.noActivity')}`
                    : t('reconciliation.trend.point', {
                        month: f.month(p.month),
                        amount: f.money(p.discrepancyCents),
                      })}
                  {!p.empty && p.matches ? `, ${t('reconciliation.trend.matched')}` : ''}
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
