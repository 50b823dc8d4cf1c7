import { CustomerMatchesResponse, mappingApi } from '@exoserva/contracts';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { useWizardEnv } from '../../../app/wizard-context.tsx';
import type { ApiClient } from '../../../lib/api-client.ts';

export function getMatches(api: ApiClient, signal?: AbortSignal): Promise<CustomerMatchesResponse> {
  return api.request(mappingApi.getMatches.path, { schema: CustomerMatchesResponse, signal });
}

export const matchesQueryKey = ['customers', 'matches'] as const;

export const matchesQueryOptions = (api: ApiClient) =>
  queryOptions({ queryKey: matchesQueryKey, queryFn: ({ signal }) => getMatches(api, signal), staleTime: 0 });

export function useMatches() {
  const { api } = useWizardEnv();
  return useQuery(matchesQueryOptions(api));
}
