import {
  SyncRunResponse,
  syncApi,
  syncStatusApi,
  type BulkRetryRequest,
  type SyncRecordKind,
} from '@exoserva/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useWizardEnv } from '../../../app/wizard-context.tsx';
import type { ApiClient } from '../../../lib/api-client.ts';
import { syncStatusKey } from './keys.ts';

export function retryRecord(api: ApiClient, kind: SyncRecordKind, id: string): Promise<SyncRunResponse> {
  const path = syncApi.runRecord.path.replace(':kind', kind).replace(':id', encodeURIComponent(id));
  return api.request(path, { method: 'POST', body: {}, schema: SyncRunResponse });
}

export function retryMany(api: ApiClient, body: BulkRetryRequest): Promise<SyncRunResponse> {
  return api.request(syncStatusApi.retryMany.path, { method: 'POST', body, schema: SyncRunResponse });
}

/** Retry: one record (the existing Sync Now for a record), or a selection / a whole filter. */
export function useRetry() {
  const { api } = useWizardEnv();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (target: { kind: SyncRecordKind; id: string } | BulkRetryRequest) =>
      'kind' in target ? retryRecord(api, target.kind, target.id) : retryMany(api, target),
    onSettled: () => queryClient.invalidateQueries({ queryKey: syncStatusKey }),
  });
}
