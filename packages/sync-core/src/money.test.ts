import { describe, expect, it } from 'vitest';
import { seededRandom } from './backoff.ts';
import {
  centsToDecimalString,
  centsToQbo,
  formatDollars,
  lineProductCents,
  quantityFitsAmount,
  MAX_QBO_CENTS,
  qboToCents,
  qboToQuantityMilli,
  quantityMilliToQbo,
} from './money.ts';

describe('centsToQbo', () => {
  it.each([
    [14250, 142.5, '142.5'],
    [3840, 38.4, '38.4'],
    [17461, 174.61, '174.61'],
    [1, 0.01, '0.01'],
    [10, 0.1, '0.1'],
    [100, 1, '1'],
    [0, 0, '0'],
    [-1809, -18.09, '-18.09'],
    [-5, -0.05, '-0.05'],
    [123456789012, 1234567890.12, '1234567890.12'],
  ])('turns %i cents into %d, serialized as %s', (cents, number, json) => {
    expect(centsToQbo(cents)).toBe(number);
    expect(JSON.stringify(centsToQbo(cents))).toBe(json);
  });

  it('refuses fractions of a cent and unsafe integers', () => {
    expect(() => centsToQbo(1.5)).toThrow(TypeError);
    expect(() => centsToQbo(Number.NaN)).toThrow(TypeError);
    expect(() => centsToQbo(2 ** 53)).toThrow(TypeError);
  });

  it('refuses amounts too large to stay exact in a JSON number', () => {
    expect(centsToQbo(MAX_QBO_CENTS)).toBe(9999999999999.99);
    expect(() => centsToQbo(MAX_QBO_CENTS + 1)).toThrow(RangeError);
  });

  it('never produces more than two decimals in JSON', () => {
    const random = seededRandom(7);
    for (let i = 0; i < 5_000; i++) {
      const cents = Math.floor((random() - 0.5) * 2e12);
      expect(JSON.stringify(centsToQbo(cents))).toMatch(/^-?\d+(\.\d{1,2})?$/);
    }
  });
});

describe('qboToCents', () => {
  it.each([
    ['37.50', 3750],
    ['37.5', 3750],
    [37.5, 3750],
    ['-3.00', -300],
    [0.07, 7],
    [1234.56, 123456],
    ['0', 0],
    ['-0.00', 0],
    [174.61, 17461],
  ] as const)('reads %s as %i cents', (value, cents) => {
    expect(qboToCents(value)).toBe(cents);
  });

  it('gives 0, never -0, for negative zero', () => {
    expect(Object.is(qboToCents('-0.00'), 0)).toBe(true);
    expect(Object.is(qboToCents(-0), 0)).toBe(true);
  });

  it.each([
    ['more than two decimals', '1.005'],
    ['a float artefact', 0.1 + 0.2],
    ['NaN', Number.NaN],
    ['Infinity', Number.POSITIVE_INFINITY],
    ['thousands separators', '1,234.56'],
    ['an exponent', '1e3'],
    ['an empty string', ''],
    ['surrounding spaces', ' 1.00'],
    ['a bare decimal point', '1.'],
    ['a currency sign', '$5.00'],
  ])('rejects %s', (_name, value) => {
    expect(() => qboToCents(value as number | string)).toThrow();
  });

  it('round-trips every cent amount between −10^9 and 10^9 it is given', () => {
    const random = seededRandom(2026);
    const samples = [-1_000_000_000, -1, 0, 1, 99, 100, 101, 999_999_999, 1_000_000_000];
    for (let i = 0; i < 20_000; i++) samples.push(Math.round((random() * 2 - 1) * 1_000_000_000));
    const broken = samples.filter(
      (cents) =>
        qboToCents(centsToQbo(cents)) !== cents ||
        qboToCents(centsToDecimalString(cents)) !== cents ||
        qboToCents(JSON.parse(JSON.stringify(centsToQbo(cents))) as number) !== cents,
    );
    expect(broken).toEqual([]);
  });

  it('round-trips every amount from −$10.00 to $10.00 cent by cent', () => {
    for (let cents = -1000; cents <= 1000; cents++) expect(qboToCents(centsToQbo(cents))).toBe(cents);
  });
});

describe('decimal strings for people', () => {
  it('writes two decimals and a dollar sign', () => {
    expect(centsToDecimalString(14250)).toBe('142.50');
    expect(centsToDecimalString(-5)).toBe('-0.05');
    expect(formatDollars(17461)).toBe('$174.61');
    expect(formatDollars(-1256)).toBe('-$12.56');
  });
});

describe('quantities', () => {
  it('turns thousandths into a QuickBooks Qty exactly', () => {
    expect(quantityMilliToQbo(1500)).toBe(1.5);
    expect(quantityMilliToQbo(1333)).toBe(1.333);
    expect(quantityMilliToQbo(1000)).toBe(1);
    expect(quantityMilliToQbo(5)).toBe(0.005);
  });

  it('reads a QuickBooks Qty back into thousandths and rejects finer ones', () => {
    expect(qboToQuantityMilli(1.5)).toBe(1500);
    expect(qboToQuantityMilli('0.005')).toBe(5);
    expect(() => qboToQuantityMilli(1.0005)).toThrow(RangeError);
  });

  it('round-trips quantities', () => {
    const random = seededRandom(3);
    for (let i = 0; i < 5_000; i++) {
      const milli = Math.floor(random() * 10_000_000);
      expect(qboToQuantityMilli(quantityMilliToQbo(milli))).toBe(milli);
    }
  });

  it('rounds quantity × unit price to the cent half away from zero, in integers', () => {
    expect(lineProductCents(1500, 9500)).toBe(14250);
    // 1.333 × 95 is 126.63499… as a binary float; exactly it is 126.635, which rounds up.
    expect(lineProductCents(1333, 9500)).toBe(12664);
    expect(lineProductCents(1333, -9500)).toBe(-12664);
    expect(lineProductCents(333, 1)).toBe(0); // 0.333 cents
    expect(lineProductCents(500, 1)).toBe(1); // half a cent rounds away from zero
  });

  it('knows when Qty and UnitPrice round to the line amount', () => {
    expect(quantityFitsAmount(1500, 9500, 14250)).toBe(true);
    expect(quantityFitsAmount(1333, 9500, 12664)).toBe(true);
    expect(quantityFitsAmount(1333, 9500, 12663)).toBe(false); // a cent off: some other rounding rule
    expect(quantityFitsAmount(1000, 3840, 3840)).toBe(true);
  });
});
