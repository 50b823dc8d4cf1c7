import { AuditResponse, connectionApi } from '@exoserva/contracts';
import { queryOptions, useQuery } from '@tanstack/react-query';
import type { z } from 'zod';
import { useWizardEnv } from '../../../app/wizard-context.tsx';
import type { ApiClient } from '../../../lib/api-client.ts';

export function getAuditLog(api: ApiClient, signal?: AbortSignal): Promise<z.infer<typeof AuditResponse>> {
  return api.request(connectionApi.audit.path, { schema: AuditResponse, signal });
}

export const auditLogQueryKey = ['connection', 'audit'] as const;

export const auditLogQueryOptions = (api: ApiClient) =>
  queryOptions({ queryKey: auditLogQueryKey, queryFn: ({ signal }) => getAuditLog(api, signal) });

export function useAuditLog() {
  const { api } = useWizardEnv();
  return useQuery(auditLogQueryOptions(api));
}
