import type { ConnectionStatusResponse as ConnectionStatus } from '@exoserva/contracts';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { useWizardEnv } from '../../../app/wizard-context.tsx';
import type { ApiClient } from '../../../lib/api-client.ts';
import { ConnectionStatusResponse, firstStepPaths } from '../../../lib/first-step-contract.ts';

export function getConnectionStatus(api: ApiClient, signal?: AbortSignal): Promise<ConnectionStatus> {
  return api.request(firstStepPaths.status, { schema: ConnectionStatusResponse, signal });
}

export const connectionStatusQueryKey = ['connection', 'status'] as const;

export const connectionStatusQueryOptions = (api: ApiClient) =>
  queryOptions({
    queryKey: connectionStatusQueryKey,
    queryFn: ({ signal }) => getConnectionStatus(api, signal),
  });

export function useConnectionStatus() {
  const { api } = useWizardEnv();
  return useQuery(connectionStatusQueryOptions(api));
}
