import { describe, expect, it } from 'vitest';
import { daysUntil, formatCount, formatDate, formatMoney } from './format.ts';

describe('formatting by the tenant locale', () => {
  it('formats integer cents in the tenant currency and locale', () => {
    expect(formatMoney(123450, 'en-US', 'USD')).toBe('$1,234.50');
    expect(formatMoney(123450, 'es-MX', 'MXN')).toBe('$1,234.50');
    expect(formatMoney(123450, 'es-ES', 'EUR')).toMatch(/1234,50\s€/);
  });

  it('formats counts and dates with Intl', () => {
    expect(formatCount(1284, 'en-US')).toBe('1,284');
    expect(formatDate('2026-10-03T15:24:00.000Z', 'es-MX')).toMatch(/octubre de 2026/);
  });

  it('counts whole days up to an expiry, never below zero', () => {
    const now = new Date('2026-01-01T00:00:00.000Z');
    expect(daysUntil('2026-01-03T00:00:00.000Z', now)).toBe(2);
    expect(daysUntil('2025-12-01T00:00:00.000Z', now)).toBe(0);
  });
});
