import type {
  HeldRecordsResponse as HeldRecords,
  ReleaseHeldRequest,
  ReleaseHeldResponse as Released,
} from '@exoserva/contracts';
import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useWizardEnv } from '../../../app/wizard-context.tsx';
import type { ApiClient } from '../../../lib/api-client.ts';
import {
  firstStepPaths,
  HeldRecordsResponse,
  ReleaseHeldResponse,
} from '../../../lib/first-step-contract.ts';
import { auditLogQueryKey } from './get-audit-log.ts';

export function getHeldRecords(api: ApiClient, signal?: AbortSignal): Promise<HeldRecords> {
  return api.request(firstStepPaths.held, { schema: HeldRecordsResponse, signal });
}

export function releaseHeldRecords(api: ApiClient, body: ReleaseHeldRequest): Promise<Released> {
  return api.request(firstStepPaths.releaseHeld, { method: 'POST', body, schema: ReleaseHeldResponse });
}

export const heldRecordsQueryKey = ['sync', 'held'] as const;

export const heldRecordsQueryOptions = (api: ApiClient) =>
  queryOptions({ queryKey: heldRecordsQueryKey, queryFn: ({ signal }) => getHeldRecords(api, signal) });

/** Records created or changed while QuickBooks was disconnected; they wait for an explicit choice. */
export function useHeldRecords() {
  const { api } = useWizardEnv();
  return useQuery(heldRecordsQueryOptions(api));
}

export function useReleaseHeldRecords() {
  const { api } = useWizardEnv();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: ReleaseHeldRequest) => releaseHeldRecords(api, body),
    onSettled: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: heldRecordsQueryKey }),
        queryClient.invalidateQueries({ queryKey: auditLogQueryKey }),
      ]),
  });
}
