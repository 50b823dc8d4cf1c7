import type { MeResponse as Me } from '@exoserva/contracts';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { useWizardEnv } from '../../../app/wizard-context.tsx';
import type { ApiClient } from '../../../lib/api-client.ts';
import { firstStepPaths, MeResponse } from '../../../lib/first-step-contract.ts';

export function getMe(api: ApiClient, signal?: AbortSignal): Promise<Me> {
  return api.request(firstStepPaths.me, { schema: MeResponse, signal });
}

export const meQueryOptions = (api: ApiClient) =>
  queryOptions({ queryKey: ['me'], queryFn: ({ signal }) => getMe(api, signal), staleTime: 60_000 });

export function useMe() {
  const { api } = useWizardEnv();
  return useQuery(meQueryOptions(api));
}
