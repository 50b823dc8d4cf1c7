import { z } from 'zod';

/**
 * Every error the BFF answers has this one shape. Codes are lower_snake_case and stable: the wizard,
 * the host and tests branch on `code`, people read `message`.
 */
export const errorCodes = [
  'validation_failed',
  'unauthenticated',
  'forbidden',
  'not_found',
  'conflict',
  'payload_too_large',
  'rate_limited',
  'qbo_reauth_required',
  'qbo_unavailable',
  'oauth_state_invalid',
  'oauth_denied',
  'oauth_code_invalid',
  'company_connected_elsewhere',
  'company_switch_requires_confirmation',
  'signature_invalid',
  'mapping_invalid',
  'remap_confirmation_required',
  'exoserva_unavailable',
  'internal_error',
] as const;
export const ErrorCode = z.enum(errorCodes);
export type ErrorCode = z.infer<typeof ErrorCode>;

export const ErrorEnvelope = z.object({
  error: z.object({
    code: ErrorCode,
    message: z.string(),
    requestId: z.string(),
    details: z.unknown().optional(),
  }),
});
export type ErrorEnvelope = z.infer<typeof ErrorEnvelope>;
