import { ReconciliationOverview, reconciliationApi } from '@exoserva/contracts';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { useWizardEnv } from '../../../app/wizard-context.tsx';
import type { ApiClient } from '../../../lib/api-client.ts';

export function getOverview(api: ApiClient, signal?: AbortSignal): Promise<ReconciliationOverview> {
  return api.request(reconciliationApi.overview.path, { schema: ReconciliationOverview, signal });
}

export const overviewQueryKey = ['reconciliation', 'overview'] as const;

export const overviewQueryOptions = (api: ApiClient) =>
  queryOptions({ queryKey: overviewQueryKey, queryFn: ({ signal }) => getOverview(api, signal) });

export function useOverview() {
  const { api } = useWizardEnv();
  return useQuery(overviewQueryOptions(api));
}
