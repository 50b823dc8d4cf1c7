import type { BackfillPreviewResponse, BackfillRangeRequest } from '@exoserva/contracts';
import { Link } from '@tanstack/react-router';
import type { UseMutationResult } from '@tanstack/react-query';
import { useWizardEnv } from '../../../app/wizard-context.tsx';
import { Callout } from '../../../components/callout.tsx';
import { Loading } from '../../../components/loading.tsx';
import { useT } from '../../../i18n/messages.tsx';
import { formatCount, formatMoney } from '../../../lib/format.ts';
import { useStartBackfill } from '../api/control-backfill.ts';
import { formatDay, formatDuration } from './backfill-format.ts';

/** What the range holds per type, what QuickBooks already has, what will be linked or created; then Start. */
export function PreviewSummary({
  request,
  preview,
}: {
  request: BackfillRangeRequest;
  preview: UseMutationResult<BackfillPreviewResponse, Error, BackfillRangeRequest>;
}) {
  const t = useT();
  const { locale, announce } = useWizardEnv();
  const start = useStartBackfill();
  if (preview.isPending) return <Loading label={t('backfill.form.previewing')} />;
  if (preview.isError)
    return (
      <Callout tone="danger" role="alert">
        <p>{t('backfill.failed', { message: preview.error.message })}</p>
      </Callout>
    );
  const data = preview.data;
  if (!data) return null;
  const range = { from: formatDay(data.from, locale), to: formatDay(data.to, locale) };
  const n = (v: number) => formatCount(v, locale);
  const records = data.kinds.reduce((sum, k) => sum + k.records, 0);
  const held = data.kinds.reduce((sum, k) => sum + k.held, 0);
  const reviewCustomers = data.kinds.find((k) => k.kind === 'customer')?.needsReview ?? 0;
  const numberTaken = data.kinds.find((k) => k.kind === 'invoice')?.needsReview ?? 0;
  const linking = data.kinds.some((k) => k.willLink > 0);

  if (records === 0)
    return (
      <Callout tone="info" role="status" title={t('backfill.preview.emptyTitle')}>
        <p>{t('backfill.preview.emptyBody', range)}</p>
      </Callout>
    );

  return (
    <div className="exq-stack" role="region" aria-labelledby="exq-backfill-preview-title">
      <h3 id="exq-backfill-preview-title" className="exq-section-title">
        {t('backfill.preview.title', range)}
      </h3>
      <div
        className="exq-table-wrap"
        tabIndex={0}
        role="region"
        aria-label={t('backfill.preview.tableLabel')}
      >
        <table className="exq-table exq-backfill-table">
          <thead>
            <tr>
              <th scope="col">{t('backfill.preview.col.kind')}</th>
              <th scope="col">{t('backfill.preview.col.records')}</th>
              <th scope="col">{t('backfill.preview.col.synced')}</th>
              <th scope="col">{t('backfill.preview.col.link')}</th>
              <th scope="col">{t('backfill.preview.col.create')}</th>
            </tr>
          </thead>
          <tbody>
            {data.kinds.map((k) => (
              <tr key={k.kind}>
                <th scope="row">{t(`backfill.kind.${k.kind}`)}</th>
                <td>
                  {n(k.records)}
                  {k.kind !== 'customer' && <Amount cents={k.totalCents} />}
                </td>
                <td>{n(k.alreadySynced)}</td>
                <td>{n(k.willLink)}</td>
                <td>
                  {n(k.willCreate)}
                  {k.kind !== 'customer' && k.willCreate > 0 && <Amount cents={k.willCreateCents} />}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p className="exq-muted exq-small">
        {t('backfill.preview.customersNote')} {linking && t('backfill.preview.linkNote')}
      </p>
      {held > 0 && (
        <Callout tone="info">
          <p>{t('backfill.preview.held', { count: n(held) })}</p>
        </Callout>
      )}
      {reviewCustomers > 0 && (
        <Callout
          tone="warning"
          actions={
            <Link to="/direction/matching" className="exq-button exq-button--secondary">
              {t('backfill.preview.reviewLink')}
            </Link>
          }
        >
          <p>{t('backfill.preview.reviewCustomers', { count: reviewCustomers })}</p>
        </Callout>
      )}
      {numberTaken > 0 && (
        <Callout tone="warning">
          <p>{t('backfill.preview.numberTaken', { count: numberTaken })}</p>
        </Callout>
      )}
      {data.toSend === 0 ? (
        <Callout tone="success" role="status" title={t('backfill.preview.allThereTitle')}>
          <p>{t('backfill.preview.allThereBody')}</p>
        </Callout>
      ) : (
        <>
          <p>{t('backfill.preview.eta', { duration: formatDuration(data.estimatedSeconds, t) })}</p>
          {start.isError && (
            <Callout tone="danger" role="alert">
              <p>{t('backfill.failed', { message: start.error.message })}</p>
            </Callout>
          )}
          <div className="exq-form-actions">
            <button
              type="button"
              className="exq-button exq-button--primary"
              disabled={start.isPending}
              onClick={() =>
                start.mutate(request, { onSuccess: () => announce(t('backfill.job.announce.running')) })
              }
            >
              {start.isPending
                ? t('backfill.preview.starting')
                : t('backfill.preview.start', { count: data.toSend })}
            </button>
          </div>
        </>
      )}
    </div>
  );
}

/** An amount under a count, in the tenant's currency. */
function Amount({ cents }: { cents: number }) {
  const { locale, currency } = useWizardEnv();
  return <span className="exq-backfill-amount">{formatMoney(cents, locale, currency)}</span>;
}
