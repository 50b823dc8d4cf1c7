import type { ErrorCode, ErrorEnvelope } from '@exoserva/contracts';

/** The one table from error code to HTTP status, and whether trying again later may help. */
export const ERROR_TABLE: Record<ErrorCode, { status: number; retryable: boolean }> = {
  validation_failed: { status: 400, retryable: false },
  unauthenticated: { status: 401, retryable: false },
  forbidden: { status: 403, retryable: false },
  not_found: { status: 404, retryable: false },
  conflict: { status: 409, retryable: false },
  payload_too_large: { status: 413, retryable: false },
  rate_limited: { status: 429, retryable: true },
  qbo_reauth_required: { status: 409, retryable: false },
  qbo_unavailable: { status: 503, retryable: true },
  oauth_state_invalid: { status: 400, retryable: false },
  oauth_denied: { status: 400, retryable: false },
  oauth_code_invalid: { status: 400, retryable: false },
  company_connected_elsewhere: { status: 409, retryable: false },
  company_switch_requires_confirmation: { status: 409, retryable: false },
  signature_invalid: { status: 401, retryable: false },
  mapping_invalid: { status: 422, retryable: false },
  remap_confirmation_required: { status: 409, retryable: false },
  exoserva_unavailable: { status: 503, retryable: true },
  internal_error: { status: 500, retryable: true },
};

/** An expected failure as a value: a code people and programs branch on, words for people. */
export interface Failure {
  code: ErrorCode;
  message: string;
  details?: unknown;
}

export type Result<T, F = Failure> = { ok: true; value: T } | { ok: false; error: F };
export const ok = <T>(value: T): { ok: true; value: T } => ({ ok: true, value });
export const fail = <F = Failure>(error: F): { ok: false; error: F } => ({ ok: false, error });
export const failure = (code: ErrorCode, message: string, details?: unknown): { ok: false; error: Failure } =>
  fail(details === undefined ? { code, message } : { code, message, details });

/** Thrown by middleware and routes to answer with the envelope; anything else thrown is a 500. */
export class HttpError extends Error {
  constructor(readonly failure: Failure) {
    super(failure.message);
    this.name = 'HttpError';
  }
}

export function envelope(f: Failure, requestId: string): ErrorEnvelope {
  return {
    error: {
      code: f.code,
      message: f.message,
      requestId,
      ...(f.details === undefined ? {} : { details: f.details }),
    },
  };
}
