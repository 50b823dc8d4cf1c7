import { testSyncApi, TestSyncCurrentResponse } from '@exoserva/contracts';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { useWizardEnv } from '../../../app/wizard-context.tsx';
import type { ApiClient } from '../../../lib/api-client.ts';

export function getTestSync(api: ApiClient, signal?: AbortSignal): Promise<TestSyncCurrentResponse> {
  return api.request(testSyncApi.current.path, { schema: TestSyncCurrentResponse, signal });
}

export const testSyncQueryKey = ['test-sync', 'current'] as const;

/** How often a running test is read again: each step shows as it happens. */
export const TEST_SYNC_POLL_MS = 750;

export const testSyncQueryOptions = (api: ApiClient) =>
  queryOptions({
    queryKey: testSyncQueryKey,
    queryFn: ({ signal }) => getTestSync(api, signal),
    refetchInterval: (query) => (query.state.data?.run?.status === 'running' ? TEST_SYNC_POLL_MS : false),
  });

export function useTestSync() {
  const { api } = useWizardEnv();
  return useQuery(testSyncQueryOptions(api));
}
