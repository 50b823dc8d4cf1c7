import { DirectionResponse, mappingApi, type SetDirectionRequest } from '@exoserva/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useWizardEnv } from '../../../app/wizard-context.tsx';
import type { ApiClient } from '../../../lib/api-client.ts';
import { directionQueryKey } from './get-direction.ts';

export function setDirection(api: ApiClient, body: SetDirectionRequest): Promise<DirectionResponse> {
  return api.request(mappingApi.setDirection.path, { method: 'POST', body, schema: DirectionResponse });
}

export function useSetDirection() {
  const { api } = useWizardEnv();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: SetDirectionRequest) => setDirection(api, body),
    onSuccess: (data) => queryClient.setQueryData(directionQueryKey, data),
  });
}
