import { notificationsApi, TestNotificationResponse } from '@exoserva/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useWizardEnv } from '../../../app/wizard-context.tsx';
import type { ApiClient } from '../../../lib/api-client.ts';
import { recentNotificationsQueryKey } from './get-recent-notifications.ts';

export function sendTestNotification(api: ApiClient): Promise<TestNotificationResponse> {
  return api.request(notificationsApi.test.path, {
    method: 'POST',
    body: {},
    schema: TestNotificationResponse,
  });
}

export function useSendTestNotification() {
  const { api } = useWizardEnv();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => sendTestNotification(api),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: recentNotificationsQueryKey }),
  });
}
