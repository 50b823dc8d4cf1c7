import { testSyncApi, TestSyncRun, type TestSyncCurrentResponse } from '@exoserva/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useWizardEnv } from '../../../app/wizard-context.tsx';
import type { ApiClient } from '../../../lib/api-client.ts';
import { testSyncQueryKey } from './get-test-sync.ts';

export function startTestSync(api: ApiClient, amountCents: number): Promise<TestSyncRun> {
  return api.request(testSyncApi.start.path, { method: 'POST', body: { amountCents }, schema: TestSyncRun });
}

export function cleanUpTestSync(api: ApiClient, runId: string): Promise<TestSyncRun> {
  const path = testSyncApi.cleanup.path.replace(':id', encodeURIComponent(runId));
  return api.request(path, { method: 'POST', body: {}, schema: TestSyncRun });
}

/**
 * The run as the BFF answered replaces the one on screen (polling takes over while it runs); everything else
 * is marked stale — the activity log audits both actions, and the status belongs to other features.
 */
function useSettle() {
  const queryClient = useQueryClient();
  return (run: TestSyncRun) => {
    queryClient.setQueryData<TestSyncCurrentResponse>(testSyncQueryKey, (old) =>
      old ? { ...old, run } : { run, autoSync: false, passedAt: null, lock: 'never_passed' },
    );
    return queryClient.invalidateQueries();
  };
}

export function useStartTestSync() {
  const { api } = useWizardEnv();
  const settle = useSettle();
  return useMutation({
    mutationFn: (amountCents: number) => startTestSync(api, amountCents),
    onSuccess: (run) => settle(run),
  });
}

export function useCleanUpTestSync() {
  const { api } = useWizardEnv();
  const settle = useSettle();
  return useMutation({
    mutationFn: (runId: string) => cleanUpTestSync(api, runId),
    onSuccess: (run) => settle(run),
  });
}
