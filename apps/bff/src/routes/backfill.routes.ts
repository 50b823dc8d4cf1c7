import { backfillApi, BackfillJobParams, BackfillRangeRequest } from '@exoserva/contracts';
import { Hono, type Context } from 'hono';
import type { AppEnv } from '../http/app-env.ts';
import { HttpError } from '../http/errors.ts';
import { readEmptyBody, readJson, sendResult } from '../http/respond.ts';
import { requireSession } from '../http/session.middleware.ts';
import type { SessionVerifier } from '../ports/session-verifier.ts';
import type { BackfillService } from '../services/backfill.service.ts';

/** A job id from the path; anything but a UUID is refused before it reaches SQL. */
function jobId(c: Context<AppEnv>): string {
  const parsed = BackfillJobParams.safeParse(c.req.param());
  if (!parsed.success) throw new HttpError({ code: 'validation_failed', message: 'Unknown backfill id' });
  return parsed.data.id;
}

/** Backfill and re-post jobs (contracts backfillApi), admins only. */
export function backfillRoutes(verifier: SessionVerifier, backfill: BackfillService) {
  const admin = requireSession(verifier, { admin: true });
  return new Hono<AppEnv>()
    .post(backfillApi.preview.path, admin, async (c) => {
      const body = await readJson(c, BackfillRangeRequest);
      return sendResult(c, await backfill.preview(c.get('session'), body));
    })
    .post(backfillApi.start.path, admin, async (c) => {
      const body = await readJson(c, BackfillRangeRequest);
      return sendResult(c, await backfill.start(c.get('session'), body), 201);
    })
    .get(backfillApi.current.path, admin, async (c) => c.json(await backfill.current(c.get('session'))))
    .post(backfillApi.pause.path, admin, async (c) => {
      const id = jobId(c);
      await readEmptyBody(c);
      return sendResult(c, await backfill.pause(c.get('session'), id));
    })
    .post(backfillApi.resume.path, admin, async (c) => {
      const id = jobId(c);
      await readEmptyBody(c);
      return sendResult(c, await backfill.resume(c.get('session'), id));
    })
    .post(backfillApi.cancel.path, admin, async (c) => {
      const id = jobId(c);
      await readEmptyBody(c);
      return sendResult(c, await backfill.cancel(c.get('session'), id));
    });
}
