import { Hono } from 'hono';
import { z } from 'zod';
import { errorResponse, validationFailed, type SandboxEnv } from '../errors.ts';
import type { ExoservaStore } from '../store.ts';

const UsersQuery = z.object({ tenantId: z.string().min(1).max(128) });

/** `GET /api/users?tenantId=`: the tenant's users with their roles. */
export function userRoutes(deps: { store: ExoservaStore }) {
  return new Hono<SandboxEnv>().get('/api/users', (c) => {
    const parsed = UsersQuery.safeParse(c.req.query());
    if (!parsed.success) return validationFailed(c, parsed.error);
    if (!deps.store.getTenant(parsed.data.tenantId)) {
      return errorResponse(c, 404, 'not_found', `No tenant ${parsed.data.tenantId}.`);
    }
    return c.json({ users: deps.store.listUsers(parsed.data.tenantId) });
  });
}
