import {
  CreateAccountRequest,
  CreateItemRequest,
  CreateTaxCodeRequest,
  mappingApi,
  SaveMappingRequest,
} from '@exoserva/contracts';
import { Hono } from 'hono';
import type { AppEnv } from '../http/app-env.ts';
import { readEmptyBody, readJson, sendResult } from '../http/respond.ts';
import { requireSession } from '../http/session.middleware.ts';
import type { SessionVerifier } from '../ports/session-verifier.ts';
import type { MappingService } from '../services/mapping.service.ts';

/** GUIDE step 3: the chart-of-accounts mapping (contracts mappingApi), admins only. */
export function mappingRoutes(verifier: SessionVerifier, mapping: MappingService) {
  const admin = requireSession(verifier, { admin: true });
  return new Hono<AppEnv>()
    .get(mappingApi.get.path, admin, async (c) => sendResult(c, await mapping.getState(c.get('session'))))
    .post(mappingApi.refresh.path, admin, async (c) => {
      await readEmptyBody(c);
      return sendResult(c, await mapping.getState(c.get('session'), { fresh: true }));
    })
    .post(mappingApi.save.path, admin, async (c) => {
      const body = await readJson(c, SaveMappingRequest);
      return sendResult(c, await mapping.save(c.get('session'), body));
    })
    .post(mappingApi.createAccount.path, admin, async (c) => {
      const body = await readJson(c, CreateAccountRequest);
      return sendResult(c, await mapping.createAccount(c.get('session'), body), 201);
    })
    .post(mappingApi.createItem.path, admin, async (c) => {
      const body = await readJson(c, CreateItemRequest);
      return sendResult(c, await mapping.createItem(c.get('session'), body), 201);
    })
    .post(mappingApi.createTaxCode.path, admin, async (c) => {
      const body = await readJson(c, CreateTaxCodeRequest);
      return sendResult(c, await mapping.createTaxCode(c.get('session'), body), 201);
    });
}
