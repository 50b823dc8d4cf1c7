import type { RecordTimelineResponse, SyncRecordKind, TimelineEntry } from '@exoserva/contracts';
import { Link } from '@tanstack/react-router';
import { useWizardEnv } from '../../../app/wizard-context.tsx';
import { Callout } from '../../../components/callout.tsx';
import { Loading } from '../../../components/loading.tsx';
import { StepLoadError } from '../../../components/step-load-error.tsx';
import { useT } from '../../../i18n/messages.tsx';
import { isApiError } from '../../../lib/api-client.ts';
import { useTimeline } from '../api/get-timeline.ts';
import { FailureFix } from './failure-fix.tsx';
import { formatExact } from './format-time.ts';
import { RecordFinder } from './record-finder.tsx';

const STATE_TONE: Record<RecordTimelineResponse['state'], string> = {
  synced: 'success',
  pending: 'info',
  held: 'neutral',
  failed: 'warning',
  blocked: 'warning',
  ignored: 'neutral',
  not_queued: 'neutral',
};

/** One record's way to QuickBooks: queued → sent → QuickBooks id and SyncToken → updated, or what failed. */
export function RecordTimeline({ kind, id }: { kind: SyncRecordKind; id: string }) {
  const t = useT();
  const timeline = useTimeline(kind, id);
  const kindLabel = t(`held.kind.${kind}`);
  const data = timeline.data;
  return (
    <div className="exq-stack-lg">
      <section className="exq-card" aria-labelledby="exq-timeline-title">
        <div className="exq-card__header">
          <div>
            <p className="exq-small">
              <Link to="/status/failed">{t('syncStatus.timeline.backToFailed')}</Link> ·{' '}
              <Link to="/status">{t('syncStatus.list.back')}</Link>
            </p>
            <h2 id="exq-timeline-title" className="exq-card__title">
              {t('syncStatus.timeline.title', { kind: kindLabel, name: data?.label ?? id })}
            </h2>
            <p className="exq-muted exq-mono exq-small">{id}</p>
          </div>
          {data && (
            <span className={`exq-badge exq-badge--${STATE_TONE[data.state]}`}>
              {t(`syncStatus.state.${data.state}`)}
            </span>
          )}
        </div>
        <div className="exq-step-body exq-stack">
          {timeline.isPending ? (
            <Loading label={t('syncStatus.timeline.loading')} />
          ) : timeline.isError ? (
            isApiError(timeline.error) && timeline.error.code === 'not_found' ? (
              <Callout tone="info" role="status" title={t('syncStatus.timeline.notFound.title')}>
                <p>{t('syncStatus.timeline.notFound.body', { kind: kindLabel, id })}</p>
              </Callout>
            ) : (
              <StepLoadError
                error={timeline.error}
                onRetry={() => void timeline.refetch()}
                retrying={timeline.isFetching}
              />
            )
          ) : (
            <TimelineBody data={timeline.data} />
          )}
        </div>
      </section>
      <section className="exq-card" aria-labelledby="exq-timeline-finder">
        <div className="exq-card__header exq-card__header--compact">
          <h3 id="exq-timeline-finder" className="exq-section-title">
            {t('syncStatus.finder.title')}
          </h3>
        </div>
        <div className="exq-step-body">
          <RecordFinder />
        </div>
      </section>
    </div>
  );
}

function TimelineBody({ data }: { data: RecordTimelineResponse }) {
  const t = useT();
  return (
    <>
      <dl className="exq-facts exq-facts--inline">
        <div>
          <dt>{t('syncStatus.timeline.qboId')}</dt>
          <dd className="exq-mono">{data.qboId ?? '—'}</dd>
        </div>
        <div>
          <dt>{t('syncStatus.timeline.syncToken')}</dt>
          <dd className="exq-mono">{data.syncToken ?? '—'}</dd>
        </div>
        {data.quickBooksUrl && (
          <div>
            <dt>{t('syncStatus.timeline.inQuickBooks')}</dt>
            <dd>
              <a href={data.quickBooksUrl} target="_blank" rel="noreferrer noopener">
                {t('syncStatus.item.openInQuickBooks')}
              </a>
            </dd>
          </div>
        )}
      </dl>
      {data.failure && (
        <Callout tone="warning">
          <FailureFix failure={data.failure} />
        </Callout>
      )}
      {data.truncated && <p className="exq-muted exq-small">{t('syncStatus.timeline.truncated')}</p>}
      {data.entries.length === 0 ? (
        <p className="exq-muted">{t('syncStatus.timeline.empty')}</p>
      ) : (
        <ol className="exq-timeline" aria-label={t('syncStatus.timeline.listLabel')}>
          {data.entries.map((entry) => (
            <TimelineItem key={entry.id} entry={entry} />
          ))}
        </ol>
      )}
    </>
  );
}

function TimelineItem({ entry }: { entry: TimelineEntry }) {
  const t = useT();
  const { locale } = useWizardEnv();
  const facts: string[] = [];
  if (entry.operation) facts.push(t(`syncStatus.op.${entry.operation}`));
  if (entry.recordVersion !== null)
    facts.push(t('syncStatus.timeline.version', { version: entry.recordVersion }));
  if (entry.qboId) facts.push(t('syncStatus.timeline.qboIdIs', { id: entry.qboId }));
  if (entry.syncToken) facts.push(t('syncStatus.timeline.syncTokenIs', { token: entry.syncToken }));
  return (
    <li className={`exq-timeline__entry exq-timeline__entry--${entry.event}`}>
      <span className="exq-timeline__dot" aria-hidden="true" />
      <div className="exq-timeline__body">
        <p>
          <strong>{t(`syncStatus.event.${entry.event}`)}</strong>
          {entry.event === 'queued' &&
            entry.detail &&
            ` — ${t(`syncStatus.queued.${queuedDetail(entry.detail)}`)}`}
          {entry.event === 'synced' &&
            entry.detail === 'unchanged' &&
            ` — ${t('syncStatus.synced.unchanged')}`}
          {entry.actorName && ` — ${entry.actorName}`}{' '}
          <time className="exq-muted exq-small" dateTime={entry.at}>
            {formatExact(entry.at, locale)}
          </time>
        </p>
        {facts.length > 0 && <p className="exq-small">{facts.join(' · ')}</p>}
        {entry.failure && <FailureFix failure={entry.failure} />}
        {(entry.event === 'ignored' || entry.event === 'linked') && entry.detail && (
          <p className="exq-small">{entry.detail}</p>
        )}
        {(entry.requestId || entry.intuitTid || entry.failure?.intuit?.intuitTid) && (
          <p className="exq-muted exq-small exq-mono">
            {[
              entry.requestId && `requestid ${entry.requestId}`,
              (entry.intuitTid ?? entry.failure?.intuit?.intuitTid) &&
                `intuit_tid ${entry.intuitTid ?? entry.failure?.intuit?.intuitTid}`,
            ]
              .filter(Boolean)
              .join(' · ')}
          </p>
        )}
        {entry.payload && (
          <details className="exq-small">
            <summary>{t('syncStatus.timeline.payload')}</summary>
            <pre className="exq-payload">{JSON.stringify(entry.payload, null, 2)}</pre>
          </details>
        )}
      </div>
    </li>
  );
}

const QUEUED_DETAILS = ['new', 'changed', 'retry', 'unblocked'] as const;
const queuedDetail = (detail: string): (typeof QUEUED_DETAILS)[number] =>
  (QUEUED_DETAILS as readonly string[]).includes(detail)
    ? (detail as (typeof QUEUED_DETAILS)[number])
    : 'new';
