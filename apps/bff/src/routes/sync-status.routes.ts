import {
  BulkRetryRequest,
  FailureSearchRequest,
  IgnoreRequest,
  LinkCandidatesRequest,
  LinkRequest,
  RecordSearchRequest,
  SyncRecordParams,
} from '@exoserva/contracts';
import type { Context } from 'hono';
import { Hono } from 'hono';
import type { AppEnv } from '../http/app-env.ts';
import { HttpError } from '../http/errors.ts';
import { readEmptyBody, readJson, sendResult } from '../http/respond.ts';
import { hasUnsafeText } from '../http/safe-text.ts';
import { requireSession } from '../http/session.middleware.ts';
import type { SessionVerifier } from '../ports/session-verifier.ts';
import type { SyncStatusService } from '../services/sync-status.service.ts';

/** The record a `/api/v1/sync/records/:kind/:id/...` route is about, always within the caller's tenant. */
function recordKey(c: Context<AppEnv>) {
  const params = SyncRecordParams.safeParse(c.req.param());
  if (!params.success || hasUnsafeText(params.data)) {
    throw new HttpError({ code: 'validation_failed', message: 'Unknown record kind or id' });
  }
  return { tenantId: c.get('session').tid, kind: params.data.kind, recordId: params.data.id };
}

/** The Sync Status dashboard (contracts syncStatusApi): admins only, like every sync endpoint. */
export function syncStatusRoutes(verifier: SessionVerifier, status: SyncStatusService) {
  const admin = requireSession(verifier, { admin: true });
  return new Hono<AppEnv>()
    .get('/api/v1/sync/status', admin, async (c) => c.json(await status.dashboard(c.get('session').tid)))
    .get('/api/v1/sync/status/activity', admin, async (c) =>
      c.json(await status.activity(c.get('session').tid)),
    )
    .post('/api/v1/sync/records/search', admin, async (c) => {
      const body = await readJson(c, RecordSearchRequest);
      return c.json(await status.searchRecords(c.get('session').tid, body.query));
    })
    .post('/api/v1/sync/status/failures', admin, async (c) => {
      const body = await readJson(c, FailureSearchRequest);
      return c.json(await status.failures(c.get('session').tid, body));
    })
    .post('/api/v1/sync/status/retry', admin, async (c) => {
      const body = await readJson(c, BulkRetryRequest);
      return sendResult(c, await status.retry(c.get('session'), body));
    })
    .get('/api/v1/sync/records/:kind/:id/timeline', admin, async (c) =>
      sendResult(c, await status.timeline(recordKey(c))),
    )
    .post('/api/v1/sync/records/:kind/:id/ignore', admin, async (c) => {
      const key = recordKey(c);
      const body = await readJson(c, IgnoreRequest);
      return sendResult(c, await status.ignore(c.get('session'), key, body.reason));
    })
    .post('/api/v1/sync/records/:kind/:id/unignore', admin, async (c) => {
      const key = recordKey(c);
      await readEmptyBody(c);
      return sendResult(c, await status.unignore(c.get('session'), key));
    })
    .post('/api/v1/sync/records/:kind/:id/link-candidates', admin, async (c) => {
      const key = recordKey(c);
      const body = await readJson(c, LinkCandidatesRequest);
      return sendResult(c, await status.linkCandidates(key, body.search));
    })
    .post('/api/v1/sync/records/:kind/:id/link', admin, async (c) => {
      const key = recordKey(c);
      const body = await readJson(c, LinkRequest);
      return sendResult(c, await status.link(c.get('session'), key, body.qboCustomerId));
    });
}
