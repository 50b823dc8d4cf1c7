import { describe, expect, it } from 'vitest';
import { addCalendarDays, businessDaysBetween, isBusinessDay, withinDepositWindow } from './business-days.ts';

// May 2026: Friday the 1st, Monday the 4th, Memorial Day Monday the 25th.
describe('business days between a payout and its deposit', () => {
  it('counts weekdays after the earlier date up to the later one', () => {
    expect(businessDaysBetween('2026-05-04', '2026-05-04')).toBe(0);
    expect(businessDaysBetween('2026-05-04', '2026-05-06')).toBe(2);
    expect(businessDaysBetween('2026-05-04', '2026-05-07')).toBe(3);
  });

  it('skips the weekend: Friday to Monday is one business day', () => {
    expect(businessDaysBetween('2026-05-01', '2026-05-04')).toBe(1);
    expect(businessDaysBetween('2026-05-01', '2026-05-05')).toBe(2);
    expect(businessDaysBetween('2026-05-02', '2026-05-03')).toBe(0);
  });

  it('is symmetric: a deposit dated before the arrival counts the same', () => {
    expect(businessDaysBetween('2026-05-06', '2026-05-04')).toBe(2);
  });

  it('skips bank holidays', () => {
    const holidays = new Set(['2026-05-25']);
    expect(businessDaysBetween('2026-05-22', '2026-05-26')).toBe(2);
    expect(businessDaysBetween('2026-05-22', '2026-05-26', holidays)).toBe(1);
    expect(isBusinessDay('2026-05-25', holidays)).toBe(false);
    expect(isBusinessDay('2026-05-23')).toBe(false);
  });

  it('allows 2 business days, not 3', () => {
    expect(withinDepositWindow('2026-05-01', '2026-05-05')).toBe(true);
    expect(withinDepositWindow('2026-05-01', '2026-05-06')).toBe(false);
  });

  it('crosses month and year ends, leap days included', () => {
    expect(businessDaysBetween('2026-12-31', '2027-01-04')).toBe(2);
    expect(addCalendarDays('2028-02-28', 1)).toBe('2028-02-29');
  });

  it('refuses dates that are not calendar dates', () => {
    expect(() => businessDaysBetween('2026-02-30', '2026-03-02')).toThrow(RangeError);
    expect(() => businessDaysBetween('05/01/2026', '2026-05-04')).toThrow(RangeError);
  });
});
