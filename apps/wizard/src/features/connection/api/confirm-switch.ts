import type { ConfirmSwitchRequest } from '@exoserva/contracts';
import type { z } from 'zod';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useWizardEnv } from '../../../app/wizard-context.tsx';
import type { ApiClient } from '../../../lib/api-client.ts';
import { AnyBody, firstStepPaths } from '../../../lib/first-step-contract.ts';
import { auditLogQueryKey } from './get-audit-log.ts';
import { connectionStatusQueryKey } from './get-connection-status.ts';

export async function confirmSwitch(api: ApiClient): Promise<void> {
  await api.request(firstStepPaths.confirmSwitch, {
    method: 'POST',
    body: { confirm: true } satisfies z.input<typeof ConfirmSwitchRequest>,
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
