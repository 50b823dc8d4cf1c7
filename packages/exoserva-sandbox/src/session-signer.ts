import { SignJWT } from 'jose';
import type { SessionClaims } from '@exoserva/contracts';
import type { Clock } from './clock.ts';
import type { Tenant, User } from './store.ts';

export interface IssuedSession {
  token: string;
  claims: SessionClaims;
  expiresAt: string;
}

/**
 * Signs session tokens the way the Exoserva shell does: HS256 over exactly the contract's SessionClaims
 * (`sub`, `tid`, `role`, `name`, `tenantName`, `iat`, `exp`). The BFF verifies them with the same secret.
 */
export function createSessionSigner(options: { secret: string; ttlSeconds: number; clock: Clock }) {
  if (!options.secret) throw new Error('sessionSecret must not be empty');
  const key = new TextEncoder().encode(options.secret);

  return async function issue(user: User, tenant: Tenant): Promise<IssuedSession> {
    const iat = Math.floor(options.clock.now().getTime() / 1000);
    const claims: SessionClaims = {
      sub: user.id,
      tid: tenant.id,
      role: user.role,
      name: user.name,
      tenantName: tenant.name,
      iat,
      exp: iat + options.ttlSeconds,
    };
    const token = await new SignJWT({ ...claims }).setProtectedHeader({ alg: 'HS256', typ: 'JWT' }).sign(key);
    return { token, claims, expiresAt: new Date(claims.exp * 1000).toISOString() };
  };
}

export type SessionSigner = ReturnType<typeof createSessionSigner>;
