import { CreateTaxCodeResponse, mappingApi, type CreateTaxCodeRequest } from '@exoserva/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useWizardEnv } from '../../../app/wizard-context.tsx';
import type { ApiClient } from '../../../lib/api-client.ts';
import { mappingQueryKey } from './get-mapping.ts';

export function createTaxCode(api: ApiClient, body: CreateTaxCodeRequest): Promise<CreateTaxCodeResponse> {
  return api.request(mappingApi.createTaxCode.path, { method: 'POST', body, schema: CreateTaxCodeResponse });
}

export function useCreateTaxCode() {
  const { api } = useWizardEnv();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateTaxCodeRequest) => createTaxCode(api, body),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: mappingQueryKey }),
  });
}
