import { Loading } from '../../../components/loading.tsx';
import { StepLoadError } from '../../../components/step-load-error.tsx';
import { useT } from '../../../i18n/messages.tsx';
import { useMapping, useRefreshMapping } from '../api/get-mapping.ts';
import { MappingForm } from './mapping-form.tsx';

/** GUIDE step 3: the Field Mapping page, fed by the company's live chart of accounts. */
export function MappingStep() {
  const t = useT();
  const mapping = useMapping();
  // Retry after a fix in QuickBooks reads the chart afresh (a plain reload may serve the last minute's read).
  const refresh = useRefreshMapping();
  const data = mapping.data;
  const badge = !data
    ? null
    : data.status === 'unmapped'
      ? { tone: 'neutral', text: t('mapping.badge.unmapped') }
      : data.status === 'account_not_found'
        ? { tone: 'warning', text: t('mapping.badge.broken') }
        : { tone: 'success', text: t('mapping.badge.mapped', { version: data.current?.version ?? 1 }) };

  return (
    <section className="exq-card" aria-labelledby="exq-mapping-title">
      <div className="exq-card__header">
        <div>
          <h2 id="exq-mapping-title" className="exq-card__title">
            {t('mapping.title')}
          </h2>
          <p className="exq-muted">{t('mapping.intro')}</p>
        </div>
        {badge && <span className={`exq-badge exq-badge--${badge.tone}`}>{badge.text}</span>}
      </div>
      <div className="exq-step-body">
        {mapping.isPending ? (
          <Loading label={t('mapping.loading')} />
        ) : mapping.isError ? (
          <StepLoadError
            error={mapping.error}
            onRetry={() => void mapping.refetch()}
            retrying={mapping.isFetching}
          />
        ) : (
          <MappingForm data={mapping.data} onRetry={() => refresh.mutate()} />
        )}
      </div>
    </section>
  );
}
