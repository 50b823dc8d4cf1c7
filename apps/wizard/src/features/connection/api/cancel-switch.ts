import { connectionApi } from '@exoserva/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { z } from 'zod';
import { useWizardEnv } from '../../../app/wizard-context.tsx';
import type { ApiClient } from '../../../lib/api-client.ts';
import { connectionStatusQueryKey } from './get-connection-status.ts';

// The contract fixes no body for this answer; the status is re-read afterwards instead.
const AnyBody = z.unknown();

export async function cancelSwitch(api: ApiClient): Promise<void> {
  await api.request(connectionApi.cancelSwitch.path, { method: 'DELETE', schema: AnyBody });
}

export function useCancelSwitch() {
  const { api } = useWizardEnv();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => cancelSwitch(api),
    onSettled: () => queryClient.invalidateQueries({ queryKey: connectionStatusQueryKey }),
  });
}
