import { describe, expect, it } from 'vitest';
import { seededRandom } from './backoff.ts';
import { largestRemainder } from './refund-allocation.ts';

describe('largestRemainder', () => {
  it('gives each part the floor of its share and the leftover cents to the largest fractions', () => {
    // 100 over [1, 1, 1]: 33.33… each; one cent left goes to the first (ties to the earlier part).
    expect(largestRemainder([1, 1, 1], 100)).toEqual([34, 33, 33]);
    expect(largestRemainder([50, 30, 20], 10)).toEqual([5, 3, 2]);
  });

  it('handles a negative part (a discount) and returns everything that is left when asked for all of it', () => {
    expect(largestRemainder([14250, 3840, -1809, 1180], 17461)).toEqual([14250, 3840, -1809, 1180]);
    const shares = largestRemainder([14250, 3840, -1809, 1180], 3840);
    expect(shares.reduce((s, c) => s + c, 0)).toBe(3840);
  });

  it('always adds up exactly and stays within a cent of each exact share (10,000 random cases)', () => {
    const random = seededRandom(18);
    for (let i = 0; i < 10_000; i++) {
      const parts = Array.from({ length: 1 + Math.floor(random() * 6) }, () =>
        Math.floor(random() * 100_000),
      );
      const discount = -Math.floor(random() * (parts.reduce((s, c) => s + c, 0) / 2));
      const all = [...parts, discount];
      const total = all.reduce((s, c) => s + c, 0);
      if (total <= 0) continue;
      const target = 1 + Math.floor(random() * total);
      const shares = largestRemainder(all, target);
      expect(shares.reduce((s, c) => s + c, 0)).toBe(target);
      shares.forEach((share, j) => {
        const exact = ((all[j] as number) * target) / total;
        expect(Math.abs(share - exact)).toBeLessThan(1);
      });
    }
  });
});
