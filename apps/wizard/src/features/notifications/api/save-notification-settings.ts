import {
  notificationsApi,
  NotificationSettingsResponse,
  type NotificationSettingsRequest,
} from '@exoserva/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useWizardEnv } from '../../../app/wizard-context.tsx';
import type { ApiClient } from '../../../lib/api-client.ts';
import { notificationSettingsQueryKey } from './get-notification-settings.ts';

export function saveNotificationSettings(
  api: ApiClient,
  body: NotificationSettingsRequest,
): Promise<NotificationSettingsResponse> {
  return api.request(notificationsApi.saveSettings.path, {
    method: 'POST',
    body,
    schema: NotificationSettingsResponse,
  });
}

export function useSaveNotificationSettings() {
  const { api } = useWizardEnv();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: NotificationSettingsRequest) => saveNotificationSettings(api, body),
    onSuccess: (data) => queryClient.setQueryData(notificationSettingsQueryKey, data),
  });
}
