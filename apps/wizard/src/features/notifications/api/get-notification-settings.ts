import { notificationsApi, NotificationSettingsResponse } from '@exoserva/contracts';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { useWizardEnv } from '../../../app/wizard-context.tsx';
import type { ApiClient } from '../../../lib/api-client.ts';

export function getNotificationSettings(
  api: ApiClient,
  signal?: AbortSignal,
): Promise<NotificationSettingsResponse> {
  return api.request(notificationsApi.settings.path, { schema: NotificationSettingsResponse, signal });
}

export const notificationSettingsQueryKey = ['notifications', 'settings'] as const;

export const notificationSettingsQueryOptions = (api: ApiClient) =>
  queryOptions({
    queryKey: notificationSettingsQueryKey,
    queryFn: ({ signal }) => getNotificationSettings(api, signal),
  });

export function useNotificationSettings() {
  const { api } = useWizardEnv();
  return useQuery(notificationSettingsQueryOptions(api));
}
