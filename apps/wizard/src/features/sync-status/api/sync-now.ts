import { SyncRunResponse, syncApi } from '@exoserva/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useWizardEnv } from '../../../app/wizard-context.tsx';
import type { ApiClient } from '../../../lib/api-client.ts';
import { syncStatusKey } from './keys.ts';

/** Sync Now: everything waiting goes now, failed records included (it is also Retry all). */
export function syncNow(api: ApiClient): Promise<SyncRunResponse> {
  return api.request(syncApi.runTenant.path, { method: 'POST', body: {}, schema: SyncRunResponse });
}

export function useSyncNow() {
  const { api } = useWizardEnv();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => syncNow(api),
    onSettled: () => queryClient.invalidateQueries({ queryKey: syncStatusKey }),
  });
}
