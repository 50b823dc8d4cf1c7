import { CreateAccountResponse, mappingApi, type CreateAccountRequest } from '@exoserva/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useWizardEnv } from '../../../app/wizard-context.tsx';
import type { ApiClient } from '../../../lib/api-client.ts';
import { mappingQueryKey } from './get-mapping.ts';

export function createAccount(api: ApiClient, body: CreateAccountRequest): Promise<CreateAccountResponse> {
  return api.request(mappingApi.createAccount.path, { method: 'POST', body, schema: CreateAccountResponse });
}

export function useCreateAccount() {
  const { api } = useWizardEnv();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateAccountRequest) => createAccount(api, body),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: mappingQueryKey }),
  });
}
