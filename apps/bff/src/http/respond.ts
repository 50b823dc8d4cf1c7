import { EmptyRequest } from '@exoserva/contracts';
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { z } from 'zod';
import type { AppEnv } from './app-env.ts';
import { envelope, ERROR_TABLE, HttpError, type Failure, type Result } from './errors.ts';
import { unsafeTextProblem } from './safe-text.ts';

/** Answers a failure with the envelope and the status from the one error table. */
export function sendFailure(c: Context<AppEnv>, f: Failure): Response {
  return c.json(envelope(f, c.get('requestId')), ERROR_TABLE[f.code].status as ContentfulStatusCode);
}

/** Maps a service result: the value as JSON, or the failure as the envelope. */
export function sendResult<T>(
  c: Context<AppEnv>,
  result: Result<T>,
  status: ContentfulStatusCode = 200,
): Response {
  return result.ok ? c.json(result.value as object, status) : sendFailure(c, result.error);
}

/**
 * Reads a JSON body through its contract. Malformed JSON and schema failures are both `validation_failed`;
 * the zod issues go in `details` without the offending input (it could be a secret).
 */
export async function readJson<S extends z.ZodType>(c: Context<AppEnv>, schema: S): Promise<z.infer<S>> {
  const text = await c.req.text();
  let data: unknown;
  try {
    data = text.trim() === '' ? undefined : JSON.parse(text);
  } catch {
    throw new HttpError({ code: 'validation_failed', message: 'The request body is not valid JSON' });
  }
  const unsafeText = unsafeTextProblem(data);
  if (unsafeText) throw new HttpError({ code: 'validation_failed', message: unsafeText });
  const parsed = schema.safeParse(data);
  if (!parsed.success) {
    throw new HttpError({
      code: 'validation_failed',
      message: 'The request body does not match what this endpoint expects',
      details: {
        issues: parsed.error.issues.map((i) => ({ path: i.path, code: i.code, message: i.message })),
      },
    });
  }
  return parsed.data;
}

/**
 * For POST / PUT / DELETE routes that take no data (disconnect, Sync Now): no body or `{}`, nothing else, so a
 * garbled or forged body never triggers the action.
 */
export async function readEmptyBody(c: Context<AppEnv>): Promise<void> {
  await readJson(c, EmptyRequest.optional());
}
