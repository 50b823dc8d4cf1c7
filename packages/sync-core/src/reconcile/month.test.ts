import { describe, expect, it } from 'vitest';
import { dateInTimeZone, inPeriod, lastMonthIn, monthPeriod, previousMonth } from './month.ts';

describe('months', () => {
  it('knows each month’s last day, February of a leap year included', () => {
    expect(monthPeriod('2026-05')).toEqual({ start: '2026-05-01', end: '2026-05-31' });
    expect(monthPeriod('2028-02')).toEqual({ start: '2028-02-01', end: '2028-02-29' });
    expect(monthPeriod('2026-12')).toEqual({ start: '2026-12-01', end: '2026-12-31' });
    expect(() => monthPeriod('2026-13')).toThrow(RangeError);
  });

  it('steps back over a year end', () => {
    expect(previousMonth('2027-01')).toBe('2026-12');
    expect(previousMonth('2026-06')).toBe('2026-05');
  });

  it('defaults to last month in the company’s time zone, not UTC', () => {
    // 2026-06-01T03:00Z is still May 31 in Los Angeles: last month there is April.
    const at = Date.UTC(2026, 5, 1, 3, 0, 0);
    expect(dateInTimeZone(at, 'America/Los_Angeles')).toBe('2026-05-31');
    expect(lastMonthIn(at, 'America/Los_Angeles')).toBe('2026-04');
    expect(lastMonthIn(at, 'UTC')).toBe('2026-05');
    expect(lastMonthIn(at, 'Not/AZone')).toBe('2026-05');
  });

  it('includes both ends of the period', () => {
    const may = monthPeriod('2026-05');
    expect(inPeriod('2026-05-01', may)).toBe(true);
    expect(inPeriod('2026-05-31', may)).toBe(true);
    expect(inPeriod('2026-06-01', may)).toBe(false);
  });
});
