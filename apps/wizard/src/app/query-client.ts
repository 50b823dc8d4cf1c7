import { QueryClient } from '@tanstack/react-query';
import { isApiError } from '../lib/api-client.ts';

const RETRYABLE = new Set(['network_error', 'qbo_unavailable', 'rate_limited', 'internal_error']);

/** Each mounted wizard owns one of these; it never touches a host's QueryClient. */
export function createWizardQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        // 4xx answers are decisions, not hiccups: only transient failures are retried, briefly.
        retry: (failureCount, error) => failureCount < 2 && isApiError(error) && RETRYABLE.has(error.code),
        refetchOnWindowFocus: false,
        staleTime: 10_000,
      },
      mutations: { retry: false },
    },
  });
}
