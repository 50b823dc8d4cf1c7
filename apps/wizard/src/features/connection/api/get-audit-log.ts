import type { AuditResponse as Audit } from '@exoserva/contracts';
import type { z } from 'zod';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { useWizardEnv } from '../../../app/wizard-context.tsx';
import type { ApiClient } from '../../../lib/api-client.ts';
import { AuditResponse, firstStepPaths } from '../../../lib/first-step-contract.ts';

export function getAuditLog(api: ApiClient, signal?: AbortSignal): Promise<z.infer<typeof Audit>> {
  return api.request(firstStepPaths.audit, { schema: AuditResponse, signal });
}

export const auditLogQueryKey = ['connection', 'audit'] as const;

export const auditLogQueryOptions = (api: ApiClient) =>
  queryOptions({ queryKey: auditLogQueryKey, queryFn: ({ signal }) => getAuditLog(api, signal) });

export function useAuditLog() {
  const { api } = useWizardEnv();
  return useQuery(auditLogQueryOptions(api));
}
