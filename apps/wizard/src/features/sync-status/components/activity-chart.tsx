import { useId, useState } from 'react';
import { useWizardEnv } from '../../../app/wizard-context.tsx';
import { Loading } from '../../../components/loading.tsx';
import { LoadError } from '../../../components/load-error.tsx';
import { useT } from '../../../i18n/messages.tsx';
import { formatCount } from '../../../lib/format.ts';
import { useSyncActivity } from '../api/get-sync-activity.ts';
import { dailyActivity, type ActivityDay } from './daily-activity.ts';

const RANGES = [14, 30] as const;
const BAR = 10;
const GAP = 4;
const HEIGHT = 96;

/**
 * Records synced and failed per day, drawn as plain SVG bars (no chart library). The picture is one image
 * with a text description; the same numbers are a table under "Show as a table" for screen readers and
 * anyone who wants exact values.
 */
export function ActivityChart() {
  const t = useT();
  const { locale } = useWizardEnv();
  const activity = useSyncActivity();
  const [range, setRange] = useState<(typeof RANGES)[number]>(14);
  const titleId = useId();
  const descId = useId();

  return (
    <section className="exq-card" aria-labelledby={titleId}>
      <div className="exq-card__header exq-card__header--compact">
        <h3 id={titleId} className="exq-section-title">
          {t('syncStatus.chart.title')}
        </h3>
        <div className="exq-segmented" role="group" aria-label={t('syncStatus.chart.range')}>
          {RANGES.map((days) => (
            <button
              key={days}
              type="button"
              className="exq-button exq-button--ghost"
              aria-pressed={range === days}
              onClick={() => setRange(days)}
            >
              {t('syncStatus.chart.days', { days })}
            </button>
          ))}
        </div>
      </div>
      <div className="exq-step-body">
        {activity.isPending ? (
          <Loading label={t('syncStatus.chart.loading')} />
        ) : activity.isError ? (
          <LoadError
            error={activity.error}
            onRetry={() => void activity.refetch()}
            retrying={activity.isFetching}
          />
        ) : (
          <Chart days={dailyActivity(activity.data, range)} locale={locale} descId={descId} />
        )}
      </div>
    </section>
  );
}

function Chart({ days, locale, descId }: { days: ActivityDay[]; locale: string; descId: string }) {
  const t = useT();
  const max = Math.max(1, ...days.map((d) => Math.max(d.synced, d.failed)));
  const total = days.reduce((s, d) => ({ synced: s.synced + d.synced, failed: s.failed + d.failed }), {
    synced: 0,
    failed: 0,
  });
  const label = new Intl.DateTimeFormat(locale, { month: 'short', day: 'numeric' });
  const step = BAR * 2 + GAP * 2;
  const width = days.length * step;
  const h = (n: number) => (n === 0 ? 0 : Math.max(2, Math.round((n / max) * HEIGHT)));
  const description = t('syncStatus.chart.description', {
    days: days.length,
    synced: formatCount(total.synced, locale),
    failed: formatCount(total.failed, locale),
  });
  return (
    <div className="exq-stack-sm">
      <p id={descId} className="exq-muted exq-small">
        {description}
      </p>
      <svg
        className="exq-chart"
        viewBox={`0 0 ${width} ${HEIGHT + 18}`}
        preserveAspectRatio="none"
        role="img"
        aria-label={t('syncStatus.chart.title')}
        aria-describedby={descId}
      >
        <line className="exq-chart__axis" x1={0} x2={width} y1={HEIGHT + 0.5} y2={HEIGHT + 0.5} />
        {days.map((d, i) => {
          const x = i * step + GAP;
          return (
            <g key={d.day}>
              <title>
                {t('syncStatus.chart.bar', {
                  day: label.format(d.date),
                  synced: formatCount(d.synced, locale),
                  failed: formatCount(d.failed, locale),
                })}
              </title>
              <rect
                className="exq-chart__synced"
                x={x}
                y={HEIGHT - h(d.synced)}
                width={BAR}
                height={h(d.synced)}
              />
              <rect
                className="exq-chart__failed"
                x={x + BAR}
                y={HEIGHT - h(d.failed)}
                width={BAR}
                height={h(d.failed)}
              />
              {(i === 0 || i === days.length - 1 || i % 7 === 0) && (
                <text
                  className="exq-chart__label"
                  x={i === 0 ? x : i === days.length - 1 ? x + BAR * 2 : x + BAR}
                  y={HEIGHT + 14}
                  // The first and last labels keep inside the drawing.
                  textAnchor={i === 0 ? 'start' : i === days.length - 1 ? 'end' : 'middle'}
                >
                  {label.format(d.date)}
                </text>
              )}
            </g>
          );
        })}
      </svg>
      <ul className="exq-chart-legend" aria-hidden="true">
        <li>
          <span className="exq-chart-legend__swatch exq-chart-legend__swatch--synced" />
          {t('syncStatus.chart.synced')}
        </li>
        <li>
          <span className="exq-chart-legend__swatch exq-chart-legend__swatch--failed" />
          {t('syncStatus.chart.failed')}
        </li>
      </ul>
      <details>
        <summary>{t('syncStatus.chart.showTable')}</summary>
        <div className="exq-table-wrap">
          <table className="exq-table">
            <caption className="exq-sr-only">{description}</caption>
            <thead>
              <tr>
                <th scope="col">{t('syncStatus.chart.day')}</th>
                <th scope="col">{t('syncStatus.chart.synced')}</th>
                <th scope="col">{t('syncStatus.chart.failed')}</th>
              </tr>
            </thead>
            <tbody>
              {[...days].reverse().map((d) => (
                <tr key={d.day}>
                  <th scope="row">{label.format(d.date)}</th>
                  <td>{formatCount(d.synced, locale)}</td>
                  <td>{formatCount(d.failed, locale)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </div>
  );
}
