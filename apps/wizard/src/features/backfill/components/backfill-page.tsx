import { Link } from '@tanstack/react-router';
import { Callout } from '../../../components/callout.tsx';
import { Loading } from '../../../components/loading.tsx';
import { StepLoadError } from '../../../components/step-load-error.tsx';
import { useT } from '../../../i18n/messages.tsx';
import { useCurrentBackfill } from '../api/get-current-backfill.ts';
import { JobProgress } from './job-progress.tsx';
import { RangeForm } from './range-form.tsx';

/**
 * Bring in past records (issue 8, GUIDE step 9): the running or paused job with its progress, or the range
 * form with its preview. Records held since a disconnect are covered by a backfill of their range.
 */
/** `connected` is undefined while the connection is still being read. */
export function BackfillPage({ connected }: { connected: boolean | undefined }) {
  const t = useT();
  const current = useCurrentBackfill();
  const job = current.data?.job ?? null;
  const active = job && (job.status === 'running' || job.status === 'paused');
  return (
    <section className="exq-card" aria-labelledby="exq-backfill-title">
      <div className="exq-card__header">
        <div>
          <h2 id="exq-backfill-title" className="exq-card__title">
            {t('backfill.title')}
          </h2>
          <p className="exq-muted">{t('backfill.intro')}</p>
        </div>
      </div>
      <div className="exq-step-body exq-stack-lg">
        {connected === undefined ? (
          <Loading label={t('backfill.loading')} />
        ) : !connected ? (
          <Callout
            tone="warning"
            title={t('step.notConnected.title')}
            actions={
              <Link to="/connect" className="exq-button exq-button--primary">
                {t('step.notConnected.link')}
              </Link>
            }
          >
            <p>{t('step.notConnected.body')}</p>
          </Callout>
        ) : current.isPending ? (
          <Loading label={t('backfill.loading')} />
        ) : current.isError ? (
          <StepLoadError
            error={current.error}
            onRetry={() => void current.refetch()}
            retrying={current.isFetching}
          />
        ) : (
          <>
            {job && <JobProgress job={job} />}
            {!active && <RangeForm {...(job ? { initial: { from: job.from, to: job.to } } : {})} />}
          </>
        )}
      </div>
    </section>
  );
}
