/**
 * Months as the books see them: `YYYY-MM` → first and last calendar day, and "last month" in the company's own
 * time zone (an admin in Los Angeles reconciling at 5 pm on March 31 is still in March, though UTC is in April).
 */
import { addCalendarDays } from './business-days.ts';

export interface MonthPeriod {
  start: string;
  end: string;
}

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

export function monthPeriod(month: string): MonthPeriod {
  const m = MONTH.exec(month);
  if (!m) throw new RangeError(`"${month}" is not a YYYY-MM month`);
  const year = Number(m[1]);
  const index = Number(m[2]);
  const next = index === 12 ? `${year + 1}-01-01` : `${year}-${String(index + 1).padStart(2, '0')}-01`;
  return { start: `${month}-01`, end: addCalendarDays(next, -1) };
}

export function previousMonth(month: string): string {
  return addCalendarDays(monthPeriod(month).start, -1).slice(0, 7);
}

/** The calendar date at `epochMs` in an IANA time zone (an unknown zone falls back to UTC). */
export function dateInTimeZone(epochMs: number, timeZone: string): string {
  let format: Intl.DateTimeFormat;
  try {
    format = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    });
  } catch {
    format = new Intl.DateTimeFormat('en-CA', {
      timeZone: 'UTC',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    });
  }
  const parts = Object.fromEntries(format.formatToParts(epochMs).map((p) => [p.type, p.value]));
  return `${parts.year}-${parts.month}-${parts.day}`;
}

/** True when the zone is one Intl knows (QuickBooks' DefaultTimeZone is an IANA name). */
export function isKnownTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return true;
  } catch {
    return false;
  }
}

/** The month before the one `epochMs` falls in, in the company's time zone: the default month to reconcile. */
export function lastMonthIn(epochMs: number, timeZone: string): string {
  return previousMonth(dateInTimeZone(epochMs, timeZone).slice(0, 7));
}

/** True when `date` (YYYY-MM-DD) lies in the period, ends included. */
export function inPeriod(date: string, period: MonthPeriod): boolean {
  return date >= period.start && date <= period.end;
}
