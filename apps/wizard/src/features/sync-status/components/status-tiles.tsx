import type { SyncStatusResponse } from '@exoserva/contracts';
import { Link } from '@tanstack/react-router';
import { useWizardEnv } from '../../../app/wizard-context.tsx';
import { useT } from '../../../i18n/messages.tsx';
import { formatCount } from '../../../lib/format.ts';
import { formatDuration, formatExact, formatRelative } from './format-time.ts';

/** The guide's three numbers: last successful sync, Pending (with when it should be empty), Failed. */
export function StatusTiles({ status }: { status: SyncStatusResponse }) {
  const t = useT();
  const { locale } = useWizardEnv();
  const count = (n: number) => formatCount(n, locale);
  return (
    <dl className="exq-status-tiles">
      <div className="exq-status-tile">
        <dt>{t('syncStatus.lastSuccess')}</dt>
        {status.lastSuccessAt ? (
          <dd>
            <span className="exq-status-tile__value">
              {formatRelative(status.lastSuccessAt, status.asOf, locale)}
            </span>
            <time className="exq-muted exq-small" dateTime={status.lastSuccessAt}>
              {formatExact(status.lastSuccessAt, locale)}
            </time>
          </dd>
        ) : (
          <dd>
            <span className="exq-status-tile__value">{t('syncStatus.never')}</span>
            <span className="exq-muted exq-small">{t('syncStatus.neverHint')}</span>
          </dd>
        )}
      </div>
      <div className="exq-status-tile">
        <dt>{t('syncStatus.pending')}</dt>
        <dd>
          <span className="exq-status-tile__value">{count(status.pending)}</span>
          <span className="exq-muted exq-small">
            {status.pending === 0
              ? t('syncStatus.pendingNone')
              : status.stalledBy
                ? t(`syncStatus.stalled.${status.stalledBy}`)
                : status.etaSeconds !== null
                  ? t('syncStatus.eta', {
                      eta: formatDuration(status.etaSeconds, locale),
                      perMinute: count(status.rateLimit.perMinute),
                    })
                  : ''}
          </span>
        </dd>
      </div>
      <div className={`exq-status-tile${status.failed > 0 ? ' exq-status-tile--danger' : ''}`}>
        <dt>{t('syncStatus.failed')}</dt>
        <dd>
          <span className="exq-status-tile__value">{count(status.failed)}</span>
          <span className="exq-small">
            {status.failed > 0 || status.blocked > 0 || status.ignored > 0 ? (
              <Link to="/status/failed">
                {status.failed > 0 ? t('syncStatus.failedOpen') : t('syncStatus.failedList')}
              </Link>
            ) : (
              <span className="exq-muted">{t('syncStatus.failedNone')}</span>
            )}
          </span>
          {(status.blocked > 0 || status.ignored > 0) && (
            <span className="exq-muted exq-small">
              {[
                status.blocked > 0 ? t('syncStatus.blockedCount', { count: status.blocked }) : null,
                status.ignored > 0 ? t('syncStatus.ignoredCount', { count: status.ignored }) : null,
              ]
                .filter(Boolean)
                .join(' · ')}
            </span>
          )}
        </dd>
      </div>
    </dl>
  );
}
