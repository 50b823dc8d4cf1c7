import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Clock } from '../ports/clock.ts';
import type { Database } from '../ports/database.ts';
import { qboRateStore, type RateLimits } from '../stores/qbo-rate-store.ts';

/**
 * Intuit's limits per company (REFERENCE §3.5): 500 requests/min, 10/s and 10 concurrent per realm and
 * app, 40 batch requests/min. The defaults keep a margin under the per-second and per-minute windows
 * because Intuit counts on arrival and we count just before sending.
 */
export const DEFAULT_RATE_LIMITS: RateLimits = {
  // 8, not 9: calls admitted a second apart can arrive bunched (a busy event loop, the network), and each 429
  // wastes a request of the minute's budget. 8/s still covers 480/min.
  perSecond: 8,
  perMinute: 480,
  concurrent: 10,
  batchPerMinute: 38,
};

export interface RateSlot {
  release(): Promise<void>;
}

export interface QboRateLimiter {
  /** Waits for a slot (every instance shares the windows through the database). */
  acquire(realmId: string, options?: { batch?: boolean }): Promise<RateSlot>;
  /** A slot now, or how long until one frees (batch callers fall back to single requests meanwhile). */
  tryAcquire(
    realmId: string,
    options?: { batch?: boolean },
  ): Promise<RateSlot | { retryInMs: number; limit: keyof RateLimits }>;
  readonly limits: RateLimits;
}

export function createQboRateLimiter(options: {
  db: Database;
  clock: Clock;
  limits?: Partial<RateLimits>;
  /** How long an unreleased in-flight slot counts (a crashed instance's calls stop counting after it). */
  inFlightMs?: number;
}): QboRateLimiter {
  const limits = { ...DEFAULT_RATE_LIMITS, ...options.limits };
  const inFlightMs = options.inFlightMs ?? 45_000;

  async function tryAcquire(
    realmId: string,
    opts: { batch?: boolean } = {},
  ): Promise<RateSlot | { retryInMs: number; limit: keyof RateLimits }> {
    const callId = randomUUID();
    const admission = await qboRateStore.tryAdmit(options.db, {
      realmId,
      callId,
      batch: opts.batch ?? false,
      nowMs: options.clock.now(),
      inFlightMs,
      limits,
    });
    if (!admission.ok) return { retryInMs: admission.retryInMs, limit: admission.limit };
    let released = false;
    return {
      async release() {
        if (released) return;
        released = true;
        await qboRateStore.release(options.db, realmId, callId).catch(() => undefined);
      },
    } satisfies RateSlot;
  }

  return {
    limits,
    tryAcquire,
    async acquire(realmId, opts = {}) {
      for (;;) {
        const slot = await tryAcquire(realmId, opts);
        if ('release' in slot) return slot;
        // Not admitted: wait for the window to move.
        // A little jitter so instances waiting on the same window don't all retry in the same millisecond.
        await sleep(Math.min(slot.retryInMs, 1000) + Math.floor(Math.random() * 15));
      }
    },
  };
}

/**
 * A QuickBooks port whose every call waits for a slot of the company's shared limiter first (issue 21: the
 * wizard's page loads used to bypass it, get throttled with 3001, and spend the budget the sync engine counts
 * on). Every method of these ports takes the company (`{ realmId }`) as its first argument.
 */
export function rateLimited<T extends object>(port: T, limiter: QboRateLimiter): T {
  return new Proxy(port, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver) as unknown;
      if (typeof value !== 'function') return value;
      return async (...args: unknown[]) => {
        const realmId = (args[0] as { realmId?: unknown } | undefined)?.realmId;
        if (typeof realmId !== 'string') return (value as (...a: unknown[]) => unknown).apply(target, args);
        const slot = await limiter.acquire(realmId);
        try {
          return await (value as (...a: unknown[]) => Promise<unknown>).apply(target, args);
        } finally {
          await slot.release();
        }
      };
    },
  });
}
