import type { NotificationChannel } from '@exoserva/contracts';
import { useId } from 'react';
import { useWizardEnv } from '../../../app/wizard-context.tsx';
import { Callout } from '../../../components/callout.tsx';
import { Loading } from '../../../components/loading.tsx';
import { StepLoadError } from '../../../components/step-load-error.tsx';
import type { MessageKey } from '../../../i18n/en.ts';
import { useT } from '../../../i18n/messages.tsx';
import { isApiError } from '../../../lib/api-client.ts';
import { useNotificationSettings } from '../api/get-notification-settings.ts';
import { useRecentNotifications } from '../api/get-recent-notifications.ts';
import { useSendTestNotification } from '../api/send-test-notification.ts';
import { NotificationSettingsForm } from './notification-settings-form.tsx';
import { RecentNotifications } from './recent-notifications.tsx';

const CHANNEL: Record<NotificationChannel, MessageKey> = {
  exoserva_inbox: 'notifications.channel.inbox',
  webhook: 'notifications.channel.webhook',
  log: 'notifications.channel.log',
};

/**
 * GUIDE step 7's warning made real: "Set a Notification for QuickBooks sync failures so you catch them within
 * hours, not weeks." Immediate or daily digest, extra recipients, a test send, and what was sent.
 */
export function NotificationsPage() {
  const t = useT();
  const settings = useNotificationSettings();
  const recentId = useId();
  return (
    <section className="exq-card" aria-labelledby="exq-notifications-title">
      <div className="exq-card__header">
        <div>
          <h2 id="exq-notifications-title" className="exq-card__title">
            {t('notifications.title')}
          </h2>
          <p className="exq-muted">{t('notifications.intro')}</p>
        </div>
      </div>
      <div className="exq-step-body exq-stack-lg">
        {settings.isPending ? (
          <Loading label={t('notifications.loading')} />
        ) : settings.isError ? (
          <StepLoadError
            error={settings.error}
            onRetry={() => void settings.refetch()}
            retrying={settings.isFetching}
          />
        ) : (
          <>
            {settings.data.channel === 'log' ? (
              <Callout tone="warning" role="status" title={t('notifications.channel.title')}>
                <p>{t(CHANNEL.log)}</p>
              </Callout>
            ) : (
              <p>
                <strong>{t('notifications.channel.title')}</strong> {t(CHANNEL[settings.data.channel])}
              </p>
            )}
            <NotificationSettingsForm settings={settings.data} />
            <TestNotification />
            <div className="exq-stack">
              <h3 id={recentId} className="exq-section-title">
                {t('notifications.recent.title')}
              </h3>
              <RecentList headingId={recentId} />
            </div>
          </>
        )}
      </div>
    </section>
  );
}

function TestNotification() {
  const t = useT();
  const { announce } = useWizardEnv();
  const test = useSendTestNotification();
  return (
    <div className="exq-stack">
      <h3 className="exq-section-title">{t('notifications.test.title')}</h3>
      <p className="exq-muted">{t('notifications.test.body')}</p>
      {test.isError && (
        <Callout tone="danger" role="alert">
          <p>
            {isApiError(test.error) && test.error.code === 'rate_limited'
              ? t('notifications.test.rateLimited')
              : t('notifications.test.failed', { message: test.error.message })}
          </p>
        </Callout>
      )}
      {test.isSuccess && (
        <Callout tone="success" role="status">
          <p>{t('notifications.test.queued')}</p>
        </Callout>
      )}
      <div className="exq-form-actions">
        <button
          type="button"
          className="exq-button exq-button--secondary"
          disabled={test.isPending}
          onClick={() =>
            test.mutate(undefined, { onSuccess: () => announce(t('notifications.test.queued')) })
          }
        >
          {test.isPending ? t('notifications.test.sending') : t('notifications.test.send')}
        </button>
      </div>
    </div>
  );
}

function RecentList({ headingId }: { headingId: string }) {
  const t = useT();
  const recent = useRecentNotifications();
  if (recent.isPending) return <Loading label={t('notifications.recent.loading')} />;
  if (recent.isError) {
    return (
      <StepLoadError
        error={recent.error}
        onRetry={() => void recent.refetch()}
        retrying={recent.isFetching}
      />
    );
  }
  return <RecentNotifications data={recent.data} headingId={headingId} />;
}
