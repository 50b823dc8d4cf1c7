import { FailureSearchResponse, syncStatusApi, type FailureSearchRequest } from '@exoserva/contracts';
import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import { useWizardEnv } from '../../../app/wizard-context.tsx';
import type { ApiClient } from '../../../lib/api-client.ts';
import { POLL_MS, syncStatusKey } from './keys.ts';

export function searchFailures(
  api: ApiClient,
  body: FailureSearchRequest,
  signal?: AbortSignal,
): Promise<FailureSearchResponse> {
  return api.request(syncStatusApi.failures.path, {
    method: 'POST',
    body,
    schema: FailureSearchResponse,
    signal,
  });
}

export const failuresQueryOptions = (api: ApiClient, body: FailureSearchRequest) =>
  queryOptions({
    queryKey: [...syncStatusKey, 'failures', body],
    queryFn: ({ signal }) => searchFailures(api, body, signal),
    refetchInterval: POLL_MS.failures,
    // A new filter keeps the old rows on screen until its answer arrives (no flash of "loading").
    placeholderData: keepPreviousData,
  });

/** The Failed list for one filter. */
export function useFailures(body: FailureSearchRequest) {
  const { api } = useWizardEnv();
  return useQuery(failuresQueryOptions(api, body));
}
