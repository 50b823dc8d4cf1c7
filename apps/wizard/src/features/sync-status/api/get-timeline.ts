import { RecordTimelineResponse, syncRecordPath, type SyncRecordKind } from '@exoserva/contracts';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { useWizardEnv } from '../../../app/wizard-context.tsx';
import type { ApiClient } from '../../../lib/api-client.ts';
import { POLL_MS, syncStatusKey } from './keys.ts';

export function getTimeline(
  api: ApiClient,
  kind: SyncRecordKind,
  id: string,
  signal?: AbortSignal,
): Promise<RecordTimelineResponse> {
  return api.request(syncRecordPath('timeline', kind, id), { schema: RecordTimelineResponse, signal });
}

export const timelineQueryOptions = (api: ApiClient, kind: SyncRecordKind, id: string) =>
  queryOptions({
    queryKey: [...syncStatusKey, 'timeline', kind, id],
    queryFn: ({ signal }) => getTimeline(api, kind, id, signal),
    // Keep following a record that is still on its way; a settled one needs no polling.
    refetchInterval: (query) =>
      query.state.data && ['pending', 'held'].includes(query.state.data.state) ? POLL_MS.timeline : false,
  });

/** One record's way to QuickBooks. */
export function useTimeline(kind: SyncRecordKind, id: string) {
  const { api } = useWizardEnv();
  return useQuery(timelineQueryOptions(api, kind, id));
}
