import { describe, expect, it } from 'vitest';
import { FaultInjector } from './fault-injector.ts';

function run(seed: number, n = 200) {
  const faults = new FaultInjector();
  faults.set('r1', { seed, errorRate: 0.2, dropRate: 0.1 });
  return Array.from({ length: n }, () => faults.forRequest('r1'));
}

describe('FaultInjector', () => {
  it('replays the same faults from the same seed', () => {
    expect(run(42)).toEqual(run(42));
    expect(run(42)).not.toEqual(run(43));
  });

  it('hits roughly the configured rates with both 500 and 503', () => {
    const decisions = run(1, 2000);
    const errors = decisions.filter((d) => d.errorStatus);
    expect(errors.length / 2000).toBeGreaterThan(0.15);
    expect(errors.length / 2000).toBeLessThan(0.25);
    expect(new Set(errors.map((d) => d.errorStatus))).toEqual(new Set([500, 503]));
    const drops = decisions.filter((d) => d.drop).length / 2000;
    expect(drops).toBeGreaterThan(0.06);
    expect(drops).toBeLessThan(0.14);
  });

  it('restarts the sequence when the settings are posted again', () => {
    const faults = new FaultInjector();
    faults.set('r1', { seed: 9, errorRate: 0.5 });
    const first = Array.from({ length: 20 }, () => faults.forRequest('r1'));
    faults.set('r1', { seed: 9, errorRate: 0.5 });
    expect(Array.from({ length: 20 }, () => faults.forRequest('r1'))).toEqual(first);
  });

  it('does nothing for a company without settings, or after clearing', () => {
    const faults = new FaultInjector();
    expect(faults.forRequest('r1')).toEqual({ latencyMs: 0, throttle: false, drop: false });
    faults.set('r1', { throttle: true });
    faults.clear('r1');
    expect(faults.forRequest('r1').throttle).toBe(false);
    expect(faults.forTokenEndpoint(undefined)).toEqual({ down: false });
  });
});
