/**
 * Intuit's Accounting API throttles (REFERENCE §3.5): 500 requests/min per realm, 10/s and 10 concurrent
 * per realm+app, and for batch 40/min per realm+app and 120/min per realm. Windows slide on the sandbox
 * clock. Every request is counted, so tests and benchmarks can read the highest rates a client reached.
 */
import type { Clock } from '../clock.ts';

export interface ThrottleLimits {
  perRealmPerMinute: number;
  perAppPerSecond: number;
  concurrentPerApp: number;
  batchPerAppPerMinute: number;
  batchPerRealmPerMinute: number;
}

export const INTUIT_LIMITS: ThrottleLimits = {
  perRealmPerMinute: 500,
  perAppPerSecond: 10,
  concurrentPerApp: 10,
  batchPerAppPerMinute: 40,
  batchPerRealmPerMinute: 120,
};

export interface ThrottleStats {
  realmId: string;
  /** Requests admitted. */
  admitted: number;
  /** Requests answered 429 by the limits (forced throttling is not counted here). */
  throttled: number;
  inFlight: number;
  maxConcurrent: number;
  /** Highest number of admitted requests seen within any sliding second / minute. */
  maxPerSecond: number;
  maxPerMinute: number;
  maxBatchPerMinute: number;
}

export type Admission =
  | { ok: true; release(): void }
  | { ok: false; limit: 'per-minute' | 'per-second' | 'concurrency' | 'batch-per-app' | 'batch-per-realm' };

class Window {
  private stamps: number[] = [];
  constructor(private readonly ms: number) {}
  count(now: number): number {
    const from = now - this.ms;
    let drop = 0;
    while (drop < this.stamps.length && (this.stamps[drop] as number) <= from) drop++;
    if (drop) this.stamps.splice(0, drop);
    return this.stamps.length;
  }
  add(now: number): void {
    this.stamps.push(now);
  }
}

export class Throttle {
  private readonly windows = new Map<string, Window>();
  private readonly inFlight = new Map<string, number>();
  private readonly stats = new Map<string, ThrottleStats>();

  constructor(
    private readonly clock: Clock,
    public enabled = true,
    private readonly limits: ThrottleLimits = INTUIT_LIMITS,
  ) {}

  private window(key: string, ms: number): Window {
    let w = this.windows.get(key);
    if (!w) {
      w = new Window(ms);
      this.windows.set(key, w);
    }
    return w;
  }

  private statsFor(realmId: string): ThrottleStats {
    let s = this.stats.get(realmId);
    if (!s) {
      s = {
        realmId,
        admitted: 0,
        throttled: 0,
        inFlight: 0,
        maxConcurrent: 0,
        maxPerSecond: 0,
        maxPerMinute: 0,
        maxBatchPerMinute: 0,
      };
      this.stats.set(realmId, s);
    }
    return s;
  }

  /** `enforce` false still counts (for the stats) but never refuses: throttling off, globally or per company. */
  admit(input: { realmId: string; clientId: string; batch: boolean; enforce: boolean }): Admission {
    const now = this.clock.now();
    const { realmId, clientId } = input;
    const app = `${realmId}|${clientId}`;
    const realmMinute = this.window(`m|${realmId}`, 60_000);
    const realmSecond = this.window(`s|${realmId}`, 1000);
    const appSecond = this.window(`s|${app}`, 1000);
    const batchApp = this.window(`b|${app}`, 60_000);
    const batchRealm = this.window(`b|${realmId}`, 60_000);
    const stats = this.statsFor(realmId);
    const concurrent = this.inFlight.get(app) ?? 0;

    if (input.enforce && this.enabled) {
      const l = this.limits;
      let limit: Exclude<Admission, { ok: true }>['limit'] | undefined;
      if (realmMinute.count(now) >= l.perRealmPerMinute) limit = 'per-minute';
      else if (appSecond.count(now) >= l.perAppPerSecond) limit = 'per-second';
      else if (concurrent >= l.concurrentPerApp) limit = 'concurrency';
      else if (input.batch && batchApp.count(now) >= l.batchPerAppPerMinute) limit = 'batch-per-app';
      else if (input.batch && batchRealm.count(now) >= l.batchPerRealmPerMinute) limit = 'batch-per-realm';
      if (limit) {
        stats.throttled++;
        return { ok: false, limit };
      }
    }

    realmMinute.add(now);
    realmSecond.add(now);
    appSecond.add(now);
    if (input.batch) {
      batchApp.add(now);
      batchRealm.add(now);
      stats.maxBatchPerMinute = Math.max(stats.maxBatchPerMinute, batchRealm.count(now));
    }
    stats.admitted++;
    stats.maxPerMinute = Math.max(stats.maxPerMinute, realmMinute.count(now));
    stats.maxPerSecond = Math.max(stats.maxPerSecond, realmSecond.count(now));
    this.inFlight.set(app, concurrent + 1);
    stats.inFlight++;
    stats.maxConcurrent = Math.max(stats.maxConcurrent, stats.inFlight);
    let released = false;
    return {
      ok: true,
      release: () => {
        if (released) return;
        released = true;
        this.inFlight.set(app, (this.inFlight.get(app) ?? 1) - 1);
        stats.inFlight--;
      },
    };
  }

  /** Counts a 429 that fault injection forced, so stats show it. */
  recordForced(realmId: string): void {
    this.statsFor(realmId).throttled++;
  }

  statsOf(realmId: string): ThrottleStats {
    return { ...this.statsFor(realmId) };
  }

  allStats(): ThrottleStats[] {
    return [...this.stats.values()].map((s) => ({ ...s }));
  }

  /** Forget windows and counters (not requests still in flight). */
  resetCounters(): void {
    this.windows.clear();
    for (const s of this.stats.values()) {
      Object.assign(s, {
        admitted: 0,
        throttled: 0,
        maxConcurrent: s.inFlight,
        maxPerSecond: 0,
        maxPerMinute: 0,
        maxBatchPerMinute: 0,
      });
    }
  }
}
