import { syncApi, SyncSettingsResponse, type TestSyncCurrentResponse } from '@exoserva/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useWizardEnv } from '../../../app/wizard-context.tsx';
import type { ApiClient } from '../../../lib/api-client.ts';
import { testSyncQueryKey } from './get-test-sync.ts';

/** `override`: the admin's explicit, audited choice to turn auto-sync on without a passing test sync. */
export function setAutoSync(
  api: ApiClient,
  input: { autoSync: boolean; override?: boolean },
): Promise<SyncSettingsResponse> {
  return api.request(syncApi.settings.path, { method: 'PUT', body: input, schema: SyncSettingsResponse });
}

export function useSetAutoSync() {
  const { api } = useWizardEnv();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: { autoSync: boolean; override?: boolean }) => setAutoSync(api, input),
    onSuccess: ({ autoSync }) => {
      queryClient.setQueryData<TestSyncCurrentResponse>(testSyncQueryKey, (old) =>
        old ? { ...old, autoSync } : old,
      );
      return queryClient.invalidateQueries();
    },
  });
}
