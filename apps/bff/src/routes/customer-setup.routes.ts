import { mappingApi, SaveMatchesRequest, SetDirectionRequest } from '@exoserva/contracts';
import { Hono } from 'hono';
import type { AppEnv } from '../http/app-env.ts';
import { readJson, sendResult } from '../http/respond.ts';
import { requireSession } from '../http/session.middleware.ts';
import type { SessionVerifier } from '../ports/session-verifier.ts';
import type { CustomerSetupService } from '../services/customer-setup.service.ts';

/** GUIDE step 4: customer sync direction and matching existing customers (contracts mappingApi), admins only. */
export function customerSetupRoutes(verifier: SessionVerifier, customers: CustomerSetupService) {
  const admin = requireSession(verifier, { admin: true });
  return new Hono<AppEnv>()
    .get(mappingApi.getDirection.path, admin, async (c) =>
      c.json(await customers.getDirection(c.get('session'))),
    )
    .post(mappingApi.setDirection.path, admin, async (c) => {
      const body = await readJson(c, SetDirectionRequest);
      return sendResult(c, await customers.setDirection(c.get('session'), body));
    })
    .get(mappingApi.getMatches.path, admin, async (c) =>
      sendResult(c, await customers.getMatches(c.get('session'))),
    )
    .post(mappingApi.saveMatches.path, admin, async (c) => {
      const body = await readJson(c, SaveMatchesRequest);
      return sendResult(c, await customers.saveMatches(c.get('session'), body));
    });
}
