import { CreateItemResponse, mappingApi, type CreateItemRequest } from '@exoserva/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useWizardEnv } from '../../../app/wizard-context.tsx';
import type { ApiClient } from '../../../lib/api-client.ts';
import { mappingQueryKey } from './get-mapping.ts';

export function createItem(api: ApiClient, body: CreateItemRequest): Promise<CreateItemResponse> {
  return api.request(mappingApi.createItem.path, { method: 'POST', body, schema: CreateItemResponse });
}

export function useCreateItem() {
  const { api } = useWizardEnv();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateItemRequest) => createItem(api, body),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: mappingQueryKey }),
  });
}
