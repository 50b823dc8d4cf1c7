import { describe, expect, it } from 'vitest';
import { centsToString, decimalToCents, parseDecimal, percentOf, productCents, prorate } from './money.ts';

describe('money', () => {
  it('parses JSON numbers and strings exactly', () => {
    expect(parseDecimal(1.005)).toEqual({ n: 1005n, scale: 3 });
    expect(decimalToCents(parseDecimal(1.005)!)).toBe(101); // a float would give 100
    expect(decimalToCents(parseDecimal('19.99')!)).toBe(1999);
    expect(decimalToCents(parseDecimal(1e21)!)).toBe(1e23);
    expect(parseDecimal('abc')).toBeUndefined();
    expect(parseDecimal({})).toBeUndefined();
  });

  it('multiplies quantity by unit price to the cent, half away from zero', () => {
    expect(productCents(parseDecimal(2.5)!, parseDecimal(95)!)).toBe(23750);
    expect(productCents(parseDecimal(3)!, parseDecimal(19.99)!)).toBe(5997);
    expect(productCents(parseDecimal(0.333)!, parseDecimal(10.05)!)).toBe(335);
  });

  it('applies percentages and prorations with integer rounding', () => {
    expect(percentOf(5397, parseDecimal(7.25)!)).toBe(391);
    expect(percentOf(29747, parseDecimal(10)!)).toBe(2975);
    expect(prorate(2975, 5997, 29747)).toBe(600);
    expect(percentOf(-1000, parseDecimal(7.25)!)).toBe(-73);
  });

  it('formats report money as strings with two decimals', () => {
    expect(centsToString(3750)).toBe('37.50');
    expect(centsToString(-300)).toBe('-3.00');
    expect(centsToString(5)).toBe('0.05');
  });
});
