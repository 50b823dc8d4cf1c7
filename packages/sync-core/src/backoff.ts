/**
 * When to try again: exponential backoff with full jitter and a cap (spreads many workers' retries out so
 * they don't hit QuickBooks' 10-requests-per-second limit together), Intuit's Retry-After honoured, and a
 * limit after which a retryable failure becomes a person's problem. The random source is passed in.
 */
import type { SyncFailure } from '@exoserva/contracts';
import { THROTTLE_DEFAULT_DELAY_MS } from './fault-classifier.ts';
import { failure } from './result.ts';

/** A source of numbers in [0, 1), like Math.random. */
export type Random = () => number;

export interface BackoffPolicy {
  baseMs: number;
  capMs: number;
  /** Attempts in total, the first one included. */
  maxAttempts: number;
  /** Least wait after a 429 without Retry-After (Intuit: wait 60 s). */
  throttleFloorMs: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = {
  baseMs: 1_000,
  capMs: 5 * 60_000,
  maxAttempts: 8,
  throttleFloorMs: THROTTLE_DEFAULT_DELAY_MS,
};

/** Full jitter: uniform in [0, min(cap, base × 2^(attempt−1))]. attempt counts from 1. */
export function backoffDelayMs(
  attempt: number,
  random: Random,
  policy: BackoffPolicy = DEFAULT_BACKOFF,
): number {
  if (!Number.isInteger(attempt) || attempt < 1) throw new RangeError(`attempt must be ≥ 1, got ${attempt}`);
  const ceiling = Math.min(policy.capMs, policy.baseMs * 2 ** Math.min(attempt - 1, 52));
  return Math.floor(random() * (ceiling + 1));
}

export type RetryDecision =
  { action: 'retry'; delayMs: number; notBefore: number } | { action: 'give_up'; failure: SyncFailure };

/**
 * What to do after `attempt` attempts failed with `last`. Only retryable failures are retried; the others
 * are returned unchanged for a person (or a reconnect). `now` is epoch ms.
 */
export function nextRetry(
  last: SyncFailure,
  attempt: number,
  now: number,
  random: Random,
  policy: BackoffPolicy = DEFAULT_BACKOFF,
): RetryDecision {
  if (last.kind !== 'retryable') return { action: 'give_up', failure: last };
  if (attempt >= policy.maxAttempts) {
    return {
      action: 'give_up',
      failure: failure(
        'needs_person',
        'retries_exhausted',
        `Still failing: ${last.title}`,
        `Exoserva tried ${attempt} times; the last problem was “${last.title}”. Press Retry later; if it keeps failing, contact support with the details below.`,
        {
          ...(last.intuit ? { intuit: last.intuit } : {}),
          details: { lastCode: last.code, attempts: attempt },
        },
      ),
    };
  }
  let delayMs = backoffDelayMs(attempt, random, policy);
  if (last.retryAfterMs !== undefined) delayMs = Math.max(delayMs, last.retryAfterMs);
  else if (last.code === 'throttled') delayMs = Math.max(delayMs, policy.throttleFloorMs);
  return { action: 'retry', delayMs, notBefore: now + delayMs };
}

/** mulberry32: a tiny seeded generator, so tests (and replays) see the same jitter every run. */
export function seededRandom(seed: number): Random {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}
