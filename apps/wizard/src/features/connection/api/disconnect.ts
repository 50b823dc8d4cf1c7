import { connectionApi } from '@exoserva/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { z } from 'zod';
import { useWizardEnv } from '../../../app/wizard-context.tsx';
import type { ApiClient } from '../../../lib/api-client.ts';
import { auditLogQueryKey } from './get-audit-log.ts';
import { connectionStatusQueryKey } from './get-connection-status.ts';

// The contract fixes no body for this answer; the status is re-read afterwards instead.
const AnyBody = z.unknown();

export async function disconnect(api: ApiClient): Promise<void> {
  await api.request(connectionApi.disconnect.path, { method: 'POST', body: {}, schema: AnyBody });
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
