import { ReleaseHeldRequest, SyncRecordParams, SyncSettingsRequest } from '@exoserva/contracts';
import { Hono } from 'hono';
import type { AppEnv } from '../http/app-env.ts';
import { HttpError } from '../http/errors.ts';
import { readEmptyBody, readJson, sendResult } from '../http/respond.ts';
import { hasUnsafeText } from '../http/safe-text.ts';
import { requireSession } from '../http/session.middleware.ts';
import type { SessionVerifier } from '../ports/session-verifier.ts';
import type { SyncService } from '../services/sync.service.ts';

/** The admin sync endpoints (contracts syncApi): summary, failures, auto-sync, Sync Now, held records. */
export function syncRoutes(verifier: SessionVerifier, sync: SyncService) {
  const admin = requireSession(verifier, { admin: true });
  return new Hono<AppEnv>()
    .get('/api/v1/sync/summary', admin, async (c) => c.json(await sync.summary(c.get('session').tid)))
    .get('/api/v1/sync/failures', admin, async (c) => c.json(await sync.failures(c.get('session').tid)))
    .put('/api/v1/sync/settings', admin, async (c) => {
      const body = await readJson(c, SyncSettingsRequest);
      return sendResult(c, await sync.setAutoSync(c.get('session'), body));
    })
    .post('/api/v1/sync/run', admin, async (c) => {
      await readEmptyBody(c);
      return c.json(await sync.runTenant(c.get('session')));
    })
    .get('/api/v1/sync/held', admin, async (c) => c.json(await sync.held(c.get('session').tid)))
    .post('/api/v1/sync/held/release', admin, async (c) => {
      const body = await readJson(c, ReleaseHeldRequest);
      if (hasUnsafeText(body)) {
        throw new HttpError({ code: 'validation_failed', message: 'Unknown record kind or id' });
      }
      return sendResult(c, await sync.releaseHeld(c.get('session'), body));
    })
    .post('/api/v1/sync/records/:kind/:id/run', admin, async (c) => {
      const params = SyncRecordParams.safeParse(c.req.param());
      if (!params.success || hasUnsafeText(params.data)) {
        throw new HttpError({ code: 'validation_failed', message: 'Unknown record kind or id' });
      }
      await readEmptyBody(c);
      return sendResult(c, await sync.runRecord(c.get('session'), params.data.kind, params.data.id));
    });
}
