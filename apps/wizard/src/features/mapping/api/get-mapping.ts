import { mappingApi, MappingStateResponse } from '@exoserva/contracts';
import { queryOptions, useQuery } from '@tanstack/react-query';
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
