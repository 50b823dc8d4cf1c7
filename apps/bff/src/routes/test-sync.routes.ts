import { testSyncApi, TestSyncRunParams, TestSyncStartRequest } from '@exoserva/contracts';
import { Hono } from 'hono';
import type { AppEnv } from '../http/app-env.ts';
import { HttpError } from '../http/errors.ts';
import { readEmptyBody, readJson, sendResult } from '../http/respond.ts';
import { requireSession } from '../http/session.middleware.ts';
import type { SessionVerifier } from '../ports/session-verifier.ts';
import type { TestSyncService } from '../services/test-sync.service.ts';

/** The test sync (contracts testSyncApi), admins only: the latest run, start one, clean one up. */
export function testSyncRoutes(verifier: SessionVerifier, testSync: TestSyncService) {
  const admin = requireSession(verifier, { admin: true });
  return new Hono<AppEnv>()
    .get(testSyncApi.current.path, admin, async (c) => c.json(await testSync.current(c.get('session').tid)))
    .post(testSyncApi.start.path, admin, async (c) => {
      const body = await readJson(c, TestSyncStartRequest);
      return sendResult(c, await testSync.start(c.get('session'), body), 201);
    })
    .post(testSyncApi.cleanup.path, admin, async (c) => {
      const params = TestSyncRunParams.safeParse(c.req.param());
      if (!params.success)
        throw new HttpError({ code: 'validation_failed', message: 'Unknown test sync run' });
      await readEmptyBody(c);
      return sendResult(c, await testSync.cleanup(c.get('session'), params.data.id));
    });
}
