import { describe, expect, it } from 'vitest';
import { basisPoints, withinTolerance } from './tolerance.ts';

describe('within $1', () => {
  it('matches figures exactly one dollar apart, either way, and not one cent more', () => {
    expect(withinTolerance(10_000, 9_900)).toBe(true);
    expect(withinTolerance(9_900, 10_000)).toBe(true);
    expect(withinTolerance(10_000, 9_899)).toBe(false);
    expect(withinTolerance(0, -101)).toBe(false);
  });

  it('takes a stricter tolerance when asked', () => {
    expect(withinTolerance(10_000, 9_999, 0)).toBe(false);
    expect(withinTolerance(10_000, 10_000, 0)).toBe(true);
  });
});

describe('discrepancy share (rounding)', () => {
  it('gives basis points of revenue, rounding half up', () => {
    expect(basisPoints(150_00, 10_000_00)).toBe(150); // 1.5 %
    expect(basisPoints(1, 20_000)).toBe(1); // 0.5 bp rounds up
    expect(basisPoints(1, 30_000)).toBe(0); // 0.33 bp rounds down
    expect(basisPoints(-150_00, 10_000_00)).toBe(150); // a shortfall is as far off as an excess
  });

  it('has no share without revenue, and refuses fractional cents', () => {
    expect(basisPoints(500, 0)).toBeNull();
    expect(() => basisPoints(0.5, 100)).toThrow(TypeError);
  });

  it('stays exact for amounts far beyond a double’s integer-times-10,000 range', () => {
    expect(basisPoints(900_000_000_000_000, 900_000_000_000_000)).toBe(10_000);
  });
});
