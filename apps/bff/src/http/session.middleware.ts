import { ADMIN_ROLES } from '@exoserva/contracts';
import type { MiddlewareHandler } from 'hono';
import type { SessionVerifier } from '../ports/session-verifier.ts';
import type { AppEnv } from './app-env.ts';
import { HttpError } from './errors.ts';
import { verifyOnce } from './verify-once.ts';

const BEARER = /^Bearer\s+(\S+)\s*$/i;

/**
 * Requires `Authorization: Bearer <session JWT>`; with `admin`, also the owner or tenant_admin role.
 * Refusals are logged with the reason, never with the token.
 */
export function requireSession(
  verifier: SessionVerifier,
  options: { admin: boolean },
): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const log = c.get('log');
    const header = c.req.header('authorization');
    const match = header ? BEARER.exec(header) : null;
    if (!match) {
      log.warn('auth.refused', { reason: header ? 'malformed' : 'missing', path: c.req.path });
      throw new HttpError({
        code: 'unauthenticated',
        message: header
          ? 'The Authorization header must be "Bearer <session token>"'
          : 'A session token is required',
      });
    }
    const result = await verifyOnce(c, verifier, match[1] as string);
    if (!result.ok) {
      log.warn('auth.refused', { reason: result.error.reason, path: c.req.path });
      throw new HttpError({ code: 'unauthenticated', message: result.error.message });
    }
    const session = result.value;
    if (options.admin && !ADMIN_ROLES.includes(session.role)) {
      log.warn('auth.forbidden', {
        userId: session.sub,
        tenantId: session.tid,
        role: session.role,
        path: c.req.path,
      });
      throw new HttpError({
        code: 'forbidden',
        message: 'Only an Owner or a Tenant Administrator can manage the QuickBooks integration',
      });
    }
    c.set('session', session);
    await next();
  };
}
