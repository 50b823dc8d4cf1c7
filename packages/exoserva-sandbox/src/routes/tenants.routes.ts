import { Hono } from 'hono';
import { errorResponse, type SandboxEnv } from '../errors.ts';
import type { ExoservaStore } from '../store.ts';

/** `GET /api/tenants/:id`: a tenant's profile (name, currency, locale, time zone). */
export function tenantRoutes(deps: { store: ExoservaStore }) {
  return new Hono<SandboxEnv>().get('/api/tenants/:id', (c) => {
    const tenant = deps.store.getTenant(c.req.param('id'));
    if (!tenant) return errorResponse(c, 404, 'not_found', `No tenant ${c.req.param('id')}.`);
    return c.json(tenant);
  });
}
