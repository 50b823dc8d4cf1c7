import type { BackfillJob } from '@exoserva/contracts';
import { Link } from '@tanstack/react-router';
import { useEffect, useRef } from 'react';
import { useWizardEnv } from '../../../app/wizard-context.tsx';
import { Callout } from '../../../components/callout.tsx';
import { useT } from '../../../i18n/messages.tsx';
import { formatCount } from '../../../lib/format.ts';
import { useControlBackfill, type BackfillAction } from '../api/control-backfill.ts';
import { formatDay, formatDuration } from './backfill-format.ts';

const BADGE: Record<BackfillJob['status'], string> = {
  running: 'exq-badge exq-badge--info',
  paused: 'exq-badge exq-badge--warning',
  done: 'exq-badge exq-badge--success',
  cancelled: 'exq-badge exq-badge--neutral',
};

/** One job: progress bar with counts and ETA, Pause / Resume / Cancel, and how it ended. */
export function JobProgress({ job }: { job: BackfillJob }) {
  const t = useT();
  const { locale, announce } = useWizardEnv();
  const control = useControlBackfill();
  const n = (v: number) => formatCount(v, locale);
  const range = { from: formatDay(job.from, locale), to: formatDay(job.to, locale) };
  const title =
    job.source === 'repost'
      ? t('backfill.job.titleRepost', { ...range, version: job.mappingVersion ?? '' })
      : t('backfill.job.titleBackfill', range);
  const finished = job.status === 'done' || job.status === 'cancelled';

  // Say a change of state once (polling refreshes the numbers quietly).
  const seen = useRef(job.status);
  useEffect(() => {
    if (seen.current !== job.status) announce(t(`backfill.job.announce.${job.status}`));
    seen.current = job.status;
  }, [job.status, announce, t]);

  const act = (action: BackfillAction) => control.mutate({ id: job.id, action });

  return (
    <div className="exq-stack" role="region" aria-labelledby="exq-backfill-job-title">
      <div className="exq-actions">
        <h3 id="exq-backfill-job-title" className="exq-section-title">
          {title}
        </h3>
        <span className={BADGE[job.status]}>{t(`backfill.job.status.${job.status}`)}</span>
      </div>
      {!finished && (
        <>
          <progress
            className="exq-progress"
            aria-label={t('backfill.job.progressLabel')}
            value={job.synced + job.failed}
            max={Math.max(job.total, 1)}
          />
          <p>
            <strong>{t('backfill.job.counts', { done: n(job.synced), total: n(job.total) })}</strong>
            {job.inFlight > 0 && <> · {t('backfill.job.inFlight', { count: n(job.inFlight) })}</>}
            {job.failed > 0 && <> · {t('backfill.job.failedCount', { count: n(job.failed) })}</>}
          </p>
          {job.status === 'running' ? (
            <p className="exq-muted">
              {job.etaSeconds !== null &&
                t('backfill.job.eta', { duration: formatDuration(job.etaSeconds, t) })}
              {job.ratePerMinute !== null && <> · {t('backfill.job.rate', { rate: n(job.ratePerMinute) })}</>}
              {job.etaSeconds !== null || job.ratePerMinute !== null ? ' · ' : ''}
              {t('backfill.job.runningNote')}
            </p>
          ) : (
            <p className="exq-muted">{t('backfill.job.pausedNote')}</p>
          )}
          {control.isError && (
            <Callout tone="danger" role="alert">
              <p>{t('backfill.failed', { message: control.error.message })}</p>
            </Callout>
          )}
          <div className="exq-form-actions exq-backfill-controls">
            {job.status === 'running' ? (
              <button
                type="button"
                className="exq-button exq-button--secondary"
                disabled={control.isPending}
                onClick={() => act('pause')}
              >
                {t('backfill.job.pause')}
              </button>
            ) : (
              <button
                type="button"
                className="exq-button exq-button--primary"
                disabled={control.isPending}
                onClick={() => act('resume')}
              >
                {t('backfill.job.resume')}
              </button>
            )}
            <button
              type="button"
              className="exq-button exq-button--danger-outline"
              disabled={control.isPending}
              onClick={() => act('cancel')}
            >
              {t('backfill.job.cancel')}
            </button>
          </div>
        </>
      )}
      {job.status === 'done' && (
        <Callout tone="success" title={t('backfill.job.doneTitle')}>
          <p>{t('backfill.job.doneBody', { done: n(job.synced), total: n(job.total) })}</p>
        </Callout>
      )}
      {job.status === 'cancelled' && (
        <Callout tone="info" title={t('backfill.job.cancelledTitle')}>
          <p>{t('backfill.job.cancelledBody', { done: n(job.synced), total: n(job.total) })}</p>
        </Callout>
      )}
      {job.failed > 0 && (
        <Callout
          tone="warning"
          title={t('backfill.job.failedTitle', { count: job.failed })}
          actions={
            <Link to="/status" className="exq-button exq-button--secondary">
              {t('backfill.job.failedLink')}
            </Link>
          }
        >
          <p>{t('backfill.job.failedBody')}</p>
        </Callout>
      )}
    </div>
  );
}
