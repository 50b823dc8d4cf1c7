import { RecordSearchResponse, syncStatusApi } from '@exoserva/contracts';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useWizardEnv } from '../../../app/wizard-context.tsx';
import type { ApiClient } from '../../../lib/api-client.ts';
import { syncStatusKey } from './keys.ts';

/** "Follow one record": by invoice number, customer name, amount or Exoserva id (a POST: text stays out of URLs). */
export function searchRecords(
  api: ApiClient,
  query: string,
  signal?: AbortSignal,
): Promise<RecordSearchResponse> {
  return api.request(syncStatusApi.searchRecords.path, {
    method: 'POST',
    body: { query },
    schema: RecordSearchResponse,
    signal,
  });
}

export function useRecordSearch(query: string | null) {
  const { api } = useWizardEnv();
  return useQuery({
    queryKey: [...syncStatusKey, 'record-search', query],
    queryFn: ({ signal }) => searchRecords(api, query ?? '', signal),
    enabled: query !== null,
    placeholderData: keepPreviousData,
  });
}
