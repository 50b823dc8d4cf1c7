import type { AuditEntry } from '@exoserva/contracts';
import { useWizardEnv } from '../../../app/wizard-context.tsx';
import { Loading } from '../../../components/loading.tsx';
import type { MessageKey } from '../../../i18n/en.ts';
import { useHasMessage, useT } from '../../../i18n/messages.tsx';
import { formatDateTime } from '../../../lib/format.ts';
import { useAuditLog } from '../api/get-audit-log.ts';
import { AuditDetail } from './audit-detail.tsx';

function roleKey(role: string): MessageKey | null {
  return ['owner', 'tenant_admin', 'dispatcher', 'technician'].includes(role)
    ? (`role.${role}` as MessageKey)
    : null;
}

/** The connection's audit log: who did what to which company, newest first. */
export function ActivityLog({ limit }: { limit?: number }) {
  const t = useT();
  const hasMessage = useHasMessage();
  const { locale } = useWizardEnv();
  const audit = useAuditLog();

  if (audit.isPending) return <Loading label={t('common.loading')} />;
  if (audit.isError)
    return (
      <p className="exq-muted" role="alert">
        {t('activity.loadError')}{' '}
        <button type="button" className="exq-button exq-button--link" onClick={() => void audit.refetch()}>
          {t('common.retry')}
        </button>
      </p>
    );

  const entries = [...audit.data.entries].sort((a, b) => b.at.localeCompare(a.at)).slice(0, limit);
  if (entries.length === 0) return <p className="exq-muted">{t('activity.empty')}</p>;

  // Actions the contract gains before this page has words for them are shown by their code, not hidden.
  const actionLabel = (action: string) => {
    const key = `activity.action.${action}`;
    return hasMessage(key) ? t(key) : action;
  };
  const who = (entry: AuditEntry) => {
    if (!entry.actor) return t('activity.system');
    const key = roleKey(entry.actor.role);
    const role = key ? t(key) : entry.actor.role;
    return `${entry.actor.name ?? entry.actor.userId} · ${role}`;
  };

  return (
    // Scrolls sideways when it still does not fit, so it must be reachable by keyboard (and named) to be scrolled.
    // In a narrow card each entry stacks instead (wizard.css, `.exq-activity`): the action and its detail first,
    // then when, who and which company.
    <div className="exq-table-wrap exq-activity" tabIndex={0} role="region" aria-label={t('activity.title')}>
      <table className="exq-table">
        <thead>
          <tr>
            <th scope="col">{t('activity.col.when')}</th>
            <th scope="col">{t('activity.col.who')}</th>
            <th scope="col">{t('activity.col.action')}</th>
            <th scope="col">{t('activity.col.company')}</th>
          </tr>
        </thead>
        <tbody>
          {entries.map((entry) => (
            <tr key={entry.id}>
              <td>
                <time dateTime={entry.at}>{formatDateTime(entry.at, locale)}</time>
              </td>
              <td className="exq-activity-who">{who(entry)}</td>
              <td className="exq-activity-action">
                <span className={`exq-action exq-action--${entry.action}`}>{actionLabel(entry.action)}</span>
                <AuditDetail entry={entry} now={limit === undefined} />
              </td>
              <td className="exq-activity-company">
                {entry.company ? (
                  <>
                    {entry.company.name ?? '—'}{' '}
                    <span className="exq-mono exq-small exq-muted">{entry.company.realmId}</span>
                  </>
                ) : (
                  '—'
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
