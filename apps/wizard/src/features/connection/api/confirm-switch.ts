import { ConfirmSwitchRequest, connectionApi } from '@exoserva/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { z } from 'zod';
import { useWizardEnv } from '../../../app/wizard-context.tsx';
import type { ApiClient } from '../../../lib/api-client.ts';
import { auditLogQueryKey } from './get-audit-log.ts';
import { connectionStatusQueryKey } from './get-connection-status.ts';

// The contract fixes no body for this answer; the status is re-read afterwards instead.
const AnyBody = z.unknown();

export async function confirmSwitch(api: ApiClient): Promise<void> {
  await api.request(connectionApi.confirmSwitch.path, {
    method: 'POST',
    body: ConfirmSwitchRequest.parse({ confirm: true }),
    schema: AnyBody,
  });
}

export function useConfirmSwitch() {
  const { api } = useWizardEnv();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => confirmSwitch(api),
    onSettled: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: connectionStatusQueryKey }),
        queryClient.invalidateQueries({ queryKey: auditLogQueryKey }),
      ]),
  });
}
