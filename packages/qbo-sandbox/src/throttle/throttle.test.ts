import { describe, expect, it } from 'vitest';
import { createManualClock } from '../clock.ts';
import { Throttle } from './throttle.ts';

const request = { realmId: 'r1', clientId: 'app', batch: false, enforce: true };

describe('Throttle', () => {
  it('allows 500 requests a minute per realm, then refuses until the window slides', () => {
    const clock = createManualClock();
    const throttle = new Throttle(clock);
    for (let i = 0; i < 500; i++) {
      // 9 per second stays under the per-second limit.
      if (i % 9 === 0) clock.advance(1000);
      const admission = throttle.admit(request);
      expect(admission.ok).toBe(true);
      if (admission.ok) admission.release();
    }
    clock.advance(1000);
    expect(throttle.admit(request)).toEqual({ ok: false, limit: 'per-minute' });
    clock.advance(60_000);
    expect(throttle.admit(request).ok).toBe(true);
    expect(throttle.statsOf('r1')).toMatchObject({ maxPerMinute: 500, throttled: 1 });
  });

  it('allows ten concurrent requests per realm and app', () => {
    const clock = createManualClock();
    const throttle = new Throttle(clock);
    const held = [];
    for (let i = 0; i < 10; i++) {
      clock.advance(150);
      held.push(throttle.admit(request));
    }
    clock.advance(1000);
    expect(throttle.admit(request)).toEqual({ ok: false, limit: 'concurrency' });
    // Another app on the same realm has its own concurrency allowance.
    expect(throttle.admit({ ...request, clientId: 'other' }).ok).toBe(true);
    for (const h of held) if (h.ok) h.release();
    expect(throttle.admit(request).ok).toBe(true);
    expect(throttle.statsOf('r1').maxConcurrent).toBe(11);
  });

  it('allows 40 batch requests a minute per realm and app', () => {
    const clock = createManualClock();
    const throttle = new Throttle(clock);
    for (let i = 0; i < 40; i++) {
      clock.advance(1000);
      const a = throttle.admit({ ...request, batch: true });
      expect(a.ok).toBe(true);
      if (a.ok) a.release();
    }
    clock.advance(1000);
    expect(throttle.admit({ ...request, batch: true })).toEqual({ ok: false, limit: 'batch-per-app' });
    expect(throttle.admit(request).ok).toBe(true);
  });

  it('counts but never refuses when throttling is off', () => {
    const clock = createManualClock();
    const throttle = new Throttle(clock, false);
    for (let i = 0; i < 50; i++) expect(throttle.admit(request).ok).toBe(true);
    expect(throttle.statsOf('r1')).toMatchObject({ admitted: 50, maxPerSecond: 50, maxConcurrent: 50 });
  });
});
