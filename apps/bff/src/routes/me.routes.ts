import { ADMIN_ROLES, type MeResponse } from '@exoserva/contracts';
import { Hono } from 'hono';
import type { AppEnv } from '../http/app-env.ts';
import { requireSession } from '../http/session.middleware.ts';
import type { SessionVerifier } from '../ports/session-verifier.ts';

export function meRoutes(verifier: SessionVerifier) {
  return new Hono<AppEnv>().get('/api/v1/me', requireSession(verifier, { admin: false }), (c) => {
    const s = c.get('session');
    const body: MeResponse = {
      userId: s.sub,
      tenantId: s.tid,
      role: s.role,
      name: s.name ?? null,
      tenantName: s.tenantName ?? null,
      canManage: ADMIN_ROLES.includes(s.role),
    };
    return c.json(body);
  });
}
