import { SignJWT } from 'jose';
import type { SessionClaims } from '@exoserva/contracts';

export const TEST_SESSION_SECRET = 'test-session-secret-0123456789-abcdefghij';
export const TEST_KEY_B64 = Buffer.alloc(32, 7).toString('base64');
export const HOST_ORIGIN = 'http://host.test:5173';

/** A complete, valid BFF environment pointing at nothing real. */
export function testEnv(extra: Record<string, string | undefined> = {}): Record<string, string | undefined> {
  return {
    BFF_PORT: '0',
    BFF_PUBLIC_URL: 'http://bff.test:8787',
    PGLITE_DATA_DIR: 'memory://',
    SESSION_HS256_SECRET: TEST_SESSION_SECRET,
    CORS_ORIGINS: HOST_ORIGIN,
    TOKEN_ENCRYPTION_KEYS: `k1:${TEST_KEY_B64}`,
    QBO_ENVIRONMENT: 'sandbox',
    QBO_CLIENT_ID: 'test-client-id',
    QBO_CLIENT_SECRET: 'test-client-secret-value',
    HOST_APP_URL: HOST_ORIGIN,
    LOG_LEVEL: 'debug',
    ...extra,
  };
}

export async function signSession(
  claims: Partial<SessionClaims> & { role?: SessionClaims['role'] } = {},
  options: { secret?: string; nowSec?: number; ttlSec?: number } = {},
): Promise<string> {
  const iat = options.nowSec ?? Math.floor(Date.now() / 1000);
  const full = {
    sub: 'usr_olivia',
    tid: 'ten_summit',
    role: 'owner',
    name: 'Olivia Owner',
    tenantName: 'Summit HVAC',
    iat,
    exp: iat + (options.ttlSec ?? 900),
    ...claims,
  };
  return new SignJWT(full)
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .sign(new TextEncoder().encode(options.secret ?? TEST_SESSION_SECRET));
}
