import type { Clock } from '../ports/clock.ts';

/**
 * A small per-process cache of what rarely changes (a company's chart of accounts, items and tax codes) for a
 * short time: a page load and the loads right after it read QuickBooks once. Concurrent misses share one
 * load; a failed load is not kept. Each instance has its own, so a value is at most `ttlMs` stale anywhere.
 */
export function createTtlCache<T>(options: { ttlMs: number; clock: Clock; maxEntries?: number }) {
  const entries = new Map<string, { at: number; value: Promise<T> }>();
  const max = options.maxEntries ?? 1000;
  return {
    async get(key: string, load: () => Promise<T>, keep: (value: T) => boolean = () => true): Promise<T> {
      const now = options.clock.now();
      const hit = entries.get(key);
      if (hit && now - hit.at < options.ttlMs) return hit.value;
      const value = load();
      entries.set(key, { at: now, value });
      if (entries.size > max) entries.delete(entries.keys().next().value as string);
      try {
        const settled = await value;
        if (!keep(settled)) entries.delete(key);
        return settled;
      } catch (err) {
        entries.delete(key);
        throw err;
      }
    },
    invalidate(key: string): void {
      entries.delete(key);
    },
  };
}
