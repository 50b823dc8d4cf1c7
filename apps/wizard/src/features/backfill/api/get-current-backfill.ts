import { backfillApi, BackfillCurrentResponse } from '@exoserva/contracts';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { useWizardEnv } from '../../../app/wizard-context.tsx';
import type { ApiClient } from '../../../lib/api-client.ts';

export function getCurrentBackfill(api: ApiClient, signal?: AbortSignal): Promise<BackfillCurrentResponse> {
  return api.request(backfillApi.current.path, { schema: BackfillCurrentResponse, signal });
}

export const currentBackfillQueryKey = ['backfill', 'current'] as const;

/** How often a job that is moving is read again (progress bar, ETA). */
export const BACKFILL_POLL_MS = 1_500;

export const currentBackfillQueryOptions = (api: ApiClient) =>
  queryOptions({
    queryKey: currentBackfillQueryKey,
    queryFn: ({ signal }) => getCurrentBackfill(api, signal),
    // Poll while something moves: a running job, or a paused one whose handed-over records still land.
    refetchInterval: (query) => {
      const job = query.state.data?.job;
      return job && (job.status === 'running' || job.inFlight > 0) ? BACKFILL_POLL_MS : false;
    },
  });

export function useCurrentBackfill() {
  const { api } = useWizardEnv();
  return useQuery(currentBackfillQueryOptions(api));
}
