import type { MiddlewareHandler } from 'hono';
import type { Clock } from '../ports/clock.ts';
import type { SessionVerifier } from '../ports/session-verifier.ts';
import type { AppEnv } from './app-env.ts';
import { HttpError } from './errors.ts';
import { verifyOnce } from './verify-once.ts';

const BEARER = /^Bearer\s+(\S+)\s*$/i;

/**
 * A token bucket per session (tenant + user): `perMinute` requests of burst, refilled at `perMinute` per
 * minute. In memory, per instance: N instances behind a balancer allow up to N × the limit. Requests
 * without a valid session are not counted here (they are refused by the session check anyway), so a forged
 * token can't drain someone else's bucket.
 */
export function sessionRateLimit(options: {
  verifier: SessionVerifier;
  clock: Clock;
  perMinute: number;
  onLimited?: () => void;
  /** Buckets kept at most; the least recently used go first (a full bucket is the same as a new one). */
  maxBuckets?: number;
}): MiddlewareHandler<AppEnv> {
  const { perMinute } = options;
  const maxBuckets = options.maxBuckets ?? 100_000;
  const buckets = new Map<string, { tokens: number; at: number }>();
  const refillPerMs = perMinute / 60_000;
  return async (c, next) => {
    const match = BEARER.exec(c.req.header('authorization') ?? '');
    if (perMinute <= 0 || !match) return next();
    const verified = await verifyOnce(c, options.verifier, match[1] as string);
    if (!verified.ok) return next();
    const key = `${verified.value.tid}\u0000${verified.value.sub}`;
    const now = options.clock.now();
    const prev = buckets.get(key);
    const tokens = prev ? Math.min(perMinute, prev.tokens + (now - prev.at) * refillPerMs) : perMinute;
    buckets.delete(key); // re-insert: Map order is the LRU order
    if (tokens < 1) {
      buckets.set(key, { tokens, at: now });
      options.onLimited?.();
      const retryAfter = Math.max(1, Math.ceil((1 - tokens) / refillPerMs / 1000));
      c.header('retry-after', String(retryAfter));
      c.get('log').warn('http.rate_limited', {
        tenantId: verified.value.tid,
        userId: verified.value.sub,
        retryAfter,
      });
      throw new HttpError({
        code: 'rate_limited',
        message: `Too many requests for this session. Try again in ${retryAfter} s.`,
        details: { retryAfterSeconds: retryAfter },
      });
    }
    buckets.set(key, { tokens: tokens - 1, at: now });
    if (buckets.size > maxBuckets) buckets.delete(buckets.keys().next().value as string);
    await next();
  };
}
