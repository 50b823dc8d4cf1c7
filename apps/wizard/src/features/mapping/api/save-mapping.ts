import { mappingApi, SaveMappingResponse, type SaveMappingRequest } from '@exoserva/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useWizardEnv } from '../../../app/wizard-context.tsx';
import type { ApiClient } from '../../../lib/api-client.ts';
import { mappingQueryKey } from './get-mapping.ts';

export function saveMapping(api: ApiClient, body: SaveMappingRequest): Promise<SaveMappingResponse> {
  return api.request(mappingApi.save.path, { method: 'POST', body, schema: SaveMappingResponse });
}

export function useSaveMapping() {
  const { api } = useWizardEnv();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: SaveMappingRequest) => saveMapping(api, body),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: mappingQueryKey }),
  });
}
