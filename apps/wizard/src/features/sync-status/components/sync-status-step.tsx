import { mappingConcepts, type MappingConcept, type SyncStatusResponse } from '@exoserva/contracts';
import { Link } from '@tanstack/react-router';
import { useEffect, useRef } from 'react';
import { useWizardEnv } from '../../../app/wizard-context.tsx';
import { Callout } from '../../../components/callout.tsx';
import { Loading } from '../../../components/loading.tsx';
import { StepLoadError } from '../../../components/step-load-error.tsx';
import { useT } from '../../../i18n/messages.tsx';
import { formatCount } from '../../../lib/format.ts';
import { useSyncStatus } from '../api/get-sync-status.ts';
import { useSyncNow } from '../api/sync-now.ts';
import { ActivityChart } from './activity-chart.tsx';
import { RecordFinder } from './record-finder.tsx';
import { formatExact } from './format-time.ts';
import { StatusTiles } from './status-tiles.tsx';

/** GUIDE step 7: the Sync Status dashboard. Polls while open, so it changes without a reload. */
export function SyncStatusStep() {
  const t = useT();
  const status = useSyncStatus();
  useAnnounceChanges(status.data);

  return (
    <div className="exq-stack-lg">
      <section className="exq-card" aria-labelledby="exq-status-title">
        <div className="exq-card__header">
          <div>
            <h2 id="exq-status-title" className="exq-card__title">
              {t('syncStatus.title')}
            </h2>
            <p className="exq-muted">{t('syncStatus.intro')}</p>
          </div>
          {status.data && <LiveBadge status={status.data} />}
        </div>
        <div className="exq-step-body exq-stack">
          {status.isPending ? (
            <Loading label={t('syncStatus.loading')} />
          ) : status.isError ? (
            <StepLoadError
              error={status.error}
              onRetry={() => void status.refetch()}
              retrying={status.isFetching}
            />
          ) : (
            <>
              <StatusNotices status={status.data} />
              <StatusTiles status={status.data} />
              {status.data.connection === 'connected' && <SyncNowAction status={status.data} />}
            </>
          )}
        </div>
      </section>
      {status.data && status.data.connection !== 'never_connected' && <ActivityChart />}
      <section className="exq-card" aria-labelledby="exq-finder-title">
        <div className="exq-card__header exq-card__header--compact">
          <div>
            <h3 id="exq-finder-title" className="exq-section-title">
              {t('syncStatus.finder.title')}
            </h3>
            <p className="exq-muted exq-small">{t('syncStatus.finder.hint')}</p>
          </div>
        </div>
        <div className="exq-step-body">
          <RecordFinder />
        </div>
      </section>
    </div>
  );
}

/**
 * The guide's Sync Now: what waits goes now, and a failed record is tried again. Offered whenever something
 * waits or failed; when auto-sync is off it is how records reach QuickBooks at all.
 */
function SyncNowAction({ status }: { status: SyncStatusResponse }) {
  const t = useT();
  const { announce, locale } = useWizardEnv();
  const syncNow = useSyncNow();
  if (status.pending + status.failed === 0 && !syncNow.isSuccess) return null;
  return (
    <div className="exq-actions exq-status-actions">
      <button
        type="button"
        className="exq-button exq-button--primary"
        disabled={syncNow.isPending}
        onClick={() =>
          syncNow.mutate(undefined, {
            onSuccess: ({ queued }) =>
              announce(t('syncStatus.syncNow.done', { count: formatCount(queued, locale) })),
          })
        }
      >
        {syncNow.isPending ? t('syncStatus.syncNow.working') : t('syncStatus.syncNow.button')}
      </button>
      <span className="exq-muted exq-small" role="status">
        {syncNow.isSuccess
          ? t('syncStatus.syncNow.done', { count: formatCount(syncNow.data.queued, locale) })
          : syncNow.isError
            ? t('syncStatus.syncNow.failed', { message: syncNow.error.message })
            : t('syncStatus.syncNow.hint')}
      </span>
    </div>
  );
}

