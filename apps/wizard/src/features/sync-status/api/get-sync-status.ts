import { SyncStatusResponse, syncStatusApi } from '@exoserva/contracts';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { useWizardEnv } from '../../../app/wizard-context.tsx';
import type { ApiClient } from '../../../lib/api-client.ts';
import { POLL_MS, syncStatusKey } from './keys.ts';

export function getSyncStatus(api: ApiClient, signal?: AbortSignal): Promise<SyncStatusResponse> {
  return api.request(syncStatusApi.dashboard.path, { schema: SyncStatusResponse, signal });
}

export const syncStatusQueryOptions = (api: ApiClient) =>
  queryOptions({
    queryKey: [...syncStatusKey, 'dashboard'],
    queryFn: ({ signal }) => getSyncStatus(api, signal),
    refetchInterval: POLL_MS.status,
  });

/** The dashboard's counters, polled while the screen is open. */
export function useSyncStatus() {
  const { api } = useWizardEnv();
  return useQuery(syncStatusQueryOptions(api));
}
