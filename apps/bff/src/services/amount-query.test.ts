import { describe, expect, it } from 'vitest';
import { amountInCents } from './amount-query.ts';

describe('reading a search as an amount', () => {
  it('reads dollars and cents as typed, to the cent', () => {
    expect(amountInCents('142.50')).toBe(14_250);
    expect(amountInCents('$142.5')).toBe(14_250);
    expect(amountInCents(' $ 1,234.56 ')).toBe(123_456);
    expect(amountInCents('142')).toBe(14_200);
    expect(amountInCents('0.07')).toBe(7);
    expect(amountInCents('19.99')).toBe(1_999);
  });

  it('leaves numbers, names and ids that are not amounts alone', () => {
    for (const text of ['DFFC-1002', '1.999', '1,23.00', 'inv_1001', '12/07', '$', '', '-5.00', '1e3'])
      expect(amountInCents(text), text).toBeNull();
    expect(amountInCents('9999999999999')).toBeNull();
  });
});
