import { notificationsApi, NotificationsResponse } from '@exoserva/contracts';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { useWizardEnv } from '../../../app/wizard-context.tsx';
import type { ApiClient } from '../../../lib/api-client.ts';

export function getRecentNotifications(api: ApiClient, signal?: AbortSignal): Promise<NotificationsResponse> {
  return api.request(notificationsApi.recent.path, { schema: NotificationsResponse, signal });
}

export const recentNotificationsQueryKey = ['notifications', 'recent'] as const;

/** Polled while the page (or the failure watcher) is open: a test send turns "sent" within seconds. */
export const recentNotificationsQueryOptions = (api: ApiClient, refetchInterval: number | false = 5000) =>
  queryOptions({
    queryKey: recentNotificationsQueryKey,
    queryFn: ({ signal }) => getRecentNotifications(api, signal),
    refetchInterval,
  });

export function useRecentNotifications(
  options: { refetchInterval?: number | false; enabled?: boolean } = {},
) {
  const { api } = useWizardEnv();
  return useQuery({
    ...recentNotificationsQueryOptions(api, options.refetchInterval ?? 5000),
    enabled: options.enabled ?? true,
  });
}
