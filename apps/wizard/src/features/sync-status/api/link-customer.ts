import { LinkCandidatesResponse, LinkResponse, syncRecordPath } from '@exoserva/contracts';
import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useWizardEnv } from '../../../app/wizard-context.tsx';
import type { ApiClient } from '../../../lib/api-client.ts';
import { syncStatusKey } from './keys.ts';

export function getLinkCandidates(
  api: ApiClient,
  customerId: string,
  search: string | undefined,
  signal?: AbortSignal,
): Promise<LinkCandidatesResponse> {
  return api.request(syncRecordPath('linkCandidates', 'customer', customerId), {
    method: 'POST',
    body: search === undefined ? {} : { search },
    schema: LinkCandidatesResponse,
    signal,
  });
}

export function linkCustomer(
  api: ApiClient,
  customerId: string,
  qboCustomerId: string,
): Promise<LinkResponse> {
  return api.request(syncRecordPath('link', 'customer', customerId), {
    method: 'POST',
    body: { qboCustomerId },
    schema: LinkResponse,
  });
}

export const linkCandidatesQueryOptions = (api: ApiClient, customerId: string, search: string | undefined) =>
  queryOptions({
    queryKey: [...syncStatusKey, 'link-candidates', customerId, search ?? null],
    queryFn: ({ signal }) => getLinkCandidates(api, customerId, search, signal),
    staleTime: 30_000,
  });

/** QuickBooks customers this Exoserva customer could be linked to (by default: the conflicting name). */
export function useLinkCandidates(customerId: string, search: string | undefined) {
  const { api } = useWizardEnv();
  return useQuery(linkCandidatesQueryOptions(api, customerId, search));
}

/** Stores the link and sends the customer again: as an update of the chosen QuickBooks customer. */
export function useLinkCustomer() {
  const { api } = useWizardEnv();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: { customerId: string; qboCustomerId: string }) =>
      linkCustomer(api, input.customerId, input.qboCustomerId),
    onSettled: () => queryClient.invalidateQueries({ queryKey: syncStatusKey }),
  });
}
