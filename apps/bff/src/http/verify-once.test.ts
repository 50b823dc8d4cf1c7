import type { SessionClaims } from '@exoserva/contracts';
import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import type { Logger } from '../logging/logger.ts';
import type { SessionVerifier } from '../ports/session-verifier.ts';
import type { AppEnv } from './app-env.ts';
import { sessionRateLimit } from './rate-limit.middleware.ts';
import { requireSession } from './session.middleware.ts';

const quiet: Logger = { debug() {}, info() {}, warn() {}, error() {}, child: () => quiet };
const claims: SessionClaims = { sub: 'u1', tid: 't1', role: 'owner', exp: 4_102_444_800 };

/** A verifier that accepts the token 'good' and counts every call, with the token it was given. */
function countingVerifier() {
  const calls: string[] = [];
  const verifier: SessionVerifier = {
    async verify(token) {
      calls.push(token);
      return token === 'good'
        ? { ok: true, value: claims }
        : { ok: false, error: { reason: 'bad_signature', message: 'bad token' } };
    },
  };
  return { verifier, calls };
}

function app(verifier: SessionVerifier) {
  const a = new Hono<AppEnv>();
  a.use('*', async (c, next) => {
    c.set('log', quiet);
    await next();
  });
  a.use('*', sessionRateLimit({ verifier, clock: { now: () => 0 }, perMinute: 100 }));
  a.get('/me', requireSession(verifier, { admin: true }), (c) => c.json({ tid: c.get('session').tid }));
  a.onError((_e, c) => c.json({ refused: true }, 401));
  return a;
}

describe('one token verification per request', () => {
  it('the rate limit and the session guard share one verification of the same token', async () => {
    const { verifier, calls } = countingVerifier();
    const a = app(verifier);
    const res = await a.request('/me', { headers: { authorization: 'Bearer good' } });
    expect(await res.json()).toEqual({ tid: 't1' });
    expect(calls).toEqual(['good']);
    // A second request verifies again: nothing is kept across requests.
    await a.request('/me', { headers: { authorization: 'Bearer good' } });
    expect(calls).toEqual(['good', 'good']);
  });

  it('a refused token is verified once and refused', async () => {
    const { verifier, calls } = countingVerifier();
    const res = await app(verifier).request('/me', { headers: { authorization: 'Bearer forged' } });
    expect(res.status).toBe(401);
    expect(calls).toEqual(['forged']);
  });
});
