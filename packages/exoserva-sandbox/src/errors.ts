import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { RequestIdVariables } from 'hono/request-id';
import type { z } from 'zod';

export type SandboxEnv = { Variables: RequestIdVariables };

/** The sandbox answers errors in the same envelope as the BFF: `{ error: { code, message, requestId } }`. */
export function errorResponse<E extends SandboxEnv>(
  c: Context<E>,
  status: ContentfulStatusCode,
  code: string,
  message: string,
  details?: unknown,
) {
  const requestId = c.get('requestId') ?? crypto.randomUUID();
  return c.json(
    { error: { code, message, requestId, ...(details === undefined ? {} : { details }) } },
    status,
  );
}

export function validationFailed<E extends SandboxEnv>(c: Context<E>, error: z.ZodError) {
  return errorResponse(
    c,
    400,
    'validation_failed',
    'The request is not valid.',
    error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
  );
}
