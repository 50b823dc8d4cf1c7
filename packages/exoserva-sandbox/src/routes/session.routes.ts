import { Hono } from 'hono';
import { z } from 'zod';
import { errorResponse, validationFailed, type SandboxEnv } from '../errors.ts';
import { DEMO_TENANT_ID } from '../seed.ts';
import type { SessionSigner } from '../session-signer.ts';
import type { ExoservaStore } from '../store.ts';

export const DevSessionRequest = z
  .object({
    role: z.enum(['owner', 'tenant_admin', 'technician']),
    tenantId: z.string().min(1).max(128).optional(),
  })
  .strict();
export type DevSessionRequest = z.infer<typeof DevSessionRequest>;

/**
 * `POST /api/dev/session`: sign in as the seeded user holding a role, no password. Stands in for the real
 * shell's login; the token it returns is what the host hands the wizard.
 */
export function sessionRoutes(deps: { store: ExoservaStore; issueSession: SessionSigner }) {
  return new Hono<SandboxEnv>().post('/api/dev/session', async (c) => {
    const body: unknown = await c.req.json().catch(() => undefined);
    const parsed = DevSessionRequest.safeParse(body);
    if (!parsed.success) return validationFailed(c, parsed.error);

    const tenantId = parsed.data.tenantId ?? DEMO_TENANT_ID;
    const tenant = deps.store.getTenant(tenantId);
    if (!tenant) return errorResponse(c, 404, 'not_found', `No tenant ${tenantId}.`);
    const user = deps.store.findUserByRole(tenant.id, parsed.data.role);
    if (!user) {
      return errorResponse(c, 404, 'not_found', `${tenant.name} has no user with role ${parsed.data.role}.`);
    }

    const session = await deps.issueSession(user, tenant);
    return c.json({
      token: session.token,
      expiresAt: session.expiresAt,
      user: { id: user.id, name: user.name, role: user.role },
      tenant: { id: tenant.id, name: tenant.name },
    });
  });
}
