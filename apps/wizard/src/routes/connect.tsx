import { createFileRoute, Link } from '@tanstack/react-router';
import { useCallback } from 'react';
import { z } from 'zod/mini';
import { auditLogQueryOptions } from '../features/connection/api/get-audit-log.ts';
import { connectionStatusQueryOptions } from '../features/connection/api/get-connection-status.ts';
import { ActivityLog } from '../features/connection/components/activity-log.tsx';
import { ConnectStep } from '../features/connection/components/connect-step.tsx';
import { useT } from '../i18n/messages.tsx';
import { OAuthResultParam } from '../lib/first-step-contract.ts';

// The router parses `?qbo_connected=1` as the number 1; accept any scalar and keep the code as text.
// zod/mini: this route is the first step, where classic zod is not loaded (ADR 0011).
const flag = z.optional(z.union([z.string(), z.number(), z.boolean()]));
const connectSearch = z.object({
  [OAuthResultParam.ok]: flag,
  [OAuthResultParam.error]: z.optional(z.union([z.string(), z.number()])),
  [OAuthResultParam.pendingSwitch]: flag,
});

export const Route = createFileRoute('/connect')({
  validateSearch: (search) => {
    const parsed = connectSearch.safeParse(search);
    return parsed.success ? parsed.data : {};
  },
  loader: ({ context }) => {
    void context.queryClient.prefetchQuery(connectionStatusQueryOptions(context.api));
    void context.queryClient.prefetchQuery(auditLogQueryOptions(context.api));
  },
  component: ConnectRoute,
});

function ConnectRoute() {
  const t = useT();
  const search = Route.useSearch();
  const navigate = Route.useNavigate();
  const clearResult = useCallback(() => void navigate({ search: {}, replace: true }), [navigate]);
  const error = search[OAuthResultParam.error];

  return (
    <div className="exq-stack-lg">
      <ConnectStep
        result={{
          connected: search[OAuthResultParam.ok] !== undefined,
          error: error === undefined ? null : String(error),
          pendingSwitch: search[OAuthResultParam.pendingSwitch] !== undefined,
        }}
        onResultHandled={clearResult}
      />
      <section className="exq-card" aria-labelledby="exq-activity-title">
        <div className="exq-card__header exq-card__header--compact">
          <div>
            <h2 id="exq-activity-title" className="exq-card__title">
              {t('activity.title')}
            </h2>
            <p className="exq-muted">{t('activity.description')}</p>
          </div>
          <Link to="/activity" className="exq-button exq-button--ghost">
            {t('activity.viewAll')}
          </Link>
        </div>
        <ActivityLog limit={5} />
      </section>
    </div>
  );
}
