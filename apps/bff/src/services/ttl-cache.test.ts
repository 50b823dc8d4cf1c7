import { describe, expect, it } from 'vitest';
import { createTtlCache } from './ttl-cache.ts';

describe('the short cache of what rarely changes', () => {
  it('loads once for concurrent readers and within the time to live, again after it or when invalidated', async () => {
    let now = 0;
    let loads = 0;
    const cache = createTtlCache<number>({ ttlMs: 1000, clock: { now: () => now } });
    const load = async () => ++loads;
    expect(await Promise.all([cache.get('a', load), cache.get('a', load), cache.get('a', load)])).toEqual([
      1, 1, 1,
    ]);
    now = 999;
    expect(await cache.get('a', load)).toBe(1);
    now = 1000;
    expect(await cache.get('a', load)).toBe(2);
    cache.invalidate('a');
    expect(await cache.get('a', load)).toBe(3);
    expect(await cache.get('b', load)).toBe(4);
  });

  it('keeps neither a failed load nor an answer it is told not to keep', async () => {
    const cache = createTtlCache<{ ok: boolean }>({ ttlMs: 60_000, clock: { now: () => 0 } });
    await expect(cache.get('a', () => Promise.reject(new Error('down')))).rejects.toThrow('down');
    let calls = 0;
    const failing = async () => ({ ok: ++calls > 1 });
    expect(await cache.get('a', failing, (r) => r.ok)).toEqual({ ok: false });
    expect(await cache.get('a', failing, (r) => r.ok)).toEqual({ ok: true });
    expect(await cache.get('a', failing, (r) => r.ok)).toEqual({ ok: true });
    expect(calls).toBe(2);
  });
});
