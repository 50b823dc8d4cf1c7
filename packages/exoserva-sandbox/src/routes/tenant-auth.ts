import type { Role } from '@exoserva/contracts';
import type { MiddlewareHandler } from 'hono';
import { jwtVerify } from 'jose';
import type { Clock } from '../clock.ts';
import { errorResponse, type SandboxEnv } from '../errors.ts';
import type { ExoservaStore } from '../store.ts';

/** The header the BFF (a service, not a person) authenticates with. */
export const API_KEY_HEADER = 'x-exoserva-api-key';

export type TenantCaller = { kind: 'service' } | { kind: 'user'; userId: string; role: Role };
export type TenantAuthEnv = SandboxEnv & { Variables: SandboxEnv['Variables'] & { caller: TenantCaller } };

/**
 * Guards `/api/tenants/:tid/…`: the tenant must exist, and (with `apiKey` set) the caller sends the service
 * key in `x-exoserva-api-key` or a session token of the same tenant (the host's screens). Sets `caller`.
 */
export function tenantAuth(deps: {
  store: ExoservaStore;
  clock: Clock;
  sessionSecret: string;
  apiKey?: string | undefined;
}): MiddlewareHandler<TenantAuthEnv> {
  const key = new TextEncoder().encode(deps.sessionSecret);
  return async (c, next) => {
    const tenantId = c.req.param('tid') as string;
    if (!deps.store.getTenant(tenantId)) return errorResponse(c, 404, 'not_found', `No tenant ${tenantId}.`);
    const bearer = /^Bearer\s+(\S+)$/i.exec(c.req.header('authorization') ?? '')?.[1];
    if (bearer) {
      try {
        const { payload } = await jwtVerify(bearer, key, { currentDate: deps.clock.now() });
        if (payload.tid === tenantId) {
          c.set('caller', { kind: 'user', userId: String(payload.sub), role: payload.role as Role });
          return next();
        }
      } catch {
        // falls through
      }
    }
    if (!deps.apiKey || c.req.header(API_KEY_HEADER) === deps.apiKey) {
      c.set('caller', { kind: 'service' });
      return next();
    }
    return errorResponse(
      c,
      401,
      'unauthenticated',
      `Send ${API_KEY_HEADER} or a session token of this tenant.`,
    );
  };
}
