import { mappingApi, SaveMatchesResponse, type SaveMatchesRequest } from '@exoserva/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useWizardEnv } from '../../../app/wizard-context.tsx';
import type { ApiClient } from '../../../lib/api-client.ts';
import { matchesQueryKey } from './get-matches.ts';

export function saveMatches(api: ApiClient, body: SaveMatchesRequest): Promise<SaveMatchesResponse> {
  return api.request(mappingApi.saveMatches.path, { method: 'POST', body, schema: SaveMatchesResponse });
}

export function useSaveMatches() {
  const { api } = useWizardEnv();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: SaveMatchesRequest) => saveMatches(api, body),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: matchesQueryKey }),
  });
}
