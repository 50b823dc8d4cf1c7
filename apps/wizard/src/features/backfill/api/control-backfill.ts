import { backfillApi, BackfillJob, type BackfillRangeRequest } from '@exoserva/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useWizardEnv } from '../../../app/wizard-context.tsx';
import type { ApiClient } from '../../../lib/api-client.ts';
import { currentBackfillQueryKey } from './get-current-backfill.ts';

export type BackfillAction = 'pause' | 'resume' | 'cancel';

export function startBackfill(api: ApiClient, body: BackfillRangeRequest): Promise<BackfillJob> {
  return api.request(backfillApi.start.path, { method: 'POST', body, schema: BackfillJob });
}

export function controlBackfill(api: ApiClient, id: string, action: BackfillAction): Promise<BackfillJob> {
  const path = backfillApi[action].path.replace(':id', encodeURIComponent(id));
  return api.request(path, { method: 'POST', body: {}, schema: BackfillJob });
}

/**
 * After any change the job is shown as the BFF answered, and everything else is marked stale: the activity log
 * (every change is audited) and held records (a start releases them) belong to other features, which this one
 * does not import.
 */
function useSettle() {
  const queryClient = useQueryClient();
  return (job: BackfillJob) => {
    queryClient.setQueryData(currentBackfillQueryKey, { job });
    return queryClient.invalidateQueries({ predicate: (q) => q.queryKey[0] !== currentBackfillQueryKey[0] });
  };
}

export function useStartBackfill() {
  const { api } = useWizardEnv();
  const settle = useSettle();
  return useMutation({
    mutationFn: (body: BackfillRangeRequest) => startBackfill(api, body),
    onSuccess: (job) => settle(job),
  });
}

export function useControlBackfill() {
  const { api } = useWizardEnv();
  const settle = useSettle();
  return useMutation({
    mutationFn: ({ id, action }: { id: string; action: BackfillAction }) => controlBackfill(api, id, action),
    onSuccess: (job) => settle(job),
  });
}
