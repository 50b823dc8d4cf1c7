import type { ErrorCode } from '@exoserva/contracts';
import type { $ZodType, output } from 'zod/v4/core';
import { safeParse } from 'zod/mini';
import { ErrorEnvelope } from './first-step-contract.ts';

/** BFF codes plus the two failures that never reach the BFF or come back unreadable. */
export type ApiErrorCode = ErrorCode | 'network_error' | 'invalid_response';

/** An expected failure of a BFF call, as a value the UI can branch on. The client never toasts or redirects. */
export class ApiError extends Error {
  readonly code: ApiErrorCode;
  readonly status: number;
  readonly requestId: string | null;
  readonly details: unknown;

  constructor(init: {
    code: ApiErrorCode;
    message: string;
    status: number;
    requestId?: string | null;
    details?: unknown;
  }) {
    super(init.message);
    this.name = 'ApiError';
    this.code = init.code;
    this.status = init.status;
    this.requestId = init.requestId ?? null;
    this.details = init.details;
  }
}

export function isApiError(error: unknown): error is ApiError {
  return error instanceof ApiError;
}

/** Any call that answered 403 means the signed-in role may not manage the integration. */
export function isForbidden(error: unknown): boolean {
  return isApiError(error) && (error.code === 'forbidden' || error.status === 403);
}

export interface ApiClientOptions {
  bffUrl: string;
  getSessionToken: () => Promise<string> | string;
}

/** Any zod schema: the first step's `zod/mini` copies and the contracts' classic schemas alike. */
export interface RequestOptions<S extends $ZodType> {
  method?: 'GET' | 'POST' | 'PUT' | 'DELETE';
  body?: unknown;
  schema: S;
  signal?: AbortSignal;
  /**
   * `include` only where the BFF answers with a cookie this browser must keep (the OAuth binding, ADR 0013);
   * everything else is bearer-only and sends no cookies.
   */
  credentials?: 'include';
}

export interface ApiClient {
  request<S extends $ZodType>(path: string, options: RequestOptions<S>): Promise<output<S>>;
}

/** fetch with the host's session as a bearer token; every answer crosses a contract schema. */
export function createApiClient({ bffUrl, getSessionToken }: ApiClientOptions): ApiClient {
  const base = bffUrl.replace(/\/+$/, '');
  return {
    async request(path, { method = 'GET', body, schema, signal, credentials }) {
      const token = await getSessionToken();
      const headers: Record<string, string> = {
        Authorization: `Bearer ${token}`,
        Accept: 'application/json',
      };
      if (body !== undefined) headers['Content-Type'] = 'application/json';
      let response: Response;
      try {
        response = await fetch(`${base}${path}`, {
          method,
          headers,
          body: body === undefined ? undefined : JSON.stringify(body),
          signal,
          ...(credentials ? { credentials } : {}),
        });
      } catch (cause) {
        if (signal?.aborted) throw cause;
        throw new ApiError({
          code: 'network_error',
          status: 0,
          message: cause instanceof Error ? cause.message : 'The request did not reach the server.',
        });
      }
      const payload: unknown = response.status === 204 ? null : await response.json().catch(() => undefined);
      if (!response.ok) {
        const envelope = safeParse(ErrorEnvelope, payload);
        if (envelope.success) {
          const { code, message, requestId, details } = envelope.data.error;
          throw new ApiError({ code, message, requestId, details, status: response.status });
        }
        throw new ApiError({
          code: response.status === 403 ? 'forbidden' : 'invalid_response',
          status: response.status,
          message: `The server answered ${response.status} without an error body.`,
          requestId: response.headers.get('x-request-id'),
        });
      }
      const parsed = safeParse(schema, payload);
      if (!parsed.success) {
        throw new ApiError({
          code: 'invalid_response',
          status: response.status,
          message: `Unexpected response from ${path}.`,
          requestId: response.headers.get('x-request-id'),
          details: parsed.error.issues,
        });
      }
      return parsed.data;
    },
  };
}
