import type { DeliveryStatus, NotificationsResponse } from '@exoserva/contracts';
import { useWizardEnv } from '../../../app/wizard-context.tsx';
import type { MessageKey } from '../../../i18n/en.ts';
import { useT } from '../../../i18n/messages.tsx';

const STATUS: Record<DeliveryStatus, { label: MessageKey; badge: string }> = {
  sent: { label: 'notifications.status.sent', badge: 'exq-badge--success' },
  pending: { label: 'notifications.status.pending', badge: 'exq-badge--info' },
  failed: { label: 'notifications.status.failed', badge: 'exq-badge--warning' },
};

/** The notifications sent for this account, newest first, and failures still waiting for the digest. */
export function RecentNotifications({ data, headingId }: { data: NotificationsResponse; headingId: string }) {
  const t = useT();
  const { locale } = useWizardEnv();
  const when = (iso: string) =>
    new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));
  const waiting = data.alerts.filter((a) => !a.notified);

  return (
    <div className="exq-stack">
      {waiting.length > 0 && (
        <p className="exq-muted" data-testid="notifications-waiting">
          {t('notifications.recent.waiting', { count: waiting.length })}
        </p>
      )}
      {data.notifications.length === 0 ? (
        <p className="exq-muted">{t('notifications.recent.empty')}</p>
      ) : (
        <div className="exq-table-wrap">
          <table className="exq-table exq-notifications-table" aria-labelledby={headingId}>
            <thead>
              <tr>
                <th scope="col">{t('notifications.recent.col.subject')}</th>
                <th scope="col">{t('notifications.recent.col.status')}</th>
              </tr>
            </thead>
            <tbody>
              {data.notifications.map((n) => (
                <tr key={n.id}>
                  <td>
                    {n.type === 'test' && (
                      <span className="exq-badge exq-badge--neutral">{t('notifications.recent.test')}</span>
                    )}{' '}
                    {n.subject}
                    {/* Two columns, not three: the subject needs the width in a wizard as narrow as a host makes it. */}
                    <time className="exq-block exq-muted exq-small" dateTime={n.createdAt}>
                      {when(n.createdAt)}
                    </time>
                  </td>
                  <td>
                    <span className={`exq-badge ${STATUS[n.status].badge}`}>{t(STATUS[n.status].label)}</span>
                    {n.status !== 'sent' && n.lastError && (
                      <span className="exq-block exq-muted exq-small">
                        {t('notifications.recent.lastError', { reason: n.lastError, attempts: n.attempts })}
                      </span>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
