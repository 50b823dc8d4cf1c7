import { mappingApi, MappingStateResponse } from '@exoserva/contracts';
import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useWizardEnv } from '../../../app/wizard-context.tsx';
import type { ApiClient } from '../../../lib/api-client.ts';

export function getMapping(api: ApiClient, signal?: AbortSignal): Promise<MappingStateResponse> {
  return api.request(mappingApi.get.path, { schema: MappingStateResponse, signal });
}

export const mappingQueryKey = ['mapping', 'state'] as const;

export const mappingQueryOptions = (api: ApiClient) =>
  queryOptions({
    queryKey: mappingQueryKey,
    queryFn: ({ signal }) => getMapping(api, signal),
    // The chart lives in QuickBooks and can change there at any time: always re-read when the step opens.
    staleTime: 0,
  });

export function useMapping() {
  const { api } = useWizardEnv();
  return useQuery(mappingQueryOptions(api));
}

/** Retry after a change in QuickBooks: the BFF reads the chart afresh instead of serving a recent read. */
export function useRefreshMapping() {
  const { api } = useWizardEnv();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () =>
      api.request(mappingApi.refresh.path, { method: 'POST', body: {}, schema: MappingStateResponse }),
    onSuccess: (state) => queryClient.setQueryData(mappingQueryKey, state),
  });
}
