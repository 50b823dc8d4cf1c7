import { describe, expect, it } from 'vitest';
import { FaultInjector, intuitLatencyMs, LATENCY_MODEL } from './fault-injector.ts';

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
    const errors = decisions.filter((d) => d.error);
    expect(errors.length / 2000).toBeGreaterThan(0.15);
    expect(errors.length / 2000).toBeLessThan(0.25);
    expect(new Set(errors.map((d) => d.error?.status))).toEqual(new Set([500, 503]));
    expect(new Set(errors.map((d) => d.error?.shape))).toEqual(new Set(['json']));
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
    expect(faults.forRequest('r1')).toEqual({
      latencyMs: 0,
      throttle: false,
      throttleBody: 'json',
      drop: false,
      requestIds: 'replay',
    });
    faults.set('r1', { throttle: true });
    faults.clear('r1');
    expect(faults.forRequest('r1').throttle).toBe(false);
    expect(faults.forTokenEndpoint(undefined)).toEqual({ down: false });
  });

  it('answers outages in the shapes Intuit’s load balancer and gateway use', () => {
    const faults = new FaultInjector();
    faults.set('r1', { seed: 3, errorRate: 1, errorShape: 'outages' });
    const shapes = new Set(
      Array.from({ length: 300 }, () => faults.forRequest('r1').error).map((e) => `${e?.status} ${e?.shape}`),
    );
    expect(shapes).toEqual(new Set(['502 html', '503 html', '500 json-003100']));
  });

  it('draws Intuit-like latency: hundreds of milliseconds, batches longer, a long tail', () => {
    const faults = new FaultInjector();
    faults.set('r1', { seed: 5, latencyModel: 'intuit' });
    const reads = Array.from({ length: 4000 }, () => faults.forRequest('r1', 'read').latencyMs).sort(
      (a, b) => a - b,
    );
    const median = reads[2000] as number;
    expect(median).toBeGreaterThan(LATENCY_MODEL.medianMs.read * 0.9);
    expect(median).toBeLessThan(LATENCY_MODEL.medianMs.read * 1.1);
    const p95 = reads[3800] as number;
    expect(p95 / median).toBeGreaterThan(1.8);
    expect(p95 / median).toBeLessThan(2.4);
    expect(intuitLatencyMs('batch', 30, 0.5, 0.25)).toBe(400 + 30 * 60);
  });
});
