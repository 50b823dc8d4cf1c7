import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useWizardEnv } from '../../../app/wizard-context.tsx';
import type { ApiClient } from '../../../lib/api-client.ts';
import { AnyBody, firstStepPaths } from '../../../lib/first-step-contract.ts';
import { connectionStatusQueryKey } from './get-connection-status.ts';

export async function cancelSwitch(api: ApiClient): Promise<void> {
  await api.request(firstStepPaths.cancelSwitch, { method: 'DELETE', schema: AnyBody });
}

export function useCancelSwitch() {
  const { api } = useWizardEnv();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => cancelSwitch(api),
    onSettled: () => queryClient.invalidateQueries({ queryKey: connectionStatusQueryKey }),
  });
}
