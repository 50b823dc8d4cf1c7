import {
  ReconcileFixResponse,
  reconciliationApi,
  syncApi,
  type DiscrepancyFix,
  type ReconciledKind,
} from '@exoserva/contracts';
import { useMutation } from '@tanstack/react-query';
import { useWizardEnv } from '../../../app/wizard-context.tsx';
import type { ApiClient } from '../../../lib/api-client.ts';

export interface FixTarget {
  kind: ReconciledKind;
  id: string;
  fix: Exclude<DiscrepancyFix, { action: 'none' }>;
}

const recordPath = (template: string, kind: string, id: string) =>
  template.replace(':kind', encodeURIComponent(kind)).replace(':id', encodeURIComponent(id));

/**
 * The one-click fixes: retry is the sync engine's own Sync Now for the record; re-sync sends every field again
 * over QuickBooks' copy; link adopts a document entered by hand. Each answers how many records were queued.
 */
export function fixRecord(api: ApiClient, { kind, id, fix }: FixTarget): Promise<ReconcileFixResponse> {
  if (fix.action === 'retry') {
    return api.request(recordPath(syncApi.runRecord.path, kind, id), {
      method: 'POST',
      body: {},
      schema: ReconcileFixResponse,
    });
  }
  if (fix.action === 'resync') {
    return api.request(recordPath(reconciliationApi.resync.path, kind, id), {
      method: 'POST',
      body: {},
      schema: ReconcileFixResponse,
    });
  }
  return api.request(reconciliationApi.link.path, {
    method: 'POST',
    body: { kind, exoservaId: id, quickbooksId: fix.quickbooksId },
    schema: ReconcileFixResponse,
  });
}

export function useFixRecord() {
  const { api } = useWizardEnv();
  return useMutation({ mutationFn: (target: FixTarget) => fixRecord(api, target) });
}
