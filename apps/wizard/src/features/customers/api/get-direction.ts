import { DirectionResponse, mappingApi } from '@exoserva/contracts';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { useWizardEnv } from '../../../app/wizard-context.tsx';
import type { ApiClient } from '../../../lib/api-client.ts';

export function getDirection(api: ApiClient, signal?: AbortSignal): Promise<DirectionResponse> {
  return api.request(mappingApi.getDirection.path, { schema: DirectionResponse, signal });
}

export const directionQueryKey = ['customers', 'direction'] as const;

export const directionQueryOptions = (api: ApiClient) =>
  queryOptions({ queryKey: directionQueryKey, queryFn: ({ signal }) => getDirection(api, signal) });

export function useDirection() {
  const { api } = useWizardEnv();
  return useQuery(directionQueryOptions(api));
}
