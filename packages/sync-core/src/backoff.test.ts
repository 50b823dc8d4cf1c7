import { describe, expect, it } from 'vitest';
import { backoffDelayMs, DEFAULT_BACKOFF, nextRetry, seededRandom } from './backoff.ts';
import { failure } from './result.ts';

const NOW = Date.parse('2026-03-02T17:00:00Z');
const unavailable = failure(
  'retryable',
  'qbo_unavailable',
  'QuickBooks is unavailable',
  'Retries automatically.',
);

describe('backoffDelayMs', () => {
  it('stays within the exponential ceiling for each attempt', () => {
    const random = seededRandom(42);
    for (let attempt = 1; attempt <= 20; attempt++) {
      const ceiling = Math.min(DEFAULT_BACKOFF.capMs, DEFAULT_BACKOFF.baseMs * 2 ** (attempt - 1));
      for (let i = 0; i < 200; i++) {
        const delay = backoffDelayMs(attempt, random);
        expect(delay).toBeGreaterThanOrEqual(0);
        expect(delay).toBeLessThanOrEqual(ceiling);
      }
    }
  });

  it('never waits longer than the cap, however many attempts', () => {
    expect(backoffDelayMs(1000, () => 0.999999)).toBeLessThanOrEqual(DEFAULT_BACKOFF.capMs);
  });

  it('spreads retries out with full jitter', () => {
    const random = seededRandom(1);
    const delays = new Set(Array.from({ length: 50 }, () => backoffDelayMs(6, random)));
    expect(delays.size).toBeGreaterThan(40);
  });

  it('gives the same delays for the same seed', () => {
    const a = seededRandom(99);
    const b = seededRandom(99);
    expect([1, 2, 3, 4].map((n) => backoffDelayMs(n, a))).toEqual(
      [1, 2, 3, 4].map((n) => backoffDelayMs(n, b)),
    );
  });

  it('refuses attempt numbers below one', () => {
    expect(() => backoffDelayMs(0, Math.random)).toThrow(RangeError);
  });
});

describe('nextRetry', () => {
  it('retries a retryable failure after a jittered delay, counted from the clock passed in', () => {
    const decision = nextRetry(unavailable, 3, NOW, () => 0.5);
    expect(decision).toEqual({ action: 'retry', delayMs: 2000, notBefore: NOW + 2000 });
  });

  it('waits at least as long as Intuit’s Retry-After', () => {
    const throttled = failure('retryable', 'throttled', 'QuickBooks is busy', '…', { retryAfterMs: 30_000 });
    expect(nextRetry(throttled, 1, NOW, () => 0.5)).toMatchObject({ action: 'retry', delayMs: 30_000 });
  });

  it('waits Intuit’s 60 seconds after a 429 that gave no Retry-After', () => {
    const throttled = failure('retryable', 'throttled', 'QuickBooks is busy', '…');
    expect(nextRetry(throttled, 1, NOW, () => 0)).toMatchObject({ delayMs: 60_000 });
  });

  it('hands a retryable failure to a person once the attempts run out', () => {
    const decision = nextRetry(unavailable, DEFAULT_BACKOFF.maxAttempts, NOW, () => 0.5);
    expect(decision).toMatchObject({
      action: 'give_up',
      failure: {
        kind: 'needs_person',
        code: 'retries_exhausted',
        title: 'Still failing: QuickBooks is unavailable',
        details: { lastCode: 'qbo_unavailable', attempts: 8 },
      },
    });
  });

  it('never retries a failure that needs a person or a reconnect', () => {
    const conflict = failure('needs_person', 'customer_name_conflict', 'Customer name conflict', '…');
    const reauth = failure('reconnect', 'reauth_required', 'Reconnect QuickBooks', '…');
    expect(nextRetry(conflict, 1, NOW, Math.random)).toEqual({ action: 'give_up', failure: conflict });
    expect(nextRetry(reauth, 1, NOW, Math.random)).toEqual({ action: 'give_up', failure: reauth });
  });
});
