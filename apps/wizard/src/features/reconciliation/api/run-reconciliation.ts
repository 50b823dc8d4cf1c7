import { ReconciliationReport, reconciliationApi } from '@exoserva/contracts';
import { queryOptions, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { useWizardEnv } from '../../../app/wizard-context.tsx';
import type { ApiClient } from '../../../lib/api-client.ts';
import { overviewQueryKey } from './get-overview.ts';

/** Runs the month from both books (a POST: the BFF stores the month's discrepancy for the trend). */
export function runReconciliation(
  api: ApiClient,
  month: string,
  signal?: AbortSignal,
): Promise<ReconciliationReport> {
  return api.request(reconciliationApi.run.path, {
    method: 'POST',
    body: { month },
    schema: ReconciliationReport,
    signal,
  });
}

export const reportQueryKey = (month: string) => ['reconciliation', 'report', month] as const;

/**
 * A report is a snapshot of both books: it is never refetched behind the admin's back (window focus, remount),
 * only when they press "Reconcile again" or pick another month.
 */
export const reportQueryOptions = (api: ApiClient, month: string) =>
  queryOptions({
    queryKey: reportQueryKey(month),
    queryFn: ({ signal }) => runReconciliation(api, month, signal),
    staleTime: Infinity,
    refetchOnWindowFocus: false,
    retry: false,
  });

export function useReport(month: string | null) {
  const { api } = useWizardEnv();
  const queryClient = useQueryClient();
  const query = useQuery({ ...reportQueryOptions(api, month ?? ''), enabled: month !== null });
  // Each run stores the month's discrepancy: refresh the trend once it lands.
  useEffect(() => {
    if (query.dataUpdatedAt) void queryClient.invalidateQueries({ queryKey: overviewQueryKey });
  }, [query.dataUpdatedAt, queryClient]);
  return query;
}
