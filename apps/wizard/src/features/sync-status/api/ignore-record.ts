import { IgnoreResponse, syncRecordPath, type SyncRecordKind } from '@exoserva/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useWizardEnv } from '../../../app/wizard-context.tsx';
import type { ApiClient } from '../../../lib/api-client.ts';
import { syncStatusKey } from './keys.ts';

type Target = { kind: SyncRecordKind; id: string };

export function ignoreRecord(api: ApiClient, { kind, id }: Target, reason: string): Promise<IgnoreResponse> {
  return api.request(syncRecordPath('ignore', kind, id), {
    method: 'POST',
    body: { reason },
    schema: IgnoreResponse,
  });
}

export function unignoreRecord(api: ApiClient, { kind, id }: Target): Promise<IgnoreResponse> {
  return api.request(syncRecordPath('unignore', kind, id), {
    method: 'POST',
    body: {},
    schema: IgnoreResponse,
  });
}

/** Ignore (with a reason) or un-ignore a failed record; both are audited by the BFF. */
export function useIgnore() {
  const { api } = useWizardEnv();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: Target & { reason: string | null }) =>
      input.reason === null ? unignoreRecord(api, input) : ignoreRecord(api, input, input.reason),
    onSettled: () => queryClient.invalidateQueries({ queryKey: syncStatusKey }),
  });
}