function LiveBadge({ status }: { status: SyncStatusResponse }) {
  const t = useT();
  if (status.connection === 'needs_reconnect')
    return <span className="exq-badge exq-badge--warning">{t('syncStatus.badge.paused')}</span>;
  if (status.mapping?.status === 'account_not_found')
    return <span className="exq-badge exq-badge--warning">{t('syncStatus.badge.mapping')}</span>;
  if (status.failed > 0)
    return <span className="exq-badge exq-badge--warning">{t('syncStatus.badge.failed')}</span>;
  if (status.pending > 0)
    return <span className="exq-badge exq-badge--info">{t('syncStatus.badge.live')}</span>;
  return <span className="exq-badge exq-badge--success">{t('syncStatus.badge.upToDate')}</span>;
}

/** Paused (reconnect), not connected, held records: each says what to do, with the link that does it. */
function StatusNotices({ status }: { status: SyncStatusResponse }) {
  const t = useT();
  const { locale } = useWizardEnv();
  return (
    <>
      {status.connection === 'needs_reconnect' && (
        <Callout
          tone="warning"
          title={t('syncStatus.paused.title')}
          actions={
            <Link to="/connect" className="exq-button exq-button--primary">
              {t('syncStatus.paused.link')}
            </Link>
          }
        >
          <p>{t('syncStatus.paused.body', { pending: formatCount(status.pending, locale) })}</p>
          {status.pausedReason && <p className="exq-muted">{status.pausedReason}</p>}
        </Callout>
      )}
      {(status.connection === 'disconnected' || status.connection === 'never_connected') && (
        <Callout
          tone="info"
          title={t('syncStatus.notConnected.title')}
          actions={
            <Link to="/connect" className="exq-button exq-button--primary">
              {t('syncStatus.notConnected.link')}
            </Link>
          }
        >
          <p>{t('syncStatus.notConnected.body')}</p>
        </Callout>
      )}
      {status.connection === 'connected' && status.mapping?.status === 'account_not_found' && (
        <MappingNotice mapping={status.mapping} />
      )}
      {status.held > 0 && (
        <Callout
          tone="info"
          title={t('syncStatus.held.title', { count: status.held })}
          actions={
            <Link to="/connect" className="exq-button exq-button--secondary">
              {t('syncStatus.held.link')}
            </Link>
          }
        >
          <p>{t('syncStatus.held.body')}</p>
        </Callout>
      )}
    </>
  );
}

/** The mapping page found a mapped account, item or tax code gone: say so here too, with the way there. */
function MappingNotice({ mapping }: { mapping: NonNullable<SyncStatusResponse['mapping']> }) {
  const t = useT();
  const { locale } = useWizardEnv();
  const names = mapping.problems.map((p) =>
    isConcept(p.what)
      ? t(`mapping.concept.${p.what}`)
      : p.what === 'labor_item'
        ? t('mapping.items.labor')
        : p.what === 'parts_item'
          ? t('mapping.items.parts')
          : p.what,
  );
  return (
    <Callout
      tone="warning"
      title={t('syncStatus.mapping.title')}
      actions={
        <Link to="/mapping" className="exq-button exq-button--primary">
          {t('syncStatus.mapping.link')}
        </Link>
      }
    >
      <p>
        {t('syncStatus.mapping.body', {
          what: new Intl.ListFormat(locale, { type: 'conjunction' }).format(names),
          when: formatExact(mapping.checkedAt, locale),
        })}
      </p>
    </Callout>
  );
}

const isConcept = (what: string): what is MappingConcept =>
  (mappingConcepts as readonly string[]).includes(what);

/** Says it through the live region when the Failed counter or the paused state changes between polls. */
function useAnnounceChanges(status: SyncStatusResponse | undefined) {
  const t = useT();
  const { announce, locale } = useWizardEnv();
  const previous = useRef<SyncStatusResponse | undefined>(undefined);
  useEffect(() => {
    const before = previous.current;
    previous.current = status;
    if (!before || !status) return;
    if (status.connection === 'needs_reconnect' && before.connection !== 'needs_reconnect') {
      announce(t('syncStatus.announce.paused'));
    } else if (status.failed !== before.failed) {
      announce(t('syncStatus.announce.failed', { count: formatCount(status.failed, locale) }));
    }
  }, [status, announce, t, locale]);
}
