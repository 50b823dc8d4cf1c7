import { createFileRoute, Link } from '@tanstack/react-router';
import { auditLogQueryOptions } from '../features/connection/api/get-audit-log.ts';
import { ActivityLog } from '../features/connection/components/activity-log.tsx';
import { useT } from '../i18n/messages.tsx';

export const Route = createFileRoute('/activity')({
  loader: ({ context }) => {
    void context.queryClient.prefetchQuery(auditLogQueryOptions(context.api));
  },
  component: ActivityRoute,
});

function ActivityRoute() {
  const t = useT();
  return (
    <section className="exq-card" aria-labelledby="exq-activity-page-title">
      <div className="exq-card__header exq-card__header--compact">
        <div>
          <h2 id="exq-activity-page-title" className="exq-card__title">
            {t('activity.title')}
          </h2>
          <p className="exq-muted">{t('activity.description')}</p>
        </div>
        <Link to="/connect" className="exq-button exq-button--ghost">
          {t('activity.back')}
        </Link>
      </div>
      <ActivityLog />
    </section>
  );
}
