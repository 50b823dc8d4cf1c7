import { SyncActivityResponse, syncStatusApi } from '@exoserva/contracts';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { useWizardEnv } from '../../../app/wizard-context.tsx';
import type { ApiClient } from '../../../lib/api-client.ts';
import { POLL_MS, syncStatusKey } from './keys.ts';

export function getSyncActivity(api: ApiClient, signal?: AbortSignal): Promise<SyncActivityResponse> {
  return api.request(syncStatusApi.activity.path, { schema: SyncActivityResponse, signal });
}

export const syncActivityQueryOptions = (api: ApiClient) =>
  queryOptions({
    queryKey: [...syncStatusKey, 'activity'],
    queryFn: ({ signal }) => getSyncActivity(api, signal),
    refetchInterval: POLL_MS.activity,
  });

/** Synced and failed records by the hour over 30 days (the chart adds them up into local days). */
export function useSyncActivity() {
  const { api } = useWizardEnv();
  return useQuery(syncActivityQueryOptions(api));
}
