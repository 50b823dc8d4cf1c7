import { LinkRecordRequest, ReconcileRequest, ResyncParams } from '@exoserva/contracts';
import { Hono } from 'hono';
import type { AppEnv } from '../http/app-env.ts';
import { HttpError } from '../http/errors.ts';
import { readEmptyBody, readJson, sendResult } from '../http/respond.ts';
import { requireSession } from '../http/session.middleware.ts';
import type { SessionVerifier } from '../ports/session-verifier.ts';
import type { ReconciliationService } from '../services/reconciliation.service.ts';

/** The monthly reconciliation (contracts reconciliationApi), admins only. */
export function reconciliationRoutes(verifier: SessionVerifier, reconciliation: ReconciliationService) {
  const admin = requireSession(verifier, { admin: true });
  return new Hono<AppEnv>()
    .get('/api/v1/reconciliation', admin, async (c) =>
      c.json(await reconciliation.overview(c.get('session').tid)),
    )
    .post('/api/v1/reconciliation/runs', admin, async (c) => {
      const body = await readJson(c, ReconcileRequest);
      return sendResult(c, await reconciliation.run(c.get('session'), body.month));
    })
    .post('/api/v1/reconciliation/records/:kind/:id/resync', admin, async (c) => {
      const params = ResyncParams.safeParse(c.req.param());
      if (!params.success) {
        throw new HttpError({ code: 'validation_failed', message: 'Unknown record kind or id' });
      }
      await readEmptyBody(c);
      return sendResult(c, await reconciliation.resync(c.get('session'), params.data.kind, params.data.id));
    })
    .post('/api/v1/reconciliation/links', admin, async (c) => {
      const body = await readJson(c, LinkRecordRequest);
      return sendResult(c, await reconciliation.link(c.get('session'), body));
    });
}
