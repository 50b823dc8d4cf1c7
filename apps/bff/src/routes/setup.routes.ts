import { setupApi } from '@exoserva/contracts';
import { Hono } from 'hono';
import type { AppEnv } from '../http/app-env.ts';
import { requireSession } from '../http/session.middleware.ts';
import type { SessionVerifier } from '../ports/session-verifier.ts';
import type { SetupProgressService } from '../services/setup-progress.service.ts';

/** The guide's setup progress for the wizard's step list (contracts setupApi), admins only. */
export function setupRoutes(verifier: SessionVerifier, setup: SetupProgressService) {
  const admin = requireSession(verifier, { admin: true });
  return new Hono<AppEnv>().get(setupApi.progress.path, admin, async (c) =>
    c.json(await setup.progress(c.get('session').tid)),
  );
}
