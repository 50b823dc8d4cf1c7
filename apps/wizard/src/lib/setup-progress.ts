import type { SetupProgressResponse as SetupProgress } from '@exoserva/contracts';
import { queryOptions } from '@tanstack/react-query';
import type { ApiClient } from './api-client.ts';
import { firstStepPaths, SetupProgressResponse } from './first-step-contract.ts';

export function getSetupProgress(api: ApiClient, signal?: AbortSignal): Promise<SetupProgress> {
  return api.request(firstStepPaths.setupProgress, { schema: SetupProgressResponse, signal });
}

/** Shared by the step list and the pages that offer "next" (a read of the BFF's own tables, no QuickBooks). */
export const setupProgressQueryKey = ['setup', 'progress'] as const;

export const setupProgressQueryOptions = (api: ApiClient, enabled = true) =>
  queryOptions({
    queryKey: setupProgressQueryKey,
    queryFn: ({ signal }) => getSetupProgress(api, signal),
    enabled,
  });
