import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useWizardEnv } from '../../../app/wizard-context.tsx';
import type { ApiClient } from '../../../lib/api-client.ts';
import { AnyBody, firstStepPaths } from '../../../lib/first-step-contract.ts';
import { auditLogQueryKey } from './get-audit-log.ts';
import { connectionStatusQueryKey } from './get-connection-status.ts';

export async function disconnect(api: ApiClient): Promise<void> {
  await api.request(firstStepPaths.disconnect, { method: 'POST', body: {}, schema: AnyBody });
}

export function useDisconnect() {
  const { api } = useWizardEnv();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => disconnect(api),
    onSettled: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: connectionStatusQueryKey }),
        queryClient.invalidateQueries({ queryKey: auditLogQueryKey }),
      ]),
  });
}
